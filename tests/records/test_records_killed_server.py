"""A real server killed with `kill -9` halfway through an upload: nothing half-stored is referenced, and the
client resumes (HEAD, then PATCH from the offset the server reports) to the right SM3."""

from __future__ import annotations

import hashlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from time_machine import escape_hatch

from zhifa.core.sessions import LOGIN_AT, SEEN_AT
from zhifa.records.models import Blob, Evidence, Upload
from zhifa.records.names import encode_upload_metadata

MIB = 1 << 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    d = connections["default"].settings_dict
    if d["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{d['NAME']}"
    auth = d["USER"] + (f":{d['PASSWORD']}" if d["PASSWORD"] else "")
    return f"postgres://{auth}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


class Server:
    """`zhifa runserver` in a subprocess on a free port of 127.0.0.1, sharing the test database and data dir."""

    def __init__(self, data_dir: Path, log: Path) -> None:
        self.port = free_port()
        env = {**os.environ, "ZHIFA_DATA_DIR": str(data_dir), "ZHIFA_DATABASE_URL": database_url(),
               "ZHIFA_SECRET_KEY": settings.SECRET_KEY, "ZHIFA_KEYSTORE_DIR": str(settings.ZHIFA_KEYSTORE_DIR),
               "DJANGO_SETTINGS_MODULE": "zhifa.settings"}
        self.log = open(log, "ab")  # noqa: SIM115 — closed in stop()
        self.proc = subprocess.Popen([sys.executable, "-m", "zhifa", "runserver", "--noreload",
                                      f"127.0.0.1:{self.port}"], env=env, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, log.read_text(errors="replace")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("server did not start: " + log.read_text(errors="replace"))

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def kill9(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        self.log.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.log.close()


def request(server: Server, method: str, path: str, headers: dict[str, str], body: bytes | None = None):
    conn = server.connect()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upload_killed_halfway_leaves_no_half_blob_and_resumes_to_the_right_digest(people, store, tmp_path):
    data = os.urandom(8 * MIB)
    client = Client()
    client.force_login(people.u_officer)
    # Between 22:00 and 04:00 this process runs on a moved clock (tests/conftest.py); the server reads the real
    # one, so the session's times must be the real clock's or the server finds it idle (or signed in ahead).
    session = client.session
    session[LOGIN_AT] = session[SEEN_AT] = int(escape_hatch.time.time())
    session.save()
    base = {"Tus-Resumable": "1.0.0", "Cookie": f"sessionid={session.session_key}"}
    log = tmp_path / "server.log"
    server = Server(store, log)
    try:
        created = request(server, "POST", "/records/tus/", {
            **base, "Upload-Length": str(len(data)),
            "Upload-Metadata": encode_upload_metadata({"filename": "查封现场.mp4", "kind": "video"})})
        assert created.status == 201, log.read_text(errors="replace")
        path = "/" + created.getheader("Location").split("/", 3)[3]
        half = len(data) // 2
        first = request(server, "PATCH", path, {**base, "Upload-Offset": "0",
                                                "Content-Type": "application/offset+octet-stream"}, data[:half])
        assert first.status == 204 and first.getheader("Upload-Offset") == str(half)

        # The next PATCH announces the rest but sends only one MiB; once some of it is on disk, kill -9.
        token = Upload.objects.get().token
        part = store / "uploads" / f"{token}.part"
        conn = server.connect()
        conn.putrequest("PATCH", path)
        for name, value in {**base, "Upload-Offset": str(half), "Content-Type": "application/offset+octet-stream",
                            "Content-Length": str(len(data) - half)}.items():
            conn.putheader(name, value)
        conn.endheaders()
        conn.send(data[half:half + MIB])
        deadline = time.monotonic() + 20
        while part.stat().st_size <= half and time.monotonic() < deadline:
            time.sleep(0.05)
        server.kill9()
        conn.close()
        on_disk = part.stat().st_size
        assert half < on_disk <= half + MIB

        # Nothing half-stored is referenced, or even in the blob store.
        assert not Evidence.objects.exists() and not Blob.objects.exists()
        blob_dir = store / "files" / "blobs"
        assert not blob_dir.exists() or not any(p.is_file() for p in blob_dir.rglob("*"))

        server = Server(store, log)
        head = request(server, "HEAD", path, base)
        assert head.status == 200
        offset = int(head.getheader("Upload-Offset"))
        assert offset == on_disk
        rest = request(server, "PATCH", path, {**base, "Upload-Offset": str(offset),
                                               "Content-Type": "application/offset+octet-stream"}, data[offset:])
        assert rest.status == 204, log.read_text(errors="replace")
        evidence = Evidence.objects.select_related("blob").get()
        assert rest.getheader("Zhifa-Evidence") == f"/records/{evidence.pk}/"
        assert evidence.blob.sm3 == hashlib.new("sm3", data).hexdigest()
        assert evidence.blob.size == len(data)
        assert (store / "files" / evidence.blob.name).read_bytes() == data
    finally:
        server.stop()
