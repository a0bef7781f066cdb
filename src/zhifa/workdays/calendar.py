"""Deadline arithmetic on the official working-day calendar (GEN-04). Being written: see issue 3."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class Due(NamedTuple):
    date: dt.date
    provisional: bool


def add_working_days(start: dt.date, n: int) -> Due:
    raise NotImplementedError


def working_days_between(start: dt.date, end: dt.date) -> int:
    raise NotImplementedError
