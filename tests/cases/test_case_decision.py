"""The decision: never heavier than notified (行政处罚法 第45条), beside the discretion range with a reason
outside it, stopped for legal review where the catalogue wants it (第58条) or for collective discussion where
complex (第57条), the 90-day deadline met and the 7-working-day service deadline opened (第60、61条)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from tests.cases.test_case_notice import at_notify, notify  # noqa: F401  (fixtures)

from zhifa.cases import actions
from zhifa.core.errors import RuleViolation
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.workdays.calendar import SHANGHAI

TODAY = dt.datetime.now(SHANGHAI).date()  # the agency's day, as timezone.localdate() gives it


@pytest.fixture
def at_decide(world, at_notify):  # noqa: F811
    notice = notify(world, at_notify, fine="5000")
    actions.record_service(actor=world.u_officer, case=at_notify, document=notice.document, method="direct",
                           served_on=TODAY, recipient="赵丽华")
    actions.move(actor=world.u_officer, case=at_notify, target="statement")
    actions.record_statement(actor=world.u_officer, case=at_notify, received_on=TODAY, waived=True)
    actions.move(actor=world.u_officer, case=at_notify, target="decide")
    return at_notify


def propose(world, case, fine="5000", **kw):
    return actions.propose_decision(actor=world.u_officer, case=case, kinds=["fine"], fine=Decimal(fine),
                                    confiscated=Decimal(0), **kw)


def decide(world, case):
    return actions.decide(actor=world.u_head, case=case, statement_summary="当事人放弃陈述申辩",
                          reason="属一般情节", performance="自收到本决定书之日起十五日内缴纳罚款",
                          payment="鞍山市财政局非税收入专户", review_body="鞍山市人民政府",
                          court="鞍山市铁东区人民法院")


def test_a_heavier_penalty_than_the_one_notified_is_refused(world, at_decide):
    with pytest.raises(RuleViolation) as refused:
        propose(world, at_decide, fine="5000.01", outside_reason="情节较重")
    assert refused.value.rule == "行政处罚法 第45条"


def test_without_a_discretion_standard_a_reason_is_required(world, at_decide):
    with pytest.raises(RuleViolation) as refused:
        propose(world, at_decide)
    assert refused.value.field == "outside_reason" and "未制定裁量基准" in str(refused.value)
    assert propose(world, at_decide, outside_reason="本事项尚无裁量基准，参照同类案件").within_discretion is None


def test_the_decision_is_issued_the_ninety_days_met_and_service_within_seven_working_days_opened(world, at_decide):
    propose(world, at_decide, outside_reason="参照同类案件")
    doc = decide(world, at_decide)
    at_decide.refresh_from_db()
    assert doc.title == "行政处罚决定书" and "罚决字" in doc.number and at_decide.stage == "serve"
    assert doc.values["处罚内容"] == "罚款5,000.00元" and doc.values["含罚款"] is True
    assert Obligation.objects.get(rule="行政处罚法 第60条").state == ObligationState.MET
    service = Obligation.objects.get(rule="行政处罚法 第61条")
    assert service.state == ObligationState.OPEN and service.assignee == world.u_officer
    actions.record_service(actor=world.u_officer, case=at_decide, document=doc, method="direct", served_on=TODAY,
                           recipient="赵丽华")
    service.refresh_from_db()
    assert service.state == ObligationState.MET
    actions.move(actor=world.u_officer, case=at_decide, target="execute")


def test_a_complex_case_waits_for_its_legal_review_and_nothing_is_issued(world, at_decide):
    """情节复杂 is 疑难复杂 (行政处罚法 第58条第三项): reviewed before the 集体讨论 (tests/review/test_review_gate.py)
    ."""
    from zhifa.documents.models import IssuedDocument

    propose(world, at_decide, outside_reason="参照同类案件", complex=True)
    before = IssuedDocument.objects.count()
    with pytest.raises(RuleViolation, match=r"须经法制审核.*案件情况疑难复杂"):
        decide(world, at_decide)
    at_decide.refresh_from_db()
    assert at_decide.stage == "decide" and IssuedDocument.objects.count() == before  # no number used


def test_an_officer_cannot_decide(world, at_decide):
    from django.core.exceptions import PermissionDenied

    propose(world, at_decide, outside_reason="参照同类案件")
    with pytest.raises(PermissionDenied):
        actions.decide(actor=world.u_officer, case=at_decide, statement_summary="—", reason="—", performance="—",
                       payment="", review_body="—", court="—")


def test_through_the_case_page_the_officer_proposes_and_the_head_decides(world, at_decide, login):
    from django.urls import reverse

    officer = login(world.u_officer)
    assert "拟定处罚内容" in officer.get(at_decide.get_absolute_url()).content.decode()
    refused = officer.post(reverse("cases:propose", args=[at_decide.pk]), {"kinds": ["fine"], "fine": "5000"})
    assert refused.status_code == 422 and "请写明理由" in refused.content.decode()
    assert officer.post(reverse("cases:propose", args=[at_decide.pk]), {
        "kinds": ["fine"], "fine": "5000", "outside_reason": "参照同类案件"}).status_code == 302
    head = login(world.u_head)
    assert "作出行政处罚决定" in head.get(at_decide.get_absolute_url()).content.decode()
    decided = head.post(reverse("cases:decide", args=[at_decide.pk]), {
        "statement_summary": "当事人放弃陈述申辩", "reason": "一般情节", "performance": "十五日内缴纳",
        "review_body": "鞍山市人民政府", "court": "鞍山市铁东区人民法院"})
    assert decided.status_code == 302
    at_decide.refresh_from_db()
    page = head.get(at_decide.get_absolute_url()).content.decode()
    assert at_decide.stage == "serve" and "罚决字" in page
    assert "案件进入下一环节 转入“送达”" in page and "立案审批·行政机关负责人审批：同意" in page  # the timeline


def test_a_decision_the_review_catalogue_marks_major_stops_for_legal_review(world, at_notify):  # noqa: F811
    from django.contrib.auth import get_user_model

    from zhifa.catalog import actions as catalog
    from zhifa.catalog.models import Article, ListKind
    from zhifa.documents.models import IssuedDocument

    catalog.save_entry(actor=world.u_head, agency=world.nr, kind=ListKind.REVIEW, code="SH-01",
                       name="罚款数额10万元以上的行政处罚", action_kinds=["chufa"], min_fine=Decimal("100000"),
                       articles=[Article.objects.get()])
    catalog.submit_list(actor=world.u_head, agency=world.nr, kind=ListKind.REVIEW)
    catalog.publish_list(actor=get_user_model().objects.get(username="nr_head2"), agency=world.nr,
                         kind=ListKind.REVIEW)
    notice = notify(world, at_notify, fine="150000")
    actions.record_service(actor=world.u_officer, case=at_notify, document=notice.document, method="direct",
                           served_on=TODAY, recipient="赵丽华")
    actions.move(actor=world.u_officer, case=at_notify, target="statement")
    actions.record_statement(actor=world.u_officer, case=at_notify, received_on=TODAY, content="罚款过高",
                             review="不予采纳")
    with pytest.raises(RuleViolation, match="听证申请期限"):  # 150,000 元 gives a hearing right; its period runs
        actions.move(actor=world.u_officer, case=at_notify, target="decide")
    with time_machine.travel(TODAY + dt.timedelta(days=20)):
        actions.move(actor=world.u_officer, case=at_notify, target="decide")
        propose(world, at_notify, fine="150000", outside_reason="参照同类案件")
        before = IssuedDocument.objects.count()
        with pytest.raises(RuleViolation) as stopped:
            decide(world, at_notify)
    assert "须经法制审核（行政处罚法 第58条）" in str(stopped.value) and "罚款数额10万元以上" in str(stopped.value)
    at_notify.refresh_from_db()
    assert at_notify.stage == "decide" and IssuedDocument.objects.count() == before


@pytest.fixture
def executing(world, at_decide):
    propose(world, at_decide, outside_reason="参照同类案件")
    doc = decide(world, at_decide)
    actions.record_service(actor=world.u_officer, case=at_decide, document=doc, method="direct", served_on=TODAY,
                           recipient="赵丽华")
    actions.move(actor=world.u_officer, case=at_decide, target="execute")
    return at_decide


def test_service_of_the_decision_opens_the_fifteen_day_payment_and_paying_on_time_meets_it(world, executing):
    ob = Obligation.objects.get(rule="行政处罚法 第67条")
    assert ob.due_at.date() >= TODAY + dt.timedelta(days=15)
    with pytest.raises(RuleViolation, match=r"应缴 5000\.00 元"):
        actions.record_payment(actor=world.u_officer, case=executing, paid_on=TODAY, amount=Decimal("4999"))
    payment = actions.record_payment(actor=world.u_officer, case=executing, paid_on=TODAY, amount=Decimal("5000"))
    assert payment.surcharge == 0
    ob.refresh_from_db()
    assert ob.state == ObligationState.MET


def test_paid_late_the_surcharge_is_owed_and_never_above_the_fine(world, executing):
    due = Obligation.objects.get(rule="行政处罚法 第67条").due_at.date()
    with time_machine.travel(due + dt.timedelta(days=40)):  # 40 days late: 3% a day would be 120%, capped
        late = due + dt.timedelta(days=40)
        with pytest.raises(RuleViolation, match=r"加处罚款 5000\.00 元"):
            actions.record_payment(actor=world.u_officer, case=executing, paid_on=late, amount=Decimal("5000"))
        payment = actions.record_payment(actor=world.u_officer, case=executing, paid_on=late,
                                         amount=Decimal("10000"))
    assert payment.surcharge == Decimal("5000.00")


def close(world, case):
    actions.sign_opinion(actor=world.u_unit_head, case=case, step="close", agrees=True, text="同意结案")
    actions.sign_opinion(actor=world.u_head, case=case, step="close", agrees=True, text="同意结案")
    actions.move(actor=world.u_officer, case=case, target="close")


def test_closing_needs_the_heads_approval_and_an_unpaid_fine_keeps_the_file_from_the_archive(world, executing):
    with pytest.raises(RuleViolation, match="结案尚未经行政机关负责人批准"):
        actions.move(actor=world.u_officer, case=executing, target="close")
    close(world, executing)
    with pytest.raises(RuleViolation, match="罚款尚无缴纳记录"):
        actions.move(actor=world.u_officer, case=executing, target="archive")


def test_a_paid_and_closed_case_is_archived_and_then_refuses_every_write(world, executing, login):
    from django.urls import reverse

    from zhifa.cases.models import Case, CaseState

    actions.record_payment(actor=world.u_officer, case=executing, paid_on=TODAY, amount=Decimal("5000"))
    close(world, executing)
    actions.move(actor=world.u_officer, case=executing, target="archive")
    assert Case.objects.get(pk=executing.pk).state == CaseState.ARCHIVED
    with pytest.raises(RuleViolation, match="已归档"):
        actions.explain_no_av(actor=world.u_officer, case=executing, av_stage="sampling", reason="—")
    with pytest.raises(RuleViolation, match="已归档"):
        actions.record_payment(actor=world.u_officer, case=executing, paid_on=TODAY, amount=Decimal("5000"))
    page = login(world.u_officer).get(executing.get_absolute_url()).content.decode()
    assert "已归档" in page and reverse("cases:move", args=[executing.pk]) not in page  # nothing to press
