"""Reads of evidence with scope: outside the user's reach is 404, exactly like missing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from zhifa.agencies.models import Agency
from zhifa.agencies.permissions import reach
from zhifa.records.models import Evidence, Hold, ViewRequest, ViewRequestState

if TYPE_CHECKING:
    from zhifa.agencies.permissions import AnyUser


def evidence_for(user: AnyUser, action: str = "evidence.view") -> QuerySet[Evidence]:
    everything, roots = reach(user, action)
    qs = Evidence.objects.all()
    if not everything:
        qs = qs.filter(unit__in=Agency.objects.within(roots))
    return qs


def with_flags(qs: QuerySet[Evidence]) -> QuerySet[Evidence]:
    """Rows with what a list or page shows beside them: the blob, the unit, and whether held."""
    return qs.select_related("blob", "unit", "camera_operator__person", "retention_class").annotate(
        held=Exists(Hold.objects.filter(evidence=OuterRef("pk"), released_at__isnull=True)))


def access_evidence(user: AnyUser, pk: object, action: str = "evidence.view") -> Evidence:
    try:
        return with_flags(evidence_for(user, action)).select_related("unit__level", "uploaded_by__person").get(
            pk=pk)  # type: ignore[misc]
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def pending_requests_for(user: AnyUser) -> QuerySet[ViewRequest]:
    """Applications waiting for this user's decision (evidence.approve_view)."""
    everything, roots = reach(user, "evidence.approve_view")
    qs = ViewRequest.objects.filter(state=ViewRequestState.PENDING).exclude(requested_by_id=user.pk)
    if not everything:
        qs = qs.filter(evidence__unit__in=Agency.objects.within(roots))
    return qs.select_related("evidence", "evidence__unit", "requested_by__person")
