"""Accounts in a real browser: the system administrator resets an officer's password from the 账号 pages; the
officer, on a phone, signs in with it, is held at the change page until choosing their own, and is sent out at
the next page once the administrator locks the account."""

from __future__ import annotations

import pytest
from tests.e2e.layout import fits

pytestmark = pytest.mark.e2e

NEW = "Xunjian-2026-qiu"


def test_a_reset_password_is_changed_at_first_sign_in_on_a_phone_and_a_lock_ends_the_session(
        live_server, cast, new_page, sign_in, shot):
    admin = sign_in(new_page(), "sysadmin")
    admin.locator("nav.main-nav").get_by_role("link", name="账号").click()
    admin.get_by_label("姓名或登录名").fill("张伟")
    admin.get_by_role("button", name="查询").click()
    admin.get_by_role("link", name="张伟").click()
    admin.get_by_role("link", name="重置密码").click()
    admin.get_by_role("button", name="生成临时密码").click()
    temporary = admin.locator(".temporary-password code").inner_text()
    shot(admin, "account-reset-done")

    phone = new_page(390, 844)
    sign_in(phone, "zhangwei", temporary)
    assert "/security/password/" in phone.url
    assert phone.locator("nav.main-nav a").count() == 0
    assert fits(phone)
    shot(phone, "account-forced-change-390")
    phone.goto(f"{live_server.url}/officers/")
    assert "/security/password/" in phone.url  # nothing else until it is done
    phone.get_by_label("原密码").fill(temporary)
    phone.locator("#id_new_password1").fill(NEW)
    phone.get_by_label("再次输入新密码").fill(NEW)
    phone.get_by_role("button", name="修改密码").click()
    phone.wait_for_url(f"{live_server.url}/officers/")
    assert "密码已修改" in phone.locator(".messages").inner_text()

    admin.get_by_role("link", name="返回账号").click()
    admin.get_by_label("理由").fill("手机遗失，暂停使用")
    admin.get_by_role("button", name="锁定").click()
    assert "已锁定张伟的账号" in admin.locator(".messages").inner_text()

    phone.goto(f"{live_server.url}/officers/")
    assert "/login/" in phone.url
    phone.get_by_label("用户名").fill("zhangwei")
    phone.get_by_label("密码").fill(NEW)
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_load_state()
    assert "该账号已被锁定" in phone.locator(".errorlist").inner_text()
    assert "手机遗失" not in phone.content()
