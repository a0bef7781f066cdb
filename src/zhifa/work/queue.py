"""我的待办 as one list: every registered kind's items in one query, filtered, sorted by due time and paged.

Each kind's queryset is cut down to the same five columns (kind, pk, sort key, due, warn) and the parts are
joined with UNION ALL, so counting, ordering and paging happen in the database in one statement whatever the
number of kinds or items; only the rows on the page are then fetched, one query per kind present on it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import DateTimeField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhifa.work.registry import Item, ItemKind, kinds

if TYPE_CHECKING:
    from zhifa.agencies.models import Agency
    from zhifa.agencies.permissions import AnyUser

# Items without a time limit sort after every dated one.
NO_DUE = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)

RED, YELLOW, GREEN = "red", "yellow", "green"
COLOURS = {RED: "逾期", YELLOW: "临期", GREEN: "正常"}

COLUMNS = ("w_kind", "w_pk", "w_sort", "w_due", "w_warn")


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
    qs = kind.pending_for(user, now).order_by().annotate(
        w_kind=Value(kind.code), w_pk=F("pk"), w_due=kind.due(), w_warn=kind.warn(),
    ).annotate(w_sort=Coalesce("w_due", Value(NO_DUE, output_field=DateTimeField())))
    if f.colour:
        qs = qs.filter(_colour_q(f.colour, now))
    if f.unit is not None:
        qs = qs.filter(**{f"{kind.agency}__path__startswith": f.unit.path})
    if f.due_by is not None:
        end = dt.datetime.combine(f.due_by + dt.timedelta(days=1), dt.time(), tzinfo=timezone.get_current_timezone())
        qs = qs.filter(w_due__lt=end)
    return qs.values_list(*COLUMNS)


def items_of(user: AnyUser, now: dt.datetime, f: Filters = Filters()) -> QuerySet[Any]:
    """The user's items as (kind, pk, sort, due, warn) rows, ordered by due time: one query to count or page."""
    parts = [_part(k, user, now, f) for k in kinds() if not f.kinds or k.code in f.kinds]
    if not parts:
        return kinds()[0].pending_for(user, now).none().values_list("pk")
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    order = ("-w_sort", "-w_kind", "-w_pk") if f.latest_first else ("w_sort", "w_kind", "w_pk")
    return combined.order_by(*order)


def count_for(user: AnyUser, now: dt.datetime | None = None) -> int:
    """How many items wait for the user (the navigation's badge)."""
    if not user.is_authenticated:
        return 0
    return items_of(user, now or timezone.now()).count()


def present(user: AnyUser, now: dt.datetime, rows: list[tuple[Any, ...]]) -> list[Item]:
    """The page's rows as items, in the rows' order: one fetch per kind on the page."""
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
