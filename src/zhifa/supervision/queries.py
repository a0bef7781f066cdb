"""Reads of the region view (SUP-03): obligations in a supervisor's reach, counted by agency and unit, listed
with filters, and counted back over time.

Every function here answers in a constant number of queries whatever the number of agencies or obligations:
counts are one grouped query over the obligations (``Count`` with ``colour_q`` filters), mapped to the nodes
by their paths in Python; the history is one query of conditional counts, one per week and colour.

What a supervisor sees counted is what a to-do list would show (``listed_q``): a credential's renewal
reminder, scheduled years ahead, is counted from its warning time, not from the day it was opened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    DateTimeField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.agencies.permissions import agencies_in_reach
from zhifa.ledger.models import Entry
from zhifa.obligations.access import obligations_in_reach
from zhifa.obligations.models import ACTIVE_STATES, Colour, Obligation, ObligationState
from zhifa.obligations.queries import REMINDER_RULES, colour_q, listed_q

if TYPE_CHECKING:
    from zhifa.agencies.permissions import AnyUser

ACTION = "region.supervise"
WARNED = "warned"  # the state filter's "逾期与临期": red and yellow together
STATE_CHOICES = [("", "全部未结"), (WARNED, "逾期与临期"), (Colour.RED.value, Colour.RED.label),
                 (Colour.YELLOW.value, Colour.YELLOW.label), (Colour.GREEN.value, Colour.GREEN.label),
                 (Colour.GREY.value, Colour.GREY.label)]
STATE_LABELS = dict(STATE_CHOICES)
HISTORY_WEEKS = 12


# ---------------------------------------------------------------- filters


@dataclass(frozen=True)
class Filters:
    """What the region's lists are narrowed to. Dates are local calendar days, both ends included.

    ``unit`` is a node of ``agency``: an internal unit means its subtree; the agency itself means the
    obligations of the agency's own level (机关本级), not of its units.
    """

    agency: Agency | None = None
    unit: Agency | None = None
    state: str = ""
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    created_from: dt.date | None = None
    created_to: dt.date | None = None

    def params(self, **override: object) -> dict[str, str]:
        """The filters as the items page's query parameters (empty ones left out)."""
        values: dict[str, object] = {
            "agency": self.agency.pk if self.agency else None, "unit": self.unit.pk if self.unit else None,
            "state": self.state, "due_from": self.due_from, "due_to": self.due_to,
            "created_from": self.created_from, "created_to": self.created_to, **override}
        return {k: v.isoformat() if isinstance(v, dt.date) else str(v) for k, v in values.items()
                if v not in (None, "")}

    def url(self, name: str = "supervision:items", **override: object) -> str:
        query = urlencode(self.params(**override))
        return reverse(name) + (f"?{query}" if query else "")


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_current_timezone())


def period_q(f: Filters) -> Q:
    q = Q()
    if f.due_from:
        q &= Q(due_at__gte=_day_start(f.due_from))
    if f.due_to:
        q &= Q(due_at__lt=_day_start(f.due_to + dt.timedelta(days=1)))
    if f.created_from:
        q &= Q(created_at__gte=_day_start(f.created_from))
    if f.created_to:
        q &= Q(created_at__lt=_day_start(f.created_to + dt.timedelta(days=1)))
    return q


def place_q(f: Filters) -> Q:
    if f.unit is not None and f.unit.level.is_agency:
        return Q(agency=f.unit)  # 机关本级
    node = f.unit or f.agency
    return Q(agency__path__startswith=node.path) if node is not None else Q()


def state_q(state: str, now: dt.datetime) -> Q:
    """Rows of the state filter's choice at ``now``; live ones as a to-do list shows them (``listed_q``)."""
    if state == Colour.GREY:
        return colour_q(Colour.GREY, now)
    listed = listed_q(now)
    if state == WARNED:
        return listed & (colour_q(Colour.RED, now) | colour_q(Colour.YELLOW, now))
    if state in (Colour.RED, Colour.YELLOW, Colour.GREEN):
        return listed & colour_q(Colour(state), now)
    return listed


def items(user: AnyUser, now: dt.datetime, f: Filters) -> QuerySet[Obligation]:
    """The obligations the items page and its export list: in reach, filtered, soonest due first."""
    return (obligations_in_reach(user, ACTION).filter(place_q(f), period_q(f), state_q(f.state, now))
            .select_related("agency", "agency__level", "assignee", "assignee__person").order_by("due_at", "pk"))


def supervised_agencies(user: AnyUser) -> QuerySet[Agency]:
    """The 执法主体 in the user's region, in tree order."""
    return (agencies_in_reach(user, ACTION).filter(level__is_agency=True).select_related("level")
            .order_by("path"))


def units_of(user: AnyUser, agency: Agency) -> list[Agency]:
    """The internal units (内设机构) of ``agency`` in the user's reach, in tree order; nested agencies and
    their units belong to those agencies and are left out."""
    nodes = list(agencies_in_reach(user, ACTION).filter(path__startswith=agency.path).exclude(pk=agency.pk)
                 .select_related("level").order_by("path"))
    inner_agencies = [n.path for n in nodes if n.level.is_agency or n.level.is_region]
    return [n for n in nodes if not any(n.path.startswith(p) for p in inner_agencies)]


def enclosing_agencies(nodes: Iterable[Agency]) -> dict[int, Agency]:
    """{node pk: its 执法主体} for many nodes in one query (``Agency.enclosing_agency`` asks once per node)."""
    nodes = list(nodes)
    ids = {int(p) for n in nodes for p in n.path.strip("/").split("/") if p}
    by_id = {a.pk: a for a in Agency.objects.filter(pk__in=ids).select_related("level")} if ids else {}
    out: dict[int, Agency] = {}
    for n in nodes:
        chain = [by_id[int(p)] for p in n.path.strip("/").split("/") if p and int(p) in by_id]
        out[n.pk] = next((a for a in reversed(chain) if a.level.is_agency), n)
    return out


# ---------------------------------------------------------------- counts


@dataclass
class Counts:
    """An agency's or unit's live obligations by colour, with the items page's link for each."""

    node: Agency
    filters: Filters
    red: int = 0
    yellow: int = 0
    green: int = 0

    @property
    def agency(self) -> Agency:
        return self.node

    @property
    def total(self) -> int:
        return self.red + self.yellow + self.green

    def _url(self, state: str) -> str:
        f = self.filters
        if self.node.level.is_agency and f.unit is None and f.agency is None:
            return f.url(agency=self.node.pk, state=state)
        return f.url(unit=self.node.pk, agency=(f.agency or self.node).pk, state=state)

    @property
    def url(self) -> str:
        """All the node's listed items."""
        return self._url("")

    @property
    def agency_url(self) -> str:
        """The agency's page (its units), for an agency's row."""
        return reverse("supervision:agency", args=[self.node.pk])

    @property
    def red_url(self) -> str:
        return self._url(Colour.RED)

    @property
    def yellow_url(self) -> str:
        return self._url(Colour.YELLOW)

    @property
    def green_url(self) -> str:
        return self._url(Colour.GREEN)


def _grouped(qs: QuerySet[Obligation], now: dt.datetime) -> list[tuple[str, int, int, int]]:
    """(node path, red, yellow, green) of the listed obligations in ``qs``, one row per node holding any."""
    rows = (qs.filter(listed_q(now)).order_by().values("agency__path")
            .annotate(red=Count("pk", filter=colour_q(Colour.RED, now)),
                      yellow=Count("pk", filter=colour_q(Colour.YELLOW, now)),
                      green=Count("pk", filter=colour_q(Colour.GREEN, now))))
    return [(r["agency__path"], r["red"], r["yellow"], r["green"]) for r in rows]


def _add(target: Counts, red: int, yellow: int, green: int) -> None:
    target.red += red
    target.yellow += yellow
    target.green += green


def counts_by_agency(user: AnyUser, now: dt.datetime, filters: Filters | None = None) -> list[Counts]:
    """Each 执法主体 of the user's region with its subtree's listed obligations by colour (``.red``,
    ``.yellow``, ``.green``; ``.red_url`` etc. lead to those items). Two queries, however many agencies.

    ``filters``: an agency narrows to that one; the period narrows what is counted; state and unit are
    ignored (the counts are by colour).
    """
    f = replace(filters, unit=None, state="") if filters else Filters()
    agencies = supervised_agencies(user)
    if f.agency is not None:
        agencies = agencies.filter(pk=f.agency.pk)
    rows = {a.pk: Counts(a, replace(f, agency=None)) for a in agencies}
    qs = obligations_in_reach(user, ACTION).filter(place_q(f), period_q(f))
    for path, red, yellow, green in _grouped(qs, now):
        for part in path.strip("/").split("/"):
            if part and int(part) in rows:
                _add(rows[int(part)], red, yellow, green)
    return list(rows.values())


def counts_by_unit(user: AnyUser, now: dt.datetime, agency: Agency,
                   filters: Filters | None = None) -> tuple[Counts, list[Counts]]:
    """(the agency's own level, its units) with listed obligations by colour; a unit counts its subtree."""
    f = replace(filters or Filters(), agency=agency, unit=None, state="")
    units = units_of(user, agency)
    own = Counts(agency, f)
    by_pk = {u.pk: Counts(u, f) for u in units}
    qs = obligations_in_reach(user, ACTION).filter(place_q(f), period_q(f))
    for path, red, yellow, green in _grouped(qs, now):
        if path == agency.path:
            _add(own, red, yellow, green)
            continue
        for part in path[len(agency.path):].strip("/").split("/"):
            if part and int(part) in by_pk:
                _add(by_pk[int(part)], red, yellow, green)
    return own, list(by_pk.values())


# ---------------------------------------------------------------- history


@dataclass(frozen=True)
class Point:
    """The obligations open at ``at``: ``open`` in all, of which ``due_soon`` were 临期 and ``late`` 逾期."""

    at: dt.datetime
    open: int
    due_soon: int
    late: int

    @property
    def normal(self) -> int:
        return self.open - self.due_soon - self.late


# "Not yet" for the history's interval ends: far enough ahead that no due time reaches it, near enough for any
# database's timestamp (and SQLite's text of it) to hold it.
NEVER = dt.datetime(9000, 1, 1, tzinfo=dt.UTC)


def history(qs: QuerySet[Obligation], now: dt.datetime, *, weeks: int = HISTORY_WEEKS) -> list[Point]:
    """What was open, due soon and late at the same moment of each of the last ``weeks`` weeks, ending now.

    Derived from the obligation rows in one query. Open at ``t``: created by ``t`` and not yet met (``met_at``)
    or waived (the ledger's ``obligation.waived`` entry, the model keeping no waiving time) by ``t``; a
    reminder only from its warning time, as ``listed_q`` counts it now. Its colour at ``t`` is read from the
    *current* due and warning times: a deadline moved later (a pause resumed, a changed date) counts with its
    new date for the weeks before the move too, and a pause is known only while it lasts (``paused_at``:
    paused then, neither due soon nor late). At ``t = now`` the point equals the current counts.

    Each row becomes three intervals once (open, due soon, late: from, to), in a subquery; the outer query
    only compares each week's moment with them, two comparisons per week and colour, so the cost per row
    stays small at twelve weeks. (The conditions written out per week and colour repeated every expression
    in them, 36 times: three times slower at 20,000 rows.)
    """
    moments = [now - dt.timedelta(weeks=i) for i in range(weeks - 1, -1, -1)]
    start = moments[0]
    never = Value(NEVER, output_field=DateTimeField())
    entries = Entry.objects.filter(kind="obligation.waived", subject_type=Obligation._meta.label_lower)
    # When a waived row was waived: the model keeps no time, its ledger entry does (found by subject).
    waived_at = Subquery(entries.filter(subject_id=Cast(OuterRef("pk"), output_field=CharField()))
                         .order_by("-recorded_at").values("recorded_at")[:1])
    # Rows that can count in the window: live ones, and those met or waived since its first moment (the
    # waivings found by the ledger's index on kind, not by a lookup per waived row of all time).
    waived_since = (entries.filter(recorded_at__gt=start)
                    .annotate(w_id=Cast("subject_id", output_field=BigIntegerField())).values("w_id"))
    rows = (qs.order_by().filter(created_at__lte=now)
            .filter(Q(state__in=ACTIVE_STATES) | Q(state=ObligationState.MET, met_at__gt=start)
                    | Q(state=ObligationState.WAIVED, pk__in=waived_since))
            .values(h_from=Case(When(rule__in=REMINDER_RULES, then=Greatest("created_at", "warn_from")),
                                default=F("created_at"), output_field=DateTimeField()),
                    h_to=Case(When(state=ObligationState.MET, then=Coalesce(F("met_at"), F("created_at"))),
                              When(state=ObligationState.WAIVED, then=Coalesce(waived_at, F("created_at"))),
                              default=never, output_field=DateTimeField()),
                    h_due=F("due_at"), h_warn=F("warn_from"), h_run=Coalesce("paused_at", never)))
    rows_sql, rows_params = rows.query.sql_with_params()
    q = connection.ops.quote_name
    most, least = ("GREATEST", "LEAST") if connection.vendor == "postgresql" else ("MAX", "MIN")
    # Each level a subquery the planner keeps (an OFFSET is where PostgreSQL's pull-up and SQLite's flattener
    # stop): flattened, every reference to an interval would repeat the expressions that make it, the
    # waiving time's lookup with them.
    fence = " OFFSET 0" if connection.vendor == "postgresql" else " LIMIT -1 OFFSET 0"
    intervals = (f"SELECT {q('h_from')}, {q('h_to')}, {most}({q('h_from')}, {q('h_due')}) AS {q('late_from')}, "
                 f"{least}({q('h_to')}, {q('h_run')}) AS {q('late_to')}, "
                 f"{most}({q('h_from')}, {q('h_warn')}) AS {q('soon_from')}, "
                 f"{least}({q('h_due')}, {q('h_to')}, {q('h_run')}) AS {q('soon_to')} "
                 f"FROM ({rows_sql}{fence}) AS r{fence}")
    # open: from <= t < to; late: due < t (and open, running); due soon: warned <= t <= due (open, running)
    tests = [(q("h_from"), "<=", q("h_to"), ">"), (q("soon_from"), "<=", q("soon_to"), ">="),
             (q("late_from"), "<", q("late_to"), ">")]
    columns, params = [], []
    for t in moments:
        at = connection.ops.adapt_datetimefield_value(t)
        for lo, lo_op, hi, hi_op in tests:
            columns.append(f"SUM(CASE WHEN {lo} {lo_op} %s AND {hi} {hi_op} %s THEN 1 ELSE 0 END)")
            params += [at, at]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The per-row lookups make the planner's estimate large enough to compile the query (JIT), which
            # here costs ten times what it saves.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"SELECT {', '.join(columns)} FROM ({intervals}) AS i", [*params, *rows_params])
        got = [int(v or 0) for v in cursor.fetchone()]
    return [Point(t, *got[3 * i: 3 * i + 3]) for i, t in enumerate(moments)]
