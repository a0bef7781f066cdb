"""A document template rendered to PDF: A4, the fonts embedded, so it opens and prints the same anywhere.

fpdf2 lays out the same parts the DOCX has (``zhifa.catalog.documents.render_parts``): the title centred, the
number line, body paragraphs indented two characters, form rows as a ruled two-column table, the signature and
seal block on the right, notes small. Chinese text is set in Noto Serif SC, the
OFL font the ``pylopdf-fonts-zh-cn`` package installs with the project (``zhifa.documents.fonts`` says which
cut of it); fpdf2 embeds only the glyphs used (a subset through fontTools), so a document is tens of kilobytes
and needs no font on the reader's machine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from zhifa.catalog.documents import CHECKED, DocumentTemplate, Rendered, number_of, render_parts
from zhifa.documents.fonts import font_for

BODY = "body"
BODY_SIZE, TITLE_SIZE, NOTE_SIZE = 14, 20, 10.5
LINE = 8.0            # mm between body lines at 14 pt
# Chinese is broken between any two characters: by words, fpdf breaks only at spaces, and "1. 责令……" left "1."
# alone on its line with the item below it
CJK = WrapMode.CHAR


def _new_pdf(title: str, created: dt.datetime | None, font_file: str) -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(left=28, top=37, right=26)
    pdf.set_auto_page_break(auto=True, margin=35)
    pdf.add_font(BODY, fname=font_file)
    for font in pdf.fonts.values():
        # keep the font's own bounding boxes: recomputing them from every CFF outline at subsetting took
        # most of a document's time, and a subset's glyphs lie within the whole font's box anyway
        font.ttfont.recalcBBoxes = False  # type: ignore[union-attr]
    pdf.set_title(title)
    pdf.set_lang("zh-CN")
    pdf.set_creator("zhifa")
    if created is not None:
        pdf.set_creation_date(created)
    pdf.add_page()
    return pdf


def _checkbox(pdf: FPDF, *, ticked: bool) -> None:
    """A box drawn as lines (the Noto SC fonts have no ☑/☐), ticked for the chosen item."""
    x, y, side = pdf.l_margin + 9, pdf.get_y() + (LINE - 4) / 2, 4.0
    pdf.set_line_width(0.3)
    pdf.rect(x, y, side, side)
    if ticked:
        pdf.polyline([(x + 0.8, y + 2.1), (x + 1.7, y + 3.2), (x + 3.4, y + 0.8)])


def _words(part: Rendered) -> str:
    """What of a part is set in the font: a checklist's boxes are drawn."""
    return part.text[1:] if part.kind == "check" else part.line()


def render_pdf(template: DocumentTemplate, values: Mapping[str, object], *,
               created: dt.datetime | None = None) -> bytes:
    parts = render_parts(template, values)          # refuses a missing required value before anything is built
    number = number_of(template, values)
    pdf = _new_pdf(template.title, created, font_for(template.title + number + "".join(_words(p) for p in parts)))
    width = pdf.epw

    pdf.set_font(BODY, size=TITLE_SIZE)
    pdf.multi_cell(width, 12, template.title, align=Align.C, wrapmode=CJK, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(BODY, size=BODY_SIZE)
    if number:
        pdf.multi_cell(width, LINE, number, align=Align.C, wrapmode=CJK, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(LINE / 2)

    i = 0
    while i < len(parts):
        part = parts[i]
        if part.kind == "row":
            rows = []
            while i < len(parts) and parts[i].kind == "row":
                rows.append((parts[i].label, parts[i].text))
                i += 1
            pdf.set_font(BODY, size=BODY_SIZE - 2)
            with pdf.table(wrapmode=CJK, col_widths=(45, width - 45), first_row_as_headings=False, line_height=LINE - 1,
                           text_align=("LEFT", "LEFT"), headings_style=FontFace(), padding=1.5) as table:
                for label, text in rows:
                    row = table.row()
                    row.cell(label)
                    row.cell(text)
            pdf.set_font(BODY, size=BODY_SIZE)
            pdf.ln(LINE / 2)
            continue
        i += 1
        if part.kind == "sign":
            if i == 1 or parts[i - 2].kind != "sign":
                pdf.ln(LINE)  # the signature block stands apart from the text above it
            pdf.multi_cell(width, LINE, part.line(), align=Align.R, wrapmode=CJK, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        elif part.kind == "note":
            pdf.set_font(BODY, size=NOTE_SIZE)
            pdf.multi_cell(width, LINE * 0.75, part.line(), align=Align.L, wrapmode=CJK, new_x=XPos.LMARGIN,
                           new_y=YPos.NEXT)
            pdf.set_font(BODY, size=BODY_SIZE)
        elif part.kind == "para":
            # write() flows from the current x and wraps to the margin: the first line starts two characters in
            pdf.set_x(pdf.l_margin + 2 * pdf.get_string_width("\u3000"))
            pdf.write(LINE, part.line(), wrapmode=CJK)
            pdf.ln(LINE)
        elif part.kind == "check":
            _checkbox(pdf, ticked=part.text.startswith(CHECKED))
            pdf.set_x(pdf.l_margin + 16)
            pdf.multi_cell(width - 16, LINE, part.text[1:].strip(), align=Align.L, wrapmode=CJK, new_x=XPos.LMARGIN,
                           new_y=YPos.NEXT)
        else:  # addressee and anything plain
            pdf.multi_cell(width, LINE, part.line(), align=Align.L, wrapmode=CJK, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
