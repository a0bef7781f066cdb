"""The public's way through the portal in a real browser, at 1280 px and on a 390 px phone: the home page, an
agency, its officers, one officer's live credential check and the card with its QR code, and a unit's
岗位信息公示牌 — no sideways scroll, nothing the Content-Security-Policy refuses, the search box reached by its
label and by the keyboard. Screenshots go to /tmp/portal/shots (ZHIFA_PORTAL_SHOTS to change)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from tests.catalog.conftest import cat, laws  # noqa: F401 — the catalog's cast and its list helpers
from tests.e2e.layout import fits

from zhifa.agencies import actions as agency_actions
from zhifa.catalog.models import ListKind

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("ZHIFA_PORTAL_SHOTS", "/tmp/portal/shots"))


@pytest.mark.parametrize("width", [1280, 390])
def test_home_agency_officers_and_a_credential_check(live_server, cat, new_page, width):  # noqa: F811
    c = cat.cast
    agency_actions.update_agency(actor=c.u_admin, agency=c.nr,
                                 duties="负责全市自然资源统一管理，查处土地、矿产违法行为。",
                                 jurisdiction="鞍山市行政区域", address="鞍山市铁东区胜利南路1号", phone="0412-5550000")
    cat.item(supervision_phone="0412-12345", office_hours="工作日 8:30—17:00",
             remedy="对行政执法决定不服的，可以自知道该决定之日起60日内向鞍山市人民政府申请行政复议，"
                    "或者自知道之日起6个月内向人民法院提起行政诉讼。")
    cat.publish(ListKind.ITEMS)
    cat.publish(ListKind.SUBJECTS)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(width=width, height=900)

    def seen(name: str) -> None:
        assert fits(page), f"{name} scrolls sideways at {width} px"
        page.screenshot(path=str(SHOTS / f"portal-{name}-{width}.png"), full_page=True)

    page.goto(f"{live_server.url}/portal/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator("h1").inner_text() == "行政执法公示"
    page.get_by_label("查询执法决定").fill("张某某")  # the search box is reached by its label
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "查询"  # and on to its button by the keyboard
    seen("home")

    page.get_by_role("link", name="鞍山市自然资源局", exact=True).first.click()
    page.wait_for_url(f"{live_server.url}/portal/agencies/{c.nr.pk}/")
    assert "查处土地、矿产违法行为" in page.content() and "0412-12345" in page.content()
    seen("agency")

    page.get_by_role("link", name="鞍山市自然资源局执法人员及其执法证件").click()
    assert page.get_by_role("cell", name="张伟").is_visible()
    seen("officers")

    page.get_by_role("link", name="21030001").click()
    assert page.locator("h2").first.inner_text() == "该执法证现在有效"
    seen("check")

    page.get_by_role("link", name="打印执法证卡片（带核验二维码）").click()
    qr = page.locator("figure.qr svg")
    expect(qr).to_be_visible()  # waits for the card page the click opens
    assert qr.bounding_box()["width"] >= 120
    seen("card")

    page.go_back()
    page.go_back()
    page.get_by_role("link", name="21030004").click()  # 赵敏's credential is suspended
    assert page.locator("h2").first.inner_text() == "该执法证现在无效：暂扣"
    seen("check-suspended")

    page.goto(f"{live_server.url}/portal/units/{c.nr_team.pk}/board/")
    assert page.locator("h1").inner_text().replace(" ", "") == "岗位信息公示牌"
    assert page.locator(".board-officer").count() == 2  # 张伟 and 李娜: the two valid credentials
    seen("board")
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible() and not page.locator("nav.portal-nav").is_visible()
    page.screenshot(path=str(SHOTS / f"portal-board-print-{width}.png"), full_page=True)
