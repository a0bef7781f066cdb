"""HTTP Range requests (RFC 9110 §14) for seeking in long recordings: parse the ``Range`` header, answer with
206 and one part, 416 when nothing asked for exists, or 200 with the whole file.

Only single ranges are served. A browser's media element asks for one range at a time; a request for several
is answered with the whole file (a server may ignore ``Range``, §14.2), which spares us multipart bodies and
a many-small-ranges amplification. A malformed header is ignored the same way. ``If-Range`` is honoured
against the strong ETag (the blob's SM3: the bytes never change); a date never matches because no
``Last-Modified`` is sent.

The body is streamed from the open file a piece at a time, never read whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO

from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase

PIECE = 256 * 1024
_SPEC = re.compile(r"^(\d*)-(\d*)$")


@dataclass(frozen=True)
class Span:
    """Bytes ``start`` to ``end`` inclusive, as Content-Range counts them."""

    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1


class Unsatisfiable(Exception):
    """The header is well formed but asks only for bytes the file does not have (answer 416)."""


def parse_range(header: str | None, size: int) -> Span | None:
    """The one span ``header`` asks for in a file of ``size`` bytes; None to send the whole file.

    Raises ``Unsatisfiable`` for a first byte at or past the end, or a zero-length suffix (``bytes=-0``).
    """
    if not header:
        return None
    unit, sep, specs = header.partition("=")
    if not sep or unit.strip().lower() != "bytes":
        return None
    parts = [p.strip() for p in specs.split(",")]
    if len(parts) != 1:
        return None  # several ranges: the whole file (see the module's note)
    m = _SPEC.match(parts[0])
    if m is None or m.group(1) == m.group(2) == "":
        return None
    first, last = m.group(1), m.group(2)
    if first == "":  # a suffix: the last N bytes, all of them when N exceeds the file
        n = int(last)
        if n == 0 or size == 0:
            raise Unsatisfiable
        return Span(max(0, size - n), size - 1)
    start = int(first)
    if last != "" and int(last) < start:
        return None  # an invalid range-spec makes the whole header invalid (§14.1.1)
    if start >= size:
        raise Unsatisfiable
    return Span(start, size - 1 if last == "" else min(int(last), size - 1))


class _Slice:
    """``length`` bytes of ``f`` from its current position, read piece by piece; closes ``f`` when done.

    No ``seek``, ``tell``, ``name`` or ``fileno``: FileResponse then neither measures the file nor hands it
    to ``sendfile`` whole; the caller states Content-Length.
    """

    def __init__(self, f: IO[bytes], length: int) -> None:
        self._f = f
        self._left = length

    def read(self, n: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        want = self._left if n is None or n < 0 else min(n, self._left)
        data = self._f.read(want)
        self._left -= len(data)
        return data

    def close(self) -> None:
        self._f.close()


def ranged_response(f: IO[bytes], *, size: int, etag: str, range_header: str | None, if_range: str | None,
                    content_type: str, filename: str, as_attachment: bool) -> HttpResponseBase:
    """200, 206 or 416 for a GET of the whole of ``f`` (``size`` bytes); ``f`` is closed with the response."""
    quoted = f'"{etag}"'
    try:
        span = parse_range(range_header, size) if if_range is None or if_range.strip() == quoted else None
    except Unsatisfiable:
        f.close()
        refused = HttpResponse("请求的字节范围超出文件大小", status=416, content_type="text/plain; charset=utf-8")
        refused["Content-Range"] = f"bytes */{size}"
        refused["Accept-Ranges"] = "bytes"
        return refused
    if span is None:
        span, status = Span(0, size - 1), 200
    else:
        f.seek(span.start)
        status = 206
    response = FileResponse(_Slice(f, span.length), status=status, content_type=content_type,
                            as_attachment=as_attachment, filename=filename)
    response.block_size = PIECE
    response["Content-Length"] = str(span.length)
    if status == 206:
        response["Content-Range"] = f"bytes {span.start}-{span.end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = quoted
    return response
