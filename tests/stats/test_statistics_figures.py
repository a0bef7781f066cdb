"""The statistics page (PUB-12, SUP-02): each agency's decisions by kind, publications and their on-time rate,
withdrawals, corrections and legal reviews over 上半年 or 全年 — an agency's own for its head, its region's for a
司法局 (rolled up by region for whoever sees more than one) — in a constant number of queries; the xlsx and the
draft analysis report read back."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from tests.stats.conftest import case_act, publish

from zhifa.publicity import actions as publicity
from zhifa.workdays.calendar import SHANGHAI

URL = reverse("statistics:index")
H1 = {"year": "2026", "half": "h1"}


def rows_of(response) -> dict[str, dict[str, int]]:
    return {row.label: row.values for row in response.context["lines"]}


def test_an_agency_head_sees_its_own_figures_of_each_kind_over_the_first_half(season, login, reviewer):
    publicity.record_revocation(actor=reviewer, publication=season.pub, ground="revoked",
                                revoked_on=dt.date(2026, 5, 20), reason="经行政复议，鞍山市人民政府决定撤销")
    publicity.withdraw(actor=reviewer, publication=season.pub)
    response = login(season.u_head).get(URL, H1)
    assert response.status_code == 200
    rows = rows_of(response)
    assert list(rows) == ["鞍山市自然资源局"]  # not 住建局's, not 辽阳's
    nr = rows["鞍山市自然资源局"]
    assert {k: nr.get(k, 0) for k in ("penalty", "licence", "published", "published_on_time", "withdrawn",
                                      "corrected", "reviewed", "reviewed_on_time")} == {
        "penalty": 1, "licence": 0, "published": 1, "published_on_time": 1, "withdrawn": 1, "corrected": 1,
        "reviewed": 3, "reviewed_on_time": 2}
    html = response.content.decode()
    assert "100.0%" in html and "<svg" in html and "PUB-12" not in html
    assert "行政执法统计" in html and "上半年" in html


def test_the_whole_year_counts_the_second_half_too(season, login):
    rows = rows_of(login(season.u_head).get(URL, {"year": "2026", "half": "year"}))
    assert rows["鞍山市自然资源局"]["reviewed"] == 4  # August's opinion too
    rows = rows_of(login(season.u_head).get(URL, {"year": "2025", "half": "year"}))
    assert rows["鞍山市自然资源局"] == {}


def test_a_publication_made_after_its_deadline_is_not_on_time(sworld, decided, reviewer, login):
    sworld.clock.move_to(dt.datetime(2026, 6, 15, 10, 0, tzinfo=SHANGHAI), tick=False)
    publish(decided, reviewer)
    response = login(sworld.u_head).get(URL, H1)
    nr = rows_of(response)["鞍山市自然资源局"]
    assert nr["published"] == 1 and nr.get("published_on_time", 0) == 0
    assert "0.0%" in response.content.decode()


def test_the_supervisor_sees_its_region_and_the_administrator_each_region_rolled_up(season, login):
    rows = rows_of(login(season.u_supervisor).get(URL, H1))
    assert set(rows) == {"鞍山市司法局", "鞍山市自然资源局", "鞍山市住房和城乡建设局", "合计"}
    assert rows["鞍山市住房和城乡建设局"]["licence"] == 1 and rows["合计"]["penalty"] == 1
    rows = rows_of(login(season.u_admin).get(URL, H1))
    assert rows["鞍山市合计"]["penalty"] == 1 and rows["鞍山市合计"]["licence"] == 1
    assert rows["辽阳市合计"]["penalty"] == 1 and rows["辽阳市合计"].get("licence", 0) == 0
    assert rows["合计"]["penalty"] == 2


def test_the_page_costs_the_same_queries_for_three_agencies_and_for_six(season, login):
    client = login(season.u_supervisor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, H1).status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    for i in range(3):
        agency = season.node(season.anshan, "agency", f"鞍山市第{i + 1}局")
        for kind in ("case.decided", "case.inspection_concluded", "publication.withdrawn"):
            case_act(season, agency, kind, agency)
    assert queries() == before
    assert len(rows_of(client.get(URL, H1))) == 7


def test_a_reader_without_the_statistics_gets_no_page_and_no_menu_entry(season, login):
    assert login(season.u_officer).get(URL, H1).status_code == 404
    assert URL not in login(season.u_officer).get(reverse("home")).content.decode()
    assert f'href="{URL}"' in login(season.u_supervisor).get(reverse("home")).content.decode()


@pytest.mark.parametrize("params", [{"year": "abc", "half": "h1"}, {"year": "2026", "half": "q3"},
                                    {"year": "10000000000000", "half": "year"}, {"year": "-1", "half": "h1"}])
def test_a_bad_period_is_refused_in_words(season, login, params):
    response = login(season.u_head).get(URL, params)
    assert response.status_code == 422
    html = response.content.decode()
    assert "年度" in html or "期间只能是上半年或全年" in html
    assert login(season.u_head).get(reverse("statistics:xlsx"), params).status_code == 422


def test_the_spreadsheet_holds_the_table(season, login):
    response = login(season.u_supervisor).get(reverse("statistics:xlsx"), H1)
    assert response.status_code == 200 and "statistics-2026-h1.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    head = rows[0]
    assert head[0] == "执法主体" and head[-1] == "按期公示率" and "行政处罚决定" in head and "更正申请" in head
    nr = next(r for r in rows if r[0] == "鞍山市自然资源局")
    assert nr[head.index("行政处罚决定")] == 1 and nr[head.index("法制审核意见")] == 3 and nr[-1] == "100.0%"
    assert next(r for r in rows if r[0] == "合计")[head.index("行政许可决定")] == 1


def test_the_draft_analysis_report_holds_the_figures_and_the_paragraphs_to_edit(season, login):
    response = login(season.u_head).get(reverse("statistics:docx"), H1)
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].text == "鞍山市自然资源局2026年上半年行政执法情况分析报告"
    assert "2026年1月1日至2026年6月30日" in text and "行政处罚1件" in text and "按期公示率100.0%" in text
    assert "出具法制审核意见书3份，其中按期出具2份" in text
    for heading in ("一、基本情况", "二、主要做法", "三、存在的问题", "四、下一步工作"):
        assert heading in text
    table = doc.tables[0]
    assert table.rows[0].cells[0].text == "执法主体" and table.rows[1].cells[0].text == "鞍山市自然资源局"
    region = login(season.u_supervisor).get(reverse("statistics:docx"), H1)
    assert Document(io.BytesIO(region.content)).paragraphs[0].text == "鞍山市2026年上半年行政执法情况分析报告"
