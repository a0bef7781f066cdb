"""Periods in months and years end on the corresponding day, or the month's last day (民法典 第202条).

Expected dates by hand; 2026 国庆 10月1日至7日放假 (国办发明电〔2025〕7号).
"""

from __future__ import annotations

import datetime as dt

import pytest

from zhifa.workdays.calendar import Due, add_calendar_months, add_months

D = dt.date


@pytest.mark.parametrize("start, n, end", [
    (D(2026, 3, 2), 6, D(2026, 9, 2)),
    (D(2026, 8, 31), 6, D(2027, 2, 28)),     # no 31 February: the month's last day
    (D(2026, 1, 31), 1, D(2026, 2, 28)),
    (D(2026, 12, 15), 1, D(2027, 1, 15)),    # across the year end
    (D(2024, 2, 29), 24, D(2026, 2, 28)),    # two years from 29 February
    (D(2024, 2, 29), 48, D(2028, 2, 29)),
    (D(2026, 5, 5), 0, D(2026, 5, 5)),
])
def test_months_end_on_the_corresponding_day_or_the_months_last(start, n, end):
    assert add_months(start, n) == end


def test_negative_months_are_refused():
    with pytest.raises(ValueError):
        add_months(D(2026, 5, 5), -1)


def test_a_month_period_ending_in_a_holiday_moves_to_the_next_working_day(db):
    assert add_calendar_months(D(2026, 4, 1), 6) == Due(D(2026, 10, 8), False)  # 10-01 is 国庆
    assert add_calendar_months(D(2026, 3, 2), 6) == Due(D(2026, 9, 2), False)
    # 2027 not entered: 2027-01-15 is a Friday, answered from the statutory holidays
    assert add_calendar_months(D(2026, 12, 15), 1) == Due(D(2027, 1, 15), True)
