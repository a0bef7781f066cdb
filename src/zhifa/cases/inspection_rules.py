"""The statutory periods and rules of 行政检查, each with its source."""

from __future__ import annotations

import datetime as dt

from zhifa.cases.rules import Deadline, Period, period_end
from zhifa.core.errors import RuleViolation

# 行政执法公示办法 第九条 (PUB-04): the result of a 行政检查 — 执法机关、执法对象、执法类别、执法结论 — is made public
# within 20 working days of the decision, unless a law says otherwise.
PUBLICITY_RULE = "PUB-04 检查结果公示"
PUBLICITY_PERIOD = Period(20, "workday")

# 双随机、一公开 (RND-01): a planned inspection carries out an item of the agency's 随机抽查事项清单.
PLAN_RULE = "RND-01"


# PUB-04; 行政执法公示办法 第九条
def result_publicity_due(result_on: dt.date) -> Deadline:
    """The last day to publish an inspection's result: 20 working days after the day of the conclusion (that
    day not counted), on the working-day calendar."""
    return period_end(PUBLICITY_RULE, result_on, PUBLICITY_PERIOD)


# RND-01: a 检查计划 runs over a period; an inspection of the plan is made within it.
def check_plan_period(starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        raise RuleViolation("检查期间的结束日不能早于开始日", field="ends_on", rule=PLAN_RULE)
    if (ends_on - starts_on).days > 366:
        raise RuleViolation("检查计划的期间不超过一年（按年度制定）", field="ends_on", rule=PLAN_RULE)


def check_within_plan(day: dt.date, starts_on: dt.date, ends_on: dt.date) -> None:
    """A planned inspection is carried out within its plan's period."""
    if not starts_on <= day <= ends_on:
        raise RuleViolation(f"检查日期（{day:%Y-%m-%d}）不在检查计划的期间（{starts_on:%Y-%m-%d}至"
                            f"{ends_on:%Y-%m-%d}）内", field="started_at", rule=PLAN_RULE)
