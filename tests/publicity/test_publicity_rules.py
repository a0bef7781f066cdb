"""The periods of 行政执法公示 at their edges: 国庆 2026 (10-01..10-07, the 调休 Saturday 10-10 a working day) and
the year end (元旦 2027)."""

from __future__ import annotations

import datetime as dt

import pytest

from zhifa.core.errors import RuleViolation
from zhifa.publicity import rules
from zhifa.publicity.models import PublicationKind


@pytest.mark.parametrize("kind, decided, due", [
    # 9-30 is the 1st working day, 10-08 the 2nd, the 调休 Saturday 10-10 the 4th, 10-14 the 7th
    (PublicationKind.PENALTY, dt.date(2026, 9, 29), dt.date(2026, 10, 14)),
    (PublicationKind.LICENCE, dt.date(2026, 9, 30), dt.date(2026, 10, 15)),
    # the year end: 12-29, 12-30, 12-31, (元旦) 01-04 … 01-07
    (PublicationKind.PENALTY, dt.date(2026, 12, 28), dt.date(2027, 1, 7)),
    # 20 working days across 国庆: 11-02
    (PublicationKind.OTHER, dt.date(2026, 9, 29), dt.date(2026, 11, 2)),
])
def test_publishing_deadlines_count_working_days_across_holidays(db, kind, decided, due):
    assert rules.publish_due(kind, decided).last_day == due


def test_a_penalty_decided_on_a_tiaoxiu_saturday_counts_from_the_next_day(db):
    # 10-10 is a working Saturday: counting starts the Monday after, 10-12, so the 7th working day is 10-20
    assert rules.publish_due(PublicationKind.PENALTY, dt.date(2026, 10, 10)).last_day == dt.date(2026, 10, 20)


def test_withdrawal_is_due_three_working_days_after_the_revocation_the_tiaoxiu_saturday_counting(db):
    assert rules.withdraw_due(dt.date(2026, 9, 30)).last_day == dt.date(2026, 10, 10)
    assert rules.withdraw_due(dt.date(2026, 12, 30)).last_day == dt.date(2027, 1, 5)


def test_the_period_is_two_years_for_a_natural_person_and_five_otherwise():
    assert rules.visible_until(dt.date(2026, 10, 14), True) == dt.date(2028, 10, 14)
    assert rules.visible_until(dt.date(2026, 10, 14), False) == dt.date(2031, 10, 14)
    assert rules.visible_until(dt.date(2028, 2, 29), False) == dt.date(2033, 2, 28)  # no 29th: the month's end


def test_credit_repair_waits_for_the_shortest_period_of_its_severity(settings):
    published = dt.date(2026, 3, 31)
    with pytest.raises(RuleViolation, match="2026-07-01起") as refused:
        rules.check_repair(published, "general", dt.date(2026, 6, 30))
    assert refused.value.field == "severity"
    rules.check_repair(published, "general", dt.date(2026, 7, 1))
    rules.check_repair(published, "minor", published)
    settings.ZHIFA_CREDIT_REPAIR_MONTHS = {"minor": 1, "general": 6, "serious": 12}
    with pytest.raises(RuleViolation):
        rules.check_repair(published, "general", dt.date(2026, 7, 1))
    with pytest.raises(RuleViolation, match="严重程度"):
        rules.check_repair(published, "grave", dt.date(2027, 7, 1))
