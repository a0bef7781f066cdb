"""The one place every spreadsheet passes through: reading an imported sheet within limits, and writing cells.

Reading (``read_rows``): an xlsx is a zip, so its size on upload says little about what it costs to read. The
declared unpacked size of its members is checked before anything is parsed; Python's ``zipfile`` never
returns more than a member's declared size (a member whose data runs longer fails its CRC check and the file
is refused as unreadable), so that declaration bounds the work even when it lies. Rows (empty ones too) and
cell lengths are then checked while openpyxl streams the sheet in read-only mode. The limits are the settings
``ZHIFA_IMPORT_MAX_UNPACKED_BYTES``, ``ZHIFA_IMPORT_MAX_ROWS`` and ``ZHIFA_IMPORT_MAX_CELL_CHARS``.

Writing (``append_row``): a text cell that a spreadsheet program could take for a formula (it begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written as a string cell with Excel's quote prefix, so
it is shown and edited as text and reads back unchanged; characters XML 1.0 cannot carry (control characters)
are replaced by U+FFFD instead of failing the whole export.

Messages shown to the user quote cell values only through ``excerpt``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings

from zhifa.core.errors import RuleViolation

EXCERPT_CHARS = 50
PROGRESS_EVERY = 200  # rows between two reports of an import's progress
MESSAGE_CHARS = 300  # a row error: the rule's sentence and a few excerpts, never a whole cell
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Column(Protocol):
    @property
    def header(self) -> str: ...

    @property
    def key(self) -> str: ...


def excerpt(value: Any, limit: int = EXCERPT_CHARS) -> str:
    """``value`` as text for a message, cut to ``limit`` characters."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class RowError:
    row: int       # the Excel row number, as the user sees it
    column: str    # the column header, or "" for the row as a whole
    message: str

    def __post_init__(self) -> None:
        # The last guard for messages built elsewhere (the rules' own sentences) that quote a value whole.
        object.__setattr__(self, "message", excerpt(self.message, MESSAGE_CHARS))

    def __str__(self) -> str:
        where = f"第{self.row}行 {self.column}" if self.column else f"第{self.row}行"
        return f"{where}：{self.message}"


class ImportRejected(RuleViolation):
    """One or more rows were wrong, so nothing was written; ``errors`` lists every one of them."""

    def __init__(self, errors: list[RowError], rule: str) -> None:
        super().__init__(f"导入失败：共{len(errors)}处错误，未导入任何数据", field="file", rule=rule,
                         details=[str(e) for e in errors])
        self.errors = errors


Progress = Callable[[int, int], None]  # (rows checked, rows in the file), told while no transaction is open


def each_row(rows: list[tuple[int, dict[str, Any]]],
             progress: Progress | None) -> Iterator[tuple[int, dict[str, Any]]]:
    """The rows, telling ``progress`` every few hundred and at the end."""
    for done, item in enumerate(rows, start=1):
        yield item
        if progress and (done % PROGRESS_EVERY == 0 or done == len(rows)):
            progress(done, len(rows))


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def header_index(header_row: Sequence[Any] | None, columns: Sequence[Column], sheet: str) -> dict[str, int]:
    """{field key: column position} from a sheet's first row, in any order; a required "*" is ignored.

    Refuses, naming every missing, unknown and repeated title, so the user fixes the header once.
    """
    headers = [c.header for c in columns]
    if header_row is None or all(is_empty(v) for v in header_row):
        raise RuleViolation(f"工作表“{sheet}”是空的：第1行应为表头（{'、'.join(headers)}）", field="file")
    names = [excerpt(str(v).strip().strip("*"), 40) if not is_empty(v) else "" for v in header_row]
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
        problems = [f"{label}：{excerpt('、'.join(v), 200)}" for label, v in
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


def append_row(sheet: Any, values: Sequence[Any]) -> None:
    """Append a row of cells to ``sheet`` as every export must: text that looks like a formula stays text, and
    characters an xlsx cannot hold are replaced rather than failing the file."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    sheet.append([ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_LEAD):
            cell.data_type = "s"     # openpyxl took a leading "=" for a formula
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited, and shows it as typed


def workbook_bytes(workbook: Any) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def table_bytes(title: str, header: Sequence[str], rows: Iterator[Sequence[Any]] | Sequence[Sequence[Any]],
                *, widths: Sequence[float] = (), note: str = "") -> bytes:
    """A one-sheet workbook of a list page: a bold header row, then the rows, safely; ``note`` (say, that
    the list was cut short) as a last row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    append_row(sheet, list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, list(row))
    if note:
        append_row(sheet, [note])
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    return workbook_bytes(book)


def xlsx_response(data: bytes, name: str, ascii_name: str) -> Any:
    """A download of ``data`` named ``name`` (with ``ascii_name`` for clients that read no RFC 6266 name)."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    encoded = content_disposition_header(as_attachment=True, filename=name) or ""
    response["Content-Disposition"] = encoded.replace("attachment;", f'attachment; filename="{ascii_name}";', 1)
    return response


def _unreadable() -> RuleViolation:
    return RuleViolation("无法读取文件：请上传Excel 2007及以上版本的.xlsx文件（.xls文件请先在Excel中另存为.xlsx），"
                         "建议使用导入模板填写", field="file")


def _check_unpacked(data: bytes) -> None:
    """Refuse, before openpyxl opens it, a file whose members declare more than the unpacked limit."""
    limit = settings.ZHIFA_IMPORT_MAX_UNPACKED_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _unreadable() from None
    if total > limit:
        raise RuleViolation(f"文件解压后的内容（{total / 2**20:.1f} MB）超过{limit / 2**20:.0f} MB的上限，"
                            "不像是正常的导入文件；请删除多余的内容，或拆分后分批导入", field="file")


def read_upload(file: Any, max_bytes: int) -> bytes:
    """The bytes of an uploaded file, refused by its size before it is read."""
    size = file.size
    if size > max_bytes:
        raise RuleViolation(f"文件过大（{size / 2**20:.1f} MB），单个文件不得超过{max_bytes // 2**20} MB，"
                            "请拆分后分批导入", field="file")
    if not size:
        raise RuleViolation("上传的文件是空的", field="file")
    file.seek(0)
    return bytes(file.read())


def read_rows(data: bytes, *, sheet: str, columns: Sequence[Column],
              max_data_rows: int) -> list[tuple[int, dict[str, Any]]]:
    """[(Excel row number, {column key: raw value})] of the non-empty rows of ``sheet``, read within the limits.

    Raises RuleViolation, naming the limit or what is wrong, when the file is unreadable, too big once
    unpacked, or not laid out as the template is; nothing of a refused file is read past the check that
    refuses it.
    """
    import openpyxl

    _check_unpacked(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a broken or foreign file fails in many ways inside zipfile/openpyxl/XML parsing
        raise _unreadable() from None
    try:
        if sheet not in workbook.sheetnames:
            present = excerpt("、".join(workbook.sheetnames), 100)
            raise RuleViolation(f"文件中没有名为“{sheet}”的工作表（现有：{present}），请使用导入模板填写",
                                field="file")
        try:
            return _stream(workbook[sheet], sheet, columns, max_data_rows)
        except RuleViolation:
            raise
        except Exception:
            raise RuleViolation(f"工作表“{sheet}”的内容无法读取，文件可能已损坏", field="file") from None
    finally:
        workbook.close()


def _stream(worksheet: Any, sheet: str, columns: Sequence[Column],
            max_data_rows: int) -> list[tuple[int, dict[str, Any]]]:
    from openpyxl.utils import get_column_letter

    max_rows = settings.ZHIFA_IMPORT_MAX_ROWS
    max_chars = settings.ZHIFA_IMPORT_MAX_CELL_CHARS
    too_many = RuleViolation(f"工作表“{sheet}”超过{max_rows}行（含空行），请删除多余的行后重试", field="file")
    if (worksheet.max_row or 0) > max_rows:  # the sheet's declared dimension, before any row is read
        raise too_many
    rows = worksheet.iter_rows(values_only=True)
    index: dict[str, int] | None = None
    out: list[tuple[int, dict[str, Any]]] = []
    for number, row in enumerate(rows, start=1):
        if number > max_rows:
            raise too_many
        for position, value in enumerate(row):
            if isinstance(value, str) and len(value) > max_chars:
                raise RuleViolation(f"第{number}行{get_column_letter(position + 1)}列有{len(value)}个字，"
                                    f"超过单元格{max_chars}个字的上限", field="file")
        if index is None:
            index = header_index(row, columns, sheet)
            continue
        values = {key: row[i] if i < len(row) else None for key, i in index.items()}
        if all(is_empty(v) for v in values.values()):
            continue
        out.append((number, values))
        if len(out) > max_data_rows:
            raise RuleViolation(f"数据超过{max_data_rows}行，请拆分为多个文件分批导入", field="file")
    if index is None:
        header_index(None, columns, sheet)
    return out
