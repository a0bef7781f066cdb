"""Which review rounds a user may see: those of the cases in their reach; any other is 404."""

from __future__ import annotations

from django.http import Http404

from zhifa.cases.access import cases_for
from zhifa.review.models import ReviewRound


def rounds_for(user, action: str = "case.view"):  # -> QuerySet[ReviewRound]
    return ReviewRound.objects.filter(case__in=cases_for(user, action))


def access_round(user, pk: int) -> ReviewRound:
    try:
        return rounds_for(user).select_related("case__agency", "case__unit", "reviewer__person", "opinion").get(pk=pk)
    except ReviewRound.DoesNotExist:
        raise Http404 from None
