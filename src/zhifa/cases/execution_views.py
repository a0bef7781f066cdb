"""The execution section of the case page (行政处罚法 第66–73条; 行政强制法 第53、54条): thin views, each
parsing one form and calling one write function."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.agencies.permissions import can
from zhifa.cases import actions, rules
from zhifa.cases.access import access_case
from zhifa.cases.execution_forms import (
    CourtApplicationForm,
    CourtRulingForm,
    InstalmentPaymentForm,
    PaymentPlanForm,
    PlanDecisionForm,
    RecheckForm,
    RectificationForm,
    RemedyEndForm,
    RemedyForm,
    UrgeForm,
)
from zhifa.cases.models import Case, Instalment, PaymentPlan, PaymentPlanState, Rectification, Remedy


def _act(request, pk: int, form_name: str, form: Any, action, done: str) -> HttpResponse:
    from zhifa.cases import views  # the case page is views' own; it shows this section

    return views._act(request, pk, form_name, form, action, done)


# A form posted twice finds its row still in the queryset, so the write function answers why not (already
# approved, already paid), beside the form.
def _plans(case: Case):
    return PaymentPlan.objects.filter(case=case)


def _instalments(case: Case, *, unpaid: bool = False):
    qs = Instalment.objects.filter(plan__case=case, plan__state=PaymentPlanState.APPROVED).order_by("seq")
    return qs.filter(payment_link__isnull=True) if unpaid else qs


def _remedies(case: Case):
    return Remedy.objects.filter(case=case)


def _rectifications(case: Case):
    return Rectification.objects.filter(case=case)


def execution_context(request, case: Case, handle: bool, forms: dict[str, Any]) -> dict[str, Any]:
    """What the execution section shows: the surcharge as computed, the plan, remedies, rectification, 催告 and
    the court; and the forms the user may use now."""
    if case.process != "punishment_general":  # a 行政强制执行 case shows its 催告 and court in its own section
        return {"execution": None}
    user, today = request.user, timezone.localdate()
    executing = case.stage == "execute"
    plans = list(case.payment_plans.prefetch_related("instalments"))
    remedies = list(case.remedies.all())
    rectifications = list(case.rectifications.select_related("document"))
    urge, urge_service = actions.urge_served(case)
    application = getattr(case, "court_application", None) if hasattr(case, "court_application") else None
    # an inspection's 责令整改 and its re-check are in the inspection's own section
    if case.process == "inspection" or not (executing or plans or remedies or rectifications or urge):
        return {"execution": None}
    decision, service = actions.decision_of(case)
    paid = actions.fully_paid(case)
    pending = actions.pending_remedy(case)
    applied = next((p for p in plans if p.state == PaymentPlanState.APPLIED), None)
    approved = actions.approved_plan(case)
    instalments = actions.instalments_of(case, today)
    pending_order = next((r for r in rectifications if r.checked_on is None), None)
    approver = can(user, "case.approve", case.agency) and executing
    may_pause = handle and can(user, "obligation.manage", case.unit)
    fine, surcharge = actions.owed_on(case, today)
    surcharge_now = actions.surcharge_on(case, today)
    window = rules.court_application_window(service.served_on) if service is not None else None
    earliest = rules.earliest_court_application(urge_service.served_on) if urge_service is not None else None
    act = handle and executing

    def form(name: str, when: bool, make):  # the bound form handed back after a refusal, or a fresh one
        return forms.get(name) or (make() if when else None)

    overrides: dict[str, Any] = {}
    if ((approved is not None and instalments) or paid) and "payment_form" not in forms:
        overrides["payment_form"] = None  # paid in instalments (below), or paid: the whole-fine form is not for it
    return {**overrides, "execution": {
        "plans": plans, "remedies": remedies, "rectifications": rectifications, "urge": urge,
        "urge_service": urge_service, "application": application, "paid": paid, "pending": pending,
        "instalments": instalments, "approved": approved, "owed_fine": fine, "owed_surcharge": surcharge,
        "surcharge": surcharge_now, "paused_days": surcharge_now.paused_days if surcharge_now is not None else sum(
            (min(b, today) - a).days + 1 for a, b in actions.remedy_spans(case, today)),
        "window": window, "earliest": earliest, "decision": decision,
        "plan_form": form("plan_form", act and not paid and not applied and not approved and service is not None,
                          lambda: PaymentPlanForm(initial={"applied_on": today})),
        "plan_decision_form": form("plan_decision_form", approver and applied is not None, lambda: PlanDecisionForm(
            plans=_plans(case).filter(state=PaymentPlanState.APPLIED), initial={"plan": applied})),
        "instalment_form": form("instalment_form", act and any(p is None for _i, _s, p in instalments),
                                lambda: InstalmentPaymentForm(instalments=_instalments(case, unpaid=True),
                                                              initial={"paid_on": today})),
        "remedy_form": form("remedy_form", act and may_pause and pending is None and application is None
                            and service is not None, lambda: RemedyForm(initial={"filed_on": today})),
        "remedy_end_form": form("remedy_end_form", handle and may_pause and pending is not None,
                                lambda: RemedyEndForm(remedies=_remedies(case).filter(ended_on__isnull=True),
                                                      initial={"remedy": pending, "ended_on": today})),
        "rectification_form": form("rectification_form", act and pending_order is None, RectificationForm),
        "recheck_form": form("recheck_form", handle and pending_order is not None, lambda: RecheckForm(
            rectifications=_rectifications(case).filter(checked_on__isnull=True),
            initial={"rectification": pending_order, "checked_on": today})),
        "urge_form": form("urge_form", act and urge is None and not paid and actions.overdue(case, today), UrgeForm),
        "court_form": form("court_form", approver and urge_service is not None and application is None and not paid,
                           lambda: CourtApplicationForm(initial={"applied_on": today})),
        "ruling_form": form("ruling_form", handle and application is not None and not application.ruling,
                            lambda: CourtRulingForm(initial={"ruled_on": today})),
    }}


@login_required
@require_POST
def case_payment_plan(request, pk: int) -> HttpResponse:
    return _act(request, pk, "plan_form", PaymentPlanForm(request.POST),
                lambda case, d: actions.apply_payment_plan(actor=request.user, case=case, **d),
                "已登记延期（分期）缴纳罚款申请，待行政机关负责人审批")


@login_required
@require_POST
def case_payment_plan_decision(request, pk: int) -> HttpResponse:
    form = PlanDecisionForm(request.POST, plans=_plans(access_case(request.user, pk)))
    return _act(request, pk, "plan_decision_form", form,
                lambda case, d: actions.decide_payment_plan(actor=request.user, case=case, **d), "已审批")


@login_required
@require_POST
def case_instalment(request, pk: int) -> HttpResponse:
    form = InstalmentPaymentForm(request.POST, instalments=_instalments(access_case(request.user, pk)))
    return _act(request, pk, "instalment_form", form,
                lambda case, d: actions.pay_instalment(actor=request.user, case=case, **d), "已登记分期缴纳")


@login_required
@require_POST
def case_remedy(request, pk: int) -> HttpResponse:
    return _act(request, pk, "remedy_form", RemedyForm(request.POST),
                lambda case, d: actions.record_remedy(actor=request.user, case=case, **d),
                "已登记；复议、诉讼期间加处罚款不予计算")


@login_required
@require_POST
def case_remedy_end(request, pk: int) -> HttpResponse:
    form = RemedyEndForm(request.POST, remedies=_remedies(access_case(request.user, pk)))
    return _act(request, pk, "remedy_end_form", form,
                lambda case, d: actions.end_remedy(actor=request.user, case=case, **d), "已登记结果，恢复计算")


@login_required
@require_POST
def case_rectification(request, pk: int) -> HttpResponse:
    return _act(request, pk, "rectification_form", RectificationForm(request.POST),
                lambda case, d: actions.order_rectification(actor=request.user, case=case, **d),
                "已制作责令改正通知书")


@login_required
@require_POST
def case_recheck(request, pk: int) -> HttpResponse:
    form = RecheckForm(request.POST, rectifications=_rectifications(access_case(request.user, pk)))
    return _act(request, pk, "recheck_form", form,
                lambda case, d: actions.record_recheck(actor=request.user, case=case, **d), "已记录复查结果")


@login_required
@require_POST
def case_urge(request, pk: int) -> HttpResponse:
    return _act(request, pk, "urge_form", UrgeForm(request.POST),
                lambda case, d: actions.issue_urge(actor=request.user, case=case, **d), "已制作催告书，请登记送达")


@login_required
@require_POST
def case_court(request, pk: int) -> HttpResponse:
    return _act(request, pk, "court_form", CourtApplicationForm(request.POST),
                lambda case, d: actions.apply_to_court(actor=request.user, case=case, **d),
                "已申请人民法院强制执行")


@login_required
@require_POST
def case_court_ruling(request, pk: int) -> HttpResponse:
    return _act(request, pk, "ruling_form", CourtRulingForm(request.POST),
                lambda case, d: actions.record_court_ruling(actor=request.user, case=case, **d),
                "已登记人民法院的裁定")
