"""Reading the header row of an imported sheet: the one place that maps column titles to fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from zhifa.core.errors import RuleViolation


class Column(Protocol):
    @property
    def header(self) -> str: ...

    @property
    def key(self) -> str: ...


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def header_index(header_row: Sequence[Any] | None, columns: Sequence[Column], sheet: str) -> dict[str, int]:
    """{field key: column position} from a sheet's first row, in any order; a required "*" is ignored.

    Refuses, naming every missing, unknown and repeated title, so the user fixes the header once.
    """
    headers = [c.header for c in columns]
    if header_row is None or all(is_empty(v) for v in header_row):
        raise RuleViolation(f"工作表“{sheet}”是空的：第1行应为表头（{'、'.join(headers)}）", field="file")
    names = [str(v).strip().strip("*") if not is_empty(v) else "" for v in header_row]
    by_header = {c.header: c.key for c in columns}
    index: dict[str, int] = {}
    unknown, repeated = [], []
    for i, name in enumerate(names):
        if not name:
            continue
        key = by_header.get(name)
        if key is None:
            unknown.append(name)
        elif key in index:
            repeated.append(name)
        else:
            index[key] = i
    missing = [c.header for c in columns if c.key not in index]
    if missing or unknown or repeated:
        problems = [f"{label}：{'、'.join(v)}" for label, v in
                    (("缺少列", missing), ("无法识别的列", unknown), ("重复的列", repeated)) if v]
        raise RuleViolation(f"工作表“{sheet}”第1行表头不正确（{'；'.join(problems)}）。表头应为：{'、'.join(headers)}",
                            field="file")
    return index


def finish_notes(sheet: Any, *, header_style: tuple[Any, Any], widths: Sequence[float]) -> None:
    """Style a template's 说明 sheet: a bold first row, column widths, wrapped text aligned to the top."""
    from openpyxl.styles import Alignment

    for cell in sheet[1]:
        cell.font, cell.fill = header_style
    for letter, width in zip("ABCDEFGH", widths, strict=False):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def workbook_bytes(workbook: Any) -> bytes:
    import io

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
