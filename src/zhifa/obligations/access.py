"""Scoped reads of obligations: missing and out-of-reach look the same (404)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from zhifa.agencies.permissions import agencies_in_reach, reach
from zhifa.obligations.models import Obligation

if TYPE_CHECKING:
    from zhifa.agencies.permissions import AnyUser


def obligations_in_reach(user: AnyUser, action: str) -> QuerySet[Obligation]:
    """Obligations owned by an agency inside the user's reach for ``action``."""
    everything, roots = reach(user, action)
    if everything:
        return Obligation.objects.all()
    if not roots:
        return Obligation.objects.none()
    return Obligation.objects.filter(agency__in=agencies_in_reach(user, action))


def access_obligation(user: AnyUser, pk: int, action: str = "obligation.view") -> Obligation:
    """The obligation ``pk`` if ``user`` may do ``action`` on it, else Http404.

    For "obligation.view" the assignee always sees their own obligation.
    """
    qs = obligations_in_reach(user, action)
    if action == "obligation.view" and user.is_authenticated:
        qs = Obligation.objects.filter(Q(pk__in=qs.values("pk")) | Q(assignee=user))
    try:
        return qs.select_related("agency").get(pk=pk)
    except Obligation.DoesNotExist:
        raise Http404 from None


def reach_checker(user: AnyUser, action: str) -> Callable[[Obligation], bool]:
    """A per-row ``can(user, action, ob.agency)`` that asks the database once, not once per row."""
    everything, roots = reach(user, action)
    paths = [r.path for r in roots]

    def check(ob: Obligation) -> bool:
        return everything or any(ob.agency.path.startswith(p) for p in paths)

    return check
