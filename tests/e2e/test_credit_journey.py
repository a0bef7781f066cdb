"""The agency head's credit platform pages in a browser: sets the agency's receiving address, sees the delivery
log with the failed attempt, downloads the 双公示 file; at 1280 px and on a phone (390 px), no sideways scroll."""

from __future__ import annotations

import io

import openpyxl
from django.core.management import call_command
from tests.cases.conftest import store, world  # noqa: F401  (fixtures)
from tests.e2e.layout import fits
from tests.publicity.conftest import decided, person_party, reviewer  # noqa: F401  (fixtures)
from tests.publicity.test_credit import published

from zhifa.publicity.models import PENALTY_FIELDS


def test_the_head_sets_the_address_reads_the_log_and_downloads_the_file(world, decided, reviewer,  # noqa: F811
                                                                        new_page, sign_in, live_server, shot):
    published(decided, reviewer)
    for width in (1280, 390):
        page = sign_in(new_page(width=width), "nr_head")
        page.goto(f"{live_server.url}/publicity/")
        page.get_by_role("link", name="信用信息报送（双公示导出、推送记录）").click()
        page.get_by_role("link", name="设置接收地址").click()
        page.get_by_label("接收地址").fill("http://127.0.0.1:9/api/sgs")  # nothing listens on port 9
        page.get_by_role("button", name="保存").click()
        assert "接收地址已保存" in page.content() and fits(page)
        shot(page, f"credit-{width}")
        with page.expect_download() as download:
            page.get_by_role("button", name="导出 Excel").click()
        with open(download.value.path(), "rb") as f:  # a download's path has no .xlsx ending for openpyxl to go by
            rows = list(openpyxl.load_workbook(f).active.iter_rows(values_only=True))
        assert rows[0] == PENALTY_FIELDS and len(rows) == 2
        page.get_by_role("link", name="设置接收地址").click()
        assert fits(page)
        shot(page, f"credit-endpoint-{width}")
        call_command("worker", "--once", stdout=io.StringIO())
        page.goto(f"{live_server.url}/publicity/credit/deliveries/")
        page.locator("details summary").first.click()
        assert "无法连接信用平台" in page.content() and fits(page)
        shot(page, f"credit-deliveries-{width}")
