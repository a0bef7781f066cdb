"""Snapshot entries as tables a person reads: a few columns per kind of list, every field in the details.

The draft page, a version's page and the public pages all render entries through here, from the same
snapshot shape, so what an editor sees before publishing is what the public reads after.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zhifa.catalog.models import ListKind
from zhifa.catalog.snapshot import FIELDS, _yuan, display

COLUMNS: dict[str, list[tuple[str, str]]] = {
    ListKind.SUBJECTS: [("name", "名称"), ("level", "类别"), ("principal", "主要负责人"), ("phone", "电话"),
                        ("address", "地址")],
    ListKind.ITEMS: [("code", "编码"), ("name", "事项名称"), ("action_kind", "行为类别"),
                     ("handling_unit", "承办机构"), ("basis", "法律依据"), ("time_limit", "办理时限"),
                     ("discretion_count", "裁量基准")],
    ListKind.RANDOM: [("code", "编码"), ("name", "抽查事项"), ("subject_unit", "抽查主体"), ("objects", "抽查对象"),
                      ("ratio", "比例（%）"), ("method", "抽查方式"), ("frequency", "抽查频次")],
    ListKind.AV: [("code", "事项编码"), ("item_name", "执法事项"), ("stages", "需音像记录的环节"),
                  ("full_process", "全过程"), ("basis", "依据")],
    ListKind.REVIEW: [("code", "编码"), ("name", "审核标准"), ("conditions", "适用条件"), ("basis", "依据")],
}


def criterion_text(entry: dict[str, Any]) -> str:
    """The conditions of a review criterion in one line: “行政处罚；罚款≥100,000元（以上，含本数）”."""
    if entry.get("manual"):
        return "由审核人员人工判断"
    parts = []
    if entry.get("action_kinds"):
        parts.append(display("action_kinds", entry["action_kinds"]))
    if entry.get("domains"):
        parts.append(f"领域：{display('domains', entry['domains'])}")
    sign, words = ("≥", "以上，含本数") if entry.get("inclusive", True) else (">", "超过，不含本数")
    if entry.get("min_fine") is not None:
        parts.append(f"罚款{sign}{_yuan(entry['min_fine'])}元（{words}）")
    if entry.get("min_confiscated") is not None:
        parts.append(f"没收金额{sign}{_yuan(entry['min_confiscated'])}元（{words}）")
    if entry.get("measures"):
        parts.append(f"措施：{display('measures', entry['measures'])}")
    for flag, label in (("after_hearing", "经过听证"), ("several_legal_relations", "涉及多个法律关系"),
                        ("public_interest", "涉及重大公共利益"), ("major_rights", "关系重大权益")):
        if entry.get(flag):
            parts.append(label)
    return "；".join(parts) or "—"


def _cell(kind: str, key: str, entry: dict[str, Any]) -> str:
    if key == "discretion_count":
        n = len(entry.get("discretion") or [])
        return f"{n}档" if n else "—"
    if key == "conditions":
        return criterion_text(entry)
    if key == "ratio" and entry.get("ratio") is not None:
        return format(Decimal(entry["ratio"]).normalize(), "f")
    return display(key, entry.get(key))


def table(kind: str, entries: list[dict[str, Any]], links: dict[str, str] | None = None) -> dict[str, Any]:
    """{"headers": [...], "rows": [{"key", "link", "cells": [(label, text)], "details": [(label, text)]}]}."""
    columns = COLUMNS[kind]
    rows = []
    for entry in entries:
        rows.append({
            "key": entry["key"], "title": entry.get("title", entry["key"]),
            "link": (links or {}).get(entry["key"]),
            "cells": [(label, _cell(kind, key, entry)) for key, label in columns],
            "details": [(label, display(key, entry.get(key))) for key, label in FIELDS[kind]
                        if key not in ("discretion",)],
            "discretion": entry.get("discretion") or [],
        })
    return {"headers": [label for _, label in columns], "rows": rows}
