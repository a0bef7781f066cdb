"""An officer on a phone records a party: the kind first, a wrong 身份证 number refused beside its field, the
right one recorded; the same number typed again finds the party; the list shows the number masked."""

from __future__ import annotations

import pytest
from tests.parties.conftest import ZHANG_SAN, wrong_check

from zhifa.parties.models import Party

pytestmark = pytest.mark.e2e


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} 横向溢出 {overflow}px"


def fill_person(page, number: str) -> None:
    page.get_by_label("姓名").fill("张三")
    page.get_by_label("证件号码").fill(number)
    page.get_by_label("住址").fill("鞍山市铁东区胜利路1号")
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()


def test_an_officer_records_a_party_on_a_phone_and_finds_it_again_by_number(live_server, cast, new_page, sign_in,
                                                                            shot):
    page = new_page(390, 844, is_mobile=True, has_touch=True, device_scale_factor=2)
    sign_in(page, "zhangwei")
    page.goto(f"{live_server.url}/parties/new/")
    no_sideways_scroll(page)
    page.get_by_role("link", name="自然人").click()
    page.wait_for_load_state()
    fill_person(page, wrong_check(ZHANG_SAN))
    error = page.locator(".field .errorlist").first.inner_text()
    assert "证件号码：公民身份号码校验码错误" in error and "GB 11643" in error, error
    assert not Party.objects.exists()
    no_sideways_scroll(page)
    shot(page, "phone-party-wrong-id")

    fill_person(page, ZHANG_SAN)
    party = Party.objects.get()
    assert page.url == f"{live_server.url}/parties/{party.pk}/"
    assert ZHANG_SAN in page.content() and "男" in page.locator("dl.fields").inner_text()
    no_sideways_scroll(page)
    shot(page, "phone-party-detail")

    page.goto(f"{live_server.url}/parties/new/?kind=person")
    fill_person(page, ZHANG_SAN.lower())
    assert page.url == f"{live_server.url}/parties/{party.pk}/"
    assert "此前已登记（按证件号码找到）" in page.locator(".messages").inner_text()
    assert Party.objects.count() == 1

    page.goto(f"{live_server.url}/parties/")
    listing = page.locator("table").inner_text()
    assert ZHANG_SAN[:6] + "********" + ZHANG_SAN[-4:] in listing and ZHANG_SAN not in listing
    no_sideways_scroll(page)
    shot(page, "phone-party-list")
