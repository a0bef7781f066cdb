"""The pages work under the Content-Security-Policy (issue 9, item 9): what used to be inline (a print button, the
agency tree's indentation, htmx's indicator style) works from the static files, htmx swaps and polls, a PDF is
framed by its own viewing page. The console listener of every page (conftest.new_page) fails a test on any
refusal; the first test shows it would see one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from tests.e2e.conftest import is_csp_refusal, listen_for_csp_refusals

from zhifa.records import actions

pytestmark = pytest.mark.e2e


def hand_in(cast, name: str, data: bytes, kind: str):
    start = timezone.now() - dt.timedelta(hours=2)
    return actions.ingest_stream(
        actor=cast.u_officer, unit=cast.nr_team, chunks=[data], original_name=name,
        description={"kind": kind, "title": "现场检查", "capture_start": start,
                     "capture_end": start + dt.timedelta(minutes=20), "device": "执法记录仪 DSJ-V9 0012",
                     "place": "铁东区某工地", "officers": [cast.zhang, cast.li], "camera_operator": cast.li})


def test_the_browser_refuses_an_inline_script_and_the_listener_sees_it(live_server, browser):
    context = browser.new_context()
    refused = listen_for_csp_refusals(context)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/login/")
        with page.expect_console_message(lambda m: is_csp_refusal(m.text)):
            page.evaluate("""() => { const s = document.createElement('script');
                                     s.textContent = 'window.injected = true'; document.head.append(s); }""")
        assert page.evaluate("window.injected") is None
        assert len(refused) == 1 and "script-src 'self'" in refused[0], refused
    finally:
        context.close()


def test_pages_that_had_inline_code_work_from_static_files(live_server, cast, page, sign_in, evidence_store):
    ev = hand_in(cast, "现场检查.mp4", b"\x00\x00\x00\x18ftypmp42" + bytes(2000), "video")
    sign_in(page, "nr_head")
    base = live_server.url

    # The tree's depth is a data attribute now, indented by zhifa.css.
    page.goto(f"{base}/agencies/")
    indents = page.eval_on_selector_all(".tree-name", "els => els.map(e => getComputedStyle(e).paddingLeft)")
    assert indents[0] == "0px" and any(p != "0px" for p in indents[1:]), indents

    # Print buttons: a listener from print.js, no onclick and no javascript: URL.
    for path in (f"/records/{ev.pk}/form/", "/catalog/texts/documents/case_approval/"):
        page.goto(base + path)
        page.evaluate("window.print = () => { window.printed = true; }")
        page.get_by_role("button", name="打印").click()
        assert page.evaluate("window.printed") is True, path

    # htmx swaps the calculator's answer in (its request carries HX-Request), and injected no style of its own.
    page.goto(f"{base}/workdays/")
    page.get_by_label("起算日期").fill("2026-09-30")
    page.get_by_label("期间长度").fill("7")
    with page.expect_request(lambda r: r.headers.get("hx-request") == "true"):
        page.get_by_role("button", name="计算").click()
    page.locator("time[datetime='2026-10-15']").wait_for()
    assert page.evaluate("document.querySelectorAll('style').length") == 0

    # The flow chart opened on its own: its policy allows its style attributes, nothing else.
    response = page.goto(f"{base}/catalog/flow/punishment_general.svg")
    assert response.status == 200 and "style-src 'unsafe-inline'" in response.headers["content-security-policy"]


def test_a_pdf_is_framed_by_its_viewing_page(live_server, cast, page, sign_in, evidence_store):
    ev = hand_in(cast, "检查笔录.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "document")
    sign_in(page, "zhangwei")
    page.goto(f"{live_server.url}/records/{ev.pk}/")
    page.get_by_label("调取事由").fill("核对笔录")
    with page.expect_response(lambda r: r.url.endswith("/file")) as framed:
        page.get_by_role("button", name="在浏览器中查看").click()
    assert framed.value.status == 200 and framed.value.headers["content-security-policy"] == "frame-ancestors 'self'"
    assert page.locator("iframe#player").count() == 1
    # A refusal to frame it would be in the console, and fail this test at its end.


def test_the_verification_page_polls_in_the_background(live_server, cast, page, sign_in):
    sign_in(page, "nr_head")
    page.goto(f"{live_server.url}/records/verify/")
    page.get_by_role("button", name="立即校验").click()
    with page.expect_request(lambda r: r.url.endswith("/records/verify/") and r.headers.get("hx-request")) as poll:
        pass
    # Both the page's CSRF header and the polling element's own reach the server (htmx merges hx-headers).
    assert poll.value.headers.get("x-zhifa-background") == "1" and poll.value.headers.get("x-csrftoken")
