"""行政处罚 普通程序 in a real browser, from 立案 to the archived 案卷, every stage through the pages and the users
switching as in a real agency: the officer registers the case, the unit head and the agency head approve it; the
officer investigates (evidence handed in linked, the reasons where AV was unsuitable, an inquiry recorded), notifies,
serves, hears the party waive the statement; the officer proposes, the head decides, the officer serves the
decision and records the payment; the heads approve the closing; the officer closes and archives and downloads the
案卷 PDF — cover, catalogue with the documents' numbers, evidence list. Before each move the way's checklist shows ✓
for each of its guards. Screenshots in test-artifacts/screenshots/general-*.png (1280 px, the case page at 390 px)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader
from tests.cases.conftest import ITEM, hand_in, world  # noqa: F401  (the fixture: the items list in force)
from tests.documents.test_issued_documents import needs_poppler, pdf_text
from tests.e2e.conftest import SCREENSHOTS, fill_inquiry
from tests.e2e.layout import fits

from zhifa.agencies.models import Person
from zhifa.cases.models import Case, CaseState
from zhifa.documents.models import IssuedDocument

pytestmark = [pytest.mark.e2e, needs_poppler]

PHONE = {"width": 390, "height": 844}
OPEN_ALL = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"


def move(page, target: str, label: str) -> None:
    """Check the way to ``label`` shows ✓ for each guard and no ✗, then take it."""
    way = page.locator(f"#way-{target}")
    text = way.inner_text()
    assert "✗" not in text, text
    marks = way.locator("ul.checklist li")
    for n in range(marks.count()):
        assert marks.nth(n).inner_text().lstrip().startswith("✓"), marks.nth(n).inner_text()
    way.get_by_role("button", name=f"转入“{label}”").click()
    page.wait_for_load_state()
    assert page.locator(".stat").first.inner_text() == label, page.locator("main").inner_text()[:500]


def sign(page, text: str) -> None:
    form = page.locator("form[action$='/opinion/']")
    form.get_by_label("同意", exact=True).check()
    form.get_by_label("意见内容").fill(text)
    form.get_by_role("button", name="签署").click()
    page.wait_for_load_state()


def test_a_general_procedure_case_goes_from_registration_to_the_archived_dossier_through_the_pages(
        live_server, world, new_page, sign_in, shot, evidence_store):  # noqa: F811
    today = timezone.localdate()
    for user, name in ((world.u_unit_head, "王刚"), (world.u_head, "刘洋")):  # the heads sign by name
        Person.objects.update_or_create(user=user, defaults={"name": name})
    video = hand_in(world)  # the site inspection's recording, handed in and described beforehand
    officer = sign_in(new_page(), "zhangwei")
    unit_head = sign_in(new_page(), "nr_team_head")
    head = sign_in(new_page(), "nr_head")

    # 立案: the officer registers, the unit head and the agency head approve (行政处罚法 第54条)
    officer.goto(f"{live_server.url}/cases/new/")
    officer.get_by_label("程序").select_option("punishment_general")
    officer.get_by_label("承办机构").select_option(str(world.nr_team.pk))
    officer.get_by_label("案件来源").select_option("inspection")
    officer.get_by_label("当事人").select_option(str(world.company.pk))
    officer.get_by_label("执法事项").select_option(ITEM)
    officer.get_by_label("案由").fill("某公司未经批准占用耕地建设厂房案")
    officer.get_by_label("案情摘要").fill("日常巡查发现当事人在铁东区某村占用耕地建设厂房。")
    officer.get_by_label("违法行为发生地").select_option(str(world.tiedong.pk))
    officer.get_by_label("违法行为发生日").fill((today - dt.timedelta(days=10)).isoformat())
    for person in (world.zhang, world.li):
        officer.locator(f"[name='officers'][value='{person.pk}']").check()
    officer.get_by_label("主办人员").select_option(str(world.zhang.pk))
    officer.get_by_label("承办人意见").fill("当事人涉嫌未经批准占用耕地，建议立案调查")
    shot(officer, "general-register")
    officer.get_by_role("button", name="登记并报批").click()
    officer.wait_for_url(f"{live_server.url}/cases/*/")
    case = Case.objects.get()
    path = case.get_absolute_url()
    url = f"{live_server.url}{path}"
    assert "✗" in officer.locator("#way-investigate").inner_text()  # not approved yet: the way stays closed

    unit_head.goto(url)
    sign(unit_head, "情况属实，建议立案")
    head.goto(url)
    shot(head, "general-open-head")
    sign(head, "同意立案")
    assert IssuedDocument.objects.filter(title="立案审批表").exists()

    officer.goto(url)
    shot(officer, "general-open")
    move(officer, "investigate", "调查取证")

    # 调查取证: the recording linked, the reasons for the other AV stages, an inquiry
    officer.locator("summary", has_text="登记已移交的证据").click()
    link = officer.locator(f"form[action='{path}evidence/']")
    link.get_by_label("证据").select_option(str(video.pk))
    link.get_by_label("音像记录环节").select_option("onsite")
    link.get_by_role("button", name="登记").click()
    officer.wait_for_load_state()
    for stage in ("sampling", "seizure"):
        officer.locator("summary", has_text="说明不宜音像记录的原因").click()
        reason = officer.locator(f"form[action='{path}no-av/']")
        reason.get_by_label("音像记录环节").select_option(stage)
        reason.get_by_label("不宜音像记录的原因").fill("本案未进行该环节")
        reason.get_by_role("button", name="记录").click()
        officer.wait_for_load_state()
    officer.get_by_text("制作询问笔录", exact=True).click()
    fill_inquiry(officer, world)
    officer.wait_for_url(url)
    shot(officer, "general-investigate")

    phone = sign_in(new_page(**PHONE), "zhangwei")
    phone.goto(url)
    phone.evaluate(OPEN_ALL)
    assert fits(phone), "案件页面在 390px 宽的屏幕上横向滚动"
    shot(phone, "general-investigate-phone")

    move(officer, "unit_review", "案件审核")
    move(officer, "notify", "事先告知")

    # 事先告知 (第44条) and its service (第61条)
    notice = officer.locator(f"form[action='{path}notice/']")
    notice.get_by_label("罚款", exact=True).check()
    notice.get_by_label("拟罚款（元）").fill("5000")
    notice.get_by_label("违法事实").fill("未经批准占用集体土地1200平方米建设厂房")
    notice.get_by_label(re.compile(r"^证据\W*$")).fill("现场检查笔录、现场检查音像记录、询问笔录")
    notice.get_by_label("违反的规定").fill("《中华人民共和国土地管理法》第四十四条")
    notice.get_by_label("处罚依据").fill("《中华人民共和国土地管理法》第七十七条")
    notice.get_by_label("处罚理由").fill("属一般情节")
    notice.get_by_label("联系人及电话").fill("张伟 0412-0000000")
    notice.get_by_label("本机关地址").fill("鞍山市铁东区某街1号")
    notice.get_by_role("button", name="制作告知书").click()
    officer.wait_for_load_state()
    notice_doc = IssuedDocument.objects.get(title="行政处罚事先告知书")
    assert notice_doc.number in officer.locator("section[aria-labelledby='documents-h']").inner_text()
    serve(officer, notice_doc, today)
    shot(officer, "general-notify")
    move(officer, "statement", "陈述申辩")

    # 陈述申辩 (第45条): waived
    statement = officer.locator(f"form[action='{path}statement/']")
    statement.get_by_label("提出日期").fill(today.isoformat())
    statement.get_by_label("当事人明确放弃陈述申辩").check()
    statement.get_by_role("button", name="记录").click()
    officer.wait_for_load_state()
    move(officer, "decide", "作出决定")

    # 作出决定: the officer proposes, the head decides (第57条)
    proposal = officer.locator(f"form[action='{path}proposal/']")
    proposal.get_by_label("罚款", exact=True).check()
    proposal.get_by_label("罚款（元）").fill("5000")
    proposal.get_by_label("超出裁量幅度或无法对照的理由").fill("本机关尚未制定该事项的裁量基准，参照同类案件")
    proposal.get_by_role("button", name="拟定").click()
    officer.wait_for_load_state()
    head.goto(url)
    decision = head.locator(f"form[action='{path}decision/']")
    decision.get_by_label("陈述申辩、听证情况及采纳情况").fill("当事人放弃陈述申辩")
    decision.get_by_label("处罚理由（含裁量理由）").fill("属一般情节")
    decision.get_by_label("履行方式和期限").fill("自收到本决定书之日起十五日内缴纳罚款")
    decision.get_by_label("罚款缴纳银行及账户").fill("鞍山市财政局非税收入专户")
    decision.get_by_label("行政复议机关").fill("鞍山市人民政府")
    decision.get_by_label("有管辖权的人民法院").fill("鞍山市铁东区人民法院")
    shot(head, "general-decide-head")
    decision.get_by_role("button", name="作出决定并制作决定书").click()
    head.wait_for_load_state()
    decision_doc = IssuedDocument.objects.get(title="行政处罚决定书")
    assert decision_doc.number in head.locator("section[aria-labelledby='documents-h']").inner_text()
    assert head.locator(".stat").first.inner_text() == "送达"

    # 送达 (第61条) and 执行 (第67条)
    officer.goto(url)
    serve(officer, decision_doc, today)
    move(officer, "execute", "执行")
    payment = officer.locator(f"form[action='{path}payment/']")
    payment.get_by_label("缴纳日期").fill(today.isoformat())
    payment.get_by_label("缴纳金额（元，含加处罚款）").fill("5000")
    payment.get_by_role("button", name="登记缴纳").click()
    officer.wait_for_load_state()
    assert "缴纳罚款 5000.00 元" in officer.locator("section[aria-labelledby='payment-h']").inner_text()
    shot(officer, "general-execute")

    # 结案审批, 结案, 归档 (REC-09)
    unit_head.goto(url)
    sign(unit_head, "罚款已缴纳，材料齐全，建议结案")
    head.goto(url)
    assert head.locator("section[aria-labelledby='close-h'] form[action$='/opinion/']").count() == 1  # its section
    shot(head, "general-close-head")
    sign(head, "同意结案")
    assert IssuedDocument.objects.filter(title="结案审批表").exists()
    officer.goto(url)
    move(officer, "close", "结案")
    shot(officer, "general-close")
    move(officer, "archive", "归档")
    case.refresh_from_db()
    assert case.state == CaseState.ARCHIVED
    shot(officer, "general-archived")

    phone.goto(url)
    phone.evaluate(OPEN_ALL)
    assert fits(phone), "归档后的案件页面在 390px 宽的屏幕上横向滚动"
    shot(phone, "general-archived-phone")

    officer.get_by_role("link", name="查看案卷（封面、卷内目录、下载）").click()
    officer.wait_for_url(f"{url}dossier/")
    assert "已归档" in officer.locator("main").inner_text()
    shot(officer, "general-dossier")
    with officer.expect_download() as download:
        officer.get_by_role("button", name="下载案卷 PDF").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(data)).pages) >= 5  # cover, catalogue, documents, lists
    flat = pdf_text(data)  # poppler: pypdf mis-decodes the embedded CID font's CMap
    (SCREENSHOTS / "general-dossier.pdf").write_bytes(data)  # beside the screenshots, for a person to read
    pages = flat.split("\f")  # poppler ends each page with a form feed
    cover, catalogue = pages[0], pages[1]
    assert "行政执法案卷" in cover and case.number in cover and "鞍山某建材有限公司" in cover
    assert catalogue.startswith("卷内目录")
    for title in ("立案审批表", "行政处罚事先告知书", "行政处罚决定书"):  # numbered, the number in the catalogue
        doc = IssuedDocument.objects.get(title=title, subject_id=case.pk)
        assert doc.number and title in catalogue and "".join(doc.number.split()) in catalogue, (title, doc.number)
    assert "结案审批表" in catalogue  # an internal form, listed without a number
    assert "证据清单" in catalogue and "音像记录清单" in catalogue
    evidence_list = next(p for p in pages[2:] if "证据清单序号证据名称" in p)
    assert "现场检查" in evidence_list and video.blob.sm3 in evidence_list


def serve(page, document, on: dt.date) -> None:
    form = page.locator("form[action$='/service/']")
    form.get_by_label("文书").select_option(str(document.pk))
    form.get_by_label("送达方式").select_option("direct")
    form.get_by_label("送达日期").fill(on.isoformat())
    form.get_by_label("签收人").fill("赵丽华")
    form.get_by_role("button", name="登记送达").click()
    page.wait_for_load_state()
    assert f"《{document.title}》直接送达" in page.locator("section[aria-labelledby='documents-h']").inner_text()
