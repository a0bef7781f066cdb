"""The items' xlsx export: every matching row (not just the page), Chinese headers, people by name, rules in
words, cells written safely; capped at MAX_ROWS with a note saying so."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.supervision.conftest import NOW, at

from zhifa.supervision import export

EXPORT = reverse("supervision:export")


def download(client, **params):
    with time_machine.travel(NOW, tick=False):
        response = client.get(EXPORT, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert response["Content-Disposition"].startswith('attachment; filename="region-obligations-2026-11-02.xlsx"; ')
    return openpyxl.load_workbook(io.BytesIO(response.content))


def rows(book) -> list[list]:
    return [list(r) for r in book[export.SHEET].iter_rows(values_only=True)]


def notes(book) -> dict:
    return {k: v for k, v in book[export.NOTES].iter_rows(values_only=True)}


def test_export_has_chinese_headers_and_every_matching_row_beyond_the_page(cast, login, oblige):
    for i in range(60):
        oblige(cast.nr_team, due=at(10, 1) + dt.timedelta(hours=i), title=f"逾期{i:02d}")
    oblige(cast.zj_unit, due=at(10, 1), title="住建逾期")
    book = download(login(cast.u_supervisor), agency=cast.nr.pk, state="red")
    got = rows(book)
    assert got[0] == list(export.HEADERS)
    assert got[0][:9] == ["状态", "应办事项", "事项", "期限届满", "规则", "依据", "执法主体", "责任单位", "责任人"]
    assert [r[1] for r in got[1:]] == [f"逾期{i:02d}" for i in range(60)]
    assert notes(book)["符合条件的事项"] == 60 and notes(book)["已导出"] == 60
    assert notes(book)["执法主体"] == cast.nr.name and notes(book)["状态"] == "逾期"


def test_export_row_names_people_and_rules_in_words_and_times_locally(cast, login, oblige):
    oblige(cast.nr_team, due=at(10, 30, 17), title="现场检查记录补录", assignee=cast.u_officer, rule="REC-10",
                basis="REC-10 音像记录移交：24小时内移交", created_at=at(10, 29, 9))
    own = oblige(cast.nr, due=at(12, 30), title="=HYPERLINK(\"http://x\")")
    book = download(login(cast.u_supervisor), agency=cast.nr.pk)
    by_title = {r[1]: r for r in rows(book)[1:]}
    assert by_title["现场检查记录补录"] == [
        "逾期", "现场检查记录补录", "执法监察支队", dt.datetime(2026, 10, 30, 17), "音像记录移交",
        "音像记录移交：24小时内移交",
        "鞍山市自然资源局", "执法监察支队", "张伟", dt.datetime(2026, 10, 29, 9), None, None]
    # a title that looks like a formula stays text; the agency's own item reads 机关本级
    cell = next(c for c in book[export.SHEET]["B"] if c.value == own.title)
    assert cell.data_type == "s" and cell.quotePrefix
    assert by_title[own.title][6:8] == ["鞍山市自然资源局", "机关本级"]
    flat = " ".join(str(v) for r in rows(book) for v in r)
    assert "REC-10" not in flat and "zhangwei" not in flat


def test_export_stops_at_the_cap_and_says_so(cast, login, oblige, monkeypatch):
    monkeypatch.setattr(export, "MAX_ROWS", 5)
    for i in range(8):
        oblige(cast.nr_team, due=at(10, 1 + i), title=f"事项{i}")
    book = download(login(cast.u_supervisor))
    assert [r[1] for r in rows(book)[1:]] == [f"事项{i}" for i in range(5)]  # the soonest due
    n = notes(book)
    assert n["符合条件的事项"] == 8 and n["已导出"] == 5
    assert "超过5项，只导出了期限最早的5项" in n["提示"]
    with time_machine.travel(NOW, tick=False):
        page = login(cast.u_supervisor).get(reverse("supervision:items")).content.decode()
    assert "符合条件的事项超过5项，导出时只导出期限最早的5项" in page


def test_export_outside_the_region_is_404_and_export_of_nothing_is_an_empty_sheet(cast, login):
    assert login(cast.u_supervisor).get(EXPORT, {"agency": cast.ly_nr.pk}).status_code == 404
    book = download(login(cast.u_supervisor), state="red")
    assert rows(book) == [list(export.HEADERS)]


def _export_queries(cast, client, oblige, n: int) -> int:
    for i in range(n):
        oblige([cast.nr_team, cast.nr_legal, cast.zj_unit][i % 3], due=at(10, 1 + i % 28), assignee=cast.u_officer)
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as ctx:
        assert client.get(EXPORT).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("small, large", [(5, 50)])
def test_export_query_count_does_not_grow_with_the_rows(cast, login, oblige, small, large):
    client = login(cast.u_supervisor)
    assert _export_queries(cast, client, oblige, small) == _export_queries(cast, client, oblige, large)
