"""The demo's clock: part of the demo is built as the pages would have built it on an earlier day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

# The lists the demo cases are opened under took effect this long before the demo's day, so that a case can be
# as old as its deadlines need (one is past its 90 days).
CATALOG_AGE = dt.timedelta(days=120)


# The demo acts "an hour or two ago" on cases it opens today, as an officer back from a site would; from midnight
# to this hour that moment is yesterday, before the case was opened, and the rules rightly refuse it.
SMALL_HOURS_END = 4


@contextmanager
def _moved_to(then: dt.datetime) -> Iterator[None]:
    start = dt.datetime.now(dt.UTC)
    with mock.patch("django.utils.timezone.now", lambda: then + (dt.datetime.now(dt.UTC) - start)):
        yield


@contextmanager
def as_of(day: dt.date) -> Iterator[None]:
    """Build what follows as the pages would have built it on that day (from 09:00, the clock moving on), so
    that a demo case can be as old as its deadlines need: its ledger entries carry that day's times."""
    with _moved_to(dt.datetime.combine(day, dt.time(9, 0), tzinfo=timezone.get_current_timezone())):
        yield


@contextmanager
def out_of_small_hours() -> Iterator[None]:
    """Build what follows now, or — between midnight and SMALL_HOURS_END — as of 20:00 the evening before, the
    clock moving on: the demo's day is then yesterday, whose acts of "two hours ago" fall on the day itself."""
    now = timezone.localtime()
    if now.hour >= SMALL_HOURS_END:
        yield
        return
    evening = dt.datetime.combine(now.date() - dt.timedelta(days=1), dt.time(20, 0), tzinfo=now.tzinfo)
    with _moved_to(evening):
        yield


