"""The figures of a period, per 执法主体, rolled up per region: a list of named counters, each one function that
answers {agency pk: count} for every agency of the scope in one aggregate query — so the figures cost the same
number of queries for one agency as for a province, and adding a figure is adding one function here.

Where each count comes from:

- decisions of each kind (行政许可、行政处罚、行政强制、行政征收征用、行政检查): the cases in which the cases app
  recorded that decision in the period (its ledger entries, ``case.licence_decided`` …), each case once per kind;
- publications: the publicity app's publications published in the period, and those published on or before
  their due time (PUB-04's 7 or 20 working days);
- withdrawals (第48条) and corrections (PUB-07): the ledger entries of the publicity app in the period;
- legal reviews: the review app's own statistics (``review.stats.statistics``), not counted again here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, QuerySet
from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.agencies.permissions import agencies_in_reach
from zhifa.ledger.models import Entry
from zhifa.publicity.models import Publication
from zhifa.review import stats as review_stats
from zhifa.statistics.rules import Period

if TYPE_CHECKING:
    from zhifa.agencies.permissions import AnyUser

READ = "statistics.view"
DECISIONS, PUBLICITY, REVIEW = "执法决定", "执法公示", "法制审核"


@dataclass
class Scope:
    """Whose figures, over which period, for whom (the review statistics read the user's reach)."""

    user: AnyUser
    agencies: list[Agency]
    period: Period
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def ids(self) -> list[int]:
        return [a.pk for a in self.agencies]

    def _at(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_current_timezone())

    @property
    def start_at(self) -> dt.datetime:
        return self._at(self.period.start)

    @property
    def end_at(self) -> dt.datetime:  # exclusive: the first moment after the period
        return self._at(self.period.end + dt.timedelta(days=1))


@dataclass(frozen=True)
class Counter:
    key: str
    label: str
    group: str
    count: Callable[[Scope], Mapping[int, int]]


COUNTERS: list[Counter] = []


def counter(key: str, label: str, group: str) -> Callable[[Callable[[Scope], Mapping[int, int]]],
                                                         Callable[[Scope], Mapping[int, int]]]:
    def register(func: Callable[[Scope], Mapping[int, int]]) -> Callable[[Scope], Mapping[int, int]]:
        COUNTERS.append(Counter(key, label, group, func))
        return func
    return register


def _by(qs: QuerySet, key: str, n: Any) -> dict[int, int]:
    return {row[key]: row["n"] for row in qs.values(key).annotate(n=n).order_by()}


def _entries(scope: Scope, *kinds: str, distinct_subjects: bool = False) -> dict[int, int]:
    """Ledger entries of ``kinds`` in the period on the scope's chains (a 执法主体's chain is its pk)."""
    qs = Entry.objects.filter(chain__in=scope.ids, kind__in=kinds, recorded_at__gte=scope.start_at,
                              recorded_at__lt=scope.end_at)
    return _by(qs, "chain", Count("subject_id", distinct=True) if distinct_subjects else Count("pk"))


def _decided(*kinds: str) -> Callable[[Scope], dict[int, int]]:
    return lambda scope: _entries(scope, *kinds, distinct_subjects=True)


# ---------------------------------------------------------------- the counters, in the table's order

counter("licence", "行政许可", DECISIONS)(_decided("case.licence_decided"))
counter("penalty", "行政处罚", DECISIONS)(_decided("case.decided"))
counter("coercion", "行政强制", DECISIONS)(_decided("case.measure_carried_out", "case.coercion_decided"))
counter("levy", "行政征收征用", DECISIONS)(_decided("case.levy_decided"))
counter("inspection", "行政检查", DECISIONS)(_decided("case.inspection_concluded"))


def _published(scope: Scope):  # -> QuerySet[Publication]
    return Publication.objects.filter(agency__in=scope.ids, published_at__gte=scope.start_at,
                                      published_at__lt=scope.end_at)


@counter("published", "公示信息", PUBLICITY)
def published(scope: Scope) -> dict[int, int]:
    return _by(_published(scope), "agency", Count("pk"))


@counter("published_on_time", "按期公示", PUBLICITY)
def published_on_time(scope: Scope) -> dict[int, int]:
    return _by(_published(scope).filter(published_at__lte=F("due_at")), "agency", Count("pk"))


@counter("withdrawn", "撤回", PUBLICITY)
def withdrawn(scope: Scope) -> dict[int, int]:
    return _entries(scope, "publication.withdrawn")


@counter("corrected", "更正申请", PUBLICITY)
def corrected(scope: Scope) -> dict[int, int]:
    return _entries(scope, "publicity.correction_received")


def _reviews(scope: Scope) -> dict[int, review_stats.Line]:
    if "review" not in scope.memo:
        figures = review_stats.statistics(scope.user, scope.period.start, scope.period.end)
        scope.memo["review"] = {line.key: line for line in figures.agencies}
    return scope.memo["review"]


@counter("reviewed", "法制审核意见", REVIEW)
def reviewed(scope: Scope) -> dict[int, int]:
    return {pk: line.count for pk, line in _reviews(scope).items() if pk is not None}


@counter("reviewed_on_time", "按期审核", REVIEW)
def reviewed_on_time(scope: Scope) -> dict[int, int]:
    return {pk: line.on_time for pk, line in _reviews(scope).items() if pk is not None}


# ---------------------------------------------------------------- rows


@dataclass
class Row:
    """One agency's (or region's, or the total's) values, by counter key."""

    label: str
    agency: Agency | None = None  # the agency, or the region whose total this is
    values: dict[str, int] = field(default_factory=dict)
    total: bool = False

    def add(self, other: Row) -> None:
        for key, n in other.values.items():
            self.values[key] = self.values.get(key, 0) + n

    def cells(self) -> list[tuple[Counter, int]]:
        return [(c, self.values.get(c.key, 0)) for c in COUNTERS]

    @property
    def decisions(self) -> int:
        return sum(n for c, n in self.cells() if c.group == DECISIONS)

    @property
    def on_time(self) -> int:
        return self.values.get("published_on_time", 0)

    @property
    def late(self) -> int:
        return self.values.get("published", 0) - self.on_time

    @property
    def on_time_rate(self) -> float | None:
        """Publications made on or before their due time, of those made."""
        made = self.values.get("published", 0)
        return self.values.get("published_on_time", 0) / made if made else None

    @property
    def on_time_percent(self) -> str:
        return percent(self.on_time_rate)

    def frozen(self) -> dict[str, Any]:
        """What a report freezes: the counters by key with their names, and the on-time rate as it reads (the
        ledger's canonical JSON holds no floats)."""
        return {"counters": [{"key": c.key, "label": c.label, "group": c.group, "value": n} for c, n in self.cells()],
                "on_time_rate": self.on_time_percent}


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


@dataclass
class Figures:
    period: Period
    agencies: list[Row]
    regions: list[Row]
    total: Row


def groups() -> list[tuple[str, list[Counter]]]:
    """The counters under their group's name, in order (the table's two-row head)."""
    out: list[tuple[str, list[Counter]]] = []
    for c in COUNTERS:
        if not out or out[-1][0] != c.group:
            out.append((c.group, []))
        out[-1][1].append(c)
    return out


def agencies_for(user: AnyUser) -> QuerySet[Agency]:
    """The 执法主体 whose figures ``user`` may read: an agency's own, a supervisor's region, in tree order."""
    return agencies_in_reach(user, READ).filter(level__is_agency=True).select_related("level").order_by("path")


def _regions(agencies: Sequence[Agency]) -> dict[int, Agency]:
    """{agency pk: the region it lies in} for many agencies in one query."""
    ids = {int(p) for a in agencies for p in a.path.strip("/").split("/") if p}
    regions = {r.pk: r for r in Agency.objects.filter(pk__in=ids, level__is_region=True)}
    out: dict[int, Agency] = {}
    for a in agencies:
        chain = [regions[int(p)] for p in a.path.strip("/").split("/") if p and int(p) in regions]
        if chain:
            out[a.pk] = chain[-1]
    return out


def compute(user: AnyUser, agencies: Sequence[Agency], period: Period) -> Figures:
    """The figures of ``agencies`` over ``period``: one query per counter, one for the regions."""
    scope = Scope(user, list(agencies), period)
    rows = {a.pk: Row(a.name, a) for a in scope.agencies}
    if rows:
        for c in COUNTERS:
            for pk, n in c.count(scope).items():
                if pk in rows:
                    rows[pk].values[c.key] = n
    by_region: dict[int, Row] = {}
    total = Row("合计", total=True)
    for pk, region in _regions(scope.agencies).items():
        by_region.setdefault(region.pk, Row(f"{region.name}合计", region, total=True)).add(rows[pk])
    for row in rows.values():
        total.add(row)
    return Figures(period, list(rows.values()), list(by_region.values()), total)
