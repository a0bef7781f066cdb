"""中止执行 and 冻结 in a real browser: the head suspends an enforcement from the case page and sees the
numbered 中止执行决定书 and the resume form; a freeze's case page shows the bank's notice and the three working days
for the 冻结决定书 — at 1280 px and on a 390 px phone, with no sideways scroll. Screenshots in
test-artifacts/screenshots/coercion-suspended-*.png and measure-freeze-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from tests.cases.conftest import mworld, store, world  # noqa: F401  (the fixtures: the items lists in force)
from tests.cases.test_coercion import TODAY, to_enforce, travel
from tests.cases.test_measure import approved
from tests.cases.test_measure_freeze import FREEZE, authorised
from tests.e2e.layout import fits

from zhifa.cases import actions
from zhifa.cases.models import EnforcementSuspension

pytestmark = pytest.mark.e2e


def test_the_head_suspends_an_enforcement_on_the_case_page(live_server, world, new_page, sign_in, shot):  # noqa: F811
    case, day = to_enforce(world, "restore", served_on=TODAY - dt.timedelta(days=10))
    with travel(day):
        head = sign_in(new_page(), "nr_head")
        head.goto(f"{live_server.url}{case.get_absolute_url()}")
        head.locator("summary", has_text="中止执行（").click()
        head.get_by_label("当事人履行行政决定确有困难或者暂无履行能力").check()
        head.locator("#suspend-reason").fill("当事人因病住院，暂无能力组织清除")
        head.get_by_role("button", name="中止执行并制作决定书").click()
        head.wait_for_load_state()
        text = head.content()
        assert "已作出中止执行决定" in text and "起中止执行" in text and "恢复执行并制作决定书" in text
        assert "hardship" not in text and EnforcementSuspension.objects.count() == 1
        shot(head, "coercion-suspended-desktop")
        phone = sign_in(new_page(width=390, height=844), "nr_head")
        phone.goto(f"{live_server.url}{case.get_absolute_url()}")
        assert "中止执行决定书" in phone.content()
        shot(phone, "coercion-suspended-phone")
        assert fits(phone)


def test_a_freeze_reads_on_desktop_and_phone(live_server, mworld, new_page, sign_in, shot):  # noqa: F811
    authorised(mworld)
    case = approved(mworld, **FREEZE)
    actions.carry_out_freeze(actor=mworld.u_officer, case=case, acted_at=timezone.now(), bank_staff="钱某某",
                             av_note="执法记录仪AS-NR-0007", review_body="鞍山市人民政府", court="鞍山市铁东区人民法院")
    desk = sign_in(new_page(), "zhangwei")
    desk.goto(f"{live_server.url}{case.get_absolute_url()}")
    text = desk.content()
    assert "冻结通知书" in text and "前交付当事人" in text and "第三十一条" in text
    shot(desk, "measure-freeze-desktop")
    phone = sign_in(new_page(width=390, height=844), "zhangwei")
    phone.goto(f"{live_server.url}{case.get_absolute_url()}")
    shot(phone, "measure-freeze-phone")
    assert fits(phone)
