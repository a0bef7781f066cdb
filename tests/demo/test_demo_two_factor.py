"""The demo's users whose roles require two factors have an authenticator with the demo secret that `zhifa demo`
prints, so a demonstration signs in with password and code like anyone; the others sign in with the password."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import DEMO_NOW, built_once, demo_command

from zhifa.demo.data import DEMO_PASSWORD

demo_built = built_once(demo_command)


@pytest.fixture
def printed(demo_built, db, time_machine):
    time_machine.move_to(DEMO_NOW, tick=False)  # as when it was built
    return demo_built


def test_demo_users_with_required_roles_sign_in_with_the_printed_secret(printed, client, time_machine):
    secret = re.search(r"演示密钥（otpauth secret）：([A-Z2-7]+)", printed).group(1)
    assert re.search(r"nr_head\s+机关负责人.*需动态验证码", printed)
    assert "需动态验证码" not in next(line for line in printed.splitlines() if "nr_officer" in line)
    holders = set(TOTPDevice.objects.values_list("user__username", flat=True))
    assert holders == {"admin", "supervisor", "nr_head", "nr_reviewer", "zj_head"}

    time_machine.shift(30)  # the code that confirmed the device at load time is spent
    r = client.post("/login/", {"username": "nr_head", "password": DEMO_PASSWORD})
    assert r["Location"] == "/login/code/?next=/"
    r = client.post("/login/code/", {"code": f"{totp(base64.b32decode(secret)):06d}"})
    assert r.status_code == 302 and client.get("/officers/").status_code == 200

    client.post("/logout/")
    assert client.post("/login/", {"username": "nr_officer", "password": DEMO_PASSWORD})["Location"] == "/"


def test_demo_accounts_keep_the_printed_password_and_are_not_held_at_the_change_page(printed, client):
    from zhifa.agencies.models import AccountState

    assert not AccountState.objects.filter(must_change_password=True).exists()
    assert client.post("/login/", {"username": "nr_officer", "password": DEMO_PASSWORD})["Location"] == "/"
    assert client.get("/officers/").status_code == 200
