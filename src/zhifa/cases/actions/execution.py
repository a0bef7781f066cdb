"""Execution of a decision: payment and the late-payment surcharge (行政处罚法 第66–73条)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from zhifa.agencies.permissions import require
from zhifa.cases import guards, rules
from zhifa.cases.models import (
    Case,
    Payment,
    PaymentPlan,
    PaymentPlanKind,
    PaymentPlanState,
    Service,
)
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.obligations import actions as obligations
from zhifa.records.models import Evidence

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from zhifa.cases.actions.base import case_type, ensure_stage, ensure_writable, lock, record


def decision_of(case: Case) -> tuple[IssuedDocument | None, Service | None]:
    """The case's (latest, not voided) 行政处罚决定书 and its service."""
    decision = (IssuedDocument.objects.filter(subject_type=case_type(), subject_id=case.pk,
                                              template="penalty_decision", voided_at__isnull=True)
                .order_by("-issued_at", "-pk").first())
    service = Service.objects.filter(document=decision).first() if decision else None
    return decision, service


def approved_plan(case: Case) -> PaymentPlan | None:
    """The approved deferral or instalments (行政处罚法 第66条), if any."""
    return case.payment_plans.filter(state=PaymentPlanState.APPROVED).order_by("-decided_at", "-pk").first()


def remedy_spans(case: Case, until: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The days of reconsideration or lawsuit, each from filing through the day its result was served (still
    running: through ``until``), left out of the surcharge (行政处罚法 第73条)."""
    return [(r.filed_on, r.ended_on or until) for r in case.remedies.all() if r.filed_on <= until]


def surcharge_on(case: Case, day: dt.date) -> rules.Surcharge | None:
    """The 加处罚款 owed on ``day`` for the decided fine (行政处罚法 第72条), once the decision is served: from the
    day after the 15 days or the approved deferral (第66条), the days of reconsideration or lawsuit left out
    (第73条). None for instalments: each has its own (``enforcement.instalments_of``)."""
    proposal = guards.latest_proposal(case)
    _decision, service = decision_of(case)
    if proposal is None or service is None or not proposal.fine:
        return None
    plan = approved_plan(case)
    if plan is not None and plan.kind == PaymentPlanKind.INSTALMENTS:
        return None
    return rules.late_payment_surcharge(proposal.fine, served_on=service.served_on, until=day,
                                        paused=remedy_spans(case, day),
                                        deferred_to=plan.deferred_to if plan is not None else None)


def record_payment(*, actor: User, case: Case, paid_on: dt.date, amount: Decimal,
                   receipt: Evidence | None = None) -> Payment:
    """The fine paid; paid late, the amount must carry the 加处罚款 of 第72条 (3% a day, never above the fine)."""
    rule = "行政处罚法 第72条"
    if paid_on > timezone.localdate():
        raise RuleViolation("缴纳日期不能晚于今天", field="paid_on", rule="行政处罚法 第67条")
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "execute", "登记缴纳罚款")
        plan = approved_plan(case)
        if plan is not None and plan.kind == PaymentPlanKind.INSTALMENTS:
            raise RuleViolation("已批准分期缴纳，请逐期登记缴纳", field="amount", rule="行政处罚法 第66条")
        if case.payments.exists():
            raise RuleViolation("罚款已登记缴纳，不能重复登记", field="amount", rule="行政处罚法 第67条")
        surcharge = surcharge_on(case, paid_on)
        if surcharge is None:
            raise RuleViolation("本案决定未含罚款，或决定书尚未送达", field="amount", rule="行政处罚法 第67条")
        _decision, service = decision_of(case)
        if service is not None and paid_on < service.served_on:
            raise RuleViolation("缴纳日期不能早于决定书送达之日", field="paid_on", rule="行政处罚法 第67条")
        fine = guards.latest_proposal(case).fine  # type: ignore[union-attr]  # surcharge_on found it
        owed = fine + surcharge.amount
        if amount != owed:
            raise RuleViolation(f"应缴 {owed} 元（罚款 {fine} 元" + (
                f"，逾期 {surcharge.days} 日加处罚款 {surcharge.amount} 元" if surcharge.days else "") +
                f"），登记的是 {amount} 元", field="amount", rule=rule)
        payment = Payment.objects.create(case=case, paid_on=paid_on, fine=fine, surcharge=surcharge.amount,
                                         receipt=receipt, recorded_by=actor, recorded_at=timezone.now())
        obligations.meet(subject=case, rule="行政处罚法 第67条")
        obligations.meet(subject=case, rule="行政强制法 第53条")  # paid after a 催告: no court needed
        record(actor, case, "case.paid", paid_on=paid_on, fine=fine, surcharge=surcharge.amount,
                overdue_days=surcharge.days, capped=surcharge.capped, receipt=receipt.pk if receipt else None)
    return payment
