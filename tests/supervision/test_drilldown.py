"""区域监督 drills down: region → 执法主体 → 内设机构 → the items, each count a link to the items it counts; a
supervisor reaches nothing outside its region (404, as for a missing one)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.urls import reverse
from tests.supervision.conftest import NOW, at

from zhifa.agencies import actions as agency_actions
from zhifa.agencies.models import ActionKind
from zhifa.supervision.queries import Filters, counts_by_agency

REGION = reverse("supervision:region")
ITEMS = reverse("supervision:items")


def links(body: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', body)]


def cells(body: str, row_id: str) -> list[str]:
    m = re.search(rf'<tr id="{row_id}">(.*?)</tr>', body, re.S)
    assert m, f"no row {row_id}"
    return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", m.group(1), re.S)]


@pytest.fixture
def nr_items(cast, oblige):
    """鞍山自然资源局: one late item in 执法监察支队 (张伟's), one due soon in 法规科, one on the agency itself."""
    return {
        "late": oblige(cast.nr_team, due=at(10, 30), title="现场检查记录补录", assignee=cast.u_officer,
                       rule="REC-10", basis="REC-10 音像记录移交：24小时内移交"),
        "soon": oblige(cast.nr_legal, due=at(11, 3), title="法制审核意见"),
        "own": oblige(cast.nr, due=at(10, 1), title="机关本级逾期事项"),
        "zj": oblige(cast.zj_unit, due=at(12, 30), title="住建局正常事项"),
        "ly": oblige(cast.ly_nr, due=at(10, 1), title="辽阳逾期事项"),
    }


def test_region_lists_each_agency_with_counts_that_lead_to_its_items(cast, login, nr_items):
    with time_machine.travel(NOW, tick=False):
        body = login(cast.u_supervisor).get(REGION).content.decode()
    assert cells(body, f"agency-{cast.nr.pk}")[5:] == ["0", "1", "2"]
    assert cells(body, f"agency-{cast.zj.pk}")[5:] == ["1", "0", "0"]
    found = links(body)
    assert reverse("supervision:agency", args=[cast.nr.pk]) in found
    assert f"{ITEMS}?agency={cast.nr.pk}&state=red" in found
    assert f"{ITEMS}?agency={cast.zj.pk}&state=green" in found
    assert "辽阳" not in body


def test_agency_page_lists_its_units_and_its_own_level_with_counts(cast, login, nr_items):
    with time_machine.travel(NOW, tick=False):
        body = login(cast.u_supervisor).get(reverse("supervision:agency", args=[cast.nr.pk])).content.decode()
    assert cells(body, f"unit-{cast.nr_team.pk}") == ["执法监察支队", "1", "0", "0", "1"]
    assert cells(body, f"unit-{cast.nr_legal.pk}") == ["法规科", "1", "0", "1", "0"]
    assert cells(body, f"unit-{cast.nr.pk}") == ["机关本级", "1", "0", "0", "1"]
    found = links(body)
    assert f"{ITEMS}?agency={cast.nr.pk}&unit={cast.nr_team.pk}&state=red" in found
    assert f"{ITEMS}?agency={cast.nr.pk}&unit={cast.nr_team.pk}" in found
    # the breadcrumb leads back to the region and ends with this page
    assert re.search(rf'<a href="{REGION}">区域监督</a> › <span aria-current="page">{cast.nr.name}</span>', body)


def test_a_unit_count_leads_to_its_items_with_rule_in_words_and_people_by_name(cast, login, nr_items):
    with time_machine.travel(NOW, tick=False):
        client = login(cast.u_supervisor)
        body = client.get(ITEMS, {"agency": cast.nr.pk, "unit": cast.nr_team.pk, "state": "red"}).content.decode()
    row = cells(body, f"ob-{nr_items['late'].pk}")
    assert row == ["逾期", "现场检查记录补录", "执法监察支队", "2026-10-30 00:00",
                   "音像记录移交 音像记录移交：24小时内移交",
                   "鞍山市自然资源局 执法监察支队", "张伟"]
    assert "REC-10" not in body and "zhangwei" not in body
    for other in ("soon", "own", "zj", "ly"):
        assert f'id="ob-{nr_items[other].pk}"' not in body
    assert re.search(rf'<a href="{REGION}">区域监督</a> › <a href="{reverse("supervision:agency", args=[cast.nr.pk])}">'
                     rf'{cast.nr.name}</a> › 执法监察支队 › <span aria-current="page">期限事项</span>', body)


def test_the_agency_own_level_lists_only_what_is_not_in_a_unit(cast, login, nr_items):
    with time_machine.travel(NOW, tick=False):
        body = login(cast.u_supervisor).get(ITEMS, {"agency": cast.nr.pk, "unit": cast.nr.pk}).content.decode()
    assert f'id="ob-{nr_items["own"].pk}"' in body
    assert f'id="ob-{nr_items["late"].pk}"' not in body and f'id="ob-{nr_items["soon"].pk}"' not in body
    assert "机关本级 › " in body


@pytest.mark.parametrize("params", [
    {"agency": "ly_nr"}, {"unit": "ly_nr"}, {"agency": "nr", "unit": "zj_unit"}, {"agency": "nr", "unit": "zj"},
    {"agency": "anshan"}, {"agency": "999999999"}, {"unit": "1" * 30}, {"agency": "鞍山"},
])
def test_items_of_an_agency_or_unit_outside_the_region_or_missing_are_404(cast, login, params):
    query = {k: getattr(cast, v).pk if hasattr(cast, v) else v for k, v in params.items()}
    assert login(cast.u_supervisor).get(ITEMS, query).status_code == 404
    assert login(cast.u_supervisor).get(reverse("supervision:export"), query).status_code == 404


@pytest.mark.parametrize("agency", ["ly_nr", "nr_team", "anshan"])
def test_agency_page_outside_the_region_or_not_an_agency_is_404(cast, login, agency):
    url = reverse("supervision:agency", args=[getattr(cast, agency).pk])
    assert login(cast.u_supervisor).get(url).status_code == 404


@pytest.mark.parametrize("who", ["u_officer", "u_head", "u_ly_head"])
def test_users_without_region_supervision_are_refused_every_page(cast, login, who):
    client = login(getattr(cast, who))
    for url in (reverse("supervision:agency", args=[cast.nr.pk]), ITEMS, reverse("supervision:export")):
        assert client.get(url).status_code == 403


def test_counts_by_agency_gives_red_yellow_green_and_links_in_two_queries(cast, nr_items, oblige,
                                                                         django_assert_num_queries):
    cast.u_supervisor.refresh_from_db()
    counts_by_agency(cast.u_supervisor, NOW)  # the user's grants are read once and remembered
    with django_assert_num_queries(2):
        rows = counts_by_agency(cast.u_supervisor, NOW)
    by_agency = {r.agency: (r.red, r.yellow, r.green) for r in rows}
    assert by_agency == {cast.sfj: (0, 0, 0), cast.nr: (2, 1, 0), cast.zj: (0, 0, 1)}
    nr = next(r for r in rows if r.agency == cast.nr)
    assert nr.red_url == f"{ITEMS}?agency={cast.nr.pk}&state=red"
    assert nr.yellow_url == f"{ITEMS}?agency={cast.nr.pk}&state=yellow"
    # a period narrows the counts, and the links keep it
    period = Filters(due_from=dt.date(2026, 10, 30), due_to=dt.date(2026, 11, 30))
    nr = next(r for r in counts_by_agency(cast.u_supervisor, NOW, period) if r.agency == cast.nr)
    assert (nr.red, nr.yellow, nr.green) == (1, 1, 0)
    assert nr.red_url == f"{ITEMS}?agency={cast.nr.pk}&state=red&due_from=2026-10-30&due_to=2026-11-30"
    for i in range(20):
        oblige(cast.zj_unit, due=at(12, 1 + i))
    with django_assert_num_queries(2):
        counts_by_agency(cast.u_supervisor, NOW)


# ---------------------------------------------------------------- the defects found


def test_a_renewal_reminder_years_ahead_is_not_counted_until_its_warning_time(cast, login):
    """Before: the region counted every open renewal reminder as 正常, years before anyone could act on it."""
    agency_actions.issue_credential(
        actor=cast.u_admin, officer=cast.liu, number="21039999", issuing_body="辽宁省人民政府",
        action_kinds=[ActionKind.INSPECTION], domains=[cast.d_zj], areas=[cast.anshan],
        valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2030, 12, 31))
    with time_machine.travel(NOW, tick=False):
        client = login(cast.u_supervisor)
        body = client.get(REGION).content.decode()
        listed = client.get(ITEMS, {"agency": cast.zj.pk}).content.decode()
    assert cells(body, f"agency-{cast.zj.pk}")[5:] == ["0", "0", "0"]
    assert "共 0 项" in listed and "21039999" not in listed
    with time_machine.travel(dt.datetime(2030, 11, 10, 10, tzinfo=NOW.tzinfo), tick=False):  # due 12-01, warned 11-01
        body = login(cast.u_supervisor).get(REGION).content.decode()  # a new session, years later
    assert cells(body, f"agency-{cast.zj.pk}")[5:] == ["0", "1", "0"]


def test_an_agency_without_officers_does_not_read_as_meeting_the_reviewer_ratio(cast, login):
    """Before: 司法局, with no officers, read 符合 on the region page and 达到 5% on its own page."""
    with time_machine.travel(NOW, tick=False):
        region = login(cast.u_supervisor).get(REGION).content.decode()
        agency = login(cast.u_supervisor).get(reverse("supervision:agency", args=[cast.sfj.pk])).content.decode()
        detail = login(cast.u_admin).get(reverse("agency_detail", args=[cast.sfj.pk])).content.decode()
    assert cells(region, f"agency-{cast.sfj.pk}")[4] == "— 无执法人员，不适用"
    for body in (agency, detail):
        assert "无执法人员，不适用" in body
        assert "达到 5%" not in body and ">符合<" not in body


def test_the_region_page_names_the_reviewer_rule_in_words_not_by_code(cast, login):
    """Before: the page read “（REV-11）”."""
    with time_machine.travel(NOW, tick=False):
        body = login(cast.u_supervisor).get(REGION).content.decode()
    assert "REV-11" not in body
    assert "法制审核人员配备：原则上各级行政执法机关的法制审核人员不少于本单位执法人员总数的5%" in body
    assert "国办发〔2018〕118号" in body
