"""The supervisor's region view: staffing against REV-11 and deadlines by colour, for its region only."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhifa.agencies.models import Officer, Person, Reviewer
from zhifa.obligations.actions import ensure_obligation
from zhifa.obligations.models import Obligation, ObligationState, PeriodUnit

CST = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 2, 10, 0, tzinfo=CST)
REGION = "/supervision/"
ITEMS = "/supervision/items/"


def make(cast, agency, rule, *, due_in: dt.timedelta, warn_before=dt.timedelta(days=2), title=None,
         subject=None):
    due = NOW + due_in
    return ensure_obligation(agency=agency, subject=subject or cast.zhang.credentials.first(), rule=rule,
                             title=title or f"{agency.name}{rule}", due_at=due, warn_from=due - warn_before,
                             unit=PeriodUnit.HOUR)


def reviewer(cast, name, unit, active=True):
    return Reviewer.objects.create(person=Person.objects.create(name=name), unit=unit, active=active)


def row(body: str, agency) -> list[str]:
    """The cells of an agency's row, as text."""
    m = re.search(rf'<tr id="agency-{agency.pk}">(.*?)</tr>', body, re.S)
    assert m, f"no row for {agency}"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", m.group(1), re.S)
    return [re.sub(r"<[^>]+>", " ", c).split() for c in cells]


def test_region_url_name_is_supervision_region():
    assert reverse("supervision:region") == REGION


@pytest.mark.parametrize("who", ["u_officer", "u_head", "u_ly_head"])
def test_users_without_region_supervise_are_refused(cast, login, who):
    assert login(getattr(cast, who)).get(REGION).status_code in (403, 404)


def test_anshan_supervisor_sees_anshan_agencies_and_not_liaoyang(cast, login):
    body = login(cast.u_supervisor).get(REGION).content.decode()
    for agency in (cast.sfj, cast.nr, cast.zj):
        assert f'id="agency-{agency.pk}"' in body
    assert f'id="agency-{cast.ly_nr.pk}"' not in body
    assert "辽阳市自然资源局" not in body
    assert f'id="agency-{cast.nr_team.pk}"' not in body  # internal units are counted in, not listed


def test_staffing_counts_active_officers_valid_credentials_and_reviewers_against_five_percent(cast, login):
    reviewer(cast, "孙丽", cast.nr_legal)
    reviewer(cast, "周退", cast.nr_legal, active=False)
    reviewer(cast, "辽阳审核", cast.ly_nr)
    Officer.objects.filter(pk=cast.li.pk).update(active=False)
    with time_machine.travel(NOW, tick=False):
        body = login(cast.u_supervisor).get(REGION).content.decode()
    # 鞍山自然资源局: 张伟、王强、赵敏 active (李娜 not); valid today: 张伟 only (王强 expired 10-14,
    # 赵敏 suspended); 1 reviewer of 3 officers = 33.3%, meets.
    assert row(body, cast.nr)[1:5] == [["3"], ["1"], ["1"], ["33.3%", "符合"]]
    # 住建局: 刘洋, no reviewer: 0.0%, does not meet.
    assert row(body, cast.zj)[1:5] == [["1"], ["1"], ["0"], ["0.0%", "不符合"]]
    # 司法局: no officers: the ratio does not apply, so it is neither met nor missed.
    assert row(body, cast.sfj)[1:5] == [["0"], ["0"], ["0"], ["—", "无执法人员，不适用"]]


def test_obligation_colours_are_counted_per_agency_and_red_and_yellow_are_listed(cast, login):
    cred = cast.zhang.credentials.first()
    make(cast, cast.nr_team, "GREEN", due_in=dt.timedelta(days=5))
    make(cast, cast.nr, "YELLOW", due_in=dt.timedelta(days=1))
    make(cast, cast.nr_team, "RED-OPEN", due_in=-dt.timedelta(seconds=1))
    late = make(cast, cast.nr, "RED-LATE", due_in=dt.timedelta(days=9))
    Obligation.objects.filter(pk=late.pk).update(state=ObligationState.LATE)
    paused = make(cast, cast.nr, "PAUSED", due_in=-dt.timedelta(days=1))
    Obligation.objects.filter(pk=paused.pk).update(state=ObligationState.PAUSED, paused_at=NOW)
    met = make(cast, cast.nr, "MET", due_in=-dt.timedelta(days=1))
    Obligation.objects.filter(pk=met.pk).update(state=ObligationState.MET)
    make(cast, cast.zj, "ZJ-RED", due_in=-dt.timedelta(days=1), subject=cred)
    make(cast, cast.ly_nr, "LY-RED", due_in=-dt.timedelta(days=1), subject=cred)

    with time_machine.travel(NOW, tick=False):
        client = login(cast.u_supervisor)
        body = client.get(REGION).content.decode()
        listed = client.get(ITEMS, {"state": "warned"}).content.decode()

    assert row(body, cast.nr)[5:] == [["2"], ["1"], ["2"]]  # green: GREEN + PAUSED
    assert row(body, cast.zj)[5:] == [["0"], ["0"], ["1"]]
    for title in ("YELLOW", "RED-OPEN", "RED-LATE", "ZJ-RED"):
        assert f"{title}</td>" in listed
    for title in ("GREEN", "PAUSED", "MET", "LY-RED"):
        assert f"{title}</td>" not in listed


def test_a_supervisor_sees_no_write_buttons_on_the_region_pages(cast, login):
    make(cast, cast.nr, "RED", due_in=-dt.timedelta(days=1))
    with time_machine.travel(NOW, tick=False):
        client = login(cast.u_supervisor)
        pages = [client.get(url).content.decode() for url in
                 (REGION, reverse("supervision:agency", args=[cast.nr.pk]), ITEMS)]
    assert "RED" in pages[2]
    for body in pages:
        forms = re.findall(r'<form[^>]*method="([^"]*)"[^>]*action="([^"]*)"', body)
        assert [action for method, action in forms if method != "get"] == [reverse("logout")]


def _region_queries(cast, client, n):
    """Add ``n`` agencies with an officer, a reviewer and obligations of each colour; count the queries."""
    for i in range(n):
        agency = cast.node(cast.tiedong, "agency", f"铁东区{n}批第{i}局")
        cast.officer(f"人员{agency.pk}", agency, number=f"9{agency.pk:07d}")
        reviewer(cast, f"审核{agency.pk}", agency)
        for rule, days in (("G", 5), ("Y", 1), ("R", -1)):
            make(cast, agency, rule, due_in=dt.timedelta(days=days), subject=agency)
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as ctx:
        response = client.get(REGION)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_region_query_count_does_not_grow_with_agencies_or_obligations(cast, login):
    client = login(cast.u_supervisor)
    assert _region_queries(cast, client, 2) == _region_queries(cast, client, 20)


def test_the_items_list_is_paged_and_counted(cast, login):
    for i in range(52):
        make(cast, cast.nr, f"R{i:02d}", due_in=-dt.timedelta(hours=100 - i))
    with time_machine.travel(NOW, tick=False):
        client = login(cast.u_supervisor)
        first = client.get(ITEMS, {"state": "red"}).content.decode()
        second = client.get(ITEMS, {"state": "red", "page": 2}).content.decode()
    assert "共 52 项" in first and "第 1 / 2 页" in first
    assert "R49</td>" in first and "R50</td>" not in first
    assert "R50</td>" in second and "R51</td>" in second
    assert 'href="?state=red&amp;page=2"' in first  # the pager keeps the filter
