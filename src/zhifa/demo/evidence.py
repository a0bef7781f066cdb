"""The demo city's evidence: a site photo, an inquiry recording, the on-site inspection record and a body-camera
recording still to be described, handed in through the records write functions like real uploads.

The bytes are made here (a PNG drawn with zlib and struct, a WAV with ``wave``, the DOCX from the catalog's
document template), so the repository holds no binary files and the demo needs no new dependency.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import struct
import wave
import zlib
from array import array
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhifa.agencies.models import Agency, Officer
from zhifa.records import actions
from zhifa.records.models import HoldReason, ViewPurpose

PLACE = "鞍山市铁东区园林路 18 号"
LATITUDE, LONGITUDE = Decimal("41.107500"), Decimal("122.994400")
DEVICE = "执法记录仪 DSJ-V9 AS-NR-0007"


def png_bytes(width: int = 320, height: int = 240) -> bytes:
    """A small site photo: sky, a grey factory building on bare ground, a red survey stake."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    horizon = height * 3 // 5
    rows = []
    for y in range(height):
        if y < horizon:
            shade = 150 + 80 * y // horizon
            row = bytearray(bytes((shade - 60, shade - 20, 255)) * width)
        else:
            shade = 120 + 40 * (y - horizon) // (height - horizon)
            row = bytearray(bytes((shade, shade - 30, shade - 70)) * width)
        if height // 3 <= y < horizon + height // 10:  # the building
            left, right = width // 5, width * 3 // 5
            row[left * 3:right * 3] = bytes((128, 130, 135)) * (right - left)
        if horizon - height // 8 <= y < horizon + height // 6:  # the stake
            x = width * 4 // 5
            row[x * 3:(x + 3) * 3] = bytes((200, 30, 30)) * 3
        rows.append(b"\x00" + bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 6))
            + chunk(b"IEND", b""))


def wav_bytes(seconds: float = 6.0, rate: int = 8000) -> bytes:
    """A short mono recording: the recorder's start beep, then a low murmur standing in for speech."""
    samples = array("h")
    for n in range(int(seconds * rate)):
        t = n / rate
        if t < 0.3:
            value = 0.5 * math.sin(2 * math.pi * 1000 * t)
        else:
            syllable = 0.5 + 0.5 * math.sin(2 * math.pi * 3 * t)  # about three syllables a second
            value = 0.12 * syllable * (math.sin(2 * math.pi * 180 * t) + 0.5 * math.sin(2 * math.pi * 360 * t))
        samples.append(int(value * 32767))
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    return out.getvalue()


def inspection_record_docx(*, start: dt.datetime, end: dt.datetime, officers: list[Officer]) -> bytes:
    # Here, not at the top: python-docx is loaded when the demo is built, not each time `zhifa run` starts.
    from zhifa.catalog.documents import ONSITE_RECORD
    from zhifa.catalog.docx import render_docx

    def when(moment: dt.datetime) -> str:
        local = timezone.localtime(moment)
        return f"{local.year}年{local.month}月{local.day}日{local.hour}时{local.minute}分"

    names = "、".join(f"{o.person.name}（{o.credentials.order_by('-valid_to')[0].number}）" for o in officers)
    return render_docx(ONSITE_RECORD, {
        "开始时间": when(start), "结束时间": when(end), "检查地点": PLACE, "被检查人": "鞍山某建材有限公司",
        "在场人": "刘某某，法定代表人", "执法人员": names, "记录人": officers[1].person.name, "回避": "不申请回避",
        "检查情况": "现场有新建钢结构厂房一座，经测量占地面积约1200平方米；被检查人未能提供用地批准文件；现场拍摄照片",
        "音像记录": f"使用{DEVICE}全程录音录像", "当事人意见": "对检查情况无异议", "拒签情况": "无"})


def build(*, nodes: dict[str, Agency], officers: list[Officer], today: dt.date) -> None:
    """Four items of 鞍山市自然资源局's case 〔today's year〕12号, each through the write functions the pages use."""
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["nr_officer", "nr_team_head", "nr_records"])}
    officer, records, team_head = users["nr_officer"], users["nr_records"], users["nr_team_head"]
    team = nodes["nr_team"]
    pair = [officers[0], officers[1]]
    case = f"鞍自然资罚〔{today.year}〕12号"
    tz = timezone.get_current_timezone()
    site = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(9, 30), tzinfo=tz)
    described = {"title": "现场检查", "device": DEVICE, "officers": pair, "camera_operator": officers[1],
                 "place": PLACE, "latitude": LATITUDE, "longitude": LONGITUDE, "case_number": case}

    actions.ingest_stream(
        actor=officer, unit=team, chunks=[png_bytes()], original_name="现场照片-园林路18号厂房.png",
        received_at=site + dt.timedelta(hours=3),
        description={**described, "kind": "photo", "capture_start": site + dt.timedelta(minutes=12),
                     "capture_end": site + dt.timedelta(minutes=12)})

    audio = wav_bytes()
    inquiry = site + dt.timedelta(hours=1, minutes=40)
    recording = actions.ingest_stream(
        actor=officer, unit=team, chunks=[audio], original_name="询问录音-刘某某.wav",
        received_at=inquiry + dt.timedelta(hours=2),
        description={**described, "kind": "audio", "title": "询问", "place": "鞍山市自然资源局执法监察支队询问室",
                     "latitude": Decimal("41.110300"), "longitude": Decimal("122.990800"),
                     "capture_start": inquiry, "capture_end": inquiry + dt.timedelta(seconds=6)})
    actions.place_hold(actor=records, evidence=recording, reason=HoldReason.COMPLAINT,
                       note="当事人投诉询问时执法人员态度，保留询问全程录音")
    actions.request_view(actor=team_head, evidence=recording, purpose=ViewPurpose.VIEW,
                         reason="复核询问内容，拟制行政处罚事先告知书")

    actions.ingest_stream(
        actor=officer, unit=team, original_name="现场检查（勘验）笔录.docx", received_at=site + dt.timedelta(hours=3),
        chunks=[inspection_record_docx(start=site, end=site + dt.timedelta(minutes=75), officers=pair)],
        description={"kind": "document", "title": "现场检查（勘验）笔录", "officers": pair, "case_number": case})

    # Handed in this morning from the body camera and not yet described: 我的待办 shows the 2-working-day limit.
    now = timezone.now()
    actions.ingest_stream(
        actor=officer, unit=team, chunks=[wav_bytes(4.0)], original_name="AS-NR-0007_巡查录音.wav",
        received_at=now - dt.timedelta(hours=1),
        description={"kind": "audio", "title": "日常巡查", "capture_start": now - dt.timedelta(hours=3),
                     "capture_end": now - dt.timedelta(hours=3) + dt.timedelta(seconds=4)})
