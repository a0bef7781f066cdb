"""The legal review's periods and the points it checks, each with its source."""

from __future__ import annotations

import datetime as dt

from zhifa.cases.rules import Deadline, Period, period_end
from zhifa.workdays import calendar

# 审核制度 第八条 (REV-07): 7 working days from complete materials; the time away for completion not counted.
REVIEW_RULE = "REV-07"
REVIEW_PERIOD = Period(7, "workday")
# 审核制度 第八条: +3 working days with the approval of the leader in charge, once.
EXTENSION = Period(3, "workday")
# The review's obligation turns yellow this many days before its last day.
WARN_DAYS = 2
# 行政处罚法 第58条: a first-time reviewer holds 法律职业资格; who took part in the case may not review it.
REVIEWER_RULE = "行政处罚法 第58条"
# REV-11: reviewers come from the agency's register.
REGISTER_RULE = "REV-11"
# REV-13: the case's own limits for its decision, which a review begun today must not outrun — the obligations of
# 行政处罚法 第60条 (90 days) and 行政许可法 第42条 (20 working days); one paused (第45条) is not running.
DECISION_LIMITS = ("行政处罚法 第60条", "行政许可法 第42条")


def review_due(received_on: dt.date, *, extended: bool = False) -> Deadline:
    """The last day of the review of materials received (complete) on ``received_on``."""
    # 审核制度 第八条
    due = period_end(REVIEW_RULE, received_on, REVIEW_PERIOD)
    return extended_due(due) if extended else due


def extended_due(due: Deadline) -> Deadline:
    """``due`` moved on by the extension (审核制度 第八条)."""
    moved = calendar.add_working_days(due.last_day, EXTENSION.n)
    return Deadline(due.rule, moved.date, due.unit, due.provisional or moved.provisional)


# REV-04, REV-06: the review points, each answered with a finding and a note.
POINTS: tuple[tuple[str, str], ...] = (
    ("subject", "执法主体合法，在法定职权范围内"),
    ("officers", "执法人员具备执法资格（以其执法之日的证件为准）"),
    ("facts", "事实清楚，证据确凿充分"),
    ("law", "适用法律、法规、规章正确"),
    ("procedure", "程序合法"),
    ("documents", "执法文书完备、规范"),
    ("discretion", "裁量在行政处罚裁量基准的幅度内"),
    ("crime", "是否涉嫌犯罪、应当移送司法机关"),
)
