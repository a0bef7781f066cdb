"""Execution beyond paying on time (行政处罚法 第66–73条; 行政强制法 第35、53、54条): deferral or instalments
with the agency head's approval, reconsideration and lawsuit pausing the surcharge, ordered rectification
re-checked on its day, the 催告 and the application to the court with its ruling."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from zhifa.agencies.models import name_of
from zhifa.agencies.permissions import require
from zhifa.cases import coercion_rules, guards, rules
from zhifa.cases.models import (
    Case,
    CaseSettings,
    CourtApplication,
    CourtRuling,
    Instalment,
    InstalmentPayment,
    Payment,
    PaymentPlan,
    PaymentPlanKind,
    PaymentPlanState,
    Rectification,
    Remedy,
    RemedyKind,
    RemedyResult,
    Service,
    Urge,
)
from zhifa.core.dates import cn_date
from zhifa.core.errors import RuleViolation
from zhifa.documents import actions as documents
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import ACTIVE_STATES, Obligation, ObligationState, PeriodUnit
from zhifa.records.models import Evidence
from zhifa.workdays import calendar

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from zhifa.cases.actions.base import REVOKED_HOOKS, clean_text, ensure_stage, ensure_writable, lead_user, lock, record
from zhifa.cases.actions.execution import approved_plan, decision_of, remedy_spans, surcharge_on

PLAN_RULE = "行政处罚法 第66条"
REMEDY_RULE = "行政处罚法 第73条"
RECTIFY_RULE = "行政处罚法 第28条"
URGE_RULE = "行政强制法 第54条"
COURT_RULE = "行政强制法 第53条"
PAYMENT_RULE = "行政处罚法 第67条"
# The stage a process orders rectification in: a 行政检查 orders it on what it found.
RECTIFY_STAGE = {"inspection": "inspect"}



def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=calendar.SHANGHAI)


def _served_decision(case: Case, *, field: str, rule: str):  # -> tuple[IssuedDocument, Service, Decimal]
    """The served decision and its fine, or a refusal naming ``field`` and ``rule``."""
    decision, service = decision_of(case)
    proposal = guards.latest_proposal(case)
    if decision is None or service is None:
        raise RuleViolation("行政处罚决定书尚未送达", field=field, rule=rule)
    if proposal is None or not proposal.fine:
        raise RuleViolation("本案决定未含罚款", field=field, rule=rule)
    return decision, service, proposal.fine


def _check_day(day: dt.date, *, case: Case, field: str, label: str, rule: str, after: dt.date | None = None,
               after_label: str = "", future: bool = False) -> None:
    """``day`` not before 立案, not before ``after`` (the service of the decision, as a rule), and not after
    today unless ``future``."""
    if case.opened_on is not None and day < case.opened_on:
        raise RuleViolation(f"{label}不能早于立案日期（{cn_date(case.opened_on)}）", field=field, rule=rule)
    if after is not None and day < after:
        raise RuleViolation(f"{label}不能早于{after_label}（{cn_date(after)}）", field=field, rule=rule)
    if not future and day > timezone.localdate():
        raise RuleViolation(f"{label}不能晚于今天", field=field, rule=rule)


# ---------------------------------------------------------------- reading the facts


def pending_remedy(case: Case) -> Remedy | None:
    return next((r for r in case.remedies.all() if r.ended_on is None), None)


def instalment_surcharge(case: Case, instalment: Instalment, day: dt.date) -> rules.Surcharge:
    return rules.overdue_surcharge(instalment.amount, due=rules.Deadline(PLAN_RULE, instalment.due_on, "day"),
                                   until=day, paused=remedy_spans(case, day))


def instalments_of(case: Case, day: dt.date) -> list[tuple[Instalment, rules.Surcharge, Payment | None]]:
    """The approved plan's instalments, each with its surcharge on ``day`` and its payment."""
    plan = approved_plan(case)
    if plan is None or plan.kind != PaymentPlanKind.INSTALMENTS:
        return []
    rows = []
    for inst in plan.instalments.select_related("payment_link__payment"):
        link = getattr(inst, "payment_link", None)
        paid = link.payment if link is not None else None
        rows.append((inst, instalment_surcharge(case, inst, paid.paid_on if paid else day), paid))
    return rows


def fully_paid(case: Case) -> bool:
    plan = approved_plan(case)
    if plan is not None and plan.kind == PaymentPlanKind.INSTALMENTS:
        return all(paid is not None for _i, _s, paid in instalments_of(case, timezone.localdate()))
    return case.payments.exists()


def granted_by_court(case: Case) -> bool:
    """The court ruled to enforce the decision (行政强制法 第53条): its execution is the court's from then."""
    return CourtApplication.objects.filter(case=case, ruling=CourtRuling.GRANTED).exists()


def owed_on(case: Case, day: dt.date) -> tuple[Decimal, Decimal]:
    """What is unpaid on ``day``: the fine (or its unpaid instalments) and the surcharge on it."""
    rows = instalments_of(case, day)
    if rows:
        unpaid = [(i, s) for i, s, paid in rows if paid is None]
        return sum((i.amount for i, _s in unpaid), Decimal(0)), sum((s.amount for _i, s in unpaid), Decimal(0))
    if case.payments.exists():
        return Decimal(0), Decimal(0)
    surcharge = surcharge_on(case, day)
    proposal = guards.latest_proposal(case)
    return (proposal.fine if proposal else Decimal(0)), (surcharge.amount if surcharge else Decimal(0))


def overdue(case: Case, day: dt.date) -> bool:
    """Whether some of the fine was due before ``day`` and is still unpaid."""
    rows = instalments_of(case, day)
    if rows:
        return any(paid is None and i.due_on < day for i, _s, paid in rows)
    surcharge = surcharge_on(case, day)
    return surcharge is not None and not case.payments.exists() and surcharge.due.last_day < day


def _payment_obligations(case: Case) -> list[Obligation]:
    """The live obligations to pay: the fine's (第67条), or each unpaid instalment's (第66条)."""
    from django.contrib.contenttypes.models import ContentType

    subjects = [(ContentType.objects.get_for_model(Case), case.pk, PAYMENT_RULE)]
    plan = approved_plan(case)
    if plan is not None and plan.kind == PaymentPlanKind.INSTALMENTS:
        it = ContentType.objects.get_for_model(Instalment)
        subjects += [(it, pk, PLAN_RULE) for pk in plan.instalments.values_list("pk", flat=True)]
    found: list[Obligation] = []
    for ct, pk, rule in subjects:
        found += Obligation.objects.filter(subject_type=ct, subject_id=pk, rule=rule, state__in=ACTIVE_STATES)
    return found


# ---------------------------------------------------------------- 第66条: deferral or instalments


def apply_payment_plan(*, actor: User, case: Case, kind: str, applied_on: dt.date, reason: str,
                       deferred_to: dt.date | None = None,
                       instalments: Iterable[tuple[dt.date, Decimal]] = (),
                       application: Evidence | None = None) -> PaymentPlan:
    """The party's written application to defer the fine or pay it in instalments (行政处罚法 第66条第二款);
    it changes nothing until the agency head approves it."""
    reason = clean_text("reason", "申请理由", reason, max_length=2000)
    if kind not in PaymentPlanKind.values:
        raise RuleViolation("请选择延期缴纳或者分期缴纳", field="kind", rule=PLAN_RULE)
    plan_rows = list(instalments)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "execute", "登记延期（分期）缴纳罚款申请")
        _decision, service, fine = _served_decision(case, field="applied_on", rule=PLAN_RULE)
        _check_day(applied_on, case=case, field="applied_on", label="书面申请日期", rule=PLAN_RULE,
                   after=service.served_on, after_label="处罚决定书送达之日")
        if case.payments.exists():
            raise RuleViolation("罚款已登记缴纳，无需延期或者分期", field="kind", rule=PLAN_RULE)
        if case.payment_plans.filter(state__in=(PaymentPlanState.APPLIED, PaymentPlanState.APPROVED)).exists():
            raise RuleViolation("已有待审批或者已批准的延期（分期）缴纳申请", field="kind", rule=PLAN_RULE)
        if kind == PaymentPlanKind.DEFER:
            if deferred_to is None:
                raise RuleViolation("请填写延期缴纳的期限", field="deferred_to", rule=PLAN_RULE)
            rules.check_deferral(served_on=service.served_on, deferred_to=deferred_to)
            plan_rows = []
        else:
            deferred_to = None
            rules.check_instalments(fine, served_on=service.served_on, instalments=plan_rows)
        plan = PaymentPlan.objects.create(case=case, kind=kind, applied_on=applied_on, reason=reason,
                                          application=application, deferred_to=deferred_to, recorded_by=actor,
                                          recorded_at=timezone.now())
        Instalment.objects.bulk_create([Instalment(plan=plan, seq=i, due_on=day, amount=amount)
                                        for i, (day, amount) in enumerate(plan_rows, start=1)])
        record(actor, case, "case.payment_plan_applied", plan=plan.pk, plan_kind=kind, applied_on=applied_on,
               reason=reason, deferred_to=deferred_to, application=application.pk if application else None,
               instalments=[{"due_on": day, "amount": amount} for day, amount in plan_rows])
    return plan


def decide_payment_plan(*, actor: User, case: Case, plan: PaymentPlan, approve: bool, opinion: str) -> PaymentPlan:
    """The agency head approves or refuses the application (第66条第二款). Approved, the days the fine is
    due follow it: a deferral moves the payment deadline; instalments replace it with one per instalment."""
    opinion = clean_text("opinion", "审批意见", opinion, max_length=2000)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.approve", case.agency)
        ensure_writable(case)
        ensure_stage(case, "execute", "审批延期（分期）缴纳罚款")
        plan = PaymentPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.case_id != case.pk:
            raise RuleViolation("只能审批本案的申请", rule=PLAN_RULE)
        if plan.state != PaymentPlanState.APPLIED:
            raise RuleViolation(f"该申请已审批（{plan.get_state_display()}）", field="approve", rule=PLAN_RULE)
        plan.state = PaymentPlanState.APPROVED if approve else PaymentPlanState.REFUSED
        plan.decided_by, plan.decided_by_name, plan.decided_at = actor, name_of(actor), timezone.now()
        plan.opinion = opinion
        plan.save()
        if approve:
            _decision, service, fine = _served_decision(case, field="approve", rule=PLAN_RULE)
            if plan.kind == PaymentPlanKind.DEFER:
                assert plan.deferred_to is not None
                due = rules.check_deferral(served_on=service.served_on, deferred_to=plan.deferred_to)
                obligations.ensure_obligation(
                    agency=case.unit, subject=case, rule=PAYMENT_RULE,
                    title=f"经批准延期，当事人应于{due.last_day:%Y-%m-%d}前缴纳罚款{fine}元，逾期每日加处3%",
                    due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=3), unit=PeriodUnit.DAY,
                    assignee=lead_user(case), basis="经当事人申请和行政机关批准，可以暂缓缴纳罚款（第66条第二款）")
            else:
                parts = list(plan.instalments.all())
                rules.check_instalments(fine, served_on=service.served_on,
                                        instalments=[(i.due_on, i.amount) for i in parts])
                for live in _payment_obligations(case):  # the 15 days give way to the instalments
                    if live.rule == PAYMENT_RULE:
                        obligations.waive(actor=actor, obligation=live,
                                          reason="经批准分期缴纳，按各期期限缴纳（行政处罚法 第66条）")
                for inst in parts:
                    due = rules.Deadline(PLAN_RULE, inst.due_on, "day")
                    obligations.ensure_obligation(
                        agency=case.unit, subject=inst, rule=PLAN_RULE,
                        title=f"分期缴纳：第{inst.seq}期{inst.amount}元应于{inst.due_on:%Y-%m-%d}前缴纳",
                        due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=3), unit=PeriodUnit.DAY,
                        assignee=lead_user(case), basis="经当事人申请和行政机关批准，可以分期缴纳罚款（第66条第二款）")
        record(actor, case, "case.payment_plan_decided", plan=plan.pk, plan_kind=plan.kind, approved=approve,
               opinion=opinion, deferred_to=plan.deferred_to)
    return plan


def pay_instalment(*, actor: User, case: Case, instalment: Instalment, paid_on: dt.date, amount: Decimal,
                   receipt: Evidence | None = None) -> Payment:
    """One instalment paid; paid late, with the 加处罚款 on that instalment from its own day (第66、72条)."""
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "execute", "登记分期缴纳")
        plan = approved_plan(case)
        if plan is None or instalment.plan_id != plan.pk:
            raise RuleViolation("该期不属于本案已批准的分期缴纳", field="instalment", rule=PLAN_RULE)
        instalment = Instalment.objects.select_for_update().get(pk=instalment.pk)
        if InstalmentPayment.objects.filter(instalment=instalment).exists():
            raise RuleViolation(f"第{instalment.seq}期已登记缴纳", field="instalment", rule=PLAN_RULE)
        _decision, service, _fine = _served_decision(case, field="paid_on", rule=PLAN_RULE)
        _check_day(paid_on, case=case, field="paid_on", label="缴纳日期", rule=PAYMENT_RULE,
                   after=service.served_on, after_label="处罚决定书送达之日")
        surcharge = instalment_surcharge(case, instalment, paid_on)
        owed = instalment.amount + surcharge.amount
        if amount != owed:
            raise RuleViolation(f"第{instalment.seq}期应缴 {owed} 元（{instalment.amount} 元" + (
                f"，逾期 {surcharge.days} 日加处罚款 {surcharge.amount} 元" if surcharge.days else "") +
                f"），登记的是 {amount} 元", field="amount", rule="行政处罚法 第72条")
        payment = Payment.objects.create(case=case, paid_on=paid_on, fine=instalment.amount,
                                         surcharge=surcharge.amount, receipt=receipt, recorded_by=actor,
                                         recorded_at=timezone.now())
        InstalmentPayment.objects.create(payment=payment, instalment=instalment)
        obligations.meet(subject=instalment, rule=PLAN_RULE)
        if fully_paid(case):
            obligations.meet(subject=case, rule=COURT_RULE)
        record(actor, case, "case.instalment_paid", instalment=instalment.seq, paid_on=paid_on,
               amount=instalment.amount, surcharge=surcharge.amount, overdue_days=surcharge.days,
               receipt=receipt.pk if receipt else None)
    return payment


# ---------------------------------------------------------------- 第73条: reconsideration and lawsuit


def record_remedy(*, actor: User, case: Case, kind: str, filed_on: dt.date, body: str) -> Remedy:
    """The party applied for 行政复议 or brought a 行政诉讼: from ``filed_on`` the surcharge is not counted and
    the payment deadline stops (行政处罚法 第73条), until the result is recorded."""
    body = clean_text("body", "复议机关或人民法院", body, max_length=200)
    if kind not in RemedyKind.values:
        raise RuleViolation("请选择行政复议或者行政诉讼", field="kind", rule=REMEDY_RULE)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        require(actor, "obligation.manage", case.unit)  # it stops the payment deadline's clock
        ensure_writable(case)
        ensure_stage(case, "execute", "登记行政复议、行政诉讼")
        _decision, service = decision_of(case)
        if service is None:
            raise RuleViolation("行政处罚决定书尚未送达", field="filed_on", rule=REMEDY_RULE)
        _check_day(filed_on, case=case, field="filed_on", label="申请（起诉）日期", rule=REMEDY_RULE,
                   after=service.served_on, after_label="处罚决定书送达之日")
        if pending_remedy(case) is not None:
            raise RuleViolation("已登记的行政复议或者行政诉讼尚未登记结果", field="kind", rule=REMEDY_RULE)
        if hasattr(case, "court_application"):
            raise RuleViolation("已申请人民法院强制执行", field="kind", rule=COURT_RULE)
        remedy = Remedy.objects.create(case=case, kind=kind, filed_on=filed_on, body=body, recorded_by=actor,
                                       recorded_at=timezone.now())
        for live in _payment_obligations(case):
            if live.state in (ObligationState.OPEN, ObligationState.LATE):
                obligations.pause(actor=actor, obligation=live, at=_start_of(filed_on))
        record(actor, case, "case.remedy_filed", remedy=remedy.pk, remedy_kind=kind, filed_on=filed_on, body=body)
    return remedy


def end_remedy(*, actor: User, case: Case, remedy: Remedy, ended_on: dt.date, result: str,
               note: str = "") -> Remedy:
    """The result of the reconsideration or lawsuit, served on ``ended_on``: the surcharge and the payment
    deadline count again from the next day."""
    note = clean_text("note", "结果说明", note, max_length=2000, required=False)
    if result not in RemedyResult.values:
        raise RuleViolation("请选择结果", field="result", rule=REMEDY_RULE)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        require(actor, "obligation.manage", case.unit)
        ensure_writable(case)
        remedy = Remedy.objects.select_for_update().get(pk=remedy.pk)
        if remedy.case_id != case.pk:
            raise RuleViolation("只能登记本案的行政复议、行政诉讼", rule=REMEDY_RULE)
        if remedy.ended_on is not None:
            raise RuleViolation(f"该{remedy.get_kind_display()}已登记结果", field="result", rule=REMEDY_RULE)
        _check_day(ended_on, case=case, field="ended_on", label="结果送达日期", rule=REMEDY_RULE,
                   after=remedy.filed_on, after_label="申请（起诉）日期")
        remedy.ended_on, remedy.result, remedy.result_note = ended_on, result, note
        remedy.save(update_fields=["ended_on", "result", "result_note"])
        for live in _payment_obligations(case):
            if live.state == ObligationState.PAUSED:
                obligations.resume(actor=actor, obligation=live, at=_start_of(ended_on + dt.timedelta(days=1)))
        record(actor, case, "case.remedy_ended", remedy=remedy.pk, remedy_kind=remedy.kind, ended_on=ended_on,
               result=result, note=note, paused_days=(ended_on - remedy.filed_on).days + 1)
        if result in (RemedyResult.REVOKED, RemedyResult.CHANGED):
            for hook in REVOKED_HOOKS:
                hook(actor, case, remedy)
    return remedy


# ---------------------------------------------------------------- 第28条: ordered rectification


def order_rectification(*, actor: User, case: Case, immediate: bool, due_on: dt.date | None, violation: str,
                        violated: str, basis: str, content: str, consequence: str, contact: str) -> Rectification:
    """责令改正通知书 (行政处罚法 第28条) with its day; the agency re-checks on that day (an obligation)."""
    given = (("violation", "违法行为", violation, True), ("violated", "违反的规定", violated, True),
             ("basis", "责令改正的依据", basis, True), ("content", "改正内容", content, True),
             ("consequence", "逾期不改正的后果", consequence, False), ("contact", "联系人及电话", contact, True))
    text = {f: clean_text(f, label, v, max_length=2000, required=req) for f, label, v, req in given}
    today = timezone.localdate()
    if immediate:
        due_on = today
    elif due_on is None:
        raise RuleViolation("限期改正须填写改正期限", field="due_on", rule=RECTIFY_RULE)
    elif due_on <= today:
        raise RuleViolation("限期改正的期限应晚于今天；当日改正的请选择立即改正", field="due_on", rule=RECTIFY_RULE)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, RECTIFY_STAGE.get(case.process, "execute"), "责令改正")
        _check_day(due_on, case=case, field="due_on", label="改正期限", rule=RECTIFY_RULE, future=True)
        pending = case.rectifications.filter(checked_on__isnull=True).first()
        if pending is not None:
            raise RuleViolation(f"《责令改正通知书》（{pending.document.number}）尚未复查，复查后方可再次责令改正",
                                field="content", rule=RECTIFY_RULE)
        parties = [link.party for link in case.party_links.select_related("party")]
        doc = documents.issue(actor=actor, agency=case.agency, template="rectification_order", subject=case, on=today,
                              values={
            "agency_short": CaseSettings.of(case.agency).agency_short,
            "当事人名称": "、".join(p.name for p in parties),
            "当事人地址": "、".join(p.address for p in parties if p.address) or "—",
            "违法行为": text["violation"], "违反的规定": text["violated"], "责令依据": text["basis"],
            "改正方式": "立即改正" if immediate else "限期改正",
            "改正期限": "立即" if immediate else f"{cn_date(due_on)}前", "改正内容": text["content"],
            "逾期后果": text["consequence"], "联系人": text["contact"], "机关名称": case.agency.name,
            "日期": cn_date(today)})
        order = Rectification.objects.create(case=case, document=doc, due_on=due_on, content=text["content"],
                                             issued_at=timezone.now())
        due = rules.rectification_recheck_due(due_on)
        obligations.ensure_obligation(
            agency=case.unit, subject=order, rule=RECTIFY_RULE, title=f"{due.last_day:%Y-%m-%d}复查改正情况"
            f"（{doc.number}）", due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=2), unit=PeriodUnit.DAY,
            assignee=lead_user(case), basis="责令当事人改正或者限期改正违法行为，到期复查")
        record(actor, case, "case.rectification_ordered", rectification=order.pk, document=doc.pk,
               number=doc.number, immediate=immediate, due_on=due_on, content=text["content"])
    return order


def record_recheck(*, actor: User, case: Case, rectification: Rectification, checked_on: dt.date, rectified: bool,
                   note: str) -> Rectification:
    """The re-check of a 责令改正: rectified or not, on the day it was due or later (earlier only when the party
    has rectified); it meets the obligation."""
    note = clean_text("note", "复查情况", note, max_length=2000)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        order = Rectification.objects.select_for_update().get(pk=rectification.pk)
        if order.case_id != case.pk:
            raise RuleViolation("只能复查本案的责令改正", rule=RECTIFY_RULE)
        if order.checked_on is not None:
            raise RuleViolation("该责令改正已记录复查结果", field="rectified", rule=RECTIFY_RULE)
        _check_day(checked_on, case=case, field="checked_on", label="复查日期", rule=RECTIFY_RULE,
                   after=timezone.localdate(order.issued_at), after_label="责令改正通知书制作之日")
        if not rectified and checked_on < order.due_on:
            raise RuleViolation(f"改正期限（{cn_date(order.due_on)}）未届满，不能认定未改正", field="checked_on",
                                rule=RECTIFY_RULE)
        order.checked_on, order.rectified, order.check_note, order.checked_by = checked_on, rectified, note, actor
        order.save(update_fields=["checked_on", "rectified", "check_note", "checked_by"])
        obligations.meet(subject=order, rule=RECTIFY_RULE, at=_start_of(checked_on) + dt.timedelta(hours=12))
        record(actor, case, "case.rectification_checked", rectification=order.pk, checked_on=checked_on,
               rectified=rectified, note=note)
    return order


# ---------------------------------------------------------------- 行政强制法 第35、53、54条


@dataclass(frozen=True)
class Enforced:
    """What a 催告 and an application to the court enforce, as the case that runs them reads it: a 行政处罚
    case its own fine, a 行政强制执行 case the decision it was started from. One 催告 and one application
    (below) serve both."""

    urge_stage: str         # the stage of the case's process where the 催告 is made
    court_stage: str        # and where the court is applied to
    title: str              # the decision enforced: 行政处罚决定书, ...
    number: str
    served_on: dt.date      # the remedy periods run from its service
    content: str            # what it decided
    owed: str               # what is still to be performed, in words, on the day
    amount: Decimal         # the money owed (0 where the duty is not to pay)
    complied: bool
    remedy_pending: bool
    not_urgeable: str = ""  # why no 催告 is needed yet, if so
    after_urge: str = "申请人民法院强制执行"  # what the 催告 warns of
    court_deadline: bool = True  # the 催告 opens the obligation to apply to the court (no power of its own)
    statement: str = ""     # the party's statement after the 催告 and its review, as recorded


Reader = Callable[[Case, dt.date, str, str], Enforced]
READERS: dict[str, Reader] = {}


def reads(process: str) -> Callable[[Reader], Reader]:
    """Register how a process's case says what it enforces (its module registers itself)."""
    def register(fn: Reader) -> Reader:
        READERS[process] = fn
        return fn

    return register


def enforced(case: Case, day: dt.date, *, field: str, rule: str) -> Enforced:
    reader = READERS.get(case.process)
    if reader is None:
        raise RuleViolation(f"{case.definition.name}案件没有催告和申请人民法院强制执行环节", field=field, rule=rule)
    return reader(case, day, field, rule)


@reads("punishment_general")
def fine_enforced(case: Case, day: dt.date, field: str, rule: str) -> Enforced:
    """A 行政处罚 case enforces its own fine, with the surcharge of 第72条 on ``day``."""
    decision, service, decided = _served_decision(case, field=field, rule=rule)
    fine, surcharge = owed_on(case, day)
    return Enforced(
        urge_stage="execute", court_stage="execute", title="行政处罚决定书", number=decision.number,
        served_on=service.served_on, content=decision.values.get("处罚内容") or f"罚款{decided}元",
        owed=f"罚款{fine}元、加处罚款{surcharge}元（截至{cn_date(day)}），合计{fine + surcharge}元",
        amount=fine + surcharge,
        complied=fully_paid(case), remedy_pending=pending_remedy(case) is not None,
        not_urgeable="" if overdue(case, day) else "罚款尚未逾期或者已缴纳，无需催告")


def issue_urge(*, actor: User, case: Case, performance: str, contact: str, agency_address: str,
               due_on: dt.date | None = None) -> Urge:
    """The written 催告 (行政强制法 第35、54条) of a decision not carried out: what is owed today, the time limit
    (``due_on``, or 10 working days from receipt), the way to perform, the right to state and defend; it must be
    served before the court is applied to, or the agency decides to enforce."""
    performance = clean_text("performance", "履行方式", performance, max_length=500)
    contact = clean_text("contact", "联系人及电话", contact, max_length=200)
    agency_address = clean_text("agency_address", "本机关地址", agency_address, max_length=200)
    today = timezone.localdate()
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        if due_on is not None:
            coercion_rules.check_urge_limit(issued_on=today, due_on=due_on)
        what = enforced(case, today, field="performance", rule=URGE_RULE)
        ensure_stage(case, what.urge_stage, "催告")
        if what.remedy_pending:
            raise RuleViolation("当事人已申请行政复议或者提起行政诉讼，须待其结果", field="performance",
                                rule=COURT_RULE)
        if what.not_urgeable:
            raise RuleViolation(what.not_urgeable, field="performance", rule=URGE_RULE)
        if case.urges.filter(document__voided_at__isnull=True).exists():
            raise RuleViolation("本案已制作催告书", field="performance", rule=URGE_RULE)
        parties = [link.party for link in case.party_links.select_related("party")]
        doc = documents.issue(actor=actor, agency=case.agency, template="urge_notice", subject=case, on=today, values={
            "agency_short": CaseSettings.of(case.agency).agency_short,
            "当事人名称": "、".join(p.name for p in parties),
            "当事人地址": "、".join(p.address for p in parties if p.address) or "—",
            "决定书名称": what.title, "决定书文号": what.number, "送达日期": cn_date(what.served_on),
            "处罚内容": what.content, "应缴金额": what.owed,
            "履行期限": f"于{cn_date(due_on)}前" if due_on else "自收到本催告书之日起十个工作日内",
            "履行方式": performance, "联系人": contact, "逾期措施": what.after_urge,
            "机关地址": agency_address, "机关名称": case.agency.name, "日期": cn_date(today)})
        urge = Urge.objects.create(case=case, document=doc, amount=what.amount, due_on=due_on,
                                   issued_at=timezone.now())
        if what.court_deadline:
            window = rules.court_application_window(what.served_on)
            due = rules.Deadline(COURT_RULE, window.last_day, "day", window.provisional)
            obligations.ensure_obligation(
                agency=case.unit, subject=case, rule=COURT_RULE,
                title=f"催告后仍不履行的，应于{window.first_day:%Y-%m-%d}至{window.last_day:%Y-%m-%d}申请人民法院强制执行",
                due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=15), unit=PeriodUnit.DAY,
                assignee=lead_user(case), provisional=due.provisional,
                basis="复议、诉讼期限届满之日起三个月内申请人民法院强制执行")
        record(actor, case, "case.urged", urge=urge.pk, document=doc.pk, number=doc.number, amount=what.amount,
               owed=what.owed, due_on=due_on)
    return urge


def urge_delivered(case: Case, document, served_on: dt.date) -> None:  # document: IssuedDocument
    """The 催告书 served (from ``record_service``): where the agency may enforce itself, its time limit opens as an
    obligation (行政强制法 第35条) — passed unfulfilled, the agency may decide to enforce (第37条)."""
    urge = Urge.objects.filter(document=document).first()
    what = enforced(case, served_on, field="document", rule=coercion_rules.URGE_RULE)
    if urge is None or what.court_deadline:
        return
    last = coercion_rules.urge_last_day(served_on=served_on, due_on=urge.due_on)
    due = rules.Deadline(coercion_rules.URGE_RULE, last, "day")
    obligations.ensure_obligation(
        agency=case.unit, subject=urge, rule=coercion_rules.URGE_RULE,
        title=f"催告书（{document.number}）载明的履行期限至{last:%Y-%m-%d}届满；届满仍不履行的，"
              f"可以{what.after_urge}", due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=2),
        unit=PeriodUnit.DAY, assignee=lead_user(case), basis="行政机关作出强制执行决定前，应当事先催告当事人履行义务；"
        "经催告，当事人逾期仍不履行行政决定，且无正当理由的，行政机关可以作出强制执行决定（第35条、第37条）")


def urge_served(case: Case) -> tuple[Urge | None, Service | None]:
    urge = case.urges.filter(document__voided_at__isnull=True).order_by("-issued_at", "-pk").first()
    service = Service.objects.filter(document_id=urge.document_id).first() if urge else None
    return urge, service


def apply_to_court(*, actor: User, case: Case, applied_on: dt.date, court: str,
                   party_opinion: str = "") -> CourtApplication:
    """The agency head applies to the people's court for enforcement: only after the 催告 was served at least
    10 working days earlier without performance (行政强制法 第54条), and within 3 months after the periods of
    reconsideration and lawsuit passed unused (第53条); the numbered 强制执行申请书 is issued with it (第55条)."""
    court = clean_text("court", "人民法院", court, max_length=200)
    party_opinion = clean_text("party_opinion", "当事人的陈述、申辩", party_opinion, max_length=2000, required=False)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.approve", case.agency)
        ensure_writable(case)
        what = enforced(case, applied_on, field="applied_on", rule=COURT_RULE)
        ensure_stage(case, what.court_stage, "申请人民法院强制执行")
        if CourtApplication.objects.filter(case=case).exists():
            raise RuleViolation("本案已申请人民法院强制执行", field="applied_on", rule=COURT_RULE)
        _check_day(applied_on, case=case, field="applied_on", label="申请日期", rule=COURT_RULE,
                   after=what.served_on, after_label=f"{what.title}送达之日")
        urge, urge_service = urge_served(case)
        rules.check_court_application(
            decision_served_on=what.served_on, urge_served_on=urge_service.served_on if urge_service else None,
            applied_on=applied_on, complied=what.complied, remedy_sought=what.remedy_pending)
        assert urge is not None and urge_service is not None
        application = CourtApplication.objects.create(
            case=case, urge=urge, applied_on=applied_on, court=court, applied_by=actor, applied_by_name=name_of(actor),
            recorded_at=timezone.now())
        parties = [link.party for link in case.party_links.select_related("party")]
        # 行政强制法 第55条: the application, signed by the head, goes to the court with the decision and the 催告
        doc = documents.issue(actor=actor, agency=case.agency, template="enforcement_application", subject=case,
                              on=applied_on, values={
            "agency_short": CaseSettings.of(case.agency).agency_short, "人民法院": court,
            "当事人名称": "、".join(p.name for p in parties),
            "当事人地址": "、".join(p.address for p in parties if p.address) or "—",
            "决定书名称": what.title, "决定书文号": what.number, "送达日期": cn_date(what.served_on),
            "处罚内容": what.content,
            "催告书文号": urge.document.number, "催告送达日期": cn_date(urge_service.served_on),
            "当事人意见": party_opinion or what.statement or "当事人收到催告书后未提出陈述、申辩",
            "执行标的": what.owed, "负责人": name_of(actor), "机关名称": case.agency.name, "日期": cn_date(applied_on)})
        obligations.meet(subject=case, rule=COURT_RULE, at=_start_of(applied_on) + dt.timedelta(hours=12))
        record(actor, case, "case.court_applied", application=application.pk, applied_on=applied_on, court=court,
               urge=urge.document.number, document=doc.pk, number=doc.number)
    return application


def record_court_ruling(*, actor: User, case: Case, ruling: str, ruled_on: dt.date, ruling_court: str,
                        note: str = "") -> CourtApplication:
    """The court's ruling on the application: 准予执行 or 不准予执行, its day and court."""
    ruling_court = clean_text("ruling_court", "作出裁定的法院", ruling_court, max_length=200)
    note = clean_text("note", "裁定说明", note, max_length=2000, required=ruling == CourtRuling.REFUSED)
    if ruling not in CourtRuling.values:
        raise RuleViolation("请选择准予执行或者不准予执行", field="ruling", rule=COURT_RULE)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        application = CourtApplication.objects.select_for_update().filter(case=case).first()
        if application is None:
            raise RuleViolation("本案尚未申请人民法院强制执行", field="ruling", rule=COURT_RULE)
        if application.ruling:
            raise RuleViolation("已登记人民法院的裁定", field="ruling", rule=COURT_RULE)
        _check_day(ruled_on, case=case, field="ruled_on", label="裁定日期", rule=COURT_RULE,
                   after=application.applied_on, after_label="申请日期")
        application.ruling, application.ruled_on = ruling, ruled_on
        application.ruling_court, application.ruling_note = ruling_court, note
        application.save(update_fields=["ruling", "ruled_on", "ruling_court", "ruling_note"])
        record(actor, case, "case.court_ruled", application=application.pk, ruling=ruling, ruled_on=ruled_on,
               court=ruling_court, note=note)
    return application
