"""The case list's search: every filter a subquery or an indexed column, so that one page costs the same
however many cases there are (bench/bench_case_list.py measures it at 1,000 and 100,000)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from zhifa.agencies.models import Officer
from zhifa.cases.access import cases_for
from zhifa.cases.models import Case, CaseOfficer, CaseParty
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.parties.models import Party

if TYPE_CHECKING:
    from zhifa.agencies.permissions import AnyUser

# the last code point: every name that starts with a prefix sorts below the prefix followed by it
_AFTER = "\U0010ffff"


def name_starts(prefix: str) -> Q:
    """Parties whose name starts with ``prefix``, read from the name's index. PostgreSQL's LIKE 'x%' walks the
    index Django makes for it (varchar_pattern_ops, whatever the collation); SQLite's LIKE ignores ASCII case
    and so cannot, but its binary order is code-point order, where a prefix is a range."""
    if connection.vendor == "postgresql":
        return Q(name__startswith=prefix)
    return Q(name__gte=prefix, name__lt=prefix + _AFTER)


def search_cases(user: AnyUser, f: dict[str, Any], now: dt.datetime) -> QuerySet[Case]:
    """The cases in the user's reach matching the filter form's cleaned values, newest first."""
    qs = cases_for(user)
    if f.get("q"):
        # a whole case number is looked up by its index; anything else searches numbers and 案由 as text
        looks_like_number = "〔" in f["q"] and f["q"].endswith("号")
        qs = qs.filter(number=f["q"]) if looks_like_number else qs.filter(
            Q(number__icontains=f["q"]) | Q(title__icontains=f["q"]))
    party = f.get("party")
    if party:
        # the party's own number: a person's document, an organisation's code (an individual business without
        # a code is recorded by its operator's document)
        found = Q(id_number=party["number"]) if "number" in party else name_starts(party["name"])
        qs = qs.filter(pk__in=CaseParty.objects.filter(party__in=Party.objects.filter(found).values("pk"))
                       .values("case_id"))
    if f.get("stage"):
        process, _, stage = f["stage"].partition(".")
        qs = qs.filter(process=process, stage=stage)
    if f.get("state"):
        qs = qs.filter(state=f["state"])
    if f.get("officer"):
        officers = Officer.objects.filter(person__name__contains=f["officer"]).values("pk")
        qs = qs.filter(pk__in=CaseOfficer.objects.filter(officer__in=officers).values("case_id"))
    if f.get("overdue"):
        # an open time limit past its due time (a paused one is not running; a met one is over)
        late = Obligation.objects.filter(subject_type=ContentType.objects.get_for_model(Case), due_at__lt=now,
                                         state__in=[ObligationState.OPEN, ObligationState.LATE])
        qs = qs.filter(pk__in=late.values("subject_id"))
    return qs.select_related("unit").prefetch_related(
        Prefetch("assignments", queryset=CaseOfficer.objects.select_related("officer__person"))
    ).order_by("-registered_at", "-pk")
