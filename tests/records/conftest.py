"""Records tests: a private blob store and upload directory per test, a records custodian and a second
officer with a login, and a small tus client over Django's test client."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from zhifa.agencies.models import Role
from zhifa.records.names import encode_upload_metadata

TUS = {"Tus-Resumable": "1.0.0"}
OCTETS = "application/offset+octet-stream"


@pytest.fixture(autouse=True)
def store(settings, tmp_path) -> Path:
    """Blobs and partial uploads under this test's temporary directory."""
    root = tmp_path / "data"
    settings.STORAGES = {**settings.STORAGES, "blobs": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root / "files")}}}
    settings.ZHIFA_UPLOAD_DIR = root / "uploads"
    return root


@pytest.fixture
def people(cast):
    """The cast plus a records custodian of 自然资源局 and 李娜 with a login (both officers of 执法监察支队)."""
    cast.u_records = cast.user("nr_records", [(cast.nr, Role.RECORDS)])
    cast.u_li = cast.user("lina", [(cast.nr_team, Role.OFFICER)], person=cast.li.person)
    return cast


def sm3(data: bytes) -> str:
    return hashlib.new("sm3", data).hexdigest()


def b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


class Tus:
    """tus requests through a Django test client signed in as someone."""

    def __init__(self, client) -> None:
        self.client = client

    def create(self, length: int, filename: str = "现场检查.mp4", **meta: str):
        values = {"filename": filename, **meta}
        return self.client.post("/records/tus/", headers={**TUS, "Upload-Length": str(length),
                                                          "Upload-Metadata": encode_upload_metadata(values)})

    def url(self, response) -> str:
        assert response.status_code == 201, response.content.decode()
        return response["Location"].replace("http://testserver", "")

    def head(self, url: str):
        return self.client.head(url, headers=TUS)

    def patch(self, url: str, data: bytes, offset: int, checksum: str | None = None, **headers: str):
        extra = {**TUS, "Upload-Offset": str(offset), **headers}
        if checksum:
            extra["Upload-Checksum"] = checksum
        return self.client.generic("PATCH", url, data=data, content_type=OCTETS, headers=extra)

    def delete(self, url: str):
        return self.client.delete(url, headers=TUS)

    def upload(self, data: bytes, filename: str = "现场检查.mp4", chunk: int = 1 << 20, **meta: str):
        """Create and send ``data`` in chunks; returns the last PATCH response."""
        url = self.url(self.create(len(data), filename, **meta))
        offset = 0
        response = None
        while offset < len(data):
            response = self.patch(url, data[offset:offset + chunk], offset)
            assert response.status_code == 204, response.content.decode()
            offset = int(response["Upload-Offset"])
        assert response is not None
        return response


@pytest.fixture
def tus_as(client):
    """``tus_as(user)``: a tus client signed in as ``user`` (a fresh test client each time)."""
    from django.test import Client

    def _as(user) -> Tus:
        c = Client()
        c.force_login(user)
        return Tus(c)

    return _as
