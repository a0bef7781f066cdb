"""Viewing evidence in the browser (REC-13): opening it is one ledger entry and leads to a page with a player; the
player's link is the user's own for two hours and answers byte ranges, so a long recording can be sought
through; another user's link, an expired one, or purged bytes are refused with a Chinese message."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from zhifa.demo.evidence import png_bytes, wav_bytes
from zhifa.ledger.models import Entry
from zhifa.records import actions, retention
from zhifa.records.models import Evidence

CAPTURED = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


AUDIO = wav_bytes(2.0)


def hand_in(people, data: bytes = AUDIO, name: str = "询问录音.wav", kind: str = "audio", by=None) -> Evidence:
    return actions.ingest_stream(actor=by or people.u_officer, unit=people.nr_team, chunks=[data], original_name=name,
                                 description={"kind": kind, "capture_start": CAPTURED,
                                              "capture_end": CAPTURED + dt.timedelta(minutes=5)})


def open_inline(client, ev: Evidence, reason: str = "核对询问内容") -> str:
    """POST 在线查看; returns the viewing page's URL."""
    r = client.post(f"/records/{ev.pk}/download/", {"reason": reason, "inline": "1"})
    assert r.status_code == 302, r.content.decode()
    return r["Location"]


def file_url(client, view_url: str) -> str:
    r = client.get(view_url)
    assert r.status_code == 200
    return r.context["file_url"]


def test_opening_shows_a_player_and_is_one_entry_however_many_ranges(people, login):
    ev = hand_in(people)
    client = login(people.u_officer)  # who handed it in: no approval needed
    view = open_inline(client, ev)
    r = client.get(view)
    page = r.content.decode()
    assert "<audio" in page and 'id="player"' in page and "本次查看已记入台账" in page
    assert r["Cache-Control"] == "no-store, private"
    url = r.context["file_url"]
    assert f'src="{url}"' in page

    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == AUDIO
    assert whole["Content-Type"] == "audio/wav" and whole["Content-Length"] == str(len(AUDIO))
    assert whole["Cache-Control"] == "no-store, private" and whole["X-Content-Type-Options"] == "nosniff"
    assert whole["Content-Disposition"].startswith("inline")

    part = client.get(url, headers={"Range": "bytes=1000-1999"})
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 1000-1999/{len(AUDIO)}"
    assert b"".join(part.streaming_content) == AUDIO[1000:2000]
    tail = client.get(url, headers={"Range": "bytes=-44"})
    assert tail.status_code == 206 and b"".join(tail.streaming_content) == AUDIO[-44:]
    past = client.get(url, headers={"Range": f"bytes={len(AUDIO)}-"})
    assert past.status_code == 416 and past["Content-Range"] == f"bytes */{len(AUDIO)}"
    assert client.get(view).status_code == 200  # reloading the page is the same opening

    opened = Entry.objects.filter(kind="evidence.downloaded")
    assert opened.count() == 1
    entry = opened.get()
    assert json.loads(entry.payload)["what"] == "在线查看" and json.loads(entry.payload)["reason"] == "核对询问内容"
    assert entry.actor_label == "zhangwei"


def test_opening_needs_a_reason_and_an_approval_like_a_download(people, login):
    ev = hand_in(people)
    client = login(people.u_li)
    r = client.post(f"/records/{ev.pk}/download/", {"reason": "", "inline": "1"})
    assert r.status_code == 422
    r = client.post(f"/records/{ev.pk}/download/", {"reason": "核对", "inline": "1"})
    assert r.status_code == 422 and "须经批准" in r.content.decode()
    assert not Entry.objects.filter(kind="evidence.downloaded").exists()


def test_another_users_link_is_refused(people, login):
    ev = hand_in(people)
    view = open_inline(login(people.u_officer), ev)
    url = file_url(login(people.u_officer), view)
    # The unit head may see this evidence, but not through zhangwei's link.
    other = Client()
    other.force_login(people.u_unit_head)
    for target in (view, url):
        r = other.get(target)
        assert r.status_code == 404 and "查看链接无效" in r.content.decode()
    assert Client().get(url).status_code == 302  # signed out: to the login page


def test_a_link_expires_after_two_hours(people, login, settings):
    settings.ZHIFA_SESSION_IDLE_MINUTES = 180  # the link's limit, not the session's, is what is tested here
    ev = hand_in(people)
    client = login(people.u_officer)
    view = open_inline(client, ev)
    url = file_url(client, view)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1, minutes=50)):
        assert client.get(url, headers={"Range": "bytes=0-99"}).status_code == 206
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2, minutes=1)):
        r = client.get(url)
        assert r.status_code == 403 and "查看链接已过期" in r.content.decode()


def test_a_tampered_link_is_refused(people, login):
    ev = hand_in(people)
    client = login(people.u_officer)
    view = open_inline(client, ev)
    forged = view.replace("/view/", "/view/x", 1)
    r = client.get(forged)
    assert r.status_code == 404 and "查看链接无效" in r.content.decode()


def test_purged_bytes_are_refused_through_an_open_link(people, login):
    ev = hand_in(people)
    client = login(people.u_officer)
    url = file_url(client, open_inline(client, ev))
    Evidence.objects.filter(pk=ev.pk).update(retain_until=dt.date(2026, 1, 1))
    assert retention.purge(now=timezone.now())
    r = client.get(url)
    assert r.status_code == 404 and "按保存期限清除" in r.content.decode()


def test_a_link_stops_working_when_the_user_loses_access(people, login):
    ev = hand_in(people)
    client = login(people.u_officer)
    url = file_url(client, open_inline(client, ev))
    people.u_officer.role_grants.all().delete()
    assert client.get(url).status_code in (403, 404)


def test_a_photo_is_shown_as_an_image_and_a_web_page_never_as_a_page(people, login):
    photo = hand_in(people, png_bytes(), "现场照片.png", "photo")
    client = login(people.u_officer)
    r = client.get(open_inline(client, photo))
    assert "<img" in r.content.decode() and client.get(r.context["file_url"])["Content-Type"] == "image/png"

    markup = b"<html><script>alert(1)</script></html>"
    # Named as a video: sent as one, and the browser may neither sniff it nor run anything in it.
    served = client.get(file_url(client, open_inline(client, hand_in(people, markup, "录像.mp4", "video"))))
    assert served["Content-Type"] == "video/mp4" and served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
    # Named as what it is: no player, only a download.
    r = client.get(open_inline(client, hand_in(people, markup, "说明.html", "document")))
    assert "<iframe" not in r.content.decode() and "浏览器无法直接显示" in r.content.decode()
    served = client.get(r.context["file_url"])
    assert served["Content-Type"] == "application/octet-stream"
    assert served["Content-Disposition"].startswith("attachment")


def test_a_pdf_is_shown_in_a_frame_of_the_viewing_page(people, login):
    client = login(people.u_officer)
    r = client.get(open_inline(client, hand_in(people, b"%PDF-1.4\n%%EOF\n", "检查笔录.pdf", "document")))
    assert "<iframe" in r.content.decode()
    served = client.get(r.context["file_url"])
    assert served["Content-Type"] == "application/pdf" and served["X-Frame-Options"] == "SAMEORIGIN"
    assert served["Content-Disposition"].startswith("inline")
    # Framed by its own site only, and nothing else asked of the browser's PDF viewer.
    assert served["Content-Security-Policy"] == "frame-ancestors 'self'"


def test_the_detail_page_offers_viewing_only_for_what_a_browser_shows(people, login):
    client = login(people.u_officer)
    assert "在浏览器中查看" in client.get(f"/records/{hand_in(people).pk}/").content.decode()
    document = hand_in(people, b"PK\x03\x04 docx", "现场检查笔录.docx", "document")
    body = client.get(f"/records/{document.pk}/").content.decode()
    assert "在浏览器中查看" not in body and "下载" in body


def test_download_is_still_an_attachment_in_one_entry(people, login):
    ev = hand_in(people)
    client = login(people.u_officer)
    r = client.post(f"/records/{ev.pk}/download/", {"reason": "制作案卷"})
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert b"".join(r.streaming_content) == AUDIO
    assert json.loads(Entry.objects.get(kind="evidence.downloaded").payload)["what"] == "下载"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_file_link_answers_only_get(people, login, method):
    ev = hand_in(people)
    client = login(people.u_officer)
    url = file_url(client, open_inline(client, ev))
    assert getattr(client, method)(url).status_code == 405
