"""A 行政检查 that becomes a 行政处罚 case, in Chromium: started from the case list (one officer refused, two
accepted), the 现场检查笔录 made (a start in the future refused), the recording filed as the onsite AV, 立案查处
— and the new case, awaiting 立案审批, carries the inspection's evidence and names the inspection it came from.
Screenshots in test-artifacts/screenshots/inspection-*.png (1280 px and 390 px)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from tests.cases.conftest import ITEM, world  # noqa: F401  (fixture)
from tests.cases.test_case_engine import hand_in
from tests.cases.test_inspection import checks  # noqa: F401  (fixture)
from tests.e2e.layout import fits

from zhifa.cases.models import Case

pytestmark = pytest.mark.e2e


def test_an_inspection_that_finds_a_violation_becomes_a_punishment_case(
        live_server, checks, new_page, sign_in, shot, evidence_store):  # noqa: F811
    recording = hand_in(checks, title="现场检查录像")
    page = sign_in(new_page(), "zhangwei")
    page.goto(f"{live_server.url}/cases/")
    page.get_by_role("link", name="行政检查").click()
    page.wait_for_url(f"{live_server.url}/cases/inspections/new/")
    page.get_by_label("检查事由").fill("土地利用情况检查")
    page.get_by_label("检查对象").select_option(label="鞍山某建材有限公司")
    page.get_by_role("button", name="开始检查").click()
    page.wait_for_load_state()
    assert "执法人员不得少于2人，当前只有1人" in page.content()  # only 张伟, ticked as the signed-in officer
    shot(page, "inspection-one-officer-refused")
    page.get_by_label("李娜").check()
    page.get_by_role("button", name="开始检查").click()
    page.wait_for_url(f"{live_server.url}/cases/*/")
    inspection = Case.objects.get(process="inspection")
    assert "行政检查" in page.locator("h1").inner_text() and "待立案" not in page.content()

    later = timezone.localtime() + dt.timedelta(hours=3)
    page.get_by_label("检查开始时间").fill(later.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("检查结束时间").fill((later + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("检查地点").fill("铁西区兴盛路116号厂区")
    page.get_by_label("在场人").fill("赵丽华（法定代表人）")
    page.get_by_label("检查事项").fill("用地批准文件；土地用途；建设范围")
    page.get_by_label("检查发现").fill("厂区东侧新建彩钢房约300平方米，未能提供用地批准文件")
    page.get_by_label("音像记录情况").fill("执法记录仪 DSJ-01 全程录像")
    page.get_by_role("button", name="制作笔录").click()
    page.wait_for_load_state()
    assert "检查开始时间不能晚于现在" in page.content()
    earlier = timezone.localtime() - dt.timedelta(hours=1)
    page.get_by_label("检查开始时间").fill(earlier.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("检查结束时间").fill((earlier + dt.timedelta(minutes=40)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="制作笔录").click()
    page.wait_for_load_state()
    assert "现场检查笔录" in page.content() and "彩钢房约300平方米" in page.content()

    page.get_by_text("登记已移交的证据").click()
    page.locator("#link-evidence").select_option(str(recording.pk))
    page.locator("#link-av_stage").select_option("onsite")
    page.locator("form[action$='/evidence/']").get_by_role("button", name="登记").click()
    page.wait_for_load_state()
    assert "现场检查录像" in page.content()
    shot(page, "inspection-recorded")
    assert fits(page)

    page.get_by_text("发现违法，立案查处").click()
    page.locator("#open-case-item_code").select_option(ITEM)
    page.locator("#open-case-title").fill("鞍山某建材有限公司非法占用土地案")
    page.locator("#open-case-act_on").fill((timezone.localdate() - dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="登记案件并报批").click()
    page.wait_for_url(f"{live_server.url}/cases/*/")
    punishment = Case.objects.get(process="punishment_general")
    assert page.url.endswith(f"/cases/{punishment.pk}/")
    content = page.locator("main").inner_text()
    assert "本案由行政检查“土地利用情况检查”发现" in content and "现场检查录像" in content
    assert "立案审批" in content and punishment.source == "inspection"
    assert {link.evidence_id for link in punishment.evidence_links.all()} == {recording.pk}
    shot(page, "inspection-became-case")
    assert fits(page)

    phone = sign_in(new_page(width=390, height=844), "zhangwei")
    phone.goto(f"{live_server.url}{inspection.get_absolute_url()}")
    assert "发现涉嫌违法行为，已立案查处" in phone.content() and "结案" in phone.content()
    assert "执法对象 鞍山某建材有限公司" in phone.content()
    shot(phone, "inspection-concluded-phone")
    assert fits(phone)
    phone.goto(f"{live_server.url}{punishment.get_absolute_url()}")
    shot(phone, "inspection-became-case-phone")
    assert fits(phone)
    phone.goto(f"{live_server.url}/cases/inspections/new/")
    shot(phone, "inspection-start-phone")
    assert fits(phone)
