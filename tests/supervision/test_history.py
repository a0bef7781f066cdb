"""The chart of the last twelve weeks: open, 临期 and 逾期 at the same moment of each week, derived from the
obligation rows (created, met, waived, paused), drawn as inline SVG with the numbers as a table too."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.core.test_csp import findings
from tests.supervision.conftest import NOW, at

from zhifa.agencies.rules import RENEWAL_RULE
from zhifa.obligations import actions
from zhifa.obligations.access import obligations_in_reach
from zhifa.obligations.models import ObligationState
from zhifa.supervision.chart import svg, tick_step
from zhifa.supervision.queries import Point, history

REGION = reverse("supervision:region")

# The moments are NOW (Monday 2026-11-02 10:00) and the eleven Mondays before it, at 10:00.
# (open, due soon, late), worked out by hand from the cast below:
EXPECTED = {
    "08-17": (0, 0, 0), "08-24": (0, 0, 0), "08-31": (0, 0, 0),   # nothing created yet (B on 09-01)
    "09-07": (1, 0, 0), "09-14": (2, 0, 0), "09-21": (2, 0, 0),   # B; then E (09-10), both before warning
    "09-28": (2, 2, 0),                                            # B warned 09-23, E warned 09-24
    "10-05": (3, 0, 2),                                            # A opened 10-01; B, E past due
    "10-12": (2, 0, 0),                                            # B met 10-10; E paused 10-08
    "10-19": (3, 1, 0),                                            # A warned 10-13; C opened 10-15
    "10-26": (3, 0, 1),                                            # A past due 10-20
    "11-02": (2, 0, 1),                                            # C waived 10-28
}


@pytest.fixture
def named_cast(cast, oblige):
    a = oblige(cast.nr_team, title="A", created_at=at(10, 1), warn=at(10, 13), due=at(10, 20))
    b = oblige(cast.nr_team, title="B", created_at=at(9, 1), warn=at(9, 23), due=at(9, 30),
               state=ObligationState.MET, met_at=at(10, 10))
    c = oblige(cast.nr_legal, title="C", created_at=at(10, 15), warn=at(12, 24), due=at(12, 31))
    with time_machine.travel(at(10, 28, 12), tick=False):
        actions.waive(actor=cast.u_head, obligation=c, reason="案件移送公安机关")
    d = oblige(cast.nr_team, title="D", rule=RENEWAL_RULE, created_at=at(8, 1), warn=at(5, 2, year=2029),
               due=at(6, 1, year=2029))  # a renewal reminder years ahead: never counted in these weeks
    e = oblige(cast.zj_unit, title="E", created_at=at(9, 10), warn=at(9, 24), due=at(10, 1),
               state=ObligationState.PAUSED, paused_at=at(10, 8))
    f = oblige(cast.ly_nr, title="F", created_at=at(9, 1), warn=at(9, 2), due=at(9, 3))  # outside the region
    return {"A": a, "B": b, "C": c, "D": d, "E": e, "F": f}


def as_table(points: list[Point]) -> dict[str, tuple[int, int, int]]:
    return {p.at.astimezone(NOW.tzinfo).strftime("%m-%d"): (p.open, p.due_soon, p.late) for p in points}


def test_history_counts_open_due_soon_and_late_each_week_from_the_rows(cast, named_cast):
    points = history(obligations_in_reach(cast.u_supervisor, "region.supervise"), NOW)
    assert as_table(points) == EXPECTED
    assert all(p.at.astimezone(NOW.tzinfo).time() == dt.time(10) for p in points)


def test_the_last_week_of_the_history_is_the_current_count(cast, login, named_cast):
    with time_machine.travel(NOW, tick=False):
        body = login(cast.u_supervisor).get(REGION).content.decode()
    # the summary cards: 正常 1 (E, paused), 临期 0, 逾期 1 (A); and the chart's last row says the same
    assert re.findall(r'class="count badge (green|yellow|red)" href="/supervision/items/\?state=\w+">(\d+)<', body) == [
        ("green", "1"), ("yellow", "0"), ("red", "1")]
    assert "<tr><th scope=\"row\">2026-11-02</th><td>2</td><td>1</td><td>0</td><td>1</td></tr>" in body


def test_the_region_page_shows_the_chart_as_svg_and_its_numbers_as_a_table(cast, login, named_cast):
    with time_machine.travel(NOW, tick=False):
        body = login(cast.u_supervisor).get(REGION).content.decode()
    chart = re.search(r"<svg class=\"chart\".*?</svg>", body, re.S)
    assert chart and 'role="img"' in chart.group(0)
    assert 'aria-label="本区域近12周未结事项：本周未结2项，其中临期0项、逾期1项"' in chart.group(0)
    assert findings(chart.group(0)) == []  # no style attribute or script under the CSP
    for day, (open_, soon, late) in EXPECTED.items():
        assert f'<tr><th scope="row">2026-{day}</th><td>{open_}</td><td>{open_ - soon - late}</td>' \
               f'<td>{soon}</td><td>{late}</td></tr>' in body


def test_the_agency_page_charts_that_agency_only(cast, login, named_cast):
    with time_machine.travel(NOW, tick=False):
        body = login(cast.u_supervisor).get(reverse("supervision:agency", args=[cast.nr.pk])).content.decode()
    # 自然资源局 holds A, B and C; E is 住建局's
    assert '<tr><th scope="row">2026-10-05</th><td>2</td><td>1</td><td>0</td><td>1</td></tr>' in body
    assert '<tr><th scope="row">2026-11-02</th><td>1</td><td>0</td><td>0</td><td>1</td></tr>' in body


def test_chart_bars_are_stacked_to_the_open_count_on_a_round_axis():
    points = [Point(NOW - dt.timedelta(weeks=1), 7, 2, 1), Point(NOW, 0, 0, 0)]
    drawn = svg(points, label="测试")
    heights = [float(h) for h in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"',
                                            drawn)]
    # axis 0–8 (step 2) over 162 units: 4 normal, 2 due soon, 1 late; the legend's three squares follow
    assert heights[:3] == [81.0, 40.5, 20.2] and len(heights) == 6
    assert [tick_step(v) for v in (0, 4, 5, 8, 9, 20, 21, 1000, 1001)] == [1, 1, 2, 2, 5, 5, 10, 500, 500]


def _region_queries(cast, client, oblige, n: int) -> int:
    for i in range(n):
        ob = oblige([cast.nr_team, cast.zj_unit][i % 2], due=at(10, 1 + i % 28), created_at=at(9, 1 + i % 28))
        if i % 5 == 0:
            with time_machine.travel(at(10, 20), tick=False):
                actions.waive(actor=cast.u_admin, obligation=ob, reason="测试")
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as ctx:
        for url in (REGION, reverse("supervision:agency", args=[cast.nr.pk])):
            assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_region_and_agency_pages_query_count_does_not_grow_with_the_obligations(cast, login, oblige):
    client = login(cast.u_supervisor)
    assert _region_queries(cast, client, oblige, 5) == _region_queries(cast, client, oblige, 50)
