"""The public in a real browser, at 1280 px and on a 390 px phone: one character refused (two are needed), a
two-character name searched, the publication opened, a correction applied for with a file, the application
followed by its tracking number — no sideways scroll, nothing the Content-Security-Policy refuses, every field
reached by its label. Screenshots in test-artifacts/screenshots/public-*.png."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from tests.cases.conftest import investigated, store, world  # noqa: F401  (fixtures)
from tests.e2e.layout import fits
from tests.publicity.conftest import decided, person_party, reviewer  # noqa: F401  (fixtures)
from tests.publicity.test_corrections import PNG, published  # noqa: F401  (the fixture)

from zhifa.publicity.models import CorrectionRequest

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [1280, 390])
def test_the_public_finds_a_publication_applies_for_a_correction_and_follows_it(
        live_server, published, new_page, shot, sign_in, evidence_store, width):  # noqa: F811
    page = new_page(width=width, height=900)

    def seen(name: str) -> None:
        assert fits(page), f"{name} scrolls sideways at {width} px"
        shot(page, f"public-{name}-{width}")

    page.goto(f"{live_server.url}/portal/publications/")
    page.get_by_label("名称、统一社会信用代码或文书号").fill("王")  # one character: asked for two
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert "请至少输入两个字" in page.locator("main").inner_text()
    seen("search-one-character")
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

    page = sign_in(new_page(width=width, height=900), "sunli")  # the 公示审核员 answers from 我的待办
    page.goto(f"{live_server.url}/todo/")
    page.get_by_role("link", name="核实答复").first.click()
    page.wait_for_url(f"{live_server.url}/publicity/corrections/{req.pk}/")
    assert "139-0412-5678" in page.content() and "证明.png" in page.content()
    page.get_by_label("予以更正").check()
    page.get_by_label("更正的信息项").fill("违法行为类型=未经批准占用土地")
    page.get_by_label("理由（告知申请人）").fill("经核实，原公示的违法行为类型有误，已予更正")
    seen("correction-answer")
    page.get_by_role("button", name="答复申请人").click()
    page.wait_for_load_state()
    assert "已答复申请人，更正后的信息已发布" in page.content()
    seen("correction-answered")

    page = new_page(width=width, height=900)
    page.goto(f"{live_server.url}/portal/corrections/track/?number={req.tracking}")
    assert "予以更正" in page.content() and "行政复议" in page.content()
    seen("track-answered")
    page.get_by_role("link", name="王大山").click()  # the version the application was about: corrected since
    page.wait_for_url(f"{live_server.url}/portal/publications/{published.pk}/")
    assert "更正" in page.locator("p.errorlist").inner_text()
    page.get_by_role("link", name="查看更正后的现行版本（第2版）").click()
    expect(page.get_by_text("未经批准占用土地", exact=True)).to_be_visible()
    seen("publication-corrected")
