"""Signed-in sessions end after 30 minutes without a request the person made, and 12 hours after signing in
whatever they did (issue 9, item 9). The verification page's status polling does not keep a session alive."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string

CST = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 11, 23, 8, 30, tzinfo=CST)
POLL = {"HX-Request": "true", "X-Zhifa-Background": "1", "HX-Current-URL": "http://testserver/records/verify/"}


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)


def signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/login/")


def test_thirty_idle_minutes_end_the_session_with_a_message(cast, client, clock):
    client.force_login(cast.u_officer)
    clock.shift(minutes(29))
    assert client.get("/todo/").status_code == 200
    clock.shift(minutes(29))  # 58 minutes after signing in, 29 after the last request
    assert client.get("/todo/").status_code == 200
    clock.shift(minutes(31))
    r = client.get("/officers/")
    assert signed_out(r) and r["Location"] == "/login/?next=/officers/"
    page = client.get(r["Location"]).content.decode()
    assert "超过 30 分钟未操作，已自动退出，请重新登录。" in page
    assert signed_out(client.get("/todo/"))  # over for good, not just for one request


def test_the_idle_limit_is_a_setting(cast, client, clock, settings):
    settings.ZHIFA_SESSION_IDLE_MINUTES = 10
    client.force_login(cast.u_officer)
    clock.shift(minutes(9))
    assert client.get("/todo/").status_code == 200
    clock.shift(minutes(11))
    assert signed_out(client.get("/todo/"))


def test_twelve_hours_after_signing_in_the_session_ends_however_busy(cast, client, clock):
    client.force_login(cast.u_officer)
    for _ in range(35):  # a request every 20 minutes until 11 h 40 min
        clock.shift(minutes(20))
        assert client.get("/todo/").status_code == 200
    clock.shift(minutes(21))  # 12 h 1 min
    r = client.get("/todo/")
    assert signed_out(r)
    assert "登录已超过 12 小时，已自动退出，请重新登录。" in client.get(r["Location"]).content.decode()


def test_signing_in_again_starts_the_twelve_hours_again(cast, client, clock):
    client.force_login(cast.u_officer)
    clock.shift(dt.timedelta(hours=11))
    client.force_login(cast.u_officer)  # same session key kept by Django, the clock starts again
    clock.shift(dt.timedelta(hours=2))
    client.get("/todo/")  # idle too long by now: signed out, which is not what this test is about
    client.force_login(cast.u_officer)
    clock.shift(minutes(5))
    assert client.get("/todo/").status_code == 200


def test_polling_does_not_keep_an_idle_session_alive(cast, client, clock):
    client.force_login(cast.u_admin)
    for _ in range(15):  # the verification page left open, polling every 2 minutes (every 2 s in life)
        clock.shift(minutes(2))
        assert client.get("/records/verify/", headers=POLL).status_code == 200
    clock.shift(minutes(2))  # 32 minutes without a request the person made
    r = client.get("/records/verify/", headers=POLL)
    # htmx is told to load the sign-in page as a page, not to swap it into the polled fragment.
    assert r.status_code == 200 and r["HX-Redirect"] == "/login/?next=/records/verify/"
    assert signed_out(client.get("/todo/"))


def test_a_request_the_person_made_counts_as_activity_even_from_htmx(cast, client, clock):
    client.force_login(cast.u_officer)
    clock.shift(minutes(25))
    calculator = {"HX-Request": "true", "HX-Current-URL": "http://testserver/workdays/"}
    assert client.get("/workdays/?start=2026-11-23&n=5", headers=calculator).status_code == 200
    clock.shift(minutes(25))
    assert client.get("/todo/").status_code == 200


def test_activity_is_written_to_the_session_at_most_once_a_minute(cast, client, clock):
    client.force_login(cast.u_officer)
    clock.shift(dt.timedelta(seconds=30))
    assert "sessionid" not in client.get("/todo/").cookies  # no session write
    clock.shift(dt.timedelta(seconds=40))
    assert "sessionid" in client.get("/todo/").cookies


def test_the_verification_page_marks_its_polling_as_background():
    html = render_to_string("records/_verify_status.html", {"pending": object()})
    head = html[html.index('<div id="verify-status"'):].split(">", 1)[0]
    assert 'hx-trigger="every 2s"' in head and """hx-headers='{"X-Zhifa-Background": "1"}'""" in head
