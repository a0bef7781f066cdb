"""The portal's feed and open-data downloads (no login): what is public now, streamed (publicity.open_data)."""

from __future__ import annotations

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone

from zhifa.publicity import open_data

feed = open_data.PublicationsFeed()

_FORMATS = {"csv": ("text/csv; charset=utf-8", open_data.csv_lines),
            "json": ("application/json; charset=utf-8", open_data.json_lines)}


def download(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    """Every current public snapshot, one row or object each, streamed as it is read."""
    content_type, lines = _FORMATS[fmt]
    base = f"{request.scheme}://{request.get_host()}"
    response = StreamingHttpResponse((s.encode() for s in lines(base, open_data.snapshots())),
                                     content_type=content_type)
    name = f"zhifa-publications-{timezone.localdate():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
