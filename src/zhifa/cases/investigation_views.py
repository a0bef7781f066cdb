"""The investigation section of the case page (调查取证: 回避, credentials and rights, the records,
先行登记保存) and the case's 证据清单. Thin: parse, call one write function, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.agencies.models import Agency, Officer, name_of
from zhifa.agencies.permissions import can
from zhifa.cases import actions
from zhifa.cases.access import access_case
from zhifa.cases.investigation_forms import (
    PreservationApprovalForm,
    PreservationDecisionForm,
    PreservationForm,
    RecordForm,
    RecusalDecisionForm,
    RecusalForm,
    RightsForm,
    TeamForm,
)
from zhifa.cases.models import (
    Case,
    CaseEvidence,
    CaseState,
    InvestigationRecord,
    PreservationState,
    RecordKind,
)
from zhifa.records.access import evidence_for

STAGE = "investigate"


def _team(case: Case):  # -> QuerySet[Officer]
    return (Officer.objects.filter(pk__in=case.assignments.values("officer_id")).select_related("person")
            .order_by("person__name"))


def _agency_officers(case: Case):  # -> QuerySet[Officer]: whom the team may be drawn from
    return (Officer.objects.filter(unit__in=Agency.objects.within([case.agency]), active=True)
            .select_related("person", "unit").order_by("unit__path", "person__name"))


def _evidence_choices(request, case: Case):  # -> QuerySet[Evidence]: the agency's evidence the user may see
    return evidence_for(request.user).filter(unit__in=Agency.objects.within([case.agency])).order_by("-received_at")


def evidence_rows(case: Case) -> list[dict[str, Any]]:
    """证据清单: the case's evidence in the order it was filed — what, from whom or where, when, who collected it,
    and the record it is attached to. A fixed number of queries, however many there are."""
    links = (CaseEvidence.objects.filter(case=case).order_by("linked_at", "pk")
             .select_related("evidence__uploaded_by__person")
             .prefetch_related("evidence__officers__person",
                               Prefetch("records", queryset=InvestigationRecord.objects.order_by("started_at", "pk"))))
    stages = {s.code: s.label for s in case.definition.stages}
    rows = []
    for n, link in enumerate(links, 1):
        ev = link.evidence
        records = list(link.records.all())
        collectors = [o.person.name for o in ev.officers.all()] or [name_of(ev.uploaded_by)]
        rows.append({
            "n": n, "link": link, "evidence": ev, "kind": ev.get_kind_display(),
            "source": records[0].persons if records else (ev.place or "移交"),
            "at": ev.capture_start or ev.received_at, "collectors": "、".join(collectors),
            "records": records, "stage": stages.get(link.stage, link.stage)})
    return rows


def investigation_context(request, case: Case, handle: bool, forms: dict[str, Any]) -> dict[str, Any]:
    """What the case page's investigation section shows: the records with their signatures, 回避, the contacts,
    先行登记保存, the 证据清单; and, at 调查取证 for the handler and the agency head, the forms."""
    if not any(stage.code == STAGE for stage in case.definition.stages):
        # a process without 调查取证 shows its own records (a 行政检查's 现场检查笔录 in its section)
        return {"inv": {"shown": False}}
    user = request.user
    records = list(case.investigation_records.select_related("recorder__person", "document")
                   .prefetch_related("officers__person", "attachments__evidence"))
    recusals = list(case.recusals.select_related("officer__person"))
    contacts = list(case.rights_notices.prefetch_related("officers__person"))
    preservations = list(case.preservations.select_related("notice", "decision"))
    here = case.stage == STAGE and case.state == CaseState.ACTIVE
    act = handle and here
    approve = case.state == CaseState.ACTIVE and can(user, "case.approve", case.agency)
    team = _team(case) if handle or approve else Officer.objects.none()
    attachable = _evidence_choices(request, case)[:100] if act else None
    record_forms = []
    if act:
        for kind in RecordKind:
            form = forms.get(f"record_form_{kind.value}") or RecordForm(
                kind=kind.value, officers=team, evidence=attachable,
                initial={"started_at": timezone.localtime().replace(second=0, microsecond=0)})
            record_forms.append((kind, form))
    pending_recusals = [r for r in recusals if r.decided_at is None]
    to_approve = [p for p in preservations if p.state == PreservationState.REQUESTED]
    to_decide = [p for p in preservations if p.state == PreservationState.PRESERVED]
    shown = here or records or recusals or contacts or preservations
    return {"inv": {
        "shown": bool(shown), "act": act, "approve": approve, "records": records, "recusals": recusals,
        "contacts": contacts, "preservations": preservations, "evidence_rows": evidence_rows(case) if shown else [],
        "record_forms": record_forms,
        "recusal_form": forms.get("recusal_form") or (RecusalForm(officers=team, initial={
            "requested_on": timezone.localdate()}) if handle and case.state == CaseState.ACTIVE else None),
        "rights_form": forms.get("rights_form") or (RightsForm(officers=team, initial={
            "told_at": timezone.localtime().replace(second=0, microsecond=0), "officers": list(team),
            "rights": ["statement", "defence", "recusal"]}) if act else None),
        "preservation_form": forms.get("preservation_form") or (PreservationForm() if act else None),
        "team_form": forms.get("team_form") or (TeamForm(officers=_agency_officers(case), initial={
            "officers": [a.officer_id for a in case.assignments.all()],
            "lead": next((a.officer_id for a in case.assignments.all() if a.lead), None)}) if act else None),
        "recusal_decisions": [(r, forms.get(f"recusal_decision_{r.pk}") or RecusalDecisionForm(
            recusals=case.recusals.none(), initial={"recusal": r.pk})) for r in pending_recusals] if approve else [],
        "approvals": [(p, forms.get(f"preservation_approval_{p.pk}") or PreservationApprovalForm(
            preservations=case.preservations.none(), initial={"preservation": p.pk})) for p in to_approve]
        if approve and here else [],
        "decisions": [(p, forms.get(f"preservation_decision_{p.pk}") or PreservationDecisionForm(
            preservations=case.preservations.none(), initial={"preservation": p.pk})) for p in to_decide]
        if approve else [],
        "today": timezone.localdate(),
    }}


def _act(request, pk: int, form_name: str, make_form, action, done: str) -> HttpResponse:
    from zhifa.cases import views

    case = views._loaded(request, pk)
    form = make_form(case)
    return views._act(request, pk, form_name, form, action, done)


@login_required
@require_POST
def case_recusal(request, pk: int) -> HttpResponse:
    return _act(request, pk, "recusal_form", lambda case: RecusalForm(request.POST, officers=_team(case)),
                lambda case, d: actions.request_recusal(actor=request.user, case=case, **d), "已登记回避申请")


@login_required
@require_POST
def case_team(request, pk: int) -> HttpResponse:
    return _act(request, pk, "team_form", lambda case: TeamForm(request.POST, officers=_agency_officers(case)),
                lambda case, d: _assigned(request, case, d), "已调整承办人员")


def _assigned(request, case: Case, data: dict[str, Any]) -> Case:
    actions.assign_officers(actor=request.user, case=case, **data)
    return case  # what ``submit`` takes for done


@login_required
@require_POST
def case_recusal_decide(request, pk: int) -> HttpResponse:
    from zhifa.cases import views

    case = views._loaded(request, pk)
    form = RecusalDecisionForm(request.POST, recusals=case.recusals.filter(decided_at__isnull=True))
    name = f"recusal_decision_{request.POST.get('recusal', '')}" if request.POST.get(
        "recusal", "").isdigit() else "recusal_decision_"
    return views._act(request, pk, name, form, lambda case, d: actions.decide_recusal(
        actor=request.user, recusal=d["recusal"], granted=d["granted"], decision=d["decision"]), "已作出回避决定")


@login_required
@require_POST
def case_rights(request, pk: int) -> HttpResponse:
    return _act(request, pk, "rights_form", lambda case: RightsForm(request.POST, officers=_team(case)),
                lambda case, d: actions.record_rights_told(actor=request.user, case=case, **d),
                "已记录出示执法证件和告知权利")


@login_required
@require_POST
def case_record(request, pk: int) -> HttpResponse:
    kind = request.POST.get("record_kind", "")
    kind = kind if kind in RecordKind.values else RecordKind.INQUIRY.value

    def make(case: Case) -> RecordForm:
        return RecordForm(request.POST, kind=kind, officers=_team(case), evidence=_evidence_choices(request, case))

    return _act(request, pk, f"record_form_{kind}", make,
                lambda case, d: actions.make_record(actor=request.user, case=case, **d),
                f"已登记{RecordKind(kind).label}")


@login_required
@require_POST
def case_preservation(request, pk: int) -> HttpResponse:
    return _act(request, pk, "preservation_form", lambda case: PreservationForm(request.POST),
                lambda case, d: actions.request_preservation(actor=request.user, case=case, **d),
                "已提出先行登记保存申请，待行政机关负责人批准")


def _row_name(request, prefix: str) -> str:
    given = request.POST.get("preservation", "")
    return f"{prefix}_{given}" if given.isdigit() else f"{prefix}_"


@login_required
@require_POST
def case_preservation_approve(request, pk: int) -> HttpResponse:
    from zhifa.cases import views

    case = views._loaded(request, pk)
    form = PreservationApprovalForm(request.POST, preservations=case.preservations.filter(
        state=PreservationState.REQUESTED))
    return views._act(request, pk, _row_name(request, "preservation_approval"), form,
                      lambda case, d: actions.approve_preservation(actor=request.user, preservation=d["preservation"],
                                                                   agrees=d["agrees"], opinion=d["opinion"]),
                      "已审批先行登记保存")


@login_required
@require_POST
def case_preservation_decide(request, pk: int) -> HttpResponse:
    from zhifa.cases import views

    case = views._loaded(request, pk)
    form = PreservationDecisionForm(request.POST, preservations=case.preservations.filter(
        state=PreservationState.PRESERVED))
    return views._act(request, pk, _row_name(request, "preservation_decision"), form,
                      lambda case, d: actions.decide_preservation(
                          actor=request.user, preservation=d["preservation"], outcome=d["outcome"], reason=d["reason"],
                          review_body=d["review_body"], court=d["court"]),
                      "已作出先行登记保存处理决定")


@login_required
def case_evidence_list(request, pk: int) -> HttpResponse:
    case = access_case(request.user, pk)
    return render(request, "cases/evidence_list.html", {
        "case": case, "rows": evidence_rows(case), "may_view_evidence": can(request.user, "evidence.view", case.unit)})
