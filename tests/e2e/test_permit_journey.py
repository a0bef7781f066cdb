"""行政许可 in a real browser, from the application to the issued licence: at the 受理 desk the applicant is found by
number and the materials ticked against the 服务指南 (one missing), the one-time notice printed, the missing material
handed in and the application accepted with its 受理通知书 (the receipt), the case moved to 决定, the head's
准予行政许可决定, and the licence issued and shown. Screenshots in test-artifacts/screenshots/permit-*.png (1280 px
and 390 px)."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from tests.cases.permit_world import ITEM, MATERIALS, build_permit_world
from tests.e2e.layout import fits

from zhifa.cases.models import Application, Case, Licence

pytestmark = pytest.mark.e2e


@pytest.fixture
def w(db, evidence_store):
    return build_permit_world()


def test_an_application_from_the_desk_through_notice_acceptance_and_decision_to_the_licence(
        live_server, w, new_page, sign_in, shot):
    desk = sign_in(new_page(), "zhangwei")
    desk.goto(f"{live_server.url}/cases/")
    desk.get_by_role("link", name="受理窗口").click()
    desk.wait_for_load_state()
    desk.get_by_label("申请事项").select_option(ITEM)
    desk.get_by_label("按证件号码查找当事人").fill(w.company.id_number)
    desk.get_by_role("button", name="核对材料清单、查找申请人").click()
    desk.wait_for_load_state()
    assert "已登记的申请人" in desk.content() and "鞍山某置业有限公司" in desk.content()
    desk.get_by_label("申请事项和内容").fill("在铁东区胜利路东侧地块建设综合楼一栋，建筑面积12,000平方米")
    desk.get_by_label(MATERIALS[0]).check()
    desk.get_by_label(MATERIALS[1]).check()
    shot(desk, "permit-desk")
    assert fits(desk)
    desk.get_by_role("button", name="登记申请").click()
    desk.wait_for_url(f"{live_server.url}/cases/*/#permit-h")
    case = Case.objects.get()
    assert "尚缺：建设工程设计方案" in desk.content()
    assert "✗ 建设工程设计方案" in desk.locator("#permit-h").locator("..").inner_text()

    desk.locator("#permit-notify summary").click()
    desk.locator("#permit-notify").get_by_label("联系人及电话").fill("张伟　0412-5550101")
    desk.locator("#permit-notify").get_by_role("button", name="确定").click()
    desk.wait_for_load_state()
    assert "补正材料通知书已制作" in desk.content()
    shot(desk, "permit-notice")
    desk.get_by_role("link", name="打印《补正材料通知书》").click()
    desk.wait_for_load_state()
    with desk.expect_download() as printed:
        desk.get_by_role("button", name="下载 PDF").click()
    text = "".join(p.extract_text() for p in PdfReader(printed.value.path()).pages).replace("\x00", "")
    assert "补正材料通知书" in text and "建设工程设计方案（未提交）" in text.replace("\n", "")
    desk.go_back()
    desk.wait_for_load_state()

    desk.locator("#permit-supplement").get_by_label(MATERIALS[2]).check()
    desk.locator("#permit-supplement").get_by_role("button", name="确定").click()
    desk.wait_for_load_state()
    desk.locator("#permit-accept").get_by_label("联系人及电话").fill("张伟　0412-5550101")
    desk.locator("#permit-accept").get_by_role("button", name="确定").click()
    desk.wait_for_load_state()
    app = Application.objects.get()
    assert app.state == "accepted" and app.acceptance.number in desk.content()
    assert desk.get_by_role("link", name="打印《行政许可受理通知书》").is_visible()
    shot(desk, "permit-accepted")
    desk.get_by_role("button", name="转入“决定”").click()
    desk.wait_for_load_state()
    assert Case.objects.get(pk=case.pk).stage == "decide"

    head = sign_in(new_page(), "nr_head")
    head.goto(f"{live_server.url}{case.get_absolute_url()}")
    form = head.locator("#permit-decide")
    form.get_by_label("审查情况").fill("申请材料齐全、符合法定形式，设计方案符合控制性详细规划和规划条件")
    form.get_by_label("许可依据（准予的）").fill("《中华人民共和国城乡规划法》第四十条")
    form.get_by_label("许可内容（准予的）").fill("同意建设综合楼一栋，建筑面积12,000平方米")
    form.get_by_label("有效期自（准予的）").fill("2026-12-15")
    form.get_by_label("有效期至（准予的）").fill("2028-12-14")
    shot(head, "permit-decide")
    form.get_by_role("button", name="确定").click()
    head.wait_for_load_state()
    assert "已作出行政许可决定" in head.content()

    desk.reload()
    desk.locator("#permit-issue").get_by_label("签收人").fill("孙立新")
    desk.locator("#permit-issue").get_by_role("button", name="确定").click()
    desk.wait_for_load_state()
    licence = Licence.objects.get()
    desk.get_by_role("link", name=licence.number).click()
    desk.wait_for_load_state()
    assert "2028-12-14" in desk.content() and "鞍山某置业有限公司" in desk.content()
    shot(desk, "permit-licence")
    assert fits(desk)

    phone = sign_in(new_page(width=390, height=844), "zhangwei")
    phone.goto(f"{live_server.url}{case.get_absolute_url()}")
    shot(phone, "permit-case-phone")
    assert fits(phone)
    phone.goto(f"{live_server.url}/cases/permits/?item={ITEM}")
    shot(phone, "permit-desk-phone")
    assert fits(phone)
