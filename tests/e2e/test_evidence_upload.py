"""An officer hands in a recording through the upload page in a real browser: the page's own tus client sends
it in chunks with checksums, survives a dropped request, and the evidence appears with the right SM3, its
record form and its ledger entries."""

from __future__ import annotations

import hashlib
import io
import os

import pytest
from django.core.management import call_command

from zhifa.ledger.models import Entry
from zhifa.records.models import Evidence, Upload

pytestmark = pytest.mark.e2e

SIZE = 20 * 1024 * 1024 + 12345  # two PATCH chunks of the page's 16 MiB, and a tail


def fill_the_form(page, video) -> None:
    page.get_by_label("类别").select_option(label="录像")
    page.get_by_label("事项").fill("现场检查")
    page.get_by_label("摄录开始").fill("2026-11-20T09:00")
    page.get_by_label("摄录结束").fill("2026-11-20T09:40")
    page.get_by_label("执法人员", exact=True).select_option(label=["张伟（执法监察支队）", "李娜（执法监察支队）"])
    page.get_by_label("摄录人").select_option(label="李娜（执法监察支队）")
    page.get_by_label("地点", exact=True).fill("铁东区园林路 18 号")
    page.get_by_text("更多信息").click()  # the fields used less are folded away
    page.get_by_label("摄录设备").fill("执法记录仪 DSJ-V9 0012")
    page.get_by_label("案件编号").fill("鞍自然资罚〔2026〕12号")
    page.get_by_label("文件").set_input_files(str(video))


def test_officer_uploads_a_recording_through_the_page(live_server, cast, page, new_page, sign_in, shot, evidence_store,
                                                     tmp_path):
    data = os.urandom(SIZE)
    video = tmp_path / "现场检查-20261120.mp4"
    video.write_bytes(data)

    sign_in(page, "zhangwei")
    page.locator("nav.main-nav").get_by_role("link", name="证据").click()
    page.wait_for_url(f"{live_server.url}/records/")
    page.get_by_role("link", name="移交证据").click()
    page.wait_for_url(f"{live_server.url}/records/upload/")
    fill_the_form(page, video)
    shot(page, "evidence-upload-form")

    # Drop the second PATCH once, as a lost connection would: the page asks for the offset and goes on.
    dropped = []

    def drop_second_patch(route):
        offset = route.request.headers.get("upload-offset", "0")
        if route.request.method == "PATCH" and offset != "0" and not dropped:
            dropped.append(offset)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/records/tus/*", drop_second_patch)
    page.get_by_role("button", name="开始上传").click()
    page.locator("#evidence-link").wait_for(timeout=60_000)
    assert dropped, "the second PATCH was never dropped"
    assert "100%" in page.locator("#progress-text").inner_text()
    shot(page, "evidence-upload-done")

    # The finished form is done: a second tap (or Enter) sends nothing, and a fresh form is one link away.
    assert page.get_by_role("button", name="开始上传").is_hidden()
    page.locator("#upload-form").evaluate("form => form.requestSubmit()")
    assert Upload.objects.count() == 1
    assert page.get_by_role("link", name="移交另一份证据").is_visible()

    ev = Evidence.objects.select_related("blob").get()
    assert ev.blob.sm3 == hashlib.new("sm3", data).hexdigest()
    assert ev.original_name == "现场检查-20261120.mp4" and ev.case_number == "鞍自然资罚〔2026〕12号"
    assert {o.person.name for o in ev.officers.all()} == {"张伟", "李娜"}
    assert ev.missing_description() == []

    # The same recording handed in again from a fresh form is recognised: the evidence there is, no second one.
    page.get_by_role("link", name="移交另一份证据").click()
    page.wait_for_url(f"{live_server.url}/records/upload/")
    fill_the_form(page, video)
    page.get_by_role("button", name="开始上传").click()
    page.locator("#evidence-link").wait_for(timeout=60_000)
    assert "未重复登记" in page.locator("#upload-status").inner_text()
    assert Evidence.objects.count() == 1 and Upload.objects.count() == 2

    page.locator("#evidence-link").click()
    page.wait_for_url(f"{live_server.url}/records/{ev.pk}/")
    assert ev.blob.sm3 in page.content()
    assert page.get_by_text("evidence.ingested").count() == 1
    shot(page, "evidence-detail")

    page.get_by_role("link", name="打印记录表").click()
    page.wait_for_url(f"{live_server.url}/records/{ev.pk}/form/")
    assert page.locator("h1").inner_text() == "同步录音录像摄录情况记录表"
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    shot(page, "evidence-record-form-print")
    page.emulate_media(media="screen")

    page.goto(f"{live_server.url}/records/")
    assert "鞍自然资罚〔2026〕12号" in page.content()
    shot(page, "evidence-list")
    assert Entry.objects.filter(kind="evidence.viewed").count() == 2

    # The agency head asks for the verification; the worker runs it and the waiting page shows that the
    # chains and the blob just stored hold, without a reload.
    head = new_page()
    sign_in(head, "nr_head")
    head.goto(f"{live_server.url}/records/verify/")
    assert "尚未校验" in head.content()
    head.get_by_role("button", name="立即校验").click()
    head.wait_for_url(f"{live_server.url}/records/verify/")
    assert "排队中" in head.locator("#verify-status").inner_text()
    shot(head, "evidence-verify-queued")
    call_command("worker", "--once", stdout=io.StringIO())
    head.locator("#verify-status .badge.green").wait_for()
    assert head.locator("#verify-status .badge.green").inner_text() == "通过"
    shot(head, "evidence-verify")
