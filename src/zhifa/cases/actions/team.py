"""The case's officers and its record: the team by the may-act rule, evidence linked to a stage, a reason
where AV was unsuitable."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from zhifa.agencies.models import Officer
from zhifa.agencies.permissions import can, require
from zhifa.cases import guards
from zhifa.cases.models import (
    AVStageNote,
    Case,
    CaseEvidence,
    CaseOfficer,
)
from zhifa.catalog.models import AVStage
from zhifa.core.errors import RuleViolation
from zhifa.ledger import chain as ledger
from zhifa.records.models import Evidence

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from zhifa.cases.actions.base import clean_text, ensure_writable, lock, qualified_team, record


def assign_officers(*, actor: User, case: Case, officers: Iterable[Officer], lead: Officer) -> None:
    """Change who handles the case; each must be qualified for its act today (持证上岗)."""
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        team = qualified_team(officers, case.agency, guards.act_of(case, timezone.localdate()))
        if lead.pk not in {o.pk for o in team}:
            raise RuleViolation("主办人员须为承办人员之一", field="lead")
        withdrawn = [o.person.name for o in team if case.recusals.filter(officer=o, granted=True).exists()]
        if withdrawn:  # 行政处罚法 第43条: an officer whose withdrawal was decided does not come back
            raise RuleViolation("已决定回避的执法人员不得再承办本案：" + "、".join(withdrawn), field="officers",
                                rule="行政处罚法 第43条")
        now = timezone.now()
        case.assignments.all().delete()
        CaseOfficer.objects.bulk_create([CaseOfficer(case=case, officer=o, lead=o.pk == lead.pk, assigned_at=now)
                                         for o in team])
        record(actor, case, "case.officers", officers=sorted(o.pk for o in team), lead=lead.pk)


def link_evidence(*, actor: User, case: Case, evidence: Evidence, av_stage: str = "") -> CaseEvidence:
    """File evidence with the case at its current stage (for audio-video, at which 音像记录环节)."""
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        if not can(actor, "evidence.view", evidence.unit) or not evidence.unit.is_within(case.agency):
            raise RuleViolation("只能登记本执法主体的证据", field="evidence")
        if av_stage and (av_stage not in AVStage.values or not evidence.is_av):
            raise RuleViolation("只有录音、录像可登记为音像记录", field="av_stage")
        if CaseEvidence.objects.filter(case=case, evidence=evidence).exists():
            raise RuleViolation(f"“{evidence}”已登记在本案", field="evidence")
        link = CaseEvidence.objects.create(case=case, evidence=evidence, stage=case.stage, av_stage=av_stage,
                                           linked_by=actor, linked_at=timezone.now())
        ledger.append(actor=actor, agency=case.agency, kind="case.evidence_linked", subject=case,
                      payload={"case": case.pk, "stage": case.stage, "evidence": evidence.pk, "av_stage": av_stage},
                      evidence=[evidence.blob.sm3])
    return link


def explain_no_av(*, actor: User, case: Case, av_stage: str, reason: str) -> AVStageNote:
    """The written reason why a stage the 音像记录事项清单 marks was not recorded in audio-video (REC-04)."""
    reason = clean_text("reason", "不宜音像记录的原因", reason, max_length=2000)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        if av_stage not in case.definition.stage(case.stage).av_stages:
            raise RuleViolation("本环节不含该音像记录环节", field="av_stage")
        note, _ = AVStageNote.objects.update_or_create(
            case=case, stage=case.stage, av_stage=av_stage,
            defaults={"reason": reason, "by": actor, "at": timezone.now()})
        record(actor, case, "case.av_reason", av_stage=av_stage, reason=reason)
    return note
