"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

Chromium missing: the tests skip with a notice in the -ra summary, or fail when ZHIFA_REQUIRE_BROWSER=1 (CI).
Screenshots of every main page go to test-artifacts/screenshots/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running in this thread; Django refuses ORM calls from a thread
# with a running loop unless told that this is fine (the test's own ORM calls, the live server's are in
# another thread).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

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


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("ZHIFA_REQUIRE_BROWSER") == "1":
            pytest.fail("ZHIFA_REQUIRE_BROWSER=1 但未找到 /usr/bin/chromium：浏览器测试无法运行"
                        "（apt-get install chromium 或 make browser）", pytrace=False)
        pytest.skip(MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def new_page(browser):
    """Open a fresh page (own cookies) with the given viewport; closed after the test."""
    contexts = []

    def _new(width: int = 1280, height: int = 900, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                      **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _new
    for c in contexts:
        c.close()


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
    """Sign in through the login page, as a person would."""
    def _sign_in(page, username: str, password: str = PASSWORD):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        return page

    return _sign_in
