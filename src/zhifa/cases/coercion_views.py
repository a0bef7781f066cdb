"""行政强制执行 pages (行政强制法 第34–60条): the start page, and the section of the case page with the forms of
the stage — thin views, each parsing one form and calling one write function. The 催告's service and the move
between stages are the case page's own; the application to the court and its ruling post to the 行政处罚
case's views (one function each)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.agencies.models import Officer
from zhifa.agencies.permissions import can, require
from zhifa.cases import actions, coercion_rules, guards, rules
from zhifa.cases.access import access_case, cases_for
from zhifa.cases.actions.coercion import PROCESS, decision_served, live_agreement, live_suspension, urge_lapse_day
from zhifa.cases.coercion_forms import (
    AgreementEndForm,
    AgreementForm,
    CoercionDecisionForm,
    CoercionStartForm,
    CoercionUrgeForm,
    DefenceForm,
    DemolitionNoticeForm,
    EnforceForm,
    ResumeForm,
    SubstituteNoticeForm,
    SuspendForm,
    TerminateForm,
)
from zhifa.cases.execution_forms import CourtApplicationForm, CourtRulingForm
from zhifa.cases.models import (
    Case,
    CaseSettings,
    CaseState,
    Coercion,
    CoercionMeasure,
    DemolitionNotice,
    EnforcementAgreement,
    SubstituteNotice,
)
from zhifa.cases.starts import start_choices
from zhifa.core.forms import render_form, submit
from zhifa.parties.access import parties_for


def _start_form(request) -> CoercionStartForm:
    choices = start_choices(request.user)
    cases = (cases_for(request.user, "case.handle")
             .filter(process="punishment_general", stage="execute", state=CaseState.ACTIVE).order_by("-registered_at"))
    initial = {k: v for k, v in choices.initial.items() if k != "place"}
    if request.GET.get("from", "").isdigit():
        initial["source_case"] = cases.filter(pk=request.GET["from"]).first()
    return CoercionStartForm(request.POST or None, units=choices.units, officers=choices.officers, cases=cases[:200],
                             parties=parties_for(request.user).order_by("name"), items=choices.items, initial=initial)


@login_required
def coercion_start(request) -> HttpResponse:
    """启动强制执行: from a 行政处罚 case whose fine is overdue (``?from=``), or from a decision made outside."""
    require(request.user, "case.handle")
    form = _start_form(request)
    me = Officer.objects.filter(person__user=request.user).first()
    case = submit(request, form, lambda d: actions.start_coercion(actor=request.user, lead=me, **d))
    if case is not None:
        messages.success(request, f"已启动“{case.title}”：请制作催告书")
        return redirect(case)
    return render_form(request, "cases/coercion_start.html", form)


def coercion_context(request, case: Case, handle: bool, forms: dict[str, Any]) -> dict[str, Any]:
    """For the case page: what the case enforces, the 催告, the defence, the decision, the acts and refusals, the
    agreement, the court; the forms of the stage. A 行政处罚 case in 执行 gets the way to start one."""
    if case.process != PROCESS:
        if case.process != "punishment_general":
            return {"coercion": None, "coercion_start_url": "", "enforcements": []}
        enforcements = [c.case for c in Coercion.objects.filter(source_case=case).select_related("case")]
        starts = handle and case.stage == "execute" and not any(c.state == CaseState.ACTIVE for c in enforcements)
        return {"coercion": None, "enforcements": enforcements,
                "coercion_start_url": f"{reverse('cases:coercion_start')}?from={case.pk}" if starts else ""}
    user, today, on = request.user, timezone.localdate(), case.stage
    coercion = actions.coercion_of(case)
    urge, urge_service = actions.urge_served(case)
    decision, decision_service = decision_served(case)
    agreements = list(case.enforcement_agreements.all())
    pending = live_agreement(case)
    application = getattr(case, "court_application", None)
    approver = can(user, "case.approve", case.agency) and case.state == CaseState.ACTIVE
    demolition = DemolitionNotice.objects.filter(case=case).select_related("document").first()
    substitute = SubstituteNotice.objects.filter(case=case).first()
    settings = CaseSettings.of(case.agency)

    def form(name: str, when: bool, make):
        return forms.get(name) or (make() if when else None)

    measure = decision.measure if decision else ""
    return {
        # the 行政处罚 case's forms of the same stage names are not this process's
        "statement_form": None, "proposal_form": None, "payment_form": None,
        "coercion": {
            "record": coercion, "urge": urge, "urge_service": urge_service, "lapse": urge_lapse_day(case),
            "statements": list(case.coercion_statements.all()), "decision": decision,
            "decision_service": decision_service, "acts": list(case.enforcement_acts.all()),
            "agreements": agreements, "application": application, "demolition": demolition,
            "substitute": substitute, "night": (settings.night_starts, settings.night_ends),
            "remedies_end": coercion_rules.remedies_end(coercion.decision_served_on),
            "window": rules.court_application_window(coercion.decision_served_on),
            "earliest": rules.earliest_court_application(urge_service.served_on) if urge_service else None,
            "urge_form": form("urge_form", handle and on == "urge" and urge is None, CoercionUrgeForm),
            "defence_form": form("defence_form", handle and on in ("urge", "statement") and urge_service is not None,
                                 lambda: DefenceForm(initial={"received_on": today})),
            "decision_form": form("cdecision_form", approver and on == "decide" and decision is None,
                                  lambda: CoercionDecisionForm(initial={"execute_from": today,
                                                                        **guards.fixed_draft_texts(case)})),
            "demolition_form": form("demolition_form", handle and on in ("decide", "enforce") and demolition is None
                                    and measure in ("", CoercionMeasure.DEMOLISH),
                                    lambda: DemolitionNoticeForm(initial={"announced_on": today})),
            "substitute_form": form("substitute_form", handle and on == "enforce" and substitute is None
                                    and measure == CoercionMeasure.SUBSTITUTE,
                                    lambda: SubstituteNoticeForm(initial={"served_on": today})),
            "agreement_form": form("agreement_form", approver and on == "enforce" and pending is None,
                                   lambda: AgreementForm(initial={"signed_on": today})),
            "agreement_end_form": form("agreement_end_form", handle and pending is not None, lambda: AgreementEndForm(
                agreements=EnforcementAgreement.objects.filter(case=case, ended_on__isnull=True),
                initial={"agreement": pending, "ended_on": today})),
            "enforce_form": form("enforce_form", handle and on == "enforce" and pending is None, lambda: EnforceForm(
                initial={"at": timezone.localtime().replace(second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M")})),
            "court_form": form("court_form", approver and on == "court" and application is None,
                               lambda: CourtApplicationForm(initial={"applied_on": today})),
            "ruling_form": form("ruling_form", handle and application is not None and not application.ruling,
                                lambda: CourtRulingForm(initial={"ruled_on": today})),
            "suspensions": list(case.enforcement_suspensions.select_related("document", "resume_document")),
            "termination": getattr(case, "enforcement_termination", None),
            "suspend_form": form("suspend_form", approver and on == "enforce" and pending is None,
                                 lambda: SuspendForm(initial={"on": today})),
            "resume_form": form("resume_form", approver and on == "suspend" and live_suspension(case) is not None,
                                lambda: ResumeForm(initial={"on": today})),
            "terminate_form": form("terminate_form", approver and on in ("enforce", "suspend"),
                                   lambda: TerminateForm(initial={"on": today})),
        }}


def _act(request, pk: int, form_name: str, form: Any, action, done: str) -> HttpResponse:
    from zhifa.cases import views  # the case page is views' own; it shows this section

    return views._act(request, pk, form_name, form, action, done)


@login_required
@require_POST
def coercion_urge(request, pk: int) -> HttpResponse:
    return _act(request, pk, "urge_form", CoercionUrgeForm(request.POST),
                lambda case, d: actions.issue_urge(actor=request.user, case=case, **d), "已制作催告书，请登记送达")


@login_required
@require_POST
def coercion_defence(request, pk: int) -> HttpResponse:
    return _act(request, pk, "defence_form", DefenceForm(request.POST),
                lambda case, d: actions.record_defence(actor=request.user, case=case, **d), "已记录陈述、申辩及复核")


@login_required
@require_POST
def coercion_decide(request, pk: int) -> HttpResponse:
    return _act(request, pk, "cdecision_form", CoercionDecisionForm(request.POST),
                lambda case, d: actions.decide_coercion(actor=request.user, case=case, **d),
                "已作出强制执行决定，请登记送达")


@login_required
@require_POST
def coercion_demolition(request, pk: int) -> HttpResponse:
    return _act(request, pk, "demolition_form", DemolitionNoticeForm(request.POST),
                lambda case, d: actions.announce_demolition(actor=request.user, case=case, **d), "已发布强制拆除公告")


@login_required
@require_POST
def coercion_substitute(request, pk: int) -> HttpResponse:
    return _act(request, pk, "substitute_form", SubstituteNoticeForm(request.POST),
                lambda case, d: actions.notify_substitute(actor=request.user, case=case, **d), "已登记代履行前的催告")


@login_required
@require_POST
def coercion_agreement(request, pk: int) -> HttpResponse:
    return _act(request, pk, "agreement_form", AgreementForm(request.POST),
                lambda case, d: actions.sign_agreement(actor=request.user, case=case, **d), "已登记执行协议")


@login_required
@require_POST
def coercion_agreement_end(request, pk: int) -> HttpResponse:
    form = AgreementEndForm(request.POST, agreements=EnforcementAgreement.objects.filter(
        case=access_case(request.user, pk)))
    return _act(request, pk, "agreement_end_form", form,
                lambda case, d: actions.end_agreement(actor=request.user, case=case, **d), "已登记执行协议履行情况")


@login_required
@require_POST
def coercion_enforce(request, pk: int) -> HttpResponse:
    return _act(request, pk, "enforce_form", EnforceForm(request.POST),
                lambda case, d: actions.enforce(actor=request.user, case=case, **d), "已登记强制执行")


@login_required
@require_POST
def coercion_suspend(request, pk: int) -> HttpResponse:
    return _act(request, pk, "suspend_form", SuspendForm(request.POST),
                lambda case, d: actions.suspend_enforcement(actor=request.user, case=case, **d),
                "已作出中止执行决定，请登记送达")


@login_required
@require_POST
def coercion_resume(request, pk: int) -> HttpResponse:
    return _act(request, pk, "resume_form", ResumeForm(request.POST),
                lambda case, d: actions.resume_enforcement(actor=request.user, case=case, **d),
                "已恢复执行，请登记恢复执行决定书的送达")


@login_required
@require_POST
def coercion_terminate(request, pk: int) -> HttpResponse:
    return _act(request, pk, "terminate_form", TerminateForm(request.POST),
                lambda case, d: actions.terminate_enforcement(actor=request.user, case=case, **d),
                "已作出终结执行决定，请登记送达后结案")
