"""The evidence list (filters, paging without counting, a constant number of queries), the upload page, the
settings page, and what the probe reads from files."""

from __future__ import annotations

import datetime as dt
import io
import os
import struct
import wave
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.records import actions
from zhifa.records.models import Evidence
from zhifa.records.probe import probe, sniff

BASE = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def make(people, n: int, **extra) -> list[Evidence]:
    out = []
    for i in range(n):
        desc = {"kind": "video", "capture_start": BASE + dt.timedelta(days=i % 10),
                "capture_end": BASE + dt.timedelta(days=i % 10, minutes=20), "device": f"DSJ-{i % 3:04d}",
                "case_number": f"鞍自然资罚〔2026〕{i}号", "officers": [people.zhang, people.li][: 1 + i % 2], **extra}
        out.append(actions.ingest_stream(actor=people.u_officer, unit=people.nr_team, chunks=[os.urandom(64)],
                                         original_name=f"{i}.mp4", description=desc))
    return out


def list_queries(client, query: str = "") -> int:
    with CaptureQueriesContext(connection) as ctx:
        r = client.get("/records/" + query)
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_rows(people, login):
    client = login(people.u_head)
    make(people, 3)
    few = list_queries(client)
    make(people, 30)
    many = list_queries(client)
    assert few == many, (few, many)
    assert list_queries(client, "?officer=李娜&device=DSJ&date_from=2026-11-01") == list_queries(
        client, "?officer=张伟&device=0001&date_from=2026-11-03")


def test_list_filters(people, login):
    rows = make(people, 12)
    client = login(people.u_head)

    def names(query: str) -> set[str]:
        page = client.get("/records/" + query).context["page"]
        return {e.original_name for e in page.rows}

    assert names("?case=〔2026〕7号") == {"7.mp4"}
    assert names("?officer=李娜") == {e.original_name for e in rows if len(e.officers.all()) == 2}
    assert names("?device=DSJ-0002") == {"2.mp4", "5.mp4", "8.mp4", "11.mp4"}
    assert names("?date_from=2026-11-05&date_to=2026-11-05") == {"3.mp4"}
    assert names("?kind=document") == set()


def test_list_pages_without_counting(people, login, monkeypatch):
    make(people, 3)
    client = login(people.u_head)
    monkeypatch.setattr("zhifa.core.paging.PAGE_SIZE", 2)
    first = client.get("/records/").context["page"]
    second = client.get("/records/?page=2").context["page"]
    assert first.has_next and not second.has_next and len(second.rows) == 1
    with CaptureQueriesContext(connection) as ctx:
        client.get("/records/")
    # (the navigation's count of waiting items counts those, not the evidence)
    assert not any("COUNT(" in q["sql"].upper() and 'FROM "RECORDS_EVIDENCE"' in q["sql"].upper()
                   for q in ctx.captured_queries)


def test_list_shows_only_what_is_in_reach(people, login):
    make(people, 2)
    assert login(people.u_zj_head).get("/records/").context["page"].rows == []
    assert len(login(people.u_supervisor).get("/records/").context["page"].rows) == 2
    assert login(people.u_ly_head).get("/records/").status_code == 200  # an agency head of its own agency


def test_nav_shows_evidence_to_those_who_may_see_it(people, login):
    assert "证据" in [i["label"] for i in login(people.u_officer).get("/").context["nav"]]


def test_upload_page_renders_the_form_and_the_client(people, login):
    r = login(people.u_officer).get("/records/upload/")
    body = r.content.decode()
    assert r.status_code == 200 and "zhifa/upload.js" in body and 'data-endpoint="/records/tus/"' in body
    assert "摄录开始" in body and "张伟" in body
    assert login(people.u_supervisor).get("/records/upload/").status_code == 403


def test_settings_page_changes_the_rules(people, login):
    client = login(people.u_records)
    assert client.get("/records/settings/").status_code == 200
    r = client.post("/records/settings/", {"handin_hours": "12", "field_work_workdays": "2", "describe_workdays": "2",
                                           "approval_valid_days": "3", "av_months": "36"})
    assert r.status_code == 302
    s = actions.settings_for(people.nr)
    assert (s.handin_hours, s.field_work_workdays, s.av_view_needs_approval) == (12, 2, False)
    assert s.av_retention.months == 36
    r = client.post("/records/settings/", {"handin_hours": "12", "field_work_workdays": "5", "describe_workdays": "2",
                                           "approval_valid_days": "3", "av_months": "3"})
    assert r.status_code == 422
    assert login(people.u_officer).get("/records/settings/").status_code == 403


# ---------------------------------------------------------------- what the probe reads


def wav_bytes(seconds: float, rate: int = 8000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\x00\x00" * int(rate * seconds))
    return out.getvalue()


def png_bytes(width: int, height: int) -> bytes:
    header = struct.pack(">I4sII", 13, b"IHDR", width, height) + b"\x08\x02\x00\x00\x00"
    return b"\x89PNG\r\n\x1a\n" + header + b"\0" * 8


def jpeg_bytes(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def mp4_bytes(seconds: int, timescale: int = 1000) -> bytes:
    ftyp = struct.pack(">I4s4sI", 16, b"ftyp", b"isom", 512)
    mdat = struct.pack(">I4s", 8 + 1000, b"mdat") + b"\0" * 1000
    mvhd_body = b"\x00\x00\x00\x00" + struct.pack(">IIII", 0, 0, timescale, seconds * timescale) + b"\0" * 80
    mvhd = struct.pack(">I4s", 8 + len(mvhd_body), b"mvhd") + mvhd_body
    moov = struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd
    return ftyp + mdat + moov


def zip_bytes(*parts: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for part in parts:
            z.writestr(part, "<x/>")
    return out.getvalue()


@pytest.mark.parametrize("data, fmt, duration, size", [
    (zip_bytes("[Content_Types].xml", "word/document.xml"), "DOCX", None, None),
    (zip_bytes("[Content_Types].xml", "xl/workbook.xml"), "XLSX", None, None),
    (zip_bytes("照片/1.jpg"), "ZIP", None, None),
    (b"PK\x03\x04 not really a zip", "ZIP", None, None),
    (wav_bytes(2.5), "WAV", Decimal("2.500"), None),
    (png_bytes(640, 480), "PNG", None, (640, 480)),
    (jpeg_bytes(1920, 1080), "JPEG", None, (1920, 1080)),
    (mp4_bytes(95), "MP4", Decimal("95.000"), None),
    (b"%PDF-1.7 ...", "PDF", None, None),
    (b"just some text", "", None, None),
])
def test_probe_reads_format_duration_and_size(tmp_path, data, fmt, duration, size, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)  # without ffprobe, as on most servers
    path = tmp_path / "f"
    path.write_bytes(data)
    info = probe(path)
    assert (info.format, info.duration) == (fmt, duration)
    if size:
        assert (info.width, info.height) == size


def test_probe_survives_a_truncated_file(tmp_path):
    path = tmp_path / "bad.mp4"
    path.write_bytes(mp4_bytes(10)[:40])
    assert probe(path).duration is None
    assert sniff(b"") == ""


def test_ingest_records_the_format_and_duration(people):
    ev = actions.ingest_stream(actor=people.u_officer, unit=people.nr_team, chunks=[wav_bytes(1.25)],
                               original_name="询问录音.wav", description={"kind": "audio"})
    assert (ev.format, ev.duration) == ("WAV", Decimal("1.250"))


def test_hold_and_retention_through_the_detail_page(people, login):
    from zhifa.records.models import Hold

    ev = make(people, 1)[0]
    client = login(people.u_records)
    page = client.get(f"/records/{ev.pk}/").content.decode()
    assert "设定长期保存" in page and "登记当事人查阅、复制申请" in page
    client.post(f"/records/{ev.pk}/holds/", {"reason": "reconsideration", "note": "复议申请已受理"})
    hold = Hold.objects.get()
    assert hold.placed_by == people.u_records and hold.active
    client.post(f"/records/holds/{hold.pk}/release/", {"reason": "复议决定已生效"})
    hold.refresh_from_db()
    assert not hold.active and hold.release_reason == "复议决定已生效"
    client.post(f"/records/{ev.pk}/retention/", {"retention_class": ev.retention_class.pk, "filed": "on"})
    ev.refresh_from_db()
    assert ev.filed
    # An officer sees no such controls and cannot post them.
    officer = login(people.u_officer)
    assert "<h3>设定长期保存</h3>" not in officer.get(f"/records/{ev.pk}/").content.decode()
    assert officer.post(f"/records/{ev.pk}/holds/", {"reason": "complaint"}).status_code == 404
