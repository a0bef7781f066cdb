"""The public in a real browser, at 1280 px and on a 390 px phone: a two-character name searched, the
publication opened, a correction applied for with a file, the application followed by its tracking number — no
sideways scroll, nothing the Content-Security-Policy refuses, every field reached by its label. Screenshots in
test-artifacts/screenshots/public-*.png."""

from __future__ import annotations

import re

import pytest
from tests.cases.conftest import investigated, store, world  # noqa: F401  (fixtures)
from tests.publicity.conftest import decided, person_party, reviewer  # noqa: F401  (fixtures)
from tests.publicity.test_corrections import PNG, published  # noqa: F401  (the fixture)

from zhifa.publicity.models import CorrectionRequest

pytestmark = pytest.mark.e2e


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_public_finds_a_publication_applies_for_a_correction_and_follows_it(
        live_server, published, new_page, shot, evidence_store, width):  # noqa: F811
    page = new_page(width=width, height=900)

    def seen(name: str) -> None:
        assert fits(page), f"{name} scrolls sideways at {width} px"
        shot(page, f"public-{name}-{width}")

    page.goto(f"{live_server.url}/portal/publications/")
    page.get_by_label("名称、统一社会信用代码或文书号").fill("王大")  # two characters of 王大山
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    seen("search")
    page.get_by_role("link", name="王大山").click()
    page.wait_for_url(f"{live_server.url}/portal/publications/{published.pk}/")
    assert page.locator("h1").inner_text() == "行政处罚信息公示：王大山"
    seen("publication")

    page.get_by_role("link", name="申请更正").click()
    page.wait_for_url(f"{live_server.url}/portal/publications/{published.pk}/correction/")
    page.get_by_label("申请人姓名或名称").fill("王大山")
    page.get_by_label("联系电话").fill("139-0412-5678")
    page.get_by_label("有误的内容").fill("违法行为类型公示有误")
    page.get_by_label("应更正为").fill("违法行为类型应为：未经批准占用土地")
    page.get_by_label("证明材料").set_input_files(files=[{"name": "证明.png", "mimeType": "image/png", "buffer": PNG}])
    seen("correction-form")
    page.get_by_role("button", name="提交更正申请").click()
    page.wait_for_url(re.compile(r"/portal/corrections/track/\?number="))
    req = CorrectionRequest.objects.get()
    assert f"查询号 {req.tracking}" in page.content() and "核实中" in page.content()
    seen("correction-sent")

    page = new_page(width=width, height=900)  # later, another browser: only the number is known
    page.goto(f"{live_server.url}/portal/corrections/track/")
    page.get_by_label("查询号").fill(req.tracking.lower())
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert page.locator("h2").inner_text() == f"查询号 {req.tracking}"
    assert "核实中" in page.content() and f"{req.due_on:%Y-%m-%d}前" in page.content()
    assert "139-0412-5678" not in page.content()  # nothing of the applicant's
    seen("track")
