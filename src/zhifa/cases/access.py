"""Scoped reads of cases: a case outside the user's reach answers like a missing one (404)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from zhifa.agencies.permissions import agencies_in_reach, reach
from zhifa.cases.models import Case, CaseParty, Complaint

if TYPE_CHECKING:
    from zhifa.agencies.permissions import AnyUser


def cases_for(user: AnyUser, action: str = "case.view") -> QuerySet[Case]:
    """Cases whose handling unit lies in the user's reach for ``action``."""
    everything, roots = reach(user, action)
    if everything:
        return Case.objects.all()
    if not roots:
        return Case.objects.none()
    return Case.objects.filter(unit__in=agencies_in_reach(user, action))


def access_case(user: AnyUser, pk: int, action: str = "case.view") -> Case:
    try:
        return cases_for(user, action).select_related("agency", "unit", "place", "domain").get(pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None


def complaints_for(user: AnyUser, action: str = "case.view") -> QuerySet[Complaint]:
    """Complaints whose handling unit lies in the user's reach for ``action``."""
    everything, roots = reach(user, action)
    if everything:
        return Complaint.objects.all()
    if not roots:
        return Complaint.objects.none()
    return Complaint.objects.filter(unit__in=agencies_in_reach(user, action))


def access_complaint(user: AnyUser, pk: int, action: str = "case.view") -> Complaint:
    try:
        return complaints_for(user, action).select_related("agency", "unit", "case", "received_by__person").get(pk=pk)
    except Complaint.DoesNotExist:
        raise Http404 from None


def party_ids_of_cases(inside: QuerySet) -> QuerySet:
    """The parties of the cases of the given agencies: the party registry lets those agencies read them."""
    return CaseParty.objects.filter(case__agency__in=inside).values("party_id")
