"""The hearing and the other outcomes on a phone (390 px): the officer schedules the hearing the party asked for
from the case page and sees its 听证通知书; the agency head finds 不予处罚 and 移送 at 案件审核 and the deadline's
extension; nothing scrolls sideways with every section opened. Screenshots in
test-artifacts/screenshots/hearing-*.png."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from tests.cases.conftest import ITEM, hand_in, investigated, world  # noqa: F401  (the fixture: the items list in force)

from zhifa.cases import actions
from zhifa.cases.models import Hearing

pytestmark = pytest.mark.e2e

NO_SIDEWAYS = "() => [document.documentElement.scrollWidth, window.innerWidth]"
OPEN_ALL = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"


def assert_fits(page, what: str) -> None:
    page.evaluate(OPEN_ALL)
    width, inner = page.evaluate(NO_SIDEWAYS)
    assert width <= inner, f"{what}：页面横向滚动（{width}px 宽于 {inner}px）"


def reviewed(world):  # noqa: F811
    case = investigated(world, title="某公司未经批准占用耕地建设厂房案", days_ago=3)
    return case


def test_on_a_phone_the_hearing_is_scheduled_and_the_head_sees_the_other_outcomes(
        live_server, world, new_page, sign_in, shot, evidence_store):  # noqa: F811
    world.sun = world.officer("孙明", world.nr_legal, number="21030010")
    world.wu = world.officer("吴芳", world.nr_legal, number="21030011")
    other = reviewed(world)
    case = reviewed(world)
    actions.move(actor=world.u_officer, case=case, target="notify")
    notice = actions.issue_notice(
        actor=world.u_officer, case=case, kinds=["fine"], fine=Decimal("20000"), confiscated=Decimal(0),
        facts="未经批准占用集体土地1200平方米建设厂房", evidence="现场检查笔录、现场照片",
        violated="《中华人民共和国土地管理法》第四十四条", penalty_basis="《中华人民共和国土地管理法》第七十七条",
        reason="属一般情节", contact="张伟 0412-0000000", agency_address="鞍山市铁东区某街1号")
    today = timezone.localdate()
    actions.record_service(actor=world.u_officer, case=case, document=notice.document, method="direct",
                           served_on=today, recipient="赵丽华")
    actions.move(actor=world.u_officer, case=case, target="statement")
    actions.record_statement(actor=world.u_officer, case=case, received_on=today, hearing_requested=True)
    actions.move(actor=world.u_officer, case=case, target="hearing")

    phone = sign_in(new_page(width=390, height=844), "zhangwei")
    phone.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert_fits(phone, "听证环节")
    section = phone.locator("section[aria-labelledby='hearing-h']")
    section.get_by_label("听证时间").fill(f"{today + dt.timedelta(days=30):%Y-%m-%d}T09:30")
    section.get_by_label("听证地点").fill("鞍山市自然资源局三楼听证室")
    section.get_by_label("听证主持人").select_option(label="孙明（法规科）")
    section.get_by_label("记录员").select_option(label="吴芳（法规科）")
    shot(phone, "hearing-schedule-phone")
    section.get_by_role("button", name="安排听证并制作听证通知书").click()
    phone.wait_for_load_state()
    hearing = Hearing.objects.get(case=case)
    assert "听通字" in hearing.notice.number
    assert hearing.notice.number in phone.locator("section[aria-labelledby='hearing-h']").inner_text()
    assert_fits(phone, "听证已安排")
    shot(phone, "hearing-scheduled-phone")

    head = sign_in(new_page(width=390, height=844), "nr_head")
    head.goto(f"{live_server.url}{other.get_absolute_url()}")
    assert_fits(head, "案件审核（负责人）")  # every disclosure opened
    assert head.get_by_role("button", name="决定不予行政处罚并制作决定书").count() == 1
    assert head.get_by_role("button", name="批准移送并制作案件移送书").count() == 1
    assert "作出处罚决定的期限" in head.inner_text("main")
    shot(head, "hearing-outcomes-head-phone")
