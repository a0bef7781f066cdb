"""The statistics in a real browser, on a desktop and on a phone: the 司法局 reads its region's first half (table,
charts, no sideways scroll), and the agency head reports its figures with the page's button."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.e2e.layout import fits
from tests.stats.conftest import case_act

from zhifa.statistics.models import Report
from zhifa.workdays.calendar import SHANGHAI

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [1280, 390])
def test_the_region_s_figures_and_the_agency_s_report(live_server, cast, new_page, sign_in, shot, time_machine,
                                                       width):
    time_machine.move_to(dt.datetime(2026, 5, 20, 10, 0, tzinfo=SHANGHAI), tick=True)
    for agency, kind, n in ((cast.nr, "case.decided", 3), (cast.nr, "case.inspection_concluded", 5),
                            (cast.zj, "case.licence_decided", 4), (cast.zj, "case.decided", 1)):
        for i in range(n):  # each decision in a case of its own (counted once per case)
            case_act(cast, agency, kind, cast.node(agency, "unit", f"{kind}-{i}"))
    time_machine.move_to(dt.datetime(2026, 7, 3, 10, 0, tzinfo=SHANGHAI), tick=True)

    page = new_page(width=width)
    sign_in(page, "as_supervisor")
    page.goto(f"{live_server.url}/statistics/?year=2026&half=h1")
    assert page.locator("h1").inner_text() == "行政执法统计"
    nr = page.locator("tr", has_text="鞍山市自然资源局").first
    assert nr.locator("td[data-label='执法决定·行政处罚']").inner_text() == "3"
    assert nr.locator("td[data-label='执法决定·行政检查']").inner_text() == "5"
    assert page.locator("svg.chart").count() == 2
    assert fits(page)
    shot(page, f"statistics-region-{width}")
    assert page.get_by_role("button", name="报送2026年上半年数据").count() == 0  # the 司法局 reads only

    head = new_page(width=width)
    sign_in(head, "nr_head")
    head.goto(f"{live_server.url}/statistics/?year=2026&half=h1")
    head.get_by_role("button", name="报送2026年上半年数据").click()
    head.wait_for_load_state()
    assert "行政执法统计数据已报送" in head.content()
    assert fits(head)
    shot(head, f"statistics-reported-{width}")
    assert Report.objects.get(agency=cast.nr, year=2026, half="h1").figures["counters"][1]["value"] == 3
