"""Accounts change only through write functions with ledger entries (issue 9, item 4): the Django admin
shows and changes nothing, even for a superuser; the first system administrator is made by ``zhifa bootstrap``.

The admin is mounted only with ``ZHIFA_ADMIN=1``; these tests mount it (``admin_mounted``).
"""

from __future__ import annotations

import io

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from zhifa.agencies.models import Agency, Role, RoleGrant, name_of
from zhifa.agencies.permissions import can
from zhifa.ledger.models import Entry


@pytest.fixture
def root(cast):
    return get_user_model().objects.create_superuser("root", password="zhifa-test-1")


def test_making_a_user_superuser_through_the_admin_changes_nothing(cast, root, login, admin_mounted):
    client = login(root)
    target = cast.u_officer
    url = f"/admin/auth/user/{target.pk}/change/"
    assert client.get(url).status_code == 200  # shown, read-only
    entries = Entry.objects.count()
    r = client.post(url, {"username": target.username, "is_active": "on", "is_staff": "on", "is_superuser": "on",
                          "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"})
    assert r.status_code == 403
    r = client.post(f"/admin/auth/user/{target.pk}/password/",
                    {"password1": "Another-2026-pw", "password2": "Another-2026-pw", "usable_password": "true"})
    assert r.status_code == 403
    target.refresh_from_db()
    assert not target.is_superuser and not target.is_staff and target.check_password("zhifa-test-1")
    assert client.post("/admin/auth/user/add/", {"username": "sneaky", "password1": "Another-2026-pw",
                                                 "password2": "Another-2026-pw"}).status_code == 403
    assert client.post(f"/admin/auth/user/{target.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post("/admin/auth/group/add/", {"name": "管理员"}).status_code == 403
    assert not get_user_model().objects.filter(username="sneaky").exists() and not Group.objects.exists()
    assert get_user_model().objects.filter(pk=target.pk).exists() and Entry.objects.count() == entries
    assert client.post("/admin/password_change/", {"old_password": "zhifa-test-1", "new_password1": "Another-2026-pw",
                                                   "new_password2": "Another-2026-pw"}).status_code == 403
    root.refresh_from_db()
    assert root.check_password("zhifa-test-1")


def test_every_model_in_the_admin_is_read_only_even_for_a_superuser(root):
    request = RequestFactory().get("/admin/")
    request.user = root
    assert get_user_model() in admin.site._registry and Group in admin.site._registry
    for model, model_admin in admin.site._registry.items():
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model


def test_bootstrap_opens_the_first_system_administrator_once_and_in_the_ledger(db, cast, monkeypatch):
    RoleGrant.objects.filter(role=Role.SYSADMIN).delete()
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "Zhifa-2026-first")
    out = io.StringIO()
    call_command("bootstrap", "first", "--name", "郑国华", "--region", "辽宁省", stdout=out)
    assert "已开通系统管理员“first”（郑国华，辽宁省）" in out.getvalue()
    user = get_user_model().objects.get(username="first")
    assert name_of(user) == "郑国华"  # pages name the account's holder, never its login name
    assert not user.is_superuser and not user.is_staff and user.check_password("Zhifa-2026-first")
    assert RoleGrant.objects.get(user=user).agency == cast.liaoning  # the existing root, not a second one
    assert Agency.objects.filter(parent=None).count() == 1
    assert Entry.objects.filter(kind="account.created", subject_id=str(user.pk)).exists()
    assert Entry.objects.filter(kind="role.granted", actor_label="系统").exists()
    assert can(user, "role.manage", cast.nr)
    with pytest.raises(CommandError, match="系统已有系统管理员"):
        call_command("bootstrap", "second", "--name", "钱二", "--region", "辽宁省", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="second").exists()
