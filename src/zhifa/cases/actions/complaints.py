"""The register of complaints and reports (投诉举报登记), and the agency's case settings."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.agencies.permissions import require
from zhifa.cases import rules
from zhifa.cases.models import (
    CaseSettings,
    Complaint,
    ComplaintChannel,
    ComplaintState,
)
from zhifa.core.errors import RuleViolation
from zhifa.ledger import chain as ledger
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import PeriodUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from zhifa.cases.actions.base import OPEN_COMPLAINT, clean_text


def receive_complaint(*, actor: User, unit: Agency, channel: str, about: str, content: str,
                      reporter_name: str = "", reporter_contact: str = "") -> Complaint:
    """Register a complaint or report; a real-name one carries the duty to tell its author if no case is
    opened (执法公示办法 第九条), an obligation of the receiving unit."""
    require(actor, "case.handle", unit)
    if channel not in ComplaintChannel.values:
        raise RuleViolation("请选择收到投诉举报的渠道", field="channel")
    about = clean_text("about", "被投诉举报对象", about, max_length=200)
    content = clean_text("content", "投诉举报内容", content, max_length=5000)
    reporter_name = clean_text("reporter_name", "投诉举报人", reporter_name, max_length=100, required=False)
    reporter_contact = clean_text("reporter_contact", "联系方式", reporter_contact, max_length=200, required=False)
    if reporter_name and not reporter_contact:
        raise RuleViolation("实名投诉举报请填写联系方式，以便告知处理结果", field="reporter_contact",
                            rule=rules.COMPLAINT_RULE)
    agency = unit.enclosing_agency()
    now = timezone.now()
    with transaction.atomic():
        complaint = Complaint.objects.create(
            agency=agency, unit=unit, received_at=now, received_by=actor, channel=channel, about=about,
            content=content, reporter_name=reporter_name, reporter_contact=reporter_contact)
        ledger.append(actor=actor, agency=agency, kind="complaint.received", subject=complaint, payload={
            "complaint": complaint.pk, "unit": unit.pk, "channel": channel, "about": about,
            "real_name": complaint.real_name})
        if complaint.real_name:
            s = CaseSettings.of(agency)
            due = rules.complaint_answer_due(timezone.localdate(now), s.complaint_period)
            obligations.ensure_obligation(
                agency=unit, subject=complaint, rule=due.rule, title=f"告知投诉举报人“{about}”的处理结果",
                due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=3), unit=PeriodUnit(due.unit),
                assignee=actor, provisional=due.provisional,
                basis="经审查不启动行政执法程序的，告知实名投诉举报人并书面记录")
    return complaint


def answer_complaint(*, actor: User, complaint: Complaint, reason: str) -> Complaint:
    """No case is opened: the reason recorded, and for a real-name complaint, its author told."""
    reason = clean_text("reason", "不予立案的理由", reason, max_length=2000)
    with transaction.atomic():
        complaint = (Complaint.objects.select_for_update(of=("self",)).select_related("agency", "unit")
                     .get(pk=complaint.pk))
        require(actor, "case.handle", complaint.unit)
        if complaint.state not in OPEN_COMPLAINT:
            raise RuleViolation("该投诉举报已办结", field="reason")
        complaint.state = ComplaintState.ANSWERED if complaint.real_name else ComplaintState.CLOSED
        complaint.answer, complaint.answered_at, complaint.answered_by = reason, timezone.now(), actor
        complaint.save(update_fields=["state", "answer", "answered_at", "answered_by"])
        ledger.append(actor=actor, agency=complaint.agency, kind="complaint.answered", subject=complaint,
                      payload={"complaint": complaint.pk, "state": complaint.state, "reason": reason})
        obligations.meet(subject=complaint, rule=rules.COMPLAINT_RULE)
    return complaint


def set_document_code(*, actor: User, agency: Agency, code: str) -> CaseSettings:
    """The agency's 文号机关代字 (鞍自然资): its documents are numbered 鞍自然资立字〔2026〕1号."""
    require(actor, "case.approve", agency)
    code = clean_text("code", "文号机关代字", code, max_length=20)
    with transaction.atomic():
        s, _ = CaseSettings.objects.select_for_update().get_or_create(agency=agency)
        s.document_code = code
        s.save(update_fields=["document_code"])
        ledger.append(actor=actor, agency=agency, kind="case.settings", subject=s, payload={"document_code": code})
    return s
