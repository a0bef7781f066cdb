"""The demo city's evidence: handed in through the records write functions with real bytes in the store, one item
described in full, one waiting for its description in 我的待办, one held after a complaint, one application to view
waiting for the agency head (`zhifa demo` twice loads it once: test_demo_load.py)."""

from __future__ import annotations

import datetime as dt
import io
import wave
from decimal import Decimal

import pytest
from django.test import Client
from tests.conftest import DEMO_NOW, built_once, demo_command

from zhifa.records import blobs
from zhifa.records.models import Evidence, HoldReason, ViewRequestState
from zhifa.records.probe import sniff

TODAY = dt.date(2026, 11, 24)


demo_built = built_once(demo_command)  # the demo city as built on TODAY


@pytest.fixture
def demo(demo_built, db, time_machine):
    time_machine.move_to(DEMO_NOW, tick=False)  # as when it was built
    return {ev.original_name: ev for ev in Evidence.objects.select_related("blob", "camera_operator__person")}


def signed_in(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_demo_evidence_is_in_the_store_with_real_bytes(demo):
    # the four items of 〔2026〕12号, the site photo of the cases brought to legal review (one name for all), the
    # 收费's and the 征用's bank receipts, the photos of two inspections, the 强制拆除's site photo (its review)
    assert len(demo) == 10 and "现场照片-违法厂房.png" in demo
    assert "现场照片-采砂坑.png" in demo and "非税收入缴款回单.png" in demo
    assert "征用补偿支付回单.png" in demo
    assert "新建仓库现场照片.png" in demo
    for ev in demo.values():
        assert blobs.rehash(ev.blob.sm3).sm3 == ev.blob.sm3
    photo = demo["现场照片-园林路18号厂房.png"]
    assert (photo.kind, photo.format, photo.width, photo.height) == ("photo", "PNG", 320, 240)
    inquiry = demo["询问录音-刘某某.wav"]
    assert (inquiry.format, inquiry.duration) == ("WAV", Decimal("6.000"))
    with blobs.open_blob(inquiry.blob.sm3) as f, wave.open(io.BytesIO(f.read())) as w:
        assert w.getframerate() == 8000 and w.getnchannels() == 1
    record = demo["现场检查（勘验）笔录.docx"]
    with blobs.open_blob(record.blob.sm3) as f:
        assert sniff(f.read(64)) == "ZIP"  # a DOCX is a zip package


def test_one_item_is_described_in_full(demo):
    photo = demo["现场照片-园林路18号厂房.png"]
    assert photo.missing_description() == [] and photo.described_at is not None
    assert photo.case_number == "鞍自然资罚〔2026〕12号" and photo.device.startswith("执法记录仪")
    assert photo.latitude == Decimal("41.107500") and photo.longitude == Decimal("122.994400")
    assert photo.officers.count() == 2 and photo.camera_operator is not None
    assert not photo.handed_in_late


def test_the_undescribed_recording_shows_in_the_officers_todo(demo):
    pending = demo["AS-NR-0007_巡查录音.wav"]
    assert set(pending.missing_description()) >= {"摄录设备", "地点", "摄录人", "执法人员"}
    body = signed_in("nr_officer").get("/todo/").content.decode()
    assert "AS-NR-0007_巡查录音.wav" in body and "待著录" in body


def test_a_held_recording_and_an_application_waiting_for_the_head(demo):
    inquiry = demo["询问录音-刘某某.wav"]
    hold = inquiry.holds.get()
    assert hold.reason == HoldReason.COMPLAINT and hold.active
    request = inquiry.view_requests.get()
    assert request.state == ViewRequestState.PENDING and request.requested_by.username == "nr_team_head"
    assert "复核询问内容" in signed_in("nr_head").get("/records/requests/").content.decode()


def test_the_officer_plays_the_recording_and_seeks_in_it(demo):
    inquiry = demo["询问录音-刘某某.wav"]
    client = signed_in("nr_officer")  # who handed it in: no approval needed
    r = client.post(f"/records/{inquiry.pk}/download/", {"reason": "核对询问内容", "inline": "1"})
    page = client.get(r["Location"])
    assert "<audio" in page.content.decode()
    part = client.get(page.context["file_url"], headers={"Range": "bytes=44-1043"})
    assert part.status_code == 206 and len(b"".join(part.streaming_content)) == 1000
