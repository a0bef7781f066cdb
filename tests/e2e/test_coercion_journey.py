"""行政强制执行 in a real browser: the start page, and a case whose enforcement on a statutory holiday was
refused, the refusal shown on its page — at 1280 px and on a 390 px phone, with no sideways scroll.
Screenshots in test-artifacts/screenshots/coercion-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.cases.conftest import world  # noqa: F401  (the fixture: the items list in force)
from tests.cases.test_coercion import TODAY, at, first, to_enforce, travel
from tests.e2e.layout import fits

from zhifa.cases import actions
from zhifa.core.errors import RuleViolation
from zhifa.workdays import calendar

pytestmark = pytest.mark.e2e


def test_an_enforcement_refused_on_a_holiday_reads_on_desktop_and_phone(
        live_server, world, new_page, sign_in, shot):  # noqa: F811
    case, day = to_enforce(world, "restore", served_on=TODAY - dt.timedelta(days=10))
    holiday = first(calendar.is_holiday, day)
    with travel(holiday + dt.timedelta(days=1)), pytest.raises(RuleViolation):
        actions.enforce(actor=world.u_officer, case=case, at=at(holiday, 10), note="组织清除堆放物")

    desk = sign_in(new_page(), "zhangwei")
    desk.goto(f"{live_server.url}/cases/enforcement/new/")
    assert "启动行政强制执行" in desk.content()
    shot(desk, "coercion-start-desktop")
    desk.goto(f"{live_server.url}{case.get_absolute_url()}")
    text = desk.content()
    assert "未予准许" in text and "法定节假日" in text and "第四十三条" in text
    shot(desk, "coercion-refused-desktop")

    phone = sign_in(new_page(width=390, height=844), "zhangwei")
    phone.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert "未予准许" in phone.content()
    shot(phone, "coercion-refused-phone")
    assert fits(phone)
    phone.goto(f"{live_server.url}/cases/enforcement/new/")
    shot(phone, "coercion-start-phone")
    assert fits(phone)
