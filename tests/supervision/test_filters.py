"""The items list's filters: agency, unit, state (逾期 / 临期 / 正常 / 已结束) and period (期限届满 or 生成日期),
each narrowing the list and the export alike; a refused value is shown beside its field and not applied."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.supervision.conftest import NOW, at

from zhifa.obligations.models import ObligationState

ITEMS = reverse("supervision:items")


@pytest.fixture
def cast_items(cast, oblige):
    """One of each colour in 鞍山自然资源局's 执法监察支队, a met one, and one in 住建局."""
    return {
        "red": oblige(cast.nr_team, due=at(10, 20), title="甲逾期", created_at=at(10, 1)),
        "yellow": oblige(cast.nr_team, due=at(11, 3), title="乙临期", created_at=at(10, 15)),
        "green": oblige(cast.nr_team, due=at(11, 30), title="丙正常", created_at=at(10, 28)),
        "grey": oblige(cast.nr_team, due=at(10, 25), title="丁已完成", created_at=at(10, 2),
                       state=ObligationState.MET, met_at=at(10, 24)),
        "zj": oblige(cast.zj_unit, due=at(11, 20), title="戊住建", created_at=at(10, 20)),
    }


def listed(client, **params) -> list[str]:
    with time_machine.travel(NOW, tick=False):
        response = client.get(ITEMS, params)
    assert response.status_code == 200, response.status_code
    return re.findall(r'<td data-label="应办事项">([^<]+)</td>', response.content.decode())


@pytest.mark.parametrize("state, titles", [
    ("", ["甲逾期", "乙临期", "戊住建", "丙正常"]),
    ("warned", ["甲逾期", "乙临期"]),
    ("red", ["甲逾期"]),
    ("yellow", ["乙临期"]),
    ("green", ["戊住建", "丙正常"]),
    ("grey", ["丁已完成"]),
])
def test_state_filter_lists_that_colour_soonest_due_first(cast, login, cast_items, state, titles):
    assert listed(login(cast.u_supervisor), state=state) == titles


def test_agency_and_unit_filters(cast, login, cast_items):
    client = login(cast.u_supervisor)
    assert listed(client, agency=cast.zj.pk) == ["戊住建"]
    assert listed(client, agency=cast.nr.pk) == ["甲逾期", "乙临期", "丙正常"]
    assert listed(client, agency=cast.nr.pk, unit=cast.nr_legal.pk) == []
    assert listed(client, unit=cast.nr_team.pk, state="red") == ["甲逾期"]  # the agency follows from the unit


@pytest.mark.parametrize("period, titles", [
    ({"due_from": "2026-11-01"}, ["乙临期", "戊住建", "丙正常"]),
    ({"due_to": "2026-11-03"}, ["甲逾期", "乙临期"]),  # the last day included
    ({"due_from": "2026-11-04", "due_to": "2026-11-29"}, ["戊住建"]),
    ({"created_from": "2026-10-15", "created_to": "2026-10-20"}, ["乙临期", "戊住建"]),
    ({"created_to": "2026-10-01"}, ["甲逾期"]),
])
def test_period_filters_by_due_date_or_creation_date_both_ends_included(cast, login, cast_items, period, titles):
    assert listed(login(cast.u_supervisor), **period) == titles


def test_a_refused_filter_is_shown_beside_its_field_and_not_applied(cast, login, cast_items):
    with time_machine.travel(NOW, tick=False):
        client = login(cast.u_supervisor)
        bad_date = client.get(ITEMS, {"due_from": "2026-13-01", "state": "red"})
        reversed_ = client.get(ITEMS, {"due_from": "2026-11-30", "due_to": "2026-11-01"})
        bad_state = client.get(ITEMS, {"state": "late"})
    assert bad_date.status_code == 422
    assert "期限届满自：日期格式应为 YYYY-MM-DD" in bad_date.content.decode()
    assert "甲逾期" in bad_date.content.decode() and "乙临期" not in bad_date.content.decode()  # state applied
    assert reversed_.status_code == 422 and "截止日期不能早于起始日期" in reversed_.content.decode()
    assert bad_state.status_code == 422 and "状态：" in bad_state.content.decode()


def test_the_filter_form_keeps_what_was_asked_and_offers_the_agency_units(cast, login, cast_items):
    with time_machine.travel(NOW, tick=False):
        body = login(cast.u_supervisor).get(ITEMS, {"agency": cast.nr.pk, "state": "yellow",
                                                    "due_from": "2026-10-01"}).content.decode()
    assert f'<option value="{cast.nr.pk}" selected>{cast.nr.name}</option>' in body
    assert '<option value="yellow" selected>临期</option>' in body
    assert 'name="due_from" value="2026-10-01"' in body
    assert f'<option value="{cast.nr_team.pk}">执法监察支队</option>' in body
    assert f'<option value="{cast.nr.pk}">机关本级</option>' in body
    assert cast.ly_nr.name not in body
    assert "乙临期" in body and "甲逾期" not in body
    export = re.search(r'href="(/supervision/items/export/[^"]*)"', body)
    assert export and export.group(1).replace("&amp;", "&") == (
        f"/supervision/items/export/?agency={cast.nr.pk}&state=yellow&due_from=2026-10-01")


def _items_queries(cast, client, oblige, n: int) -> int:
    for i in range(n):
        oblige([cast.nr_team, cast.nr_legal, cast.zj_unit][i % 3], due=at(10, 1 + i % 28),
               assignee=cast.u_officer)
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as ctx:
        response = client.get(ITEMS, {"agency": cast.nr.pk})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_items_page_query_count_does_not_grow_with_the_obligations(cast, login, oblige):
    client = login(cast.u_supervisor)
    assert _items_queries(cast, client, oblige, 5) == _items_queries(cast, client, oblige, 50)
