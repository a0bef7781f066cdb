"""Login is throttled against guessing, with a Chinese message; a success clears the count."""

from __future__ import annotations

from tests.conftest import PASSWORD

from zhifa.agencies.models import LoginFailure


def test_wrong_password_many_times_locks_the_account_even_for_the_right_password(cast, client):
    for _ in range(5):
        r = client.post("/login/", {"username": "zhangwei", "password": "wrong"})
        assert "用户名或密码不正确" in r.content.decode()
    r = client.post("/login/", {"username": "zhangwei", "password": PASSWORD})
    assert "登录失败次数过多" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(cast, client):
    for _ in range(4):
        client.post("/login/", {"username": "zhangwei", "password": "wrong"})
    r = client.post("/login/", {"username": "zhangwei", "password": PASSWORD})
    assert r.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.u_officer.pk)


def test_pages_need_a_login(cast, client):
    r = client.get("/officers/")
    assert r.status_code == 302 and r["Location"].startswith("/login/")


def test_a_user_name_with_a_control_character_is_a_wrong_login_not_a_500(cast, client):
    """PostgreSQL refuses a NUL in text: the throttle's query on the raw name was a 500."""
    response = client.post("/login/", {"username": "sysadmin\x00", "password": PASSWORD})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert not LoginFailure.objects.exists()
