"""Parsing the Range header at its edges (RFC 9110 §14), and the 200/206/416 answers built from it."""

from __future__ import annotations

import io

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections

from zhifa.records.ranges import Span, Unsatisfiable, parse_range, ranged_response

SIZE = 1000


@pytest.mark.parametrize("header, span", [
    ("bytes=0-0", Span(0, 0)),                      # the first byte
    ("bytes=999-999", Span(999, 999)),              # the last byte
    ("bytes=999-", Span(999, 999)),
    ("bytes=0-", Span(0, 999)),
    ("bytes=500-1500", Span(500, 999)),             # an end past the file is cut to the file
    ("bytes=-1", Span(999, 999)),                   # suffix: the last byte
    ("bytes=-300", Span(700, 999)),
    ("bytes=-5000", Span(0, 999)),                  # a suffix larger than the file is all of it
    ("Bytes = 10-19", Span(10, 19)),                # the unit is case-insensitive; spaces around it
])
def test_a_single_range_is_served(header, span):
    assert parse_range(header, SIZE) == span


@pytest.mark.parametrize("header", [
    None, "", "bytes", "bytes=", "bytes=-", "bytes=abc", "bytes=1-a", "bytes=--1", "items=0-10", "0-10",
    "bytes=10-5",                                   # last before first: invalid, so ignored
    "bytes=0-1,5-6", "bytes=0-0, -1", "bytes=0-1,",  # several ranges: the whole file
])
def test_a_missing_malformed_or_multiple_range_is_the_whole_file(header):
    assert parse_range(header, SIZE) is None


@pytest.mark.parametrize("header, size", [("bytes=1000-", 1000), ("bytes=1000-2000", 1000), ("bytes=-0", 1000),
                                          ("bytes=0-0", 0), ("bytes=-10", 0)])
def test_a_range_wholly_past_the_end_is_unsatisfiable(header, size):
    with pytest.raises(Unsatisfiable):
        parse_range(header, size)


class Tracked(io.BytesIO):
    """A file that remembers the largest read asked of it and whether it was closed."""

    largest = 0

    def read(self, n=-1):
        self.largest = max(self.largest, n if n is not None and n >= 0 else len(self.getvalue()))
        return super().read(n)


DATA = bytes(range(256)) * 4 + b"tail"  # 1028 bytes


def respond(header=None, if_range=None, f=None):
    return ranged_response(f or Tracked(DATA), size=len(DATA), etag="abc", range_header=header, if_range=if_range,
                           content_type="video/mp4", filename="现场.mp4", as_attachment=False)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_206_carries_the_part_and_its_content_range():
    r = respond("bytes=1024-")
    assert r.status_code == 206 and r["Content-Range"] == "bytes 1024-1027/1028" and r["Content-Length"] == "4"
    assert body(r) == b"tail" and r["Accept-Ranges"] == "bytes" and r["ETag"] == '"abc"'


def test_200_without_a_range_and_416_past_the_end():
    r = respond()
    assert r.status_code == 200 and "Content-Range" not in r and r["Content-Length"] == str(len(DATA))
    assert body(r) == DATA and r["Accept-Ranges"] == "bytes"
    f = Tracked(DATA)
    r = respond("bytes=5000-", f=f)
    assert r.status_code == 416 and r["Content-Range"] == f"bytes */{len(DATA)}" and f.closed


def test_if_range_with_another_etag_sends_the_whole_file():
    assert respond("bytes=0-9", if_range='"abc"').status_code == 206
    assert respond("bytes=0-9", if_range='"other"').status_code == 200
    assert respond("bytes=0-9", if_range="Wed, 21 Oct 2015 07:28:00 GMT").status_code == 200


def test_the_body_is_read_a_piece_at_a_time_and_the_file_closed():
    big = Tracked(b"x" * (3 << 20))
    r = ranged_response(big, size=3 << 20, etag="e", range_header="bytes=100-", if_range=None,
                        content_type="video/mp4", filename="a.mp4", as_attachment=False)
    total = sum(len(piece) for piece in r.streaming_content)
    # closing a response sends request_finished; with no request here, keep Django's connection check out of it
    # (as its test client does), or it touches a connection an earlier database test left open
    request_finished.disconnect(close_old_connections)
    try:
        r.close()
    finally:
        request_finished.connect(close_old_connections)
    assert total == (3 << 20) - 100 and big.largest <= 256 * 1024 and big.closed
