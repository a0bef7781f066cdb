"""Excel import of the lists and the discretion standards, through the import page: all or nothing, every
refusal in Chinese naming the row, the column and the rule. Header rows are written out here, not imported:
they are the contract with the people who fill the templates."""

from __future__ import annotations

import io
import re

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from zhifa.catalog.models import AVRequirement, DiscretionLevel, EnforcementItem, RandomCheckItem, ReviewCriterion

ITEM_HEADERS = ["事项编码", "事项名称", "行为类别", "执法领域", "承办机构", "法律依据", "受理条件", "申请材料",
                "办理流程", "办理时限", "收费标准", "监督投诉电话", "责任追究", "救济渠道", "办公时间", "办公地址",
                "咨询电话", "服务指南补充说明"]
LEVEL_HEADERS = ["事项编码", "情节", "适用条件", "裁量单位", "下限", "上限", "其他处罚", "法律依据", "说明"]


def item_row(code="ZR-CF-001", name="对非法占用土地的行政处罚", **changes) -> dict:
    return {"事项编码": code, "事项名称": name, "行为类别": "行政处罚", "执法领域": "自然资源",
            "承办机构": "执法监察支队", "法律依据": "《土地管理法》第七十七条", "办理时限": "立案之日起90日内",
            "收费标准": "不收费"} | changes


def level_row(level="一般处罚", low=300, high=700, **changes) -> dict:
    return {"事项编码": "ZR-CF-001", "情节": level, "裁量单位": "元/平方米", "下限": low, "上限": high,
            "法律依据": "土地管理法第77条"} | changes


def workbook(sheet: str, headers: list[str], rows: list[dict]) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(headers)
    for r in rows:
        ws.append([r.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def errors(response) -> list[str]:
    """The refusals listed on the import page, each as “第N行 列：问题”."""
    cells = re.findall(r'<td data-label="行号">(.*?)</td><td data-label="列">(.*?)</td>'
                       r'<td data-label="问题">(.*?)</td>', response.content.decode())
    return [f"{row} {column}：{message}" for row, column, message in cells]


def upload(client, agency, kind: str, content: bytes):
    file = SimpleUploadedFile("清单.xlsx", content, content_type="application/octet-stream")
    return client.post(f"/catalog/a/{agency.pk}/{kind}/import/", {"file": file})




def items_file(rows: list[dict], headers: list[str] = ITEM_HEADERS) -> bytes:
    return workbook("行政执法事项清单", headers, rows)


def test_items_are_imported_and_a_second_file_updates_adds_and_removes(cat, editor):
    nr = cat.cast.nr
    r = upload(editor, nr, "items", items_file([item_row(), item_row("ZR-CF-002", "对破坏耕地的行政处罚")]))
    assert r.status_code == 200, r.content.decode()
    assert "新增2项" in r.content.decode()
    first = EnforcementItem.objects.get(code="ZR-CF-001")
    assert first.handling_unit == cat.cast.nr_team and first.domain == cat.cast.d_nr
    assert [a.citation for a in first.articles.all()] == ["《土地管理法》第七十七条"]
    cat.level(first, "general", "per_sqm", "300", "700")
    r = upload(editor, nr, "items", items_file([
        item_row(办理时限="自立案之日起九十日内",
                 法律依据="《土地管理法》第七十七条；《行政处罚法》第三十二条、第三十三条"),
        item_row("ZR-CF-003", "对非法转让土地的行政处罚")]))
    assert "新增1项，修改1项，删除1项" in r.content.decode()
    first.refresh_from_db()
    assert first.time_limit == "自立案之日起九十日内" and first.articles.count() == 3
    assert DiscretionLevel.objects.filter(item=first).count() == 1  # an item kept by code keeps its standard
    assert sorted(EnforcementItem.objects.values_list("code", flat=True)) == ["ZR-CF-001", "ZR-CF-003"]


def test_wrong_columns_are_refused_before_any_row(cat, editor):
    headers = [h for h in ITEM_HEADERS if h != "法律依据"] + ["备注"]
    r = upload(editor, cat.cast.nr, "items", items_file([item_row()], headers))
    page = r.content.decode()
    assert r.status_code == 422
    assert "工作表“行政执法事项清单”第1行表头不正确（缺少列：法律依据；无法识别的列：备注）" in page
    assert not EnforcementItem.objects.exists()


def test_a_missing_article_names_its_row_and_nothing_is_imported(cat, editor):
    r = upload(editor, cat.cast.nr, "items", items_file([
        item_row(), item_row("ZR-CF-002", 法律依据="《土地管理法》第九十九条"),
        item_row("ZR-CF-003", 法律依据="土地管理办法第1条"), item_row("ZR-CF-004", 法律依据=None)]))
    assert r.status_code == 422 and "未导入任何数据" in r.content.decode()
    assert errors(r) == ["第3行 法律依据：《土地管理法》第99条尚未录入，请先在“法律依据”中录入该条文",
                         "第4行 法律依据：未找到法律依据“土地管理办法”，请先在“法律依据”中录入",
                         "第5行 法律依据：法律依据不能为空"]
    assert not EnforcementItem.objects.exists()


def test_a_repeated_code_and_an_unknown_unit_are_row_errors(cat, editor):
    r = upload(editor, cat.cast.nr, "items", items_file([
        item_row(), item_row(), item_row("ZR-CF-009", 承办机构="建筑市场监管科"),
        item_row("ZR-CF-010", 行为类别="处罚")]))
    assert errors(r) == [
        "第3行 事项编码：编码“ZR-CF-001”与第2行重复，编码在清单内必须唯一",
        "第4行 承办机构：“建筑市场监管科”不是鞍山市自然资源局或其内设机构",
        "第5行 行为类别：未知的行为类别“处罚”，可选：行政许可、行政处罚、行政强制、行政检查、行政征收征用、"
        "行政收费、其他"]
    assert not EnforcementItem.objects.exists()


def test_discretion_standards_are_imported(cat, editor):
    cat.item()
    r = upload(editor, cat.cast.nr, "discretion", workbook("裁量基准", LEVEL_HEADERS, [
        level_row("不予处罚", None, None, 裁量单位="不罚款", 适用条件="违法行为轻微；及时改正；没有造成危害后果",
                  法律依据="《行政处罚法》第三十三条"),
        level_row("从轻处罚", 100, 300, 适用条件="主动消除或者减轻违法行为危害后果"),
        level_row(其他处罚="责令退还非法占用的土地")]))
    assert r.status_code == 200, r.content.decode()
    levels = list(DiscretionLevel.objects.order_by("seq"))
    assert [lv.level for lv in levels] == ["none", "lighter", "general"]
    assert levels[0].conditions_text == "违法行为轻微；及时改正；没有造成危害后果"


def test_an_overlapping_range_names_both_rows_and_nothing_is_imported(cat, editor):
    cat.item()
    r = upload(editor, cat.cast.nr, "discretion", workbook("裁量基准", LEVEL_HEADERS, [
        level_row(), level_row("从重处罚", 600, 1000, 适用条件="再次违法")]))
    assert r.status_code == 422
    assert errors(r) == ["第3行 下限：“从重处罚”（600–1,000 元/平方米）与第2行“一般处罚”（300–700 元/平方米）"
                         "的罚款幅度重叠：同一事项各情节的幅度不得重叠（行政处罚裁量基准）"]
    assert not DiscretionLevel.objects.exists()


def test_a_negative_amount_is_refused_with_its_row(cat, editor):
    cat.item()
    r = upload(editor, cat.cast.nr, "discretion", workbook("裁量基准", LEVEL_HEADERS, [level_row(low=-100)]))
    assert r.status_code == 422 and errors(r) == ["第2行 下限：下限不得为负数（现为-100）（行政处罚裁量基准）"]
    assert not DiscretionLevel.objects.exists()


def test_a_standard_for_an_unknown_or_non_penalty_item_is_refused(cat, editor):
    cat.item("ZR-JC-001", "土地利用监督检查", kind="jiancha")
    r = upload(editor, cat.cast.nr, "discretion", workbook("裁量基准", LEVEL_HEADERS, [
        level_row(事项编码="ZR-JC-001"), level_row(事项编码="ZR-XX-404")]))
    assert errors(r) == ["第2行 情节：裁量基准只适用于行政处罚事项（行政处罚裁量基准）",
                         "第3行 事项编码：行政执法事项清单中没有编码为“ZR-XX-404”的事项"]


RANDOM_HEADERS = ["编码", "抽查事项", "对应执法事项编码", "抽查主体", "抽查依据", "抽查对象", "抽查内容",
                  "抽查比例（%）", "抽查方式", "抽查频次"]
AV_HEADERS = ["执法事项编码", "需音像记录的环节", "全过程音像记录", "依据", "说明"]
REVIEW_HEADERS = ["编码", "审核标准", "行为类别", "执法领域", "罚款数额达到（元）", "没收金额达到（元）", "含本数",
                  "处理措施", "经过听证", "涉及多个法律关系", "涉及重大公共利益", "关系重大权益", "人工判断", "依据",
                  "说明"]


def test_the_other_lists_import(cat, editor):
    cat.item()
    random_row = {"编码": "CC-01", "抽查事项": "土地利用情况检查", "对应执法事项编码": "ZR-CF-001",
                  "抽查主体": "鞍山市自然资源局", "抽查依据": "土地管理法第77条", "抽查对象": "辖区内用地单位",
                  "抽查内容": "是否存在非法占地", "抽查比例（%）": 5, "抽查方式": "双随机、现场检查",
                  "抽查频次": "每年1次"}
    r = upload(editor, cat.cast.nr, "random", workbook("随机抽查事项清单", RANDOM_HEADERS, [random_row]))
    assert r.status_code == 200, errors(r)
    assert RandomCheckItem.objects.get().ratio == 5
    r = upload(editor, cat.cast.nr, "av", workbook("音像记录事项清单", AV_HEADERS, [
        {"执法事项编码": "ZR-CF-001", "需音像记录的环节": "现场检查/勘验、强制执行"},
        {"执法事项编码": "*", "全过程音像记录": "是"}]))
    assert r.status_code == 200, errors(r)
    assert AVRequirement.objects.get(code="ZR-CF-001").stages == ["onsite", "enforcement"]
    r = upload(editor, cat.cast.nr, "review", workbook("重大执法决定法制审核目录清单", REVIEW_HEADERS, [
        {"编码": "SH-01", "审核标准": "罚款10万元以上", "行为类别": "行政处罚", "罚款数额达到（元）": 100000},
        {"编码": "SH-02", "审核标准": "罚款数额达到负数", "罚款数额达到（元）": -1}]))
    assert r.status_code == 422
    assert errors(r) == ["第3行 罚款数额达到（元）：罚款数额门槛不得为负数（现为-1）（行政处罚裁量基准）"]
    assert not ReviewCriterion.objects.exists()


def test_export_reads_back_as_the_same_draft(cat, editor):
    cat.item(articles=("土地77", "处罚32"))
    cat.item("ZR-CF-002", "对破坏耕地的行政处罚", domain=None)
    exported = editor.get(f"/catalog/a/{cat.cast.nr.pk}/items/export.xlsx")
    assert exported.status_code == 200
    r = upload(editor, cat.cast.nr, "items", exported.content)
    assert "修改0项" in r.content.decode() and "删除0项" in r.content.decode()


def test_templates_download(cat, editor):
    for kind in ("items", "random", "av", "review", "discretion"):
        r = editor.get(f"/catalog/a/{cat.cast.nr.pk}/{kind}/template.xlsx")
        assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
        book = openpyxl.load_workbook(io.BytesIO(r.content))
        assert book.sheetnames[1] == "说明"


def test_an_officer_cannot_import(cat, login):
    client = login(cat.cast.u_officer)
    assert upload(client, cat.cast.nr, "items", items_file([item_row()])).status_code == 404
