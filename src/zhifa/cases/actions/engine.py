"""Moving a case along its process definition: every guard the transition names must hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from zhifa.agencies.permissions import require
from zhifa.cases import guards
from zhifa.cases.models import (
    Case,
    CaseState,
)
from zhifa.core.errors import RuleViolation

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from zhifa.cases.actions import dossier
from zhifa.cases.actions.base import PROCESS_RULE, clean_text, ensure_writable, lock, record

# What a process does on entering a stage (its module registers it): the deadlines a move opens or meets, in the
# move's transaction. Called with the actor, the case, the stage left and the stage entered.
ENTERED: dict[str, Callable[[User, Case, str, str], None]] = {}


def move(*, actor: User, case: Case, target: str, note: str = "") -> Case:
    """Take the case along one transition of its process: every guard the definition names must hold."""
    note = clean_text("note", "说明", note, max_length=2000, required=False)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        return advance(actor, case, target, note)


def advance(actor: User, case: Case, target: str, note: str = "") -> Case:
    """The transition itself, inside the caller's transaction and permission check (``move`` and the decision)."""
    ensure_writable(case, closing=target == "archive")
    definition = case.definition
    transition = definition.transition(case.stage, target)
    if transition is None:
        here, there = case.stage_label, next((s.label for s in definition.stages if s.code == target), target)
        raise RuleViolation(f"案件在“{here}”环节，不能转入“{there}”", field="target", rule=PROCESS_RULE)
    today = timezone.localdate()
    for guard in transition.guards:
        result = guards.evaluate(guard, case, today)
        if not result.ok:
            raise RuleViolation(result.missing, rule=guard.rule, field="target")
    source, since = case.stage, case.stage_since
    case.stage, case.stage_since = target, timezone.now()
    extra: dict[str, Any] = {}
    if target == "close":
        case.state = CaseState.CLOSED
        dossier.open_archive_deadline(case)
    elif target == "archive":
        case.state = CaseState.ARCHIVED
        # the 案卷 bound and kept in this transaction; this entry holds its SM3 (REC-09)
        bound, filed = dossier.file_dossier(actor, case, closed=timezone.localdate(since))
        extra = {"dossier": bound.pk, "dossier_sm3": bound.pdf.sm3, "pages": bound.pages, "filed_evidence": filed,
                 "digests": [bound.pdf.sm3]}
    case.save(update_fields=["stage", "stage_since", "state"])
    record(actor, case, "case.moved", source=source, target=target, note=note, **extra)
    if case.process in ENTERED:
        ENTERED[case.process](actor, case, source, target)
    return case
