"""Closing and archiving (REC-09): the 结案审批表 issued with the head's approval, the 30-day archive deadline
opened at closing, and the 案卷 bound, kept and its digest recorded in the transaction that archives the case.

The engine's transition (``engine.advance``) calls ``open_archive_deadline`` when a case enters 结案 and
``file_dossier`` when it enters 归档; ``opening.sign_opinion`` calls ``issue_closing_form`` when the agency head
approves 结案. None of them checks permission or opens its own transaction: each runs inside its caller's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.agencies.permissions import require
from zhifa.cases import dossier as binding
from zhifa.cases import guards, rules
from zhifa.cases.models import (
    Case,
    CaseDossier,
    CaseSettings,
    DossierRetention,
    OpinionRole,
    OpinionStep,
    PeriodUnitChoice,
)
from zhifa.catalog.documents import CLOSING_OUTCOMES
from zhifa.core.errors import RuleViolation
from zhifa.documents import actions as documents
from zhifa.documents.access import documents_about
from zhifa.documents.models import IssuedDocument
from zhifa.ledger import chain as ledger
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import PeriodUnit
from zhifa.records.models import Evidence

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from zhifa.cases.actions.base import lead_user

# The archive deadline turns yellow this many days before its last day.
ARCHIVE_WARN_DAYS = 5
EXECUTED, OTHER = CLOSING_OUTCOMES[0], CLOSING_OUTCOMES[-1]


def _execution(case: Case) -> tuple[str, str]:
    """What the 结案审批表 says of the execution, and the 结案理由 it supports."""
    payments = list(case.payments.all())
    if payments:
        paid = "；".join(f"当事人于{binding.cn_date(p.paid_on)}缴纳罚款{p.fine}元"
                        + (f"、加处罚款{p.surcharge}元" if p.surcharge else "") for p in payments)
        return paid, EXECUTED
    proposal = guards.latest_proposal(case)
    if proposal is not None and proposal.fine:
        return "罚款尚未缴纳", OTHER
    return "本决定无须缴纳罚款", EXECUTED


def closing_values(case: Case) -> dict[str, object]:
    """The 结案审批表 filled from the case, with the opinions signed so far (the head's just now)."""
    docs = list(documents_about(case))
    decision, result = binding.decision_of(case, docs)
    opinions = {o.role: o for o in case.opinions.all() if o.step == OpinionStep.CLOSE}
    execution, outcome = _execution(case)
    today = timezone.localdate()
    parties = [link.party for link in case.party_links.select_related("party")]
    return {
        "案件号": case.number, "案由": case.title, "当事人名称": "、".join(p.name for p in parties),
        "立案日期": binding.cn_date(case.opened_on), "处理结果": result or "—",
        "决定书文号": f"《{decision.title}》{decision.number}" if decision else "",
        "执行情况": execution, "结案理由": outcome,
        "承办人": "、".join(a.officer.person.name for a in case.assignments.select_related("officer__person")),
        "承办机构意见": opinions[OpinionRole.UNIT].text if OpinionRole.UNIT in opinions else "",
        "负责人审批意见": opinions[OpinionRole.HEAD].text if OpinionRole.HEAD in opinions else "",
        "机关名称": case.agency.name, "日期": binding.cn_date(today),
    }


def issue_closing_form(actor: User, case: Case) -> IssuedDocument:
    """The 结案审批表, issued in the transaction of the head's approval of 结案 (REC-09)."""
    return documents.issue(actor=actor, agency=case.agency, template="case_closing", subject=case,
                           values=closing_values(case), on=timezone.localdate())


def open_archive_deadline(case: Case) -> None:
    """The 案卷 within the agency's period after closing (行政处罚法 第47条; 30 days by default) — an obligation
    on the case for its lead officer, met when the case is archived."""
    closed = timezone.localdate(case.stage_since)
    due = rules.archive_due(closed, CaseSettings.of(case.agency).archive_period)
    obligations.ensure_obligation(
        agency=case.unit, subject=case, rule=due.rule, title=f"“{case.title}”应于{due.last_day:%Y-%m-%d}前立卷归档",
        due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=ARCHIVE_WARN_DAYS), unit=PeriodUnit(due.unit),
        assignee=lead_user(case), provisional=due.provisional, basis="结案后按期将案件材料立卷归档")


def file_dossier(actor: User, case: Case, *, closed: dt.date) -> tuple[CaseDossier, list[int]]:
    """Bind the 案卷, keep its PDF as an SM3 blob, file the case's evidence with it (kept with the file, not
    purged as raw footage), and meet the archive deadline. Returns the dossier and the evidence newly filed;
    the caller's ledger entry names both."""
    now = timezone.now()
    today = timezone.localdate(now)
    retention = CaseSettings.of(case.agency).dossier_retention
    contents, data = binding.build(case, closed=closed, archived=today,
                                   retention=DossierRetention(retention).label, created=now)
    blob = documents.store_bytes(data, now)
    dossier = CaseDossier.objects.create(
        case=case, pdf=blob, pages=contents.cover.pages, cover=asdict(contents.cover),
        catalogue=[asdict(i) for i in contents.items], closed_on=closed, archived_on=today,
        retention=retention, assembled_by=actor, assembled_at=now)
    unfiled = Evidence.objects.filter(pk__in=case.evidence_links.values("evidence_id"), filed=False)
    filed = sorted(unfiled.values_list("pk", flat=True))
    Evidence.objects.filter(pk__in=filed).update(filed=True)
    obligations.meet(subject=case, rule=rules.ARCHIVE_RULE, at=now)
    return dossier, filed


def set_dossier_settings(*, actor: User, agency: Agency, archive_n: int, archive_unit: str,
                         retention: str) -> CaseSettings:
    """The agency's archive period after closing (days or working days) and the 案卷's 保管期限."""
    require(actor, "case.approve", agency)
    if not 1 <= archive_n <= 90:
        raise RuleViolation("立卷归档期限应为1至90", field="archive_n", rule=rules.ARCHIVE_RULE)
    if archive_unit not in PeriodUnitChoice.values:
        raise RuleViolation("请选择期限单位（日或工作日）", field="archive_unit")
    if retention not in DossierRetention.values:
        raise RuleViolation("请选择保管期限", field="retention")
    with transaction.atomic():
        s, _ = CaseSettings.objects.select_for_update().get_or_create(agency=agency)
        changed: dict[str, Any] = {"archive_n": archive_n, "archive_unit": archive_unit,
                                   "dossier_retention": retention}
        if all(getattr(s, k) == v for k, v in changed.items()):
            return s  # the same settings again: nothing changes, nothing recorded
        for k, v in changed.items():
            setattr(s, k, v)
        s.save(update_fields=list(changed))
        ledger.append(actor=actor, agency=agency, kind="case.settings", subject=s, payload=changed)
    return s
