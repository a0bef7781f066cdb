"""Login accounts are opened through a write function: linked to the officer's person, with the 执法人员 role
in their unit, recorded in the ledger without the password; refused in Chinese beside the field."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from zhifa.agencies.models import Role, RoleGrant
from zhifa.ledger.models import Entry

GOOD = "Lina-2026-xunjian"


def test_agency_head_opens_an_account_and_the_officer_signs_in(cast, login, client):
    client = login(cast.u_head)
    button = f'href="/officers/{cast.li.pk}/account/"'
    assert button in client.get(f"/officers/{cast.li.pk}/").content.decode()
    r = client.post(f"/officers/{cast.li.pk}/account/", {"username": "lina", "password": GOOD})
    assert r.status_code == 302
    user = get_user_model().objects.get(username="lina")
    cast.li.person.refresh_from_db()
    assert cast.li.person.user == user
    assert RoleGrant.objects.filter(user=user, agency=cast.nr_team, role=Role.OFFICER).exists()
    entry = Entry.objects.get(kind="account.created")
    assert entry.chain == cast.nr.pk and '"username":"lina"' in entry.payload and GOOD not in entry.payload
    assert Entry.objects.filter(kind="role.granted", subject_id=str(RoleGrant.objects.get(user=user).pk)).exists()
    page = client.get(f"/officers/{cast.li.pk}/").content.decode()
    # the page names people: the login name is a tooltip, the account page one click away
    assert (f'<span title="登录账号 lina"><a href="/accounts/{user.pk}/">已开通，查看账号</a></span>' in page
            and button not in page)

    client.logout()
    assert client.login(username="lina", password=GOOD)


def test_bad_accounts_are_refused_beside_the_field_and_nothing_is_stored(cast, login):
    client = login(cast.u_head)
    users = get_user_model().objects.count()
    entries = Entry.objects.count()
    for data, field, message in [
        ({"username": "zhangwei", "password": GOOD}, "username", "已被使用"),
        ({"username": "li na", "password": GOOD}, "username", "只能由字母、数字"),
        ({"username": "lina", "password": "12345678"}, "password", "密码不符合要求"),
        ({"username": "lina", "password": "xq7#"}, "password", "密码不符合要求：至少 8 位"),
    ]:
        r = client.post(f"/officers/{cast.li.pk}/account/", data)
        assert r.status_code == 422
        assert message in " ".join(r.context["form"].errors[field])
    r = client.post(f"/officers/{cast.zhang.pk}/account/", {"username": "zw2", "password": GOOD})
    assert r.status_code == 422 and "已有登录账号“zhangwei”" in r.content.decode()
    assert get_user_model().objects.count() == users and Entry.objects.count() == entries


def test_only_who_manages_roles_in_the_unit_may_open_accounts(cast, login):
    assert login(cast.u_zj_head).get(f"/officers/{cast.li.pk}/account/").status_code == 404
    r = login(cast.u_officer).post(f"/officers/{cast.li.pk}/account/", {"username": "lina", "password": GOOD})
    assert r.status_code in (403, 404)
    assert not get_user_model().objects.filter(username="lina").exists()
    assert "/account/" not in login(cast.u_officer).get(f"/officers/{cast.li.pk}/").content.decode()
