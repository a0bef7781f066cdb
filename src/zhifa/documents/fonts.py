"""The font a PDF is set in: Noto Serif SC, whole or cut down to the common characters.

The whole font has 31,000 glyphs; fpdf2 reads every glyph's metrics when a font is added and fontTools walks the
whole CFF table when it embeds the glyphs used, which took about a second per document. The characters of
GB 2312 (its 6,763 汉字 and its symbols), ASCII and the CJK and full-width punctuation cover almost every
document; they are cut down once (``zhifa fonts``, run by the Makefile's install step) and their outlines
turned from CFF's cubic curves into TrueType's quadratic ones: fontTools subsets a TrueType glyph table by
copying each glyph's bytes, where a CFF table has every used glyph's charstring run and compiled again. A
document then takes about a tenth of a second instead of a second. A document with a character outside them (a
rare character in a name) is set in the whole font, so no glyph is ever missing. The cut and the conversion are
fontTools' own (its subsetter, the tool fpdf2 itself uses, and its cu2qu pen, at most 1/1000 em from the
original curve).
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pylopdf_fonts_zh_cn

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

ENV = "ZHIFA_FONT_DIR"


@cache
def full_path() -> str:
    """Noto Serif SC from the installed package, never a system font."""
    return str(pylopdf_fonts_zh_cn.serif_path())


def common_characters() -> set[str]:
    """GB 2312's characters, ASCII, the general, CJK and full-width punctuation."""
    chars = {chr(c) for c in (*range(0x20, 0x7F), *range(0x2000, 0x2070), *range(0x3000, 0x3040),
                              *range(0xFF00, 0xFFF0))}
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:  # the table's unassigned codes
                continue
    return chars


def common_path() -> Path:
    """Where the cut-down font is kept: named after the whole font's size, so an upgraded font package is cut
    again rather than answered by an old cut."""
    folder = Path(os.environ.get(ENV) or Path(sys.prefix) / "share" / "zhifa" / "fonts")
    return folder / f"NotoSerifSC-Regular-{os.path.getsize(full_path())}-gb2312.ttf"


def make_common() -> Path:
    """Cut the whole font down to the common characters, in TrueType outlines (about a minute); written whole
    or not at all."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    target = common_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.name_IDs, options.name_languages = ["*"], ["*"]
    options.notdef_outline = True
    # fpdf2 drops the layout tables from what it embeds anyway.
    options.layout_features = []
    options.drop_tables += ["GDEF", "GPOS", "GSUB"]
    font = TTFont(full_path(), recalcTimestamp=False)  # the same bytes from the same font: PDFs reproducible
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in common_characters()])
    subsetter.subset(font)
    _to_truetype(font)
    partial = target.with_suffix(".partial")
    font.save(str(partial))
    partial.replace(target)
    covered.cache_clear()
    return target


def _to_truetype(font: TTFont) -> None:
    """Replace the CFF outlines by quadratic TrueType ones (fontTools' otf2ttf recipe)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    outlines = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(None)
        # CFF draws outer contours counter-clockwise, TrueType clockwise
        outlines[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    del font["CFF "]
    if "VORG" in font:  # vertical origins belong to CFF fonts only
        del font["VORG"]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    font.sfntVersion = "\x00\x01\x00\x00"


@cache
def covered() -> frozenset[str]:
    """The characters the cut-down font has; empty when it has not been made."""
    path = common_path()
    if not path.exists():
        return frozenset()
    from fontTools.ttLib import TTFont

    return frozenset(chr(c) for c in TTFont(str(path), lazy=True).getBestCmap())


def font_for(text: str) -> str:
    """The font file for a document that holds ``text``: the cut-down one when it has every character."""
    have = covered()
    if have and {c for c in text if c >= " "} <= have:  # line breaks are layout, not glyphs
        return str(common_path())
    return full_path()
