"""Two-factor sign-in in a real browser: an agency head binds an authenticator from the QR page (no script, the
QR code drawn on the server), then signs in with password and code."""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import totp_code
from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def test_agency_head_enrols_then_signs_in_with_a_code(live_server, cast, page, shot):
    page.goto(f"{live_server.url}/login/?next=/officers/")
    page.get_by_label("用户名").fill("nr_head")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/security/enroll/?next=/officers/")
    assert page.locator("figure.otp-qr svg").is_visible()
    assert page.locator("nav.main-nav a").count() == 0
    shot(page, "two-factor-enrol")
    secret = page.locator("code.otp-secret").inner_text().replace(" ", "")

    # Anything else waits until the device is bound.
    page.goto(f"{live_server.url}/officers/")
    assert "/security/enroll/" in page.url

    page.get_by_label("动态验证码").fill(f"{totp(base64.b32decode(secret)):06d}")
    page.get_by_role("button", name="绑定").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/officers/", page.url
    assert page.locator("h1").inner_text() == "执法人员"

    page.locator(".who").get_by_role("button", name="退出").click()
    page.wait_for_url(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("nr_head")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/login/code/?next=/")
    shot(page, "two-factor-code")
    page.get_by_label("动态验证码").fill(f"{(totp(base64.b32decode(secret)) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="验证").click()
    page.wait_for_load_state()
    assert "动态验证码不正确" in page.locator(".errorlist").inner_text()

    # Within the same 30 s the enrolment's code is spent: totp_code lets the device take it again.
    page.get_by_label("动态验证码").fill(totp_code(TOTPDevice.objects.get(user=cast.u_head)))
    page.get_by_role("button", name="验证").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "账号安全" in page.locator(".who").inner_text()
