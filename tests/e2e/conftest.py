"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

Chromium missing: the tests skip with a notice in the -ra summary, or fail when ZHIFA_REQUIRE_BROWSER=1 (CI).
Screenshots of every main page go to test-artifacts/screenshots/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "zhifa-test-1"  # every user of the cast (tests/conftest.py)
MISSING = "未找到 /usr/bin/chromium：浏览器测试已跳过（apt-get install chromium 或 make browser）"


@pytest.fixture(autouse=True)
def _e2e_serialized_rollback(django_db_serialized_rollback):
    """The live server needs a transactional database, which is flushed after each test; restore what the
    migrations seeded (levels, domains, the holiday schedules) before each browser test instead of losing
    it for them."""


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. While it runs, Playwright's event loop counts as running in this
    thread, which changes two things for Django in the tests (not in the live server, a thread of its own):

    - Django refuses ORM calls from a thread with a running loop: DJANGO_ALLOW_ASYNC_UNSAFE=true, set for
      the browser's lifetime only, so the rest of the session keeps the guard;
    - Django keeps this thread's connections in a separate (async-context) store: new connection objects,
      without the migrated data pytest-django serialized for the rollback. The serialized data is handed
      over, so each test starts from the migrated state, and those connections are closed at the end (an
      open one would stop PostgreSQL from dropping the test database).

    Module scope: the loop must not stay "running" for the tests that come after these.
    """
    if not CHROMIUM.exists():
        if os.environ.get("ZHIFA_REQUIRE_BROWSER") == "1":
            pytest.fail("ZHIFA_REQUIRE_BROWSER=1 但未找到 /usr/bin/chromium：浏览器测试无法运行"
                        "（apt-get install chromium 或 make browser）", pytrace=False)
        pytest.skip(MISSING)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    snapshot = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            for alias, contents in snapshot.items():
                if contents is not None:
                    connections[alias]._test_serialized_contents = contents
            b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            try:
                yield b
            finally:
                b.close()
                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


_CALL_FAILED = pytest.StashKey[bool]()


def is_csp_refusal(text: str) -> bool:
    # Older Chromium: "Refused to execute inline script because it violates the following Content Security
    # Policy directive ..."; newer: "Executing inline script violates the following Content Security Policy
    # directive ... The action has been blocked."
    return "Refused to" in text or "Content Security Policy" in text


def listen_for_csp_refusals(context) -> list[str]:
    """Chromium's console messages, on any page of ``context``, saying the Content-Security-Policy refused
    something, as they come."""
    refused: list[str] = []

    def _console(message) -> None:
        if is_csp_refusal(message.text):
            refused.append(f"{message.location.get('url')}: {message.text}")

    context.on("console", _console)
    return refused


@pytest.fixture
def new_page(browser, request):
    """Open a fresh page (own cookies) with the given viewport; closed after the test, after a screenshot
    of each page as test-artifacts/screenshots/FAILED-<test>-<n>.png when the test failed.

    Every page listens to its console: anything the Content-Security-Policy refused (an inline script, style
    or handler, an eval) fails the test at its end, whatever the journey."""
    contexts = []
    refusals: list[list[str]] = []

    def _new(width: int = 1280, height: int = 900, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                      **options)
        context.set_default_timeout(15_000)
        refusals.append(listen_for_csp_refusals(context))
        contexts.append(context)
        return context.new_page()

    yield _new
    if request.node.stash.get(_CALL_FAILED, False):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        pages = [p for c in contexts for p in c.pages]
        for n, p in enumerate(pages):
            try:
                p.screenshot(path=str(SCREENSHOTS / f"FAILED-{request.node.name}-{n}.png"), full_page=True)
            except Exception as e:  # the page may have crashed; the failure itself is what matters
                print(f"截图失败：{e}")
    for c in contexts:
        c.close()
    refused = [line for lines in refusals for line in lines]
    assert refused == [], "内容安全策略拒绝了页面中的内容：\n" + "\n".join(refused)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def shot():
    """Save a full-page screenshot as test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _shot(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


@pytest.fixture
def sign_in(live_server):
    """Sign in through the login page, as a person would: the password, then — for a user whose role requires
    it — the code their authenticator shows (the device is made beforehand, as if enrolled; the enrolment page
    itself is walked through in test_two_factor_journey.py)."""
    from django.contrib.auth import get_user_model
    from tests.conftest import totp_code, totp_device

    from zhifa.agencies import two_factor

    def _sign_in(page, username: str, password: str = PASSWORD):
        user = get_user_model().objects.get(username=username)
        device = totp_device(user) if two_factor.required(user) else None
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        if device is not None:
            assert "/login/code/" in page.url, page.url
            page.get_by_label("动态验证码").fill(totp_code(device))
            page.get_by_role("button", name="验证").click()
            page.wait_for_load_state()
        return page

    return _sign_in


@pytest.fixture
def evidence_store(settings, tmp_path):
    """Blobs and partial uploads in the test's own directory, where the live server writes them too."""
    settings.STORAGES = {**settings.STORAGES, "blobs": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "files")}}}
    settings.ZHIFA_UPLOAD_DIR = tmp_path / "uploads"
    return tmp_path


def fill_inquiry(page, world) -> None:
    """Fill and submit the case page's 询问笔录 form: 张伟 and 李娜 asking 赵丽华 in the last hour (never before
    the day the case opened), signed."""
    from django.utils import timezone

    form = page.locator("#record-form-inquiry form")
    now = timezone.localtime()
    start = max(now - dt.timedelta(hours=1), now.replace(hour=0, minute=0))
    form.locator("[name='inquiry-started_at']").fill(start.strftime("%Y-%m-%dT%H:%M"))
    form.locator("[name='inquiry-ended_at']").fill(now.strftime("%Y-%m-%dT%H:%M"))
    form.locator("[name='inquiry-place']").fill("执法监察支队询问室")
    for person in (world.zhang, world.li):
        form.locator(f"[name='inquiry-officers'][value='{person.pk}']").check()
    form.locator("[name='inquiry-recorder']").select_option(str(world.li.pk))
    form.locator("[name='inquiry-persons']").fill("赵丽华")
    form.locator("[name='inquiry-person_id_number']").fill("210302198001011234")
    form.locator("[name='inquiry-content']").fill("问：厂房是否办理用地审批手续？答：没有办理。")
    form.locator("[name='inquiry-signed']").check()
    form.get_by_role("button", name="登记询问笔录").click()


# (the build's ``tests.snapshot.key_of``, the day) → the directory of its files, then the build's value and the copy
_LIVE_BUILDS: dict[tuple, dict] = {}


def built_once_for_live_server(build):
    """A fixture holding ``build()`` (the demo city, say) for a module of browser tests, built by the first test
    that asks and copied into each later one's database, so that every test starts from the same rows without
    building them again (the demo takes seconds). A live-server test runs on a transactional database, flushed
    after it, so it cannot share a transaction the way ``tests.conftest.built_once`` does; instead, right after
    the first build the SQLite test database is copied whole into memory (SQLite's backup API), and each later
    test, once its database is set up, gets that copy back: the very rows, sequences and all, that the first
    test saw. Blobs and uploads the build wrote stay in one directory for the module. On another database (a
    developer running the browser tests on PostgreSQL) each test builds for itself. Modules whose ``build`` is the
    same function share the build and its copy for the session (on the day it was built: the build reads the
    clock)."""

    @pytest.fixture
    def fixture(transactional_db, live_server, settings, tmp_path_factory):
        import sqlite3

        from django.db import connection
        from django.utils import timezone
        from tests.snapshot import key_of

        built = _LIVE_BUILDS.setdefault((*key_of(build), timezone.localdate()), {})
        built.setdefault("files", tmp_path_factory.mktemp("demo-files"))
        settings.STORAGES = {**settings.STORAGES, "blobs": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(built["files"] / "files")}}}
        settings.ZHIFA_UPLOAD_DIR = built["files"] / "uploads"
        if connection.vendor != "sqlite":
            return build()
        connection.ensure_connection()
        if "copy" not in built:
            built["value"] = build()
            built["copy"] = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(built["copy"])
        else:
            built["copy"].backup(connection.connection)
        return built["value"]

    return fixture
