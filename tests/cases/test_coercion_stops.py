"""行政强制执行, the rest of 第35–53条 through the write functions: the 催告's time limit as an obligation, its
last day moved off a holiday, the 强制执行决定 waiting for it; the court window of 第53条 as an obligation for an
agency without its own power, applied on its last day and refused the day after; 中止执行 and its resumption, 终结执行
(第39、40条), each with its numbered 决定书; bad input refused in Chinese with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from tests.cases import test_case_decision as _decision
from tests.cases import test_case_notice as _notice
from tests.cases.conftest import MEASURE_START
from tests.cases.test_coercion import TODAY, URGE, at, first, start_outside, to_enforce, travel
from tests.cases.test_rules import refused

from zhifa.cases import actions, rules
from zhifa.cases.models import Case, EnforcementSuspension, EnforcementTermination, Urge
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.ledger.models import Entry
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.workdays import calendar

at_notify, at_decide, executing = _notice.at_notify, _decision.at_decide, _decision.executing


def next_working_day(day: dt.date) -> dt.date:
    """The first working day on or after ``day``, walked day by day."""
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def obligation(rule: str, subject) -> Obligation:
    return Obligation.objects.get(rule=rule, subject_id=subject.pk)


def urged(world, *, served_on: dt.date, due_on: dt.date | None, decided_on: dt.date) -> Case:
    case = start_outside(world, served_on=decided_on)
    with travel(served_on):
        urge = actions.issue_urge(actor=world.u_officer, case=case, due_on=due_on, **URGE)
        actions.record_service(actor=world.u_officer, case=case, document=urge.document, method="direct",
                               served_on=served_on, recipient="赵丽华")
        actions.move(actor=world.u_officer, case=case, target="statement")
    return case


# ---------------------------------------------------------------- 第35条: the 催告's limit, an obligation


def test_the_urge_s_limit_on_a_holiday_ends_on_the_next_working_day_and_the_decision_waits_for_it(mworld):
    served = MEASURE_START.date()
    holiday = first(calendar.is_holiday, served)
    last = next_working_day(holiday)
    assert last > holiday
    case = urged(mworld, served_on=served, due_on=holiday, decided_on=served - dt.timedelta(days=100))
    actions.record_defence(actor=mworld.u_officer, case=case, received_on=served, waived=True)
    urge = Urge.objects.get(case=case)
    owed = obligation("行政强制法 第35条", urge)
    assert owed.state == ObligationState.OPEN and owed.due_at.astimezone(calendar.SHANGHAI).date() == last
    assert str(last.day) in owed.title and "作出强制执行决定" in owed.title
    with travel(last, 16), refused("行政强制法 第37条", "target"):  # the party's last day, moved off the holiday
        actions.move(actor=mworld.u_officer, case=case, target="decide")
    with travel(last + dt.timedelta(days=1)):
        actions.move(actor=mworld.u_officer, case=case, target="decide")
    owed.refresh_from_db()
    assert owed.state == ObligationState.MET  # the agency acted on the lapsed 催告


def test_an_urge_without_a_day_runs_ten_working_days_from_its_service(mworld):
    served = MEASURE_START.date()
    case = urged(mworld, served_on=served, due_on=None, decided_on=served - dt.timedelta(days=100))
    owed = obligation("行政强制法 第35条", Urge.objects.get(case=case))
    day, left = served, 10
    while left:  # ten working days counted by hand, across 中秋 and 国庆
        day += dt.timedelta(days=1)
        left -= calendar.is_working_day(day)
    assert owed.due_at.astimezone(calendar.SHANGHAI).date() == day


def test_a_punishment_case_s_urge_opens_no_limit_of_its_own(world, executing):
    late = rules.payment_due(TODAY).last_day + dt.timedelta(days=1)
    with travel(late):
        urge = actions.issue_urge(actor=world.u_officer, case=executing, **URGE)
        actions.record_service(actor=world.u_officer, case=executing, document=urge.document, method="direct",
                               served_on=late, recipient="赵丽华")
    assert not Obligation.objects.filter(rule="行政强制法 第35条").exists()  # it has the court window (第53条)


# ---------------------------------------------------------------- 第53条: the court window, an obligation


def test_without_a_power_of_its_own_the_court_window_is_an_obligation_kept_on_its_last_day(mworld):
    decided = dt.date(2026, 1, 10)
    window = rules.court_application_window(decided)
    served = MEASURE_START.date()
    case = urged(mworld, served_on=served, due_on=None, decided_on=decided)
    actions.record_defence(actor=mworld.u_officer, case=case, received_on=served, waived=True)
    earliest = rules.earliest_court_application(served)
    assert earliest <= window.last_day
    with travel(earliest):
        assert not Obligation.objects.filter(rule="行政强制法 第53条").exists()
        actions.move(actor=mworld.u_officer, case=case, target="court")
    owed = obligation("行政强制法 第53条", case)
    assert owed.due_at.astimezone(calendar.SHANGHAI).date() == window.last_day and owed.state == ObligationState.OPEN
    with travel(window.last_day + dt.timedelta(days=1)):
        with refused("行政强制法 第53条", "applied_on"):
            actions.apply_to_court(actor=mworld.u_head, case=case, applied_on=window.last_day + dt.timedelta(days=1),
                                   court="鞍山市铁东区人民法院")
        actions.apply_to_court(actor=mworld.u_head, case=case, applied_on=window.last_day,
                               court="鞍山市铁东区人民法院")
    owed.refresh_from_db()
    assert owed.state == ObligationState.MET


# ---------------------------------------------------------------- 第39条, 第40条


STOP = {"ground": "hardship", "reason": "当事人企业停产，账户无可供执行的财产"}


def test_suspended_enforcement_waits_and_resumes_with_its_numbered_decisions(world):
    case, day = to_enforce(world, "restore", served_on=TODAY - dt.timedelta(days=10))
    with travel(day):
        with pytest.raises(PermissionDenied):  # the agency decides
            actions.suspend_enforcement(actor=world.u_officer, case=case, on=day, **STOP)
        stop = actions.suspend_enforcement(actor=world.u_head, case=case, on=day, **STOP)
        with pytest.raises(RuleViolation, match="中止执行"):  # the form sent twice: suspended once
            actions.suspend_enforcement(actor=world.u_head, case=case, on=day, **STOP)
        with refused("行政强制法 第39条", "target"):  # the ground still there: no way back by a bare move
            actions.move(actor=world.u_officer, case=case, target="enforce")
        with pytest.raises(RuleViolation, match="案件现在“中止执行”环节"):
            actions.enforce(actor=world.u_officer, case=case, at=at(day, 10), note="清除")
    case.refresh_from_db()
    assert case.stage == "suspend" and EnforcementSuspension.objects.count() == 1
    assert "强中字" in stop.document.number and stop.document.values["事项"] == "中止执行"
    assert stop.document.values["情形"] == "当事人履行行政决定确有困难或者暂无履行能力"
    resumed_on = next_working_day(day + dt.timedelta(days=1))
    with travel(resumed_on):
        with pytest.raises(RuleViolation, match="不能为空"):
            actions.resume_enforcement(actor=world.u_head, case=case, reason=" ", on=resumed_on)
        back = actions.resume_enforcement(actor=world.u_head, case=case, reason="当事人恢复生产，有履行能力",
                                          on=resumed_on)
        with pytest.raises(RuleViolation, match="恢复执行"):  # sent twice: resumed once
            actions.resume_enforcement(actor=world.u_head, case=case, reason="当事人恢复生产", on=resumed_on)
        act = actions.enforce(actor=world.u_officer, case=case, at=at(resumed_on, 10), note="清除堆放物")
    case.refresh_from_db()
    assert case.stage == "enforce" and back.resumed_on == resumed_on and not act.refused
    assert back.resume_document.values["事项"] == "恢复执行" and back.resume_document.number != stop.document.number
    kinds = list(Entry.objects.filter(kind__startswith="case.enforcement_").values_list("kind", flat=True))
    assert kinds == ["case.enforcement_suspended", "case.enforcement_resumed"]


def test_enforcement_ends_from_its_suspension_with_a_termination_decision(world):
    case, day = to_enforce(world, "demolish", served_on=TODAY - dt.timedelta(days=10))
    with travel(day):
        actions.suspend_enforcement(actor=world.u_head, case=case, on=day, ground="third_party",
                                    reason="案外人主张厂房系其所有，已提起确权诉讼")
        with refused("行政强制法 第40条", "target"):
            actions.move(actor=world.u_officer, case=case, target="terminate")
        ended = actions.terminate_enforcement(actor=world.u_head, case=case, on=day, ground="perished",
                                              reason="厂房已因火灾灭失")
        with pytest.raises(RuleViolation, match="终结执行"):
            actions.terminate_enforcement(actor=world.u_head, case=case, on=day, ground="perished", reason="灭失")
        actions.move(actor=world.u_officer, case=case, target="close")
    case.refresh_from_db()
    assert case.stage == "close" and EnforcementTermination.objects.get() == ended
    assert "强终字" in ended.document.number and ended.document.values["情形"] == "执行标的灭失"


def test_bad_input_to_suspend_or_terminate_is_refused_in_chinese_and_nothing_is_written(world):
    case, day = to_enforce(world, "restore", served_on=TODAY - dt.timedelta(days=10))
    with travel(day):
        with refused("行政强制法 第39条", "ground") as no_ground:
            actions.suspend_enforcement(actor=world.u_head, case=case, on=day, ground="", reason="困难")
        assert "请选择中止执行的情形" in no_ground.value.message
        with refused("行政强制法 第39条", "on") as future:
            actions.suspend_enforcement(actor=world.u_head, case=case, on=day + dt.timedelta(days=1), **STOP)
        assert "中止日期不能晚于今天" in future.value.message
        with refused("行政强制法 第39条", "on"):
            actions.suspend_enforcement(actor=world.u_head, case=case, on=day - dt.timedelta(days=1), **STOP)
        with refused("行政强制法 第40条", "ground"):
            actions.terminate_enforcement(actor=world.u_head, case=case, on=day, ground="gone", reason="灭失")
        with pytest.raises(RuleViolation, match="具体情况不能为空"):
            actions.terminate_enforcement(actor=world.u_head, case=case, on=day, ground="perished", reason="")
    assert not EnforcementSuspension.objects.exists() and not EnforcementTermination.objects.exists()
    assert not IssuedDocument.objects.filter(template__in=("suspension_decision", "termination_decision")).exists()
    case.refresh_from_db()
    assert case.stage == "enforce"
