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


@contextmanager
def as_of(day: dt.date) -> Iterator[None]:
    """Build what follows as the pages would have built it on that day (from 09:00, the clock moving on), so
    that a demo case can be as old as its deadlines need: its ledger entries carry that day's times."""
    start = timezone.now()
    then = dt.datetime.combine(day, dt.time(9, 0), tzinfo=timezone.get_current_timezone())
    with mock.patch("django.utils.timezone.now", lambda: then + (dt.datetime.now(dt.UTC) - start)):
        yield


