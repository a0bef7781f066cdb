"""调查取证 in a real browser on a phone (390 px): the investigation section fits the screen with every form
folded open, and an officer writes up an inquiry on it. Screenshots: test-artifacts/screenshots/investigation-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.cases.conftest import ITEM, world  # noqa: F401  (the fixture: the items list in force)
from tests.e2e.conftest import fill_inquiry
from tests.e2e.layout import fits

from zhifa.cases import actions
from zhifa.cases.models import InvestigationRecord

pytestmark = pytest.mark.e2e

OPEN_ALL = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"


def test_an_officer_on_a_phone_writes_up_an_inquiry_in_the_investigation_section(
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
    phone.evaluate(OPEN_ALL)
    assert fits(phone)
    shot(phone, "investigation-forms-phone")

    phone.goto(f"{live_server.url}{case.get_absolute_url()}")
    phone.get_by_text("制作询问笔录", exact=True).click()
    fill_inquiry(phone, world)
    phone.wait_for_url(f"{live_server.url}{case.get_absolute_url()}")
    assert InvestigationRecord.objects.filter(case=case, kind="inquiry").count() == 1
    records = phone.locator("#records-h + ul").inner_text()
    assert "询问笔录" in records and "签名：已签名" in records and "张伟、李娜" in records
    assert fits(phone)
    shot(phone, "investigation-inquiry-recorded-phone")
