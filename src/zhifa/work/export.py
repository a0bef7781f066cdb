"""我的待办 as an xlsx file: the rows the filters give, as the page shows them."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.utils import timezone

from zhifa.core.spreadsheet import table_bytes, xlsx_response
from zhifa.work.queue import COLOURS
from zhifa.work.registry import Item

MAX_ROWS = 5000
HEADER = ("状态", "类别", "应办事项", "事项", "期限届满", "规则", "责任单位", "相关人员", "办理地址")


def _local(value: dt.datetime | None) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def response(items: list[Item], *, filename: str, truncated: bool, now: dt.datetime, base_url: str) -> HttpResponse:
    rows = ([" ".join(filter(None, (COLOURS.get(i.colour), i.state))), i.kind_label, i.title, i.subject,
             _local(i.due_at), i.rule, i.unit, i.who, base_url + i.url] for i in items)
    note = f"仅导出前{MAX_ROWS}项，请缩小筛选范围后分别导出" if truncated else ""
    data = table_bytes("我的待办", HEADER, rows, widths=(8, 14, 40, 30, 17, 18, 20, 10, 40), note=note)
    return xlsx_response(data, filename, f"todo-{timezone.localtime(now):%Y%m%d}.xlsx")
