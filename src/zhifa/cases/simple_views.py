"""The 简易程序 workspace (行政处罚法 第51、52条): one page, made for a phone at the site, that carries a case
started on the spot through its stages — the credential shown, a photo or recording attached at once, the rights
told, the 当场行政处罚决定书 issued, printed or shown, handed over, the fine paid or collected, the filing. Thin:
parse, call one write function, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.agencies.models import ActionKind, Agency, Officer
from zhifa.agencies.permissions import can, require
from zhifa.agencies.rules import officer_standing_problem
from zhifa.cases import actions, guards
from zhifa.cases.access import access_case
from zhifa.cases.forms import EvidenceLinkForm, NoAVForm
from zhifa.cases.models import Case, CaseEvidence, CaseOfficer, CaseParty, CaseState
from zhifa.cases.moving import form_errors, move_posted
from zhifa.cases.simple_forms import (
    FilingForm,
    HandOverForm,
    LookupForm,
    OnsiteDecisionForm,
    SimplePaymentForm,
    SimpleStartForm,
    TellForm,
)
from zhifa.cases.starts import start_choices
from zhifa.catalog.models import AVStage
from zhifa.core.errors import RuleViolation
from zhifa.core.forms import render_form, submit
from zhifa.core.validators import resident_id_check_character
from zhifa.parties.access import find_party, parties_for
from zhifa.parties.models import IdKind, PartyKind
from zhifa.records.access import evidence_for

PROCESS = "punishment_simple"


def _start_form(request, data=None, initial: dict[str, Any] | None = None) -> SimpleStartForm:
    choices = start_choices(request.user, ActionKind.PUNISHMENT)
    initial = {**choices.initial,
               "act_at": timezone.localtime().replace(second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M"),
               **(initial or {})}
    if len(choices.items) == 1:
        initial.setdefault("item_code", choices.items[0][0])
    return SimpleStartForm(data, units=choices.units, items=choices.items, places=choices.places,
                           officers=choices.officers, parties=parties_for(request.user), initial=initial)


def _typed_number(number: str) -> dict[str, Any]:
    """A number not found, put in the field it looks like: a 身份证号码 when its check character fits."""
    number = "".join(number.split()).upper()
    try:
        person = len(number) == 18 and resident_id_check_character(number[:17]) == number[17]
    except (ValueError, KeyError, IndexError):
        person = False
    return {"kind": PartyKind.PERSON, "id_number": number} if person else {"kind": PartyKind.LEGAL, "uscc": number}


@login_required
def simple_start(request) -> HttpResponse:
    """当场处罚: start a 简易程序 case; the party is found by number (``?number=``) or typed."""
    require(request.user, "case.handle")
    lookup = LookupForm(request.GET or None)
    found = None
    initial: dict[str, Any] = {}
    if request.method == "GET" and lookup.is_valid() and lookup.cleaned_data["number"]:
        number = lookup.cleaned_data["number"]
        found = find_party(request.user, IdKind.RESIDENT, number) or find_party(
            request.user, IdKind.USCC, number, kind=PartyKind.LEGAL)
        if found is None:
            lookup.add_error("number", "未找到以该号码登记的当事人，请在下方填写当事人信息")
            initial = _typed_number(number)
        else:
            initial = {"party": found, "kind": found.kind, "name": found.name}
    form = _start_form(request, request.POST if request.method == "POST" else None, initial)
    me = Officer.objects.filter(person__user=request.user).first()

    def start(d: dict[str, Any]) -> Case:
        return actions.start_simple_case(actor=request.user, lead=me, **form.action_kwargs())

    case = submit(request, form, start)
    if case is not None:
        messages.success(request, f"已开始当场处罚“{case.title}”：请出示执法证件")
        return redirect("cases:simple", case.pk)
    if form.is_bound:
        found = getattr(form, "cleaned_data", {}).get("party")
    return render_form(request, "cases/simple_start.html", form, lookup=lookup, found=found)


def _loaded(request, pk: int) -> Case:
    case = access_case(request.user, pk)
    if case.process != PROCESS:
        raise Http404
    return (Case.objects.filter(pk=case.pk).select_related("agency", "unit", "place", "domain",
                                                                            "simple__decision")
            .prefetch_related(
                Prefetch("party_links", queryset=CaseParty.objects.select_related("party")),
                Prefetch("assignments", queryset=CaseOfficer.objects.select_related("officer__person")),
                Prefetch("assignments__officer__credentials"),
                Prefetch("assignments__officer__credentials__domains"),
                Prefetch("assignments__officer__credentials__areas"),
                "av_notes", "payments",
                Prefetch("evidence_links", queryset=CaseEvidence.objects.select_related("evidence__blob")))
            ).get()


def _steps(case: Case) -> list[dict[str, Any]]:
    codes = [s.code for s in case.definition.stages]
    here = codes.index(case.stage)
    return [{"stage": s, "done": i < here or case.state == CaseState.ARCHIVED, "current": i == here}
            for i, s in enumerate(case.definition.stages)]


def _page(request, case: Case, **forms: Any) -> HttpResponse:
    from zhifa.cases.views import _timeline, _ways_forward  # the case page's, shared (it imports this module)

    user = request.user
    simple = guards.simple_record(case)
    handle = can(user, "case.handle", case.unit) and case.state == CaseState.ACTIVE
    stage = case.definition.stage(case.stage)
    today = timezone.localdate()
    me = Officer.objects.filter(person__user=user).first()
    team = [a.officer for a in case.assignments.all()]
    payment = next(iter(case.payments.all()), None)
    on = case.stage

    def form(name: str, factory: Any, when: bool) -> Any:
        return forms.get(name) or (factory() if handle and when else None)

    decision = simple.decision if simple is not None else None
    return render(request, "cases/simple.html", {
        "case": case, "simple": simple, "stage": stage, "steps": _steps(case), "handle": handle,
        "party": next((link.party for link in case.party_links.all()), None),
        "team": team, "decision": decision,
        "ways": _ways_forward(case) if case.state == CaseState.ACTIVE else [],
        "move_error": forms.get("move_error"),
        "tell_form": form("tell_form", lambda: TellForm(initial=_told(simple)), on == "tell"),
        "decision_form": form("decision_form", OnsiteDecisionForm, on == "decide" and decision is None),
        "handover_form": form("handover_form", HandOverForm, on == "decide" and decision is not None),
        "payment_form": form("payment_form", lambda: SimplePaymentForm(initial={"paid_on": today}),
                             on == "execute" and bool(simple and simple.fine) and payment is None),
        "filing_form": form("filing_form", FilingForm, on in ("execute", "file") and bool(simple)
                            and simple.filed_at is None),  # type: ignore[union-attr]
        "no_av_form": forms.get("no_av_form") or NoAVForm(initial={"av_stage": AVStage.ONSITE}),
        "av_missing": [AVStage(s).label for s in guards.av_missing(case, today)],
        "av_stages": stage.av_stages,
        "payment": payment,
        "upload": {"title": f"{stage.label}：{case.title}", "officers": [o.pk for o in team
                                                                         if officer_standing_problem(o, today) is None],
                   "operator": me.pk if me is not None and me in team else "", "unit": case.unit.pk,
                   "place": simple.spot if simple else "", "then": reverse("cases:simple_link", args=[case.pk])},
        "may_upload": handle and can(user, "evidence.upload", case.unit),
        "may_view_evidence": can(user, "evidence.view", case.unit),
        "entries": _timeline(case)[-8:],
    }, status=422 if forms else 200)


def _told(simple: Any) -> dict[str, Any]:
    if simple is None or not simple.kinds:
        return {}
    return {"kind": simple.kinds[0], "fine": simple.fine or None, "violated": simple.violated,
            "penalty_basis": simple.penalty_basis, "statement": simple.statement, "waived": simple.statement_waived}


@login_required
def simple_workspace(request, pk: int) -> HttpResponse:
    return _page(request, _loaded(request, pk))


def _act(request, pk: int, form_name: str, form: Any, action: Any, done: str) -> HttpResponse:
    case = _loaded(request, pk)
    if submit(request, form, lambda d: action(case, d)) is not None:
        messages.success(request, done)
        return redirect("cases:simple", case.pk)
    # a refusal naming no field of the form (an archived case, a stage passed) is shown at the top too
    return _page(request, _loaded(request, pk), move_error="；".join(form.non_field_errors()), **{form_name: form})


@login_required
@require_POST
def simple_credential(request, pk: int) -> HttpResponse:
    case = _loaded(request, pk)
    try:
        actions.show_credential(actor=request.user, case=case)
    except RuleViolation as e:
        return _page(request, case, move_error=str(e))
    messages.success(request, "已记录出示执法证件")
    return redirect("cases:simple", case.pk)


@login_required
@require_POST
def simple_tell(request, pk: int) -> HttpResponse:
    form = TellForm(request.POST)
    return _act(request, pk, "tell_form", form,
                lambda case, d: actions.tell_rights(actor=request.user, case=case, **form.action_kwargs()),
                "已记录告知及当事人陈述、申辩")


@login_required
@require_POST
def simple_decide(request, pk: int) -> HttpResponse:
    return _act(request, pk, "decision_form", OnsiteDecisionForm(request.POST),
                lambda case, d: actions.decide_onsite(actor=request.user, case=case, **d),
                "已制作当场行政处罚决定书：请打印或出示，交当事人签收")


@login_required
@require_POST
def simple_hand_over(request, pk: int) -> HttpResponse:
    return _act(request, pk, "handover_form", HandOverForm(request.POST),
                lambda case, d: actions.hand_over(actor=request.user, case=case, **d), "已交付决定书，案件进入执行")


@login_required
@require_POST
def simple_payment(request, pk: int) -> HttpResponse:
    return _act(request, pk, "payment_form", SimplePaymentForm(request.POST),
                lambda case, d: actions.record_simple_payment(actor=request.user, case=case, **d), "已登记罚款缴纳")


@login_required
@require_POST
def simple_file(request, pk: int) -> HttpResponse:
    return _act(request, pk, "filing_form", FilingForm(request.POST),
                lambda case, d: actions.file_with_agency(actor=request.user, case=case, **d),
                "已报所属行政机关备案")


@login_required
@require_POST
def simple_no_av(request, pk: int) -> HttpResponse:
    return _act(request, pk, "no_av_form", NoAVForm(request.POST),
                lambda case, d: actions.explain_no_av(actor=request.user, case=case, **d), "已记录不宜音像记录的原因")


@login_required
@require_POST
def simple_move(request, pk: int) -> HttpResponse:
    case = _loaded(request, pk)
    error = move_posted(request, case)
    return _page(request, _loaded(request, pk), move_error=error) if error else redirect("cases:simple", case.pk)


@login_required
@require_POST
def simple_link(request, pk: int) -> HttpResponse:
    """Where the upload on the workspace files what it handed in: at the current stage, as its AV where the
    stage has a 音像记录环节 and the file is a recording."""
    case = _loaded(request, pk)
    form = EvidenceLinkForm(request.POST, evidence=evidence_for(request.user).filter(
        unit__in=Agency.objects.within([case.agency])))

    def link(d: dict[str, Any]) -> Any:
        av = case.definition.stage(case.stage).av_stages
        return actions.link_evidence(actor=request.user, case=case, evidence=d["evidence"],
                                     av_stage=av[0] if av and d["evidence"].is_av else "")

    linked = submit(request, form, link)
    if linked is not None:
        messages.success(request, f"已登记“{linked.evidence}”" + ("为音像记录" if linked.av_stage else ""))
        return redirect("cases:simple", case.pk)
    return _page(request, _loaded(request, pk), move_error=form_errors(form))


def simple_context(request, case: Case, handle: bool, forms: Any) -> dict[str, Any]:
    """For the case page: the way to the workspace of a 简易程序 case."""
    return {"simple_url": reverse("cases:simple", args=[case.pk]) if case.process == PROCESS else ""}
