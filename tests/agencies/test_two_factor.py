"""Two-factor sign-in through the real login form, with real TOTP codes: required for heads, reviewers,
supervisors and system administrators (enrol first, then a code at every sign-in), optional for officers; wrong
codes are throttled like passwords; a code is good once; nothing else is reachable halfway."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import PASSWORD

from zhifa.agencies.actions import enroll_totp_device
from zhifa.core.errors import RuleViolation
from zhifa.ledger.models import Entry

X, Y = "203.0.113.7", "198.51.100.20"
T0 = dt.datetime(2026, 10, 15, 9, 0, 5, tzinfo=dt.UTC)  # sessions made while travelling expire after it


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def password(client, username, address=X, next_url=""):
    return client.post(f"/login/{next_url}", {"username": username, "password": PASSWORD}, REMOTE_ADDR=address)


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_required_role_enrols_before_anything_else_is_reachable(cast, client, clock):
    r = password(client, "nr_head", next_url="?next=/officers/")
    assert r.status_code == 302 and r["Location"] == "/security/enroll/?next=/officers/"
    for page in ("/", "/officers/", f"/agencies/{cast.nr.pk}/", "/records/", "/login/code/"):
        r = client.get(page)
        assert r.status_code == 302 and r["Location"].startswith("/security/enroll/"), page

    page = client.get("/security/enroll/?next=/officers/")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "<script" not in html.split("<main ")[1]
    assert re.search(r'<nav class="main-nav"[^>]*>\s*</nav>', html)  # nothing to navigate to halfway
    secret = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    key = base64.b32decode(secret)
    assert page.context["otpauth_uri"].startswith(f"otpauth://totp/zhifa%3Anr_head?secret={secret}&")
    assert f'<a href="otpauth://totp/zhifa%3Anr_head?secret={secret}&amp;' in html  # enrolling on this phone

    wrong = f"{(totp(key) + 1) % 1_000_000:06d}"
    r = client.post("/security/enroll/?next=/officers/", {"code": wrong})
    assert r.status_code == 422 and "动态验证码不正确" in r.content.decode()
    assert not TOTPDevice.objects.filter(user=cast.u_head).exists()

    r = client.post("/security/enroll/?next=/officers/", {"code": f"{totp(key):06d}"})
    assert r.status_code == 302 and r["Location"] == "/officers/"
    assert client.get("/officers/").status_code == 200
    device = TOTPDevice.objects.get(user=cast.u_head, confirmed=True)
    assert device.bin_key == key
    entry = Entry.objects.get(kind="account.2fa_enrolled")
    assert entry.chain == cast.nr.pk and '"username":"nr_head"' in entry.payload
    assert device.key not in entry.payload and secret not in entry.payload


def test_with_a_device_the_password_alone_opens_nothing(cast, client, clock):
    device = TOTPDevice.objects.create(user=cast.u_head, name="手机", confirmed=True)
    r = password(client, "nr_head", next_url="?next=/officers/")
    assert r["Location"] == "/login/code/?next=/officers/"
    for page in ("/", "/officers/", "/security/", "/security/enroll/"):
        r = client.get(page)
        assert r.status_code == 302 and r["Location"].startswith("/login/code/"), page
    # Not even a new device can be bound with the password alone.
    assert client.post("/security/enroll/", {"code": "123456"})["Location"].startswith("/login/code/")

    r = client.post("/login/code/", {"code": f"{(totp(device.bin_key) + 7) % 1_000_000:06d}",
                                     "next": "/officers/"}, REMOTE_ADDR=X)
    assert r.status_code == 422 and "动态验证码不正确" in r.content.decode()
    r = client.post("/login/code/", {"code": code(device), "next": "/officers/"}, REMOTE_ADDR=X)
    assert r.status_code == 302 and r["Location"] == "/officers/"
    assert client.get("/officers/").status_code == 200


def test_a_code_is_good_once_and_only_near_its_time(cast, client, clock):
    device = TOTPDevice.objects.create(user=cast.u_head, name="手机", confirmed=True)
    used = code(device)
    password(client, "nr_head")
    assert client.post("/login/code/", {"code": used}).status_code == 302
    client.post("/logout/")
    password(client, "nr_head")
    r = client.post("/login/code/", {"code": used})
    assert r.status_code == 422 and "已使用过" in r.content.decode()
    clock.shift(-90)  # a code from three periods ago (past the one-period tolerance)
    old = code(device)
    clock.shift(90)
    assert client.post("/login/code/", {"code": old}).status_code == 422
    clock.shift(30)
    assert client.post("/login/code/", {"code": code(device)}).status_code == 302


def test_wrong_codes_are_throttled_per_account_and_address_like_passwords(cast, client, clock):
    device = TOTPDevice.objects.create(user=cast.u_head, name="手机", confirmed=True)
    password(client, "nr_head", X)
    for _ in range(5):
        client.post("/login/code/", {"code": f"{(totp(device.bin_key) + 3) % 1_000_000:06d}"}, REMOTE_ADDR=X)
    r = client.post("/login/code/", {"code": code(device)}, REMOTE_ADDR=X)
    assert r.status_code == 422 and "登录失败次数过多，请1分钟后再试" in r.content.decode()
    # The password step at that address waits too: signing in again buys no new tries.
    client.post("/logout/")
    assert "登录失败次数过多" in password(client, "nr_head", X).content.decode()

    # The owner elsewhere is not held up.
    owner = Client()
    password(owner, "nr_head", Y)
    assert owner.post("/login/code/", {"code": code(device)}, REMOTE_ADDR=Y).status_code == 302
    assert owner.get("/officers/", REMOTE_ADDR=Y).status_code == 200


def test_officers_choose_two_factor_and_can_turn_it_off(cast, client, clock):
    r = password(client, "zhangwei")
    assert r.status_code == 302 and r["Location"] == "/"
    assert client.get("/officers/").status_code == 200
    assert "启用双因素认证" in client.get("/security/").content.decode()

    page = client.get("/security/enroll/").content.decode()
    key = base64.b32decode(re.search(r'otp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", ""))
    assert client.post("/security/enroll/", {"code": f"{totp(key):06d}"})["Location"] == "/security/"
    client.post("/logout/")
    clock.shift(30)
    assert password(client, "zhangwei")["Location"] == "/login/code/?next=/"
    assert client.get("/officers/")["Location"].startswith("/login/code/")
    assert client.post("/login/code/", {"code": f"{totp(key):06d}"}).status_code == 302

    r = client.post("/security/remove/", follow=True)
    assert "已停用双因素认证" in r.content.decode()
    assert not TOTPDevice.objects.filter(user=cast.u_officer).exists()
    assert Entry.objects.filter(kind="account.2fa_removed", chain=cast.nr.pk).count() == 1


def test_a_required_role_cannot_turn_it_off(cast, login):
    client = login(cast.u_head)
    r = client.post("/security/remove/", follow=True)
    assert "您的角色要求双因素认证，不能停用" in r.content.decode()
    assert TOTPDevice.objects.filter(user=cast.u_head).exists()
    assert not Entry.objects.filter(kind="account.2fa_removed").exists()


@pytest.mark.parametrize("username", ["nr_head", "as_supervisor", "sysadmin"])
def test_each_required_role_is_held_at_enrolment(cast, client, username):
    assert password(client, username)["Location"].startswith("/security/enroll/")


def test_admin_staff_need_two_factors_whatever_their_roles(cast, client):
    cast.u_unit_head.is_staff = True
    cast.u_unit_head.save()
    assert password(client, "nr_team_head")["Location"].startswith("/security/enroll/")


def test_the_required_roles_are_a_setting(cast, client, settings):
    settings.ZHIFA_2FA_ROLES = ["officer"]
    assert password(client, "nr_head")["Location"] == "/"
    client.post("/logout/")
    assert password(client, "zhangwei")["Location"].startswith("/security/enroll/")
    settings.ZHIFA_2FA_ROLES = ["chief"]
    with pytest.raises(SystemCheckError, match="ZHIFA_2FA_ROLES"):
        call_command("check")


def test_enrolment_refuses_bad_codes_in_chinese(cast, clock):
    key = "00" * 20
    for bad, message in [("12345", "应为6位数字"), ("１２３４５６", "应为6位数字"), ("000000", "不正确")]:
        with pytest.raises(RuleViolation, match=message):
            enroll_totp_device(actor=cast.u_head, key=key, code=bad)
    with pytest.raises(RuleViolation, match="绑定密钥无效"):
        enroll_totp_device(actor=cast.u_head, key="xyz", code="123456")
    assert not TOTPDevice.objects.exists() and not Entry.objects.filter(kind="account.2fa_enrolled").exists()


def test_a_lost_phone_is_reset_by_who_manages_roles_over_the_whole_account(cast, login, client, clock):
    TOTPDevice.objects.create(user=cast.u_officer, name="手机", confirmed=True)
    TOTPDevice.objects.create(user=cast.u_admin, name="手机", confirmed=True)
    head = login(cast.u_head)
    assert "为他人重置双因素认证" in head.get("/security/").content.decode()
    # Someone whose account reaches further, or lies elsewhere, reads as no account at all.
    for username in ("sysadmin", "zj_head", "nobody"):
        r = head.post("/security/reset/", {"username": username})
        assert r.status_code == 422 and f"没有用户名为“{username}”的账号" in r.content.decode(), username
    assert TOTPDevice.objects.filter(user=cast.u_admin).exists()
    r = head.post("/security/reset/", {"username": "nr_head"})
    assert r.status_code == 422 and "不能重置自己的" in r.content.decode()

    r = head.post("/security/reset/", {"username": "zhangwei"}, follow=True)
    assert "已重置张伟的双因素认证" in r.content.decode()  # the person by name, not the user name
    assert r.redirect_chain[0][1] == 302 and not TOTPDevice.objects.filter(user=cast.u_officer).exists()
    r = head.post("/security/reset/", {"username": "zhangwei"})
    assert r.status_code == 422 and "张伟的账号未绑定身份验证器" in r.content.decode()
    entry = Entry.objects.get(kind="account.2fa_reset")
    assert entry.chain == cast.nr.pk and entry.actor_id == cast.u_head.pk

    officer = login(cast.u_officer)
    assert "为他人重置" not in officer.get("/security/").content.decode()
    assert officer.get("/security/reset/").status_code == 403
