"""The rules of 行政征收征用 and 行政收费: how an amount is computed from its standard, and when it falls due.

Pure: no model, no write. The basis and the standard themselves are catalog data (the 行政执法事项清单's 法律依据
and 收费标准); what is fixed by law is here, each with its source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models

from zhifa.cases import rules
from zhifa.core.errors import RuleViolation

# The guards' rules (catalog.processes), in the words of labels.RULES.
ASSESS_RULE = "征收收费 依法核定"
DECISION_RULE = "征收收费 书面决定"
SERVICE_RULE = "征收收费 送达"
RECEIPT_RULE = "征收收费 缴纳凭证"
# 闲置土地处置办法 第十七条: the 土地闲置费 is paid within 30 days of the service of the decision.
IDLE_LAND_PAYMENT_RULE = "闲置土地处置办法 第十七条"
IDLE_LAND_PAYMENT_DAYS = 30
# A 收费 falls due on the day its 收费通知书 names: the notice's own period, from its service.
CHARGE_PAYMENT_RULE = "收费通知书 缴费期限"
CHARGE_PERIOD_MAX = 90  # days: a notice naming a longer period is a typing error, not a standard
# 行政强制法 第45条: paid late, the 加处罚款 or 滞纳金 the decision's basis provides, its standard told to the party,
# never more than the amount owed.
LATE_RULE = "行政强制法 第45条"
LATE_RATE_MAX = Decimal(3)  # % a day: 行政处罚法 第72条's own, the highest any law sets
# 突发事件应对法 第十二条: requisitioned property is returned when its use ends; damaged or lost, it is compensated.
RETURN_RULE = "突发事件应对法 第十二条"


class LevyKind(models.TextChoices):
    EXPROPRIATE = "expropriate", "征收"
    REQUISITION = "requisition", "征用"
    CHARGE = "charge", "收费"


class LateKind(models.TextChoices):
    """What the decision's basis provides for late payment (行政强制法 第45条)."""

    SURCHARGE = "surcharge", "加处罚款"
    LATE_FEE = "late_fee", "滞纳金"


class ReturnState(models.TextChoices):
    """The state the requisitioned property came back in (突发事件应对法 第十二条)."""

    INTACT = "intact", "完好返还"
    DAMAGED = "damaged", "毁损后返还"
    LOST = "lost", "灭失，无法返还"


class RateUnit(models.TextChoices):
    """How a standard is applied to its base."""

    PERCENT = "percent", "%（按基数的百分比）"
    PER_UNIT = "per_unit", "元/单位（按数量计）"


# The document each kind is decided by (catalog.documents).
TEMPLATE_OF = {LevyKind.EXPROPRIATE: "levy_decision", LevyKind.REQUISITION: "requisition_decision",
               LevyKind.CHARGE: "charge_notice"}
TEMPLATES = tuple(TEMPLATE_OF.values())


@dataclass(frozen=True)
class Assessment:
    """An amount and how it was reached: the base, the standard applied to it, the result, and the formula in
    words, as the decision and the case page print it."""

    base_label: str
    base: Decimal
    base_unit: str
    rate: Decimal
    rate_unit: str
    amount: Decimal

    @property
    def formula(self) -> str:
        base = f"{self.base_label} {number(self.base)}{self.base_unit}"
        per = "%" if self.rate_unit == RateUnit.PERCENT else f"元/{self.base_unit}"
        rate = f"{number(self.rate)}{per}"
        return f"{base} × {rate} = {self.amount:,.2f}元"


def number(value: Decimal) -> str:
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def assess(*, base_label: str, base: Decimal, base_unit: str, rate: Decimal, rate_unit: str) -> Assessment:
    """``base × rate`` (a percentage of it, or a price per unit), rounded half up to the fen; base and rate must
    be above zero — a levy of nothing is no levy, and a negative one a refund, which is not this."""
    if rate_unit not in RateUnit.values:
        raise RuleViolation("请选择标准的计算方式", field="rate_unit", rule=ASSESS_RULE)
    for value, field, label in ((base, "base", "计征基数"), (rate, "rate", "标准")):
        if not value.is_finite() or value <= 0:
            raise RuleViolation(f"{label}须大于零", field=field, rule=ASSESS_RULE)
    if rate_unit == RateUnit.PERCENT and rate > 100:
        raise RuleViolation("按百分比计算的标准不能超过100%", field="rate", rule=ASSESS_RULE)
    raw = base * rate / (100 if rate_unit == RateUnit.PERCENT else 1)
    amount = raw.quantize(rules.FEN, rounding=ROUND_HALF_UP)
    if amount <= 0:
        raise RuleViolation("核定数额不足一分", field="base", rule=ASSESS_RULE)
    if amount >= Decimal("1e12"):
        raise RuleViolation("核定数额过大，请核对基数和标准", field="base", rule=ASSESS_RULE)
    return Assessment(base_label, base, base_unit, rate, rate_unit, amount)


# 闲置土地处置办法 第十七条; a 收费通知书's own period
def payment_due(kind: str, served_on: dt.date, charge_days: int) -> rules.Deadline | None:
    """When the party must pay, counted from the day after service; a period of the party's, so a last day on a
    holiday moves to the next working day (民事诉讼法 第85条). None for 征用: the agency pays, and the law
    sets no day for it."""
    if kind == LevyKind.EXPROPRIATE:
        return rules.period_end(IDLE_LAND_PAYMENT_RULE, served_on, rules.Period(IDLE_LAND_PAYMENT_DAYS, "day"))
    if kind == LevyKind.CHARGE:
        return rules.period_end(CHARGE_PAYMENT_RULE, served_on, rules.Period(charge_days, "day"))
    return None


def check_charge_days(days: int) -> int:
    if not 1 <= days <= CHARGE_PERIOD_MAX:
        raise RuleViolation(f"缴费期限应为1至{CHARGE_PERIOD_MAX}日", field="charge_days", rule=CHARGE_PAYMENT_RULE)
    return days


def check_late_rate(rate: Decimal | None, kind: str, basis: str) -> Decimal | None:
    """The daily rate (in %) of the 加处罚款 or 滞纳金 the decision tells the party (行政强制法 第45条): none, or
    above zero and at most 3% a day, with the kind and the article that provides it."""
    if rate is None:
        if kind:
            raise RuleViolation("请填写每日加处比例", field="late_rate", rule=LATE_RULE)
        return None
    if not rate.is_finite() or rate <= 0 or rate > LATE_RATE_MAX:
        raise RuleViolation(f"每日加处比例应大于0且不超过{LATE_RATE_MAX}%", field="late_rate", rule=LATE_RULE)
    if kind not in LateKind.values:
        raise RuleViolation("请选择加处罚款或者滞纳金", field="late_kind", rule=LATE_RULE)
    if not basis:
        raise RuleViolation("请写明规定加处罚款或者滞纳金的法律依据（条款）", field="late_basis", rule=LATE_RULE)
    return rate


@dataclass(frozen=True)
class Balance:
    """What a levy stands at on a day: the amount decided, the 加处罚款 or 滞纳金 accrued on its unpaid part,
    what was paid, and what is still owed."""

    amount: Decimal
    late: Decimal
    late_days: int
    capped: bool
    paid: Decimal

    @property
    def owed(self) -> Decimal:
        return max(Decimal(0), self.amount + self.late - self.paid)


# 行政强制法 第45条
def balance(*, amount: Decimal, due_on: dt.date | None, late_rate: Decimal | None,
            payments: list[tuple[dt.date, Decimal]], on: dt.date) -> Balance:
    """The levy on ``on``: each part paid goes to the amount first; from the day after ``due_on`` every day the
    unpaid amount bears ``late_rate`` % (the day of a payment on what was unpaid before it), and the 加处罚款 or
    滞纳金 together never exceed the amount (第45条第二款)."""
    paid_parts = sorted((day, part) for day, part in payments if day <= on)
    late, days = Decimal(0), 0
    if due_on is not None and late_rate:
        unpaid, last = amount, due_on
        for day, part in [*paid_parts, (on, Decimal(0))]:
            if unpaid > 0 and day > last:
                s = rules.overdue_surcharge(unpaid, due=rules.Deadline(LATE_RULE, last, "day"), until=day,
                                            rate=late_rate / 100, cap=amount)
                late, days, last = late + s.amount, days + s.days, day
            unpaid -= part
    capped = late >= amount
    return Balance(amount, min(late, amount), days, capped, sum((p for _d, p in paid_parts), Decimal(0)))
