"""Cases in a real browser: at the site, on a phone, an officer takes a photo for the current stage of the case
and it is filed with the case at once. Screenshots in test-artifacts/screenshots/case-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.cases.conftest import ITEM, world  # noqa: F401  (the fixture: the items list in force)
from tests.e2e.layout import fits

from zhifa.cases import actions
from zhifa.cases.models import CaseEvidence

pytestmark = pytest.mark.e2e


def test_an_officer_on_a_phone_takes_a_photo_for_the_stage_and_it_is_filed_with_the_case(
        live_server, world, new_page, sign_in, shot, evidence_store):  # noqa: F811
    case = actions.register_case(
        actor=world.u_officer, unit=world.nr_team, process="punishment_general", source="inspection",
        title="某公司未经批准占用耕地案", summary="巡查发现。", item_code=ITEM, place=world.tiedong,
        act_on=dt.date.today() - dt.timedelta(days=3), officers=[world.zhang, world.li], lead=world.zhang,
        opinion="建议立案", parties=[world.company])
    actions.sign_opinion(actor=world.u_unit_head, case=case, step="open", agrees=True, text="同意")
    actions.sign_opinion(actor=world.u_head, case=case, step="open", agrees=True, text="同意")
    actions.move(actor=world.u_officer, case=case, target="investigate")

    phone = sign_in(new_page(width=390, height=844), "zhangwei")
    phone.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert "✗" in phone.locator("#way-unit_review").inner_text()  # AV of the site inspection still missing
    shot(phone, "case-investigate-phone")
    assert fits(phone)
    phone.get_by_role("link", name="拍摄现场检查/勘验并登记").click()
    phone.wait_for_url(f"{live_server.url}/records/upload/?then=*")
    phone.get_by_label("文件").set_input_files(files=[{"name": "现场照片.jpg", "mimeType": "image/jpeg",
                                                       "buffer": b"\xff\xd8\xff\xe0" + bytes(2000)}])
    phone.get_by_label("事项").fill("现场检查")
    phone.get_by_role("button", name="开始上传").click()
    phone.locator("#filed-link").wait_for(timeout=30_000)
    assert phone.locator("#filed-link").inner_text() == "已登记到案件，返回案件"
    link = CaseEvidence.objects.get(case=case)
    assert (link.stage, link.av_stage, link.evidence.original_name) == ("investigate", "onsite", "现场照片.jpg")
    phone.locator("#filed-link").click()
    phone.wait_for_url(f"{live_server.url}{case.get_absolute_url()}")
    assert "现场检查" in phone.locator("#evidence-h + p, section[aria-labelledby='evidence-h']").first.inner_text()
    assert "抽样取证、查封扣押" in phone.locator("#way-unit_review").inner_text()  # only these remain
    shot(phone, "case-photo-filed-phone")
