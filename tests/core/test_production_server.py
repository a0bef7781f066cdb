"""The production setting and server (issue 9, item 9): `zhifa check --deploy` is clean with ZHIFA_HTTPS=1, and
`zhifa serve` (gunicorn) serves pages and static files with the policy, HSTS and TLS-only cookies, and stops
cleanly. Subprocesses on a fresh SQLite data dir: the settings are read from the environment at start."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

import zhifa

PRODUCTION = {"ZHIFA_HTTPS": "1", "ZHIFA_ALLOWED_HOSTS": "zhifa.example.gov.cn,127.0.0.1"}
STYLESHEET = Path(zhifa.__file__).parent / "static" / "zhifa" / "zhifa.css"


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHIFA_", "DJANGO_"))}
    return {**env, "ZHIFA_DATA_DIR": str(data_dir), "ZHIFA_SECRET_KEY": secrets.token_urlsafe(50), **extra}


def zhifa_command(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhifa", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_check_deploy_is_clean_under_the_production_setting(tmp_path):
    done = zhifa_command(environment(tmp_path, **PRODUCTION), "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_check_deploy_without_the_production_setting_names_what_is_missing(tmp_path):
    done = zhifa_command(environment(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in done.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    def __init__(self, port: int) -> None:
        self.port = port

    def get(self, path: str, headers: dict[str, str] | None = None, method: str = "GET", body: str | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            response.body = response.read()
            return response
        finally:
            conn.close()


@pytest.fixture
def served(tmp_path):
    """`zhifa serve` with the production setting on a free loopback port, on a migrated SQLite data dir with
    one account, as a proxy in front would reach it."""
    env = environment(tmp_path, **PRODUCTION)
    assert zhifa_command(env, "migrate", "--noinput", "-v0").returncode == 0
    created = zhifa_command(env, "shell", "-c", "from django.contrib.auth import get_user_model; "
                            "get_user_model().objects.create_user('duty', password='zhifa-serve-1')")
    assert created.returncode == 0, created.stderr
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "zhifa", "serve", "--bind", f"127.0.0.1:{port}",
                                 "--workers", "1", "--threads", "2"], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "zhifa serve did not start: " + log.read_text()
                time.sleep(0.2)
        yield Served(port), proc, log
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


def cookies(response) -> SimpleCookie:
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return jar


def test_zhifa_serve_behind_a_tls_proxy(served):
    server, proc, log = served
    origin = f"https://127.0.0.1:{server.port}"
    tls = {"X-Forwarded-Proto": "https"}

    # Reached over plain HTTP: sent to HTTPS.
    plain = server.get("/login/")
    assert plain.status == 301 and plain.getheader("Location") == f"{origin}/login/"

    page = server.get("/login/", tls)
    assert page.status == 200 and page.getheader("Server", "").startswith("gunicorn")
    policy = page.getheader("Content-Security-Policy")
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe" not in policy
    assert page.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains; preload"
    assert page.getheader("X-Frame-Options") == "DENY"
    csrf = cookies(page)["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"

    static = server.get("/static/zhifa/zhifa.css", tls)  # whitenoise
    assert static.status == 200 and static.getheader("Content-Type").startswith("text/css")
    assert static.body == STYLESHEET.read_bytes()

    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1).decode()
    signed_in = server.get("/login/", {
        **tls, "Origin": origin, "Cookie": f"csrftoken={csrf.value}",
        "Content-Type": "application/x-www-form-urlencoded"}, method="POST",
        body=f"csrfmiddlewaretoken={token}&username=duty&password=zhifa-serve-1")
    assert signed_in.status == 302, signed_in.body.decode()
    session = cookies(signed_in)["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    home = server.get("/", {**tls, "Cookie": f"sessionid={session.value}"})
    assert home.status == 200 and "Content-Security-Policy" in home.headers

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0
    text = log.read_text()
    assert "Shutting down: Master" in text and "Traceback" not in text
