"""行政强制措施 in a real browser: an officer asks for a 查封 on its start page, the head approves it on the case
page, the officer records the spot (现场笔录, 决定书 and 清单 handed over) and the measure enters its 30 days.
Screenshots in test-artifacts/screenshots/measure-*.png (1280 px and 390 px)."""

from __future__ import annotations

import pytest
from tests.cases.conftest import mworld, store, world  # noqa: F401  (fixtures: 1 September 2026, ZR-QZ-001)
from tests.e2e.layout import fits

from zhifa.cases.models import Case, Measure

pytestmark = pytest.mark.e2e


def test_a_seal_is_asked_for_approved_carried_out_and_held(live_server, mworld, new_page, sign_in,  # noqa: F811
                                                            shot, evidence_store):
    desk = sign_in(new_page(), "zhangwei")
    desk.goto(f"{live_server.url}/cases/measure/new/")
    desk.locator("#id_party").select_option(label="鞍山某建材有限公司")
    desk.get_by_label("查封", exact=True).check()
    desk.get_by_label("案由").fill("查封违法建设厂房")
    desk.get_by_label("涉嫌违法的事实").fill("未经批准占用集体土地建设厂房，责令停止后继续施工")
    desk.get_by_label("查封（扣押）的理由").fill("制止违法建设继续施工")
    desk.get_by_label("查封（扣押）的依据").fill("《中华人民共和国土地管理法》第六十八条第四项")
    desk.get_by_label("查封（扣押）的场所、设施或者财物").fill("钢结构厂房一座（约1200平方米）")
    desk.get_by_label("保管方式和场所").fill("就地查封，张贴封条")
    desk.get_by_label("实施地点").fill("千山区某村东侧")
    desk.get_by_label("李娜").check()
    shot(desk, "measure-start-desktop")
    assert fits(desk)
    desk.get_by_role("button", name="提交").click()
    desk.wait_for_load_state()
    case = Case.objects.get(process="coercive_measure")
    assert desk.url.endswith(case.get_absolute_url()) and "批准前不得实施" in desk.content()

    head = sign_in(new_page(), "nr_head")
    head.goto(f"{live_server.url}{case.get_absolute_url()}")
    head.get_by_label("批准", exact=True).check()
    head.get_by_label("审批意见").fill("同意查封。")
    head.get_by_role("button", name="签署").click()
    head.wait_for_load_state()
    assert Measure.objects.get(case=case).approved

    desk.reload()
    desk.get_by_role("button", name="转入“实施”").click()
    desk.wait_for_load_state()
    desk.get_by_label("到场的当事人或其代理人").fill("赵丽华（法定代表人）")
    desk.get_by_label("当事人的陈述和申辩").fill("称正在补办用地手续")
    desk.get_by_label("音像记录情况").fill("执法记录仪AS-NR-0007全程录音录像")
    desk.get_by_label("行政复议机关").fill("鞍山市人民政府")
    desk.get_by_label("有管辖权的人民法院").fill("鞍山市铁东区人民法院")
    desk.get_by_role("button", name="制作现场笔录和决定书").click()
    desk.wait_for_load_state()
    measure = Measure.objects.get(case=case)
    assert measure.decision is not None and measure.decision.number in desk.content()
    desk.locator("summary", has_text="说明不宜音像记录的原因").click()
    desk.locator("#no-av-av_stage").select_option("seizure")
    desk.get_by_label("不宜音像记录的原因").fill("执法记录仪故障，已拍照留存")
    desk.get_by_role("button", name="记录", exact=True).last.click()
    desk.wait_for_load_state()
    desk.get_by_role("button", name="转入“查封扣押期间”").click()
    desk.wait_for_load_state()
    assert Case.objects.get(pk=case.pk).stage == "hold"
    assert "尚余 30 日" in desk.content()
    shot(desk, "measure-hold-desktop")

    phone = sign_in(new_page(width=390, height=844), "zhangwei")
    phone.goto(f"{live_server.url}{case.get_absolute_url()}")
    shot(phone, "measure-hold-phone")
    assert fits(phone)
    phone.goto(f"{live_server.url}/cases/measure/new/")
    shot(phone, "measure-start-phone")
    assert fits(phone)
