"""Working days, calendar days and hours on the official calendar (GEN-04).

Every expected date is worked out by hand from the State Council's published schedules:
2026 国庆 10月1日至7日放假，9月20日(周日)、10月10日(周六)上班; 春节 2月15日至23日放假，2月14日(周六)、
2月28日(周六)上班; 元旦 1月1日至3日放假，1月4日(周日)上班; and so on.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from zhifa.workdays.calendar import (
    Due,
    add_calendar_days,
    add_hours,
    add_working_days,
    is_holiday,
    is_working_day,
    statutory_year,
    working_days_between,
    year_calendar,
)

D = dt.date
SH = zoneinfo.ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("start, n, due", [
    # 10-01..07 holiday; 10-08 Thu 1, 10-09 Fri 2, 10-10 调休 Sat 3, 10-12 Mon 4, 13 5, 14 6, 15 7
    (D(2026, 9, 30), 7, D(2026, 10, 15)),
    # 02-13 Fri 1, 02-14 调休 Sat 2, 02-15..23 春节, 02-24 Tue 3
    (D(2026, 2, 12), 3, D(2026, 2, 24)),
    (D(2026, 2, 13), 1, D(2026, 2, 14)),
    # 02-24 Tue 1 .. 02-27 Fri 4, 02-28 调休 Sat 5
    (D(2026, 2, 23), 5, D(2026, 2, 28)),
    # 09-19 Sat is not a working day, 09-20 调休 Sun is: 1
    (D(2026, 9, 18), 1, D(2026, 9, 20)),
    # 2024: 02-09 Fri (除夕 not a holiday that year) 1, 02-10..17 春节, 02-18 调休 Sun 2
    (D(2024, 2, 8), 2, D(2024, 2, 18)),
    # 2025: 09-28 调休 Sun 1, 09-29 Mon 2
    (D(2025, 9, 26), 2, D(2025, 9, 29)),
    # 2025: 10-01..08 国庆中秋, 10-09 Thu 1
    (D(2025, 9, 30), 1, D(2025, 10, 9)),
    # 2024 端午 06-08..10: 06-07 Fri 1, 06-11 Tue 2
    (D(2024, 6, 6), 2, D(2024, 6, 11)),
])
def test_working_days_follow_the_published_schedule(start, n, due):
    assert add_working_days(start, n) == Due(due, False)


def test_working_days_across_new_year_count_the_sunday_make_up_day():
    # 12-31 Wed 1; 2026-01-01..03 元旦; 01-04 调休 Sun 2
    assert add_working_days(D(2025, 12, 30), 2) == Due(D(2026, 1, 4), False)


def test_working_days_into_2027_are_provisional():
    # 12-31 Thu 1; 2027-01-01 Fri 元旦 (statutory); 01-04 Mon 2; 01-05 Tue 3
    assert add_working_days(D(2026, 12, 30), 3) == Due(D(2027, 1, 5), True)


def test_a_span_wholly_inside_an_entered_year_is_not_provisional_even_near_its_end():
    assert add_working_days(D(2026, 12, 29), 2) == Due(D(2026, 12, 31), False)


def test_working_days_before_2024_are_provisional():
    assert add_working_days(D(2023, 12, 27), 2) == Due(D(2023, 12, 29), True)


def test_zero_working_days_is_the_start_day_itself():
    assert add_working_days(D(2026, 10, 3), 0) == Due(D(2026, 10, 3), False)


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 10, 3), -1)


def test_spring_festival_2027_is_provisional_from_the_lunar_calendar():
    # 2027 正月初一 = 2027-02-06 (Sat), 除夕 = 02-05 (Fri); 春节 = 02-05..08. 初一、初二 fall on Sat/Sun, so
    # 放假办法 第六条 owes two days 补假: 02-09 (Tue) and 02-10 (Wed).
    year = year_calendar(2027)
    assert year.provisional
    spring = [d for d, name in year.holidays() if name.startswith("春节")]
    assert spring == [D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8),
                      D(2027, 2, 9), D(2027, 2, 10)]
    assert year.workdays() == []  # no 调休 without a published schedule
    # 02-04 Thu; 02-05..10 off; 02-11 Thu is the first working day
    assert add_working_days(D(2027, 2, 4), 1) == Due(D(2027, 2, 11), True)


def test_provisional_2027_holidays_follow_the_statutory_days():
    holidays = dict(year_calendar(2027).holidays())
    assert holidays[D(2027, 1, 1)] == "元旦"
    assert holidays[D(2027, 4, 5)] == "清明节"  # 清明 solar term 2027-04-05 (Mon)
    assert holidays[D(2027, 5, 1)] == holidays[D(2027, 5, 2)] == "劳动节"
    assert holidays[D(2027, 6, 9)] == "端午节"  # 农历五月初五
    assert holidays[D(2027, 9, 15)] == "中秋节"  # 农历八月十五
    assert [holidays.get(D(2027, 10, d)) for d in (1, 2, 3)] == ["国庆节"] * 3


def test_new_years_eve_can_be_the_twenty_ninth_of_the_twelfth_month():
    # 2025 had no 腊月三十: 除夕 was 腊月廿九, 1月28日, as the published 2025 notice says.
    spring = [d for d, name in statutory_year(2025).holidays() if name == "春节"]
    assert spring == [D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30), D(2025, 1, 31)]


@pytest.mark.parametrize("day, working", [
    (D(2026, 10, 10), True),   # 调休 Saturday
    (D(2026, 9, 20), True),    # 调休 Sunday
    (D(2026, 10, 7), False),   # 国庆 Wednesday
    (D(2026, 10, 8), True),    # Thursday after 国庆
    (D(2026, 10, 11), False),  # ordinary Sunday
    (D(2026, 2, 16), False),   # 春节 Monday
    (D(2027, 2, 5), False),    # provisional 除夕, Friday
    (D(2027, 2, 11), True),
])
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_a_weekend_day_inside_a_break_is_a_holiday():
    assert is_holiday(D(2026, 2, 15))  # Sunday, first day of 春节 2026
    assert not is_holiday(D(2026, 2, 14))  # 调休 Saturday


def test_working_days_between_counts_after_the_start_up_to_the_end():
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 15)) == 7
    assert working_days_between(D(2025, 12, 31), D(2026, 1, 4)) == 1
    assert working_days_between(D(2026, 10, 15), D(2026, 9, 30)) == 0
    assert working_days_between(D(2026, 10, 15), D(2026, 10, 15)) == 0


def test_2026_has_248_working_days():
    # 261 weekdays (52 weeks + Thu 01-01), less 19 weekday holidays (元旦 2, 春节 6, 清明 1, 劳动 3, 端午 1,
    # 中秋 1, 国庆 5), plus 6 调休 days.
    assert working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 248


def test_a_thousand_working_days_land_where_the_years_add_up():
    # 2026 has 248 working days; from 2025-12-31, 248 working days end on 2026-12-31 (Thu, a working day).
    assert add_working_days(D(2025, 12, 31), 248) == Due(D(2026, 12, 31), False)
    due = add_working_days(D(2025, 12, 31), 1000)  # about four years on, through provisional 2027–2029
    assert due.provisional
    assert working_days_between(D(2025, 12, 31), due.date) == 1000


@pytest.mark.parametrize("start, n, due", [
    (D(2026, 9, 30), 1, D(2026, 10, 8)),    # 10-01 is 国庆: the first working day after the break
    (D(2026, 9, 26), 14, D(2026, 10, 10)),  # 10-10 is a 调休 Saturday: a working day, the period ends there
    (D(2026, 3, 2), 5, D(2026, 3, 9)),      # 03-07 is an ordinary Saturday: moved to Monday 03-09
    (D(2026, 9, 30), 15, D(2026, 10, 15)),  # a Thursday: stays
    (D(2026, 2, 10), 5, D(2026, 2, 24)),    # 02-15 is 春节 (Sunday): after 02-15..23 comes Tue 02-24
])
def test_calendar_days_ending_on_a_holiday_move_to_the_next_working_day(start, n, due):
    assert add_calendar_days(start, n) == Due(due, False)


def test_calendar_days_ending_on_a_provisional_holiday_are_provisional():
    # 2027-01-01 元旦 (Fri) -> Mon 01-04
    assert add_calendar_days(D(2026, 12, 31), 1) == Due(D(2027, 1, 4), True)


def test_hours_start_at_the_next_whole_hour():
    due = dt.datetime(2026, 10, 1, 11, 0, tzinfo=SH)
    assert add_hours(dt.datetime(2026, 9, 30, 10, 20, tzinfo=SH), 24) == due
    assert add_hours(dt.datetime(2026, 9, 30, 10, 0, tzinfo=SH), 24) == due


def test_hours_run_through_holidays_and_answer_in_shanghai_time():
    start = dt.datetime(2026, 9, 30, 15, 30, tzinfo=dt.UTC)  # 23:30 in Shanghai
    due = add_hours(start, 48)
    assert due == dt.datetime(2026, 10, 3, 0, 0, tzinfo=SH)
    assert due.utcoffset() == dt.timedelta(hours=8)


def test_hours_need_an_aware_time():
    with pytest.raises(ValueError):
        add_hours(dt.datetime(2026, 9, 30, 10, 20), 24)
