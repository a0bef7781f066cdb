"""A list's life in a real browser: an agency head enters an item and submits the draft, a second head
publishes it, an edit becomes a second version, and the difference shows item by item; then what the public
reads, the discretion lookup and the flow chart. Screenshots go to test-artifacts/screenshots/catalog-*.png."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from zhifa.agencies.models import Role
from zhifa.catalog import actions
from zhifa.catalog.models import Article, EnforcementItem, LegalDocument, ListVersion

pytestmark = pytest.mark.e2e


@pytest.fixture
def laws(db):
    land = LegalDocument.objects.create(name="中华人民共和国土地管理法", short_name="土地管理法",
                                        issuing_body="全国人民代表大会常务委员会", kind="law",
                                        in_force_from=dt.date(2020, 1, 1))
    Article.objects.create(document=land, seq=77, is_summary=True,
                           text="未经批准非法占用土地的，责令退还非法占用的土地，限期拆除新建的建筑物和其他设施，可以并处罚款。")
    rules = LegalDocument.objects.create(name="中华人民共和国土地管理法实施条例", short_name="土地管理法实施条例",
                                         issuing_body="国务院", kind="admin_reg", in_force_from=dt.date(2021, 9, 1))
    Article.objects.create(document=rules, seq=57, is_summary=True,
                           text="依照土地管理法第七十七条处以罚款的，罚款额为非法占用土地每平方米100元以上1000元以下。")


def test_edit_publish_and_compare_a_list(live_server, cast, laws, new_page, sign_in, shot):
    publisher = cast.user("nr_head2", [(cast.nr, Role.AGENCY_HEAD)])
    url = live_server.url
    items_url = f"{url}/catalog/a/{cast.nr.pk}/items/"

    # The agency head finds the list and enters an item, citing the law as text.
    editor = sign_in(new_page(), "nr_head")
    editor.locator("nav.main-nav").get_by_role("link", name="清单").click()
    editor.wait_for_url(f"{url}/catalog/")
    shot(editor, "catalog-index")
    editor.locator("td[data-label='行政执法事项清单'] a").first.click()
    editor.wait_for_url(items_url)
    editor.get_by_role("link", name="新增条目").click()
    editor.get_by_label("事项编码").fill("ZR-CF-001")
    editor.get_by_label("事项名称").fill("对非法占用土地的行政处罚")
    editor.get_by_label("行为类别").select_option(label="行政处罚")
    editor.get_by_label("承办机构").select_option(label="执法监察支队")
    editor.get_by_label("法律依据").fill("《土地管理法》第七十七条；《土地管理法实施条例》第五十七条")
    editor.get_by_label("办理时限").fill("90日")
    shot(editor, "catalog-item-form")
    editor.get_by_role("button", name="保存").click()
    editor.wait_for_url(f"{url}/catalog/a/{cast.nr.pk}/item/*/")
    assert "《土地管理法》第七十七条" in editor.content()
    editor.goto(items_url)
    assert "新增1项" in editor.locator(".card").first.inner_text()
    editor.get_by_role("button", name="提交审核").click()
    editor.wait_for_load_state()
    assert "已提交审核" in editor.locator(".messages").inner_text()
    assert "您是最后编辑人" in editor.content()  # the editor may not publish what they wrote (PUB-09)
    shot(editor, "catalog-list-submitted")

    # A second head checks and publishes version 1.
    checker = sign_in(new_page(), "nr_head2")
    checker.goto(items_url)
    checker.get_by_role("link", name="审核发布").click()
    expect(checker.locator("main")).to_contain_text("新增1项")  # waits for the page the click opens
    shot(checker, "catalog-publish")
    checker.get_by_role("button", name="发布第1版").click()
    checker.wait_for_load_state()
    assert "已发布第1版" in checker.locator(".messages").inner_text()
    assert ListVersion.objects.get().published_by == publisher

    # The editor changes the time limit; the checker publishes version 2 with the reason.
    editor.goto(items_url)
    editor.get_by_role("link", name="对非法占用土地的行政处罚").click()
    editor.get_by_role("link", name="修改事项").click()
    editor.get_by_label("办理时限").fill("立案之日起90日内作出处罚决定")
    editor.get_by_role("button", name="保存").click()
    editor.wait_for_url(items_url)
    editor.get_by_role("button", name="提交审核").click()
    editor.wait_for_load_state()
    checker.goto(items_url)
    checker.get_by_role("link", name="审核发布").click()
    checker.get_by_label("调整说明").fill("办理时限写明起算点（行政处罚法第六十条）")
    checker.get_by_role("button", name="发布第2版").click()
    checker.wait_for_load_state()
    assert "已发布第2版" in checker.locator(".messages").inner_text()
    shot(checker, "catalog-version-2")

    # The history and the difference, item by item.
    editor.goto(f"{items_url}versions/")
    assert "第2版" in editor.content() and "办理时限写明起算点" in editor.content()
    shot(editor, "catalog-versions")
    editor.get_by_role("link", name="与上一版对比").click()
    editor.wait_for_load_state()
    changed = editor.locator("table.diff-changed tbody tr")
    assert changed.count() == 1
    row = changed.first.inner_text()
    assert "办理时限" in row and "90日" in row and "立案之日起90日内作出处罚决定" in row
    assert editor.locator("table.diff-changed del").inner_text() == "90日"
    shot(editor, "catalog-diff")

    phone = sign_in(new_page(width=390, height=844), "nr_head")
    phone.goto(f"{items_url}diff/?from=1&to=2")
    assert phone.locator("table.diff-changed td[data-label='新内容']").is_visible()
    shot(phone, "catalog-diff-phone")

    # The public reads the version in force, never a draft, with the service guide.
    EnforcementItem.objects.get()  # still one item in the draft
    public = new_page()
    public.goto(f"{url}/portal/agencies/{cast.nr.pk}/items/")
    assert "第2版" in public.content() and "立案之日起90日内作出处罚决定" in public.content()
    shot(public, "catalog-public-list")
    public.get_by_role("link", name="对非法占用土地的行政处罚").click()
    assert "服务指南" in public.locator("h1").inner_text()
    shot(public, "catalog-public-guide")


def test_discretion_lookup_and_flow_chart(live_server, cast, laws, page, sign_in, shot):
    publisher = cast.user("nr_head2", [(cast.nr, Role.AGENCY_HEAD)])
    land, rules = Article.objects.get(seq=77), Article.objects.get(seq=57)
    item = actions.save_entry(actor=cast.u_head, agency=cast.nr, kind="items", code="ZR-CF-001",
                              name="对非法占用土地的行政处罚", action_kind="chufa", handling_unit=cast.nr_team,
                              articles=[land, rules])
    for level, low, high, conditions in (("lighter", 100, 300, "主动消除或者减轻违法行为危害后果"),
                                         ("heavier", 700, 1000, "再次违法"), ("general", 300, 700, "")):
        actions.save_discretion_level(actor=cast.u_head, item=item, level=level, unit="per_sqm", low=Decimal(low),
                                      high=Decimal(high), conditions_text=conditions, articles=[land, rules],
                                      other_penalties="责令退还非法占用的土地")
    actions.submit_list(actor=cast.u_head, agency=cast.nr, kind="items")
    actions.publish_list(actor=publisher, agency=cast.nr, kind="items")

    sign_in(page, "zhangwei")
    page.goto(f"{live_server.url}/catalog/discretion/")
    page.get_by_label("处罚事项").select_option("ZR-CF-001")
    page.get_by_label("再次违法").check()
    page.get_by_label("面积（平方米）").fill("1200")
    page.get_by_label("拟罚款金额（元，可不填）").fill("500000")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    result = page.locator(".result").inner_text()
    assert "从重处罚" in result and "840,000 – 1,200,000 元" in result and "超出裁量幅度" in result
    shot(page, "catalog-discretion-lookup")

    page.goto(f"{live_server.url}/catalog/texts/")
    chart = page.locator(".flow img").first
    chart.scroll_into_view_if_needed()
    assert page.evaluate("(img) => img.naturalWidth", chart.element_handle()) > 300
    shot(page, "catalog-texts")
