"""The demo city as its single-test modules read it: built on 2 November 2026 under the running clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from tests.snapshot import restored

BUILT_ON = dt.date(2026, 11, 2)


@pytest.fixture
def november_demo(db):
    """``data.build(today=BUILT_ON)`` in the test's database: built by the first test of the session that asks,
    copied back for the others (``tests.snapshot``); a copy serves the day it was built on (the build reads the
    clock too)."""
    from zhifa.demo import data

    restored(("data.build", BUILT_ON, timezone.localdate()), lambda: data.build(today=BUILT_ON))
