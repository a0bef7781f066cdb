"""The statutory periods of 行政许可 (行政许可法 第29–50条), one function or constant per article.

Pure: no model, no write. 行政许可法 第82条: the periods the agency keeps are counted in 工作日, without statutory
holidays, from the workdays calendar; the applicant's 30 days of 第50条 are calendar days. A period starts the
day after the event (``rules.period_end``).
"""

from __future__ import annotations

import datetime as dt
import re

from zhifa.cases.rules import Deadline, Period, period_end
from zhifa.core.errors import RuleViolation

# 行政许可法 第32条: 申请材料不齐全的，五日内一次告知；逾期不告知的，自收到申请材料之日起即为受理
NOTICE_RULE = "行政许可法 第32条"
NOTICE_PERIOD = Period(5)
# 行政许可法 第42条: 受理之日起二十日内作出决定；经本行政机关负责人批准，可以延长十日，并将延长期限的理由告知申请人
DECISION_RULE = "行政许可法 第42条"
DECISION_PERIOD = Period(20)
DECISION_EXTENSION = 10
# 行政许可法 第44条: 作出准予行政许可的决定，自作出决定之日起十日内颁发、送达行政许可证件
ISSUE_RULE = "行政许可法 第44条"
ISSUE_PERIOD = Period(10)
# 行政许可法 第45条: 听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审所需时间不计算在期限内
PAUSE_RULE = "行政许可法 第45条"
# 行政许可法 第47条: 被告知听证权利之日起五日内提出听证申请的，行政机关应当在二十日内组织听证
HEARING_RULE = "行政许可法 第47条"
HEARING_REQUEST_PERIOD = Period(5)
HEARING_HELD_PERIOD = Period(20)
# 行政许可法 第50条: 需要延续的，应当在有效期届满三十日前向作出决定的行政机关提出申请
RENEWAL_RULE = "行政许可法 第50条"
RENEWAL_LEAD_DAYS = 30


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notice_due(received_on: dt.date) -> Deadline:
    """The last day for the one-time notice of every missing material (第32条)."""
    return period_end(NOTICE_RULE, received_on, NOTICE_PERIOD)


def deemed_accepted(received_on: dt.date, on: dt.date) -> bool:
    """Past the 5th working day with no notice, the application counts as accepted on receipt (第32条)."""
    return on > notice_due(received_on).last_day


def check_notice_in_time(received_on: dt.date, on: dt.date) -> None:
    """A one-time notice (or a refusal to accept) after the 5th working day is too late: the application is
    already accepted, as of the day it was received."""
    if deemed_accepted(received_on, on):
        last = notice_due(received_on).last_day
        raise RuleViolation(f"收到申请材料之日起5个工作日（至{_cn(last)}）内未一次告知补正，依法自收到申请材料之日"
                            f"（{_cn(received_on)}）起即为受理，不能再告知补正或不予受理；请出具受理通知书",
                            field="missing", rule=NOTICE_RULE)


def decision_due(accepted_on: dt.date, extended: bool = False) -> Deadline:
    """The last day for the decision: 20 working days from acceptance, 30 with the head's approval (第42条)."""
    return period_end(DECISION_RULE, accepted_on, Period(DECISION_PERIOD.n + (DECISION_EXTENSION if extended else 0)))


def issue_due(decided_on: dt.date) -> Deadline:
    """The last day for issuing and delivering the licence (第44条)."""
    return period_end(ISSUE_RULE, decided_on, ISSUE_PERIOD)


def check_hearing_request(told_on: dt.date, requested_on: dt.date) -> None:
    """A hearing asked for within 5 working days of being told of the right (第47条)."""
    if requested_on < told_on:
        raise RuleViolation("听证申请日期不能早于告知听证权利之日", field="requested_on", rule=HEARING_RULE)
    last = period_end(HEARING_RULE, told_on, HEARING_REQUEST_PERIOD).last_day
    if requested_on > last:
        raise RuleViolation(f"听证申请应在被告知听证权利之日起5个工作日内（至{_cn(last)}）提出", field="requested_on",
                            rule=HEARING_RULE)


def hearing_due(requested_on: dt.date) -> Deadline:
    """The last day for holding the hearing asked for (第47条)."""
    return period_end(HEARING_RULE, requested_on, HEARING_HELD_PERIOD)


def renewal_last_day(valid_to: dt.date) -> dt.date:
    """The last day a renewal may be applied for: 30 days before the licence expires (第50条)."""
    return valid_to - dt.timedelta(days=RENEWAL_LEAD_DAYS)


def check_renewal_in_time(valid_to: dt.date, received_on: dt.date) -> None:
    last = renewal_last_day(valid_to)
    if received_on > last:
        raise RuleViolation(f"延续申请应在有效期届满（{_cn(valid_to)}）三十日前提出，即不晚于{_cn(last)}",
                            field="received_on", rule=RENEWAL_RULE)


# 服务指南's 申请材料 is one text, “1. 申请表；2. 使用土地的有关证明文件；……”: one material an item.
_NUMBERING = re.compile(r"^\s*(?:[（(]?\d+[)）.．、]|[一二三四五六七八九十]+[、.．])\s*")


def materials_of(text: str) -> list[str]:
    """The materials a 服务指南 lists, in its order, without their numbering."""
    parts = re.split(r"[；;\n]+", text or "")
    names = [_NUMBERING.sub("", p).strip().rstrip("。.") for p in parts]
    return [n for n in names if n]
