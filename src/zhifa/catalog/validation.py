"""The rules an entry of a list, or a level of a discretion standard, must meet — one place, used by the
write functions for a single entry and by the spreadsheet import for thousands.

Each ``clean_*`` takes typed values (what a form or a parsed spreadsheet row gives) and returns the model's
field values, or raises ``RuleViolation`` naming the field (by the same key the form and the sheet use) and
the rule. ``Context`` holds what the rules look things up in, loaded once.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from zhifa.agencies.models import ActionKind, Agency, Domain
from zhifa.catalog.discretion import format_conditions, overlapping, parse_conditions
from zhifa.catalog.models import (
    ALL_ITEMS,
    AVStage,
    Circumstance,
    EnforcementItem,
    ListKind,
    Measure,
    RangeUnit,
)
from zhifa.core.errors import RuleViolation

if TYPE_CHECKING:
    from collections.abc import Callable

    from zhifa.catalog.models import Article

CODE = re.compile(r"^[\w\-.]+$")
MAX_AMOUNT = Decimal("999999999999.99")


class Context:
    """What the rules of one agency's lists look things up in."""

    def __init__(self, agency: Agency) -> None:
        if not agency.level.is_agency:
            raise RuleViolation(f"“{agency.name}”不是执法主体：清单按执法主体（机关）编制", rule="GEN-05")
        self.agency = agency
        self.units = {n.pk: n for n in Agency.objects.filter(path__startswith=agency.path, level__is_region=False)
                      .select_related("level").order_by("path")}
        self.domains = {d.code: d for d in Domain.objects.all()}
        self._items: dict[str, tuple[str, str]] | None = None

    @property
    def items(self) -> dict[str, tuple[str, str]]:
        """Code → (name, kind of action) of the agency's draft enforcement items."""
        if self._items is None:
            self._items = {code: (name, kind) for code, name, kind in EnforcementItem.objects.filter(
                list__agency=self.agency, list__kind=ListKind.ITEMS).values_list("code", "name", "action_kind")}
        return self._items

    def unit_named(self, text: str) -> Agency:
        """A node of the agency's subtree by name, or “上级/下级” when names repeat."""
        parts = [p for p in re.split(r"\s*[/／]\s*", text.strip()) if p]
        if not parts:
            raise ValueError("不能为空")
        found = []
        for node in self.units.values():
            if node.name != parts[-1]:
                continue
            chain = [int(p) for p in node.path.strip("/").split("/")]
            names = [self.units[p].name for p in chain if p in self.units]
            if names[-len(parts):] == parts:
                found.append(node)
        if not found:
            raise ValueError(f"“{text}”不是{self.agency.name}或其内设机构")
        if len(found) > 1:
            raise ValueError(f"“{text}”不唯一，请写成“上级/下级”的形式")
        return found[0]


def _text(values: dict[str, Any], key: str, label: str, *, required: bool = False, max_length: int = 0) -> str:
    value = values.get(key)
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise RuleViolation(f"{label}不能为空", field=key)
    if max_length and len(text) > max_length:
        raise RuleViolation(f"{label}不能超过{max_length}个字（现为{len(text)}个）", field=key)
    return text


def clean_code(values: dict[str, Any]) -> str:
    code = _text(values, "code", "编码", required=True, max_length=40)
    if not CODE.match(code):
        raise RuleViolation(f"编码“{code}”只能由字母、数字、汉字和“-”“_”“.”组成", field="code")
    return code


def _amount(values: dict[str, Any], key: str, label: str, *, required: bool = False) -> Decimal | None:
    value = values.get(key)
    if value is None or value == "":
        if required:
            raise RuleViolation(f"{label}不能为空", field=key)
        return None
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value).replace(",", ""))
        except ArithmeticError:
            raise RuleViolation(f"{label}应为数值", field=key) from None
    if not value.is_finite():
        raise RuleViolation(f"{label}应为数值", field=key)
    if value < 0:
        raise RuleViolation(f"{label}不得为负数（现为{value}）", field=key, rule="GEN-08")
    if value > MAX_AMOUNT:
        raise RuleViolation(f"{label}过大", field=key)
    if value != value.quantize(Decimal("0.01")):
        raise RuleViolation(f"{label}最多两位小数", field=key)
    return value


def check_articles(articles: list[Article], label: str, *, required: bool) -> list[Article]:
    if required and not articles:
        raise RuleViolation(f"{label}必须引用至少一条法律依据（条文），不能只写文字", field="articles",
                            rule="GEN-05")
    return articles


def _unit(ctx: Context, values: dict[str, Any], key: str, label: str) -> Agency:
    unit = values.get(key)
    if not isinstance(unit, Agency) or unit.pk not in ctx.units:
        raise RuleViolation(f"{label}应为{ctx.agency.name}或其内设机构", field=key)
    return unit


# ---------------------------------------------------------------- entries of each list


ITEM_TEXTS = (("conditions", "受理条件", 0), ("materials", "申请材料", 0), ("process", "办理流程", 0),
              ("time_limit", "办理时限", 200), ("fees", "收费标准", 200), ("supervision_phone", "监督投诉电话", 100),
              ("accountability", "责任追究", 0), ("remedy", "救济渠道", 0), ("office_hours", "办公时间", 200),
              ("address", "办公地址", 200), ("phone", "咨询电话", 100), ("guide_notes", "服务指南补充说明", 0))


def clean_item(ctx: Context, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"code": clean_code(values),
                           "name": _text(values, "name", "事项名称", required=True, max_length=200)}
    kind = values.get("action_kind")
    if kind not in ActionKind.values:
        raise RuleViolation(f"未知的行为类别：{kind}，可选：{'、'.join(ActionKind.labels)}", field="action_kind",
                            rule="GEN-02")
    out["action_kind"] = kind
    domain = values.get("domain")
    if domain is not None and not isinstance(domain, Domain):
        raise RuleViolation("未知的执法领域", field="domain")
    out["domain"] = domain
    out["handling_unit"] = _unit(ctx, values, "handling_unit", "承办机构")
    for key, label, max_length in ITEM_TEXTS:
        out[key] = _text(values, key, label, max_length=max_length)
    return out


def clean_random(ctx: Context, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"code": clean_code(values),
                           "name": _text(values, "name", "抽查事项", required=True, max_length=200)}
    item_code = _text(values, "item_code", "对应执法事项编码", max_length=40)
    if item_code and item_code not in ctx.items:
        raise RuleViolation(f"行政执法事项清单中没有编码为“{item_code}”的事项", field="item_code", rule="GEN-05")
    out["item_code"] = item_code
    out["subject_unit"] = _unit(ctx, values, "subject_unit", "抽查主体")
    out["objects_text"] = _text(values, "objects_text", "抽查对象", required=True)
    out["content"] = _text(values, "content", "抽查内容", required=True)
    ratio = _amount(values, "ratio", "抽查比例", required=True)
    if ratio is None or not 0 < ratio <= 100:
        raise RuleViolation(f"抽查比例应大于0%且不超过100%（现为{ratio}%）", field="ratio", rule="RND-01")
    out["ratio"] = ratio
    out["method"] = _text(values, "method", "抽查方式", required=True, max_length=200)
    out["frequency"] = _text(values, "frequency", "抽查频次", required=True, max_length=100)
    return out


def clean_av(ctx: Context, values: dict[str, Any]) -> dict[str, Any]:
    code = _text(values, "code", "执法事项", required=True, max_length=40)
    if code != ALL_ITEMS and code not in ctx.items:
        raise RuleViolation(f"行政执法事项清单中没有编码为“{code}”的事项（“{ALL_ITEMS}”表示全部事项）", field="code",
                            rule="REC-18")
    stages = list(dict.fromkeys(values.get("stages") or []))
    unknown = [s for s in stages if s not in AVStage.values]
    if unknown:
        raise RuleViolation(f"未知的执法环节：{'、'.join(unknown)}，可选：{'、'.join(AVStage.labels)}",
                            field="stages", rule="REC-18")
    full = bool(values.get("full_process"))
    if not stages and not full:
        raise RuleViolation("请至少选择一个需音像记录的环节，或选择全过程音像记录", field="stages", rule="REC-18")
    return {"code": code, "stages": [s for s in AVStage.values if s in stages], "full_process": full,
            "note": _text(values, "note", "说明")}


REVIEW_FLAGS = ("after_hearing", "several_legal_relations", "public_interest", "major_rights")


def clean_review(ctx: Context, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"code": clean_code(values),
                           "name": _text(values, "name", "审核标准", required=True, max_length=300)}
    kinds = list(dict.fromkeys(values.get("action_kinds") or []))
    if any(k not in ActionKind.values for k in kinds):
        raise RuleViolation(f"未知的行为类别，可选：{'、'.join(ActionKind.labels)}", field="action_kinds",
                            rule="GEN-02")
    out["action_kinds"] = [k for k in ActionKind.values if k in kinds]
    domains = list(dict.fromkeys(values.get("domains") or []))
    if any(d not in ctx.domains for d in domains):
        raise RuleViolation("未知的执法领域", field="domains")
    out["domains"] = sorted(domains)
    out["min_fine"] = _amount(values, "min_fine", "罚款数额门槛")
    out["min_confiscated"] = _amount(values, "min_confiscated", "没收金额门槛")
    out["inclusive"] = bool(values.get("inclusive", True))
    measures = list(dict.fromkeys(values.get("measures") or []))
    if any(m not in Measure.values for m in measures):
        raise RuleViolation(f"未知的处理措施，可选：{'、'.join(Measure.labels)}", field="measures", rule="REV-02")
    out["measures"] = [m for m in Measure.values if m in measures]
    for flag in REVIEW_FLAGS:
        out[flag] = bool(values.get(flag))
    out["manual"] = bool(values.get("manual"))
    out["note"] = _text(values, "note", "说明")
    automatic = (out["action_kinds"] or out["domains"] or out["min_fine"] is not None
                 or out["min_confiscated"] is not None or out["measures"] or any(out[f] for f in REVIEW_FLAGS))
    if out["manual"] and automatic:
        raise RuleViolation("人工判断的标准不设自动条件：请取消“由审核人员人工判断”或清空条件", field="manual",
                            rule="REV-02")
    if not out["manual"] and not automatic:
        raise RuleViolation("审核标准至少设定一个条件（行为类别、领域、金额、措施或情形），"
                            "或标为“由审核人员人工判断”", field="name", rule="REV-02")
    return out


CLEANERS: dict[str, Callable[[Context, dict[str, Any]], dict[str, Any]]] = {
    ListKind.ITEMS: clean_item, ListKind.RANDOM: clean_random, ListKind.AV: clean_av, ListKind.REVIEW: clean_review}
ARTICLES_REQUIRED: dict[str, bool] = {
    ListKind.ITEMS: True, ListKind.RANDOM: True, ListKind.AV: False, ListKind.REVIEW: False}


# ---------------------------------------------------------------- discretion levels


NO_FINE_LEVELS = (Circumstance.NONE, Circumstance.FIRST_OFFENCE)


def clean_level(action_kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """A level of a penalty item's discretion standard (GEN-08)."""
    if action_kind != ActionKind.PUNISHMENT:
        raise RuleViolation("裁量基准只适用于行政处罚事项", field="level", rule="GEN-08")
    level = values.get("level")
    if level not in Circumstance.values:
        raise RuleViolation(f"未知的情节：{level}，可选：{'、'.join(Circumstance.labels)}", field="level",
                            rule="GEN-08")
    unit = values.get("unit") or RangeUnit.NONE
    if unit not in RangeUnit.values:
        raise RuleViolation(f"未知的裁量单位：{unit}，可选：{'、'.join(RangeUnit.labels)}", field="unit")
    low = _amount(values, "low", "下限")
    high = _amount(values, "high", "上限")
    if level in NO_FINE_LEVELS and unit != RangeUnit.NONE:
        raise RuleViolation(f"“{Circumstance(level).label}”不设罚款幅度，裁量单位应为“不罚款”", field="unit",
                            rule="行政处罚法 第33条")
    if unit == RangeUnit.NONE:
        if low is not None or high is not None:
            raise RuleViolation("裁量单位为“不罚款”时不填写上下限", field="low", rule="GEN-08")
    else:
        if low is None or high is None:
            raise RuleViolation("请填写罚款幅度的下限和上限", field="low" if low is None else "high", rule="GEN-08")
        if high < low:
            raise RuleViolation(f"上限（{high}）小于下限（{low}）", field="high", rule="GEN-08")
        if unit in (RangeUnit.PCT_LAND, RangeUnit.PCT_BUILDING) and high > 100:
            raise RuleViolation("百分比不能超过100", field="high", rule="GEN-08")
    text = _text(values, "conditions_text", "适用条件")
    try:
        conditions = parse_conditions(text)
    except ValueError as e:
        raise RuleViolation(str(e), field="conditions_text", rule="GEN-08") from None
    return {"level": level, "unit": unit, "low": low, "high": high, "conditions": conditions,
            "conditions_text": format_conditions(conditions),
            "other_penalties": _text(values, "other_penalties", "其他处罚"), "note": _text(values, "note", "说明")}


def range_conflict(levels: list[tuple[str, dict[str, Any]]]) -> tuple[str, str] | None:
    """The first two rows of different circumstance levels (by their names) whose ranges in the same unit overlap.

    Rows of one level are alternatives (从重 for a repeat offence, or for obstruction) and may share a range; the
    ranges of different levels may touch (100–400 and 400–700) but not overlap.
    """
    ranged = [(name, v) for name, v in levels if v["unit"] != RangeUnit.NONE]
    for i, (name_a, a) in enumerate(ranged):
        for name_b, b in ranged[i + 1:]:
            if a["level"] != b["level"] and a["unit"] == b["unit"] \
                    and overlapping((a["low"], a["high"]), (b["low"], b["high"])):
                return name_a, name_b
    return None


def describe_level(values: dict[str, Any]) -> str:
    from zhifa.catalog.snapshot import range_text

    low, high = values.get("low"), values.get("high")
    text = range_text({"unit": values["unit"], "low": None if low is None else str(low),
                       "high": None if high is None else str(high)})
    return f"“{Circumstance(values['level']).label}”（{text}）"
