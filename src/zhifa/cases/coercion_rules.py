"""The statutory limits of 行政强制执行 by the agency itself (行政强制法 第34–60条), one function or constant a
rule, each with its source. Pure: dates and times in, a refusal (RuleViolation) or a day out; the write functions
of ``cases.actions.coercion`` read the facts and call these."""

from __future__ import annotations

import datetime as dt

from zhifa.cases import rules
from zhifa.core.errors import RuleViolation
from zhifa.workdays import calendar

URGE_RULE = "行政强制法 第35条"
DEFENCE_RULE = "行政强制法 第36条"
DECISION_RULE = "行政强制法 第37条"
AGREEMENT_RULE = "行政强制法 第42条"
TIME_RULE = "行政强制法 第43条"
UTILITY_RULE = "行政强制法 第43条第二款"
DEMOLITION_RULE = "行政强制法 第44条"
SUBSTITUTE_RULE = "行政强制法 第51条"
SUSPEND_RULE = "行政强制法 第39条"
TERMINATE_RULE = "行政强制法 第40条"
COURT_WINDOW_RULE = "行政强制法 第53条"

# 行政强制法 第43条: 夜间 is not defined there; the default is the 22:00–06:00 of 噪声污染防治法 第88条, and
# an agency sets its own (CaseSettings).
NIGHT_STARTS = dt.time(22, 0)
NIGHT_ENDS = dt.time(6, 0)

# 行政强制法 第51条: the party is urged to perform three days before the 代履行.
SUBSTITUTE_NOTICE_DAYS = 3


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# 行政强制法 第43条
def is_night(at: dt.datetime, *, starts: dt.time = NIGHT_STARTS, ends: dt.time = NIGHT_ENDS) -> bool:
    """Whether ``at`` (in the agency's time) falls in the night: from ``starts`` (inclusive) to ``ends``
    (exclusive), across midnight when ``starts`` is later than ``ends``."""
    t = at.astimezone(calendar.SHANGHAI).time().replace(tzinfo=None)
    if starts <= ends:
        return starts <= t < ends
    return t >= starts or t < ends


# 行政强制法 第43条
def is_rest_day(day: dt.date) -> bool:
    """法定节假日 read with the 公休日: a day that is not a working day of the calendar. A 调休 Saturday is a
    working day, so enforcement on it is not on a holiday."""
    return not calendar.is_working_day(day)


# 行政强制法 第43条第一款
def check_enforcement_time(at: dt.datetime, *, urgent_reason: str = "", night_starts: dt.time = NIGHT_STARTS,
                           night_ends: dt.time = NIGHT_ENDS) -> None:
    """No enforcement at night or on a statutory holiday, unless urgent — and then the reason in writing."""
    if urgent_reason.strip():
        return
    local = at.astimezone(calendar.SHANGHAI)
    if is_rest_day(local.date()):
        raise RuleViolation(f"{_cn(local.date())}是法定节假日（休息日），不得实施行政强制执行；情况紧急的，"
                            "须书面写明紧急情况", field="at", rule=TIME_RULE)
    if is_night(at, starts=night_starts, ends=night_ends):
        raise RuleViolation(f"{local:%H:%M}属夜间（{night_starts:%H:%M}至次日{night_ends:%H:%M}），不得实施行政强制"
                            "执行；情况紧急的，须书面写明紧急情况", field="at", rule=TIME_RULE)


# 行政强制法 第43条第二款
def check_utilities(*, cuts_utilities: bool, residence: bool) -> None:
    """行政机关不得对居民生活采取停止供水、供电、供热、供燃气等方式迫使当事人履行 — never, urgent or not."""
    if cuts_utilities and residence:
        raise RuleViolation("不得对居民生活采取停止供水、供电、供热、供燃气等方式迫使当事人履行相关行政决定",
                            field="measure", rule=UTILITY_RULE)


# 行政强制法 第44条
def remedies_end(decision_served_on: dt.date) -> dt.date:
    """The last day of the reconsideration (60 days) and lawsuit (6 months) periods of the decision — the same
    reckoning as the court window of 第53条."""
    return rules.court_application_window(decision_served_on).remedies_end


# 行政强制法 第44条
def check_demolition(day: dt.date, *, announced_on: dt.date | None, own_demolition_by: dt.date | None,
                     decision_served_on: dt.date, remedy_sought: bool) -> None:
    """强制拆除 only after a 公告 with a time limit for the party to demolish it themself, that limit passed,
    and the periods for reconsideration and lawsuit passed with neither sought."""
    if announced_on is None or own_demolition_by is None:
        raise RuleViolation("强制拆除前，应当予以公告，限期当事人自行拆除", field="measure", rule=DEMOLITION_RULE)
    if day <= own_demolition_by:
        raise RuleViolation(f"公告限期自行拆除至{_cn(own_demolition_by)}，期限届满前不得强制拆除", field="at",
                            rule=DEMOLITION_RULE)
    if remedy_sought:
        raise RuleViolation("当事人已申请行政复议或者提起行政诉讼，不得强制拆除", field="measure", rule=DEMOLITION_RULE)
    end = remedies_end(decision_served_on)
    if day <= end:
        raise RuleViolation(f"行政复议、行政诉讼期限至{_cn(end)}届满，届满前不得强制拆除", field="at",
                            rule=DEMOLITION_RULE)


# 行政强制法 第44条
def check_announcement(*, announced_on: dt.date, own_demolition_by: dt.date) -> None:
    if own_demolition_by <= announced_on:
        raise RuleViolation("限期自行拆除的期限应晚于公告日期", field="own_demolition_by", rule=DEMOLITION_RULE)


# 行政强制法 第51条第一款第二项
def earliest_substitute(urged_on: dt.date) -> dt.date:
    """代履行三日前，催告当事人履行: the third day after the notice is the first it may be carried out."""
    return urged_on + dt.timedelta(days=SUBSTITUTE_NOTICE_DAYS)


# 行政强制法 第51条
def check_substitute(day: dt.date, *, urged_on: dt.date | None) -> None:
    if urged_on is None:
        raise RuleViolation("代履行三日前，应当催告当事人履行", field="measure", rule=SUBSTITUTE_RULE)
    first = earliest_substitute(urged_on)
    if day < first:
        raise RuleViolation(f"代履行催告于{_cn(urged_on)}送达，最早可于{_cn(first)}实施代履行", field="at",
                            rule=SUBSTITUTE_RULE)


# 行政强制法 第35条
def check_urge_limit(*, issued_on: dt.date, due_on: dt.date) -> None:
    """A 催告 states a time limit to perform, after the day it is made."""
    if due_on <= issued_on:
        raise RuleViolation("催告书载明的履行期限应晚于催告之日", field="due_on", rule=URGE_RULE)


# 行政强制法 第42条
def check_agreement(*, signed_on: dt.date, due_on: dt.date, today: dt.date) -> None:
    if signed_on > today:
        raise RuleViolation("执行协议签订日期不能晚于今天", field="signed_on", rule=AGREEMENT_RULE)
    if due_on < signed_on:
        raise RuleViolation("执行协议约定的履行期限不能早于签订日期", field="due_on", rule=AGREEMENT_RULE)


# 行政强制法 第35条、第69条
def urge_last_day(*, served_on: dt.date, due_on: dt.date | None) -> dt.date:
    """The last day of the 催告's time limit: the day it states, or — where it states none — ten working days from
    its service (第69条: “十日以内期限的规定是指工作日”). A stated day on a holiday or a weekend is the party's last
    day to perform, so it moves to the first working day after (民法典 第203条: “期间的最后一日是法定休假日的，以法定
    休假日结束的次日为期间的最后一日”) — the agency may not decide earlier."""
    if due_on is None:
        return calendar.add_working_days(served_on, 10).date
    day = max(due_on, served_on)
    return calendar.add_calendar_days(day - dt.timedelta(days=1), 1).date


# 行政强制法 第39条、第40条
def check_stop_day(day: dt.date, *, served_on: dt.date, today: dt.date, rule: str, label: str) -> None:
    """The day enforcement is suspended, resumed or ended: not before the 强制执行决定 was served, not in the future."""
    if day > today:
        raise RuleViolation(f"{label}不能晚于今天", field="on", rule=rule)
    if day < served_on:
        raise RuleViolation(f"{label}不能早于强制执行决定书送达之日（{_cn(served_on)}）", field="on", rule=rule)
