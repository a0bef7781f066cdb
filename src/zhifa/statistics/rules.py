"""The periods of 行政执法统计 and the days their reports are due, each with its source."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from zhifa.cases.rules import Deadline
from zhifa.core.errors import RuleViolation

# 实施方案 (一)2、11 (PUB-12, SUP-02): 各行政执法机关……于每年7月10日和1月10日前在本部门网站公开上半年和上年度行政
# 执法总体情况相关数据，报市政府和上级主管部门，并抄送市司法局; 统计分析报告要和半年、全年执法数据一并报送市司法局.
# The days are dates the plan sets, not periods counted from an event, so the rule that moves a period's last
# day off a holiday (民事诉讼法 第85条) does not apply: a 10 January on a Sunday is still 10 January — report
# before the weekend. Some provinces set 31 January for the year (ZHIFA_STATISTICS_ANNUAL_DAY).
REPORT_RULE = "PUB-12 统计年报"
HALF_YEAR_DUE = (7, 10)

FIRST_HALF, WHOLE_YEAR = "h1", "year"
HALVES = {FIRST_HALF: "上半年", WHOLE_YEAR: "全年"}


@dataclass(frozen=True)
class Period:
    """上半年 (1 January – 30 June) or 全年 (1 January – 31 December) of ``year``."""

    year: int
    half: str

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == FIRST_HALF else dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        return f"{self.year}年{HALVES[self.half]}"

    @property
    def code(self) -> str:
        return f"{self.year}-{self.half}"


def period(year: int, half: str) -> Period:
    if half not in HALVES:
        raise RuleViolation("统计期间只能是上半年或全年", field="half", rule=REPORT_RULE)
    if not 2000 <= year <= 2100:
        raise RuleViolation("统计年度应在2000年至2100年之间", field="year", rule=REPORT_RULE)
    return Period(year, half)


# 实施方案 (一)2、11
def report_due(p: Period) -> Deadline:
    """The last day to report ``p``'s figures: 10 July of the year for 上半年, 10 January (or the province's day)
    of the next year for 全年; not moved off a weekend or holiday."""
    if p.half == FIRST_HALF:
        return Deadline(REPORT_RULE, dt.date(p.year, *HALF_YEAR_DUE), "day")
    return Deadline(REPORT_RULE, dt.date(p.year + 1, 1, int(settings.ZHIFA_STATISTICS_ANNUAL_DAY)), "day")


def last_ended(today: dt.date) -> Period:
    """The period that ended most recently before ``today``: this year's 上半年 from 1 July, last year's 全年
    from 1 January."""
    return Period(today.year, FIRST_HALF) if today.month >= 7 else Period(today.year - 1, WHOLE_YEAR)
