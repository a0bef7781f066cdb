"""Execution (行政处罚法 第66–73条; 行政强制法 第35、53、54条): deferral and instalments only with the agency
head's approval, the surcharge from the right day; reconsideration and lawsuit pausing the surcharge and the
payment deadline; 责令改正 re-checked on its day; the 催告 served 10 working days before the court is applied
to, inside the window of 第53条, and the court's ruling — through the write functions and the case page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from tests.cases import test_case_decision as _decision
from tests.cases import test_case_notice as _notice
from tests.cases.test_case_decision import close
from tests.cases.test_rules import refused

from zhifa.cases import actions, rules
from zhifa.cases.models import (
    Case,
    CourtApplication,
    Instalment,
    PaymentPlan,
    PaymentPlanState,
    Rectification,
    Remedy,
)
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.ledger.models import Entry
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.workdays.calendar import SHANGHAI

TODAY = dt.datetime.now(SHANGHAI).date()  # the agency's day, as timezone.localdate() gives it
D = dt.date
# the fixtures this module builds on: a case whose decision (a 5,000 元 fine) was served today, at 执行
at_notify, at_decide, executing = _notice.at_notify, _decision.at_decide, _decision.executing


def travel(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC), tick=False)


def kinds(case: Case) -> list[str]:
    return list(Entry.objects.filter(kind__startswith="case.").values_list("kind", flat=True))


def payment_ob() -> Obligation:
    return Obligation.objects.get(rule="行政处罚法 第67条")


def due_day() -> dt.date:
    return rules.payment_due(TODAY).last_day  # the decision was served today


def defer(world, case, to: dt.date, **kw):
    return actions.apply_payment_plan(actor=world.u_officer, case=case, kind="defer", applied_on=TODAY,
                                      reason="经营困难，资金周转不足", deferred_to=to, **kw)


def instal(world, case, plan):
    return actions.apply_payment_plan(actor=world.u_officer, case=case, kind="instalments", applied_on=TODAY,
                                      reason="经营困难", instalments=plan)


# ---------------------------------------------------------------- 第66条 deferral and instalments


def test_a_deferral_changes_nothing_until_the_head_approves_it_then_moves_the_deadline_and_the_surcharge(
        world, executing):
    to = due_day() + dt.timedelta(days=30)
    plan = defer(world, executing, to)
    assert plan.state == PaymentPlanState.APPLIED
    assert actions.surcharge_on(executing, due_day() + dt.timedelta(days=1)).days == 1  # not approved: 15 days
    with pytest.raises(PermissionDenied):  # an officer cannot approve (case.approve on the agency)
        actions.decide_payment_plan(actor=world.u_officer, case=executing, plan=plan, approve=True, opinion="同意")
    actions.decide_payment_plan(actor=world.u_head, case=executing, plan=plan, approve=True, opinion="同意延期")
    assert payment_ob().due_at.date() == to and payment_ob().state == ObligationState.OPEN
    assert actions.surcharge_on(executing, to).days == 0
    late = actions.surcharge_on(executing, to + dt.timedelta(days=2))
    assert (late.days, late.amount, late.due.rule) == (2, Decimal("300.00"), "行政处罚法 第66条")
    with pytest.raises(RuleViolation, match="已审批") as twice:  # the head's form posted twice
        actions.decide_payment_plan(actor=world.u_head, case=executing, plan=plan, approve=True, opinion="同意延期")
    assert twice.value.rule == "行政处罚法 第66条"
    assert kinds(executing).count("case.payment_plan_decided") == 1
    assert "case.payment_plan_applied" in kinds(executing)


def test_a_refused_deferral_leaves_the_fifteen_days(world, executing):
    before = payment_ob().due_at
    plan = defer(world, executing, due_day() + dt.timedelta(days=30))
    actions.decide_payment_plan(actor=world.u_head, case=executing, plan=plan, approve=False, opinion="理由不足")
    assert payment_ob().due_at == before and actions.surcharge_on(executing, due_day()).due.rule == "行政处罚法 第67条"


def test_a_deferral_not_past_the_fifteen_days_is_refused_and_nothing_is_written(world, executing):
    with refused("行政处罚法 第66条", "deferred_to"):
        defer(world, executing, due_day())
    assert not PaymentPlan.objects.exists()


def test_instalments_replace_the_fifteen_days_with_one_obligation_each_surcharged_from_its_own_day(world, executing):
    first, second = TODAY + dt.timedelta(days=20), TODAY + dt.timedelta(days=50)
    plan = instal(world, executing, [(first, Decimal(2000)), (second, Decimal(3000))])
    actions.decide_payment_plan(actor=world.u_head, case=executing, plan=plan, approve=True, opinion="同意分两期")
    assert payment_ob().state == ObligationState.WAIVED
    obs = Obligation.objects.filter(rule="行政处罚法 第66条").order_by("due_at")
    assert [o.due_at.date() for o in obs] == [first, second] and {o.state for o in obs} == {ObligationState.OPEN}
    with pytest.raises(RuleViolation, match="逐期登记"):
        actions.record_payment(actor=world.u_officer, case=executing, paid_on=TODAY, amount=Decimal(5000))
    one, two = Instalment.objects.order_by("seq")
    actions.pay_instalment(actor=world.u_officer, case=executing, instalment=one, paid_on=TODAY, amount=Decimal(2000))
    with pytest.raises(RuleViolation, match="第1期已登记缴纳"):  # posted twice
        actions.pay_instalment(actor=world.u_officer, case=executing, instalment=one, paid_on=TODAY,
                               amount=Decimal(2000))
    late = second + dt.timedelta(days=2)
    with travel(late):
        assert actions.overdue(executing, late)
        with pytest.raises(RuleViolation, match=r"第2期应缴 3180\.00 元") as wrong:  # 3% of 3,000 a day, 2 days
            actions.pay_instalment(actor=world.u_officer, case=executing, instalment=two, paid_on=late,
                                   amount=Decimal(3000))
        assert wrong.value.rule == "行政处罚法 第72条"
        paid = actions.pay_instalment(actor=world.u_officer, case=executing, instalment=two, paid_on=late,
                                      amount=Decimal("3180"))
    assert paid.surcharge == Decimal("180.00") and actions.fully_paid(executing)
    assert {o.state for o in Obligation.objects.filter(rule="行政处罚法 第66条")} == {ObligationState.MET}
    assert kinds(executing).count("case.instalment_paid") == 2


@pytest.mark.parametrize("plan, words", [
    ([(TODAY + dt.timedelta(days=20), Decimal(2000)), (TODAY + dt.timedelta(days=50), Decimal(2000))], "合计 4000"),
    ([(TODAY + dt.timedelta(days=20), Decimal(5000))], "至少分为两期"),
    ([(TODAY + dt.timedelta(days=50), Decimal(2000)), (TODAY + dt.timedelta(days=20), Decimal(3000))], "须晚于第1期"),
    ([(TODAY, Decimal(2000)), (TODAY + dt.timedelta(days=20), Decimal(3000))], "须晚于处罚决定书送达之日"),
])
def test_instalments_that_do_not_add_up_to_the_fine_in_order_are_refused_and_nothing_is_written(
        world, executing, plan, words):
    with refused("行政处罚法 第66条", "instalments") as info:
        instal(world, executing, plan)
    assert words in info.value.message and not PaymentPlan.objects.exists() and not Instalment.objects.exists()


def test_a_date_before_the_case_was_opened_or_before_service_names_the_field_and_the_rule(world, executing):
    Case.objects.filter(pk=executing.pk).update(opened_on=TODAY - dt.timedelta(days=5))  # opened 5 days before
    for day, words in ((TODAY - dt.timedelta(days=6), "不能早于立案日期"), (TODAY - dt.timedelta(days=1),
                                                                          "不能早于处罚决定书送达之日")):
        with refused("行政处罚法 第66条", "applied_on") as info:
            actions.apply_payment_plan(actor=world.u_officer, case=executing, kind="defer", applied_on=day,
                                       reason="困难", deferred_to=due_day() + dt.timedelta(days=9))
        assert words in info.value.message
        with refused("行政处罚法 第73条", "filed_on"):
            actions.record_remedy(actor=world.u_unit_head, case=executing, kind="lawsuit", filed_on=day,
                                  body="鞍山市铁东区人民法院")
    with refused("行政处罚法 第28条", "due_on"):
        actions.order_rectification(actor=world.u_officer, case=executing, immediate=False,
                                    due_on=TODAY - dt.timedelta(days=30), **RECTIFY)
    assert not PaymentPlan.objects.exists() and not Remedy.objects.exists() and not Rectification.objects.exists()


# ---------------------------------------------------------------- 第73条 reconsideration and lawsuit


def test_reconsideration_stops_the_surcharge_and_the_payment_deadline_and_its_result_starts_them_again(
        world, executing, login):
    due = due_day()
    filed, ended = due + dt.timedelta(days=5), due + dt.timedelta(days=15)
    with travel(due + dt.timedelta(days=10)):
        with pytest.raises(PermissionDenied):  # stopping a deadline's clock is the unit head's (obligation.manage)
            actions.record_remedy(actor=world.u_officer, case=executing, kind="reconsideration", filed_on=filed,
                                  body="鞍山市人民政府")
        remedy = actions.record_remedy(actor=world.u_unit_head, case=executing, kind="reconsideration",
                                       filed_on=filed, body="鞍山市人民政府")
        with pytest.raises(RuleViolation, match="尚未登记结果"):  # posted twice
            actions.record_remedy(actor=world.u_unit_head, case=executing, kind="reconsideration", filed_on=filed,
                                  body="鞍山市人民政府")
        assert payment_ob().state == ObligationState.PAUSED
        s = actions.surcharge_on(executing, due + dt.timedelta(days=10))
        assert (s.days, s.paused_days, s.amount) == (4, 6, Decimal("600.00"))  # due+1..+4 counted, +5..+10 not
        with pytest.raises(RuleViolation, match="复议"):
            actions.issue_urge(actor=world.u_officer, case=executing, **URGE)
    before = payment_ob().due_at
    with travel(due + dt.timedelta(days=20)):
        actions.end_remedy(actor=world.u_unit_head, case=executing, remedy=remedy, ended_on=ended, result="upheld")
        with pytest.raises(RuleViolation, match="已登记结果"):
            actions.end_remedy(actor=world.u_unit_head, case=executing, remedy=remedy, ended_on=ended,
                               result="upheld")
        ob = payment_ob()
        assert ob.state == ObligationState.LATE and ob.due_at - before == dt.timedelta(days=11)
        s = actions.surcharge_on(executing, due + dt.timedelta(days=20))
        assert (s.days, s.paused_days, s.amount) == (9, 11, Decimal("1350.00"))
        page = login(world.u_officer).get(executing.get_absolute_url()).content.decode()
    assert "加处罚款 1350.00 元" in page and "11 日不计算加处罚款" in page and "维持（驳回）" in page
    assert {"case.remedy_filed", "case.remedy_ended"} <= set(kinds(executing))


# ---------------------------------------------------------------- 第28条 责令改正

RECTIFY = {"violation": "未经批准占用集体土地1200平方米建设厂房", "violated": "《中华人民共和国土地管理法》第四十四条",
           "basis": "《中华人民共和国行政处罚法》第二十八条第一款", "content": "拆除违法建筑，恢复土地原状",
           "consequence": "依法处理", "contact": "张伟 0412-0000000"}


def test_a_rectification_order_is_numbered_and_rechecked_on_its_day_which_meets_the_obligation(world, executing):
    due = TODAY + dt.timedelta(days=10)
    order = actions.order_rectification(actor=world.u_officer, case=executing, immediate=False, due_on=due, **RECTIFY)
    assert order.document.template == "rectification_order" and "责改字" in order.document.number
    assert order.document.values["改正期限"] == f"{due.year}年{due.month}月{due.day}日前"
    ob = Obligation.objects.get(rule="行政处罚法 第28条")
    assert ob.due_at.date() == due and ob.state == ObligationState.OPEN
    numbers = IssuedDocument.objects.count()
    with pytest.raises(RuleViolation, match="尚未复查"):  # posted twice: no second number
        actions.order_rectification(actor=world.u_officer, case=executing, immediate=False, due_on=due, **RECTIFY)
    assert IssuedDocument.objects.count() == numbers
    with refused("行政处罚法 第28条", "checked_on"):  # not rectified can only be found once the day has come
        actions.record_recheck(actor=world.u_officer, case=executing, rectification=order, checked_on=TODAY,
                               rectified=False, note="仍未拆除")
    with travel(due):
        actions.record_recheck(actor=world.u_officer, case=executing, rectification=order, checked_on=due,
                               rectified=False, note="仍未拆除")
        with pytest.raises(RuleViolation, match="已记录复查结果"):
            actions.record_recheck(actor=world.u_officer, case=executing, rectification=order, checked_on=due,
                                   rectified=True, note="—")
    ob.refresh_from_db()
    assert ob.state == ObligationState.MET and Rectification.objects.get().rectified is False
    assert {"case.rectification_ordered", "case.rectification_checked"} <= set(kinds(executing))


def test_an_immediate_rectification_is_rechecked_today(world, executing):
    order = actions.order_rectification(actor=world.u_officer, case=executing, immediate=True, due_on=None,
                                        **RECTIFY)
    assert order.due_on == TODAY and order.document.values["改正方式"] == "立即改正"
    actions.record_recheck(actor=world.u_officer, case=executing, rectification=order, checked_on=TODAY,
                           rectified=True, note="已当场拆除")
    assert Obligation.objects.get(rule="行政处罚法 第28条").state == ObligationState.MET


# ---------------------------------------------------------------- 行政强制法 第53、54条

URGE = {"performance": "凭《非税收入缴款书》到指定银行缴纳", "contact": "张伟 0412-0000000",
        "agency_address": "鞍山市铁东区某街1号"}


def test_the_urge_is_for_an_overdue_fine_and_the_court_only_after_it_was_served_ten_working_days_inside_the_window(
        world, executing, login):
    with pytest.raises(RuleViolation, match="尚未逾期"):
        actions.issue_urge(actor=world.u_officer, case=executing, **URGE)
    window = rules.court_application_window(TODAY)
    urged_on = due_day() + dt.timedelta(days=10)
    with travel(urged_on):
        urge = actions.issue_urge(actor=world.u_officer, case=executing, **URGE)
        assert urge.document.title == "催告书" and "催字" in urge.document.number
        assert urge.amount == Decimal("6500.00")  # 5,000 and 10 days at 3%
        with pytest.raises(RuleViolation, match="已制作催告书"):
            actions.issue_urge(actor=world.u_officer, case=executing, **URGE)
        assert Obligation.objects.get(rule="行政强制法 第53条").due_at.date() == window.last_day
    with travel(window.first_day), refused("行政强制法 第54条", "urge_served_on"):  # not served yet
        actions.apply_to_court(actor=world.u_head, case=executing, applied_on=window.first_day, court="铁东区法院")
    with travel(urged_on):
        actions.record_service(actor=world.u_officer, case=executing, document=urge.document, method="direct",
                               served_on=urged_on, recipient="赵丽华")
    day_before = window.first_day - dt.timedelta(days=1)
    with travel(day_before), refused("行政强制法 第53条", "applied_on"):  # the lawsuit period has not passed
        actions.apply_to_court(actor=world.u_head, case=executing, applied_on=day_before, court="铁东区法院")
    with travel(window.last_day + dt.timedelta(days=1)):
        with refused("行政强制法 第53条", "applied_on"):  # three months after it have
            actions.apply_to_court(actor=world.u_head, case=executing, applied_on=window.last_day + dt.timedelta(
                days=1), court="铁东区法院")
        with pytest.raises(PermissionDenied):
            actions.apply_to_court(actor=world.u_officer, case=executing, applied_on=window.last_day, court="法院")
        application = actions.apply_to_court(actor=world.u_head, case=executing, applied_on=window.last_day,
                                              court="鞍山市铁东区人民法院")
        with pytest.raises(RuleViolation, match="已申请"):
            actions.apply_to_court(actor=world.u_head, case=executing, applied_on=window.last_day, court="铁东区法院")
        assert Obligation.objects.get(rule="行政强制法 第53条").state == ObligationState.MET
        with refused("行政强制法 第53条", "ruled_on"):
            actions.record_court_ruling(actor=world.u_officer, case=executing, ruling="granted",
                                        ruled_on=window.last_day - dt.timedelta(days=1), ruling_court="铁东区法院")
        actions.record_court_ruling(actor=world.u_officer, case=executing, ruling="granted",
                                    ruled_on=window.last_day + dt.timedelta(days=1), ruling_court="铁东区法院")
        with pytest.raises(RuleViolation, match="已登记"):
            actions.record_court_ruling(actor=world.u_officer, case=executing, ruling="refused",
                                        ruled_on=window.last_day + dt.timedelta(days=1), ruling_court="—", note="—")
        page = login(world.u_officer).get(executing.get_absolute_url()).content.decode()
    assert application.urge == urge and CourtApplication.objects.get().ruling == "granted"
    # 行政强制法 第55条: the application itself, numbered, naming the decision, the 催告 and what is to be enforced
    filed = IssuedDocument.objects.get(subject_id=executing.pk, template="enforcement_application")
    assert filed.number.endswith("号") and "强申字" in filed.number
    assert filed.values["催告书文号"] == urge.document.number and filed.values["人民法院"] == "鞍山市铁东区人民法院"
    assert filed.values["执行标的"].startswith("罚款") and "合计" in filed.values["执行标的"]
    assert "裁定准予执行" in page and urge.document.number in page
    assert {"case.urged", "case.court_applied", "case.court_ruled"} <= set(kinds(executing))


def test_a_paid_fine_needs_no_urge_and_no_court(world, executing):
    actions.record_payment(actor=world.u_officer, case=executing, paid_on=TODAY, amount=Decimal(5000))
    with pytest.raises(RuleViolation, match="重复登记"):  # the payment form posted twice
        actions.record_payment(actor=world.u_officer, case=executing, paid_on=TODAY, amount=Decimal(5000))
    with travel(due_day() + dt.timedelta(days=3)), pytest.raises(RuleViolation, match="已缴纳"):
        actions.issue_urge(actor=world.u_officer, case=executing, **URGE)


# the rule at its edges: a year end, a holiday, an unentered year (2027 counts its statutory holidays only)

def test_the_court_window_across_a_year_end(db):
    # served 2026-06-30: lawsuit 6 months → 2026-12-30 Wed; the window 2026-12-31 … 2027-03-30
    w = rules.court_application_window(D(2026, 6, 30))
    assert (w.remedies_end, w.first_day, w.last_day) == (D(2026, 12, 30), D(2026, 12, 31), D(2027, 3, 30))
    args = {"decision_served_on": D(2026, 6, 30), "urge_served_on": D(2026, 12, 1)}
    with refused("行政强制法 第53条", "applied_on"):
        rules.check_court_application(**args, applied_on=D(2026, 12, 30))
    rules.check_court_application(**args, applied_on=D(2026, 12, 31))
    rules.check_court_application(**args, applied_on=D(2027, 3, 30))
    with refused("行政强制法 第53条", "applied_on"):
        rules.check_court_application(**args, applied_on=D(2027, 3, 31))


def test_a_lawsuit_period_ending_on_new_years_day_moves_the_window_past_the_holiday(db):
    # served 2026-07-01: 6 months → 2027-01-01 (元旦, Fri) and the weekend → 2027-01-04 Mon; provisional
    w = rules.court_application_window(D(2026, 7, 1))
    assert (w.first_day, w.last_day, w.provisional) == (D(2027, 1, 5), D(2027, 4, 4), True)
    args = {"decision_served_on": D(2026, 7, 1), "urge_served_on": D(2026, 12, 1)}
    with refused("行政强制法 第53条", "applied_on"):
        rules.check_court_application(**args, applied_on=D(2027, 1, 4))
    rules.check_court_application(**args, applied_on=D(2027, 1, 5))


def test_ten_working_days_after_the_urge_run_across_the_national_day_break_and_its_make_up_saturday(db):
    # served Mon 09-28: 09-29 1, 09-30 2, 国庆 10-01..07, 10-08 3, 10-09 4, Sat 10-10 (调休) 5, 10-12..16 6..10
    assert rules.earliest_court_application(D(2026, 9, 28)) == D(2026, 10, 17)
    args = {"decision_served_on": D(2026, 3, 2), "urge_served_on": D(2026, 9, 28)}
    with refused("行政强制法 第54条", "applied_on"):
        rules.check_court_application(**args, applied_on=D(2026, 10, 16))
    rules.check_court_application(**args, applied_on=D(2026, 10, 17))


def test_an_instalment_is_surcharged_on_its_own_amount_never_above_it(db):
    due = rules.Deadline("行政处罚法 第66条", D(2026, 12, 31), "day")
    s = rules.overdue_surcharge(Decimal(1000), due=due, until=D(2027, 1, 1))
    assert (s.days, s.amount) == (1, Decimal("30.00"))
    s = rules.overdue_surcharge(Decimal(1000), due=due, until=D(2027, 3, 1))
    assert (s.amount, s.capped) == (Decimal(1000), True)


# ---------------------------------------------------------------- the case page


def test_through_the_case_page_instalments_are_applied_for_approved_and_a_fine_with_letters_refused(
        world, executing, login):
    officer = login(world.u_officer)
    page = officer.get(executing.get_absolute_url()).content.decode()
    assert 'id="execution-h"' in page and "登记当事人的书面申请" in page and "制作责令改正通知书" in page
    url = reverse("cases:payment_plan", args=[executing.pk])
    first, second = TODAY + dt.timedelta(days=20), TODAY + dt.timedelta(days=50)
    data = {"kind": "instalments", "applied_on": TODAY.isoformat(), "reason": "经营困难",
            "instalments": f"{first} 2OOO\n{second} 3000"}
    bad = officer.post(url, data)
    assert bad.status_code == 422 and "instalments" in bad.context["execution"]["plan_form"].errors
    assert "第1行的金额“2OOO”不是大于零、最多两位小数的数值（《行政处罚法》第六十六条）" in bad.content.decode()
    assert not PaymentPlan.objects.exists()
    short = officer.post(url, {**data, "instalments": f"{first} 2000\n{second} 2000"})
    assert short.status_code == 422 and "应等于罚款 5000" in short.content.decode()
    good = {**data, "instalments": f"{first} 2000\n{second} 3000"}
    assert officer.post(url, good).status_code == 302
    again = officer.post(url, good)
    assert again.status_code == 422 and "已有待审批" in again.content.decode() and PaymentPlan.objects.count() == 1
    plan = PaymentPlan.objects.get()
    decision_url = reverse("cases:payment_plan_decision", args=[executing.pk])
    assert officer.post(decision_url, {"plan": plan.pk, "approve": "1", "opinion": "同意"}).status_code == 403
    head = login(world.u_head)
    assert "行政机关负责人审批延期（分期）缴纳" in head.get(executing.get_absolute_url()).content.decode()
    assert head.post(decision_url, {"plan": plan.pk, "approve": "1", "opinion": "同意"}).status_code == 302
    twice = head.post(decision_url, {"plan": plan.pk, "approve": "1", "opinion": "同意"})
    assert twice.status_code == 422 and "该申请已审批（已批准）" in twice.content.decode()
    page = login(world.u_officer).get(executing.get_absolute_url()).content.decode()
    assert "第2期 3000.00 元" in page and "登记分期缴纳" in page
    letters = officer.post(reverse("cases:instalment", args=[executing.pk]), {
        "instalment": Instalment.objects.get(seq=1).pk, "paid_on": TODAY.isoformat(), "amount": "20OO"})
    assert letters.status_code == 422 and "不能含字母" in letters.content.decode()
    assert "（《行政处罚法》第六十七条）" in letters.content.decode()  # the rule, by its article


def test_through_the_case_page_a_rectification_is_ordered_and_rechecked(world, executing, login):
    officer = login(world.u_officer)
    url = reverse("cases:rectification", args=[executing.pk])
    data = {"immediate": "0", "due_on": (TODAY + dt.timedelta(days=7)).isoformat(), **RECTIFY}
    before = officer.post(url, {**data, "due_on": "2020-01-01"})
    assert before.status_code == 422 and "due_on" in before.context["execution"]["rectification_form"].errors
    assert "责令改正" in before.content.decode() and not Rectification.objects.exists()
    assert officer.post(url, data).status_code == 302
    assert officer.post(url, data).status_code == 422 and Rectification.objects.count() == 1  # twice: once
    order = Rectification.objects.get()
    page = officer.get(executing.get_absolute_url()).content.decode()
    assert order.document.number in page and "复查改正情况" in page
    assert officer.post(reverse("cases:recheck", args=[executing.pk]), {
        "rectification": order.pk, "checked_on": TODAY.isoformat(), "rectified": "1",
        "note": "已拆除"}).status_code == 302
    assert Obligation.objects.get(rule="行政处罚法 第28条").state == ObligationState.MET


EXECUTION_POSTS = ("payment_plan", "payment_plan_decision", "instalment", "remedy", "remedy_end", "rectification",
                   "recheck", "urge", "court", "court_ruling")


def test_another_agencys_case_answers_404_on_every_execution_page(world, executing, login):
    other = login(world.u_zj_head)
    for name in EXECUTION_POSTS:
        assert other.post(reverse(f"cases:{name}", args=[executing.pk]), {}).status_code == 404, name
    assert not PaymentPlan.objects.exists()


def test_an_archived_case_refuses_every_execution_write_and_shows_no_form(world, executing, login):
    actions.order_rectification(actor=world.u_officer, case=executing, immediate=True, due_on=None, **RECTIFY)
    order = Rectification.objects.get()
    actions.record_recheck(actor=world.u_officer, case=executing, rectification=order, checked_on=TODAY,
                           rectified=True, note="已改正")
    actions.record_service(actor=world.u_officer, case=executing, document=order.document, method="direct",
                           served_on=TODAY, recipient="赵丽华")
    actions.record_payment(actor=world.u_officer, case=executing, paid_on=TODAY, amount=Decimal(5000))
    close(world, executing)
    actions.move(actor=world.u_officer, case=executing, target="archive")
    writes = [
        lambda: defer(world, executing, due_day() + dt.timedelta(days=9)),
        lambda: actions.record_remedy(actor=world.u_unit_head, case=executing, kind="lawsuit", filed_on=TODAY,
                                      body="法院"),
        lambda: actions.order_rectification(actor=world.u_officer, case=executing, immediate=True, due_on=None,
                                            **RECTIFY),
        lambda: actions.record_recheck(actor=world.u_officer, case=executing, rectification=order,
                                       checked_on=TODAY, rectified=True, note="—"),
        lambda: actions.issue_urge(actor=world.u_officer, case=executing, **URGE),
        lambda: actions.apply_to_court(actor=world.u_head, case=executing, applied_on=TODAY, court="法院"),
        lambda: actions.record_court_ruling(actor=world.u_officer, case=executing, ruling="granted",
                                            ruled_on=TODAY, ruling_court="法院"),
    ]
    for write in writes:
        with pytest.raises(RuleViolation, match="已归档"):
            write()
    page = login(world.u_officer).get(executing.get_absolute_url()).content.decode()
    assert "已归档" in page and 'id="execution-h"' in page
    for name in EXECUTION_POSTS:
        assert reverse(f"cases:{name}", args=[executing.pk]) not in page, name


def test_a_fine_paid_in_part_by_instalments_keeps_the_file_from_the_archive(world, executing):
    plan = instal(world, executing, [(TODAY + dt.timedelta(days=20), Decimal(2000)),
                                     (TODAY + dt.timedelta(days=50), Decimal(3000))])
    actions.decide_payment_plan(actor=world.u_head, case=executing, plan=plan, approve=True, opinion="同意")
    one = Instalment.objects.get(seq=1)
    actions.pay_instalment(actor=world.u_officer, case=executing, instalment=one, paid_on=TODAY, amount=Decimal(2000))
    close(world, executing)
    with pytest.raises(RuleViolation, match="分期缴纳的罚款尚未缴清"):
        actions.move(actor=world.u_officer, case=executing, target="archive")
