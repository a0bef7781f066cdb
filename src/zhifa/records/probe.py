"""What a file is, read from its own bytes where that is cheap: format, duration, picture size (REC-15).

``ffprobe`` is used when it is installed (never required). Without it: WAV through the standard ``wave``
module, MP4/MOV duration from the ``mvhd`` box, JPEG/PNG/GIF dimensions from the header; anything else is
left empty rather than guessed.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import struct
import subprocess
import wave
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO


@dataclass
class MediaInfo:
    format: str = ""
    duration: Decimal | None = None
    width: int | None = None
    height: int | None = None


MAGIC: list[tuple[bytes, int, str]] = [
    (b"\xff\xd8\xff", 0, "JPEG"),
    (b"\x89PNG\r\n\x1a\n", 0, "PNG"),
    (b"GIF8", 0, "GIF"),
    (b"%PDF-", 0, "PDF"),
    (b"II*\x00", 0, "TIFF"),
    (b"MM\x00*", 0, "TIFF"),
    (b"\x1a\x45\xdf\xa3", 0, "MKV"),
    (b"ID3", 0, "MP3"),
    (b"OggS", 0, "OGG"),
    (b"fLaC", 0, "FLAC"),
    (b"#!AMR", 0, "AMR"),
    (b"PK\x03\x04", 0, "ZIP"),
]


def sniff(head: bytes) -> str:
    """The format named by the first bytes; '' when unknown."""
    for magic, at, name in MAGIC:
        if head[at:at + len(magic)] == magic:
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "WAV"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "AVI"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"qt  ":
            return "MOV"
        if brand in (b"M4A ", b"M4B "):
            return "M4A"
        if brand.startswith(b"3g"):
            return "3GP"
        return "MP4"
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "MP3"
    return ""


def probe(path: str | Path) -> MediaInfo:
    """Best-effort facts about the file at ``path``; never raises for a malformed file."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(64)
            info = MediaInfo(format=sniff(head))
            f.seek(0)
            if info.format == "WAV":
                _wav(path, info)
            elif info.format in ("MP4", "MOV", "M4A", "3GP"):
                _mp4(f, info)
            elif info.format == "PNG":
                _png(head, info)
            elif info.format == "GIF":
                _gif(head, info)
            elif info.format == "JPEG":
                _jpeg(f, info)
            elif info.format == "ZIP":
                info.format = _office(path)
    except (OSError, ValueError, EOFError, struct.error, wave.Error):
        info = MediaInfo()
    if shutil.which("ffprobe") and (info.duration is None or info.width is None):
        _ffprobe(path, info)
    return info


def _office(path: Path) -> str:
    """Office Open XML documents are ZIP files named by the part they hold (ECMA-376)."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except zipfile.BadZipFile:
        return "ZIP"
    for part, name in (("word/document.xml", "DOCX"), ("xl/workbook.xml", "XLSX"), ("ppt/presentation.xml", "PPTX")):
        if part in names:
            return name
    return "ZIP"


def _wav(path: Path, info: MediaInfo) -> None:
    with wave.open(str(path), "rb") as w:
        rate = w.getframerate()
        if rate:
            info.duration = (Decimal(w.getnframes()) / Decimal(rate)).quantize(Decimal("0.001"))


def _png(head: bytes, info: MediaInfo) -> None:
    if head[12:16] == b"IHDR":
        info.width, info.height = struct.unpack(">II", head[16:24])


def _gif(head: bytes, info: MediaInfo) -> None:
    info.width, info.height = struct.unpack("<HH", head[6:10])


def _jpeg(f: IO[bytes], info: MediaInfo) -> None:
    """Walk the JPEG markers to the first start-of-frame, which carries the picture size."""
    f.seek(2)
    for _ in range(1000):
        byte = f.read(1)
        while byte and byte != b"\xff":
            byte = f.read(1)
        while byte == b"\xff":
            byte = f.read(1)
        if not byte:
            return
        marker = byte[0]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            continue
        if marker == 0xD9:
            return
        (length,) = struct.unpack(">H", f.read(2))
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            _precision, height, width = struct.unpack(">BHH", f.read(5))
            info.width, info.height = width, height
            return
        f.seek(length - 2, 1)


def _mp4(f: IO[bytes], info: MediaInfo) -> None:
    """Top-level boxes to ``moov``, then its ``mvhd``: timescale and duration (ISO/IEC 14496-12)."""
    end = f.seek(0, 2)
    pos = 0
    while pos + 8 <= end:
        f.seek(pos)
        size, kind = struct.unpack(">I4s", f.read(8))
        header = 8
        if size == 1:
            (size,) = struct.unpack(">Q", f.read(8))
            header = 16
        elif size == 0:
            size = end - pos
        if size < header:
            return
        if kind == b"moov":
            inner, stop = pos + header, pos + size
            while inner + 8 <= stop:
                f.seek(inner)
                isize, ikind = struct.unpack(">I4s", f.read(8))
                if isize < 8:
                    return
                if ikind == b"mvhd":
                    version = f.read(1)[0]
                    f.read(3)
                    if version == 1:
                        _c, _m, timescale, duration = struct.unpack(">QQIQ", f.read(28))
                    else:
                        _c, _m, timescale, duration = struct.unpack(">IIII", f.read(16))
                    if timescale:
                        info.duration = (Decimal(duration) / Decimal(timescale)).quantize(Decimal("0.001"))
                    return
                inner += isize
            return
        pos += size


def _ffprobe(path: Path, info: MediaInfo) -> None:
    try:
        out = subprocess.run(
            ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)],
            capture_output=True, timeout=30, check=True).stdout
        data = json.loads(out)
    except (OSError, subprocess.SubprocessError, ValueError):
        return
    fmt = data.get("format") or {}
    if info.duration is None and fmt.get("duration"):
        with contextlib.suppress(ArithmeticError):
            info.duration = Decimal(fmt["duration"]).quantize(Decimal("0.001"))
    if not info.format and fmt.get("format_name"):
        info.format = str(fmt["format_name"]).split(",")[0].upper()[:40]
    for stream in data.get("streams") or []:
        if stream.get("codec_type") == "video" and info.width is None:
            info.width, info.height = stream.get("width"), stream.get("height")
