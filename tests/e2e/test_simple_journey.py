"""简易程序 in a real browser, on a phone at the site: the case started with a party found by number, the
credential shown, a photo taken and filed with the case at once (its upload's progress shown), the party told
and heard, the 当场行政处罚决定书 issued and handed over, the fine paid, the decision filed with the agency, the
case archived. Screenshots in test-artifacts/screenshots/simple-*.png (390 px and 1280 px)."""

from __future__ import annotations

import pytest
from tests.cases.conftest import world  # noqa: F401  (the fixture: the items list in force)
from tests.e2e.layout import fits

from zhifa.cases.models import Case, CaseEvidence, CaseState

pytestmark = pytest.mark.e2e


def test_an_officer_on_a_phone_carries_a_simple_case_from_the_spot_to_the_archive(
        live_server, world, new_page, sign_in, shot, evidence_store):  # noqa: F811
    phone = sign_in(new_page(width=390, height=844), "zhangwei")
    phone.goto(f"{live_server.url}/cases/onsite/new/")
    phone.get_by_label("按证件号码查找当事人").fill(world.company.id_number)
    phone.get_by_role("button", name="查找当事人").click()
    phone.wait_for_load_state()
    assert "已登记的当事人" in phone.content() and "鞍山某建材有限公司" in phone.content()
    phone.get_by_label("案由").fill("擅自占用道路堆放建材")
    phone.get_by_label("违法事实").fill("在铁东区胜利路东侧人行道堆放建材约20平方米")
    phone.get_by_label("违法地点").fill("铁东区胜利路东侧")
    phone.get_by_label("李娜").check()
    shot(phone, "simple-start-phone")
    assert fits(phone)
    phone.get_by_role("button", name="开始当场处罚").click()
    phone.wait_for_url(f"{live_server.url}/cases/*/onsite/")
    case = Case.objects.get()
    assert case.process == "punishment_simple" and case.party_links.get().party == world.company

    phone.get_by_role("button", name="已向当事人出示执法证件").click()
    phone.wait_for_load_state()
    assert "已出示：张伟（21030001）、李娜（21030002）" in phone.content()
    phone.locator("#file").set_input_files(files=[{"name": "现场照片.jpg", "mimeType": "image/jpeg",
                                                   "buffer": b"\xff\xd8\xff\xe0" + bytes(300_000)}])
    phone.get_by_role("button", name="上传并登记到本案").click()
    phone.locator("#progress-box").wait_for(state="visible")
    phone.locator("#filed-link").wait_for(timeout=30_000)
    assert phone.locator("#filed-link").inner_text() == "已登记到案件，返回案件"
    assert "100%" in phone.locator("#progress-text").inner_text()
    shot(phone, "simple-photo-uploaded-phone")
    link = CaseEvidence.objects.get(case=case)
    assert (link.stage, link.av_stage, link.evidence.original_name) == ("onsite", "onsite", "现场照片.jpg")
    phone.locator("#filed-link").click()
    phone.wait_for_url(f"{live_server.url}/cases/{case.pk}/onsite/")
    assert "✓ 音像记录已完成或已说明原因" in phone.content()
    shot(phone, "simple-onsite-phone")
    assert fits(phone)
    phone.get_by_role("button", name="转入“表明身份、告知”").click()
    phone.wait_for_load_state()

    phone.get_by_label("罚款数额（元）").fill("3001")
    phone.get_by_label("违反的规定").fill("《城市道路管理条例》第二十七条")
    phone.get_by_label("处罚依据").fill("《城市道路管理条例》第四十二条")
    phone.get_by_label("当事人放弃陈述、申辩").check()
    phone.get_by_role("button", name="记录告知和陈述、申辩").click()
    phone.wait_for_load_state()
    assert "不得超过3,000元" in phone.content()  # 第51条, beside the field
    shot(phone, "simple-over-limit-phone")
    phone.get_by_label("罚款数额（元）").fill("3000")
    phone.get_by_role("button", name="记录告知和陈述、申辩").click()
    phone.wait_for_load_state()
    phone.get_by_role("button", name="转入“当场作出决定”").click()
    phone.wait_for_load_state()
    phone.get_by_label("行政复议机关").fill("鞍山市人民政府")
    phone.get_by_label("有管辖权的人民法院").fill("鞍山市铁东区人民法院")
    phone.get_by_role("button", name="制作当场行政处罚决定书").click()
    phone.wait_for_load_state()
    case.refresh_from_db()
    assert case.number and case.number in phone.content()
    shot(phone, "simple-decision-phone")
    assert fits(phone)
    with phone.expect_download() as download:
        phone.get_by_role("button", name="打开 PDF（打印或在手机上出示）").click()
    with open(download.value.path(), "rb") as f:
        assert f.read(4) == b"%PDF"
    phone.get_by_role("button", name="已当场交付决定书").click()
    phone.wait_for_load_state()

    phone.get_by_role("button", name="登记缴纳").click()
    phone.wait_for_load_state()
    assert "缴纳罚款 3000.00 元" in phone.content()
    phone.get_by_label("备案说明").fill("已报法规科")
    phone.get_by_role("button", name="报所属行政机关备案").click()
    phone.wait_for_load_state()
    shot(phone, "simple-execute-phone")
    phone.get_by_role("button", name="转入“备案”").click()
    phone.wait_for_load_state()
    phone.get_by_role("button", name="转入“归档”").click()
    phone.wait_for_load_state()
    case.refresh_from_db()
    assert case.state == CaseState.ARCHIVED
    shot(phone, "simple-archived-phone")
    assert fits(phone)

    desk = sign_in(new_page(width=1280, height=900), "zhangwei")
    desk.goto(f"{live_server.url}/cases/{case.pk}/onsite/")
    shot(desk, "simple-archived-desktop")
    desk.goto(f"{live_server.url}/cases/onsite/new/")
    shot(desk, "simple-start-desktop")
