"""行政强制法 第19、25条 at their edges, as pure rules: hour 24 and 25 of the report; the 30th and 31st day of a
查封、扣押 with and without the extension; a last day on a holiday (not moved); testing days left out."""

from __future__ import annotations

import datetime as dt

import pytest

from zhifa.cases import measure_rules as mr
from zhifa.core.errors import RuleViolation
from zhifa.workdays import calendar

ACTED = dt.datetime(2026, 3, 5, 9, 30, tzinfo=calendar.SHANGHAI)


def test_the_thirty_days_are_calendar_days_from_the_day_after():
    # 第69条 makes only periods of ten days or less working days
    assert mr.hold_due(dt.date(2026, 3, 5)).last_day == dt.date(2026, 4, 4)
    assert mr.hold_due(dt.date(2026, 3, 5)).unit == "day"
    assert mr.hold_due(dt.date(2026, 3, 5), extended=True).last_day == dt.date(2026, 5, 4)


def test_a_last_day_on_a_holiday_is_not_moved(db):  # the official calendar is a table
    # sealed on 1 September 2026: the 30th day is 1 October, 国庆节 — the agency's limit stays there
    assert not calendar.is_working_day(dt.date(2026, 10, 1))
    assert mr.hold_due(dt.date(2026, 9, 1)).last_day == dt.date(2026, 10, 1)


def test_testing_days_are_left_out_both_ends_counted():
    assert mr.hold_due(dt.date(2026, 3, 5), testing_days=11).last_day == dt.date(2026, 4, 15)
    due = mr.hold_due(dt.date(2026, 3, 5))
    assert mr.check_testing(from_on=dt.date(2026, 3, 10), to_on=dt.date(2026, 3, 20), started_on=dt.date(2026, 3, 5),
                            due=due, others=[]) == 11


@pytest.mark.parametrize("from_on, to_on, message", [
    (dt.date(2026, 3, 20), dt.date(2026, 3, 10), "截止日期不能早于起始日期"),
    (dt.date(2026, 3, 5), dt.date(2026, 3, 10), "应在查封（扣押）之后"),
    (dt.date(2026, 4, 5), dt.date(2026, 4, 10), "已于2026年4月4日届满"),
    (dt.date(2026, 3, 12), dt.date(2026, 3, 14), "重叠"),
])
def test_a_testing_period_must_be_definite_inside_the_measure_and_alone(from_on, to_on, message):
    with pytest.raises(RuleViolation, match=message):
        mr.check_testing(from_on=from_on, to_on=to_on, started_on=dt.date(2026, 3, 5),
                         due=mr.hold_due(dt.date(2026, 3, 5)), others=[(dt.date(2026, 3, 10), dt.date(2026, 3, 12))])


def test_the_extension_on_the_30th_day_and_not_on_the_31st():
    due = mr.hold_due(dt.date(2026, 3, 5))
    mr.check_extension(due=due, on=dt.date(2026, 4, 4), extended=False)
    with pytest.raises(RuleViolation, match="已于2026年4月4日届满，不能再延长") as refused:
        mr.check_extension(due=due, on=dt.date(2026, 4, 5), extended=False)
    assert refused.value.rule == "行政强制法 第25条"
    with pytest.raises(RuleViolation, match="已经延长过一次"):
        mr.check_extension(due=mr.hold_due(dt.date(2026, 3, 5), extended=True), on=dt.date(2026, 4, 4), extended=True)


def test_a_release_after_the_last_day_is_late():
    due = mr.hold_due(dt.date(2026, 3, 5))
    assert not mr.released_late(due, dt.date(2026, 4, 4))
    assert mr.released_late(due, dt.date(2026, 4, 5))
    extended = mr.hold_due(dt.date(2026, 3, 5), extended=True)
    assert not mr.released_late(extended, dt.date(2026, 5, 4)) and mr.released_late(extended, dt.date(2026, 5, 5))


def test_the_report_at_hour_24_is_in_time_and_at_hour_25_late_with_a_reason():
    now = ACTED + dt.timedelta(days=3)
    assert mr.check_report(acted_at=ACTED, reported_at=ACTED + dt.timedelta(hours=24), now=now, late_reason="") is False
    with pytest.raises(RuleViolation, match="写明未能在24小时内报告的原因") as refused:
        mr.check_report(acted_at=ACTED, reported_at=ACTED + dt.timedelta(hours=25), now=now, late_reason="")
    assert refused.value.rule == "行政强制法 第19条"
    assert mr.check_report(acted_at=ACTED, reported_at=ACTED + dt.timedelta(hours=25), now=now,
                           late_reason="负责人外出，电话未接通") is True


def test_a_report_is_neither_in_the_future_nor_before_the_measure():
    with pytest.raises(RuleViolation, match="不能晚于现在"):
        mr.check_report(acted_at=ACTED, reported_at=ACTED + dt.timedelta(hours=2), now=ACTED + dt.timedelta(hours=1),
                        late_reason="")
    with pytest.raises(RuleViolation, match="不能早于当场实施的时间"):
        mr.check_report(acted_at=ACTED, reported_at=ACTED - dt.timedelta(hours=1), now=ACTED, late_reason="")


def test_a_measure_is_carried_out_after_its_approval_unless_in_an_emergency():
    approved = ACTED - dt.timedelta(hours=1)
    mr.check_acted_at(acted_at=ACTED, now=ACTED, approved_at=approved, emergency=False)
    with pytest.raises(RuleViolation, match="不能早于批准时间"):
        mr.check_acted_at(acted_at=approved - dt.timedelta(minutes=1), now=ACTED, approved_at=approved, emergency=False)
    with pytest.raises(RuleViolation, match="不能早于批准时间"):
        mr.check_acted_at(acted_at=ACTED, now=ACTED, approved_at=None, emergency=False)
    mr.check_acted_at(acted_at=ACTED, now=ACTED, approved_at=None, emergency=True)
    with pytest.raises(RuleViolation, match="不能晚于现在"):
        mr.check_acted_at(acted_at=ACTED + dt.timedelta(minutes=1), now=ACTED, approved_at=None, emergency=True)
