"""Staffing numbers per agency: officers, officers with a valid credential, legal reviewers (REV-11).

``staffing_for`` answers for any number of agencies in one query (counts are correlated subqueries over
each agency's subtree), so a region page costs the same for three agencies as for three hundred.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery

from zhifa.agencies.models import Agency, Credential, CredentialState, Officer, Reviewer

# REV-11: reviewers are at least 5% of the agency's officers
REVIEWER_RATIO = Decimal("0.05")


class SubqueryCount(Subquery):
    """``(SELECT COUNT(*) FROM (<queryset>))`` as an annotation; 0 when the subquery has no rows."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


@dataclass(frozen=True)
class Staffing:
    officers: int
    valid_officers: int
    reviewers: int
    ratio: Decimal | None  # reviewers / officers; None when the agency has no officers
    # REV-11 met? None when it does not apply: an agency without officers neither meets nor misses a ratio of
    # them (0 of 0 must not read as "达到 5%").
    meets_reviewer_ratio: bool | None

    @property
    def ratio_percent(self) -> Decimal | None:
        return None if self.ratio is None else (self.ratio * 100).quantize(Decimal("0.1"))

    @classmethod
    def of(cls, officers: int, valid_officers: int, reviewers: int) -> Staffing:
        ratio = (Decimal(reviewers) / Decimal(officers)).quantize(Decimal("0.0001")) if officers else None
        # REV-11: reviewers are at least 5% of the agency's officers (exact, without rounding).
        meets = Decimal(reviewers) >= REVIEWER_RATIO * officers if officers else None
        return cls(officers, valid_officers, reviewers, ratio, meets)


def staffing_annotations(on: dt.date) -> dict[str, SubqueryCount]:
    """Annotations for an Agency queryset: counts over each agency's subtree (its path prefix)."""
    in_subtree = {"unit__path__startswith": OuterRef("path")}
    officers = Officer.objects.filter(active=True, **in_subtree)
    valid_cred = Credential.objects.filter(state=CredentialState.ACTIVE, valid_from__lte=on, valid_to__gte=on)
    return {
        "n_officers": SubqueryCount(officers.values("pk")),
        "n_valid_officers": SubqueryCount(
            officers.filter(pk__in=valid_cred.values("officer_id")).values("pk")),
        "n_reviewers": SubqueryCount(Reviewer.objects.filter(active=True, **in_subtree).values("pk")),
    }


def staffing_for(agencies: Iterable[Agency] | QuerySet[Agency], on: dt.date) -> dict[int, Staffing]:
    """Staffing of each given agency (by primary key) on day ``on``, in one query."""
    if isinstance(agencies, QuerySet):
        qs = Agency.objects.filter(pk__in=agencies.values("pk"))  # type: ignore[misc]  # a subquery, not a list
    else:
        qs = Agency.objects.filter(pk__in=[a.pk for a in agencies])
    rows = qs.order_by().annotate(**staffing_annotations(on)).values_list(  # type: ignore[misc]  # annotations
        "pk", "n_officers", "n_valid_officers", "n_reviewers")
    return {pk: Staffing.of(o, v, r) for pk, o, v, r in rows}
