"""Which cut of Noto Serif SC a document is set in (zhifa.documents.fonts): the common characters' cut that the
install step makes, or the whole font when a document holds a character outside it — never a missing glyph."""

from __future__ import annotations

import io

from pypdf import PdfReader
from tests.documents.test_issued_documents import needs_poppler, pdf_text

from zhifa.catalog.documents import DECISION, sample_values
from zhifa.documents import fonts
from zhifa.documents.pdf import render_pdf

RARE = "赟"  # in names, outside GB 2312


def embedded_outlines(data: bytes) -> str:
    """How the embedded font draws: /FontFile2 holds TrueType outlines, /FontFile3 CFF ones."""
    font = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"]
    descendant = next(iter(font.values())).get_object()["/DescendantFonts"][0].get_object()
    descriptor = descendant["/FontDescriptor"].get_object()
    return next(key for key in ("/FontFile2", "/FontFile3") if key in descriptor)


def test_the_install_step_made_the_cut_and_it_holds_every_chinese_character_of_gb2312():
    assert fonts.common_path().exists(), "缺少常用字字体：请运行 make（或 zhifa fonts）"
    hanzi = {c for c in fonts.common_characters() if "\u4e00" <= c <= "\u9fff"}
    assert len(hanzi) == 6763 and hanzi <= fonts.covered()
    assert RARE not in fonts.covered()


def test_a_document_of_common_characters_is_set_in_the_cut_and_one_with_a_rare_character_in_the_whole_font():
    assert fonts.font_for("鞍山市自然资源局\n行政处罚决定书（2026）") == str(fonts.common_path())
    assert fonts.font_for(f"当事人：王{RARE}") == fonts.full_path()


@needs_poppler
def test_a_rare_character_in_a_name_is_printed_from_the_whole_font():
    common = render_pdf(DECISION, sample_values(DECISION))
    rare = render_pdf(DECISION, {**sample_values(DECISION), "当事人名称": f"王{RARE}"})
    assert f"当事人：王{RARE}" in pdf_text(rare)
    assert "当事人：" in pdf_text(common)
    # the same layout, the glyphs from two different fonts: the cut's TrueType outlines, the whole font's CFF
    assert (embedded_outlines(common), embedded_outlines(rare)) == ("/FontFile2", "/FontFile3")
