"""Login is throttled against guessing, with a Chinese message, per account and address together: a guesser slows
down only themselves, never the account's owner elsewhere. There is one login path; the Django admin's own form is
gone (and the admin is not mounted unless ZHIFA_ADMIN asks for it)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import RequestFactory
from tests.conftest import PASSWORD

from zhifa.agencies.models import LoginFailure
from zhifa.agencies.throttle import client_address

X, Y = "203.0.113.7", "198.51.100.20"
PROXY = "10.0.0.5"
T0 = dt.datetime(2026, 10, 15, 9, 0, tzinfo=dt.UTC)  # sessions made while travelling expire after it: check inside


def attempt(client, username, password, address=X, **headers):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def signed_in_as(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def test_wrong_password_many_times_makes_the_right_one_wait_at_that_address(cast, client):
    for _ in range(5):
        assert "用户名或密码不正确" in attempt(client, "zhangwei", "wrong").content.decode()
    r = attempt(client, "zhangwei", PASSWORD)
    assert "登录失败次数过多，请1分钟后再试" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(cast, client):
    for _ in range(4):
        attempt(client, "zhangwei", "wrong")
    r = attempt(client, "zhangwei", PASSWORD)
    assert r.status_code == 302
    assert signed_in_as(client, cast.u_officer)


def test_a_guesser_at_one_address_does_not_lock_the_owner_out_from_another(cast, client):
    with time_machine.travel(T0, tick=False):
        for _ in range(30):
            attempt(client, "zhangwei", "wrong", X)
        assert "登录失败次数过多" in attempt(client, "zhangwei", PASSWORD, X).content.decode()
        r = attempt(client, "zhangwei", PASSWORD, Y)
        assert r.status_code == 302 and signed_in_as(client, cast.u_officer)


def test_repeated_failures_wait_longer_each_time(cast, client):
    """60 s after the fifth failure, then 120 s, 240 s: the wait doubles and the message says how long."""
    waits = []
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(5):
            attempt(client, "zhangwei", "wrong")
        for expected in (60, 120, 240):
            clock.shift(expected - 1)
            r = attempt(client, "zhangwei", PASSWORD)   # one second early: refused, the password unread
            waits.append(r.content.decode().count("登录失败次数过多，请1秒后再试"))
            clock.shift(1)
            assert "用户名或密码不正确" in attempt(client, "zhangwei", "wrong").content.decode()
            r = attempt(client, "zhangwei", PASSWORD)
            assert f"请{expected * 2 // 60}分钟后再试" in r.content.decode()
        assert "_auth_user_id" not in client.session
        clock.shift(480)
        assert attempt(client, "zhangwei", PASSWORD).status_code == 302
    assert waits == [1, 1, 1]


def test_an_address_failing_against_many_accounts_is_slowed_for_all_of_them(cast, client):
    with time_machine.travel(T0, tick=False):
        for n in range(30):
            attempt(client, f"guess{n}", "wrong", X)
        r = attempt(client, "nr_head", PASSWORD, X)
        assert "登录失败次数过多" in r.content.decode() and "_auth_user_id" not in client.session
        assert attempt(client, "nr_head", PASSWORD, Y).status_code == 302


def test_x_forwarded_for_is_ignored_unless_it_comes_from_a_trusted_proxy(cast, client, settings):
    settings.ZHIFA_TRUSTED_PROXIES = []
    for n in range(5):  # a new made-up address each time does not buy new tries
        attempt(client, "zhangwei", "wrong", X, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    r = attempt(client, "zhangwei", PASSWORD, X, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert "登录失败次数过多" in r.content.decode()


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(cast, client, settings):
    settings.ZHIFA_TRUSTED_PROXIES = [PROXY]
    for _ in range(5):
        attempt(client, "zhangwei", "wrong", PROXY, HTTP_X_FORWARDED_FOR=f"spoofed, {X}")
    assert "登录失败次数过多" in attempt(client, "zhangwei", PASSWORD, PROXY,
                                          HTTP_X_FORWARDED_FOR=f"{Y}, {X}").content.decode()
    r = attempt(client, "zhangwei", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=f"{X}, {Y}")
    assert r.status_code == 302


@pytest.mark.parametrize("trusted, remote, forwarded, expected", [
    ([], X, "192.0.2.1", X),                                  # not from a proxy: the header is the client's word
    (["10.0.0.0/8"], PROXY, f"192.0.2.1, {X}", X),            # right-most hop the proxy wrote
    (["10.0.0.0/8"], PROXY, f"{X}, 10.0.0.9", X),             # skip further trusted proxies
    (["10.0.0.0/8"], PROXY, "", PROXY),                       # no header: the proxy itself
    (["10.0.0.0/8"], PROXY, f"{X}, not-an-address", PROXY),   # garbage ends the trust at the last good hop
    (["10.0.0.0/8"], "::ffff:10.0.0.5", Y, Y),                # IPv4-mapped IPv6 REMOTE_ADDR
    (["2001:db8::/32"], "2001:db8::1", "2001:db8::2, 2001:db9::7", "2001:db9::7"),
])
def test_client_address(settings, trusted, remote, forwarded, expected):
    settings.ZHIFA_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_pages_need_a_login(cast, client):
    r = client.get("/officers/")
    assert r.status_code == 302 and r["Location"].startswith("/login/")


# ---------------------------------------------------------------- the Django admin


def test_the_admin_is_not_mounted_by_default(cast, client):
    assert client.get("/admin/login/").status_code == 404
    assert client.post("/admin/login/", {"username": "sysadmin", "password": PASSWORD}).status_code == 404


def test_thirty_wrong_passwords_then_the_right_one_at_the_admin_login_do_not_sign_in(cast, client, admin_mounted):
    cast.u_admin.is_staff = cast.u_admin.is_superuser = True
    cast.u_admin.save()
    for _ in range(30):
        client.post("/admin/login/", {"username": "sysadmin", "password": "wrong"}, REMOTE_ADDR=X)
    r = client.post("/admin/login/?next=/admin/", {"username": "sysadmin", "password": PASSWORD}, REMOTE_ADDR=X)
    assert r.status_code == 302 and r["Location"] == "/login/?next=/admin/"
    assert "_auth_user_id" not in client.session
    r = client.get("/admin/", REMOTE_ADDR=X, follow=True)
    assert r.redirect_chain[-1][0] == "/login/?next=/admin/" and "登录" in r.content.decode()


def test_an_address_locked_at_the_login_page_cannot_sign_in_anywhere(cast, client, admin_mounted):
    cast.u_admin.is_staff = True
    cast.u_admin.save()
    for _ in range(5):
        attempt(client, "sysadmin", "wrong", X)
    client.post("/admin/login/", {"username": "sysadmin", "password": PASSWORD}, REMOTE_ADDR=X)
    assert "_auth_user_id" not in client.session
    assert "登录失败次数过多" in attempt(client, "sysadmin", PASSWORD, X).content.decode()
    assert "_auth_user_id" not in client.session


def test_signed_in_without_admin_access_the_admin_refuses_rather_than_loops(cast, login, admin_mounted):
    client = login(cast.u_officer)
    r = client.get("/admin/", follow=True)
    assert r.status_code == 403
def test_a_user_name_with_a_control_character_is_a_wrong_login_not_a_500(cast, client):
    """PostgreSQL refuses a NUL in text: the throttle's query on the raw name was a 500."""
    response = client.post("/login/", {"username": "sysadmin\x00", "password": PASSWORD})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert not LoginFailure.objects.exists()
