"""A list's content as data: the draft turned into the snapshot a version freezes, and the difference between two.

The content of every list has one shape::

    {"schema": 1, "kind": "items", "agency": {"id": 7, "name": "…", "uscc": "…"},
     "settings": {...}, "entries": [{"key": "…", "title": "…", ...}, ...]}

``key`` identifies an entry across versions (an item's code; an agency node's id in the subjects list), so the
difference between two versions is computed entry by entry. Values are JSON types only — amounts are decimal
strings, dates ISO strings — and the bytes that are hashed are the ledger's canonical JSON
(``zhifa.ledger.canonical``), so a version's digest can be recomputed by anyone from its content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from zhifa.agencies.models import ActionKind, Agency, Domain
from zhifa.catalog.models import (
    ALL_ITEMS,
    Article,
    AVRequirement,
    AVStage,
    Circumstance,
    DiscretionLevel,
    EnforcementItem,
    List,
    ListKind,
    Measure,
    RandomCheckItem,
    RangeUnit,
    ReviewCriterion,
)
from zhifa.ledger.canonical import canonical_json, canonical_text
from zhifa.ledger.digest import sm3

SCHEMA = 1

# (key, label) of each kind's entries, in display order; the diff names fields by these labels.
FIELDS: dict[str, list[tuple[str, str]]] = {
    ListKind.SUBJECTS: [
        ("name", "名称"), ("level", "类别"), ("parent", "上级"), ("uscc", "统一社会信用代码"),
        ("principal", "主要负责人"), ("duties", "职责"), ("jurisdiction", "管辖范围"), ("domains", "执法领域"),
        ("address", "地址"), ("phone", "电话")],
    ListKind.ITEMS: [
        ("code", "编码"), ("name", "事项名称"), ("action_kind", "行为类别"), ("domain", "执法领域"),
        ("handling_unit", "承办机构"), ("basis", "法律依据"), ("conditions", "受理条件"), ("materials", "申请材料"),
        ("process", "办理流程"), ("time_limit", "办理时限"), ("fees", "收费标准"),
        ("supervision_phone", "监督投诉电话"), ("accountability", "责任追究"), ("remedy", "救济渠道"),
        ("office_hours", "办公时间"), ("address", "办公地址"), ("phone", "咨询电话"),
        ("guide_notes", "服务指南补充说明"), ("discretion", "裁量基准")],
    ListKind.RANDOM: [
        ("code", "编码"), ("name", "抽查事项"), ("item_code", "对应执法事项"), ("subject_unit", "抽查主体"),
        ("basis", "抽查依据"), ("objects", "抽查对象"), ("content", "抽查内容"), ("ratio", "抽查比例（%）"),
        ("method", "抽查方式"), ("frequency", "抽查频次")],
    ListKind.AV: [
        ("code", "执法事项编码"), ("item_name", "执法事项"), ("stages", "需音像记录的环节"),
        ("full_process", "全过程音像记录"), ("basis", "依据"), ("note", "说明")],
    ListKind.REVIEW: [
        ("code", "编码"), ("name", "审核标准"), ("action_kinds", "行为类别"), ("domains", "执法领域"),
        ("min_fine", "罚款数额达到（元）"), ("min_confiscated", "没收金额达到（元）"), ("inclusive", "含本数"),
        ("measures", "处理措施"), ("after_hearing", "经过听证"), ("several_legal_relations", "涉及多个法律关系"),
        ("public_interest", "涉及重大公共利益"), ("major_rights", "关系重大权益"), ("manual", "人工判断"),
        ("basis", "依据"), ("note", "说明")],
}
SETTINGS_LABELS = {"review_all_non_simple": "简易程序以外的执法决定一律法制审核"}


def amount(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def article_ref(article: Article) -> dict[str, Any]:
    return {"id": article.pk, "cite": article.citation, "text": article.text, "summary": article.is_summary}


def _basis(articles) -> list[dict[str, Any]]:
    return [article_ref(a) for a in sorted(articles, key=lambda a: (a.document.cite_name, a.seq))]


_ARTICLES = Prefetch("articles", queryset=Article.objects.select_related("document"))


# ---------------------------------------------------------------- entries from draft rows


def discretion_entry(level: DiscretionLevel) -> dict[str, Any]:
    return {"level": level.level, "conditions": level.conditions, "conditions_text": level.conditions_text,
            "unit": level.unit, "low": amount(level.low), "high": amount(level.high),
            "other_penalties": level.other_penalties, "basis": _basis(level.articles.all()), "note": level.note}


def item_entry(item: EnforcementItem) -> dict[str, Any]:
    return {
        "key": item.code, "title": item.name, "code": item.code, "name": item.name,
        "action_kind": item.action_kind, "domain": item.domain.code if item.domain else None,
        "handling_unit": item.handling_unit.name, "basis": _basis(item.articles.all()),
        **{f: getattr(item, f) for f in ("conditions", "materials", "process", "time_limit", "fees",
                                         "supervision_phone", "accountability", "remedy", "office_hours",
                                         "address", "phone", "guide_notes")},
        "discretion": [discretion_entry(level) for level in item.discretion.all()],
    }


def random_entry(row: RandomCheckItem) -> dict[str, Any]:
    return {"key": row.code, "title": row.name, "code": row.code, "name": row.name, "item_code": row.item_code,
            "subject_unit": row.subject_unit.name, "basis": _basis(row.articles.all()),
            "objects": row.objects_text, "content": row.content, "ratio": amount(row.ratio), "method": row.method,
            "frequency": row.frequency}


def av_entry(row: AVRequirement, item_names: dict[str, str]) -> dict[str, Any]:
    name = "本机关全部执法事项" if row.code == ALL_ITEMS else item_names.get(row.code, "（执法事项清单中无此编码）")
    return {"key": row.code, "title": name, "code": row.code, "item_name": name,
            "stages": [s for s in AVStage.values if s in row.stages], "full_process": row.full_process,
            "basis": _basis(row.articles.all()), "note": row.note}


def review_entry(row: ReviewCriterion) -> dict[str, Any]:
    return {"key": row.code, "title": row.name, "code": row.code, "name": row.name,
            "action_kinds": [k for k in ActionKind.values if k in row.action_kinds],
            "domains": sorted(row.domains), "min_fine": amount(row.min_fine),
            "min_confiscated": amount(row.min_confiscated), "inclusive": row.inclusive,
            "measures": [m for m in Measure.values if m in row.measures], "after_hearing": row.after_hearing,
            "several_legal_relations": row.several_legal_relations, "public_interest": row.public_interest,
            "major_rights": row.major_rights, "manual": row.manual, "basis": _basis(row.articles.all()),
            "note": row.note}


def subject_entries(agency: Agency) -> list[dict[str, Any]]:
    """The 执法主体 and its internal units with their principals, drawn from the agency tree (not typed twice)."""
    nodes = list(Agency.objects.filter(path__startswith=agency.path, level__is_region=False)
                 .select_related("level", "principal", "parent").prefetch_related("domains").order_by("path"))
    return [{"key": str(n.pk), "title": n.name, "name": n.name, "level": n.level.name,
             "parent": n.parent.name if n.parent and n.pk != agency.pk else "",
             "uscc": n.uscc, "principal": n.principal.name if n.principal else "", "duties": n.duties,
             "jurisdiction": n.jurisdiction, "domains": sorted(d.name for d in n.domains.all()),
             "address": n.address, "phone": n.phone} for n in nodes]


def items_of(lst: List):
    return (EnforcementItem.objects.filter(list=lst).select_related("domain", "handling_unit")
            .prefetch_related(_ARTICLES, Prefetch("discretion", queryset=DiscretionLevel.objects.prefetch_related(
                _ARTICLES))))


def item_names(agency: Agency) -> dict[str, str]:
    """Code → name of the agency's draft enforcement items."""
    return dict(EnforcementItem.objects.filter(list__agency=agency, list__kind=ListKind.ITEMS)
                .values_list("code", "name"))


def draft_entries(lst: List) -> list[dict[str, Any]]:
    kind = lst.kind
    if kind == ListKind.SUBJECTS:
        return subject_entries(lst.agency)
    if kind == ListKind.ITEMS:
        return [item_entry(i) for i in items_of(lst)]
    if kind == ListKind.RANDOM:
        rows = RandomCheckItem.objects.filter(list=lst).select_related("subject_unit").prefetch_related(_ARTICLES)
        return [random_entry(r) for r in rows]
    if kind == ListKind.AV:
        names = item_names(lst.agency)
        return [av_entry(r, names) for r in AVRequirement.objects.filter(list=lst).prefetch_related(_ARTICLES)]
    if kind == ListKind.REVIEW:
        return [review_entry(r) for r in ReviewCriterion.objects.filter(list=lst).prefetch_related(_ARTICLES)]
    raise ValueError(kind)


def list_settings(lst: List) -> dict[str, Any]:
    if lst.kind == ListKind.REVIEW:
        return {"review_all_non_simple": lst.review_all_non_simple}
    return {}


def draft_content(lst: List) -> dict[str, Any]:
    """The content a version of ``lst`` would freeze if it were published now."""
    agency = lst.agency
    return {"schema": SCHEMA, "kind": lst.kind, "agency": {"id": agency.pk, "name": agency.name, "uscc": agency.uscc},
            "settings": list_settings(lst), "entries": draft_entries(lst)}


def encode(content: dict[str, Any]) -> tuple[str, str]:
    """(canonical JSON text, its SM3 digest in hex)."""
    return canonical_text(content), sm3(canonical_json(content))


# ---------------------------------------------------------------- showing values


_DOMAIN_NAMES: dict[str, str] = {}


def _domain_name(code: str) -> str:
    if code not in _DOMAIN_NAMES:
        _DOMAIN_NAMES.update(Domain.objects.values_list("code", "name"))
    return _DOMAIN_NAMES.get(code, code)


def _yuan(value: str | None) -> str:
    if value is None:
        return "—"
    d = Decimal(value)
    return f"{d:,.2f}".rstrip("0").rstrip(".") if d != d.to_integral() else f"{d:,.0f}"


def range_text(level: dict[str, Any]) -> str:
    """“100–400 元/平方米”, “违法所得的 1–3 倍”, or “不罚款”."""
    unit = level.get("unit")
    if unit == RangeUnit.NONE or (level.get("low") is None and level.get("high") is None):
        return "不罚款"
    low, high = _yuan(level.get("low")), _yuan(level.get("high"))
    span = low if low == high else f"{low}–{high}"
    if unit == RangeUnit.GAINS_MULTIPLE:
        return f"违法所得的 {span} 倍"
    if unit == RangeUnit.PCT_LAND:
        return f"土地价值的 {span}%"
    if unit == RangeUnit.PCT_BUILDING:
        return f"建设工程造价的 {span}%"
    return f"{span} {RangeUnit(str(unit)).label}"


def discretion_text(levels: list[dict[str, Any]]) -> str:
    parts = []
    for level in levels:
        text = f"{Circumstance(level['level']).label}：{range_text(level)}"
        if level.get("conditions_text"):
            text += f"（{level['conditions_text']}）"
        if level.get("other_penalties"):
            text += f"，{level['other_penalties']}"
        parts.append(text)
    return "；".join(parts)


def display(field_key: str, value: Any) -> str:
    """A value of a snapshot entry as a person reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if field_key == "basis":
        return "；".join(ref["cite"] for ref in value)
    if field_key == "action_kind":
        return ActionKind(value).label if value in ActionKind.values else value
    if field_key == "action_kinds":
        return "、".join(ActionKind(v).label for v in value if v in ActionKind.values)
    if field_key == "domain":
        return _domain_name(value)
    if field_key == "domains" and value and isinstance(value[0], str):
        return "、".join(_domain_name(v) for v in value)
    if field_key == "stages":
        return "、".join(AVStage(v).label for v in value if v in AVStage.values)
    if field_key == "measures":
        return "、".join(Measure(v).label for v in value if v in Measure.values)
    if field_key in ("min_fine", "min_confiscated"):
        return _yuan(value)
    if field_key == "discretion":
        return discretion_text(value)
    if field_key == "code" and value == ALL_ITEMS:
        return "全部事项"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def rows_for_display(kind: str, entries: list[dict[str, Any]]) -> list[list[tuple[str, str]]]:
    return [[(label, display(key, e.get(key))) for key, label in FIELDS[kind]] for e in entries]


# ---------------------------------------------------------------- the difference between two contents


@dataclass
class FieldChange:
    key: str
    label: str
    old: str
    new: str


@dataclass
class EntryChange:
    key: str
    title: str
    changes: list[FieldChange]


@dataclass
class ListDiff:
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[EntryChange] = field(default_factory=list)
    settings: list[FieldChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.settings)

    @property
    def summary(self) -> str:
        if self.empty:
            return "无变化"
        parts = [f"新增{len(self.added)}项" if self.added else "", f"删除{len(self.removed)}项" if self.removed else "",
                 f"修改{len(self.changed)}项" if self.changed else "", "设置有变化" if self.settings else ""]
        return "，".join(p for p in parts if p)


def diff(old: dict[str, Any] | None, new: dict[str, Any]) -> ListDiff:
    """Entry by entry: what ``new`` added, removed and changed (field by field) relative to ``old``."""
    kind = new["kind"]
    labels = FIELDS[kind]
    before = {e["key"]: e for e in (old or {}).get("entries", [])}
    after = {e["key"]: e for e in new["entries"]}
    result = ListDiff()
    result.added = [e for k, e in after.items() if k not in before]
    result.removed = [e for k, e in before.items() if k not in after]
    for key, entry in after.items():
        if key not in before:
            continue
        changes = [FieldChange(f, label, display(f, before[key].get(f)), display(f, entry.get(f)))
                   for f, label in labels if canonical_json(before[key].get(f)) != canonical_json(entry.get(f))]
        if changes:
            result.changed.append(EntryChange(key, entry.get("title", key), changes))
    old_settings = (old or {}).get("settings", {})
    for key, value in new.get("settings", {}).items():
        if old_settings.get(key) != value:
            result.settings.append(FieldChange(key, SETTINGS_LABELS.get(key, key), display(key, old_settings.get(key)),
                                               display(key, value)))
    return result
