"""Paused time does not count: resuming moves the due time by the paused stretch, in the rule's unit."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from zhifa.core.errors import RuleViolation
from zhifa.obligations import actions
from zhifa.obligations.actions import ensure_obligation
from zhifa.obligations.models import ObligationState, PeriodUnit

CST = ZoneInfo("Asia/Shanghai")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CST)


def make(cast, *, due_at, unit, warn_days=3):
    return ensure_obligation(
        agency=cast.nr, subject=cast.zhang.credentials.first(), rule="REV-05", title="法制审核",
        due_at=due_at, warn_from=due_at - dt.timedelta(days=warn_days), unit=unit, assignee=cast.u_officer)


@pytest.mark.parametrize("unit", [PeriodUnit.HOUR, PeriodUnit.DAY])
def test_pause_moves_due_by_the_paused_stretch_for_hour_and_day_periods(cast, unit):
    ob = make(cast, due_at=at(2026, 11, 4, 17, 0), unit=unit)
    actions.pause(actor=cast.u_head, obligation=ob, at=at(2026, 11, 2, 9, 0))
    ob = actions.resume(actor=cast.u_head, obligation=ob, at=at(2026, 11, 3, 11, 30))  # 26 h 30 min
    assert ob.due_at == at(2026, 11, 5, 19, 30)
    assert ob.warn_from == at(2026, 11, 2, 19, 30)
    assert ob.state == ObligationState.OPEN
    assert ob.paused_at is None


def test_workday_pause_over_a_weekend_moves_due_by_the_one_working_day_lost(cast):
    # Paused Fri 2026-11-13, resumed Mon 11-16: of 11-14, 11-15, 11-16 only Monday is a working day.
    ob = make(cast, due_at=at(2026, 11, 18, 17, 0), unit=PeriodUnit.WORKDAY)
    actions.pause(actor=cast.u_head, obligation=ob, at=at(2026, 11, 13, 10, 0))
    ob = actions.resume(actor=cast.u_head, obligation=ob, at=at(2026, 11, 16, 10, 0))
    assert ob.due_at == at(2026, 11, 19, 17, 0)  # Wed → Thu
    assert ob.provisional is False


def test_workday_pause_across_national_day_moves_due_onto_the_make_up_saturday(cast):
    # 2026 schedule: 10-01..10-07 off, Sat 10-10 is a 调休 working day. Paused 09-30, resumed 10-08:
    # only Thu 10-08 is a working day lost. Due Fri 10-09 + 1 working day = Sat 10-10.
    ob = make(cast, due_at=at(2026, 10, 9, 17, 0), unit=PeriodUnit.WORKDAY)
    actions.pause(actor=cast.u_head, obligation=ob, at=at(2026, 9, 30, 9, 0))
    ob = actions.resume(actor=cast.u_head, obligation=ob, at=at(2026, 10, 8, 9, 0))
    assert ob.due_at == at(2026, 10, 10, 17, 0)


def test_resume_after_the_moved_due_time_is_late_at_once(cast):
    ob = make(cast, due_at=at(2026, 11, 4, 17, 0), unit=PeriodUnit.HOUR)
    actions.pause(actor=cast.u_head, obligation=ob, at=at(2026, 11, 5, 9, 0))  # already past due
    ob = actions.resume(actor=cast.u_head, obligation=ob, at=at(2026, 11, 5, 10, 0))
    assert ob.due_at == at(2026, 11, 4, 18, 0)
    assert ob.state == ObligationState.LATE


def test_only_a_paused_obligation_can_be_resumed_and_only_a_live_one_paused(cast):
    ob = make(cast, due_at=at(2026, 11, 4, 17, 0), unit=PeriodUnit.HOUR)
    with pytest.raises(RuleViolation, match="只有中止计时的事项可以恢复计时"):
        actions.resume(actor=cast.u_head, obligation=ob)
    actions.pause(actor=cast.u_head, obligation=ob)
    with pytest.raises(RuleViolation, match="只有待办或逾期的事项可以中止计时"):
        actions.pause(actor=cast.u_head, obligation=ob)


def test_waive_requires_a_reason_and_keeps_it(cast):
    ob = make(cast, due_at=at(2026, 11, 4, 17, 0), unit=PeriodUnit.HOUR)
    with pytest.raises(RuleViolation, match="必须填写理由"):
        actions.waive(actor=cast.u_head, obligation=ob, reason="   ")
    ob = actions.waive(actor=cast.u_head, obligation=ob, reason="案件已移送公安机关")
    assert ob.state == ObligationState.WAIVED
    assert ob.waived_reason == "案件已移送公安机关"


@pytest.mark.parametrize("who", ["u_officer", "u_supervisor", "u_zj_head", "u_ly_head"])
def test_pause_is_refused_to_users_without_manage_reach_over_the_agency(cast, who):
    ob = make(cast, due_at=at(2026, 11, 4, 17, 0), unit=PeriodUnit.HOUR)
    with pytest.raises(PermissionDenied):
        actions.pause(actor=getattr(cast, who), obligation=ob)
