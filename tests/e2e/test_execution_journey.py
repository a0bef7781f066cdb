"""Execution on a phone (390 px): the officer registers the party's written application to pay in instalments,
the agency head approves it, the officer pays the first instalment and orders a rectification — through the
execution section of the case page, which never scrolls sideways. Screenshots in
test-artifacts/screenshots/execution-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.cases import test_case_decision as _decision
from tests.cases import test_case_notice as _notice
from tests.cases.conftest import store, world  # noqa: F401  (fixtures)
from tests.e2e.layout import fits

from zhifa.cases.models import Instalment, PaymentPlan, PaymentPlanState, Rectification
from zhifa.workdays.calendar import SHANGHAI

pytestmark = pytest.mark.e2e

at_notify, at_decide, executing = _notice.at_notify, _decision.at_decide, _decision.executing
PHONE = {"width": 390, "height": 844}
OPEN_ALL = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"


def test_on_a_phone_instalments_are_applied_for_approved_and_paid_and_a_rectification_ordered(
        live_server, executing, world, new_page, sign_in, shot, evidence_store):  # noqa: F811
    today = dt.datetime.now(SHANGHAI).date()
    url = f"{live_server.url}{executing.get_absolute_url()}"
    officer = sign_in(new_page(**PHONE), "zhangwei")
    officer.goto(url)
    officer.evaluate(OPEN_ALL)
    assert fits(officer)
    shot(officer, "execution-officer-phone")
    section = officer.locator("form[action$='/payment-plan/']")
    section.get_by_label("分期缴纳").check()
    section.get_by_label("书面申请日期").fill(today.isoformat())
    section.get_by_label("申请理由（确有经济困难的情况）").fill("受市场影响资金周转困难")
    first, second = today + dt.timedelta(days=20), today + dt.timedelta(days=50)
    section.get_by_label("各期期限和金额").fill(f"{first} 2000\n{second} 3000")
    section.get_by_role("button", name="登记申请").click()
    officer.wait_for_load_state()
    assert "待行政机关负责人审批" in officer.content()
    assert PaymentPlan.objects.get().state == PaymentPlanState.APPLIED

    head = sign_in(new_page(**PHONE), "nr_head")
    head.goto(url)
    form = head.locator("form[action$='/payment-plan/decision/']")
    form.get_by_label("批准", exact=True).check()
    form.get_by_label("审批意见").fill("情况属实，同意分两期缴纳")
    assert fits(head)
    shot(head, "execution-head-phone")
    form.get_by_role("button", name="签署").click()
    head.wait_for_load_state()
    assert PaymentPlan.objects.get().state == PaymentPlanState.APPROVED

    officer.goto(url)
    pay = officer.locator("form[action$='/instalment/']")
    pay.get_by_label("期次").select_option(label=str(Instalment.objects.get(seq=1)))
    pay.get_by_label("缴纳日期").fill(today.isoformat())
    pay.get_by_label("缴纳金额（元，含加处罚款）").fill("2000")
    pay.get_by_role("button", name="登记缴纳").click()
    officer.wait_for_load_state()
    assert "已缴" in officer.locator("#execution-h").locator("..").inner_text()
    assert officer.locator("form[action$='/payment/']").count() == 0  # paid by instalment, not as a whole

    officer.evaluate(OPEN_ALL)
    order = officer.locator("form[action$='/rectification/']")
    order.get_by_label("限期改正").check()
    order.get_by_label("改正期限").fill((today + dt.timedelta(days=10)).isoformat())
    order.get_by_label("违法行为（时间、地点、事实）").fill("未经批准占用集体土地1200平方米建设厂房")
    order.get_by_label("违反的规定").fill("《中华人民共和国土地管理法》第四十四条")
    order.get_by_label("责令改正的依据").fill("《中华人民共和国行政处罚法》第二十八条第一款")
    order.get_by_label("改正的内容和要求").fill("拆除违法建筑，恢复土地原状")
    order.get_by_label("联系人及电话").fill("张伟 0412-0000000")
    order.get_by_role("button", name="制作通知书").click()
    officer.wait_for_load_state()
    number = Rectification.objects.get().document.number
    assert number in officer.content() and "复查改正情况" in officer.content()
    officer.evaluate(OPEN_ALL)
    assert fits(officer)
    shot(officer, "execution-after-phone")
