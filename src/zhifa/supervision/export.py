"""The region's items as an xlsx: every row the filters match (up to ``MAX_ROWS``), through core.spreadsheet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from zhifa.agencies.models import name_of
from zhifa.core.errors import rule_name
from zhifa.core.spreadsheet import append_row, workbook_bytes
from zhifa.obligations.models import Colour, Obligation
from zhifa.supervision.queries import STATE_LABELS, Filters, enclosing_agencies

MAX_ROWS = 10_000
SHEET = "期限事项"
NOTES = "说明"
FILENAME = "区域监督期限事项"  # and the day, .xlsx
ASCII_NAME = "region-obligations"
HEADERS = ("状态", "应办事项", "事项", "期限届满", "规则", "依据", "执法主体", "责任单位", "责任人", "生成时间",
           "完成时间", "免除理由")
WIDTHS = (8, 36, 28, 17, 18, 36, 24, 20, 10, 17, 17, 24)
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def _local(value: dt.datetime | None) -> dt.datetime | None:
    """A local time without its zone (a spreadsheet cell holds none)."""
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0) if value else None


def status_label(ob: Obligation, now: dt.datetime) -> str:
    """正常 / 临期 / 逾期, 中止计时 while paused, and how it ended (已完成 / 已免除) once over."""
    colour = ob.colour(now)
    if colour == Colour.GREY or ob.state == "paused":
        return ob.get_state_display()
    return colour.label


def workbook(qs: QuerySet[Obligation], now: dt.datetime, f: Filters, *, total: int) -> bytes:
    """The first ``MAX_ROWS`` rows of ``qs`` on one sheet, and what was exported on a second."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    append_row(sheet, list(HEADERS))
    rows = list(qs[:MAX_ROWS])
    agencies = enclosing_agencies({ob.agency_id: ob.agency for ob in rows}.values())
    for ob in rows:
        agency = agencies.get(ob.agency_id, ob.agency)
        append_row(sheet, [
            status_label(ob, now), ob.title, ob.subject_label, _local(ob.due_at), rule_name(ob.rule),
            rule_name(ob.basis), agency.name, ob.agency.name if ob.agency_id != agency.pk else "机关本级",
            name_of(ob.assignee) if ob.assignee else "", _local(ob.created_at), _local(ob.met_at),
            ob.waived_reason])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="EEF1F4")
    for i, width in enumerate(WIDTHS, start=1):
        sheet.cell(row=1, column=i).font = bold
        sheet.cell(row=1, column=i).fill = fill
        sheet.column_dimensions[get_column_letter(i)].width = width
    for column in ("D", "J", "K"):
        for cell in sheet[column][1:]:
            cell.number_format = DATETIME_FORMAT
    sheet.freeze_panes = "A2"

    notes = book.create_sheet(NOTES)
    append_row(notes, ["项目", "内容"])
    append_row(notes, ["导出时间", _local(now)])
    notes["B2"].number_format = DATETIME_FORMAT
    for label, value in _filter_lines(f):
        append_row(notes, [label, value])
    append_row(notes, ["符合条件的事项", total])
    append_row(notes, ["已导出", len(rows)])
    if total > len(rows):
        append_row(notes, ["提示", f"符合条件的事项超过{MAX_ROWS}项，只导出了期限最早的{MAX_ROWS}项；"
                                   "请按执法主体、状态或期间缩小范围后分批导出"])
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 60
    for cell in notes[1]:
        cell.font, cell.fill = bold, fill
    return workbook_bytes(book)


def _filter_lines(f: Filters) -> list[tuple[str, Any]]:
    lines: list[tuple[str, Any]] = [("执法主体", f.agency.name if f.agency else "全部")]
    if f.unit is not None:
        lines.append(("内设机构", "机关本级" if f.unit.level.is_agency else f.unit.name))
    lines.append(("状态", STATE_LABELS.get(f.state, "全部未结")))
    for label, start, end in (("期限届满", f.due_from, f.due_to), ("生成日期", f.created_from, f.created_to)):
        if start or end:
            lines.append((label, f"{start.isoformat() if start else '不限'} 至 {end.isoformat() if end else '不限'}"))
    return lines
