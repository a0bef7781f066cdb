"""Imports refuse a workbook that would cost too much to read, before reading it whole, and never echo a cell
back whole (issue 9 item 7). The files are crafted here with zipfile: small on disk, large once unpacked.
Where the point is that nothing is parsed, openpyxl's loader is made to fail the test if it is reached."""

from __future__ import annotations

import io
import re
import struct
import zipfile

import openpyxl
import pytest
from tests.agencies.test_officer_import import file_error, row, upload, workbook

SHEET = "xl/worksheets/sheet1.xml"


def rezip(data: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, int] | None = None) -> bytes:
    """``data`` with some members replaced, and members of that many zero bytes added (written in chunks, so
    the test never holds them: they compress about a thousand to one)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for member in src.infolist():
            dst.writestr(member, (replace or {}).get(member.filename, src.read(member.filename)))
        for name, size in (add or {}).items():
            with dst.open(name, "w") as f:
                chunk = bytes(2**20)
                for start in range(0, size, len(chunk)):
                    f.write(chunk[:size - start])
    return out.getvalue()


@pytest.fixture
def not_parsed(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to read a file that should have been refused before")
    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_a_zip_bomb_is_refused_before_it_is_read(cast, head, counts, settings, not_parsed):
    # The case was 400 KB unpacking to 150 MB against the default 50 MB; scaled down to stay quick.
    settings.ZHIFA_IMPORT_MAX_UNPACKED_BYTES = 2**20
    bomb = rezip(workbook([row()]), add={"xl/media/image1.bin": 8 * 2**20})
    assert len(bomb) < 40 * 1024
    before = counts()

    response = upload(head, bomb)

    assert response.status_code == 422
    assert "文件解压后的内容（8.0 MB）超过1 MB的上限" in file_error(response)
    assert counts() == before


def _declare_size(data: bytes, name: str, size: int) -> bytes:
    """``data`` with ``name``'s uncompressed size rewritten to ``size`` in its local and central headers."""
    raw = bytearray(data)
    encoded = name.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.find(signature + b"")
        while at != -1:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if raw[name_at:name_at + len(encoded)] == encoded:
                raw[at + offset:at + offset + 4] = struct.pack("<I", size)
                break
            at = raw.find(signature, at + 4)
    return bytes(raw)


def test_a_member_that_lies_about_its_size_is_read_no_further_than_it_declares(cast, head, settings, counts):
    settings.ZHIFA_IMPORT_MAX_UNPACKED_BYTES = 2**20
    book = workbook([row()])
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        sheet = archive.read(SHEET)
    padded = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * (8 * 2**20), 1)  # 8 MB of whitespace
    liar = _declare_size(rezip(book, replace={SHEET: padded}), SHEET, len(sheet))
    with zipfile.ZipFile(io.BytesIO(liar)) as archive:
        assert sum(m.file_size for m in archive.infolist()) < 2**20  # the size check alone would let it in
    before = counts()

    response = upload(head, liar)

    assert response.status_code == 422
    assert "无法读取文件" in file_error(response) or "无法读取" in file_error(response)
    assert counts() == before


def test_a_huge_cell_is_refused_unread_and_not_echoed(cast, head, settings, not_parsed):
    settings.ZHIFA_IMPORT_MAX_UNPACKED_BYTES = 2**20
    book = workbook([row(姓名="PLACEHOLDER")])
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        sheet = archive.read(SHEET)
    book = rezip(book, replace={SHEET: sheet.replace(b"PLACEHOLDER", "张".encode() * (3 * 2**20))})
    assert len(book) < 100_000  # 9 MB of text in one cell

    response = upload(head, book)

    assert response.status_code == 422
    assert "超过1 MB的上限" in file_error(response)
    assert len(response.content) < 50_000


def test_a_cell_longer_than_the_cell_limit_is_refused_naming_the_limit(cast, head, settings, counts):
    settings.ZHIFA_IMPORT_MAX_CELL_CHARS = 1000
    before = counts()

    response = upload(head, workbook([row(), row(职务="科" * 1001)]))

    assert response.status_code == 422
    assert "第3行E列有1001个字，超过单元格1000个字的上限" in file_error(response)
    assert "科" * 60 not in response.content.decode()
    assert counts() == before


def test_a_sheet_declaring_more_rows_than_the_limit_is_refused_before_its_rows_are_read(cast, head, settings):
    settings.ZHIFA_IMPORT_MAX_ROWS = 1000
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "执法人员"
    sheet.cell(row=5000, column=1, value="孙丽")
    out = io.BytesIO()
    book.save(out)

    response = upload(head, out.getvalue())

    assert response.status_code == 422
    assert "工作表“执法人员”超过1000行（含空行）" in file_error(response)


def test_rows_beyond_the_limit_are_refused_while_streaming_when_the_sheet_declares_no_size(cast, head, settings):
    settings.ZHIFA_IMPORT_MAX_ROWS = 1000
    book = workbook([row()] + [{}] * 1200 + [row(证件编号="21030109")])
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        sheet = archive.read(SHEET)
    undeclared = re.sub(rb"<dimension [^>]*/>", b"", sheet)
    assert undeclared != sheet

    response = upload(head, rezip(book, replace={SHEET: undeclared}))

    assert response.status_code == 422
    assert "超过1000行（含空行）" in file_error(response)


def test_row_errors_quote_a_cell_only_as_a_short_excerpt(cast, head):
    long_kind = "行政处罚" * 5000  # 20,000 characters, under the cell limit

    response = upload(head, workbook([row(执法类别=long_kind, 执法区域="某" * 20000)]))

    page = response.content.decode()
    assert response.status_code == 422
    assert "未知的执法类别“" + "行政处罚" * 12 + "行政…”" in page
    assert "未找到行政区域“" + "某" * 50 + "…”" in page
    assert len(page) < 50_000
