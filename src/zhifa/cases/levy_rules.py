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


class LevyKind(models.TextChoices):
    EXPROPRIATE = "expropriate", "征收"
    REQUISITION = "requisition", "征用"
    CHARGE = "charge", "收费"


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
        base = f"{self.base_label} {_number(self.base)}{self.base_unit}"
        per = "%" if self.rate_unit == RateUnit.PERCENT else f"元/{self.base_unit}"
        rate = f"{_number(self.rate)}{per}"
        return f"{base} × {rate} = {self.amount:,.2f}元"


def _number(value: Decimal) -> str:
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
