"""Write functions for the working-day calendar: set, import or delete a year's schedule (GEN-04).

Each takes the acting user first, checks ``calendar.manage``, validates everything before writing, and
writes in one transaction: a refused input leaves the calendar exactly as it was. Every write changes the
``CalendarRevision`` token, which tells every process to re-read its cached calendar.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, NamedTuple

from django.db import transaction

from zhifa.agencies.permissions import require
from zhifa.core.errors import RuleViolation
from zhifa.core.fields import refused_character
from zhifa.ledger import chain as ledger
from zhifa.workdays.calendar import MAX_YEAR, MIN_YEAR
from zhifa.workdays.models import CalendarDay, CalendarRevision, CalendarYear, DayKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

RULE = "GEN-04"
HEADER = ("日期", "类型", "名称")
KIND_WORDS = {
    "放假": DayKind.HOLIDAY, "休息": DayKind.HOLIDAY, "holiday": DayKind.HOLIDAY,
    "上班": DayKind.WORKDAY, "调休上班": DayKind.WORKDAY, "补班": DayKind.WORKDAY, "workday": DayKind.WORKDAY,
}
KIND_LABEL = {DayKind.HOLIDAY: "放假", DayKind.WORKDAY: "上班"}
WEEKDAYS = "一二三四五六日"
MAX_UPLOAD_BYTES = 256 * 1024
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


class DayEntry(NamedTuple):
    date: dt.date
    kind: str  # DayKind value
    name: str = ""
    line: int | None = None  # where it came from, for error messages


def _where(entry_line: int | None, index: int) -> str:
    return f"第{entry_line}行" if entry_line is not None else f"第{index}项"


def _refuse(errors: list[str], field: str) -> RuleViolation:
    if len(errors) == 1:
        return RuleViolation(errors[0] + "，未写入任何内容", rule=RULE, field=field)
    return RuleViolation(f"{errors[0]}；另有{len(errors) - 1}处错误，未写入任何内容", rule=RULE, field=field,
                         details=errors)


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise RuleViolation(f"年度须在{MIN_YEAR}—{MAX_YEAR}年之间", rule=RULE, field="year")


def _check_days(year: int, days: list[DayEntry]) -> list[str]:
    """The rule each entry breaks, as Chinese sentences naming where, which field and which rule."""
    errors: list[str] = []
    seen: dict[dt.date, str] = {}
    for i, e in enumerate(days, start=1):
        where = _where(e.line, i)
        if e.date.year != year:
            errors.append(f"{where}“日期”：{e.date.isoformat()}不在{year}年内（一次只录入一个年度的安排）")
        if e.kind not in DayKind.values:
            errors.append(f"{where}“类型”：“{e.kind}”无法识别，只能填“放假”或“上班”")
        elif e.kind == DayKind.WORKDAY and e.date.weekday() < 5:
            errors.append(f"{where}“类型”：{e.date.isoformat()}是星期{WEEKDAYS[e.date.weekday()]}，本来就是工作日，"
                          "不能登记为调休上班（调休上班日只能是周六或周日）")
        if len(e.name) > 20:
            errors.append(f"{where}“名称”：不能超过20个字")
        if (problem := refused_character(e.name, multiline=False)) is not None:
            errors.append(f"{where}“名称”：{problem}")
        if e.date in seen:
            errors.append(f"{where}“日期”：{e.date.isoformat()}与{seen[e.date]}重复（每个日期只能登记一次）")
        else:
            seen[e.date] = where
    if not days:
        errors.append("没有任何日期：至少要有一行放假或上班的日期")
    return errors


def parse_schedule(text: str, year: int) -> list[DayEntry]:
    """Read ``日期,类型,名称`` lines (header required) into entries; RuleViolation naming each bad line."""
    if not text.strip():
        raise _refuse(["文件为空：须有表头“日期,类型,名称”和至少一行数据"], "upload")
    rows = list(csv.reader(io.StringIO(text.replace("，", ","))))
    numbered = [(n, [c.strip() for c in row]) for n, row in enumerate(rows, start=1)
                if any(c.strip() for c in row)]
    head_line, head = numbered[0]
    if tuple(head[:3]) != HEADER:
        raise _refuse([f"第{head_line}行须为表头“日期,类型,名称”，实际为“{','.join(head)}”"], "upload")
    entries: list[DayEntry] = []
    errors: list[str] = []
    for n, cells in numbered[1:]:
        cells = [*cells, "", ""][:max(3, len(cells))]
        raw_date, raw_kind, name = cells[0], cells[1], cells[2]
        if len(cells) > 3 and any(cells[3:]):
            errors.append(f"第{n}行：多出了列，只能有“日期,类型,名称”三列")
            continue
        m = _DATE.match(raw_date)
        try:
            if not m:
                raise ValueError
            date = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            errors.append(f"第{n}行“日期”：“{raw_date}”不是有效日期（应写作如2026-02-15）")
            continue
        kind = KIND_WORDS.get(raw_kind.lower(), raw_kind)
        entries.append(DayEntry(date, kind, name, n))
    if not entries and not errors:
        errors.append(f"文件为空：第{head_line}行表头之后没有数据行")
    if entries:
        errors += _check_days(year, entries)
    if errors:
        raise _refuse(sorted(errors, key=_line_of), "upload")
    return entries


def _line_of(message: str) -> int:
    m = re.match(r"第(\d+)行", message)
    return int(m[1]) if m else 0


def decode_upload(data: bytes | str | IO) -> str:
    """The text of an uploaded file: UTF-8 (with or without BOM) or GB18030, as Excel saves it."""
    if not isinstance(data, str | bytes):
        data = data.read(MAX_UPLOAD_BYTES + 1)
    if isinstance(data, str):
        return data
    assert isinstance(data, bytes)
    if len(data) > MAX_UPLOAD_BYTES:
        raise RuleViolation(f"文件过大：不能超过{MAX_UPLOAD_BYTES // 1024}KB", rule=RULE, field="upload")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RuleViolation("文件编码无法识别，请另存为UTF-8编码的CSV文件", rule=RULE, field="upload")


def schedule_text(year: int) -> str:
    """The entered schedule of ``year`` in the import format (for editing and download)."""
    lines = [",".join(HEADER)]
    for day in CalendarDay.objects.filter(year__year=year).order_by("date"):
        lines.append(f"{day.date.isoformat()},{KIND_LABEL[DayKind(day.kind)]},{day.name}")
    return "\n".join(lines) + "\n"


def _bump() -> None:
    CalendarRevision.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def set_year_schedule(*, actor: User | AnonymousUser, year: int, source: str,
                      days: Iterable[DayEntry | tuple], published_on: dt.date | None = None,
                      notes: str = "") -> CalendarYear:
    """Enter ``year``'s official schedule, replacing all of its days at once (GEN-04)."""
    require(actor, "calendar.manage")
    _check_year(year)
    source = (source or "").strip()
    if not source:
        raise RuleViolation("“依据”不能为空：请填写国务院办公厅通知的文号和标题", rule=RULE, field="source")
    if len(source) > 300:
        raise RuleViolation("“依据”不能超过300个字", rule=RULE, field="source")
    entries = [d if isinstance(d, DayEntry) else DayEntry(*d) for d in days]
    if errors := _check_days(year, entries):
        raise _refuse(errors, "days")
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().filter(year=year).first()
        if row is None:
            row = CalendarYear(year=year)
        row.source, row.published_on, row.notes = source, published_on, (notes or "").strip()
        row.save()
        row.days.all().delete()
        CalendarDay.objects.bulk_create(CalendarDay(date=e.date, kind=e.kind, name=e.name.strip(), year=row)
                                        for e in sorted(entries))
        _bump()
        ledger.append(actor=actor, agency=None, kind="calendar.year_set", subject=row, payload={
            "year": year, "source": row.source, "published_on": published_on, "notes": row.notes,
            "days": [[e.date, e.kind, e.name.strip()] for e in sorted(entries)]})
    return row


def import_year_schedule(*, actor: User | AnonymousUser, year: int, data: bytes | str | IO,
                         source: str, published_on: dt.date | None = None, notes: str = "") -> CalendarYear:
    """Enter ``year``'s schedule from a CSV or text upload (日期,类型,名称); all or nothing."""
    require(actor, "calendar.manage")
    _check_year(year)
    entries = parse_schedule(decode_upload(data), year)
    return set_year_schedule(actor=actor, year=year, source=source, days=entries, published_on=published_on,
                             notes=notes)


def delete_year_schedule(*, actor: User | AnonymousUser, year: int) -> None:
    """Remove ``year``'s entered schedule; the year is answered provisionally again."""
    require(actor, "calendar.manage")
    with transaction.atomic():
        deleted, _ = CalendarYear.objects.filter(year=year).delete()
        if not deleted:
            raise RuleViolation(f"{year}年没有录入的放假安排，无需删除", rule=RULE, field="year")
        _bump()
        ledger.append(actor=actor, agency=None, kind="calendar.year_deleted", subject=None, payload={"year": year})
