"""A document template rendered to DOCX with python-docx: A4, the title centred and bold, the number line,
the body, form rows as a table, the signature and seal block on the right; fonts set for East Asian text
(``w:eastAsia``) so Word and WPS use 仿宋/宋体 for Chinese whatever the Latin font."""

from __future__ import annotations

import io
from collections.abc import Mapping

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.run import Run

from zhifa.catalog.documents import DocumentTemplate, number_of, render_parts

BODY_FONT, TITLE_FONT, LATIN_FONT = "仿宋", "宋体", "Times New Roman"
BODY_SIZE, TITLE_SIZE, NOTE_SIZE = Pt(14), Pt(20), Pt(10.5)


def font(run: Run, east_asia: str, size: Pt, *, bold: bool = False) -> None:
    run.font.name = LATIN_FONT
    run.font.size = size
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)


def a4_document(title_text: str):  # -> docx.document.Document
    """An A4 document with the 公文 margins and fonts, its title centred and bold at the top."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT                    # type: ignore[attr-defined]
    normal.font.size = BODY_SIZE                     # type: ignore[attr-defined]
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    doc.core_properties.title = title_text
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(title.add_run(title_text), TITLE_FONT, TITLE_SIZE, bold=True)
    return doc


def render_docx(template: DocumentTemplate, values: Mapping[str, object]) -> bytes:
    parts = render_parts(template, values)          # refuses a missing required value before anything is built
    number = number_of(template, values)
    doc = a4_document(template.title)
    if number:
        line = doc.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        font(line.add_run(number), BODY_FONT, BODY_SIZE)

    table = None
    for part in parts:
        if part.kind == "row":
            if table is None:
                table = doc.add_table(rows=0, cols=2)
                table.style = "Table Grid"
                table.alignment = WD_TABLE_ALIGNMENT.CENTER
            cells = table.add_row().cells
            cells[0].width, cells[1].width = Mm(45), Mm(111)
            font(cells[0].paragraphs[0].add_run(part.label), BODY_FONT, BODY_SIZE)
            font(cells[1].paragraphs[0].add_run(part.text), BODY_FONT, BODY_SIZE)
            continue
        table = None
        paragraph = doc.add_paragraph()
        size = BODY_SIZE
        if part.kind == "para":
            paragraph.paragraph_format.first_line_indent = Pt(28)
        elif part.kind == "check":
            paragraph.paragraph_format.left_indent = Pt(28)
        elif part.kind == "sign":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif part.kind == "note":
            size = NOTE_SIZE
        font(paragraph.add_run(part.line()), BODY_FONT, size)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
