"""The portal's colours (WCAG 2.1, 1.4.3): every text colour of the stylesheets the portal's pages load reads
at a contrast of at least 4.5:1 against its own rule's background, or, where the rule sets none, against both
backgrounds a portal page's text stands on (a card's white and the page's grey)."""

from __future__ import annotations

import re
from pathlib import Path

import zhifa

SRC = Path(zhifa.__file__).resolve().parent
TEMPLATES = [SRC / "templates" / "base.html", *sorted((SRC / "templates" / "portal").glob("*.html"))]
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b|var\(--[a-z-]+\)")


def stylesheets() -> list[Path]:
    names = {m for t in TEMPLATES for m in re.findall(r"""\{% static ['"]([^'"]+\.css)['"] %\}""", t.read_text())}
    return [SRC / "static" / name for name in sorted(names)]


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    h = "".join(c * 2 for c in h) if len(h) == 3 else h
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def declarations(css: str) -> list[tuple[str, dict[str, str]]]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = []
    for selector, body in RULE.findall(css):
        decls = {}
        for part in body.split(";"):
            name, _, value = part.partition(":")
            if value:
                decls[name.strip()] = value.strip()
        rules.append((selector.strip().split("@media")[-1].strip(), decls))
    return rules


def test_every_text_colour_of_the_portal_reads_at_four_and_a_half_to_one():
    sheets = stylesheets()
    assert [p.name for p in sheets] == ["catalog.css", "portal.css", "publicity.css", "zhifa.css"]
    rules = [rule for sheet in sheets for rule in declarations(sheet.read_text())]
    variables = {k: v for selector, decls in rules if selector == ":root" for k, v in decls.items()}

    def resolve(value: str) -> str | None:
        found = COLOUR.search(value)
        if found is None:
            return None
        colour = found.group()
        return variables[colour[4:-1]] if colour.startswith("var(") else colour

    page_backgrounds = ["#fff", resolve("var(--bg)")]
    ink = resolve("var(--ink)")
    checked, poor = 0, []
    for selector, decls in rules:
        text = resolve(decls["color"]) if "color" in decls else None
        own = resolve(decls.get("background-color") or decls.get("background") or "")
        if text is None and own is None:
            continue
        text = text or ink
        for background in [own] if own else page_backgrounds:
            checked += 1
            if contrast(text, background) < 4.5:
                poor.append(f"{selector}: {text} / {background} = {contrast(text, background):.2f}")
    assert checked > 20 and poor == []


def test_the_contrast_is_computed_as_wcag_defines_it():
    assert round(contrast("#000", "#fff"), 1) == 21.0
    assert round(contrast("#777", "#fff"), 2) == 4.48  # the well-known grey just under the line
