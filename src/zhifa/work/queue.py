"""我的待办 as one list: every registered kind's items, filtered, sorted by due time and paged.

Each kind's queryset is cut down to the same five columns (kind, pk, sort key, due, warn) and read in due-time
order only as far as the page needs — an index walk, not a sort of every item — and the kinds' runs are merged
here. Counts stop at a cap, every kind's in one query. So a page costs a fixed number of queries (one count, a
run per kind, then one fetch per kind on the page), and about the same time with a thousand items in reach as with
a hundred thousand.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.utils import timezone

from zhifa.work.registry import Item, ItemKind, kinds

if TYPE_CHECKING:
    from zhifa.agencies.models import Agency
    from zhifa.agencies.permissions import AnyUser

RED, YELLOW, GREEN = "red", "yellow", "green"
COLOURS = {RED: "逾期", YELLOW: "临期", GREEN: "正常"}

COLUMNS = ("w_kind", "w_pk", "w_sort", "w_due", "w_warn")
Row = tuple[str, int, dt.datetime, dt.datetime | None, dt.datetime | None]


@dataclass(frozen=True)
class Filters:
    kinds: tuple[str, ...] = ()  # codes of the kinds to list; () lists every kind
    colour: str = ""
    unit: Agency | None = None
    due_by: dt.date | None = None  # due no later than the end of this day
    latest_first: bool = False


def colour_of(due: dt.datetime | None, warn: dt.datetime | None, now: dt.datetime) -> str:
    """Red, yellow or green by the item's times; "" for an item with no running clock."""
    if due is None and warn is None:
        return ""
    if due is not None and due < now:
        return RED
    if warn is not None and warn <= now:
        return YELLOW
    return GREEN


def _colour_q(colour: str, now: dt.datetime) -> Q:
    red = Q(w_due__lt=now)
    yellow = Q(w_due__gte=now, w_warn__lte=now) | Q(w_due__isnull=True, w_warn__lte=now)
    if colour == RED:
        return red
    if colour == YELLOW:
        return yellow
    # Spelled out rather than negated: NOT (NULL < now) is NULL in SQL, which would drop undated items.
    return (Q(w_due__isnull=True) | Q(w_due__gte=now)) & (Q(w_warn__isnull=True) | Q(w_warn__gt=now))


def _part(kind: ItemKind, user: AnyUser, now: dt.datetime, f: Filters) -> QuerySet[Any]:
    qs = kind.pending_for(user, now).annotate(
        w_kind=Value(kind.code), w_pk=F("pk"), w_sort=kind.sort(), w_due=kind.due(), w_warn=kind.warn())
    if f.colour:
        qs = qs.filter(_colour_q(f.colour, now))
    if f.unit is not None:
        qs = qs.filter(**{f"{kind.agency}__path__startswith": f.unit.path})
    if f.due_by is not None:
        end = dt.datetime.combine(f.due_by + dt.timedelta(days=1), dt.time(), tzinfo=timezone.get_current_timezone())
        qs = qs.filter(w_due__lt=end)
    return qs


def _parts(user: AnyUser, now: dt.datetime, f: Filters) -> list[QuerySet[Any]]:
    return [_part(k, user, now, f) for k in kinds() if not f.kinds or k.code in f.kinds]


def count(user: AnyUser, now: dt.datetime, f: Filters = Filters(), *, cap: int) -> int:
    """How many items there are, counting no further than ``cap`` in each kind: one query for every kind
    together (each kind's bounded count a subquery of it), so a page's badge costs one query however many kinds
    are registered; a kind the user may not act on is not asked."""
    counted: list[str] = []
    params: list[Any] = []
    for part in _parts(user, now, f):
        try:
            sql, part_params = part.order_by().values("w_pk")[:cap].query.sql_with_params()
        except EmptyResultSet:  # ``none()``: nothing to count, nothing to ask
            continue
        counted.append(f"(SELECT COUNT(*) FROM ({sql}) AS w_{len(counted)})")
        params.extend(part_params)
    if not counted:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + " + ".join(counted), params)
        return min(cap, cursor.fetchone()[0])


def first_rows(user: AnyUser, now: dt.datetime, f: Filters, limit: int) -> list[Row]:
    """The first ``limit`` rows in due-time order (latest first if asked), across every kind."""
    runs = []
    for part in _parts(user, now, f):
        order = ("-w_sort", "-w_pk") if f.latest_first else ("w_sort", "w_pk")
        runs.append(list(part.order_by(*order).values_list(*COLUMNS)[:limit]))
    merged = heapq.merge(*runs, key=lambda r: (r[2], r[0], r[1]), reverse=f.latest_first)
    return [row for row, _ in zip(merged, range(limit), strict=False)]


def present(user: AnyUser, now: dt.datetime, rows: list[Row]) -> list[Item]:
    """The rows as items, in the rows' order: one fetch per kind among them."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for code, pk, *_ in rows:
        by_kind[code].append(pk)
    known = {k.code: k for k in kinds()}
    fetched: dict[tuple[str, int], Any] = {}
    for code, pks in by_kind.items():
        k = known[code]
        qs = k.pending_for(user, now).filter(pk__in=pks).select_related(*k.related).prefetch_related(*k.prefetch)
        fetched.update(((code, obj.pk), obj) for obj in qs)
    items = []
    for code, pk, _sort, due, warn in rows:
        obj = fetched.get((code, pk))
        if obj is None:  # done between the two queries
            continue
        item = known[code].present(obj)
        item.key, item.kind_label = f"{code}-{pk}", known[code].label
        item.colour = colour_of(due, warn, now)
        items.append(item)
    return items
