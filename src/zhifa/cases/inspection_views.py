"""行政检查 pages: the 检查计划 list, the page that starts an inspection (of a plan, or ad-hoc), and the inspection
section of the case page — the 现场检查笔录, then 合格, 责令限期整改 with its re-check, or 立案. Thin: parse, call
one write function, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.agencies.models import ActionKind, Agency, Officer
from zhifa.agencies.permissions import agencies_in_reach, can, reach, require
from zhifa.cases import actions, inspection_rules
from zhifa.cases.access import access_case
from zhifa.cases.execution_forms import RecheckForm
from zhifa.cases.inspection_forms import (
    CompliantForm,
    InspectionRecordForm,
    InspectionRectificationForm,
    InspectionStartForm,
    OpenCaseForm,
    PlanForm,
)
from zhifa.cases.models import Case, Inspection, InspectionPlan, InspectionResult, Rectification
from zhifa.cases.starts import start_choices
from zhifa.catalog.evaluate import content_of, version_in_force
from zhifa.catalog.models import ListKind
from zhifa.core.forms import render_form, submit
from zhifa.core.paging import page_of
from zhifa.parties.access import parties_for

PROCESS = "inspection"


def _units(request):  # -> tuple[QuerySet[Agency], Agency | None]
    units = agencies_in_reach(request.user, "case.handle").filter(level__is_agency=False).order_by("path")
    first = units.first()
    return units, first.enclosing_agency() if first is not None else None


def _entries(agency: Agency | None, kind: str) -> list[dict[str, Any]]:
    version = version_in_force(agency, kind, timezone.localdate()) if agency is not None else None
    return content_of(version)["entries"] if version else []


def plans_for(user) -> Any:  # -> QuerySet[InspectionPlan]
    everything, roots = reach(user, "case.view")
    if everything:
        return InspectionPlan.objects.all()
    return InspectionPlan.objects.filter(unit__in=agencies_in_reach(user, "case.view")) if roots else (
        InspectionPlan.objects.none())


@login_required
def inspection_plans(request) -> HttpResponse:
    """检查计划: the plans in reach, newest period first, each with how many inspections it has; and a new one."""
    require(request.user, "case.view")
    may_plan = can(request.user, "case.handle")
    form = None
    if may_plan:
        units, agency = _units(request)
        random_items = [(e["key"], f"{e['key']} {e['name']}") for e in _entries(agency, ListKind.RANDOM)]
        form = PlanForm(request.POST or None, units=units, random_items=random_items,
                        initial={"unit": units.first()})
        plan = submit(request, form, lambda d: actions.create_plan(actor=request.user, **d))
        if plan is not None:
            messages.success(request, f"已制定检查计划“{plan.name}”")
            return redirect("cases:inspection_plans")
    elif request.method == "POST":
        require(request.user, "case.handle")
    qs = plans_for(request.user).select_related("unit").annotate(count=Count("inspections")).order_by(
        "-starts_on", "-pk")
    return render(request, "cases/inspection_plans.html", {"page": page_of(request, qs), "form": form},
                  status=422 if form is not None and form.errors else 200)


def _start_form(request, data=None) -> InspectionStartForm:
    choices = start_choices(request.user, ActionKind.INSPECTION)
    plans = InspectionPlan.objects.none()
    if choices.agency is not None:
        plans = InspectionPlan.objects.filter(agency=choices.agency, ends_on__gte=timezone.localdate()).order_by(
            "-starts_on")
    initial = {**choices.initial, "unit": choices.units.first()}
    if request.GET.get("plan", "").isdigit():
        initial["plan"] = plans.filter(pk=request.GET["plan"]).first()
    if len(choices.items) == 1:
        initial["item_code"] = choices.items[0][0]
    return InspectionStartForm(data, units=choices.units, plans=plans, items=choices.items, places=choices.places,
                               officers=choices.officers, parties=parties_for(request.user).order_by("name"),
                               initial=initial)


@login_required
def inspection_start(request) -> HttpResponse:
    """行政检查: start one, of a 检查计划 or ad-hoc (不定期检查)."""
    require(request.user, "case.handle")
    form = _start_form(request, request.POST if request.method == "POST" else None)
    me = Officer.objects.filter(person__user=request.user).first()
    case = submit(request, form, lambda d: actions.start_inspection(actor=request.user, lead=me, **d))
    if case is not None:
        messages.success(request, f"已开始行政检查“{case.title}”：请出示执法证件，制作现场检查笔录")
        return redirect(case)
    return render_form(request, "cases/inspection_start.html", form)


# ---------------------------------------------------------------- the case page's section


def _team(case: Case):  # -> QuerySet[Officer]
    return Officer.objects.filter(pk__in=case.assignments.values("officer_id")).select_related("person")


def _punishment_items(case: Case) -> list[tuple[str, str]]:
    return [(e["key"], f"{e['key']} {e['name']}") for e in _entries(case.agency, ListKind.ITEMS)
            if e.get("action_kind") == ActionKind.PUNISHMENT]


def _pending(case: Case):  # -> QuerySet[Rectification]
    return Rectification.objects.filter(case=case, checked_on__isnull=True)


def inspection_context(request, case: Case, handle: bool, forms: dict[str, Any]) -> dict[str, Any]:
    """The inspection section: the plan, the record, the outcome and its result, and the form the stage asks for;
    on a 行政处罚 case opened on an inspection, the inspection it came from."""
    if case.process != PROCESS:
        origin = Inspection.objects.filter(punishment_case=case).select_related("case").first()
        return {"insp": None, "from_inspection": origin}
    inspection = Inspection.objects.select_related(
        "plan", "record__document", "rectification__document", "punishment_case").get(case=case)
    today = timezone.localdate()
    at_inspect = handle and case.stage == "inspect"
    recorded = inspection.record_id is not None
    order = inspection.rectification
    failed = order is not None and order.checked_on is not None and not order.rectified
    team = list(_team(case))
    result = InspectionResult.objects.filter(inspection=inspection).first()

    def form(name: str, when: bool, make):  # the bound form handed back after a refusal, or a fresh one
        return forms.get(name) or (make() if when else None)

    now = timezone.localtime().replace(second=0, microsecond=0)
    return {"from_inspection": None, "insp": {
        "inspection": inspection, "order": order, "result": result, "publish_rule": inspection_rules.PUBLICITY_RULE,
        "publish_by": inspection_rules.result_publicity_due(result.result_on).last_day if result else None,
        "record_form": form("inspection_record_form", at_inspect and not recorded, lambda: InspectionRecordForm(
            officers=_team(case), initial={"started_at": now, "ended_at": now, "officers": team,
                                           "recorder": team[-1] if team else None})),
        "compliant_form": form("compliant_form", at_inspect and recorded, CompliantForm),
        "rectify_form": form("rectify_form", at_inspect and recorded, InspectionRectificationForm),
        "open_case_form": form("open_case_form", (at_inspect and recorded) or (
            handle and case.stage == "rectify" and failed and inspection.punishment_case_id is None),
            lambda: OpenCaseForm(items=_punishment_items(case), initial={
                "summary": inspection.findings, "act_on": today, "title": f"{case.title}发现的违法行为"})),
        "recheck_form": form("recheck_form", handle and order is not None and order.checked_on is None,
                             lambda: RecheckForm(rectifications=_pending(case),
                                                 initial={"rectification": order, "checked_on": today})),
    }}


def _inspection(request, pk: int) -> Case:
    """The case, when it is an inspection the user may see; any other is not found here."""
    case = access_case(request.user, pk)
    if case.process != PROCESS:
        raise Http404
    return case


def _act(request, pk: int, form_name: str, form: Any, action, done: str) -> HttpResponse:
    from zhifa.cases import views  # the case page is views' own; it shows this section

    _inspection(request, pk)
    return views._act(request, pk, form_name, form, action, done)


@login_required
@require_POST
def inspection_record(request, pk: int) -> HttpResponse:
    form = InspectionRecordForm(request.POST, officers=_team(_inspection(request, pk)))
    return _act(request, pk, "inspection_record_form", form,
                lambda case, d: actions.record_inspection(actor=request.user, case=case, **d), "已制作现场检查笔录")


@login_required
@require_POST
def inspection_compliant(request, pk: int) -> HttpResponse:
    return _act(request, pk, "compliant_form", CompliantForm(request.POST),
                lambda case, d: actions.find_compliant(actor=request.user, case=case, **d),
                "检查合格：检查结束，检查结果待公示")


@login_required
@require_POST
def inspection_rectify(request, pk: int) -> HttpResponse:
    return _act(request, pk, "rectify_form", InspectionRectificationForm(request.POST),
                lambda case, d: actions.order_inspection_rectification(actor=request.user, case=case, **d),
                "已制作责令改正通知书：请登记送达，到期复查")


@login_required
@require_POST
def inspection_open_case(request, pk: int) -> HttpResponse:
    """立案查处 goes on to the new case's page, where its 立案审批 is signed."""
    from zhifa.cases import views

    _inspection(request, pk)
    case = views._loaded(request, pk)
    form = OpenCaseForm(request.POST, items=_punishment_items(case))
    opened = submit(request, form, lambda d: actions.open_case_from_inspection(actor=request.user, case=case, **d))
    if opened is not None:
        messages.success(request, f"已登记“{opened.title}”，检查的证据随案移送，待批准立案")
        return redirect(opened)
    return views._page(request, views._loaded(request, pk), open_case_form=form)
