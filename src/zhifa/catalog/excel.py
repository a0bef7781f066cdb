"""Excel (xlsx) import and export of every list and of the discretion standards, with templates (GEN-05, GEN-08).

The approach of ``zhifa.agencies.excel``: the sheet must be laid out as the template (a wrong header is refused
before any row is read); every row is checked, with the same rules a single entry meets
(``zhifa.catalog.validation``) and citations resolved among the articles entered; if any row is wrong, nothing
is written and every error is listed with its row, its column and the rule. A clean file becomes the draft in
one write function (``actions.replace_entries`` / ``replace_discretion``), statements per batch rather than per
row. An import replaces the draft: entries are matched by code; those missing from the file are removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import openpyxl
from django.utils import timezone
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from zhifa.agencies.models import ActionKind, Agency, Domain
from zhifa.agencies.permissions import require
from zhifa.catalog import actions, validation
from zhifa.catalog.citations import ArticleIndex, CitationError, format_citations
from zhifa.catalog.discretion import FACTS
from zhifa.catalog.models import (
    ALL_ITEMS,
    AVStage,
    Circumstance,
    DiscretionLevel,
    ListKind,
    Measure,
    RangeUnit,
)
from zhifa.core.errors import RuleViolation
from zhifa.core.spreadsheet import (
    ImportRejected,
    Progress,
    RowError,
    append_row,
    each_row,
    excerpt,
    finish_notes,
    is_empty,
    read_rows,
    workbook_bytes,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DISCRETION = "discretion"
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
HELP_SHEET = "说明"
_LIST = re.compile(r"[、,，;；\s]+")


@dataclass(frozen=True)
class Column:
    key: str          # the key the rules name fields by
    header: str
    required: bool
    help: str
    parse: str = "text"   # how the cell is read: see _Reader
    width: int = 16


# The sheets: name, columns. Keys match the form fields and ``validation``'s field names.
SHEETS: dict[str, tuple[str, tuple[Column, ...]]] = {
    ListKind.ITEMS: ("行政执法事项清单", (
        Column("code", "事项编码", True, "本清单内唯一，如“ZR-CF-001”；再次导入时按编码对应。", width=14),
        Column("name", "事项名称", True, "如“对非法占用土地的行政处罚”。", width=30),
        Column("action_kind", "行为类别", True, "可选：" + "、".join(ActionKind.labels) + "。", "kind", 10),
        Column("domain", "执法领域", False, "执法领域名称，如“自然资源”。", "domain", 10),
        Column("handling_unit", "承办机构", True, "本机关或其内设机构的名称；重名时写“上级/下级”。", "unit", 16),
        Column("articles", "法律依据", True, "如“《土地管理法》第七十七条；《行政处罚法》第三十二条、第三十三条”；"
                                           "条文须已在“法律依据”中录入。", "articles", 36),
        Column("conditions", "受理条件", False, "依申请事项填写受理条件；依职权事项可写实施条件。", width=24),
        Column("materials", "申请材料", False, "", width=20),
        Column("process", "办理流程", False, "", width=24),
        Column("time_limit", "办理时限", False, "如“20个工作日”“立案之日起90日内”。", width=14),
        Column("fees", "收费标准", False, "如“不收费”。", width=10),
        Column("supervision_phone", "监督投诉电话", False, "", width=14),
        Column("accountability", "责任追究", False, "", width=20),
        Column("remedy", "救济渠道", False, "行政复议、行政诉讼的机关和期限。", width=24),
        Column("office_hours", "办公时间", False, "", width=18),
        Column("address", "办公地址", False, "", width=20),
        Column("phone", "咨询电话", False, "", width=14),
        Column("guide_notes", "服务指南补充说明", False, "服务指南中在上述各项之后显示的补充内容。", width=20),
    )),
    ListKind.RANDOM: ("随机抽查事项清单", (
        Column("code", "编码", True, "本清单内唯一。", width=12),
        Column("name", "抽查事项", True, "", width=28),
        Column("item_code", "对应执法事项编码", False, "行政执法事项清单中的事项编码，可不填。", width=14),
        Column("subject_unit", "抽查主体", True, "本机关或其内设机构的名称。", "unit", 16),
        Column("articles", "抽查依据", True, "写法同法律依据。", "articles", 32),
        Column("objects_text", "抽查对象", True, "", width=24),
        Column("content", "抽查内容", True, "", width=24),
        Column("ratio", "抽查比例（%）", True, "大于0、不超过100的数值，如“5”表示5%。", "decimal", 10),
        Column("method", "抽查方式", True, "", width=20),
        Column("frequency", "抽查频次", True, "如“每年不少于1次”。", width=14),
    )),
    ListKind.AV: ("音像记录事项清单", (
        Column("code", "执法事项编码", True, f"行政执法事项清单中的事项编码；“{ALL_ITEMS}”表示本机关全部执法事项。",
               width=14),
        Column("stages", "需音像记录的环节", False, "多个用顿号分隔，可选：" + "、".join(AVStage.labels) + "。",
               "stages", 36),
        Column("full_process", "全过程音像记录", False, "“是”或“否”（空为否）。", "bool", 10),
        Column("articles", "依据", False, "写法同法律依据，可不填。", "articles", 30),
        Column("note", "说明", False, "", width=24),
    )),
    ListKind.REVIEW: ("重大执法决定法制审核目录清单", (
        Column("code", "编码", True, "本清单内唯一。", width=10),
        Column("name", "审核标准", True, "如“罚款数额在10万元以上的行政处罚”。", width=32),
        Column("action_kinds", "行为类别", False, "不填为任何类别；多个用顿号分隔。", "kinds", 14),
        Column("domains", "执法领域", False, "不填为任何领域；多个用顿号分隔。", "domains", 12),
        Column("min_fine", "罚款数额达到（元）", False, "数值，单位元；不得为负数。", "decimal", 14),
        Column("min_confiscated", "没收金额达到（元）", False, "没收违法所得、非法财物的价值，单位元。", "decimal", 14),
        Column("inclusive", "含本数", False, "“是”（以上，含本数，默认）或“否”（超过，不含本数）。民法典第1259条。",
               "bool_default_true", 8),
        Column("measures", "处理措施", False, "任一即适用；可选：" + "、".join(Measure.labels) + "。", "measures", 20),
        Column("after_hearing", "经过听证", False, "“是”或“否”。", "bool", 8),
        Column("several_legal_relations", "涉及多个法律关系", False, "“是”或“否”。", "bool", 8),
        Column("public_interest", "涉及重大公共利益", False, "“是”或“否”。", "bool", 8),
        Column("major_rights", "关系重大权益", False, "“是”或“否”。", "bool", 8),
        Column("manual", "人工判断", False, "“是”：由审核人员人工判断，不设自动条件。", "bool", 8),
        Column("articles", "依据", False, "写法同法律依据，可不填。", "articles", 24),
        Column("note", "说明", False, "", width=20),
    )),
    DISCRETION: ("裁量基准", (
        Column("item", "事项编码", True, "行政执法事项清单中行政处罚事项的编码。", width=14),
        Column("level", "情节", True, "可选：" + "、".join(Circumstance.labels) + "。", "level", 10),
        Column("conditions_text", "适用条件", False, "每个条件用“；”分隔，如“初次违法；危害后果轻微；及时改正”"
                                                 "“面积≥1000”"
                                                 "“土地类型=耕地”。可用的事实：" + "、".join(f.label for f in FACTS),
               width=30),
        Column("unit", "裁量单位", True, "可选：" + "、".join(RangeUnit.labels) + "。", "range_unit", 14),
        Column("low", "下限", False, "数值；不罚款时不填。不同情节的幅度不得重叠，不得为负数。", "decimal", 10),
        Column("high", "上限", False, "数值，不小于下限。", "decimal", 10),
        Column("other_penalties", "其他处罚", False, "如“责令退还非法占用的土地，限期拆除新建的建筑物”。", width=28),
        Column("articles", "法律依据", True, "写法同上。", "articles", 30),
        Column("note", "说明", False, "", width=16),
    )),
}
FILENAMES = {ListKind.ITEMS: "行政执法事项清单", ListKind.RANDOM: "随机抽查事项清单", ListKind.AV: "音像记录事项清单",
             ListKind.REVIEW: "重大执法决定法制审核目录清单", DISCRETION: "裁量基准"}


# ---------------------------------------------------------------- reading a workbook


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def read_sheet(data: bytes, sheet_name: str, columns: tuple[Column, ...]) -> list[tuple[int, dict[str, Any]]]:
    """[(Excel row number, {key: raw value})] of the non-empty rows; RuleViolation when the file is unusable."""
    return read_rows(data, sheet=sheet_name, columns=columns, max_data_rows=MAX_ROWS)


def count_rows(kind: str, data: bytes) -> int:
    """How many data rows the file for ``kind`` has; RuleViolation, as the import would give, when unusable."""
    sheet, columns = SHEETS[kind]
    return len(read_sheet(data, sheet, columns))


# ---------------------------------------------------------------- reading cells


class _Reader:
    """Cell parsers, each raising ValueError with the Chinese sentence shown for that cell."""

    def __init__(self, ctx: validation.Context, index: ArticleIndex) -> None:
        self.ctx, self.index = ctx, index
        self.domains = {d.name: d for d in ctx.domains.values()}
        self.units: dict[str, Agency | str] = {}

    def __call__(self, column: Column, value: Any) -> Any:
        parser: Callable[[Any], Any] = getattr(self, f"p_{column.parse}")
        return parser(value)

    def p_text(self, value: Any) -> str:
        return _text(value)

    def _choice(self, value: Any, choices: type, what: str) -> str:
        text = _text(value)
        by_label = {c.label: c.value for c in choices} | {c.value: c.value for c in choices}  # type: ignore[attr-defined]
        if text not in by_label:
            raise ValueError(f"未知的{what}“{excerpt(text)}”，可选：{'、'.join(choices.labels)}")  # type: ignore[attr-defined]
        return by_label[text]

    def _choices(self, value: Any, choices: type, what: str) -> list[str]:
        return [self._choice(p, choices, what) for p in _LIST.split(_text(value)) if p]

    def p_kind(self, value: Any) -> str:
        return self._choice(value, ActionKind, "行为类别")

    def p_kinds(self, value: Any) -> list[str]:
        return self._choices(value, ActionKind, "行为类别")

    def p_level(self, value: Any) -> str:
        return self._choice(value, Circumstance, "情节")

    def p_range_unit(self, value: Any) -> str:
        return self._choice(value, RangeUnit, "裁量单位")

    def p_stages(self, value: Any) -> list[str]:
        return self._choices(value, AVStage, "执法环节")

    def p_measures(self, value: Any) -> list[str]:
        return self._choices(value, Measure, "处理措施")

    def p_domain(self, value: Any) -> Any:
        text = _text(value)
        if not text:
            return None
        if text not in self.domains:
            raise ValueError(f"未知的执法领域“{excerpt(text)}”，可选：{'、'.join(self.domains)}")
        return self.domains[text]

    def p_domains(self, value: Any) -> list[str]:
        return [self.p_domain(p).code for p in _LIST.split(_text(value)) if p]

    def p_unit(self, value: Any) -> Agency:
        text = _text(value)
        if text not in self.units:
            try:
                self.units[text] = self.ctx.unit_named(text)
            except ValueError as e:
                self.units[text] = str(e)
        found = self.units[text]
        if isinstance(found, str):
            raise ValueError(found)
        return found

    def p_articles(self, value: Any) -> list:
        try:
            return self.index.parse(_text(value))
        except CitationError as e:
            raise ValueError(str(e)) from None

    def p_decimal(self, value: Any) -> Decimal | None:
        if is_empty(value):
            return None
        if isinstance(value, float):
            value = repr(value)
        try:
            number = Decimal(_text(value).replace(",", "").replace("，", ""))
        except InvalidOperation:
            raise ValueError(f"“{excerpt(_text(value))}”不是数值") from None
        if not number.is_finite():
            raise ValueError(f"“{excerpt(_text(value))}”不是数值")
        return number

    def p_bool(self, value: Any, default: bool = False) -> bool:
        if isinstance(value, bool):
            return value
        text = _text(value)
        if not text:
            return default
        if text in ("是", "Y", "y", "1", "√", "TRUE", "True"):
            return True
        if text in ("否", "N", "n", "0", "×", "FALSE", "False"):
            return False
        raise ValueError(f"“{excerpt(text)}”应填“是”或“否”")

    def p_bool_default_true(self, value: Any) -> bool:
        return self.p_bool(value, default=True)


def _parse_row(reader: _Reader, columns: tuple[Column, ...], number: int, raw: dict[str, Any],
               errors: list[RowError]) -> dict[str, Any] | None:
    values: dict[str, Any] = {}
    ok = True
    for column in columns:
        value = raw[column.key]
        if column.required and is_empty(value):
            errors.append(RowError(number, column.header, f"{column.header}不能为空"))
            ok = False
            continue
        try:
            values[column.key] = reader(column, value)
        except ValueError as e:
            errors.append(RowError(number, column.header, str(e)))
            ok = False
    return values if ok else None


def _header_of(columns: tuple[Column, ...], field: str | None) -> str:
    return next((c.header for c in columns if c.key == field), "")


def _violation(columns: tuple[Column, ...], number: int, e: RuleViolation) -> RowError:
    header = _header_of(columns, e.field)
    return RowError(number, header, e.message if e.rule and e.rule in e.message else e.sentence)


# ---------------------------------------------------------------- the imports


def import_list(*, actor: User, agency: Agency, kind: str, data: bytes,
                progress: Progress | None = None) -> dict[str, int]:
    """Replace the draft of ``agency``'s list of ``kind`` with the rows of an xlsx file, all or nothing."""
    require(actor, "catalog.manage", agency)
    if kind not in actions.ENTRY_MODELS:
        raise RuleViolation("该清单不能导入", field="file")
    sheet, columns = SHEETS[kind]
    rows = read_sheet(data, sheet, columns)
    ctx = validation.Context(agency)
    reader = _Reader(ctx, ArticleIndex(on=timezone.localdate()))
    clean = validation.CLEANERS[kind]
    errors: list[RowError] = []
    accepted: list[tuple[dict[str, Any], list]] = []
    first: dict[str, int] = {}
    for number, raw in each_row(rows, progress):
        values = _parse_row(reader, columns, number, raw, errors)
        if values is None:
            continue
        articles = values.pop("articles", [])
        try:
            fields = clean(ctx, values)
            validation.check_articles(articles, "本行", required=validation.ARTICLES_REQUIRED[kind])
        except RuleViolation as e:
            errors.append(_violation(columns, number, e))
            continue
        seen = first.setdefault(fields["code"], number)
        if seen != number:
            errors.append(RowError(number, columns[0].header,
                                   f"编码“{fields['code']}”与第{seen}行重复，编码在清单内必须唯一"))
            continue
        accepted.append((fields, articles))
    if errors:
        raise ImportRejected(errors, "GEN-05")
    return actions.replace_entries(actor=actor, agency=agency, kind=kind, rows=accepted,
                                   source_digest=hashlib.new("sm3", data).hexdigest())


def import_discretion(*, actor: User, agency: Agency, data: bytes,
                      progress: Progress | None = None) -> dict[str, int]:
    """Replace the discretion standards of the agency's penalty items with an xlsx file, all or nothing."""
    require(actor, "catalog.manage", agency)
    sheet, columns = SHEETS[DISCRETION]
    rows = read_sheet(data, sheet, columns)
    ctx = validation.Context(agency)
    reader = _Reader(ctx, ArticleIndex(on=timezone.localdate()))
    errors: list[RowError] = []
    accepted: list[tuple[str, dict[str, Any], list]] = []
    by_item: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for number, raw in each_row(rows, progress):
        values = _parse_row(reader, columns, number, raw, errors)
        if values is None:
            continue
        code = values.pop("item")
        articles = values.pop("articles")
        item = ctx.items.get(code)
        if item is None:
            errors.append(RowError(number, "事项编码", f"行政执法事项清单中没有编码为“{excerpt(code)}”的事项"))
            continue
        try:
            fields = validation.clean_level(item[1], values)
            validation.check_articles(articles, "裁量基准", required=True)
        except RuleViolation as e:
            errors.append(_violation(columns, number, e))
            continue
        for other_number, other in by_item.get(code, []):
            conflict = validation.range_conflict([("a", fields), ("b", other)])
            if conflict is not None:
                errors.append(RowError(number, "下限", f"{validation.describe_level(fields)}与第{other_number}行"
                                                      f"{validation.describe_level(other)}的罚款幅度重叠："
                                                      "同一事项各情节的幅度不得重叠（行政处罚裁量基准）"))
                break
        else:
            by_item.setdefault(code, []).append((number, fields))
            accepted.append((code, fields, articles))
    if errors:
        raise ImportRejected(errors, "GEN-08")
    return actions.replace_discretion(actor=actor, agency=agency, rows=accepted,
                                      source_digest=hashlib.new("sm3", data).hexdigest())


def import_kind(*, actor: User, agency: Agency, kind: str, data: bytes,
                progress: Progress | None = None) -> dict[str, int]:
    """The import of ``kind``: a list, or the discretion standards."""
    if kind == DISCRETION:
        return import_discretion(actor=actor, agency=agency, data=data, progress=progress)
    return import_list(actor=actor, agency=agency, kind=kind, data=data, progress=progress)


def queued_import(kind: str, actor: User, agency: Agency | None, data: bytes, progress: Progress) -> dict[str, int]:
    """``import_kind`` as ``zhifa worker`` calls it for a queued run (``zhifa.agencies.imports``)."""
    assert agency is not None  # a list belongs to an agency: the run was queued with it
    return import_kind(actor=actor, agency=agency, kind=kind, data=data, progress=progress)


def summary(kind: str, counts: dict[str, int]) -> str:
    """What an import of ``kind`` did, as the pages say it."""
    if kind == DISCRETION:
        return f"{counts['items']}个事项共{counts['levels']}档情节（原有{counts['removed']}档已替换）。"
    return (f"共{counts['total']}项：新增{counts['created']}项，修改{counts['changed']}项，"
            f"删除{counts['removed']}项。")


# ---------------------------------------------------------------- export and template


def _cell_values(kind: str, row: Any, domain_names: dict[str, str]) -> dict[str, Any]:
    """A draft row as the cells of its sheet (what an import reads back to the same row)."""
    if kind == DISCRETION:
        return {"item": row.item.code, "level": row.get_level_display(), "conditions_text": row.conditions_text,
                "unit": row.get_unit_display(), "low": row.low, "high": row.high,
                "other_penalties": row.other_penalties, "articles": format_citations(row.articles.all()),
                "note": row.note}
    out: dict[str, Any] = {"articles": format_citations(row.articles.all())}
    for column in SHEETS[kind][1]:
        if column.key == "articles":
            continue
        value = getattr(row, column.key)
        if column.parse == "kind":
            value = ActionKind(value).label
        elif column.parse == "domain":
            value = value.name if value else ""
        elif column.parse == "unit":
            value = value.name
        elif column.parse == "kinds":
            value = "、".join(ActionKind(v).label for v in value)
        elif column.parse == "domains":
            value = "、".join(domain_names.get(v, v) for v in value)
        elif column.parse == "stages":
            value = "、".join(AVStage(v).label for v in value)
        elif column.parse == "measures":
            value = "、".join(Measure(v).label for v in value)
        elif column.parse.startswith("bool"):
            value = "是" if value else "否"
        out[column.key] = value
    return out


def _rows(agency: Agency, kind: str) -> list[Any]:
    if kind == DISCRETION:
        return list(DiscretionLevel.objects.filter(item__list__agency=agency).select_related("item")
                    .prefetch_related("articles__document").order_by("item__seq", "item__code", "seq", "pk"))
    model = actions.ENTRY_MODELS[kind]
    qs = model.objects.filter(list__agency=agency).prefetch_related("articles__document")
    if kind == ListKind.ITEMS:
        qs = qs.select_related("domain", "handling_unit")
    if kind == ListKind.RANDOM:
        qs = qs.select_related("subject_unit")
    return list(qs.order_by("seq", "code"))


def workbook(agency: Agency, kind: str, *, with_data: bool) -> bytes:
    """The sheet of ``kind`` (with the draft's rows, or empty as a template) and a sheet explaining each column."""
    sheet_name, columns = SHEETS[kind]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_name
    append_row(sheet, [c.header for c in columns])
    if with_data:
        domain_names = dict(Domain.objects.values_list("code", "name"))
        for row in _rows(agency, kind):
            cells = _cell_values(kind, row, domain_names)
            append_row(sheet, [cells.get(c.key) for c in columns])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="EEF1F4")
    for i, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font, cell.fill = bold, fill
        sheet.column_dimensions[get_column_letter(i)].width = column.width
        if column.key in ("code", "item", "item_code", "supervision_phone", "phone"):
            sheet.column_dimensions[get_column_letter(i)].number_format = "@"
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(HELP_SHEET)
    append_row(notes, ["列名", "是否必填", "填写说明"])
    for column in columns:
        append_row(notes, [column.header, "必填" if column.required else "选填", column.help])
    append_row(notes, [])
    for line in (
        f"在工作表“{sheet_name}”中每行填写一项；第1行表头不要改动。",
        "导入将以文件内容替换本清单的草稿：按编码对应，文件中没有的条目将从草稿中删除。导入后须提交审核、由他人发布才生效。",
        "导入时逐行检查；只要有一行有误，整个文件都不导入，并列出每一处错误（行号、列名和规则），改正后重新上传即可。",
        f"单个文件不超过{MAX_ROWS}行、10 MB。法律依据须先在系统“法律依据”中录入条文。",
        f"本机关及内设机构：{'、'.join(n.name for n in validation.Context(agency).units.values())}",
    ):
        append_row(notes, [line])
        notes.merge_cells(start_row=notes.max_row, start_column=1, end_row=notes.max_row, end_column=3)
    finish_notes(notes, header_style=(bold, fill), widths=(18, 10, 100))
    return workbook_bytes(book)
