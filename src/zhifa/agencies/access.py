"""Reads with scope: an object outside the user's reach is 404, exactly like a missing one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from zhifa.agencies.models import Agency, Credential, Officer, Reviewer
from zhifa.agencies.permissions import agencies_in_reach, can, reach

if TYPE_CHECKING:
    from zhifa.agencies.permissions import AnyUser


def _get_or_404(qs: QuerySet, pk: object):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def agencies_for(user: AnyUser, action: str = "agency.view"):
    return agencies_in_reach(user, action).select_related("level", "parent")


def access_agency(user: AnyUser, pk: object, action: str = "agency.view") -> Agency:
    return _get_or_404(agencies_for(user, action).select_related("principal", "supervises"), pk)


def officers_for(user: AnyUser, action: str = "officer.view") -> QuerySet[Officer]:
    everything, roots = reach(user, action)
    qs = Officer.objects.all()
    if not everything:
        qs = qs.filter(unit__in=Agency.objects.within(roots))
    return qs.select_related("person", "unit").prefetch_related(
        Prefetch("credentials", queryset=Credential.objects.prefetch_related("domains", "areas")))


def access_officer(user: AnyUser, pk: object, action: str = "officer.view") -> Officer:
    return _get_or_404(officers_for(user, action), pk)


def access_credential(user: AnyUser, pk: object, action: str = "officer.manage") -> Credential:
    credential = _get_or_404(Credential.objects.select_related("officer__unit", "officer__person"), pk)
    if not can(user, action, credential.officer.unit):
        raise Http404
    return credential


def reviewers_for(user: AnyUser, action: str = "reviewer.view") -> QuerySet[Reviewer]:
    everything, roots = reach(user, action)
    qs = Reviewer.objects.all()
    if not everything:
        qs = qs.filter(unit__in=Agency.objects.within(roots))
    return qs.select_related("person", "unit", "registered_with")
