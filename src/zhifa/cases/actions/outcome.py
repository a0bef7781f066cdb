"""The other ways a case ends after its review (行政处罚法 第57条): no penalty, or transfer to another authority;
and the 90-day limit of 第60条 extended by the agency head's approval.

Each way out issues its document and moves the case in one transaction, so a refused move leaves no number
used and a case never reaches 结案 without the document that closed it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from zhifa.agencies.models import name_of
from zhifa.agencies.permissions import require
from zhifa.cases import rules
from zhifa.cases.models import (
    Case,
    CaseSettings,
    CaseTransfer,
    DecisionExtension,
    Opinion,
    OpinionRole,
    OpinionStep,
)
from zhifa.catalog.documents import NO_PENALTY_GROUNDS, TRANSFER_REASONS
from zhifa.core.errors import RuleViolation
from zhifa.documents import actions as documents
from zhifa.documents.models import IssuedDocument
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import ACTIVE_STATES, Obligation, PeriodUnit
from zhifa.records.models import Evidence

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from zhifa.cases.actions.base import (
    DECISION_WARN_DAYS,
    case_type,
    clean_text,
    ensure_stage,
    ensure_writable,
    lead_user,
    lock,
    record,
)
from zhifa.cases.actions.engine import advance
from zhifa.cases.actions.hearing import cn_date

DEADLINE_RULE = "行政处罚法 第60条"


def _parties(case: Case) -> list:
    return [link.party for link in case.party_links.select_related("party")]


def _open_service_deadline(case: Case, doc: IssuedDocument, today: dt.date) -> None:
    """A decision not handed over on the spot is served within 7 working days (第61条)."""
    due = rules.service_due(today)
    obligations.ensure_obligation(
        agency=case.unit, subject=case, rule=due.rule, title=f"《{doc.title}》{doc.number}应于"
        f"{due.last_day:%Y-%m-%d}前送达", due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=2),
        unit=PeriodUnit(due.unit), assignee=lead_user(case), provisional=due.provisional,
        basis="当事人不在场的，七日内依照民事诉讼法的有关规定送达")


def decide_no_penalty(*, actor: User, case: Case, ground: str, facts: str, explanation: str, education: str,
                      review_body: str, court: str, evidence: str = "") -> IssuedDocument:
    """The agency head decides not to punish — on a ground of 第33条 (or 第36条), or because the facts are not
    established (第57条第一款第三项): the 不予行政处罚决定书 is issued, served like a decision (第61条), and the
    case goes to 结案."""
    if ground not in NO_PENALTY_GROUNDS:
        raise RuleViolation("请选择不予行政处罚的情形", field="ground", rule="行政处罚法 第33条")
    given = (("facts", "经调查查明的事实", facts, 5000), ("explanation", "理由和依据的说明", explanation, 2000),
             ("education", "对当事人的教育", education, 2000), ("review_body", "行政复议机关", review_body, 300),
             ("court", "有管辖权的人民法院", court, 300))
    text = {field: clean_text(field, label, value, max_length=n) for field, label, value, n in given}
    evidence = clean_text("evidence", "证据", evidence, max_length=2000, required=False)
    with transaction.atomic():
        locked = lock(case)
        require(actor, "case.approve", locked.agency)
        ensure_writable(locked)
        ensure_stage(locked, "unit_review", "作出不予行政处罚决定")
        parties = _parties(locked)
        today = timezone.localdate()
        doc = documents.issue(actor=actor, agency=locked.agency, template="no_penalty_decision", subject=locked,
                              on=today, values={
            "agency_short": CaseSettings.of(locked.agency).agency_short,
            "当事人名称": "、".join(p.name for p in parties), "证件号码": "、".join(p.id_number for p in parties),
            "法定代表人": "、".join(p.rep_name for p in parties if p.rep_name),
            "当事人地址": "、".join(p.address for p in parties if p.address) or "—",
            "立案日期": cn_date(locked.opened_on or today), "案由": locked.title, "查明事实": text["facts"],
            "证据": evidence or "、".join(str(e.evidence) for e in locked.evidence_links.select_related("evidence")),
            "不予处罚理由": ground, "理由说明": text["explanation"],
            "教育内容": text["education"], "复议机关": text["review_body"], "管辖法院": text["court"],
            "机关名称": locked.agency.name, "日期": cn_date(today)})
        Opinion.objects.create(case=locked, step=OpinionStep.DECIDE, role=OpinionRole.HEAD, agrees=True,
                               text=f"不予行政处罚：{ground}", by=actor, by_name=name_of(actor), at=timezone.now())
        record(actor, locked, "case.not_punished", document=doc.pk, number=doc.number, ground=ground)
        obligations.meet(subject=locked, rule=DEADLINE_RULE)
        _open_service_deadline(locked, doc, today)
        advance(actor, locked, "close", ground)  # the guards decide; refused, all of the above is undone
    return doc


def transfer_case(*, actor: User, case: Case, receiver: str, reason: str, facts: str, basis: str, materials: str,
                  contact: str) -> CaseTransfer:
    """The agency head sends the case to another authority — a suspected crime to the judicial organs
    (行政处罚法 第27条), a case outside its jurisdiction to the one that has it — with the 案件移送书; the case
    goes to 结案 and waits for the receiver's acknowledgement before its file is archived."""
    if reason not in TRANSFER_REASONS:
        raise RuleViolation("请选择移送的理由", field="reason", rule="行政处罚法 第27条")
    given = (("receiver", "接收机关", receiver, 200), ("facts", "案件基本情况", facts, 5000),
             ("basis", "移送的法律依据", basis, 2000), ("materials", "随附材料", materials, 2000),
             ("contact", "联系人及电话", contact, 200))
    text = {field: clean_text(field, label, value, max_length=n) for field, label, value, n in given}
    with transaction.atomic():
        locked = lock(case)
        require(actor, "case.approve", locked.agency)
        ensure_writable(locked)
        ensure_stage(locked, "unit_review", "移送案件")
        today = timezone.localdate()
        doc = documents.issue(actor=actor, agency=locked.agency, template="case_transfer", subject=locked, on=today,
                              values={
            "agency_short": CaseSettings.of(locked.agency).agency_short, "接收机关": text["receiver"],
            "案由": locked.title, "当事人名称": "、".join(p.name for p in _parties(locked)), "移送理由": reason,
            "案情": text["facts"], "移送依据": text["basis"], "移送材料": text["materials"], "联系人": text["contact"],
            "机关名称": locked.agency.name, "日期": cn_date(today)})
        crime = reason == TRANSFER_REASONS[0]
        transfer = CaseTransfer.objects.create(case=locked, document=doc, receiver=text["receiver"], crime=crime,
                                               transferred_by=actor, transferred_at=timezone.now())
        Opinion.objects.create(case=locked, step=OpinionStep.DECIDE, role=OpinionRole.HEAD, agrees=True,
                               text=f"移送{text['receiver']}：{reason}", by=actor, by_name=name_of(actor),
                               at=timezone.now())
        record(actor, locked, "case.transferred", document=doc.pk, number=doc.number, receiver=text["receiver"],
               crime=crime, reason=reason)
        obligations.meet(subject=locked, rule=DEADLINE_RULE)
        advance(actor, locked, "close", f"移送{text['receiver']}")
    return transfer


def record_transfer_receipt(*, actor: User, case: Case, received_on: dt.date, received_by: str,
                            receipt: Evidence | None = None) -> CaseTransfer:
    """The receiving authority's acknowledgement of the 案件移送书: when, and who signed for it."""
    received_by = clean_text("received_by", "接收人", received_by, max_length=100)
    with transaction.atomic():
        locked = lock(case)
        require(actor, "case.handle", locked.unit)
        ensure_writable(locked, closing=True)
        transfer = CaseTransfer.objects.select_for_update().filter(case=locked).first()
        if transfer is None:
            raise RuleViolation("本案没有移送", field="received_on", rule="行政处罚法 第27条")
        if transfer.received_on is not None:
            raise RuleViolation(f"{transfer.receiver}已于{cn_date(transfer.received_on)}接收", field="received_on",
                                rule="行政处罚法 第27条")
        if not timezone.localdate(transfer.transferred_at) <= received_on <= timezone.localdate():
            raise RuleViolation("接收日期应在移送之日至今天之间", field="received_on", rule="行政处罚法 第27条")
        transfer.received_on, transfer.received_by, transfer.receipt = received_on, received_by, receipt
        transfer.save(update_fields=["received_on", "received_by", "receipt"])
        record(actor, locked, "case.transfer_received", received_on=received_on, received_by=received_by,
               receipt=receipt.pk if receipt else None)
    return transfer


# ---------------------------------------------------------------- 第60条: the 90 days, extended


def decision_deadline(case: Case) -> rules.Deadline | None:
    """The case's deadline for the decision with every approved extension, while it runs (None once the
    decision is made, or for a case that has none)."""
    if case.process != "punishment_general" or case.opened_on is None:
        return None
    live = Obligation.objects.filter(subject_type=case_type(), subject_id=case.pk, rule=DEADLINE_RULE,
                                     state__in=ACTIVE_STATES).exists()
    if not live:
        return None
    extended = sum(e.days for e in case.decision_extensions.all())
    return rules.decision_due(case.opened_on, extension_days=extended)


def extend_decision_deadline(*, actor: User, case: Case, days: int, reason: str,
                             expected_last_day: dt.date | None = None) -> DecisionExtension:
    """The agency head extends the limit for the decision (第60条) by ``days``, with the reason; the obligation
    opened at 立案 moves to the new last day. ``expected_last_day`` is the last day the approver saw: a form sent
    twice finds it moved and extends nothing more."""
    reason = clean_text("reason", "延长理由", reason, max_length=2000)
    with transaction.atomic():
        locked = lock(case)
        require(actor, "case.approve", locked.agency)
        ensure_writable(locked)
        current = decision_deadline(locked)
        if current is None or locked.opened_on is None:
            raise RuleViolation("本案没有正在计算的作出处罚决定期限（尚未立案，或者已经作出决定）", field="days",
                                rule=DEADLINE_RULE)
        if expected_last_day is not None and expected_last_day != current.last_day:
            raise RuleViolation(f"期限现为{cn_date(current.last_day)}，已有变动（可能已经批准延长），请核对后再提交",
                                field="days", rule=DEADLINE_RULE)
        extended = sum(e.days for e in locked.decision_extensions.all())
        today = timezone.localdate()
        due = rules.check_decision_extension(opened_on=locked.opened_on, extended_days=extended, days=days, on=today,
                                             max_days=CaseSettings.of(locked.agency).decision_extension_days)
        extension = DecisionExtension.objects.create(case=locked, days=days, reason=reason, last_day=due.last_day,
                                                     approved_by=actor, approved_by_name=name_of(actor),
                                                     approved_at=timezone.now())
        obligations.ensure_obligation(
            agency=locked.unit, subject=locked, rule=due.rule, due_at=due.due_at,
            title=f"“{locked.title}”应于{due.last_day:%Y-%m-%d}前作出处罚决定（经批准延长{extended + days}日）",
            warn_from=due.due_at - dt.timedelta(days=DECISION_WARN_DAYS), unit=PeriodUnit(due.unit),
            assignee=lead_user(locked), provisional=due.provisional,
            basis="自立案之日起九十日内作出行政处罚决定；经行政机关负责人批准延长")
        record(actor, locked, "case.deadline_extended", days=days, total=extended + days, last_day=due.last_day,
               reason=reason)
    return extension
