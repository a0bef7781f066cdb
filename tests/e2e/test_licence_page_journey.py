"""A licence after its issue, in a real browser: the licence page with its renewal under way says by when the
agency must decide (第50条); the officer opens 撤回、撤销, sends the form empty and is told in Chinese, fills it and is
taken to the new case; the page then lists it. Screenshots in test-artifacts/screenshots/licence-*.png (1280 px and
390 px)."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.cases.permit_world import at, build_permit_world, issued, register
from tests.e2e.layout import fits

from zhifa.cases.models import LicenceEnd

pytestmark = pytest.mark.e2e


@pytest.fixture
def w(db, evidence_store):
    return build_permit_world()


def test_the_licence_page_shows_its_renewal_and_starts_a_withdrawal(live_server, w, new_page, sign_in, shot):
    licence = issued(w, valid_to=dt.date(2027, 1, 20))
    with at("2026-11-20"):
        register(w, purpose="renewal", licence=licence, applicant=None)
    page = sign_in(new_page(), "zhangwei")
    page.goto(f"{live_server.url}{licence.get_absolute_url()}")
    assert "应于有效期届满日" in page.content() and "2027-01-20" in page.content()
    page.locator("#end-h").click()
    page.get_by_role("button", name="启动撤回或撤销").click()
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() >= 1 and not LicenceEnd.objects.exists()  # told, nothing started
    page.get_by_label("撤回", exact=True).check()
    page.get_by_label("事实和理由").fill("该地块控制性详细规划已依法修改，原许可依据的客观情况发生重大变化")
    page.get_by_label("依据").fill("《中华人民共和国行政许可法》第八条")
    page.get_by_role("button", name="启动撤回或撤销").click()
    page.wait_for_url(f"{live_server.url}/cases/*/#permit-h")
    assert "制作并送达告知书" in page.content()
    end = LicenceEnd.objects.get()
    page.goto(f"{live_server.url}{licence.get_absolute_url()}")
    assert end.case.title in page.content()
    shot(page, "licence-1280")
    assert fits(page)
    phone = sign_in(new_page(width=390, height=844), "zhangwei")
    phone.goto(f"{live_server.url}{licence.get_absolute_url()}")
    phone.locator("#change-h").click()
    shot(phone, "licence-390")
    assert fits(phone)
