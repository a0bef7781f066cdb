"""Items of 我的待办 from evidence: applications to view or copy waiting for the user's decision, and the
user's own applications once decided."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import DateTimeField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from zhifa.agencies.models import name_of
from zhifa.records.access import pending_requests_for
from zhifa.records.models import ViewRequest, ViewRequestState
from zhifa.work.registry import NO_DUE, Item, ItemKind

if TYPE_CHECKING:
    from zhifa.agencies.permissions import AnyUser

# How long a refused application stays in the applicant's list, so that they see the answer.
REFUSAL_SHOWN = dt.timedelta(days=7)


def _application(req: ViewRequest) -> str:
    who = f"当事人{req.party_name}" if req.party_name else "内部调阅"
    return f"{who}{req.get_purpose_display()}申请"


class ViewRequestToDecide(ItemKind):
    code = "view_request"
    label = "调阅审批"
    approval = True
    permission = "evidence.approve_view"
    agency = "evidence__unit"
    related = ("evidence__unit", "requested_by__person")

    def pending_for(self, user: AnyUser, now: dt.datetime) -> QuerySet[ViewRequest]:
        return pending_requests_for(user)

    def present(self, req: ViewRequest) -> Item:
        return Item(title=f"审批{_application(req)}", subject=str(req.evidence), action="审批",
                    url=f"{reverse('records:requests')}#req-{req.pk}", state=req.get_state_display(),
                    unit=req.evidence.unit.name, who=name_of(req.requested_by), rule="记录查阅审批")


class ViewRequestAnswered(ItemKind):
    """The user's application, decided: approved ones until they lapse, refused ones for a week."""

    code = "view_request_answered"
    label = "调阅申请已批复"
    agency = "evidence__unit"
    related = ("evidence__unit", "decided_by__person")

    def pending_for(self, user: AnyUser, now: dt.datetime) -> QuerySet[ViewRequest]:
        usable = Q(state=ViewRequestState.APPROVED, valid_until__gte=now)
        refused = Q(state=ViewRequestState.REFUSED, decided_at__gte=now - REFUSAL_SHOWN)
        return ViewRequest.objects.filter(usable | refused, requested_by_id=user.pk)

    def sort(self) -> Any:
        return Coalesce("valid_until", Value(NO_DUE, output_field=DateTimeField()))

    def due(self) -> Any:
        return F("valid_until")

    def present(self, req: ViewRequest) -> Item:
        approved = req.state == ViewRequestState.APPROVED
        note = f"：{req.decision_note}" if req.decision_note else ""
        return Item(title=f"{_application(req)}{req.get_state_display()}{note}", subject=str(req.evidence),
                    url=req.evidence.get_absolute_url(), action="查阅" if approved else "查看",
                    state=req.get_state_display(), unit=req.evidence.unit.name,
                    who=name_of(req.decided_by) if req.decided_by else "", rule="记录查阅审批",
                    due_at=req.valid_until if approved else None)
