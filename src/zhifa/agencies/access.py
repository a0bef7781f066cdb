"""Reads with scope: an object outside the user's reach is 404, exactly like a missing one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from zhifa.agencies.models import AccountState, Agency, Credential, Officer, Person, Reviewer, RoleGrant
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


def accounts_for(user: AnyUser, action: str = "account.manage") -> QuerySet:
    """Login accounts the user manages: every place each belongs to (where it was opened, its officer's unit, its
    grants' agencies) within reach, and at least one such place. Subqueries, not joins, so no DISTINCT."""
    from django.contrib.auth import get_user_model

    everything, roots = reach(user, action)
    qs = get_user_model().objects.all()
    if not everything:
        inside = Agency.objects.within(roots)
        qs = qs.filter(Q(pk__in=RoleGrant.objects.filter(agency__in=inside).values("user_id"))
                       | Q(pk__in=Person.objects.filter(officer__unit__in=inside).values("user_id"))
                       | Q(pk__in=AccountState.objects.filter(agency__in=inside).values("user_id")))
        # NOT IN over a column with NULLs matches nothing: each subquery names only rows that have a user
        qs = qs.exclude(pk__in=RoleGrant.objects.exclude(agency__in=inside).values("user_id"))
        qs = qs.exclude(pk__in=Person.objects.filter(user__isnull=False, officer__isnull=False)
                        .exclude(officer__unit__in=inside).values("user_id"))
        qs = qs.exclude(pk__in=AccountState.objects.filter(agency__isnull=False).exclude(agency__in=inside)
                        .values("user_id"))
    return qs.select_related("person", "person__officer__unit", "account_state", "account_state__agency")


def access_account(user: AnyUser, pk: object, action: str = "account.manage"):
    return _get_or_404(accounts_for(user, action), pk)
