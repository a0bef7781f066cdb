"""Horizontal bar charts drawn on the server as SVG, for the statistics pages (法制审核统计, 执法统计).

No script and no style attribute (the Content-Security-Policy allows neither): colours and text sizes are SVG
presentation attributes, the size comes from the viewBox and the stylesheet. Every page that shows a chart
shows the same numbers in a table beside it, for screen readers and for anyone who wants the figures.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString

WIDTH, ROW, RIGHT, TOP = 560, 46, 44, 4
AXIS = "#5c6b7a"


def bars(rows: Sequence[tuple[str, Sequence[int]]], colours: Sequence[str], *, label: str) -> SafeString:
    """One horizontal bar per (name, parts) under its name, the parts side by side in ``colours``' order and
    the total after the bar; ``label`` names the chart for assistive technology."""
    most = max((sum(parts) for _name, parts in rows), default=0) or 1
    plot_w = WIDTH - RIGHT
    out: list[SafeString] = []
    for i, (name, parts) in enumerate(rows):
        y = TOP + i * ROW
        out.append(format_html('<text x="0" y="{}" font-size="13" fill="{}">{}</text>', y + 14, AXIS, name))
        x = 0.0
        for colour, n in zip(colours, parts, strict=True):
            if n:
                w = plot_w * n / most
                out.append(format_html('<rect x="{}" y="{}" width="{}" height="18" fill="{}"/>',
                                       f"{x:.1f}", y + 20, f"{w:.1f}", colour))
                x += w
        out.append(format_html('<text x="{}" y="{}" font-size="13" fill="{}">{}</text>',
                               f"{x + 4:.1f}", y + 34, AXIS, sum(parts)))
    return format_html('<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
                       'xmlns="http://www.w3.org/2000/svg">{}</svg>',
                       WIDTH, TOP + len(rows) * ROW, label, SafeString("".join(out)))


def swatch(colour: str) -> SafeString:
    """A legend's square of ``colour``, as SVG (no style attribute under the CSP)."""
    return format_html('<svg class="swatch" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true" '
                       'xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10" fill="{}"/></svg>', colour)
