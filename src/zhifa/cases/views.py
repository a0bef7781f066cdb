"""Case pages: the list, registering a case, and the case page with its stage checklist. Thin: parse, call one
write function, render."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.agencies.models import Agency, with_actor_names
from zhifa.agencies.permissions import agencies_in_reach, can, require
from zhifa.cases import actions, guards
from zhifa.cases.access import access_case, access_complaint, complaints_for
from zhifa.cases.coercion_views import coercion_context
from zhifa.cases.dossier_views import dossier_context
from zhifa.cases.execution_views import execution_context
from zhifa.cases.forms import (
    CaseFilterForm,
    CaseRegisterForm,
    ComplaintAnswerForm,
    ComplaintForm,
    DecisionForm,
    EvidenceLinkForm,
    MoveForm,
    NoAVForm,
    NoticeForm,
    OpinionForm,
    PaymentForm,
    ProposalForm,
    ServiceForm,
    StatementForm,
)
from zhifa.cases.hearing_views import hearing_context
from zhifa.cases.inspection_views import inspection_context
from zhifa.cases.investigation_views import investigation_context
from zhifa.cases.levy_views import levy_context
from zhifa.cases.measure_views import measure_context
from zhifa.cases.models import (
    Case,
    CaseEvidence,
    CaseOfficer,
    CaseParty,
    CaseSource,
    CaseState,
    OpinionRole,
    OpinionStep,
)
from zhifa.cases.moving import move_posted
from zhifa.cases.permit_views import permit_context
from zhifa.cases.search import search_cases
from zhifa.cases.simple_views import simple_context
from zhifa.cases.starts import STARTS, start_choices
from zhifa.catalog.models import AVStage
from zhifa.core.forms import render_form, submit
from zhifa.core.paging import page_of
from zhifa.documents.access import documents_about
from zhifa.ledger.chain import entries_about
from zhifa.parties.access import parties_for
from zhifa.records.access import evidence_for


@login_required
def case_list(request) -> HttpResponse:
    require(request.user, "case.view")
    filters = CaseFilterForm(request.GET)
    filters.is_valid()
    f = {name: filters.cleaned_data.get(name) for name in filters.fields}
    qs = search_cases(request.user, f, timezone.now())
    return render(request, "cases/list.html", {
        "page": page_of(request, qs), "filters": filters,
        "may_register": can(request.user, "case.handle"), "starts": STARTS,
    }, status=422 if filters.errors else 200)


def _register_form(request) -> CaseRegisterForm:
    choices = start_choices(request.user)
    initial = choices.initial | ({"lead": choices.me} if choices.me else {})
    complaints = complaints_for(request.user, "case.handle").filter(state__in=actions.OPEN_COMPLAINT)
    complaint = complaints.filter(pk=request.GET.get("complaint", "")).first() if request.GET.get(
        "complaint", "").isdigit() else None
    if complaint is not None:
        initial |= {"complaint": complaint, "source": CaseSource.COMPLAINT, "unit": complaint.unit,
                    "source_note": f"投诉举报：{complaint.about}（{complaint.received_at:%Y-%m-%d}收到）"}
    parties = parties_for(request.user).order_by("name")
    if request.GET.get("party", "").isdigit():
        initial["parties"] = parties.filter(pk=request.GET["party"])
    return CaseRegisterForm(request.POST or None, units=choices.units, items=choices.items, places=choices.places,
                            officers=choices.officers, complaints=complaints, parties=parties, initial=initial)


@login_required
def case_register(request) -> HttpResponse:
    require(request.user, "case.handle")
    form = _register_form(request)
    case = submit(request, form, lambda d: actions.register_case(actor=request.user, **d))
    if case is not None:
        messages.success(request, f"已登记“{case.title}”，待承办机构负责人审核、行政机关负责人批准立案")
        return redirect(case)
    return render_form(request, "cases/register.html", form)


def _ways_forward(case: Case) -> list[dict[str, Any]]:
    """For each way out of the current stage: where it leads and each guard with its result."""
    today = timezone.localdate()
    ways = []
    for t in case.definition.transitions_from(case.stage):
        checks = [(g, guards.evaluate(g, case, today)) for g in t.guards]
        ways.append({"transition": t, "target": case.definition.stage(t.target), "checks": checks,
                     "ready": all(r.ok for _, r in checks), "form": MoveForm(initial={"target": t.target})})
    return ways


def _loaded(request, pk: int) -> Case:
    case = access_case(request.user, pk)
    prefetched = (Case.objects.filter(pk=case.pk).select_related("agency", "unit", "place", "domain", "registered_by")
                  .prefetch_related(
                      Prefetch("party_links", queryset=CaseParty.objects.select_related("party")),
                      Prefetch("assignments", queryset=CaseOfficer.objects.select_related("officer__person",
                                                                                           "officer__unit")),
                      Prefetch("assignments__officer__credentials"),
                      Prefetch("assignments__officer__credentials__domains"),
                      Prefetch("assignments__officer__credentials__areas"),
                      "opinions", "av_notes",
                      Prefetch("evidence_links", queryset=CaseEvidence.objects.select_related("evidence__blob"))))
    return prefetched.get()


# The case page's sections that apps above cases add (the legal review), each its context: cases imports none.
PAGE_HOOKS: list[Callable[[Any, Case], dict[str, Any]]] = []
# Ledger kinds whose timeline row shows a note drawn from the entry (registered by the apps above cases).
TIMELINE_NOTES: dict[str, Callable[[dict[str, Any]], str]] = {}


def _page(request, case: Case, **forms: Any) -> HttpResponse:
    user = request.user
    handle = can(user, "case.handle", case.unit) and case.state == CaseState.ACTIVE
    open_opinions = [o for o in case.opinions.all() if o.step == OpinionStep.OPEN]
    close_opinions = [o for o in case.opinions.all() if o.step == OpinionStep.CLOSE]
    # the approval form in play: 立案 until opened, 结案 while executing
    step = (OpinionStep.OPEN if case.opened_on is None else OpinionStep.CLOSE
            if case.stage == "execute" and case.definition.transition("execute", "close") else None)
    signed = {o.role for o in (open_opinions if step == OpinionStep.OPEN else close_opinions)}
    next_role = None
    if case.state == CaseState.ACTIVE and step is not None:
        if OpinionRole.UNIT not in signed and can(user, "case.review_unit", case.unit):
            next_role = OpinionRole.UNIT
        elif OpinionRole.UNIT in signed and OpinionRole.HEAD not in signed and can(user, "case.approve", case.agency):
            next_role = OpinionRole.HEAD
    stage = case.definition.stage(case.stage)
    unserved = _unserved(case)
    linkable = (evidence_for(user).filter(unit__in=Agency.objects.within([case.agency]))
                .exclude(pk__in=case.evidence_links.values("evidence_id")).order_by("-received_at")[:100])
    return render(request, "cases/detail.html", {
        **simple_context(request, case, handle, forms),
        **{k: v for hook in PAGE_HOOKS for k, v in hook(request, case).items()},
        "case": case, "stage": stage, "ways": _ways_forward(case) if case.state != CaseState.ARCHIVED else [],
        "open_opinions": open_opinions, "close_opinions": close_opinions,
        "next_role": OpinionRole(next_role).label if next_role else "",
        "step_label": OpinionStep(step).label if step else "",
        "opinion_form": forms.get("opinion_form") or OpinionForm(initial={"step": step or OpinionStep.OPEN}),
        "handle": handle,
        # a closed case still goes one way, to the archive (REC-09), through the same move form
        "may_move": handle or (case.state == CaseState.CLOSED and can(user, "case.handle", case.unit)),
        "link_form": forms.get("link_form") or EvidenceLinkForm(evidence=linkable),
        "no_av_form": forms.get("no_av_form") or NoAVForm(),
        "av_stages": [AVStage(s).label for s in stage.av_stages],
        "capture": [(AVStage(s).label, s) for s in stage.av_stages],
        "av_missing": [AVStage(s).label for s in guards.av_missing(case, timezone.localdate())],
        "entries": _timeline(case),
        "documents": list(documents_about(case)),
        "may_view_parties": can(user, "party.view", case.agency),
        "may_view_evidence": can(user, "evidence.view", case.unit),
        "move_error": forms.get("move_error"),
        "notice_form": forms.get("notice_form") or (NoticeForm() if handle and case.stage == "notify" else None),
        "service_form": forms.get("service_form") or (ServiceForm(documents=unserved) if handle and unserved.exists()
                                                      else None),
        "statement_form": forms.get("statement_form") or (StatementForm(initial={"received_on": timezone.localdate()})
                                                          if handle and case.stage == "statement" else None),
        "services": list(case.services.select_related("document")),
        "proposal": guards.latest_proposal(case),
        "surcharge": actions.surcharge_on(case, timezone.localdate()) if case.stage == "execute" else None,
        "payments": list(case.payments.all()),
        "payment_form": forms.get("payment_form") or (PaymentForm(initial={"paid_on": timezone.localdate()})
                                                      if handle and case.stage == "execute" else None),
        "proposal_form": forms.get("proposal_form") or (ProposalForm() if handle and case.stage == "decide" else None),
        **dossier_context(request, case, handle, forms),
        "decision_form": forms.get("decision_form") or (
            DecisionForm(initial=guards.fixed_draft_texts(case))
            if case.stage == "decide" and guards.latest_proposal(case) is not None
            and can(user, "case.approve", case.agency) else None),
        **hearing_context(request, case, handle, forms),
        **execution_context(request, case, handle, forms),
        **investigation_context(request, case, handle, forms),
        **inspection_context(request, case, handle, forms),
        **measure_context(request, case, handle, forms),
        **levy_context(request, case, handle, forms),
        **permit_context(request, case, handle, forms),
        **coercion_context(request, case, handle, forms),
    }, status=422 if forms else 200)


def _timeline(case: Case) -> list[tuple[Any, str, str]]:
    """The case's ledger entries with who and, for a move or an opinion, where it went or what was signed."""
    stages = {s.code: s.label for s in case.definition.stages}
    rows = []
    for entry, actor in with_actor_names(entries_about(case)):
        payload = json.loads(entry.payload) if entry.payload else {}
        note = ""
        if entry.kind == "case.moved":
            note = f"转入“{stages.get(payload.get('target'), '')}”"
        elif entry.kind == "case.opinion":
            role = payload.get("role")
            note = (f"{OpinionStep(payload['step']).label}·{OpinionRole(role).label}："
                    f"{'同意' if payload.get('agrees') else '不同意'}") if role in OpinionRole.values else ""
        elif entry.kind in TIMELINE_NOTES:
            note = TIMELINE_NOTES[entry.kind](payload)
        rows.append((entry, actor, note))
    return rows


def _unserved(case: Case):  # -> QuerySet[IssuedDocument]
    """The case's documents for the party not yet served: notices and decisions."""
    return (documents_about(case).filter(template__in=guards.SERVED_TEMPLATES, voided_at__isnull=True)
            .exclude(pk__in=case.services.values("document_id")))


@login_required
def case_detail(request, pk: int) -> HttpResponse:
    return _page(request, _loaded(request, pk))


def _act(request, pk: int, form_name: str, form: Any, action, done: str) -> HttpResponse:
    case = _loaded(request, pk)
    if submit(request, form, lambda d: action(case, d)) is not None:
        messages.success(request, done)
        return redirect(case)
    return _page(request, _loaded(request, pk), **{form_name: form})


@login_required
@require_POST
def case_opinion(request, pk: int) -> HttpResponse:
    return _act(request, pk, "opinion_form", OpinionForm(request.POST),
                lambda case, d: actions.sign_opinion(actor=request.user, case=case, **d), "已签署意见")


@login_required
@require_POST
def case_move(request, pk: int) -> HttpResponse:
    case = _loaded(request, pk)
    error = move_posted(request, case)
    return _page(request, _loaded(request, pk), move_error=error) if error else redirect(case)


@login_required
@require_POST
def case_notice(request, pk: int) -> HttpResponse:
    return _act(request, pk, "notice_form", NoticeForm(request.POST),
                lambda case, d: actions.issue_notice(actor=request.user, case=case, **d), "已制作行政处罚事先告知书")


@login_required
@require_POST
def case_service(request, pk: int) -> HttpResponse:
    form = ServiceForm(request.POST, documents=_unserved(access_case(request.user, pk)))
    return _act(request, pk, "service_form", form,
                lambda case, d: actions.record_service(actor=request.user, case=case, **d), "已登记送达")


@login_required
@require_POST
def case_statement(request, pk: int) -> HttpResponse:
    return _act(request, pk, "statement_form", StatementForm(request.POST),
                lambda case, d: actions.record_statement(actor=request.user, case=case, **d), "已记录陈述申辩")


@login_required
@require_POST
def case_propose(request, pk: int) -> HttpResponse:
    return _act(request, pk, "proposal_form", ProposalForm(request.POST),
                lambda case, d: actions.propose_decision(actor=request.user, case=case, **d), "已拟定处罚内容")


@login_required
@require_POST
def case_decide(request, pk: int) -> HttpResponse:
    return _act(request, pk, "decision_form", DecisionForm(request.POST),
                lambda case, d: actions.decide(actor=request.user, case=case, **d), "已作出行政处罚决定")


@login_required
@require_POST
def case_payment(request, pk: int) -> HttpResponse:
    return _act(request, pk, "payment_form", PaymentForm(request.POST),
                lambda case, d: actions.record_payment(actor=request.user, case=case, **d), "已登记缴纳罚款")


@login_required
@require_POST
def case_link_evidence(request, pk: int) -> HttpResponse:
    case = _loaded(request, pk)
    data = request.POST.copy()
    data.setdefault("av_stage", request.GET.get("av_stage", ""))  # the upload page's filing names it in its path
    form = EvidenceLinkForm(data, evidence=evidence_for(request.user).filter(
        unit__in=Agency.objects.within([case.agency])))
    return _act(request, pk, "link_form", form,
                lambda case, d: actions.link_evidence(actor=request.user, case=case, **d), "已登记证据")


@login_required
@require_POST
def case_no_av(request, pk: int) -> HttpResponse:
    return _act(request, pk, "no_av_form", NoAVForm(request.POST),
                lambda case, d: actions.explain_no_av(actor=request.user, case=case, **d), "已记录不宜音像记录的原因")


# ---------------------------------------------------------------- complaints and reports


@login_required
def complaint_list(request) -> HttpResponse:
    require(request.user, "case.view")
    qs = complaints_for(request.user).select_related("unit", "case").order_by("-received_at", "-pk")
    return render(request, "cases/complaints.html", {
        "page": page_of(request, qs), "may_register": can(request.user, "case.handle")})


@login_required
def complaint_register(request) -> HttpResponse:
    require(request.user, "case.handle")
    units = agencies_in_reach(request.user, "case.handle").filter(level__is_agency=False).order_by("path")
    form = ComplaintForm(request.POST or None, units=units, initial={"unit": units.first()})
    complaint = submit(request, form, lambda d: actions.receive_complaint(actor=request.user, **d))
    if complaint is not None:
        messages.success(request, "已登记投诉举报")
        return redirect(complaint)
    return render_form(request, "cases/complaint_form.html", form)


def _complaint_page(request, complaint, form=None) -> HttpResponse:
    may_handle = can(request.user, "case.handle", complaint.unit) and complaint.state in actions.OPEN_COMPLAINT
    return render(request, "cases/complaint.html", {
        "complaint": complaint, "may_handle": may_handle, "form": form or ComplaintAnswerForm(),
        "entries": with_actor_names(entries_about(complaint)),
    }, status=422 if form is not None else 200)


@login_required
def complaint_detail(request, pk: int) -> HttpResponse:
    return _complaint_page(request, access_complaint(request.user, pk))


@login_required
@require_POST
def complaint_answer(request, pk: int) -> HttpResponse:
    complaint = access_complaint(request.user, pk)
    form = ComplaintAnswerForm(request.POST)
    if submit(request, form, lambda d: actions.answer_complaint(actor=request.user, complaint=complaint, **d)):
        messages.success(request, "已记录不予立案的理由" + ("，并告知投诉举报人" if complaint.real_name else ""))
        return redirect(complaint)
    return _complaint_page(request, complaint, form)
