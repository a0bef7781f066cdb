"""The legal unit's register of opinions (法制审核登记簿) and the statistics of legal review per reviewer
and per agency — how many, their outcomes, the working days taken (median and mean), returns, extensions and
the share given in time — over a period, with a bar chart drawn here as SVG.

The working days a round took and whether it was in time are kept on the round when its opinion is given
(``clock_of``, from the review's own obligation), and counted then in a tally per agency, reviewer, month,
outcome and days taken (``record_opinion``): the statistics sum those rows — a few hundred, however many
reviews — in a fixed number of queries, and the median comes from their histogram of days, not from the rounds.
The period is therefore whole months. The chart follows the CSP as the region view's does: presentation
attributes, no style, no script.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, DateField, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.safestring import SafeString

from zhifa.agencies.models import Agency, Reviewer
from zhifa.agencies.permissions import agencies_in_reach, reach
from zhifa.core import charts
from zhifa.obligations.models import Obligation
from zhifa.review import rules
from zhifa.review.access import rounds_for
from zhifa.review.models import Outcome, ReviewRound, ReviewTally
from zhifa.workdays import calendar

if TYPE_CHECKING:
    from django.db.models import QuerySet

# Who reads the register and the statistics: the legal unit, the heads, the supervisors (their region).
READERS = ("review.conduct", "case.approve", "region.supervise")


def require_reader(user) -> None:
    if not any(everything or roots for everything, roots in (reach(user, a) for a in READERS)):
        raise PermissionDenied("只有法制审核人员、行政机关负责人和监督人员可以查看法制审核登记簿和统计")


def opinions_for(user) -> QuerySet[ReviewRound]:
    """The rounds with an opinion whose case is in the user's reach."""
    return rounds_for(user).filter(opinion__isnull=False)


# ---------------------------------------------------------------- the clock and the counts, kept with the opinion


def clock_of(r: ReviewRound, at: dt.datetime) -> tuple[int | None, bool | None]:
    """(working days the review's clock ran until ``at``, whether that is within its time limit).

    # 审核制度 第八条: 7 working days (+3 when extended) from complete materials; the time away for completion
    # is not counted — the obligation's due time was moved on by its pause, so the days the clock ran are the
    # period less the working days still left (or the period and the days past it).
    """
    ob = (Obligation.objects.filter(subject_type=ContentType.objects.get_for_model(ReviewRound), subject_id=r.pk,
                                    rule=rules.REVIEW_RULE).order_by("-pk").first())
    if ob is None:
        return None, None
    allowed = rules.REVIEW_PERIOD.n + (rules.EXTENSION.n if r.extended_by_id is not None else 0)
    last, today = timezone.localtime(ob.due_at).date(), timezone.localdate(at)
    if today <= last:
        return max(0, allowed - calendar.working_days_between(today, last)), True
    return allowed + calendar.working_days_between(last, today), False


def record_opinion(r: ReviewRound, agency: Agency) -> None:
    """In the opinion's transaction: the round's working days and whether in time, and the agency's tally."""
    assert r.decided_at is not None and r.reviewer_id is not None
    r.working_days, r.on_time = clock_of(r, r.decided_at)
    key = {"agency": agency, "reviewer_id": r.reviewer_id, "month": timezone.localdate(r.decided_at).replace(day=1),
           "outcome": r.outcome, "working_days": r.working_days or 0}
    ReviewTally.objects.bulk_create([ReviewTally(**key)], ignore_conflicts=True)  # two first ones make one row
    ReviewTally.objects.filter(**key).update(
        count=F("count") + 1, timed=F("timed") + int(r.on_time is not None),
        on_time=F("on_time") + int(bool(r.on_time)), returns=F("returns") + int(r.returned_at is not None),
        extensions=F("extensions") + int(r.extended_by_id is not None))


def rebuild_tally(rounds: Any = ReviewRound, tally: Any = ReviewTally) -> int:
    """The tally made again from the rounds themselves (after a bulk load; the check that the counts agree; the
    back-fill of migration 0004, which passes its historical ``rounds`` and ``tally`` models)."""
    rows = (rounds.objects.filter(opinion__isnull=False, reviewer__isnull=False, decided_at__isnull=False)
            .annotate(month=TruncMonth("decided_at", output_field=DateField()))
            .values("case__agency", "reviewer", "month", "outcome", "working_days")
            .annotate(n=Count("pk"), t=Count("on_time"), ok=Count("pk", filter=Q(on_time=True)),
                      ret=Count("pk", filter=Q(returned_at__isnull=False)),
                      ext=Count("pk", filter=Q(extended_by__isnull=False))).order_by())
    tallies: dict[tuple, Any] = {}
    for row in rows:  # a null working_days falls in with 0, as record_opinion counts it
        key = (row["case__agency"], row["reviewer"], row["month"], row["outcome"], row["working_days"] or 0)
        t = tallies.setdefault(key, tally(agency_id=key[0], reviewer_id=key[1], month=key[2], outcome=key[3],
                                                working_days=key[4]))
        t.count, t.timed, t.on_time = t.count + row["n"], t.timed + row["t"], t.on_time + row["ok"]
        t.returns, t.extensions = t.returns + row["ret"], t.extensions + row["ext"]
    with transaction.atomic():
        tally.objects.all().delete()
        tally.objects.bulk_create(tallies.values(), batch_size=2000)
    return len(tallies)


# ---------------------------------------------------------------- the statistics


@dataclass
class Line:
    """One reviewer's or one agency's figures over the period."""

    label: str
    count: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    returns: int = 0
    extensions: int = 0
    on_time: int = 0
    timed: int = 0
    days: Counter[int] = field(default_factory=Counter)  # working days taken → rounds timed
    key: int | None = None  # the agency's or reviewer's pk (None for the total)

    def add(self, row: Mapping[str, Any]) -> None:
        self.count += row["n"]
        self.outcomes[row["outcome"]] += row["n"]
        self.returns += row["returns"]
        self.extensions += row["extensions"]
        self.on_time += row["in_time"]
        self.timed += row["timed"]
        if row["timed"]:
            self.days[row["working_days"]] += row["timed"]

    @property
    def mean(self) -> float | None:
        n = sum(self.days.values())
        return sum(d * k for d, k in self.days.items()) / n if n else None

    @property
    def median(self) -> float | None:
        n = sum(self.days.values())
        if not n:
            return None
        ordered = sorted(self.days.items())

        def nth(i: int) -> int:  # the i-th (0-based) value of the sorted days
            for d, k in ordered:
                if i < k:
                    return d
                i -= k
            raise IndexError(i)

        return (nth((n - 1) // 2) + nth(n // 2)) / 2

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.timed if self.timed else None

    def outcome_counts(self) -> list[tuple[str, int]]:
        return [(label, self.outcomes.get(value, 0)) for value, label in Outcome.choices]


@dataclass
class Stats:
    start: dt.date
    end: dt.date
    reviewers: list[Line]
    agencies: list[Line]
    total: Line


def statistics(user, start: dt.date, end: dt.date) -> Stats:
    """The opinions given in the months from ``start``'s to ``end``'s (both included) by the agencies in the
    user's reach: three queries, over the tally."""
    rows = list(ReviewTally.objects.filter(agency__in=agencies_in_reach(user, "case.view"),
                                           month__gte=start.replace(day=1), month__lte=end.replace(day=1))
                .values("agency", "reviewer", "outcome", "working_days")
                .annotate(n=Sum("count"), returns=Sum("returns"), extensions=Sum("extensions"),
                          in_time=Sum("on_time"), timed=Sum("timed")).order_by())
    names = {r.pk: r.person.name for r in Reviewer.objects.filter(pk__in={row["reviewer"] for row in rows})
             .select_related("person")}
    agencies = dict(Agency.objects.filter(pk__in={row["agency"] for row in rows}).values_list("pk", "name"))
    by_reviewer: dict[int, Line] = {}
    by_agency: dict[int, Line] = {}
    total = Line("合计")
    for row in rows:
        for line in (by_reviewer.setdefault(row["reviewer"], Line(names[row["reviewer"]], key=row["reviewer"])),
                     by_agency.setdefault(row["agency"], Line(agencies[row["agency"]], key=row["agency"])), total):
            line.add(row)

    def ordered(lines: Iterable[Line]) -> list[Line]:
        return sorted(lines, key=lambda line: (-line.count, line.label))

    return Stats(start, end, ordered(by_reviewer.values()), ordered(by_agency.values()), total)


# ---------------------------------------------------------------- the chart

# One colour per outcome, in Outcome's order: 同意 green, the returns to the unit in warm tones, 移送 blue.
COLOURS = ("#1e7b34", "#b3261e", "#8e44ad", "#d4a72c", "#e67e22", "#a0522d", "#0b5cad")


def chart(lines: Sequence[Line], *, label: str) -> SafeString:
    """Horizontal bars, one per line under its name, split by outcome (the legend and the numbers are in the
    table below it, whose outcome columns carry the same colours)."""
    return charts.bars([(line.label, [n for _label, n in line.outcome_counts()]) for line in lines], COLOURS,
                       label=label)


# The outcomes as the statistics' column heads name them, each with its colour in the chart.
SHORT = ("同意", "不同意", "违法行为不能成立", "重新调查", "变更或修正", "纠正程序", "移送")


def outcome_heads() -> list[tuple[str, str, SafeString]]:
    """(the outcome's full name, its short column head, its swatch), in Outcome's order."""
    return [(label, short, charts.swatch(colour))
            for (_v, label), short, colour in zip(Outcome.choices, SHORT, COLOURS, strict=True)]
