"""The case page's hearing, collective discussion, other outcomes and 第60条 extension: what each section shows,
and the POSTs that call one write function each. Thin: parse, call, render (through the case page)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.agencies.models import Agency, Officer
from zhifa.agencies.permissions import can
from zhifa.cases import actions, guards
from zhifa.cases.access import access_case
from zhifa.cases.hearing_forms import (
    CollectiveDiscussionForm,
    ExtensionForm,
    HearingRecordForm,
    HearingScheduleForm,
    HearingUnheldForm,
    NoPenaltyForm,
    TransferForm,
    TransferReceiptForm,
)
from zhifa.cases.models import Case, CaseState, CaseTransfer, Service


def _officers(case: Case):  # -> QuerySet[Officer]
    return (Officer.objects.filter(unit__in=Agency.objects.within([case.agency]), active=True)
            .select_related("person", "unit").order_by("unit__path", "person__name"))


def _schedule_initial(case: Case) -> dict[str, Any]:
    """The contact and address the 事先告知书 gave, for the 听证通知书."""
    notice, _service = guards.latest_notice(case)
    values = notice.document.values if notice is not None else {}
    return {"contact": values.get("联系人", ""), "agency_address": values.get("机关地址", ""), "public": True}


def hearing_context(request, case: Case, handle: bool, forms: dict[str, Any]) -> dict[str, Any]:
    """The case page's sections of this part: the hearing (its stage), the collective discussion (the collective
    stage, or a complex case at decision), no penalty or transfer (at 案件审核), the transfer's receipt, and the
    decision deadline with its extension."""
    user = request.user
    active = case.state == CaseState.ACTIVE
    approve = can(user, "case.approve", case.agency) and active
    hearings = list(case.hearings.select_related("notice", "record", "presiding__person", "panel__person",
                                                 "recorder__person").order_by("scheduled_at", "pk"))
    live = guards.live_hearing(case) if case.stage == "hearing" else None
    at_hearing = handle and case.stage == "hearing"
    context: dict[str, Any] = {
        "hearings": hearings, "live_hearing": live,
        "live_notice_service": Service.objects.filter(document_id=live.notice_id).first() if live else None,
        "hearing_schedule_form": forms.get("hearing_schedule_form") or (
            HearingScheduleForm(officers=_officers(case), initial=_schedule_initial(case))
            if at_hearing and (live is None or not live.outcome) else None),
        "hearing_record_form": forms.get("hearing_record_form") or (
            HearingRecordForm(initial={"started_at": timezone.localtime(live.starts_at).strftime("%Y-%m-%dT%H:%M"),
                                       "party_signed": True})
            if at_hearing and live is not None and not live.outcome else None),
        "hearing_unheld_form": forms.get("hearing_unheld_form") or (
            HearingUnheldForm(initial={"on": timezone.localdate()})
            if at_hearing and live is not None and not live.outcome else None),
    }
    discussions = list(case.collective_discussions.select_related("document", "presiding__person")
                       .prefetch_related("participants__person"))
    proposal = guards.latest_proposal(case)
    discussing = case.stage == "collective" or (case.stage == "decide" and proposal is not None and proposal.complex)
    context |= {
        "discussions": discussions,
        "collective_form": forms.get("collective_form") or (
            CollectiveDiscussionForm(heads=actions.agency_heads(case.agency)) if approve and discussing else None),
        "no_penalty_form": forms.get("no_penalty_form") or (
            NoPenaltyForm() if approve and case.stage == "unit_review" else None),
        "transfer_form": forms.get("transfer_form") or (
            TransferForm() if approve and case.stage == "unit_review" else None),
    }
    transfer = CaseTransfer.objects.filter(case=case).select_related("document").first()
    context |= {
        "transfer": transfer,
        "transfer_receipt_form": forms.get("transfer_receipt_form") or (
            TransferReceiptForm(initial={"received_on": timezone.localdate()})
            if transfer is not None and transfer.received_on is None and case.state == CaseState.CLOSED
            and can(user, "case.handle", case.unit) else None),
    }
    deadline = actions.decision_deadline(case) if active else None
    context |= {
        "decision_deadline": deadline, "extensions": list(case.decision_extensions.all()),
        "extension_form": forms.get("extension_form") or (
            ExtensionForm(initial={"expected_last_day": deadline.last_day}) if approve and deadline else None),
    }
    return context


def _post(request, pk: int, form_name: str, form: Any, action, done: str) -> HttpResponse:
    """The case page's own way: the write, then the page again, its form with the refusal beside the field."""
    from zhifa.cases import views as case_views  # which imports this module for hearing_context

    return case_views._act(request, pk, form_name, form, action, done)


@login_required
@require_POST
def hearing_schedule(request, pk: int) -> HttpResponse:
    case = access_case(request.user, pk)
    return _post(request, pk, "hearing_schedule_form", HearingScheduleForm(request.POST, officers=_officers(case)),
                 lambda case, d: actions.schedule_hearing(actor=request.user, case=case, **d),
                 "已安排听证，制作听证通知书")


@login_required
@require_POST
def hearing_record(request, pk: int) -> HttpResponse:
    return _post(request, pk, "hearing_record_form", HearingRecordForm(request.POST),
                 lambda case, d: actions.record_hearing(actor=request.user, case=case, **d), "已制作听证笔录")


@login_required
@require_POST
def hearing_unheld(request, pk: int) -> HttpResponse:
    return _post(request, pk, "hearing_unheld_form", HearingUnheldForm(request.POST),
                 lambda case, d: actions.end_hearing_unheld(actor=request.user, case=case, **d),
                 "已记录听证未举行的情况")


@login_required
@require_POST
def collective(request, pk: int) -> HttpResponse:
    case = access_case(request.user, pk)
    form = CollectiveDiscussionForm(request.POST, heads=actions.agency_heads(case.agency))
    return _post(request, pk, "collective_form", form,
                 lambda case, d: actions.record_collective_discussion(actor=request.user, case=case, **d),
                 "已记录集体讨论")


@login_required
@require_POST
def no_penalty(request, pk: int) -> HttpResponse:
    return _post(request, pk, "no_penalty_form", NoPenaltyForm(request.POST),
                 lambda case, d: actions.decide_no_penalty(actor=request.user, case=case, **d),
                 "已作出不予行政处罚决定，案件结案；请登记决定书送达")


@login_required
@require_POST
def transfer(request, pk: int) -> HttpResponse:
    return _post(request, pk, "transfer_form", TransferForm(request.POST),
                 lambda case, d: actions.transfer_case(actor=request.user, case=case, **d), "已移送案件，案件结案")


@login_required
@require_POST
def transfer_receipt(request, pk: int) -> HttpResponse:
    return _post(request, pk, "transfer_receipt_form", TransferReceiptForm(request.POST),
                 lambda case, d: actions.record_transfer_receipt(actor=request.user, case=case, **d), "已登记接收情况")


@login_required
@require_POST
def extend_deadline(request, pk: int) -> HttpResponse:
    return _post(request, pk, "extension_form", ExtensionForm(request.POST),
                 lambda case, d: actions.extend_decision_deadline(actor=request.user, case=case, **d),
                 "已批准延长作出处罚决定的期限")
