"""The region view's chart: obligations open each week, stacked 正常 / 临期 / 逾期, as inline SVG drawn here.

No script and no style attribute (the Content-Security-Policy allows neither): colours and text sizes are SVG
presentation attributes, the size comes from the viewBox and the stylesheet. The page shows the same
numbers as a table beside it, for screen readers and for anyone who wants the figures.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from zhifa.supervision.queries import Point

WIDTH, HEIGHT = 480, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 12, 46
COLOURS = {"normal": "#1e7b34", "due_soon": "#d4a72c", "late": "#b3261e"}  # zhifa.css --green; a lighter yellow
AXIS = "#5c6b7a"
GRID = "#d9dee4"


TICKS = 4


def tick_step(value: int) -> int:
    """The step of the axis' four ticks: the least of 1, 2, 5, 10, 20, 50 … whose four steps reach ``value``."""
    exp = 0
    while True:
        for m in (1, 2, 5):
            if m * 10**exp * TICKS >= value:
                return m * 10**exp
        exp += 1


def svg(points: Sequence[Point], *, label: str) -> SafeString:
    """The chart of ``points`` (oldest first); ``label`` names it for assistive technology."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = tick_step(max((p.open for p in points), default=0))
    top = step * TICKS
    n = max(len(points), 1)
    slot = plot_w / n
    bar = slot * 0.64

    def y(v: float) -> float:
        return TOP + plot_h - plot_h * v / top

    parts: list[SafeString] = []
    for v in range(0, top + 1, step):  # grid lines and their numbers
        parts.append(format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
            '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="{}">{}</text>',
            LEFT, f"{y(v):.1f}", WIDTH - RIGHT, f"{y(v):.1f}", GRID, LEFT - 4, f"{y(v) + 4:.1f}", AXIS, v))
    for i, p in enumerate(points):
        x = LEFT + i * slot + (slot - bar) / 2
        base = 0
        for key, value in (("normal", p.normal), ("due_soon", p.due_soon), ("late", p.late)):
            if value:
                parts.append(format_html('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                                         f"{x:.1f}", f"{y(base + value):.1f}", f"{bar:.1f}",
                                         f"{y(base) - y(base + value):.1f}", COLOURS[key]))
            base += value
        if i % 2 == (n - 1) % 2:  # every other week, ending with this one
            parts.append(format_html('<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text>',
                                     f"{x + bar / 2:.1f}", HEIGHT - BOTTOM + 18, AXIS,
                                     timezone.localtime(p.at).strftime("%m-%d")))
    parts.append(format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
                             LEFT, f"{y(0):.1f}", WIDTH - RIGHT, f"{y(0):.1f}", AXIS))
    legend_y = HEIGHT - 5
    legend = format_html_join("", '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
                                  '<text x="{}" y="{}" font-size="11" fill="{}">{}</text>',
                              ((LEFT + k * 72, legend_y - 9, COLOURS[key], LEFT + k * 72 + 14, legend_y, AXIS, text)
                               for k, (key, text) in enumerate((("normal", "正常"), ("due_soon", "临期"),
                                                                ("late", "逾期")))))
    return format_html('<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
                       'xmlns="http://www.w3.org/2000/svg">{}{}</svg>',
                       WIDTH, HEIGHT, label, SafeString("".join(parts)), legend)
