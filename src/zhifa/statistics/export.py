"""The figures as an xlsx (core.spreadsheet) and the draft 行政执法情况分析报告 as DOCX (python-docx, laid out as
catalog.docx lays out a 执法文书): the figures in words and in a table, and the standard paragraphs the agency
edits before it sends the report to the 司法局."""

from __future__ import annotations

import io

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Pt

from zhifa.catalog.docx import BODY_FONT, BODY_SIZE, NOTE_SIZE, a4_document, font
from zhifa.core.spreadsheet import table_bytes
from zhifa.statistics.figures import COUNTERS, Figures, Row, percent


def lines(f: Figures) -> list[Row]:
    """The table's rows: each agency, then each region's and the whole total (the total alone for one agency)."""
    if len(f.agencies) <= 1:
        return f.agencies
    return [*f.agencies, *f.regions, f.total] if len(f.regions) > 1 else [*f.agencies, f.total]


def header() -> list[str]:
    return ["执法主体", *(c.label if c.group != "执法决定" else f"{c.label}决定" for c in COUNTERS), "按期公示率"]


def xlsx(f: Figures) -> bytes:
    rows = [[row.label, *(n for _c, n in row.cells()), percent(row.on_time_rate)] for row in lines(f)]
    return table_bytes(f"{f.period.label}行政执法统计", header(), rows, widths=(28, *([11] * len(COUNTERS)), 11),
                       note="按期公示：在决定之日起7个工作日（其他执法决定20个工作日）内公示；法制审核数据取自法制审核统计。")


def _paragraph(doc, text: str, *, bold: bool = False, indent: bool = True) -> None:
    p = doc.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = Pt(28)
    font(p.add_run(text), BODY_FONT, BODY_SIZE, bold=bold)


def summary(row: Row, f: Figures) -> str:
    """The figures of ``row`` in one paragraph of words."""
    v = row.values
    kinds = "、".join(f"{c.label}{n}件" for c, n in row.cells() if c.group == "执法决定")
    start, end = f.period.start, f.period.end
    return (f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日，"
            f"{row.label if row.agency else '各执法主体'}"
            f"共作出行政执法决定{row.decisions}件，其中{kinds}。公示行政执法信息{v.get('published', 0)}条，"
            f"其中按期公示{v.get('published_on_time', 0)}条，按期公示率{percent(row.on_time_rate)}；撤回公示信息"
            f"{v.get('withdrawn', 0)}条，收到更正申请{v.get('corrected', 0)}件。出具法制审核意见书"
            f"{v.get('reviewed', 0)}份，其中按期出具{v.get('reviewed_on_time', 0)}份。")


STANDARD = (
    ("二、主要做法", "（请结合本单位实际填写：落实行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度的主要"
                  "措施，执法信息公示平台建设和使用情况，执法人员培训和持证上岗情况等。）"),
    ("三、存在的问题", "（请结合上述数据分析填写：公示不及时、撤回或更正较多的原因，法制审核力量配备不足，音像记录设备"
                    "配备和使用中的问题等。）"),
    ("四、下一步工作", "（请填写改进行政执法工作的具体措施和时间安排。）"),
)


def docx(f: Figures, scope_name: str) -> bytes:
    title = f"{scope_name}{f.period.label}行政执法情况分析报告"
    doc = a4_document(title)
    _paragraph(doc, "（草稿，供修改后报送司法局）", indent=False)
    _paragraph(doc, "一、基本情况", bold=True, indent=False)
    total = f.agencies[0] if len(f.agencies) == 1 else f.total
    _paragraph(doc, summary(total, f))
    table = doc.add_table(rows=1, cols=len(COUNTERS) + 2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header(), strict=True):
        font(cell.paragraphs[0].add_run(text), BODY_FONT, NOTE_SIZE, bold=True)
    for row in lines(f):
        values = [row.label, *(str(n) for _c, n in row.cells()), percent(row.on_time_rate)]
        for cell, text in zip(table.add_row().cells, values, strict=True):
            font(cell.paragraphs[0].add_run(text), BODY_FONT, NOTE_SIZE)
    for heading, text in STANDARD:
        _paragraph(doc, heading, bold=True, indent=False)
        _paragraph(doc, text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
