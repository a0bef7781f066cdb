"""An officer opens a recording in the browser: one recorded opening, a player that streams it with byte ranges
(206) and can seek, however many ranges it asks for; the agency head's verification waits in the queue, then
the page shows the result by itself."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from zhifa.demo.evidence import wav_bytes
from zhifa.ledger.models import Entry
from zhifa.records import actions

pytestmark = pytest.mark.e2e


def test_officer_plays_a_recording_and_seeks_in_it(live_server, cast, page, new_page, sign_in, shot, evidence_store):
    start = timezone.now() - dt.timedelta(hours=2)
    recording = wav_bytes(90.0)  # 1.4 MB: long enough that seeking is a question
    ev = actions.ingest_stream(
        actor=cast.u_officer, unit=cast.nr_team, chunks=[recording], original_name="询问录音-刘某某.wav",
        description={"kind": "audio", "title": "询问", "capture_start": start,
                     "capture_end": start + dt.timedelta(seconds=90), "device": "执法记录仪 DSJ-V9 0012",
                     "place": "执法监察支队询问室", "officers": [cast.zhang, cast.li], "camera_operator": cast.li,
                     "case_number": "鞍自然资罚〔2026〕12号"})

    ranges = []
    page.on("response", lambda r: ranges.append((r.status, r.request.headers.get("range")))
            if "/file" in r.url else None)
    sign_in(page, "zhangwei")
    page.goto(f"{live_server.url}/records/{ev.pk}/")
    page.get_by_label("调取事由").fill("核对询问内容")
    page.get_by_role("button", name="在浏览器中查看").click()
    page.wait_for_url(f"{live_server.url}/records/view/**")
    player = page.locator("audio#player")
    # Functions, not expressions: Playwright evals an expression in the page, which its policy refuses.
    page.wait_for_function("() => document.querySelector('#player').readyState >= 1")
    duration = player.evaluate("a => a.duration")
    assert abs(duration - 90) < 0.5
    # The server answers ranges, so the player can seek to any point, not only into what it has loaded.
    assert player.evaluate("a => a.seekable.length && a.seekable.end(0)") == pytest.approx(duration, abs=0.5)
    player.evaluate("a => { a.currentTime = 75; }")
    page.wait_for_function("() => Math.abs(document.querySelector('#player').currentTime - 75) < 0.5 && "
                           "!document.querySelector('#player').seeking")
    assert any(status == 206 for status, _range in ranges), ranges
    assert "本次查看已记入台账" in page.content()
    shot(page, "evidence-view-audio")

    # Opened on its own, the file plays in the browser's player page too, scripts barred by its sandbox.
    view_url = page.url
    page.goto(live_server.url + player.get_attribute("src"))
    page.wait_for_function("() => (m => m && m.readyState >= 1)(document.querySelector('video, audio'))")
    page.goto(view_url)

    opened = Entry.objects.filter(kind="evidence.downloaded")
    assert opened.count() == 1 and json.loads(opened.get().payload)["what"] == "在线查看"

    # The link is zhangwei's: the unit head gets a refusal, not the recording.
    other = new_page()
    sign_in(other, "nr_team_head")
    response = other.goto(view_url)
    assert response.status == 404 and "查看链接无效" in other.content()

    # The agency head's verification waits for the worker; the page polls and shows the result.
    head = new_page()
    sign_in(head, "nr_head")
    head.goto(f"{live_server.url}/records/verify/")
    head.get_by_role("button", name="立即校验").click()
    head.wait_for_url(f"{live_server.url}/records/verify/")
    head.get_by_role("button", name="立即校验").click()
    assert "已有一次校验在排队" in head.content()
    assert "排队中" in head.locator("#verify-status").inner_text()
    shot(head, "evidence-verify-queued-state")
    call_command("worker", "--once", stdout=io.StringIO())
    head.locator("#verify-status .badge.green").wait_for(timeout=10_000)
    assert "排队中" not in head.locator("#verify-status").inner_text()
    shot(head, "evidence-verify-done")
