"""行政征收征用 and 行政收费: the start pages and the case page's section — the basis and standard from the 事项清单,
the amount as computed, the decision, when it is due, the remedies, and the settlement with its receipt. Thin:
parse, call one write function, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.agencies.models import Officer
from zhifa.agencies.permissions import can, require
from zhifa.cases import actions, guards, rules
from zhifa.cases.access import access_case
from zhifa.cases.actions.levy import KINDS_OF
from zhifa.cases.execution_forms import CourtApplicationForm, CourtRulingForm, UrgeForm
from zhifa.cases.levy_forms import AssessForm, LevyDecisionForm, LevyStartForm, ReturnForm, SettlementForm
from zhifa.cases.levy_rules import LevyKind
from zhifa.cases.models import Case, CaseState, CourtApplication, Levy
from zhifa.cases.starts import start_choices
from zhifa.catalog.evaluate import item_in_force
from zhifa.catalog.processes import PROCESSES
from zhifa.core.forms import render_form, submit
from zhifa.parties.access import parties_for
from zhifa.records.models import Evidence

LEVY_PROCESSES = tuple(KINDS_OF)


def _start_form(request, process: str) -> LevyStartForm:
    choices = start_choices(request.user, PROCESSES[process].action_kind)
    initial = {**choices.initial, "act_on": timezone.localdate()}
    if len(choices.items) == 1:
        initial["item_code"] = choices.items[0][0]
    return LevyStartForm(request.POST or None, kinds=[(k.value, k.label) for k in KINDS_OF[process]],
                         units=choices.units, items=choices.items, parties=parties_for(request.user).order_by("name"),
                         places=choices.places, officers=choices.officers, initial=initial)


def _start(request, process: str) -> HttpResponse:
    require(request.user, "case.handle")
    form = _start_form(request, process)
    me = Officer.objects.filter(person__user=request.user).first()
    case = submit(request, form, lambda d: actions.start_levy_case(actor=request.user, process=process, lead=me, **d))
    if case is not None:
        messages.success(request, f"已开始办理“{case.title}”：请核定数额")
        return redirect(case)
    return render_form(request, "cases/levy_start.html", form, process=PROCESSES[process])


@login_required
def start_expropriation(request) -> HttpResponse:
    return _start(request, "expropriation")


@login_required
def start_charge(request) -> HttpResponse:
    return _start(request, "charge")


def _receipts(case: Case):
    return Evidence.objects.filter(pk__in=case.evidence_links.values("evidence_id")).order_by("-received_at")


def levy_context(request, case: Case, handle: bool, forms: dict[str, Any]) -> dict[str, Any]:
    """The case page's levy section: nothing for a case of another kind (and no query for it)."""
    if case.process not in LEVY_PROCESSES:
        return {"levy": None}
    levy = Levy.objects.select_related("decision", "receipt", "settled_by").get(case=case)
    today = timezone.localdate()
    service = case.services.filter(document_id=levy.decision_id).first() if levy.decision_id else None
    remedies = rules.remedy_periods(service.served_on) if service is not None else None
    item = item_in_force(case.agency, case.item_code, today) or {}
    charge = levy.kind == LevyKind.CHARGE

    def form(name: str, when: bool, make):
        return forms.get(name) or (make() if when else None)

    initial = {f: getattr(levy, f) for f in ("base_label", "base", "base_unit", "rate", "rate_unit", "standard")
               if getattr(levy, f) not in (None, "")}
    settling = handle and case.stage == "settle"
    requisition = levy.kind == LevyKind.REQUISITION
    payments = list(levy.payments.select_related("receipt"))
    balance = actions.balance_of(levy, today) if levy.amount is not None and service is not None else None
    enforceable = balance is not None and not requisition and levy.due_on is not None
    overdue = enforceable and balance is not None and balance.owed > 0 and today > levy.due_on  # type: ignore[operator]
    urge, urge_service = actions.urge_served(case) if enforceable else (None, None)
    application = CourtApplication.objects.filter(case=case).first() if urge is not None else None
    approver = case.stage == "settle" and can(request.user, "case.approve", case.agency)
    return {"levy": {
        "row": levy, "assessment": levy.assessment, "service": service, "item": item, "charge": charge,
        "amount": f"{levy.amount:,.2f}" if levy.amount is not None else "",
        "settled": f"{levy.settled_amount:,.2f}" if levy.settled_amount is not None else "",
        "payments": [(p, f"{p.amount:,.2f}") for p in payments], "balance": balance,
        "money": {k: f"{v:,.2f}" for k, v in (("late", balance.late), ("paid", balance.paid),
                                                ("owed", balance.owed))} if balance else {},
        "overdue": overdue, "urge": urge, "urge_service": urge_service,
        "application": application,
        "earliest": rules.earliest_court_application(urge_service.served_on) if urge_service else None,
        "window": rules.court_application_window(service.served_on) if enforceable and service else None,
        "urge_form": form("urge_form", settling and overdue and urge is None, UrgeForm),
        "court_form": form("court_form", approver and urge_service is not None and application is None
                           and balance is not None and balance.owed > 0,
                           lambda: CourtApplicationForm(initial={"applied_on": today})),
        "ruling_form": form("ruling_form", handle and application is not None and not application.ruling,
                            lambda: CourtRulingForm(initial={"ruled_on": today})),
        "return_form": form("return_form", settling and requisition and levy.returned_on is None,
                            lambda: ReturnForm(initial={"returned_on": today})),
        "review_end": remedies[0].date if remedies else None, "lawsuit_end": remedies[1].date if remedies else None,
        "settle_label": "支付补偿" if levy.kind == LevyKind.REQUISITION else "缴纳",
        "assess_form": form("assess_form", handle and case.stage == "assess",
                            lambda: AssessForm(charge=charge, initial=initial)),
        "decision_form": form("levy_decision_form", case.state == CaseState.ACTIVE and case.stage == "levy_decision"
                              and can(request.user, "case.approve", case.agency),
                              lambda: LevyDecisionForm(kind=levy.kind, initial=guards.fixed_draft_texts(case))),
        "settlement_form": form("settlement_form", settling and levy.settled_on is None, lambda: SettlementForm(
            receipts=_receipts(case), initial={"settled_on": today,
                                               "amount": balance.owed if balance else levy.amount})),
    }}


def _act(request, pk: int, form_name: str, form: Any, action, done: str) -> HttpResponse:
    from zhifa.cases import views  # the case page is views' own; it shows this section

    return views._act(request, pk, form_name, form, action, done)


def _kind(request, pk: int) -> str:
    case = access_case(request.user, pk)
    levy = Levy.objects.filter(case=case).first()
    return levy.kind if levy is not None else ""


@login_required
@require_POST
def levy_assess(request, pk: int) -> HttpResponse:
    form = AssessForm(request.POST, charge=_kind(request, pk) == LevyKind.CHARGE)
    return _act(request, pk, "assess_form", form,
                lambda case, d: actions.assess_levy(actor=request.user, case=case, **d), "已核定数额")


@login_required
@require_POST
def levy_decide(request, pk: int) -> HttpResponse:
    form = LevyDecisionForm(request.POST, kind=_kind(request, pk))
    return _act(request, pk, "levy_decision_form", form,
                lambda case, d: actions.decide_levy(actor=request.user, case=case, **d), "已作出决定并制作文书")


@login_required
@require_POST
def levy_settle(request, pk: int) -> HttpResponse:
    form = SettlementForm(request.POST, receipts=_receipts(access_case(request.user, pk)))
    return _act(request, pk, "settlement_form", form,
                lambda case, d: actions.record_settlement(actor=request.user, case=case, **d), "已登记缴纳（支付）")


@login_required
@require_POST
def levy_return(request, pk: int) -> HttpResponse:
    return _act(request, pk, "return_form", ReturnForm(request.POST),
                lambda case, d: actions.record_return(actor=request.user, case=case, **d), "已登记财产返还")
