"""On a phone (390 px wide): the pages an officer and a head use in the field do not scroll sideways, their
buttons and links are big enough to tap, the flow charts read, and the upload form helps — 定位 fills the
position from the device, and the kind follows the file's type with a warning when they disagree.

Built on the demo city (its long item names and digests are what pushed pages sideways). Screenshots go to
test-artifacts/screenshots/phone-*.png."""

from __future__ import annotations

import pytest
from tests.e2e.conftest import built_once_for_live_server

from zhifa.demo import data
from zhifa.records.models import Evidence

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
NO_SIDEWAYS = "() => [document.documentElement.scrollWidth, window.innerWidth]"
# Everything folded open first: a disclosure's contents must fit too.
OPEN_ALL = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"


demo = built_once_for_live_server(data.build)


def sign_in_demo(sign_in, page, username):
    return sign_in(page, username, data.DEMO_PASSWORD)


def assert_fits(page, what: str) -> None:
    page.evaluate(OPEN_ALL)
    width, inner = page.evaluate(NO_SIDEWAYS)
    assert width <= inner, f"{what}：页面横向滚动（{width}px 宽于 {inner}px）"


@pytest.mark.parametrize("username, uploads", [("nr_officer", True), ("nr_team_head", True), ("nr_head", False)])
def test_field_pages_do_not_scroll_sideways_on_a_phone(live_server, demo, new_page, sign_in, username, uploads):
    page = sign_in_demo(sign_in, new_page(**PHONE), username)

    page.goto(f"{live_server.url}/catalog/discretion/")
    assert_fits(page, "裁量基准查询")
    page.get_by_label("处罚事项").select_option(index=1)  # the item names are long sentences
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert page.locator(".result").count() == 1
    assert_fits(page, "裁量基准查询结果")

    page.goto(f"{live_server.url}/records/")
    assert_fits(page, "证据列表")
    page.locator("td[data-label='事项 / 文件'] a").first.click()
    page.wait_for_load_state()
    assert page.url.rstrip("/").split("/")[-1].isdigit(), page.url
    assert_fits(page, "证据详情")
    page.goto(page.url + "form/")
    assert_fits(page, "摄录情况记录表")

    if uploads:
        page.goto(f"{live_server.url}/records/upload/")
        assert_fits(page, "移交证据")

    page.goto(f"{live_server.url}/catalog/texts/")
    assert_fits(page, "四类文本（流程图）")


def test_flow_charts_read_on_a_phone_as_steps_and_a_chart_that_scrolls_in_its_box(live_server, demo, new_page,
                                                                                  sign_in, shot):
    page = sign_in_demo(sign_in, new_page(**PHONE), "nr_officer")
    page.goto(f"{live_server.url}/catalog/texts/")
    steps = page.locator("ol.flow-steps").first
    assert steps.is_visible()
    text = steps.inner_text()
    assert "立案" in text and "两名以上持有效执法证的执法人员" in text and "第四十二条" in text  # the rule in words
    box = page.locator(".flow-scroll").first
    chart = box.locator("img")
    chart.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=chart.element_handle())
    # The chart keeps its drawn size (its text stays legible) and scrolls inside its own box, not the page.
    assert chart.evaluate("img => img.getBoundingClientRect().width") > 390
    assert box.evaluate("b => b.scrollWidth > b.clientWidth && getComputedStyle(b).overflowX === 'auto'")
    assert page.evaluate(NO_SIDEWAYS)[0] <= 390
    shot(page, "phone-flow-chart")

    wide = new_page(width=1280, height=900)
    sign_in_demo(sign_in, wide, "nr_officer")
    wide.goto(f"{live_server.url}/catalog/texts/")
    assert not wide.locator("ol.flow-steps").first.is_visible()  # where the chart fits, the chart alone


def test_buttons_links_and_fields_are_at_least_44_px_high_on_a_phone(live_server, demo, new_page, sign_in,
                                                                     monkeypatch):
    monkeypatch.setattr("zhifa.core.paging.PAGE_SIZE", 5)  # a pager with links both ways on the officers' list
    page = sign_in_demo(sign_in, new_page(**PHONE), "nr_officer")
    page.goto(f"{live_server.url}/records/upload/")
    low = []

    def check(locator, what):
        for i in range(locator.count()):
            element = locator.nth(i)
            if element.is_visible():
                height = element.bounding_box()["height"]
                if height < 44:
                    low.append(f"{what}「{element.inner_text() or element.get_attribute('name')}」{height:.0f}px")

    check(page.locator("main button"), "按钮")
    check(page.locator("main select, main input:not([type=checkbox]):not([type=hidden])"), "输入框")
    check(page.locator("main details > summary"), "展开")
    check(page.locator("header label.nav-button"), "菜单")
    check(page.locator("header .who a, header .who button"), "账号链接")
    page.locator("header label.nav-button").click()
    assert page.locator("nav.main-nav").is_visible()
    check(page.locator("nav.main-nav a"), "导航")
    assert page.locator("nav.main-nav a").count() >= 3
    assert low == []

    page.goto(f"{live_server.url}/officers/?page=2")
    assert page.locator(".pager a").count() == 2
    check(page.locator(".pager a"), "翻页")
    assert low == []


def test_the_signed_in_officer_is_chosen_and_only_officers_qualified_today_are_offered(live_server, demo, new_page,
                                                                                        sign_in, shot):
    page = sign_in_demo(sign_in, new_page(**PHONE), "nr_officer")
    page.goto(f"{live_server.url}/records/upload/")
    me = "王伟（执法监察支队）"  # the demo officer nr_officer
    chosen = page.get_by_label("执法人员", exact=True).evaluate(
        "s => Array.from(s.selectedOptions).map(o => o.textContent)")
    assert chosen == [me]
    assert page.get_by_label("摄录人").evaluate("s => s.selectedOptions[0].textContent") == me
    offered = page.get_by_label("执法人员", exact=True).evaluate("s => Array.from(s.options).map(o => o.textContent)")
    # The demo city's revoked, suspended and replaced credentials (officers 4, 6): not offered.
    assert len(offered) == 12 and all("执法监察支队" in o for o in offered)
    # The fields used less are folded away; the scene's fields are not.
    assert not page.get_by_label("摄录设备").is_visible() and page.get_by_label("地点", exact=True).is_visible()
    shot(page, "phone-upload-form")


def test_locate_fills_latitude_and_longitude_from_the_device(live_server, demo, new_page, sign_in):
    page = sign_in_demo(sign_in, new_page(**PHONE, geolocation={"latitude": 41.108123, "longitude": 122.994456,
                                                                "accuracy": 12},
                                          permissions=["geolocation"]), "nr_officer")
    page.goto(f"{live_server.url}/records/upload/")
    page.get_by_role("button", name="定位").click()
    page.get_by_text("已定位").wait_for()
    assert page.get_by_label("纬度").input_value() == "41.108123"
    assert page.get_by_label("经度").input_value() == "122.994456"
    assert "精度约 12 米" in page.locator("#locate-status").inner_text()


def test_locate_says_what_to_do_when_the_position_is_refused(live_server, demo, new_page, sign_in):
    page = sign_in_demo(sign_in, new_page(**PHONE, permissions=[]), "nr_officer")
    page.goto(f"{live_server.url}/records/upload/")
    page.get_by_role("button", name="定位").click()
    status = page.locator("#locate-status")
    page.wait_for_function("() => document.querySelector('#locate-status').textContent.includes('未获准')")
    assert "手动填写" in status.inner_text() and "error" in status.get_attribute("class")
    assert page.get_by_label("纬度").input_value() == ""


def test_the_kind_follows_the_file_and_a_disagreement_is_shown(live_server, demo, new_page, sign_in, shot):
    page = sign_in_demo(sign_in, new_page(**PHONE), "nr_officer")
    page.goto(f"{live_server.url}/records/upload/")
    kind = page.get_by_label("类别")
    hint = page.locator("#kind-hint")
    assert kind.input_value() == "video" and not hint.is_visible()

    page.get_by_label("文件").set_input_files(files=[{"name": "现场照片.jpg", "mimeType": "image/jpeg",
                                                     "buffer": b"\xff\xd8\xff\xe0 not really a picture"}])
    assert kind.input_value() == "photo"
    assert "已按文件类型选为“照片”" in hint.inner_text() and "warn" not in hint.get_attribute("class")

    kind.select_option(label="录像")  # the officer says otherwise: warned, not overruled
    assert "warn" in hint.get_attribute("class") and hint.is_visible()
    assert "所选类别“录像”与文件类型不符" in hint.inner_text() and "照片" in hint.inner_text()
    shot(page, "phone-upload-kind-warning")

    page.get_by_label("文件").set_input_files(files=[{"name": "询问.wav", "mimeType": "audio/wav", "buffer": b"RIFF"}])
    assert kind.input_value() == "video"  # once chosen by hand, the kind stays the officer's
    assert "像是“录音”" in hint.inner_text()
    kind.select_option(label="录音")
    assert not hint.is_visible()
    assert Evidence.objects.filter(original_name="现场照片.jpg").count() == 0  # nothing was sent
