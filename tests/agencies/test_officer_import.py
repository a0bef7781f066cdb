"""Excel import of officers and their credentials (GEN-03), through the page a user reaches it by.

Workbooks are built here with openpyxl; the header row is written out, not imported, because it is the
contract with the people who fill the template.
"""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhifa.agencies.models import ActionKind, Credential, Officer, Person
from zhifa.core.validators import resident_id_check_character

HEADERS = ["姓名", "公民身份号码", "联系电话", "所在单位", "职务", "证件编号", "发证机关", "执法类别",
           "执法领域", "执法区域", "有效期起", "有效期至"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def resident_id(body: str) -> str:
    """Test input, not an expectation: a valid 公民身份号码 for 17 digits (the rule is tested in core)."""
    return body + resident_id_check_character(body)


SUN = resident_id("21030219850612341")  # 210302198506123417, checked by hand in tests/core
QIAN = resident_id("21030219900101002")
ZHOU = resident_id("21030219920315003")


def row(**changes) -> dict:
    values = {
        "姓名": "孙丽", "公民身份号码": SUN, "联系电话": "0412-5551234", "所在单位": "执法监察支队",
        "职务": "科员", "证件编号": "21030101", "发证机关": "辽宁省人民政府",
        "执法类别": "行政处罚、行政检查", "执法领域": "自然资源", "执法区域": "鞍山市",
        "有效期起": dt.date(2025, 1, 1), "有效期至": dt.date(2029, 12, 31),
    }
    values.update(changes)
    return values


def workbook(rows: list[dict], *, headers: list[str] = HEADERS, sheet: str = "执法人员") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(headers)
    for r in rows:
        ws.append([r.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, content: bytes, name: str = "执法人员.xlsx"):
    file = SimpleUploadedFile(name, content, content_type=XLSX)
    return client.post(reverse("officer_import"), {"file": file})


def errors_of(response) -> list[str]:
    """The row errors as the page lists them, “第N行 列：问题”."""
    rejected = response.context["rejected"]
    return [str(e) for e in rejected.errors] if rejected else []


def file_error(response) -> str:
    return " ".join(response.context["form"].errors["file"])


# ---------------------------------------------------------------- success


def test_import_creates_officers_with_their_credentials(cast, head):
    response = upload(head, workbook([
        row(),
        row(姓名="钱峰", 公民身份号码=QIAN, 所在单位="鞍山市自然资源局/法规科", 证件编号="21030102", 职务="",
            执法类别="行政许可,行政强制", 执法领域="自然资源、住房城乡建设", 执法区域="鞍山市、铁东区",
            有效期起="2025-03-01", 有效期至="2030-02-28"),
    ]))

    assert response.status_code == 200
    result = response.context["result"]
    assert (result.officers_created, result.credentials_created) == (2, 2)
    assert "导入成功" in response.text and reverse("officer_list") in response.text

    sun = Officer.objects.get(person__id_number=SUN)
    assert (sun.person.name, sun.unit, sun.post) == ("孙丽", cast.nr_team, "科员")
    assert sun.person.phone == "0412-5551234"
    cred = sun.credentials.get()
    assert cred.number == "21030101" and cred.issuing_body == "辽宁省人民政府"
    assert cred.action_kinds == [ActionKind.PUNISHMENT, ActionKind.INSPECTION]
    assert list(cred.domains.all()) == [cast.d_nr] and list(cred.areas.all()) == [cast.anshan]
    assert (cred.valid_from, cred.valid_to) == (dt.date(2025, 1, 1), dt.date(2029, 12, 31))

    qian = Officer.objects.get(person__id_number=QIAN)
    cred = qian.credentials.get()
    assert qian.unit == cast.nr_legal
    assert cred.action_kinds == [ActionKind.LICENSING, ActionKind.COERCION]
    assert set(cred.domains.all()) == {cast.d_nr, cast.d_zj}
    assert set(cred.areas.all()) == {cast.anshan, cast.tiedong}
    assert (cred.valid_from, cred.valid_to) == (dt.date(2025, 3, 1), dt.date(2030, 2, 28))


def test_two_rows_for_the_same_person_give_one_officer_two_credentials(cast, head):
    response = upload(head, workbook([row(), row(证件编号="21030199", 执法领域="住房城乡建设")]))

    assert response.status_code == 200
    result = response.context["result"]
    assert (result.officers_created, result.officers_reused, result.credentials_created) == (1, 1, 2)
    assert Officer.objects.get(person__id_number=SUN).credentials.count() == 2


def test_person_already_officer_of_another_unit_is_refused(cast, head, counts):
    upload(head, workbook([row(所在单位="法规科")]))
    before = counts()

    response = upload(head, workbook([row(证件编号="21030199")]))

    assert response.status_code == 422
    assert errors_of(response) == [
        f"第2行 公民身份号码：公民身份号码{SUN}的人员已在其他单位登记为执法人员；"
        "调动请在执法人员页面修改其所在单位"]
    assert counts() == before


def test_system_administrator_names_an_ambiguous_unit_by_its_path(cast, client):
    cast.node(cast.zj, "unit", "执法监察支队")
    client.force_login(cast.u_admin)

    response = upload(client, workbook([row()]))
    assert response.status_code == 422
    [error] = errors_of(response)
    assert error.startswith("第2行 所在单位：单位名称“执法监察支队”不唯一，请写成“上级/下级”的形式")
    assert "“鞍山市自然资源局/执法监察支队”" in error

    response = upload(client, workbook([row(所在单位="鞍山市自然资源局/执法监察支队")]))
    assert response.status_code == 200
    assert Officer.objects.get(person__id_number=SUN).unit == cast.nr_team


# ---------------------------------------------------------------- all or nothing


def test_one_bad_row_among_good_ones_imports_nothing_and_names_row_and_field(cast, head, counts):
    before = counts()
    bad_id = SUN[:17] + ("0" if SUN[17] != "0" else "1")

    response = upload(head, workbook([
        row(姓名="钱峰", 公民身份号码=QIAN, 证件编号="21030102"),
        row(姓名="周洁", 公民身份号码=ZHOU, 证件编号="21030103"),
        row(公民身份号码=bad_id),
        row(姓名="吴刚", 公民身份号码="", 证件编号="21030104"),
    ]))

    assert response.status_code == 422
    assert "未导入任何数据" in response.text
    errors = errors_of(response)
    assert len(errors) == 2
    assert errors[0].startswith("第4行 公民身份号码：") and "校验码" in errors[0]
    assert errors[1] == "第5行 公民身份号码：公民身份号码不能为空"
    assert "第4行" in response.text and "校验码" in response.text
    assert counts() == before  # no person, officer, credential or renewal obligation is left behind


def test_every_wrong_cell_of_a_row_is_reported(cast, head):
    response = upload(head, workbook([row(姓名="", 执法类别="行政处罚、罚款", 有效期至="明年")]))

    assert errors_of(response) == [
        "第2行 姓名：姓名不能为空",
        "第2行 执法类别：未知的执法类别“罚款”，"
        "可选：行政许可、行政处罚、行政强制、行政检查、行政征收征用、行政收费、其他",
        "第2行 有效期至：“明年”不是日期，应为Excel日期或“YYYY-MM-DD”格式的文本",
    ]


def test_credential_number_already_in_the_system_is_refused(cast, head, counts):
    before = counts()
    response = upload(head, workbook([row(证件编号="21030001")]))  # 张伟's

    assert response.status_code == 422
    assert errors_of(response) == ["第2行 证件编号：证件编号21030001已存在，执法证编号必须唯一"]
    assert counts() == before


def test_credential_number_twice_in_the_file_is_refused(cast, head, counts):
    before = counts()
    response = upload(head, workbook([row(), row(姓名="钱峰", 公民身份号码=QIAN)]))

    assert response.status_code == 422
    assert errors_of(response) == ["第3行 证件编号：证件编号21030101与第2行重复，执法证编号必须唯一"]
    assert counts() == before


def test_unknown_unit_is_refused(cast, head):
    response = upload(head, workbook([row(所在单位="不存在科")]))

    assert errors_of(response) == ["第2行 所在单位：未找到单位“不存在科”"]


@pytest.mark.parametrize("unit", ["辽阳市自然资源局", "鞍山市住房和城乡建设局/建筑市场监管科"])
def test_unit_outside_the_importers_reach_is_refused(cast, head, counts, unit):
    before = counts()
    response = upload(head, workbook([row(所在单位=unit)]))

    assert response.status_code == 422
    assert errors_of(response) == ["第2行 所在单位：无权在该单位登记执法人员"]
    assert counts() == before


def test_region_as_unit_is_refused(cast, head):
    response = upload(head, workbook([row(所在单位="鞍山市")]))

    assert errors_of(response) == ["第2行 所在单位：“鞍山市”是行政区域，所在单位应填写机关或内设机构"]


def test_area_that_is_not_a_region_is_refused(cast, head):
    response = upload(head, workbook([row(执法区域="鞍山市、法规科")]))

    assert errors_of(response) == ["第2行 执法区域：“法规科”不是行政区域，执法区域应填写省、市、县（区）"]


@pytest.mark.parametrize("value, message", [
    ("2025-13-01", "“2025-13-01”不是有效日期"),
    ("2025-02-29", "“2025-02-29”不是有效日期"),
    ("2025年1月", "“2025年1月”不是日期，应为Excel日期或“YYYY-MM-DD”格式的文本"),
])
def test_malformed_date_is_refused(cast, head, value, message):
    response = upload(head, workbook([row(有效期起=value)]))

    assert errors_of(response) == [f"第2行 有效期起：{message}"]


def test_date_as_text_is_accepted(cast, head):
    response = upload(head, workbook([row(有效期起="2024-02-29", 有效期至="2028/2/29")]))

    assert response.status_code == 200
    cred = Credential.objects.get(number="21030101")
    assert (cred.valid_from, cred.valid_to) == (dt.date(2024, 2, 29), dt.date(2028, 2, 29))


@pytest.mark.parametrize("valid_to, status", [(dt.date(2024, 12, 31), 422), (dt.date(2025, 1, 1), 200)])
def test_valid_to_before_valid_from_is_refused(cast, head, valid_to, status):
    response = upload(head, workbook([row(有效期起=dt.date(2025, 1, 1), 有效期至=valid_to)]))

    assert response.status_code == status
    if status == 422:
        assert errors_of(response) == ["第2行 有效期至：有效期至（2024-12-31）早于有效期起（2025-01-01）"]


def test_resident_id_with_wrong_check_digit_is_refused(cast, head):
    # 210302198506123417 is right (tests/core works it out); 8 in the last place is not.
    response = upload(head, workbook([row(公民身份号码="210302198506123418")]))

    assert errors_of(response) == [
        "第2行 公民身份号码：公民身份号码（GB 11643）校验码错误：第18位应为“7”，实际为“8”"]


def test_resident_id_with_lowercase_x_is_stored_in_capitals(cast, head):
    response = upload(head, workbook([row(公民身份号码="11010519491231002x")]))

    assert response.status_code == 200
    assert Person.objects.filter(id_number="11010519491231002X").exists()


# ---------------------------------------------------------------- the file itself


@pytest.mark.parametrize("headers, expected", [
    (["名字", *HEADERS[1:9], *HEADERS[10:]], "缺少列：姓名、执法区域；无法识别的列：名字"),
    ([*HEADERS, "姓名"], "重复的列：姓名"),
])
def test_wrong_header_columns_are_named(cast, head, counts, headers, expected):
    before = counts()
    response = upload(head, workbook([row()], headers=headers))

    assert response.status_code == 422
    assert expected in file_error(response)
    assert "表头应为：姓名、公民身份号码" in file_error(response)
    assert counts() == before


def test_columns_in_another_order_are_read_by_their_headers(cast, head):
    response = upload(head, workbook([row()], headers=list(reversed(HEADERS))))

    assert response.status_code == 200
    assert Credential.objects.filter(number="21030101").exists()


def test_file_that_is_not_excel_is_refused(cast, head):
    response = upload(head, b"not an excel file", name="officers.xlsx")

    assert response.status_code == 422
    assert "无法读取文件" in file_error(response)
    assert ".xlsx" in file_error(response)


def test_workbook_without_the_officer_sheet_is_refused(cast, head):
    out = io.BytesIO()
    openpyxl.Workbook().save(out)

    response = upload(head, out.getvalue())

    assert response.status_code == 422
    assert "文件中没有名为“执法人员”的工作表（现有：Sheet）" in file_error(response)


def test_sheet_with_only_the_header_is_refused(cast, head):
    response = upload(head, workbook([{}, {}]))  # the two empty rows are skipped

    assert response.status_code == 422
    assert "没有数据行" in file_error(response)


def test_empty_sheet_is_refused(cast, head):
    response = upload(head, workbook([], headers=[]))

    assert response.status_code == 422
    assert "是空的：第1行应为表头" in file_error(response)


def test_empty_rows_between_data_rows_are_skipped_and_keep_excel_row_numbers(cast, head):
    response = upload(head, workbook([row(), {}, row(姓名="钱峰", 公民身份号码=QIAN, 证件编号="21030001")]))

    assert errors_of(response) == ["第4行 证件编号：证件编号21030001已存在，执法证编号必须唯一"]


def test_file_over_five_megabytes_is_refused(cast, head):
    response = upload(head, b"x" * (5 * 1024 * 1024 + 1))

    assert response.status_code == 422
    assert "不得超过5 MB" in file_error(response)


def test_file_over_five_thousand_rows_is_refused(cast, head, counts):
    before = counts()
    rows = [row(证件编号=f"X{i:05d}") for i in range(5001)]

    response = upload(head, workbook(rows))

    assert response.status_code == 422
    assert "数据超过5000行" in file_error(response)
    assert counts() == before


# ---------------------------------------------------------------- the template


def test_template_downloads_and_imports_after_the_example_row_is_filled_in(cast, head):
    response = head.get(reverse("officer_import_template"))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"filename*=utf-8''{quote('执法人员导入模板.xlsx')}" in response["Content-Disposition"]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["执法人员", "说明"]
    sheet = book["执法人员"]
    assert [c.value for c in sheet[1]] == HEADERS
    explained = {r[0].value for r in book["说明"].iter_rows(min_row=2) if r[0].value}
    assert set(HEADERS) <= explained

    # The example row as downloaded is refused, so nobody imports 张三 by mistake.
    rejected = upload(head, content, name="执法人员导入模板.xlsx")
    assert errors_of(rejected) == ["第2行：这是模板中的示例行，请替换为实际数据或删除该行"]

    sheet["A2"], sheet["B2"], sheet["F2"] = "孙丽", SUN, "21030101"
    out = io.BytesIO()
    book.save(out)
    response = upload(head, out.getvalue())

    assert response.status_code == 200
    officer = Officer.objects.get(person__id_number=SUN)
    assert officer.unit == cast.nr_team  # the example names a unit the downloader may manage
    cred = officer.credentials.get()
    assert cred.action_kinds == [ActionKind.PUNISHMENT, ActionKind.INSPECTION]
    assert list(cred.areas.all()) == [cast.anshan]
    assert list(cred.domains.all()) == [cast.d_nr]  # 自然资源, from the agency's name


# ---------------------------------------------------------------- who may


def test_page_offers_the_upload_form_and_the_template(cast, head):
    response = head.get(reverse("officer_import"))

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert "csrfmiddlewaretoken" in response.text
    assert reverse("officer_import_template") in response.text


def test_officer_without_officer_manage_gets_403(cast, client, counts):
    client.force_login(cast.u_officer)
    before = counts()

    assert client.get(reverse("officer_import")).status_code == 403
    assert client.get(reverse("officer_import_template")).status_code == 403
    assert upload(client, workbook([row()])).status_code == 403
    assert counts() == before


def test_anonymous_user_is_sent_to_login(db, client):
    response = client.get(reverse("officer_import"))

    assert response.status_code == 302 and reverse("login") in response["Location"]
