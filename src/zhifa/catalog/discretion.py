"""Discretion standards (行政处罚自由裁量基准, GEN-08): the facts a level's conditions speak of, the conditions as
data, and ``discretion_range`` — from the facts of a case, the applicable range and why.

A level's conditions are a list of ``{"fact": key, "op": op, "value": v}``; a person writes and reads them as
text, one condition per “；”::

    初次违法；危害后果轻微；及时改正        每个都须为“是”
    非再次违法                              须为“否”
    面积≥1000                               数值比较：≥ > ≤ <（“以上”含本数，民法典 第1259条）
    土地类型=耕地、永久基本农田             取其一

Levels are tried in a fixed order — 不予处罚, 首违不罚, 减轻, 从轻, 从重, 一般 — and the first whose conditions
all hold applies: the statutory grounds for not punishing (行政处罚法 第33条) and for mitigation (第32条, which
the law makes mandatory, “应当”) come before aggravation, and 一般 (usually without conditions) is the rest.
Within a level, rows are tried in their order, so a standard may split a level by land type or area.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from zhifa.catalog.models import Circumstance, RangeUnit

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    kind: str  # "bool", "number" or "choice"
    unit: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""


FACTS: tuple[Fact, ...] = (
    Fact("minor_violation", "违法行为轻微", "bool"),
    Fact("first_offence", "初次违法", "bool"),
    Fact("minor_harm", "危害后果轻微", "bool"),
    Fact("no_harm", "没有造成危害后果", "bool"),
    Fact("corrected", "及时改正", "bool"),
    Fact("no_fault", "有证据足以证明没有主观过错", "bool"),
    Fact("eliminated_harm", "主动消除或者减轻违法行为危害后果", "bool"),
    Fact("coerced", "受他人胁迫或者诱骗实施违法行为", "bool"),
    Fact("meritorious", "配合行政机关查处违法行为有立功表现", "bool"),
    Fact("repeat", "再次违法", "bool", help="曾因同类违法行为受过行政处罚"),
    Fact("obstructed", "阻碍、抗拒执法", "bool"),
    Fact("area", "面积", "number", "平方米"),
    Fact("illegal_gains", "违法所得", "number", "元"),
    Fact("land_value", "土地价值", "number", "元"),
    Fact("building_cost", "建设工程造价", "number", "元"),
    Fact("land_type", "土地类型", "choice",
         choices=(("basic_farmland", "永久基本农田"), ("cultivated", "耕地"), ("other", "其他土地"))),
)
FACT_BY_KEY = {f.key: f for f in FACTS}
FACT_BY_LABEL = {f.label: f for f in FACTS}

OPS = {"is": "=是", "not": "=否", "ge": "≥", "gt": ">", "le": "≤", "lt": "<", "in": "="}
_OP_TEXT = [("≥", "ge"), (">=", "ge"), ("＞", "gt"), (">", "gt"), ("≤", "le"), ("<=", "le"), ("＜", "lt"),
            ("<", "lt"), ("＝", "eq"), ("=", "eq")]
_SEPARATORS = re.compile(r"[；;\n]+")
_CHOICE_SEPARATORS = re.compile(r"[、,，/／]+")
PRECEDENCE = [Circumstance.NONE, Circumstance.FIRST_OFFENCE, Circumstance.MITIGATED, Circumstance.LIGHTER,
              Circumstance.HEAVIER, Circumstance.GENERAL]
FACT_FOR_UNIT: dict[str, str] = {RangeUnit.GAINS_MULTIPLE: "illegal_gains", RangeUnit.PER_SQM: "area",
                 RangeUnit.PCT_LAND: "land_value", RangeUnit.PCT_BUILDING: "building_cost"}


def _number(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise ValueError(f"“{text}”不是数值") from None
    if not value.is_finite():
        raise ValueError(f"“{text}”不是数值")
    # 1e999999999 is finite, but written out (as the canonical text is) it is a billion digits.
    if value and (value.adjusted() >= 15 or int(value.as_tuple().exponent) < -6):
        raise ValueError(f"“{text}”超出可用的范围（至多15位整数、6位小数）")
    return value


def parse_conditions(text: str) -> list[dict[str, Any]]:
    """The conditions written as text, as data. Raises ValueError naming the part it cannot read."""
    conditions: list[dict[str, Any]] = []
    for part in (p.strip() for p in _SEPARATORS.split(text or "")):
        if part:
            conditions.append(_parse_one(part))
    return conditions


def _parse_one(part: str) -> dict[str, Any]:
    for symbol, op in _OP_TEXT:
        if symbol in part:
            name, _, raw = part.partition(symbol)
            name, raw = name.strip(), raw.strip()
            fact = FACT_BY_LABEL.get(name)
            if fact is None:
                raise ValueError(f"条件“{part}”中的“{name}”不是可用的事实，可用：{'、'.join(FACT_BY_LABEL)}")
            if fact.kind == "bool":
                if op != "eq" or raw not in ("是", "否"):
                    raise ValueError(f"条件“{part}”：“{fact.label}”只能写“是”或“否”")
                return {"fact": fact.key, "op": "is" if raw == "是" else "not", "value": None}
            if fact.kind == "choice":
                labels = dict((label, key) for key, label in fact.choices)
                names = [n for n in _CHOICE_SEPARATORS.split(raw) if n]
                unknown = [n for n in names if n not in labels]
                if op != "eq" or not names or unknown:
                    raise ValueError(f"条件“{part}”：“{fact.label}”应写成“{fact.label}=耕地”等，可选："
                                     + "、".join(labels))
                return {"fact": fact.key, "op": "in", "value": [labels[n] for n in names]}
            if op == "eq":
                raise ValueError(f"条件“{part}”：数值条件请用 ≥、>、≤、< 比较")
            number = _number(raw.removesuffix(fact.unit).strip())
            if number < 0:
                raise ValueError(f"条件“{part}”：数值不得为负数")
            return {"fact": fact.key, "op": op, "value": format(number, "f")}
    negated = part.startswith("非") and part[1:] in FACT_BY_LABEL
    fact = FACT_BY_LABEL.get(part[1:] if negated else part)
    if fact is None or fact.kind != "bool":
        raise ValueError(f"无法识别条件“{part}”，应写成“初次违法”“非再次违法”“面积≥1000”“土地类型=耕地”等；"
                         f"可用的事实：{'、'.join(FACT_BY_LABEL)}")
    return {"fact": fact.key, "op": "not" if negated else "is", "value": None}


def condition_text(condition: dict[str, Any]) -> str:
    fact = FACT_BY_KEY[condition["fact"]]
    op = condition["op"]
    if op == "is":
        return fact.label
    if op == "not":
        return f"非{fact.label}"
    if op == "in":
        labels = dict(fact.choices)
        return f"{fact.label}={'、'.join(labels[v] for v in condition['value'])}"
    return f"{fact.label}{OPS[op]}{condition['value']}{fact.unit}"


def format_conditions(conditions: list[dict[str, Any]]) -> str:
    return "；".join(condition_text(c) for c in conditions)


# ---------------------------------------------------------------- evaluation


def _fact_value(fact: Fact, facts: dict[str, Any]) -> Any:
    value = facts.get(fact.key)
    if fact.kind == "bool":
        return bool(value)
    if fact.kind == "number" and value is not None and value != "":
        return value if isinstance(value, Decimal) else _number(str(value))
    return value or None


def holds(condition: dict[str, Any], facts: dict[str, Any]) -> tuple[bool, str]:
    """Whether one condition holds for the facts, and the sentence that says so."""
    fact = FACT_BY_KEY[condition["fact"]]
    value = _fact_value(fact, facts)
    op = condition["op"]
    if op in ("is", "not"):
        ok = value is (op == "is")
        return ok, f"{fact.label}：{'是' if value else '否'}"
    if op == "in":
        labels = dict(fact.choices)
        if value is None:
            return False, f"未填写{fact.label}"
        return value in condition["value"], f"{fact.label}：{labels.get(value, value)}"
    if value is None:
        return False, f"未填写{fact.label}"
    limit = Decimal(condition["value"])
    ok = {"ge": value >= limit, "gt": value > limit, "le": value <= limit, "lt": value < limit}[op]
    sign = OPS[op] if ok else {"ge": "<", "gt": "≤", "le": ">", "lt": "≥"}[op]
    return ok, f"{fact.label} {_plain(value)}{fact.unit} {sign} {_plain(limit)}{fact.unit}"


def _plain(value: Decimal) -> str:
    """1200 → “1,200”; 0.50 → “0.5”: a number as a person writes it."""
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class Range:
    """The range that applies: in its own unit, and in 元 when the facts allow the conversion."""

    level: str
    unit: str
    low: Decimal | None
    high: Decimal | None
    amount_low: Decimal | None
    amount_high: Decimal | None
    other_penalties: str
    basis: list[str] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return Circumstance(self.level).label

    @property
    def unit_label(self) -> str:
        return RangeUnit(self.unit).label

    @property
    def no_fine(self) -> bool:
        return self.unit == RangeUnit.NONE

    def contains(self, fine: Decimal) -> bool | None:
        """Whether a fine in 元 lies in the range (ends included); None when the range is not in 元 yet."""
        if self.no_fine:
            return fine == 0
        if self.amount_low is None or self.amount_high is None:
            return None
        return self.amount_low <= fine <= self.amount_high


def _convert(unit: str, low: Decimal | None, high: Decimal | None,
             facts: dict[str, Any]) -> tuple[Decimal | None, Decimal | None, str]:
    if unit == RangeUnit.NONE or low is None or high is None:
        return None, None, ""
    if unit == RangeUnit.YUAN:
        return low, high, ""
    fact = FACT_BY_KEY[FACT_FOR_UNIT[unit]]
    base = _fact_value(fact, facts)
    if base is None:
        return None, None, f"未填写{fact.label}，无法换算为罚款金额"
    scale = Decimal(100) if unit in (RangeUnit.PCT_LAND, RangeUnit.PCT_BUILDING) else Decimal(1)
    a = (base * low / scale).quantize(CENT, ROUND_HALF_UP)
    b = (base * high / scale).quantize(CENT, ROUND_HALF_UP)
    return a, b, (f"罚款金额：{fact.label} {_plain(base)}{fact.unit} × {_plain(low)}–{_plain(high)}"
                  f"{'%' if scale == 100 else ('倍' if unit == RangeUnit.GAINS_MULTIPLE else RangeUnit(unit).label)}"
                  f" = {_plain(a)}–{_plain(b)} 元")


def _decimal(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def discretion_range(item: dict[str, Any], facts: dict[str, Any]) -> tuple[Range | None, list[str]]:
    """From the facts of a case, the range of ``item``'s discretion standard that applies, and the reasons.

    ``item`` is an entry of an items-list snapshot (a published version's, or the draft's); ``facts`` maps the
    keys of ``FACTS`` to values (booleans, numbers, choice keys). Returns (None, reasons) when the item has no
    standard or no level applies.
    """
    levels = list(item.get("discretion") or [])
    name = item.get("name", item.get("code", ""))
    if not levels:
        return None, [f"“{name}”未制定裁量基准"]
    order = {level: i for i, level in enumerate(PRECEDENCE)}
    ranked = sorted(enumerate(levels), key=lambda p: (order.get(p[1]["level"], len(order)), p[0]))
    reasons: list[str] = []
    for _, level in ranked:
        label = Circumstance(level["level"]).label
        results = [holds(c, facts) for c in level.get("conditions") or []]
        failed = [text for ok, text in results if not ok]
        if failed:
            reasons.append(f"不适用“{label}”（{level.get('conditions_text') or ''}）：{'；'.join(failed)}")
            continue
        met = "；".join(text for _, text in results) or "无附加条件"
        reasons.append(f"适用“{label}”：{met}")
        unit = level.get("unit") or RangeUnit.NONE
        low, high = _decimal(level.get("low")), _decimal(level.get("high"))
        amount_low, amount_high, conversion = _convert(unit, low, high, facts)
        if conversion:
            reasons.append(conversion)
        basis = [ref["cite"] for ref in level.get("basis") or []]
        return Range(level["level"], unit, low, high, amount_low, amount_high, level.get("other_penalties", ""),
                     basis), reasons
    reasons.append("没有适用的情节：请核对事实，或补充该事项的裁量基准")
    return None, reasons


# ---------------------------------------------------------------- checks used when a standard is edited


def overlapping(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> bool:
    """Whether two ranges share more than an end: [100, 400] and [400, 700] touch and are allowed."""
    (a_low, a_high), (b_low, b_high) = a, b
    if max(a_low, b_low) < min(a_high, b_high):
        return True
    if a_low == a_high:
        return b_low < a_low < b_high or (b_low == b_high == a_low)
    if b_low == b_high:
        return a_low < b_low < a_high
    return False
