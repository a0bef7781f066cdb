"""Flow charts (执法流程图, 法制审核流程图) drawn as SVG on the server from a ``Process`` definition.

Layout, by hand and deterministic: each stage's row is the length of the longest path of forward transitions
that reaches it (declaration order decides forward and back), its column is the stage's own; a transition to
the next row, or straight down a free column, is drawn directly, any other forward transition along a lane to
the right, and a transition back (补充调查, 重新报送) along a lane on the side of its source. Transition labels
run beside the line; guards are numbered on the line and listed, with their rules, under the chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from zhifa.catalog.processes import Process, Transition
from zhifa.core.labels import rule_name

BOX_W, BOX_H = 176, 60
ROW_H = 104
COL_GAP = 64
LANE = 24
TOP = 64
MARGIN = 16
FONT = "'Noto Sans CJK SC','WenQuanYi Micro Hei','PingFang SC','Microsoft YaHei',sans-serif"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
LEGEND_CHARS = 44


@dataclass
class Box:
    code: str
    label: str
    limit: str
    basis: str
    row: int
    col: int
    x: float = 0   # left
    y: float = 0   # top

    @property
    def cx(self) -> float:
        return self.x + BOX_W / 2

    @property
    def cy(self) -> float:
        return self.y + BOX_H / 2


def _layout(process: Process) -> dict[str, Box]:
    order = {s.code: i for i, s in enumerate(process.stages)}
    rows: dict[str, int] = {}
    for stage in process.stages:
        incoming = [rows[t.source] + 1 for t in process.transitions
                    if t.target == stage.code and order[t.source] < order[stage.code]]
        rows[stage.code] = max(incoming, default=0)
    boxes: dict[str, Box] = {}
    taken: set[tuple[int, int]] = set()
    for stage in process.stages:
        col = stage.column
        while (rows[stage.code], col) in taken:
            col += 1
        taken.add((rows[stage.code], col))
        boxes[stage.code] = Box(stage.code, stage.label, stage.limit, stage.basis, rows[stage.code], col)
    return boxes


def _is_back(process: Process, t: Transition) -> bool:
    order = [s.code for s in process.stages]
    return order.index(t.target) < order.index(t.source)


def _text(x: float, y: float, text: str, *, size: int = 12, weight: str = "normal", anchor: str = "middle",
          fill: str = "#1d2733", vertical: bool = False) -> str:
    style = "writing-mode:vertical-rl;glyph-orientation-vertical:0;" if vertical else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" text-anchor="{anchor}" '
            f'fill="{fill}" style="{style}">{escape(text)}</text>')


def _path(points: list[tuple[float, float]], *, dashed: bool = False) -> str:
    d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dash = ' stroke-dasharray="5,4"' if dashed else ""
    return f'<path d="{d}" fill="none" stroke="#5c6b7a" stroke-width="1.4"{dash} marker-end="url(#arrow)"/>'


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for ch in text:
        line += ch
        if len(line) >= width:
            lines.append(line)
            line = ""
    return [*lines, line] if line else lines


def render_svg(process: Process) -> str:
    boxes = _layout(process)
    columns = max(b.col for b in boxes.values()) + 1
    rows = max(b.row for b in boxes.values()) + 1
    guard_numbers = {g.code: CIRCLED[i] for i, g in enumerate(process.guards())}

    # Lanes: back transitions from the main column go left, everything else that cannot go direct goes right.
    occupied = {(b.row, b.col) for b in boxes.values()}
    direct: list[Transition] = []
    right: list[Transition] = []
    left: list[Transition] = []
    for t in process.transitions:
        a, b = boxes[t.source], boxes[t.target]
        if _is_back(process, t):
            (left if a.col == 0 else right).append(t)
        elif b.row == a.row + 1 or (a.col == b.col and all((r, a.col) not in occupied
                                                            for r in range(a.row + 1, b.row))):
            direct.append(t)
        else:
            right.append(t)

    def span(t: Transition) -> int:
        return abs(boxes[t.target].row - boxes[t.source].row)

    right.sort(key=span)
    left.sort(key=span)
    left_w = MARGIN + len(left) * LANE + (MARGIN if left else 0)
    for box in boxes.values():
        box.x = left_w + box.col * (BOX_W + COL_GAP)
        box.y = TOP + box.row * ROW_H
    right_x0 = left_w + columns * BOX_W + (columns - 1) * COL_GAP + 20
    width = right_x0 + len(right) * LANE + MARGIN + 8
    chart_h = TOP + rows * ROW_H

    legend = [f"{guard_numbers[g.code]} {g.label}（{rule_name(g.rule)}）" for g in process.guards()]
    legend_lines = [line for item in legend for line in _wrap(item, max(LEGEND_CHARS, int(width / 13.5)))]
    height = chart_h + 28 + 18 * len(legend_lines) + MARGIN

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
           f'height="{height:.0f}" role="img" aria-label={quoteattr(process.name + "流程图")} '
           f'font-family="{FONT}">',
           f"<title>{escape(process.name)}流程图</title>",
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5c6b7a"/></marker></defs>',
           f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
           _text(MARGIN, 28, process.name, size=17, weight="bold", anchor="start"),
           _text(MARGIN, 48, f"依据：{rule_name(process.basis)}", size=11, anchor="start", fill="#5c6b7a")]

    def label_of(t: Transition) -> str:
        marks = "".join(guard_numbers[g.code] for g in t.guards)
        return " ".join(p for p in (t.label, marks) if p)

    for t in direct:
        a, b = boxes[t.source], boxes[t.target]
        mid = a.y + BOX_H + 16  # branches leave along one line just under their source
        if a.col == b.col:
            points = [(a.cx, a.y + BOX_H), (b.cx, b.y)]
            lx, ly, anchor = a.cx + 6, mid + 16, "start"
        else:
            points = [(a.cx, a.y + BOX_H), (a.cx, mid), (b.cx, mid), (b.cx, b.y)]
            lx, ly, anchor = (b.cx - 6, mid - 4, "end") if b.cx > a.cx else (b.cx + 6, mid - 4, "start")
        out.append(_path(points))
        if label_of(t):
            out.append(_text(lx, ly, label_of(t), size=11, anchor=anchor, fill="#0b5cad"))
    def blocked(box: Box, side: int) -> bool:
        """Another box in ``box``'s row between it and the lanes on ``side`` (+1 right, -1 left)."""
        return any(o.row == box.row and (o.col - box.col) * side > 0 for o in boxes.values())

    def lane_path(a: Box, b: Box, x: float, side: int, offset: float) -> list[tuple[float, float]]:
        edge = BOX_W if side > 0 else 0
        if blocked(a, side):  # leave from below, along the gap under the row
            start = [(a.cx + offset, a.y + BOX_H), (a.cx + offset, a.y + BOX_H + 10 + abs(offset)),
                     (x, a.y + BOX_H + 10 + abs(offset))]
        else:
            start = [(a.x + edge, a.cy + offset), (x, a.cy + offset)]
        if blocked(b, side):  # arrive from above
            end = [(x, b.y - 10 - abs(offset)), (b.cx + offset, b.y - 10 - abs(offset)), (b.cx + offset, b.y)]
        else:
            end = [(x, b.cy + offset), (b.x + edge, b.cy + offset)]
        return start + end

    for i, t in enumerate(right):
        a, b = boxes[t.source], boxes[t.target]
        x = right_x0 + i * LANE
        back = _is_back(process, t)
        points = lane_path(a, b, x, +1, 6 if back else -6)
        out.append(_path(points, dashed=back))
        if label_of(t):
            out.append(_text(x + 10, min(points[1][1], points[-2][1]) + 10, label_of(t), size=11, anchor="start",
                             fill="#0b5cad", vertical=True))
    for i, t in enumerate(left):
        a, b = boxes[t.source], boxes[t.target]
        x = left_w - MARGIN - i * LANE
        points = lane_path(a, b, x, -1, 6)
        out.append(_path(points, dashed=True))
        if label_of(t):
            out.append(_text(x + 10, min(points[1][1], points[-2][1]) + 14, label_of(t), size=11, anchor="start",
                             fill="#0b5cad", vertical=True))
    for box in boxes.values():
        first = box.code == process.start.code
        out.append(f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="{18 if first else 6}" '
                   f'fill="{"#fbe9e7" if first else "#eef1f4"}" stroke="#b3261e" stroke-width="1.2"/>')
        subs = [p for p in (box.limit, rule_name(box.basis)) if p]
        out.append(_text(box.cx, box.y + {0: 35, 1: 27, 2: 22}[len(subs)], box.label, size=14, weight="bold"))
        for n, sub in enumerate(subs):
            out.append(_text(box.cx, box.y + (42 if len(subs) == 1 else 38 + 14 * n), sub, size=10,
                             fill="#5c6b7a"))
    y = chart_h + 20
    if legend_lines:
        out.append(_text(MARGIN, y, "转换条件：", size=12, weight="bold", anchor="start"))
        for line in legend_lines:
            y += 18
            out.append(_text(MARGIN, y, line, size=11, anchor="start"))
    out.append("</svg>")
    return "\n".join(out)


# ---------------------------------------------------------------- the same chart as a list, for a phone


@dataclass(frozen=True)
class Way:
    """One way out of a stage, as the list version reads it."""

    target: str
    label: str
    guards: tuple[tuple[str, str, str], ...]   # (number as on the chart, condition, rule in words)
    back: bool


@dataclass(frozen=True)
class Step:
    label: str
    limit: str
    basis: str
    start: bool
    ways: tuple[Way, ...]


def steps(process: Process) -> list[Step]:
    """The process as an ordered list of stages, each with its ways on and their conditions: what the chart
    shows, for a narrow screen (and a screen reader), from the same definition. Rules are shown in words
    (``core.errors.rule_name``), not as requirement codes."""
    numbers = {g.code: CIRCLED[i] for i, g in enumerate(process.guards())}
    return [Step(label=stage.label, limit=stage.limit, basis=rule_name(stage.basis) if stage.basis else "",
                 start=stage.code == process.start.code,
                 ways=tuple(Way(target=process.stage(t.target).label, label=t.label,
                                guards=tuple((numbers[g.code], g.label, rule_name(g.rule)) for g in t.guards),
                                back=_is_back(process, t))
                            for t in process.transitions_from(stage.code)))
            for stage in process.stages]
