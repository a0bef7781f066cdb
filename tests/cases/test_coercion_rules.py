"""The limits of 行政强制执行 (行政强制法 第43、44、51条) at their edges: the night's first minute and the
morning's, a statutory holiday and a 调休 working Saturday, urgency with a written reason, the 公告's last day
and the remedy periods' last day, the third day after the 代履行 催告."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.cases.test_rules import refused

from zhifa.cases import coercion_rules as cr
from zhifa.workdays.calendar import SHANGHAI

D = dt.date


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


WORKDAY = D(2026, 10, 13)  # a Tuesday


@pytest.mark.parametrize(("hour", "minute", "night"), [(21, 59, False), (22, 0, True), (23, 30, True),
                                                        (0, 0, True), (5, 59, True), (6, 0, False)])
def test_the_night_runs_from_22_00_to_06_00_its_first_minute_refused_its_end_allowed(db, hour, minute, night):
    assert cr.is_night(at(WORKDAY, hour, minute)) is night
    if night:
        with refused("行政强制法 第43条", "at"):
            cr.check_enforcement_time(at(WORKDAY, hour, minute))
    else:
        cr.check_enforcement_time(at(WORKDAY, hour, minute))


def test_an_agency_sets_its_own_night(db):
    starts, ends = dt.time(20, 0), dt.time(7, 0)
    with refused("行政强制法 第43条", "at"):
        cr.check_enforcement_time(at(WORKDAY, 20, 0), night_starts=starts, night_ends=ends)
    cr.check_enforcement_time(at(WORKDAY, 7, 0), night_starts=starts, night_ends=ends)
    with refused("行政强制法 第43条", "at"):
        cr.check_enforcement_time(at(WORKDAY, 6, 59), night_starts=starts, night_ends=ends)


def test_a_utc_time_is_read_in_the_agency_s_day(db):
    # 14:00 UTC is 22:00 in 鞍山
    with refused("行政强制法 第43条", "at"):
        cr.check_enforcement_time(dt.datetime(2026, 10, 13, 14, 0, tzinfo=dt.UTC))


def test_a_statutory_holiday_and_a_sunday_are_refused_a_make_up_saturday_is_a_working_day(db):
    with refused("行政强制法 第43条", "at") as holiday:
        cr.check_enforcement_time(at(D(2026, 10, 1), 10))  # 国庆节
    assert "法定节假日" in holiday.value.message
    with refused("行政强制法 第43条", "at"):
        cr.check_enforcement_time(at(D(2026, 10, 11), 10))  # an ordinary Sunday
    cr.check_enforcement_time(at(D(2026, 10, 10), 10))  # Saturday 10-10: 调休, a working day
    assert not cr.is_rest_day(D(2026, 10, 10)) and cr.is_rest_day(D(2026, 10, 7))


def test_urgent_with_a_written_reason_is_allowed_at_night_and_on_a_holiday(db):
    reason = "违法建筑随时可能倒塌，危及周边群众生命安全"
    cr.check_enforcement_time(at(D(2026, 10, 1), 10), urgent_reason=reason)
    cr.check_enforcement_time(at(WORKDAY, 23, 0), urgent_reason=reason)
    cr.check_enforcement_time(at(WORKDAY, 5, 59), urgent_reason=reason)
    with refused("行政强制法 第43条", "at"):  # a blank reason is no reason
        cr.check_enforcement_time(at(WORKDAY, 23, 0), urgent_reason="   ")


def test_utilities_to_a_home_are_never_cut_elsewhere_the_rule_is_silent(db):
    with refused("行政强制法 第43条第二款", "measure"):
        cr.check_utilities(cuts_utilities=True, residence=True)
    cr.check_utilities(cuts_utilities=True, residence=False)
    cr.check_utilities(cuts_utilities=False, residence=True)


def test_a_demolition_waits_for_the_announcement_s_limit_and_the_remedy_periods(db):
    served = D(2026, 3, 2)
    end = cr.remedies_end(served)
    assert end == D(2026, 9, 2)  # six months (行政诉讼法 第46条) outlast sixty days
    args = {"announced_on": D(2026, 8, 1), "own_demolition_by": D(2026, 8, 20), "decision_served_on": served,
            "remedy_sought": False}
    with refused("行政强制法 第44条", "at"):  # the lawsuit period's last day
        cr.check_demolition(end, **args)
    cr.check_demolition(end + dt.timedelta(days=1), **args)
    with refused("行政强制法 第44条", "at"):  # the announcement's last day
        cr.check_demolition(D(2026, 12, 1), **{**args, "own_demolition_by": D(2026, 12, 1)})
    cr.check_demolition(D(2026, 12, 2), **{**args, "own_demolition_by": D(2026, 12, 1)})
    with refused("行政强制法 第44条", "measure"):
        cr.check_demolition(D(2026, 12, 2), **{**args, "announced_on": None, "own_demolition_by": None})
    with refused("行政强制法 第44条", "measure"):  # the periods were used: no demolition
        cr.check_demolition(D(2026, 12, 2), **{**args, "remedy_sought": True})


def test_the_remedy_periods_end_moves_past_a_holiday_at_their_end(db):
    # served 2026-04-01: six months end on 10-01, inside the National Day break → 10-08
    assert cr.remedies_end(D(2026, 4, 1)) == D(2026, 10, 8)


def test_a_substitute_performance_comes_three_days_after_its_urge(db):
    with refused("行政强制法 第51条", "measure"):
        cr.check_substitute(D(2026, 12, 31), urged_on=None)
    with refused("行政强制法 第51条", "at"):
        cr.check_substitute(D(2026, 12, 30), urged_on=D(2026, 12, 28))
    cr.check_substitute(D(2026, 12, 31), urged_on=D(2026, 12, 28))  # across the year end as any day
    assert cr.earliest_substitute(D(2026, 12, 30)) == D(2027, 1, 2)


def test_an_urge_limit_and_an_agreement_run_forward(db):
    with refused("行政强制法 第35条", "due_on"):
        cr.check_urge_limit(issued_on=WORKDAY, due_on=WORKDAY)
    cr.check_urge_limit(issued_on=WORKDAY, due_on=WORKDAY + dt.timedelta(days=1))
    with refused("行政强制法 第42条", "due_on"):
        cr.check_agreement(signed_on=WORKDAY, due_on=WORKDAY - dt.timedelta(days=1), today=WORKDAY)
    with refused("行政强制法 第42条", "signed_on"):
        cr.check_agreement(signed_on=WORKDAY + dt.timedelta(days=1), due_on=WORKDAY + dt.timedelta(days=9),
                           today=WORKDAY)
