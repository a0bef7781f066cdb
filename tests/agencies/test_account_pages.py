"""Accounts through their pages: one's own password change (and the forced one after a password someone else
set), and the administrators' list, lock, unlock, close and password reset — each with its ledger entry, scoped
by the permission table, refused in Chinese, harmless when submitted twice."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from tests.conftest import PASSWORD

from zhifa.agencies.models import AccountState, Role, RoleGrant
from zhifa.ledger.models import Entry

NEW = "Xunjian-2026-qiu"


def sign_in(username: str, password: str = PASSWORD) -> Client:
    """A client signed in through the login form (officers need no second factor)."""
    client = Client()
    r = client.post("/login/", {"username": username, "password": password})
    assert r.status_code == 302, r.content.decode()[:500]
    return client


def entries(kind: str) -> list[Entry]:
    return list(Entry.objects.filter(kind=kind).order_by("pk"))


def errors(response) -> str:
    return " ".join(" ".join(v) for v in response.context["form"].errors.values())


# ---------------------------------------------------------------- one's own password


def test_the_security_page_leads_to_the_password_change(cast, login):
    page = login(cast.u_officer).get("/security/").content.decode()
    assert 'href="/security/password/"' in page


def test_own_password_change_keeps_the_session_signs_out_other_sessions_and_is_recorded(cast):
    client, elsewhere = sign_in("zhangwei"), sign_in("zhangwei")
    r = client.post("/security/password/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert r.status_code == 302 and r["Location"] == "/security/"
    assert client.get("/officers/").status_code == 200  # still signed in
    assert elsewhere.get("/officers/")["Location"].startswith("/login/")  # the other session ended
    assert Client().login(username="zhangwei", password=NEW)
    assert not Client().login(username="zhangwei", password=PASSWORD)
    [entry] = entries("account.password_changed")
    assert entry.actor_id == cast.u_officer.pk and entry.subject_id == str(cast.u_officer.pk)
    assert NEW not in entry.payload and PASSWORD not in entry.payload and '"forced":false' in entry.payload


@pytest.mark.parametrize("data, field, message", [
    ({"old_password": "wrong-one-1", "new_password1": NEW, "new_password2": NEW}, "old_password", "原密码不正确"),
    ({"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"}, "new_password2", "不一致"),
    ({"old_password": PASSWORD, "new_password1": "张伟-2026-abc", "new_password2": "张伟-2026-abc"}, "new_password1",
     "本人姓名"),
    ({"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}, "new_password1",
     "密码不符合要求"),
    ({"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}, "new_password1",
     "不能与原密码相同"),
])
def test_a_refused_password_change_says_why_beside_the_field_and_changes_nothing(cast, login, data, field, message):
    r = login(cast.u_officer).post("/security/password/", data)
    assert r.status_code == 422
    assert message in " ".join(r.context["form"].errors[field])
    assert Client().login(username="zhangwei", password=PASSWORD)
    assert not entries("account.password_changed")


def test_wrong_old_passwords_are_throttled_like_sign_ins(cast, login, settings):
    settings.ZHIFA_LOGIN_MAX_FAILURES = 2
    client = login(cast.u_officer)
    for _ in range(2):
        client.post("/security/password/", {"old_password": "wrong-one-1", "new_password1": NEW,
                                            "new_password2": NEW})
    r = client.post("/security/password/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert r.status_code == 422 and "登录失败次数过多" in r.content.decode()
    assert Client().login(username="zhangwei", password=PASSWORD)


# ---------------------------------------------------------------- a password someone else set


def test_an_account_opened_by_someone_else_must_change_its_password_before_anything_else(cast, login):
    login(cast.u_head).post(f"/officers/{cast.li.pk}/account/", {"username": "lina", "password": "Lina-2026-kaitong"})
    client = Client()
    r = client.post("/login/?next=/officers/", {"username": "lina", "password": "Lina-2026-kaitong"})
    assert r.status_code == 302
    for page in ("/", "/officers/", "/records/", "/security/", f"/officers/{cast.li.pk}/"):
        r = client.get(page)
        assert r.status_code == 302 and r["Location"].startswith("/security/password/?next="), page
    page = client.get("/security/password/?next=/officers/")
    html = page.content.decode()
    assert page.status_code == 200 and "由他人设置" in html
    assert re.search(r'<nav class="main-nav"[^>]*>\s*</nav>', html)  # nothing to navigate to until it is done
    r = client.post("/security/password/?next=/officers/", {
        "old_password": "Lina-2026-kaitong", "new_password1": NEW, "new_password2": NEW})
    assert r.status_code == 302 and r["Location"] == "/officers/"
    assert client.get("/officers/").status_code == 200
    assert not AccountState.objects.get(user__username="lina").must_change_password
    [entry] = entries("account.password_changed")
    assert '"forced":true' in entry.payload


def test_logout_stays_reachable_while_the_change_is_pending(cast, login):
    login(cast.u_head).post(f"/officers/{cast.li.pk}/account/", {"username": "lina", "password": "Lina-2026-kaitong"})
    client = sign_in("lina", "Lina-2026-kaitong")
    assert client.post("/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_second_factor_comes_before_the_forced_change(cast, login):
    admin = login(cast.u_admin)
    version = AccountState.objects.filter(user=cast.u_head).values_list("password_version", flat=True).first() or 0
    r = admin.post(f"/accounts/{cast.u_head.pk}/reset-password/", {"version": version})
    temporary = re.search(r"<code>([^<]+)</code>", r.content.decode()).group(1)
    client = Client()
    r = client.post("/login/", {"username": "nr_head", "password": temporary})
    assert r["Location"].startswith("/security/enroll/")  # 机关负责人 must bind an authenticator first
    r = client.get("/security/password/")
    assert r["Location"].startswith("/security/enroll/")


# ---------------------------------------------------------------- the list


def test_the_list_shows_names_roles_with_units_state_and_last_sign_in(cast, login):
    sign_in("zhangwei")
    page = login(cast.u_head).get("/accounts/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "张伟" in html and "执法人员（执法监察支队）" in html and "机关负责人（鞍山市自然资源局）" in html
    assert "<th>登录名</th>" in html and "正常" in html and "从未登录" in html
    users = {u.username for u in page.context["page"].rows}
    assert users == {"zhangwei", "nr_team_head", "nr_head"}  # the agency's own; not 住建局's, 辽阳's or the admin


def test_the_list_filters_by_name_unit_and_state(cast, login):
    admin = login(cast.u_admin)
    admin.post(f"/accounts/{cast.u_unit_head.pk}/lock/", {"reason": "疑似密码泄露"})

    def shown(query):
        r = admin.get("/accounts/" + query)
        assert r.status_code == 200
        return {u.username for u in r.context["page"].rows}

    assert shown("?q=张伟") == {"zhangwei"}
    assert shown("?q=nr_head") == {"nr_head"}
    assert shown(f"?unit={cast.nr.pk}") == {"zhangwei", "nr_team_head", "nr_head"}
    assert shown(f"?unit={cast.zj.pk}") == {"zj_head"}
    assert shown("?state=locked") == {"nr_team_head"}
    assert "nr_team_head" not in shown("?state=normal")
    r = admin.get("/accounts/?state=gone")
    assert r.status_code == 422 and "未按此项查询" in r.content.decode()


def test_the_list_costs_the_same_queries_whatever_the_number_of_accounts(cast, login, django_assert_max_num_queries):
    client = login(cast.u_head)
    client.get("/accounts/")  # sessions and the like settle
    with django_assert_max_num_queries(14) as few:
        client.get("/accounts/")
    model = get_user_model()
    for i in range(40):
        user = model.objects.create_user(f"extra{i}", password=PASSWORD)
        RoleGrant.objects.create(user=user, agency=cast.nr_team, role=Role.OFFICER)
        AccountState.objects.create(user=user, agency=cast.nr_team, must_change_password=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        r = client.get("/accounts/")
    assert len(r.context["page"].rows) == 43


def test_only_who_manages_accounts_sees_the_list_and_its_link(cast, login):
    assert login(cast.u_officer).get("/accounts/").status_code == 403
    assert 'href="/accounts/"' not in login(cast.u_officer).get("/").content.decode()
    assert login(cast.u_supervisor).get("/accounts/").status_code == 403
    assert 'href="/accounts/"' in login(cast.u_head).get("/").content.decode()
    assert 'href="/accounts/"' in login(cast.u_admin).get("/").content.decode()


# ---------------------------------------------------------------- lock and unlock


def test_a_locked_account_cannot_sign_in_and_its_session_ends(cast, login):
    session = sign_in("zhangwei")
    head = login(cast.u_head)
    r = head.post(f"/accounts/{cast.u_officer.pk}/lock/", {"reason": "疑似密码泄露"})
    assert r.status_code == 302 and r["Location"] == f"/accounts/{cast.u_officer.pk}/"
    assert session.get("/officers/")["Location"].startswith("/login/")

    r = Client().post("/login/", {"username": "zhangwei", "password": PASSWORD})
    assert r.status_code == 200 and "该账号已被锁定" in r.content.decode()
    assert "疑似密码泄露" not in r.content.decode()  # the reason is for administrators
    wrong = Client().post("/login/", {"username": "zhangwei", "password": "not-the-password"})
    assert "用户名或密码不正确" in wrong.content.decode() and "锁定" not in wrong.content.decode()
    [entry] = entries("account.locked")
    assert "疑似密码泄露" in entry.payload and entry.chain == cast.nr.pk

    assert "已锁定" in head.get(f"/accounts/{cast.u_officer.pk}/").content.decode()
    assert head.post(f"/accounts/{cast.u_officer.pk}/unlock/").status_code == 302
    assert sign_in("zhangwei")
    assert len(entries("account.unlocked")) == 1


def test_a_lock_needs_a_reason(cast, login):
    r = login(cast.u_head).post(f"/accounts/{cast.u_officer.pk}/lock/", {"reason": ""})
    assert r.status_code == 422 and "reason" in r.context["lock_form"].errors
    assert not entries("account.locked")


def test_locking_or_unlocking_twice_is_harmless(cast, login):
    head = login(cast.u_head)
    for _ in range(2):
        r = head.post(f"/accounts/{cast.u_officer.pk}/lock/", {"reason": "长期离岗"}, follow=True)
    assert "已处于锁定状态" in r.content.decode()
    for _ in range(2):
        r = head.post(f"/accounts/{cast.u_officer.pk}/unlock/", follow=True)
    assert "未被锁定" in r.content.decode()
    assert len(entries("account.locked")) == 1 and len(entries("account.unlocked")) == 1


def test_lock_and_unlock_are_post_only_and_need_the_csrf_token(cast):
    assert Client().post(f"/accounts/{cast.u_officer.pk}/lock/", {"reason": "x"})["Location"].startswith("/login/")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.u_head)
    assert strict.get(f"/accounts/{cast.u_officer.pk}/lock/").status_code == 405
    assert strict.post(f"/accounts/{cast.u_officer.pk}/lock/", {"reason": "长期离岗"}).status_code == 403
    assert not entries("account.locked")


# ---------------------------------------------------------------- close


def test_closing_asks_for_confirmation_keeps_the_roles_and_is_final(cast, login):
    admin = login(cast.u_admin)
    page = admin.get(f"/accounts/{cast.u_officer.pk}/close/")
    assert page.status_code == 200 and "确定停用张伟的账号" in page.content.decode()
    assert "执法人员（执法监察支队）" in page.content.decode()
    assert get_user_model().objects.get(pk=cast.u_officer.pk).is_active  # the page alone changes nothing
    r = admin.post(f"/accounts/{cast.u_officer.pk}/close/", {"reason": "调离本单位"})
    assert r.status_code == 302
    user = get_user_model().objects.get(pk=cast.u_officer.pk)
    assert not user.is_active and RoleGrant.objects.filter(user=user, role=Role.OFFICER).exists()
    r = Client().post("/login/", {"username": "zhangwei", "password": PASSWORD})
    assert "该账号已停用" in r.content.decode()
    detail = admin.get(f"/accounts/{cast.u_officer.pk}/").content.decode()
    assert "已停用" in detail and "/unlock/" not in detail and "/reset-password/" not in detail

    r = admin.post(f"/accounts/{cast.u_officer.pk}/close/", {"reason": "调离本单位"}, follow=True)
    assert "已停用，未重复办理" in r.content.decode()
    [entry] = entries("account.closed")
    assert "调离本单位" in entry.payload and f"{cast.nr_team.pk}:officer" in entry.payload
    r = admin.post(f"/accounts/{cast.u_officer.pk}/reset-password/", {"version": 0})
    assert r.status_code == 422 and "已停用，不能重置密码" in r.content.decode()


def test_closing_needs_a_reason(cast, login):
    r = login(cast.u_admin).post(f"/accounts/{cast.u_officer.pk}/close/", {"reason": ""})
    assert r.status_code == 422
    assert get_user_model().objects.get(pk=cast.u_officer.pk).is_active


# ---------------------------------------------------------------- reset


def test_a_reset_password_is_shown_once_forces_a_change_and_a_second_submit_is_refused(cast, login):
    session = sign_in("zhangwei")
    head = login(cast.u_head)
    page = head.get(f"/accounts/{cast.u_officer.pk}/reset-password/")
    version = re.search(r'name="version" value="(\d+)"', page.content.decode()).group(1)
    r = head.post(f"/accounts/{cast.u_officer.pk}/reset-password/", {"version": version})
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    temporary = re.search(r"<code>([^<]+)</code>", r.content.decode()).group(1)
    assert re.fullmatch(r"[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}", temporary)
    assert session.get("/officers/")["Location"].startswith("/login/")  # the old sessions ended
    [entry] = entries("account.password_reset")
    assert temporary not in entry.payload

    again = head.post(f"/accounts/{cast.u_officer.pk}/reset-password/", {"version": version})
    assert again.status_code == 422 and "已在此页打开后重置过" in again.content.decode()
    assert temporary not in again.content.decode() and len(entries("account.password_reset")) == 1

    client = sign_in("zhangwei", temporary)
    assert client.get("/")["Location"].startswith("/security/password/")
    r = client.post("/security/password/", {"old_password": temporary, "new_password1": NEW, "new_password2": NEW})
    assert r.status_code == 302 and client.get("/").status_code == 200


def test_a_reset_keeps_the_bound_authenticator(cast, login):
    from tests.conftest import totp_device

    device = totp_device(cast.u_officer)
    r = login(cast.u_head).post(f"/accounts/{cast.u_officer.pk}/reset-password/", {"version": 0})
    assert r.status_code == 200
    temporary = re.search(r"<code>([^<]+)</code>", r.content.decode()).group(1)
    client = Client()
    assert client.post("/login/", {"username": "zhangwei", "password": temporary})["Location"].startswith(
        "/login/code/")
    assert type(device).objects.filter(pk=device.pk).exists()


# ---------------------------------------------------------------- who may


@pytest.mark.parametrize("action", ["lock", "close", "reset-password"])
def test_nobody_locks_closes_or_resets_their_own_account(cast, login, action):
    admin = login(cast.u_admin)
    data = {"reason": "测试"} if action != "reset-password" else {"version": 0}
    r = admin.post(f"/accounts/{cast.u_admin.pk}/{action}/", data)
    assert r.status_code == 422 and "自己的账号" in r.content.decode()
    assert get_user_model().objects.get(pk=cast.u_admin.pk).is_active
    assert not Entry.objects.filter(kind__in=["account.locked", "account.closed", "account.password_reset"]).exists()
    assert "须由另一位管理员办理" in admin.get(f"/accounts/{cast.u_admin.pk}/").content.decode()


@pytest.mark.parametrize("page", ["", "lock/", "unlock/", "close/", "reset-password/", "reset-2fa/"])
def test_an_account_out_of_reach_answers_like_a_missing_one(cast, login, page):
    head = login(cast.u_head)  # 鞍山市自然资源局: not 辽阳's head, not 住建局's, not the system administrator
    method = head.get if page in ("", "close/", "reset-password/") else head.post
    for user in (cast.u_ly_head, cast.u_zj_head, cast.u_admin):
        assert method(f"/accounts/{user.pk}/{page}").status_code == 404
    assert method(f"/accounts/999999999/{page}").status_code == 404
    assert not Entry.objects.filter(kind__startswith="account.").exists()


def test_an_account_whose_role_reaches_further_than_the_manager_is_refused(cast, login):
    other = get_user_model().objects.create_user("nr_admin", password=PASSWORD)
    RoleGrant.objects.create(user=other, agency=cast.nr, role=Role.SYSADMIN)  # in the agency, reaching everything
    r = login(cast.u_head).post(f"/accounts/{other.pk}/lock/", {"reason": "测试"})
    assert r.status_code == 422 and "超出您管理账号的范围" in r.content.decode()
    assert not entries("account.locked")


def test_a_lost_phone_is_reset_from_the_account_page(cast, login):
    from tests.conftest import totp_device

    totp_device(cast.u_officer)
    head = login(cast.u_head)
    assert "/reset-2fa/" in head.get(f"/accounts/{cast.u_officer.pk}/").content.decode()
    r = head.post(f"/accounts/{cast.u_officer.pk}/reset-2fa/", follow=True)
    assert "已重置张伟的双因素认证" in r.content.decode()
    assert len(entries("account.2fa_reset")) == 1
    assert "/reset-2fa/" not in head.get(f"/accounts/{cast.u_officer.pk}/").content.decode()


def test_the_officer_page_links_the_login_to_its_account_page(cast, login):
    page = login(cast.u_head).get(f"/officers/{cast.zhang.pk}/").content.decode()
    assert f'<span title="登录账号 zhangwei"><a href="/accounts/{cast.u_officer.pk}/">已开通，查看账号</a>' in page
    page = login(cast.u_unit_head).get(f"/officers/{cast.zhang.pk}/").content.decode()
    assert f'href="/accounts/{cast.u_officer.pk}/"' not in page
