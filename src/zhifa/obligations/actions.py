"""Write functions for obligations: ensure (open or move), meet, pause, resume, waive.

Opening and meeting happen inside the caller's write function (the credential that was issued, the
decision that was served), so they join its transaction; pause, resume and waive are users' acts and
check permission themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from zhifa.agencies.permissions import require
from zhifa.core.errors import RuleViolation
from zhifa.ledger import chain as ledger
from zhifa.obligations.models import ACTIVE_STATES, Obligation, ObligationState, PeriodUnit
from zhifa.workdays import calendar

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhifa.agencies.models import Agency


def _payload(ob: Obligation, **extra: object) -> dict[str, object]:
    return {"subject": f"{ob.subject_type.app_label}.{ob.subject_type.model}:{ob.subject_id}", "rule": ob.rule,
            "state": ob.state, "due_at": ob.due_at, "warn_from": ob.warn_from, "unit": ob.unit,
            "provisional": ob.provisional, **extra}


def _record(ob: Obligation, actor: User | None, kind: str, **extra: object) -> None:
    """The ledger entry of a change to ``ob``; opening and meeting are recorded as the system's doing."""
    ledger.append(actor=actor, agency=ob.agency, kind=kind, subject=ob, payload=_payload(ob, **extra))


def open_many(obligations: list[Obligation]) -> list[Obligation]:
    """Open new obligations on subjects that have none live under their rule (a bulk import's new
    credentials): what ``ensure_obligation`` does for each, with statements per batch. Inside the caller's
    write function, whose permission check and transaction cover it."""
    with transaction.atomic():
        created = Obligation.objects.bulk_create(obligations, batch_size=500)
        ledger.append_many(actor=None, acts=[(ob.agency, "obligation.opened", ob, _payload(ob, title=ob.title))
                                             for ob in created])
    return created


def _live(subject: models.Model, rule: str):
    ct = ContentType.objects.get_for_model(subject)
    return Obligation.objects.filter(subject_type=ct, subject_id=subject.pk, rule=rule, state__in=ACTIVE_STATES)


def ensure_obligation(*, agency: Agency, subject: models.Model, rule: str, title: str, due_at: dt.datetime,
                      warn_from: dt.datetime, unit: PeriodUnit, basis: str = "",
                      assignee: User | None = None, provisional: bool = False) -> Obligation:
    """Open the obligation ``rule`` on ``subject``, or move the deadline of the live one.

    Called from inside another write function, whose permission check and transaction cover it.
    """
    with transaction.atomic():
        live = _live(subject, rule).select_for_update().first()
        fields = {"agency": agency, "title": title, "due_at": due_at, "warn_from": warn_from, "unit": unit,
                  "basis": basis, "assignee": assignee, "provisional": provisional,
                  "subject_label": str(subject)[:200]}
        if live is None:
            live = Obligation.objects.create(subject=subject, rule=rule, **fields)
            _record(live, None, "obligation.opened", title=title)
            return live
        for name, value in fields.items():
            setattr(live, name, value)
        if live.state == ObligationState.LATE and due_at >= timezone.now():
            live.state = ObligationState.OPEN
        live.save()
        _record(live, None, "obligation.moved", title=title)
        return live


def meet(*, subject: models.Model, rule: str, at: dt.datetime | None = None) -> Obligation | None:
    """Mark the live obligation ``rule`` on ``subject`` met; None when there is none to meet."""
    with transaction.atomic():
        live = _live(subject, rule).select_for_update().first()
        if live is None:
            return None
        live.state = ObligationState.MET
        live.met_at = at or timezone.now()
        live.paused_at = None
        live.save(update_fields=["state", "met_at", "paused_at"])
        _record(live, None, "obligation.met", met_at=live.met_at)
        return live


def pause(*, actor: User, obligation: Obligation, at: dt.datetime | None = None) -> Obligation:
    """Stop the clock (e.g. materials returned for completion, REV-05); paused time does not count."""
    require(actor, "obligation.manage", obligation.agency)
    return _pause(actor, obligation.pk, at)


def _pause(actor: User, pk: int, at: dt.datetime | None) -> Obligation:
    with transaction.atomic():
        ob = Obligation.objects.select_for_update().get(pk=pk)
        if ob.state not in (ObligationState.OPEN, ObligationState.LATE):
            raise RuleViolation(f"只有待办或逾期的事项可以中止计时，当前状态为“{ob.get_state_display()}”",
                                rule="SUP-03", field="state")
        ob.state = ObligationState.PAUSED
        ob.paused_at = at or timezone.now()
        ob.save(update_fields=["state", "paused_at"])
        _record(ob, actor, "obligation.paused", paused_at=ob.paused_at)
        return ob


def extend_by_pause(ob: Obligation, paused_at: dt.datetime, resumed_at: dt.datetime) -> tuple[dt.datetime, bool]:
    """The due time moved on by the paused stretch, counted in the obligation's own unit.

    For a working-day period only the working days lost to the pause are added back, so a pause over a
    weekend does not lengthen the limit; the answer is provisional if the calendar's was.
    """
    if ob.unit == PeriodUnit.WORKDAY:
        local = timezone.localtime
        lost = calendar.working_days_between(local(paused_at).date(), local(resumed_at).date())
        answer = calendar.add_working_days(local(ob.due_at).date(), lost)
        due = ob.due_at + (answer.date - local(ob.due_at).date())
        return due, answer.provisional
    return ob.due_at + (resumed_at - paused_at), False


def resume(*, actor: User, obligation: Obligation, at: dt.datetime | None = None) -> Obligation:
    require(actor, "obligation.manage", obligation.agency)
    return _resume(actor, obligation.pk, at)


def _resume(actor: User, pk: int, at: dt.datetime | None) -> Obligation:
    with transaction.atomic():
        ob = Obligation.objects.select_for_update().get(pk=pk)
        if ob.state != ObligationState.PAUSED or ob.paused_at is None:
            raise RuleViolation("只有中止计时的事项可以恢复计时", rule="SUP-03", field="state")
        resumed_at = at or timezone.now()
        shift_due, provisional = extend_by_pause(ob, ob.paused_at, resumed_at)
        ob.warn_from += shift_due - ob.due_at
        ob.due_at = shift_due
        ob.provisional = ob.provisional or provisional
        ob.paused_at = None
        ob.state = ObligationState.LATE if resumed_at > ob.due_at else ObligationState.OPEN
        ob.save(update_fields=["state", "paused_at", "due_at", "warn_from", "provisional"])
        _record(ob, actor, "obligation.resumed", resumed_at=resumed_at)
        return ob


def pause_on(*, actor: User, subject: models.Model, rule: str, at: dt.datetime | None = None) -> Obligation | None:
    """Pause the live obligation ``rule`` on ``subject`` inside the caller's write function (whose permission
    check covers it: the reviewer returning materials, REV-05); None when there is none running."""
    live = _live(subject, rule).filter(state__in=(ObligationState.OPEN, ObligationState.LATE)).first()
    return _pause(actor, live.pk, at) if live is not None else None


def resume_on(*, actor: User, subject: models.Model, rule: str, at: dt.datetime | None = None) -> Obligation | None:
    """Resume the paused obligation ``rule`` on ``subject`` inside the caller's write function."""
    live = _live(subject, rule).filter(state=ObligationState.PAUSED).first()
    return _resume(actor, live.pk, at) if live is not None else None


def waive(*, actor: User, obligation: Obligation, reason: str) -> Obligation:
    require(actor, "obligation.manage", obligation.agency)
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("免除期限事项必须填写理由", rule="SUP-03", field="reason")
    with transaction.atomic():
        ob = Obligation.objects.select_for_update().get(pk=obligation.pk)
        if ob.state not in ACTIVE_STATES:
            raise RuleViolation(f"该事项已{ob.get_state_display()}，不能再免除", rule="SUP-03", field="state")
        ob.state = ObligationState.WAIVED
        ob.waived_reason = reason[:300]
        ob.paused_at = None
        ob.save(update_fields=["state", "waived_reason", "paused_at"])
        _record(ob, actor, "obligation.waived", reason=ob.waived_reason)
        return ob
