"""Properties of working-day arithmetic over entered and provisional years alike."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhifa.workdays.calendar import add_working_days, is_working_day, working_days_between

pytestmark = pytest.mark.django_db
days = st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2030, 12, 31))
lengths = st.integers(min_value=0, max_value=1500)
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(start=days, n=lengths)
def test_working_days_between_undoes_add_working_days(start, n):
    assert working_days_between(start, add_working_days(start, n).date) == n


@SETTINGS
@given(start=days, n=st.integers(min_value=1, max_value=1500))
def test_the_due_day_is_the_first_working_day_reaching_n(start, n):
    due = add_working_days(start, n).date
    assert is_working_day(due)
    assert working_days_between(start, due - dt.timedelta(days=1)) == n - 1


@SETTINGS
@given(start=days, a=st.integers(min_value=0, max_value=400), b=st.integers(min_value=0, max_value=400))
def test_adding_in_two_steps_is_adding_once(start, a, b):
    first = add_working_days(start, a).date
    assert add_working_days(first, b).date == add_working_days(start, a + b).date
