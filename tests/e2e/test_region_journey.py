"""A supervisor drills from a red count to the late item, on a desktop and on a phone, in a real browser:
region → 执法主体 → 内设机构 → the item, and the export of what is listed."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone
from tests.e2e.layout import fits

from zhifa.obligations.actions import ensure_obligation
from zhifa.obligations.models import PeriodUnit

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [1280, 390])
def test_supervisor_drills_from_a_red_count_to_the_late_item(live_server, cast, new_page, sign_in, shot, width):
    now = timezone.now()
    ensure_obligation(agency=cast.nr_team, subject=cast.nr_team, rule="REC-10", title="现场检查音像记录逾期未移交",
                      due_at=now - dt.timedelta(days=2), warn_from=now - dt.timedelta(days=3),
                      unit=PeriodUnit.HOUR, assignee=cast.u_officer)
    ensure_obligation(agency=cast.nr_legal, subject=cast.nr_legal, rule="REV-02", title="法制审核意见",
                      due_at=now + dt.timedelta(days=20), warn_from=now + dt.timedelta(days=18),
                      unit=PeriodUnit.HOUR)
    page = new_page(width=width)
    sign_in(page, "as_supervisor")
    page.goto(f"{live_server.url}/supervision/")
    assert fits(page)
    shot(page, f"supervisor-region-{width}")

    row = page.locator(f"#agency-{cast.nr.pk}")
    row.get_by_role("link", name=f"{cast.nr.name}逾期事项 1 项").click()
    page.wait_for_url(f"**/supervision/items/?agency={cast.nr.pk}&state=red")
    assert page.locator("h1").inner_text() == "鞍山市自然资源局逾期事项"
    titles = page.locator("td[data-label='应办事项']").all_inner_texts()
    assert titles == ["现场检查音像记录逾期未移交"], titles
    assert page.locator("td[data-label='责任人']").inner_text() == "张伟"
    assert fits(page)
    shot(page, f"supervisor-region-items-{width}")

    page.get_by_role("link", name=cast.nr.name).first.click()  # the breadcrumb, up to the agency
    page.wait_for_url(f"**/supervision/agencies/{cast.nr.pk}/")
    page.locator(f"#unit-{cast.nr_team.pk}").get_by_role("link", name="执法监察支队逾期事项 1 项").click()
    page.wait_for_url(f"**/supervision/items/?agency={cast.nr.pk}&unit={cast.nr_team.pk}&state=red")
    assert page.locator("td[data-label='应办事项']").all_inner_texts() == ["现场检查音像记录逾期未移交"]
    assert fits(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    path = download.value.path()
    assert path is not None
    with open(path, "rb") as f:
        sheet = openpyxl.load_workbook(io.BytesIO(f.read()))["期限事项"]
    assert [c.value for c in sheet[2]][:3] == ["逾期", "现场检查音像记录逾期未移交", "执法监察支队"]
