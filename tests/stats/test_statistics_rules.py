"""When the half-year and annual reports are due (实施方案 (一)2、11), at their edges; the period the sweep opens."""

from __future__ import annotations

import datetime as dt

import pytest

from zhifa.core.errors import RuleViolation
from zhifa.statistics import rules
from zhifa.statistics.rules import FIRST_HALF, WHOLE_YEAR, Period


def test_the_half_year_is_due_10_july_and_the_year_10_january_of_the_next_year():
    assert rules.report_due(Period(2026, FIRST_HALF)).last_day == dt.date(2026, 7, 10)
    assert rules.report_due(Period(2026, WHOLE_YEAR)).last_day == dt.date(2027, 1, 10)
    assert Period(2026, FIRST_HALF).end == dt.date(2026, 6, 30)
    assert Period(2026, WHOLE_YEAR).end == dt.date(2026, 12, 31)


def test_a_10_january_on_a_sunday_stays_10_january_and_the_day_after_is_late():
    due = rules.report_due(Period(2026, WHOLE_YEAR))
    assert due.last_day.weekday() == 6  # 10 January 2027 is a Sunday: a date the plan sets, not a period
    assert due.met_by(dt.date(2027, 1, 10)) and not due.met_by(dt.date(2027, 1, 11))
    assert due.due_at == dt.datetime(2027, 1, 10, 23, 59, 59, tzinfo=due.due_at.tzinfo)


def test_a_10_july_on_a_saturday_is_not_moved_either():
    due = rules.report_due(Period(2027, FIRST_HALF))
    assert due.last_day == dt.date(2027, 7, 10) and due.last_day.weekday() == 5


def test_a_province_that_sets_31_january_moves_the_annual_day_only(settings):
    settings.ZHIFA_STATISTICS_ANNUAL_DAY = 31
    assert rules.report_due(Period(2026, WHOLE_YEAR)).last_day == dt.date(2027, 1, 31)
    assert rules.report_due(Period(2026, FIRST_HALF)).last_day == dt.date(2026, 7, 10)


@pytest.mark.parametrize(("today", "ended"), [
    (dt.date(2026, 6, 30), Period(2025, WHOLE_YEAR)),   # the half not over yet: last year's is the last ended
    (dt.date(2026, 7, 1), Period(2026, FIRST_HALF)),
    (dt.date(2026, 12, 31), Period(2026, FIRST_HALF)),  # the year's last day: the year not over yet
    (dt.date(2027, 1, 1), Period(2026, WHOLE_YEAR)),
])
def test_the_period_that_ended_last(today, ended):
    assert rules.last_ended(today) == ended


def test_a_period_other_than_the_half_or_the_year_is_refused():
    with pytest.raises(RuleViolation, match="上半年或全年"):
        rules.period(2026, "q3")
    with pytest.raises(RuleViolation, match="2000年至2100年"):
        rules.period(1999, FIRST_HALF)
