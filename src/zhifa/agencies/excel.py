"""Excel (xlsx) import of officers and their credentials (GEN-03), and the template to fill in.

One row of the sheet “执法人员” is one 执法证 held by one officer. The import is all or nothing, in two
phases so that the database's write lock is held only while writing: every row is first checked outside any
transaction (cells, the unit in the importer's reach, the person, the number against the file and the
database) and the full list of row errors returned if any is wrong; a clean file is then written by one
write function, ``actions.import_credentials`` (what ``create_officer`` and ``issue_credential`` do, with
statements per batch), whose refusal of what only the write can see (a number taken meanwhile) writes nothing.

An officer is matched by 公民身份号码 (required here, so a second import cannot create the same person
twice): a row whose person is already an active officer of the same unit adds a credential to that
officer (a renewal or a second 执法证) and leaves the officer's 职务 and 联系电话 as they are; one who is
an officer of another unit is an error (a transfer is an edit on the officer page, not an import).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from zhifa.agencies import actions
from zhifa.agencies.models import ActionKind, Agency, Credential, Domain, Officer, Person
from zhifa.agencies.permissions import agencies_in_reach, can
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
from zhifa.core.validators import validate_resident_id

if TYPE_CHECKING:
    from django.contrib.auth.models import User


SHEET = "执法人员"
HELP_SHEET = "说明"
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
FILENAME = "执法人员导入模板.xlsx"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: str
    max_length: int | None = None


COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", True, "执法人员姓名。", Person._meta.get_field("name").max_length),
    Column("id_number", "公民身份号码", True,
           "18位公民身份号码，末位可为X。用于识别已登记的人员：同一单位已有的在岗执法人员再导入一行，"
           "即为其增加一张执法证。请将本列设为文本格式，以免Excel把号码变成科学计数法。"),
    Column("phone", "联系电话", False, "可不填。", Person._meta.get_field("phone").max_length),
    Column("unit", "所在单位", True,
           "执法人员所在的机关或内设机构名称，须在您有权管理的范围内。名称重复时，"
           "用“上级/下级”的路径写法区分，如“鞍山市自然资源局/执法监察支队”。"),
    Column("post", "职务", False, "可不填。", Officer._meta.get_field("post").max_length),
    Column("number", "证件编号", True, "执法证编号，全系统唯一；同一文件中也不能重复。",
           Credential._meta.get_field("number").max_length),
    Column("issuing_body", "发证机关", True, "如“辽宁省人民政府”。",
           Credential._meta.get_field("issuing_body").max_length),
    Column("action_kinds", "执法类别", True,
           "行政行为种类，多个用顿号“、”或逗号分隔，如“行政处罚、行政检查”。可选："
           + "、".join(ActionKind.labels) + "。"),
    Column("domains", "执法领域", True, "执法领域名称，多个用顿号或逗号分隔，可选值见下方列表。"),
    Column("areas", "执法区域", True,
           "行政区域（省、市、县（区））名称，多个用顿号或逗号分隔；名称重复时写成“鞍山市/铁东区”。"),
    Column("valid_from", "有效期起", True, "Excel日期，或“YYYY-MM-DD”格式的文本，如“2025-01-01”。"),
    Column("valid_to", "有效期至", True, "同上，不得早于有效期起。"),
)
HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS)
HEADER_BY_KEY: dict[str, str] = {c.key: c.header for c in COLUMNS}

EXAMPLE = {"name": "张三", "id_number": "11010519491231002X", "number": "21039999"}

_LIST_SEPARATORS = re.compile(r"[、,，;；\s]+")
_PATH_SEPARATORS = re.compile(r"\s*[/／]\s*")
_DATE_TEXT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


@dataclass
class ImportResult:
    officers_created: int = 0
    officers_reused: int = 0
    credentials_created: int = 0


# ---------------------------------------------------------------- reading the workbook


def _read(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    rows = read_rows(data, sheet=SHEET, columns=COLUMNS, max_data_rows=MAX_ROWS)
    if not rows:
        raise RuleViolation(f"工作表“{SHEET}”中没有数据行（表头以下为空）", field="file")
    return rows


def count_rows(data: bytes) -> int:
    """How many data rows the file has; RuleViolation, as the import would give, when it is unusable."""
    return len(_read(data))


# ---------------------------------------------------------------- parsing cells


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return from_excel(value).date()  # a date cell that lost its date format: Excel's day serial
    text = _text(value)
    m = _DATE_TEXT.match(text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise ValueError(f"“{excerpt(text)}”不是有效日期") from None
    raise ValueError(f"“{excerpt(text)}”不是日期，应为Excel日期或“YYYY-MM-DD”格式的文本")


def _split(text: str) -> list[str]:
    return list(dict.fromkeys(p for p in _LIST_SEPARATORS.split(text) if p))


class _Tree:
    """The agency tree in memory, to find nodes by name or by “上级/下级” path in one query."""

    def __init__(self) -> None:
        self.by_pk: dict[int, Agency] = {}
        self.by_name: dict[str, list[Agency]] = {}
        for node in Agency.objects.select_related("level").order_by("path"):
            self.by_pk[node.pk] = node
            self.by_name.setdefault(node.name, []).append(node)

    def chain(self, node: Agency) -> list[Agency]:
        return [self.by_pk[int(p)] for p in node.path.strip("/").split("/") if p and int(p) in self.by_pk]

    def label(self, node: Agency, depth: int = 2) -> str:
        """A short path form naming ``node`` with its parent, as the user would write it."""
        return "/".join(n.name for n in self.chain(node)[-depth:])

    def find(self, text: str) -> list[Agency]:
        parts = [p for p in _PATH_SEPARATORS.split(text.strip()) if p]
        if not parts:
            return []
        found = []
        for node in self.by_name.get(parts[-1], []):
            names = [n.name for n in self.chain(node)]
            if names[-len(parts):] == parts:
                found.append(node)
        return found


# ---------------------------------------------------------------- the import


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    officer: Officer | None  # the officer the credential is added to; None: created from ``values``


class _Importer:
    def __init__(self, actor: User) -> None:
        self.actor = actor
        self.tree = _Tree()
        self.domains = {d.name: d for d in Domain.objects.all()}
        self.kinds = {k.label: k.value for k in ActionKind} | {k.value: k.value for k in ActionKind}
        self.units: dict[str, Agency | str] = {}
        self.numbers: dict[str, int] = {}
        self.people: dict[str, tuple[int, Agency, str]] = {}  # id number: (first row, unit, name) of new people
        self.result = ImportResult()
        self.errors: list[RowError] = []

    def check(self, rows: list[tuple[int, dict[str, Any]]], progress: Progress | None = None) -> list[_Row]:
        """Every row checked, no transaction open: the rows to write, and ``self.errors`` for the others."""
        checked = []
        for number, raw in each_row(rows, progress):
            row = self.row(number, raw)
            if row is not None:
                checked.append(row)
        return checked

    def write(self, rows: list[_Row]) -> None:
        """Write the checked rows in one write function, one transaction."""
        counts = actions.import_credentials(actor=self.actor, rows=[
            {"phone": "", "post": "", **row.values, "officer": row.officer} for row in rows])
        self.result = ImportResult(**counts)

    def violation(self, number: int, e: RuleViolation) -> None:
        header = HEADER_BY_KEY.get(e.field or "", "")  # the actions name fields by these keys
        message = e.message
        if header and message.startswith(f"{header}："):  # the action already names the field
            message = message[len(header) + 1:]
        self.errors.append(RowError(number, header, message))

    # --- one row

    def row(self, number: int, raw: dict[str, Any]) -> _Row | None:
        errors: list[RowError] = []

        def fail(key: str, message: str) -> None:
            errors.append(RowError(number, HEADER_BY_KEY.get(key, ""), message))

        values: dict[str, Any] = {}
        for column in COLUMNS:
            value = raw[column.key]
            if column.required and is_empty(value):
                fail(column.key, f"{column.header}不能为空")
                continue
            try:
                values[column.key] = getattr(self, f"parse_{column.key}", self.parse_text)(value, column)
            except ValueError as e:
                fail(column.key, str(e))
        if all(values.get(k) == v for k, v in EXAMPLE.items()):
            self.errors.append(RowError(number, "", "这是模板中的示例行，请替换为实际数据或删除该行"))
            return None
        cred_number = values.get("number")
        if cred_number:
            first = self.numbers.setdefault(cred_number, number)
            if first != number:
                fail("number", f"证件编号{cred_number}与第{first}行重复，执法证编号必须唯一")
            elif Credential.objects.filter(number=cred_number).exists():
                fail("number", f"证件编号{cred_number}已存在，执法证编号必须唯一")
        if {"valid_from", "valid_to"} <= values.keys() and values["valid_to"] < values["valid_from"]:
            fail("valid_to", f"有效期至（{values['valid_to']}）早于有效期起（{values['valid_from']}）")
        if errors:
            self.errors.extend(errors)
            return None
        try:
            officer = self.officer_for(number, values)
        except RuleViolation as e:
            self.violation(number, e)
            return None
        return _Row(number, values, officer)

    def officer_for(self, number: int, values: dict[str, Any]) -> Officer | None:
        """The registered officer this row adds a credential to, None for a person the import creates."""
        unit, id_number, name = values["unit"], values["id_number"], values["name"]
        existing = (Officer.objects.select_related("person", "unit")
                    .filter(person__id_number=id_number).first())
        if existing is None:
            first, first_unit, first_name = self.people.setdefault(id_number, (number, unit, name))
            if first_unit != unit:
                raise RuleViolation(f"公民身份号码{id_number}的人员已在第{first}行登记在其他单位；"
                                    "同一人只能在一个单位登记为执法人员", field="id_number", rule="GEN-03")
            if first_name != name:
                raise RuleViolation(f"公民身份号码{id_number}在第{first}行登记为“{excerpt(first_name)}”，"
                                    f"与姓名“{excerpt(name)}”不符", field="name")
            return None
        if existing.unit_id != unit.pk:
            raise RuleViolation(f"公民身份号码{id_number}的人员已在其他单位登记为执法人员；"
                                "调动请在执法人员页面修改其所在单位", field="id_number", rule="GEN-03")
        if existing.person.name != name:
            raise RuleViolation(f"公民身份号码{id_number}已登记为“{existing.person.name}”，"
                                f"与姓名“{excerpt(name)}”不符", field="name")
        if not existing.active:
            raise RuleViolation(f"{excerpt(name)}已登记为不在岗的执法人员，请先在执法人员页面恢复在岗",
                                field="id_number")
        return existing

    # --- cells

    def parse_text(self, value: Any, column: Column) -> str:
        text = _text(value)
        if column.max_length and len(text) > column.max_length:
            raise ValueError(f"{column.header}不能超过{column.max_length}个字（现为{len(text)}个）")
        return text

    def parse_id_number(self, value: Any, column: Column) -> str:
        if isinstance(value, float):
            raise ValueError("公民身份号码被Excel存成了数字，末几位可能已丢失，"
                             "请将该列设为文本格式后重新填写")
        text = _text(value).upper()
        try:
            validate_resident_id(text)
        except ValidationError as e:
            raise ValueError(e.messages[0]) from None
        return text

    def parse_unit(self, value: Any, column: Column) -> Agency:
        text = _text(value)
        cached = self.units.get(text)
        if cached is None:
            cached = self.units[text] = self._find_unit(text)
        if isinstance(cached, str):
            raise ValueError(cached)
        return cached

    def _find_unit(self, text: str) -> Agency | str:
        found = self.tree.find(text)
        units = [n for n in found if not n.level.is_region]
        mine = [n for n in units if can(self.actor, "officer.manage", n)]
        if len(mine) == 1:
            return mine[0]
        if len(mine) > 1:
            return (f"单位名称“{excerpt(text)}”不唯一，请写成“上级/下级”的形式，如"
                    + "、".join(f"“{self.tree.label(n)}”" for n in mine[:5]))
        if units:
            return "无权在该单位登记执法人员"
        if found:
            return f"“{excerpt(text)}”是行政区域，所在单位应填写机关或内设机构"
        return f"未找到单位“{excerpt(text)}”"

    def parse_action_kinds(self, value: Any, column: Column) -> list[str]:
        names = _split(_text(value))
        unknown = [n for n in names if n not in self.kinds]
        if unknown:
            raise ValueError(f"未知的执法类别“{excerpt('、'.join(unknown))}”，可选：{'、'.join(ActionKind.labels)}")
        return list(dict.fromkeys(self.kinds[n] for n in names))

    def parse_domains(self, value: Any, column: Column) -> list[Domain]:
        names = _split(_text(value))
        unknown = [n for n in names if n not in self.domains]
        if unknown:
            raise ValueError(f"未知的执法领域“{excerpt('、'.join(unknown))}”，可选：{'、'.join(self.domains)}")
        return [self.domains[n] for n in names]

    def parse_areas(self, value: Any, column: Column) -> list[Agency]:
        areas = []
        for name in _split(_text(value)):
            found = self.tree.find(name)
            regions = [n for n in found if n.level.is_region]
            if len(regions) > 1:
                raise ValueError(f"行政区域“{excerpt(name)}”不唯一，请写成“上级/下级”的形式，如"
                                 + "、".join(f"“{self.tree.label(n)}”" for n in regions[:5]))
            if not regions:
                raise ValueError(f"“{excerpt(name)}”不是行政区域，执法区域应填写省、市、县（区）" if found
                                 else f"未找到行政区域“{excerpt(name)}”")
            areas.append(regions[0])
        return areas

    def parse_valid_from(self, value: Any, column: Column) -> dt.date:
        return _date(value)

    parse_valid_to = parse_valid_from


def import_officers(*, actor: User, data: bytes, progress: Progress | None = None) -> ImportResult:
    """Import the officers and credentials of an xlsx file, all or nothing (GEN-03).

    Raises ``RuleViolation`` when the file itself is unusable and ``ImportRejected`` (a RuleViolation with
    the full list of row errors) when any row is wrong; in both cases nothing is written. ``progress`` is told
    how many rows have been checked, while no transaction is open.
    """
    rows = _read(data)
    importer = _Importer(actor)
    checked = importer.check(rows, progress)
    if importer.errors:
        raise ImportRejected(importer.errors, "GEN-03")
    try:
        importer.write(checked)
    except PermissionDenied:
        raise RuleViolation("无权在文件所列的单位登记执法人员", field="file") from None
    return importer.result


# ---------------------------------------------------------------- the template


def _units_in_reach(actor: User, limit: int = 500) -> list[Agency]:
    nodes = agencies_in_reach(actor, "officer.manage").select_related("level").order_by("path")[:limit]
    return [n for n in nodes if not n.level.is_region]


def template_workbook(actor: User) -> bytes:
    """The import template: the sheet to fill with one example row, and a sheet explaining each column."""
    tree = _Tree()
    mine = _units_in_reach(actor)
    unit = next((n for n in mine if not n.level.is_agency), mine[0] if mine else None)  # prefer an 内设机构
    chain = tree.chain(unit) if unit else []
    regions = [n for n in chain if n.level.is_region]
    agency = unit.enclosing_agency() if unit else None
    domains = list(agency.domains.all()) if agency else []
    domains = domains or [d for d in Domain.objects.all() if agency and d.name in agency.name]  # 自然资源局
    domain = domains[0] if domains else Domain.objects.first()
    year = timezone.localdate().year
    example = {
        **EXAMPLE,
        "phone": "13800000000",
        "unit": tree.label(unit) if unit else "某某局/执法支队",
        "post": "科员",
        "issuing_body": f"{regions[0].name}人民政府" if regions else "某某省人民政府",
        "action_kinds": "行政处罚、行政检查",
        "domains": domain.name if domain else "自然资源",
        "areas": regions[-1].name if regions else "某某市",
        "valid_from": dt.date(year, 1, 1),
        "valid_to": dt.date(year + 4, 12, 31),
    }

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    append_row(sheet, list(HEADERS))
    append_row(sheet, [example[c.key] for c in COLUMNS])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEF1F4")
    for i, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font, cell.fill = bold, fill
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = {"unit": 32, "action_kinds": 24, "id_number": 22}.get(
            column.key, 14)
        if column.key in ("valid_from", "valid_to"):
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
            sheet.cell(row=2, column=i).number_format = "yyyy-mm-dd"
        elif column.key in ("id_number", "phone", "number"):
            sheet.column_dimensions[letter].number_format = "@"  # keep long numbers as text
            sheet.cell(row=2, column=i).number_format = "@"
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet(HELP_SHEET)
    append_row(notes, ["列名", "是否必填", "填写说明"])
    for column in COLUMNS:
        append_row(notes, [column.header, "必填" if column.required else "选填", column.help])
    append_row(notes, [])
    for line in (
        f"每行登记一名执法人员的一张执法证；第2行是示例，请替换或删除。单个文件不超过{MAX_ROWS}行、5 MB。",
        "导入时逐行检查，只要有一行有误，整个文件都不导入，并列出每一处错误；改正后重新上传即可。",
        "同一单位已登记的执法人员（按公民身份号码识别）再导入一行，即为其增加一张执法证，其职务、电话不变。",
    ):
        append_row(notes, [line])
        notes.merge_cells(start_row=notes.max_row, start_column=1, end_row=notes.max_row, end_column=3)
    append_row(notes, [])
    append_row(notes, ["可选的执法类别", "、".join(ActionKind.labels)])
    append_row(notes, ["可选的执法领域", "、".join(Domain.objects.values_list("name", flat=True))])
    for i, node in enumerate(mine):
        append_row(notes, ["您可登记的单位" if i == 0 else "", "", tree.label(node)])
    finish_notes(notes, header_style=(bold, fill), widths=(16, 10, 90))
    return workbook_bytes(workbook)


