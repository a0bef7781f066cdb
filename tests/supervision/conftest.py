"""Obligations for the region view's tests, made through the write function and then set where a test needs
them (the creation time is the row's own, so a test that looks back in time sets it afterwards)."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest

from zhifa.obligations.actions import ensure_obligation
from zhifa.obligations.models import Obligation, PeriodUnit

CST = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 2, 10, 0, tzinfo=CST)  # a Monday


def at(month: int, day: int, hour: int = 0, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=CST)


@pytest.fixture
def oblige(cast):
    """make(agency, due=…, warn=…, **row fields) → an obligation on ``agency`` (its subject), unique rule."""
    numbers = itertools.count(1)

    def make(agency, *, due: dt.datetime, warn: dt.datetime | None = None, rule: str | None = None,
             title: str | None = None, assignee=None, basis: str = "", **fields) -> Obligation:
        rule = rule or f"测试规则{next(numbers)}"
        ob = ensure_obligation(agency=agency, subject=agency, rule=rule, title=title or rule, due_at=due,
                               warn_from=warn or due - dt.timedelta(days=2), unit=PeriodUnit.HOUR,
                               assignee=assignee, basis=basis)
        if fields:
            Obligation.objects.filter(pk=ob.pk).update(**fields)
            ob.refresh_from_db()
        return ob

    return make
