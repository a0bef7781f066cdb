"""The other ways out of 案件审核 (行政处罚法 第57条): the 不予行政处罚决定书 on a ground of 第33条, served like a
decision (第61条); the 案件移送书 for a suspected crime (第27条) with the receiver's acknowledgement; each issued and
the case closed in one write. And the 90-day limit of 第60条 extended by the agency head — on day 90, not on
day 91."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from tests.cases.conftest import investigated

from zhifa.cases import actions
from zhifa.cases.models import Case, CaseState
from zhifa.catalog.documents import NO_PENALTY_GROUNDS, TRANSFER_REASONS
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.ledger.chain import entries_about
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.workdays.calendar import SHANGHAI


@pytest.fixture
def reviewed(world, store) -> Case:
    """A case opened today, investigated and at 案件审核."""
    case = investigated(world, title="某公司临时堆放建材占地案")
    return case


NO_PENALTY = {"ground": NO_PENALTY_GROUNDS[0], "facts": "临时堆放建筑材料占用集体土地约50平方米，已自行清理恢复",
              "explanation": "占地面积小、时间短，已及时清理，未造成危害后果",
              "education": "今后使用土地应当依法办理批准手续", "review_body": "鞍山市人民政府",
              "court": "鞍山市铁东区人民法院"}
TRANSFER = {"receiver": "鞍山市公安局", "reason": TRANSFER_REASONS[0],
            "facts": "占用耕地12亩建厂房，涉嫌非法占用农用地罪", "basis": "《中华人民共和国刑法》第三百四十二条",
            "materials": "调查报告1份；证据材料共56页", "contact": "张伟 0412-0000000"}


def test_the_case_cannot_be_closed_from_review_without_a_decision_or_a_transfer(world, reviewed):
    with pytest.raises(RuleViolation) as refused:
        actions.move(actor=world.u_officer, case=reviewed, target="close")
    assert "不予行政处罚决定书" in str(refused.value) and refused.value.rule == "行政处罚法 第57条"
    reviewed.refresh_from_db()
    assert reviewed.stage == "unit_review" and reviewed.state == CaseState.ACTIVE


def test_no_penalty_is_decided_by_the_head_served_within_seven_working_days_and_archived(world, reviewed):
    with pytest.raises(PermissionDenied):
        actions.decide_no_penalty(actor=world.u_officer, case=reviewed, **NO_PENALTY)
    with pytest.raises(RuleViolation) as refused:
        actions.decide_no_penalty(actor=world.u_head, case=reviewed, **NO_PENALTY | {"ground": "情节轻微"})
    assert refused.value.field == "ground" and refused.value.rule == "行政处罚法 第33条"
    doc = actions.decide_no_penalty(actor=world.u_head, case=reviewed, **NO_PENALTY)
    reviewed.refresh_from_db()
    assert doc.title == "不予行政处罚决定书" and "不罚字" in doc.number
    assert doc.values["不予处罚理由"] == NO_PENALTY_GROUNDS[0]
    assert reviewed.stage == "close" and reviewed.state == CaseState.CLOSED
    assert Obligation.objects.get(rule="行政处罚法 第60条").state == ObligationState.MET
    service_due = Obligation.objects.get(rule="行政处罚法 第61条")
    assert service_due.state == ObligationState.OPEN
    with pytest.raises(RuleViolation, match="已结案"):  # a second submission decides nothing more
        actions.decide_no_penalty(actor=world.u_head, case=reviewed, **NO_PENALTY)
    assert IssuedDocument.objects.filter(template="no_penalty_decision").count() == 1
    with pytest.raises(RuleViolation, match=r"不予行政处罚决定书.*尚无送达记录"):
        actions.move(actor=world.u_officer, case=reviewed, target="archive")
    actions.record_service(actor=world.u_officer, case=reviewed, document=doc, method="direct",
                           served_on=timezone.localdate(), recipient="赵丽华")
    service_due.refresh_from_db()
    assert service_due.state == ObligationState.MET
    actions.move(actor=world.u_officer, case=reviewed, target="archive")
    reviewed.refresh_from_db()
    assert reviewed.state == CaseState.ARCHIVED
    kinds = [e.kind for e in entries_about(reviewed)]
    assert "case.not_punished" in kinds and kinds.count("case.moved") >= 4


def test_a_suspected_crime_is_transferred_and_archived_once_the_receiver_signed_for_it(world, reviewed):
    with pytest.raises(PermissionDenied):
        actions.transfer_case(actor=world.u_officer, case=reviewed, **TRANSFER)
    transfer = actions.transfer_case(actor=world.u_head, case=reviewed, **TRANSFER)
    reviewed.refresh_from_db()
    assert transfer.crime and transfer.document.title == "案件移送书" and "移字" in transfer.document.number
    assert reviewed.state == CaseState.CLOSED
    with pytest.raises(RuleViolation, match="尚无接收机关的接收记录"):
        actions.move(actor=world.u_officer, case=reviewed, target="archive")
    today = timezone.localdate()
    with pytest.raises(RuleViolation) as early:
        actions.record_transfer_receipt(actor=world.u_officer, case=reviewed, received_on=today - dt.timedelta(days=1),
                                        received_by="刘警官")
    assert early.value.field == "received_on"
    actions.record_transfer_receipt(actor=world.u_officer, case=reviewed, received_on=today, received_by="刘警官")
    with pytest.raises(RuleViolation, match="已于"):
        actions.record_transfer_receipt(actor=world.u_officer, case=reviewed, received_on=today, received_by="刘警官")
    actions.move(actor=world.u_officer, case=reviewed, target="archive")
    with pytest.raises(RuleViolation, match="已归档"):
        actions.record_transfer_receipt(actor=world.u_officer, case=reviewed, received_on=today, received_by="王某")


def test_through_the_case_page_the_head_decides_no_penalty_and_a_bad_form_writes_nothing(world, reviewed, login):
    officer_page = login(world.u_officer).get(reviewed.get_absolute_url()).content.decode()
    assert "决定不予行政处罚并制作决定书" not in officer_page  # the head's decision
    head = login(world.u_head)
    page = head.get(reviewed.get_absolute_url()).content.decode()
    assert "决定不予行政处罚并制作决定书" in page and "批准移送并制作案件移送书" in page
    url = reverse("cases:no_penalty", args=[reviewed.pk])
    bad = head.post(url, NO_PENALTY | {"facts": "  "})
    assert bad.status_code == 422 and "这个字段是必填项" in bad.content.decode()  # beside 经调查查明的事实
    wrong = head.post(url, NO_PENALTY | {"ground": "情节轻微"})
    assert wrong.status_code == 422 and "不予行政处罚的情形" in wrong.content.decode()
    assert not IssuedDocument.objects.filter(template="no_penalty_decision").exists()
    assert head.post(url, NO_PENALTY).status_code == 302
    again = head.post(url, NO_PENALTY)
    assert again.status_code == 422 and "已结案" in again.content.decode()
    page = head.get(reviewed.get_absolute_url()).content.decode()
    assert "不予行政处罚决定书" in page and "已结案" in page


def test_another_agencys_head_gets_404_on_every_outcome_url(world, reviewed, login):
    client = login(world.u_ly_head)
    for name in ("no_penalty", "transfer", "transfer_receipt", "extend_deadline"):
        assert client.post(reverse(f"cases:{name}", args=[reviewed.pk]), NO_PENALTY).status_code == 404
    reviewed.refresh_from_db()
    assert reviewed.state == CaseState.ACTIVE and not reviewed.decision_extensions.exists()


# ---------------------------------------------------------------- 第60条


def test_the_ninety_days_are_extended_on_day_ninety_and_not_on_day_ninety_one(world, reviewed):
    opened = reviewed.opened_on
    ob = Obligation.objects.get(rule="行政处罚法 第60条")
    assert timezone.localdate(ob.due_at) == opened + dt.timedelta(days=90)  # 立案 not counted (第60条)
    day_91 = dt.datetime.combine(opened + dt.timedelta(days=91), dt.time(10), tzinfo=SHANGHAI)
    with time_machine.travel(day_91), pytest.raises(RuleViolation) as late:
        actions.extend_decision_deadline(actor=world.u_head, case=reviewed, days=30, reason="需进一步鉴定")
    assert late.value.rule == "行政处罚法 第60条" and "已于" in str(late.value) and late.value.field == "days"
    with time_machine.travel(dt.datetime.combine(opened + dt.timedelta(days=90), dt.time(10), tzinfo=SHANGHAI)):
        with pytest.raises(PermissionDenied):
            actions.extend_decision_deadline(actor=world.u_officer, case=reviewed, days=30, reason="需进一步鉴定")
        with pytest.raises(RuleViolation) as too_long:
            actions.extend_decision_deadline(actor=world.u_head, case=reviewed, days=31, reason="需进一步鉴定")
        assert "合计不得超过30日" in str(too_long.value)
        extension = actions.extend_decision_deadline(actor=world.u_head, case=reviewed, days=20, reason="需进一步鉴定",
                                                     expected_last_day=opened + dt.timedelta(days=90))
        with pytest.raises(RuleViolation) as twice:  # the same form sent again
            actions.extend_decision_deadline(actor=world.u_head, case=reviewed, days=20, reason="需进一步鉴定",
                                             expected_last_day=opened + dt.timedelta(days=90))
        assert "已有变动" in str(twice.value)
        with pytest.raises(RuleViolation, match="至多还可延长10日"):
            actions.extend_decision_deadline(actor=world.u_head, case=reviewed, days=11, reason="仍需鉴定")
    assert extension.last_day == opened + dt.timedelta(days=110)
    ob.refresh_from_db()
    assert timezone.localdate(ob.due_at) == opened + dt.timedelta(days=110) and ob.state == ObligationState.OPEN
    assert "case.deadline_extended" in [e.kind for e in entries_about(reviewed)]


def test_an_agency_may_allow_a_longer_extension_and_a_decided_case_has_none_to_extend(world, reviewed):
    from zhifa.cases.models import CaseSettings

    CaseSettings.objects.create(agency=world.nr, decision_extension_days=60)
    actions.extend_decision_deadline(actor=world.u_head, case=reviewed, days=45, reason="案情复杂，经集体讨论")
    actions.decide_no_penalty(actor=world.u_head, case=reviewed, **NO_PENALTY)
    with pytest.raises(RuleViolation):  # closed, and its deadline met
        actions.extend_decision_deadline(actor=world.u_head, case=reviewed, days=1, reason="—")


def test_through_the_case_page_the_head_extends_once_however_often_the_form_is_sent(world, reviewed, login):
    head = login(world.u_head)
    page = head.get(reviewed.get_absolute_url()).content.decode()
    last = reviewed.opened_on + dt.timedelta(days=90)
    assert "作出处罚决定的期限" in page and f"{last:%Y-%m-%d}" in page
    url = reverse("cases:extend_deadline", args=[reviewed.pk])
    letters = head.post(url, {"days": "三十", "reason": "鉴定", "expected_last_day": last.isoformat()})
    assert letters.status_code == 422 and "请填写整数" in letters.content.decode()
    form = {"days": "15", "reason": "需进一步鉴定", "expected_last_day": last.isoformat()}
    assert head.post(url, form).status_code == 302
    again = head.post(url, form)
    assert again.status_code == 422 and "已有变动" in again.content.decode()
    assert reviewed.decision_extensions.count() == 1
    page = head.get(reviewed.get_absolute_url()).content.decode()
    assert f"{last + dt.timedelta(days=15):%Y-%m-%d}" in page and "批准延长 15 日" in page


def test_the_extension_rule_at_the_year_end_allows_the_ninetieth_day_and_not_the_ninety_first():
    from zhifa.cases import rules

    # 立案 5 October 2026: the 90th day is Sunday 3 January 2027 (the agency's own limit, not moved past the
    # weekend); 30 more days end on 2 February 2027. (Counted by hand.)
    opened = dt.date(2026, 10, 5)
    due = rules.check_decision_extension(opened_on=opened, extended_days=0, days=30, on=dt.date(2027, 1, 3))
    assert due.last_day == dt.date(2027, 2, 2)
    with pytest.raises(RuleViolation, match="2027年1月3日届满"):
        rules.check_decision_extension(opened_on=opened, extended_days=0, days=30, on=dt.date(2027, 1, 4))
    with pytest.raises(RuleViolation) as none:
        rules.check_decision_extension(opened_on=opened, extended_days=0, days=0, on=dt.date(2026, 12, 1))
    assert none.value.field == "days"
