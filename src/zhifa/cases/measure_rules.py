"""The statutory periods and checks of 行政强制措施 (查封、扣押), one function or constant per article of the
行政强制法. Pure, like ``cases.rules``: no model, no write; the measure's write functions and guards call them.

How the periods are counted:
- 第25条's 三十日 are calendar days. 第69条 makes only the law's periods of ten days or less working days
  (“本法中十日以内期限的规定是指工作日，不含法定节假日”); thirty days are not among them.
- The day the goods are sealed or seized is not counted (民法典 第201条, as ``cases.rules.period_end``): sealed
  on 19 September, the 30th day is 19 October, and the 决定书 reads “自9月20日起至10月19日止”.
- A last day on a holiday is not moved. 行政强制法 has no rule on it; the roll-over of 行政诉讼法 第51条 and
  民事诉讼法 第85条 is for a party's and the court's periods in litigation, and 第25条 is the agency's own limit
  on holding a party's property — the project's stricter reading (``cases.rules``: an agency's last day stays).
- 第19条's 二十四小时 are hours, counted from the time the measure was carried out on the spot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from zhifa.cases.rules import Deadline, Period, period_end
from zhifa.core.dates import cn_date
from zhifa.core.errors import RuleViolation

# 行政强制法 第18条: the procedure of every measure (approval, two officers, credentials, telling, hearing, record)
MEASURE_RULE = "行政强制法 第18条"
# 行政强制法 第18条、第19条: approved before, or carried out in an emergency and reported
APPROVAL_RULE = "行政强制法 第18条、第19条"
# 行政强制法 第19条: an emergency measure is reported to the head within 24 hours and approved afterwards
EMERGENCY_RULE = "行政强制法 第19条"
# 行政强制法 第24条: the 查封扣押决定书 and the 清单, delivered on the spot
DECISION_RULE = "行政强制法 第24条"
# 行政强制法 第25条: at most 30 days, +30 with the head's approval, testing not counted
HOLD_RULE = "行政强制法 第25条"
# 行政强制法 第27条、第28条: decided within the period; released when no longer needed or when it ran out
RELEASE_RULE = "行政强制法 第28条"

# 行政强制法 第29条: only an agency a law names freezes deposits and remittances, never by delegation
FREEZE_RULE = "行政强制法 第29条"
# 行政强制法 第31条: the 冻结决定书 handed to the party within three days
FREEZE_DELIVERY_RULE = "行政强制法 第31条"
# 行政强制法 第32条: decided or released within 30 days of the freeze, +30 with the head's approval
FREEZE_HOLD_RULE = "行政强制法 第32条"
# 行政强制法 第33条: released on its grounds, the bank and the party told
FREEZE_RELEASE_RULE = "行政强制法 第33条"
# 行政强制法 第26–28条: what becomes of the things held — returned, confiscated, destroyed, sold with consent
DISPOSAL_RULE = "行政强制法 第27条、第28条"

# 行政强制法 第31条: “三日内” — three days, ten or fewer, so working days (第69条)
FREEZE_DELIVERY_DAYS = 3
# 行政强制法 第19条
REPORT_HOURS = 24
# 行政强制法 第25条第一款
HOLD_DAYS = 30
# 行政强制法 第25条第一款: “延长期限不得超过三十日”
EXTENSION_DAYS = 30



# 行政强制法 第19条
def report_due(acted_at: dt.datetime) -> dt.datetime:
    """The last moment of the report to the head: 24 hours after the measure was carried out."""
    return acted_at + dt.timedelta(hours=REPORT_HOURS)


# 行政强制法 第19条
def check_report(*, acted_at: dt.datetime, reported_at: dt.datetime, now: dt.datetime, late_reason: str) -> bool:
    """A report of an emergency measure: not before the measure, not in the future. Answers whether it is late —
    at hour 24 it is in time, after it late; a late report is still recorded (it happened), with its reason."""
    if reported_at > now:
        raise RuleViolation("报告时间不能晚于现在", field="reported_at", rule=EMERGENCY_RULE)
    if reported_at < acted_at:
        raise RuleViolation("报告时间不能早于当场实施的时间", field="reported_at", rule=EMERGENCY_RULE)
    late = reported_at > report_due(acted_at)
    if late and not late_reason.strip():
        raise RuleViolation("超过24小时报告的，应当写明未能在24小时内报告的原因", field="late_reason",
                            rule=EMERGENCY_RULE)
    return late


# 行政强制法 第18条第一项、第19条
def check_acted_at(*, acted_at: dt.datetime, now: dt.datetime, approved_at: dt.datetime | None,
                   emergency: bool) -> None:
    """When the measure was carried out: not in the future, and — unless in an emergency — after the head's
    approval (“实施前须向行政机关负责人报告并经批准”)."""
    if acted_at > now:
        raise RuleViolation("实施时间不能晚于现在", field="acted_at", rule=MEASURE_RULE)
    if not emergency and (approved_at is None or acted_at < approved_at):
        raise RuleViolation("实施行政强制措施前须经行政机关负责人批准：实施时间不能早于批准时间", field="acted_at",
                            rule=MEASURE_RULE)


# 行政强制法 第25条
def hold_due(started_on: dt.date, *, extended: bool = False, testing_days: int = 0) -> Deadline:
    """The last day of a 查封、扣押 begun on ``started_on``: 30 calendar days (the day itself not counted), 30 more
    if extended, and the days of testing told to the party left out (第25条第三款). Not moved off a holiday."""
    if testing_days < 0:
        raise ValueError("检测期间不能为负数")
    days = HOLD_DAYS + (EXTENSION_DAYS if extended else 0) + testing_days
    return period_end(HOLD_RULE, started_on, Period(days, "day"), roll_over_holiday=False)


# 行政强制法 第25条第一款
def check_extension(*, due: Deadline, on: dt.date, extended: bool) -> None:
    """An extension, approved on ``on``: once, by at most 30 days, while the period still runs — on its last day
    still, on the day after no more (the limit was missed; no approval mends that, and the goods must be
    released, 第28条第一款第四项)."""
    if extended:
        raise RuleViolation("查封（扣押）期限已经延长过一次，延长期限不得超过三十日", field="reason", rule=HOLD_RULE)
    if on > due.last_day:
        raise RuleViolation(f"查封（扣押）期限已于{cn_date(due.last_day)}届满，不能再延长，应当解除查封（扣押）",
                            field="reason", rule=HOLD_RULE)


# 行政强制法 第25条第三款
def check_testing(*, from_on: dt.date, to_on: dt.date, started_on: dt.date, due: Deadline,
                  others: Iterable[tuple[dt.date, dt.date]]) -> int:
    """A testing period told to the party: definite (both ends), within the 查封、扣押 — starting after the
    measure and before its period ran out — and overlapping no other. Answers its days, both ends counted."""
    if to_on < from_on:
        raise RuleViolation("检测（鉴定）的截止日期不能早于起始日期", field="to_on", rule=HOLD_RULE)
    if from_on <= started_on:
        raise RuleViolation(f"检测（鉴定）期间应在查封（扣押）之后（{cn_date(started_on)}之后）", field="from_on",
                            rule=HOLD_RULE)
    if from_on > due.last_day:
        raise RuleViolation(f"查封（扣押）期限已于{cn_date(due.last_day)}届满，不能再扣除检测（鉴定）期间",
                            field="from_on", rule=HOLD_RULE)
    for a, b in others:
        if from_on <= b and a <= to_on:
            raise RuleViolation(f"与已登记的检测（鉴定）期间（{cn_date(a)}至{cn_date(b)}）重叠", field="from_on",
                                rule=HOLD_RULE)
    return (to_on - from_on).days + 1


# 行政强制法 第28条第一款第四项
def released_late(due: Deadline, released_on: dt.date) -> bool:
    """Whether the release came after the period ran out. It is still made — the goods must go back — and
    flagged; the period's obligation had gone overdue."""
    return not due.met_by(released_on)


# 行政强制法 第29条
def check_freeze(*, authorised_by: str, amount: Decimal | None) -> None:
    """冻结 only by an agency a law names (its setting states the law), of a stated amount. That the amount matches
    the sum the violation involves (“数额应当与违法行为涉及的金额相当”) is the head's judgment at approval."""
    if not authorised_by.strip():
        raise RuleViolation("冻结存款、汇款应当由法律规定的行政机关实施，本机关未设置法律授权，不得冻结",
                            field="kind", rule=FREEZE_RULE)
    if amount is None or amount <= 0:
        raise RuleViolation("请填写冻结的数额（大于零）", field="freeze_amount", rule=FREEZE_RULE)


# 行政强制法 第31条、第69条
def freeze_delivery_due(frozen_on: dt.date) -> Deadline:
    """The last day to hand the 冻结决定书 to the party: three working days after the freeze."""
    return period_end(FREEZE_DELIVERY_RULE, frozen_on, Period(FREEZE_DELIVERY_DAYS, "workday"))


# 行政强制法 第32条
def freeze_due(frozen_on: dt.date, *, extended: bool = False) -> Deadline:
    """The last day of a freeze: 30 calendar days from the day it was frozen (not counted), 30 more if extended;
    not moved off a holiday (the agency's own limit, as 第25条). No testing time: 第32条 has none."""
    days = HOLD_DAYS + (EXTENSION_DAYS if extended else 0)
    return period_end(FREEZE_HOLD_RULE, frozen_on, Period(days, "day"), roll_over_holiday=False)


# 行政强制法 第27条、第28条
def check_disposal(*, disposal: str, released: bool, confiscated_by: str, basis: str, consent: str) -> None:
    """What becomes of the things: returned only on release (第28条第二款); confiscated only by a 行政处罚决定
    (第27条: “依法应当没收的非法财物予以没收” — by the decision, named); destroyed only where a law or regulation says
    so, named (第27条); perishables sold only with the party's consent, recorded — the proceeds go back on release."""
    if disposal == "return" and not released:
        raise RuleViolation("尚未作出解除决定，不能登记返还财物", field="disposal", rule=DISPOSAL_RULE)
    if disposal == "confiscate" and not confiscated_by:
        raise RuleViolation("没收须依据已作出的行政处罚决定（所涉行政处罚案件尚无处罚决定书）", field="disposal",
                            rule=DISPOSAL_RULE)
    if disposal == "destroy" and not basis.strip():
        raise RuleViolation("销毁须写明规定应当销毁的法律、行政法规条文", field="note", rule=DISPOSAL_RULE)
    if disposal == "sold" and not consent.strip():
        raise RuleViolation("拍卖或者变卖鲜活物品等不易保管的财物，须经当事人同意并记录", field="consent",
                            rule=DISPOSAL_RULE)
