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
# 行政许可法 第48条: 行政机关应当于举行听证的七日前将举行听证的时间、地点通知申请人、利害关系人，必要时予以公告
# (七日 are working days: 第82条, as the 5 and 20 of 第47条)
HEARING_NOTICE_RULE = "行政许可法 第48条"
HEARING_NOTICE_PERIOD = Period(7)
# 行政许可法 第46条: 涉及公共利益的重大行政许可事项，行政机关应当向社会公告，并举行听证
PUBLIC_HEARING_RULE = "行政许可法 第46条"
# 行政许可法 第49条: 被许可人要求变更行政许可事项的，应当向作出行政许可决定的行政机关提出申请
CHANGE_RULE = "行政许可法 第49条"
# 行政许可法 第50条: 需要延续的，应当在有效期届满三十日前向作出决定的行政机关提出申请（法律、法规、规章另有规定的，
# 依照其规定：CaseSettings.renewal_lead_days）；行政机关应当在有效期届满前作出是否准予延续的决定；逾期未作决定的，
# 视为准予延续
RENEWAL_RULE = "行政许可法 第50条"
RENEWAL_LEAD_DAYS = 30
# 行政许可法 第7条: 公民、法人或者其他组织对行政机关实施行政许可，享有陈述权、申辩权
STATEMENT_RULE = "行政许可法 第7条"
# 行政许可法 第8条: 依据的法律、法规、规章修改或者废止，或者客观情况发生重大变化的，为了公共利益的需要，
# 可以依法变更或者撤回已经生效的行政许可；造成财产损失的，依法给予补偿
WITHDRAW_RULE = "行政许可法 第8条"
# 行政许可法 第69条: 可以撤销（第一款）或应当撤销（第二款：欺骗、贿赂）行政许可；撤销可能对公共利益造成
# 重大损害的，不予撤销
REVOKE_RULE = "行政许可法 第69条"


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


def renewal_last_day(valid_to: dt.date, lead_days: int = RENEWAL_LEAD_DAYS) -> dt.date:
    """The last day a renewal may be applied for: 30 days (or the law's own number) before expiry (第50条)."""
    return valid_to - dt.timedelta(days=lead_days)


def check_renewal_in_time(valid_to: dt.date, received_on: dt.date, lead_days: int = RENEWAL_LEAD_DAYS) -> None:
    last = renewal_last_day(valid_to, lead_days)
    if received_on > last:
        raise RuleViolation(f"延续申请应在有效期届满（{_cn(valid_to)}）{lead_days}日前提出，即不晚于{_cn(last)}；"
                            "已逾期，不能申请延续", field="received_on", rule=RENEWAL_RULE)


def deemed_renewed(valid_to: dt.date, on: dt.date, decided: bool) -> bool:
    """A renewal applied for in time and not decided by the expiry day counts as granted (第50条)."""
    return not decided and on > valid_to


def statement_due(told_on: dt.date, period: Period) -> Deadline:
    """The holder's period to state and defend against a 撤回 / 撤销 (第7条): the agency's 陈述申辩期限 setting."""
    return period_end(STATEMENT_RULE, told_on, period)


def check_hearing_notice(notified_on: dt.date, hearing_on: dt.date, held_by: dt.date | None = None) -> None:
    """The hearing's time and place told seven (working) days before it (第48条), and — asked for by a party — within
    the 20 working days of 第47条."""
    first = period_end(HEARING_NOTICE_RULE, notified_on, HEARING_NOTICE_PERIOD).last_day
    if hearing_on < first:
        raise RuleViolation(f"应当于举行听证的七日前通知：今天（{_cn(notified_on)}）通知的，听证最早于{_cn(first)}举行",
                            field="hearing_on", rule=HEARING_NOTICE_RULE)
    if held_by is not None and hearing_on > held_by:
        raise RuleViolation(f"听证应在提出听证申请之日起二十日内（至{_cn(held_by)}）举行", field="hearing_on",
                            rule=HEARING_RULE)


# 服务指南's 申请材料 is one text, “1. 申请表；2. 使用土地的有关证明文件；……”: one material an item.
_NUMBERING = re.compile(r"^\s*(?:[（(]?\d+[)）.．、]|[一二三四五六七八九十]+[、.．])\s*")


def materials_of(text: str) -> list[str]:
    """The materials a 服务指南 lists, in its order, without their numbering."""
    parts = re.split(r"[；;\n]+", text or "")
    names = [_NUMBERING.sub("", p).strip().rstrip("。.") for p in parts]
    return [n for n in names if n]
