"""Open obligations as items of 我的待办: the user's own, and those of the units they manage."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Case, F, Q, QuerySet, When
from django.urls import reverse

from zhifa.agencies.models import name_of
from zhifa.agencies.permissions import agencies_in_reach, reach
from zhifa.core import labels
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.obligations.queries import listed_q
from zhifa.work.registry import Item, ItemKind

if TYPE_CHECKING:
    from zhifa.agencies.permissions import AnyUser


def _running(field: str) -> Case:
    """A paused obligation's clock stands still: it is neither due nor due soon until it resumes."""
    return Case(When(state=ObligationState.PAUSED, then=None), default=F(field))


class OpenObligation(ItemKind):
    code = "obligation"
    label = "期限事项"
    related = ("agency", "assignee__person")
    prefetch = ("subject",)

    def pending_for(self, user: AnyUser, now: dt.datetime) -> QuerySet[Obligation]:
        live = Obligation.objects.filter(listed_q(now))
        everything, roots = reach(user, "obligation.manage")
        if everything:
            return live
        mine = Q(assignee_id=user.pk)
        if roots:
            mine |= Q(agency__in=agencies_in_reach(user, "obligation.manage"))
        return live.filter(mine)

    def sort(self) -> Any:
        return F("due_at")  # a paused one keeps its place by the time it was due when paused

    def due(self) -> Any:
        return _running("due_at")

    def warn(self) -> Any:
        return _running("warn_from")

    def present(self, ob: Obligation) -> Item:
        subject = ob.subject
        url = getattr(subject, "get_absolute_url", None)
        return Item(
            title=ob.title, subject=ob.subject_label,
            url=url() if url else f"{reverse('obligations:deadlines')}#ob-{ob.pk}",
            action="办理", state=ob.get_state_display(), unit=ob.agency.name,
            who=name_of(ob.assignee) if ob.assignee else "", rule=labels.rule_label(ob.rule),
            due_at=ob.due_at, warn_from=ob.warn_from, provisional=ob.provisional)
