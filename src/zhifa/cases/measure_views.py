"""行政强制措施 (查封、扣押): its start page — on its own, or from the 行政处罚 case it serves (``?case=``) — and its
section of the case page: approval or the emergency report, the 现场笔录 with the 决定书 and 清单, the period with
its extension and testing, the release. Thin: parse, call one write function, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.agencies.models import ActionKind, Officer
from zhifa.agencies.permissions import agencies_in_reach, can, require
from zhifa.cases import actions, guards
from zhifa.cases import measure_rules as mr
from zhifa.cases.access import access_case, cases_for
from zhifa.cases.actions.measure import PUNISHMENT_PROCESSES
from zhifa.cases.measure_forms import (
    ApprovalForm,
    DisposalForm,
    ExtensionForm,
    FreezeBasisForm,
    FreezeForm,
    MeasureStartForm,
    OnsiteForm,
    ReleaseForm,
    ReportForm,
    TestingForm,
)
from zhifa.cases.measure_guards import measure_record
from zhifa.cases.models import Case, CaseSettings, CaseState, DisposalKind, MeasureKind
from zhifa.cases.starts import start_choices
from zhifa.core.forms import render_form, submit
from zhifa.parties.access import parties_for


def _start_form(request, data=None, initial: dict[str, Any] | None = None) -> MeasureStartForm:
    choices = start_choices(request.user, ActionKind.COERCION)
    initial = {**choices.initial, "act_on": timezone.localdate(), **(initial or {})}
    if len(choices.items) == 1:
        initial.setdefault("item_code", choices.items[0][0])
    cases = cases_for(request.user).filter(process__in=PUNISHMENT_PROCESSES, state=CaseState.ACTIVE)
    return MeasureStartForm(data, units=choices.units, items=choices.items, places=choices.places,
                            officers=choices.officers, parties=parties_for(request.user).order_by("name"),
                            cases=cases, initial=initial)


@login_required
def measure_start(request) -> HttpResponse:
    """实施行政强制措施: on its own, or for the 行政处罚 case ``?case=`` (out of reach: 404), whose party, place and
    team it takes."""
    require(request.user, "case.handle")
    initial: dict[str, Any] = {}
    served = None
    if request.GET.get("case"):
        if not request.GET["case"].isdigit() or len(request.GET["case"]) > 18:
            raise Http404
        served = access_case(request.user, int(request.GET["case"]))
        if served.process not in PUNISHMENT_PROCESSES:
            raise Http404
        party = next((link.party for link in served.party_links.select_related("party")), None)
        initial = {"punishment_case": served, "party": party, "unit": served.unit, "place": served.place,
                   "act_on": served.act_on, "title": f"{served.title}（查封扣押）", "facts": served.summary,
                   "officers": [a.officer for a in served.assignments.select_related("officer")]}
    form = _start_form(request, request.POST if request.method == "POST" else None, initial)
    me = Officer.objects.filter(person__user=request.user).first()
    case = submit(request, form, lambda d: actions.start_measure(actor=request.user, lead=me, **d))
    if case is not None:
        messages.success(request, "已当场实施，请在24小时内向负责人报告" if case.stage == "implement"
                         else "已报请行政机关负责人批准；批准后方可实施")
        return redirect(case)
    return render_form(request, "cases/measure_start.html", form, served=served,
                       may_set_freeze=can(request.user, "case.approve"))


@login_required
def freeze_basis(request) -> HttpResponse:
    """冻结存款、汇款的法律授权 (第29条) of the 执法主体 the user heads: shown, and set by the head."""
    require(request.user, "case.approve")
    agencies = agencies_in_reach(request.user, "case.approve").filter(level__is_agency=True).order_by("name")
    form = FreezeBasisForm(request.POST if request.method == "POST" else None, agencies=agencies,
                           initial={"agency": agencies.first()})
    if submit(request, form, lambda d: actions.set_freeze_basis(actor=request.user, **d)) is not None:
        messages.success(request, "已保存冻结存款、汇款的法律授权")
        return redirect("cases:measure_freeze_basis")
    settings = {s.agency_id: s.freeze_basis for s in CaseSettings.objects.filter(agency__in=agencies)}
    rows = [(a, settings.get(a.pk, "")) for a in agencies]
    return render_form(request, "cases/freeze_basis.html", form, rows=rows)


def measure_context(request, case: Case, handle: bool, forms: dict[str, Any]) -> dict[str, Any]:
    """The measure's section (on a measure's case page), or the measures a 行政处罚 case has (on its page)."""
    measure = measure_record(case)
    if measure is None:
        if case.process not in PUNISHMENT_PROCESSES:  # only a 行政处罚 case has measures serving it
            return {"measure": None, "linked_measures": [], "measure_start_url": ""}
        linked = list(case.measures.select_related("case"))
        may_start = handle and case.state == CaseState.ACTIVE and can(request.user, "case.handle", case.unit)
        return {"measure": None, "linked_measures": linked,
                "measure_start_url": f"{reverse('cases:measure_start')}?case={case.pk}" if may_start else ""}
    user, now = request.user, timezone.now()
    today = timezone.localdate(now)
    head = can(user, "case.approve", case.agency) and case.state == CaseState.ACTIVE
    due = actions.measure_due(measure)
    holding = measure.started_on is not None and measure.release_id is None and case.stage in ("implement", "hold")
    report_due = mr.report_due(measure.acted_at) if measure.emergency and measure.acted_at else None
    freeze = measure.kind == MeasureKind.FREEZE

    def form(name: str, when: bool, make: Any) -> Any:
        return forms.get(name) or (make() if when else None)

    return {"measure": {
        "m": measure, "due": due, "report_due": report_due, "testings": list(measure.testings.all()),
        "days_left": (due.last_day - today).days if due is not None and holding else None,
        "holding": holding,
        "report_form": form("measure_report_form", handle and measure.emergency and measure.reported_at is None,
                            lambda: ReportForm(initial={"reported_at": timezone.localtime(now).replace(
                                second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M")})),
        "approval_form": form("measure_approval_form", head and measure.approved is None and (
            measure.reported_at is not None if measure.emergency else case.stage == "approve"), ApprovalForm),
        "freeze": freeze,
        "delivery_due": mr.freeze_delivery_due(measure.started_on) if freeze and measure.started_on else None,
        "delivered": freeze and measure.decision_id is not None and case.services.filter(
            document_id=measure.decision_id).exists(),
        "freeze_form": form("measure_freeze_form", handle and freeze and case.stage == "implement"
                            and measure.record_id is None, lambda: FreezeForm(initial={"acted_at": timezone.localtime(
                                now).replace(second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M"),
                                **guards.fixed_draft_texts(case)})),
        "disposal_form": form("measure_disposal_form", handle and not freeze and measure.started_on is not None
                              and case.state == CaseState.ACTIVE and measure.disposal in ("", DisposalKind.SOLD),
                              lambda: DisposalForm(initial={"on": today})),
        "onsite_form": form("measure_onsite_form", handle and not freeze and case.stage == "implement"
                            and measure.record_id is None,
                            lambda: OnsiteForm(initial={"acted_at": None if measure.emergency else timezone.localtime(
                                now).replace(second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M"),
                                **guards.fixed_draft_texts(case)})),
        "extension_form": form("measure_extension_form", head and holding and measure.extension_id is None
                               and due is not None and today <= due.last_day,
                               lambda: ExtensionForm(initial={"last_day": due.last_day if due else None})),
        "testing_form": form("measure_testing_form", handle and holding and not freeze, TestingForm),
        "release_form": form("measure_release_form", handle and holding, ReleaseForm),
    }}


def _act(request, pk: int, form_name: str, form: Any, action: Any, done: str) -> HttpResponse:
    from zhifa.cases import views  # the case page is views' own; it shows this section

    return views._act(request, pk, form_name, form, action, done)


@login_required
@require_POST
def measure_report(request, pk: int) -> HttpResponse:
    return _act(request, pk, "measure_report_form", ReportForm(request.POST),
                lambda case, d: actions.report_emergency(actor=request.user, case=case, **d),
                "已登记向负责人报告，待负责人补办批准手续")


@login_required
@require_POST
def measure_approve(request, pk: int) -> HttpResponse:
    return _act(request, pk, "measure_approval_form", ApprovalForm(request.POST),
                lambda case, d: actions.approve_measure(actor=request.user, case=case, **d), "已审批")


@login_required
@require_POST
def measure_onsite(request, pk: int) -> HttpResponse:
    return _act(request, pk, "measure_onsite_form", OnsiteForm(request.POST),
                lambda case, d: actions.record_onsite(actor=request.user, case=case, **d),
                "已制作现场笔录、查封（扣押）决定书和清单，并登记当场交付")


@login_required
@require_POST
def measure_extend(request, pk: int) -> HttpResponse:
    return _act(request, pk, "measure_extension_form", ExtensionForm(request.POST),
                lambda case, d: actions.extend_measure(actor=request.user, case=case, **d),
                "已批准延长，并制作延长查封（扣押）期限决定书，请登记送达")


@login_required
@require_POST
def measure_testing(request, pk: int) -> HttpResponse:
    return _act(request, pk, "measure_testing_form", TestingForm(request.POST),
                lambda case, d: actions.record_testing(actor=request.user, case=case, **d),
                "已登记检测（鉴定）期间并制作告知书，请登记送达")


@login_required
@require_POST
def measure_release(request, pk: int) -> HttpResponse:
    return _act(request, pk, "measure_release_form", ReleaseForm(request.POST),
                lambda case, d: actions.release_measure(actor=request.user, case=case, **d),
                "已作出解除查封（扣押）决定，请登记送达并返还财物")


@login_required
@require_POST
def measure_freeze(request, pk: int) -> HttpResponse:
    return _act(request, pk, "measure_freeze_form", FreezeForm(request.POST),
                lambda case, d: actions.carry_out_freeze(actor=request.user, case=case, **d),
                "已向金融机构交付冻结通知书；冻结决定书应在三日内交付当事人，请登记送达")


@login_required
@require_POST
def measure_dispose(request, pk: int) -> HttpResponse:
    return _act(request, pk, "measure_disposal_form", DisposalForm(request.POST),
                lambda case, d: actions.dispose_measure(actor=request.user, case=case, **d), "已登记财物的处理")
