"""Every page a user or the public reads is in plain Chinese and fits a phone (issue 10, item 4 and 5).

The demo city is built, then each demo role signs in and the crawl follows every link of the navigation and,
one level further, every same-site link on those pages; the public pages are crawled without signing in. On
each page: status 200; in the visible text (``document.body.innerText``: a closed 技术信息 disclosure is not
visible) no requirement code (``REC-10``), no ledger entry kind of the label registry (``evidence.viewed``),
no demo user name (``nr_officer``: people are shown by their names), no stored choice value (``complaint``:
the choice's label is shown) and no long hexadecimal digest (SM3
digests and keys go inside 技术信息); at 1280 and at 390 px wide the page does not scroll sideways.

There is no list of pages here: a later page is crawled by being linked from the navigation or a linked page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import pytest
from tests.e2e.conftest import SCREENSHOTS, built_once_for_live_server

from zhifa.core import labels
from zhifa.demo import data
from zhifa.demo.data import DEMO_PASSWORD, USERS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PER_ROLE = 90      # pages at most per signed-in role
DEPTH = 2          # links followed from the navigation's pages: to a list's rows, and from a row to its parts
PUBLIC_PAGES = 60  # pages at most for the public
WIDTHS = (1280, 390)

CODE = re.compile(r"\b[A-Z]{3}-\d{2}\b")
DOTTED = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\b")
DIGEST = re.compile(r"\b[0-9a-f]{32,}\b")
USERNAMES = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(re.escape(u) for u, _r, _w in USERS) + r")(?![A-Za-z0-9_])")

STYLES = re.compile(r"<(?:link|script|meta)\b[^>]*>")
CSRF = re.compile(r"\b[A-Za-z0-9]{64}\b")  # a masked CSRF token differs in every answer

WORD = re.compile(r"(?<![A-Za-z0-9_./:-])[a-z][a-z_]{2,}(?![A-Za-z0-9_./:-])")


def enum_values() -> set[str]:
    """Every stored choice value of the project's models (``complaint``, ``view_requested``): a page shows the
    choice's label, never the value."""
    from django.apps import apps

    return {str(value) for model in apps.get_models() if model.__module__.startswith("zhifa.")
            for f in model._meta.get_fields() for value, _label in (getattr(f, "choices", None) or ())
            if isinstance(value, str) and WORD.fullmatch(value)}


# Not crawled: leaving, the Django admin, and what is a file rather than a page.
SKIP_PATH = re.compile(r"^/(logout|admin)/|\.(xlsx|zip|pdf|docx|json|csv|svg|png|ico)$|/(export|download|file|"
                       r"template|bag)(/|$)|^/static/")
# Pages whose fix is someone else's, and the checks left to them: the lead removes an entry when it lands (the
# unit's deadlines show an obligation's rule by ``{{ ob.rule|rule }}``). Keyed by the page's shape
# (/records/<n>/form/ for every evidence's printable form).
FIXED_ELSEWHERE: dict[str, set[str]] = {}
# The administrators' account pages show login names: the login is what they administer (and hand over).
LOGIN_NAMES_SHOWN = re.compile(r"^/accounts/")
SAME_KIND = 2  # pages at most of one shape (/officers/<n>/): the same template with other rows
ANONYMOUS_START = ("/", "/portal/")


def shape_of(path: str) -> str:
    return re.sub(r"/\d+(?=/)", "/<n>", path)


@dataclass
class Crawl:
    base: str
    problems: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    shapes: dict[str, int] = field(default_factory=dict)
    checked: int = 0
    log: list[str] = field(default_factory=list)
    enums: set[str] = field(default_factory=lambda: enum_values() - {u for u, _r, _w in USERS})  # a login is a login
    mains: dict[tuple[str, ...], list[str]] = field(default_factory=dict)  # checked ``main``s → their links
    frames: dict[str, list[str]] = field(default_factory=dict)  # checked headers (the page around main) → links
    reused: int = 0  # pages whose two halves were both checked already

    def wanted(self, href: str) -> str | None:
        """The same-site path (with its query) ``href`` leads to, or None when it is not to be crawled."""
        url = urljoin(self.base + "/", href)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.base or SKIP_PATH.search(parts.path):
            return None
        if re.search(r"(^|&)page=(?!1(&|$))", parts.query):  # the pager beyond its first page
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def visit(self, page, who: str, target: str) -> list[str]:
        """Check one page; returns the links on it."""
        key = urlsplit(target).path  # one visit per path: a filtered list is the same page
        shape = shape_of(key)
        if key in self.seen or self.shapes.get(shape, 0) >= SAME_KIND:
            return []
        self.seen.add(key)
        self.log.append(f"{who} {target}")
        self.shapes[shape] = self.shapes.get(shape, 0) + 1
        self.checked += 1
        parts = self.parts(page, who, target)
        if parts is None:
            return []
        main, frame = parts
        if main in self.mains and frame in self.frames:  # both halves checked already, on other pages
            self.log[-1] += "（同前，未重复检查）"
            self.reused += 1
            return self.mains[main] + self.frames[frame]
        try:
            response = page.goto(self.base + target)
        except Exception as e:  # the page never answered
            self.problems.append(f"{who} {target}: {e}")
            return []
        status = response.status if response is not None else 0
        if status != 200:
            self.problems.append(f"{who} {target}: 状态 {status}")
            return []
        self.check(page, who, target)
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => [!!e.closest('main'), "
                                                     "e.getAttribute('href')])")
        self.mains[main] = [href for inside, href in links if inside]
        self.frames[frame] = [href for inside, href in links if not inside]
        return self.mains[main] + self.frames[frame]

    def parts(self, page, who: str, target: str) -> tuple[tuple[str, ...], str] | None:
        """The page as the server sends it (the browser context's cookies: the same user), split into what
        every check looks at separately: ``<main>`` with what its checks depend on besides it (its path's
        rules below), and the rest (the header: brand, navigation, the user's name). None for a page that is
        not one (a file, an error, a redirect elsewhere: the status is checked here).

        The header and ``main`` are stacked blocks: neither's width depends on the other's content, the
        document scrolls sideways when either does, and the visible text is the header's followed by main's
        (no pattern below spans the line between). So a page whose ``main`` and whose header were each
        checked on some page already — another role's same list, say — passes exactly when those did, and
        the browser need not draw it again."""
        response = page.context.request.get(self.base + target, max_redirects=20)
        if response.status != 200:
            self.problems.append(f"{who} {target}: 状态 {response.status}")
            return None
        if "text/html" not in (response.headers.get("content-type") or ""):
            return None
        html = CSRF.sub("{csrf}", response.text())
        body, start, end = html.find("<body"), html.find("<main "), html.rfind("</main>")
        if not 0 <= body < start < end:
            return (html, target), ""  # not the usual page: it is its own key
        # What the head brings to both halves: style sheets and scripts (the title shows in neither).
        styles = " ".join(STYLES.findall(html[:body]))
        path = urlsplit(target).path
        rules = (bool(LOGIN_NAMES_SHOWN.match(target)), tuple(sorted(FIXED_ELSEWHERE.get(shape_of(path), ()))))
        return (html[start:end], styles, *map(str, rules)), styles + html[body:start] + html[end:]

    def check(self, page, who: str, target: str) -> None:
        # A printable record to be signed (摄录情况记录表) carries the file's SM3 on paper, where it ties the
        # signatures to the bytes; everywhere else a digest sits inside 技术信息.
        text, printed = page.evaluate("() => [document.body.innerText, "
                                      "[...document.querySelectorAll('.record-form')].map(e => e.innerText).join()]")
        where = f"{who} {target}"
        left = FIXED_ELSEWHERE.get(shape_of(urlsplit(target).path), set())
        if "codes" not in left and (codes := sorted(set(CODE.findall(text)))):
            self.problems.append(f"{where}: 要求编号 {codes}")
        if kinds := sorted({k for k in DOTTED.findall(text) if labels.is_kind(k)}):
            self.problems.append(f"{where}: 台账事项英文 {kinds}")
        if values := sorted(set(WORD.findall(text)) & self.enums):
            self.problems.append(f"{where}: 选项原值 {values}")
        if not LOGIN_NAMES_SHOWN.match(target) and (names := sorted(set(USERNAMES.findall(text)))):
            self.problems.append(f"{where}: 用户名 {names}")
        if digests := [d for d in DIGEST.findall(text) if d not in printed]:
            self.problems.append(f"{where}: 摘要未收入技术信息 {digests[0][:16]}…（{len(digests)} 处）")
        # At the width the page opened in, then the other (the next page opens at that one: one resize a page).
        widths = () if "scroll" in left else sorted(WIDTHS, key=lambda w: w != page.viewport_size["width"])
        for n, width in enumerate(widths):
            if n:
                page.set_viewport_size({"width": width, "height": 900})
            scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            if scroll > inner:
                self.problems.append(f"{where}: {width}px 宽时横向滚动（{scroll} > {inner}）")

    def crawl(self, page, who: str, start: list[str], *, limit: int, depth: int) -> None:
        """Visit ``start``, then what they link to, ``depth`` levels on, at most ``limit`` pages."""
        self.seen, self.shapes, self.checked = set(), {}, 0
        level = start
        for _ in range(depth + 1):
            following: list[str] = []
            for target in level:
                if self.checked >= limit:
                    return
                for href in self.visit(page, who, target):
                    if (next_target := self.wanted(href)) is not None and urlsplit(next_target).path not in self.seen:
                        following.append(next_target)
            level = list(dict.fromkeys(following))


demo_city = built_once_for_live_server(data.build)  # the build test_phone_layout.py reads too


def _sign_in(page, base: str, username: str) -> None:
    from django.contrib.auth import get_user_model
    from tests.conftest import totp_code

    from zhifa.agencies import two_factor

    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    user = get_user_model().objects.get(username=username)
    if two_factor.required(user):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        assert "/login/code/" in page.url, page.url
        page.get_by_label("动态验证码").fill(totp_code(TOTPDevice.objects.get(user=user, confirmed=True)))
        page.get_by_role("button", name="验证").click()
        page.wait_for_load_state()
    assert "/login/" not in page.url, f"{username} 未能登录：{page.url}"


def test_every_page_of_every_role_and_the_public_is_plain_chinese_and_fits_a_phone(
        browser, live_server, demo_city):
    base = live_server.url
    crawl = Crawl(base)
    visited: dict[str, int] = {}
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, locale="zh-CN")
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        crawl.crawl(page, "公众", list(ANONYMOUS_START), limit=PUBLIC_PAGES, depth=3)
        visited["公众"] = crawl.checked
        for username, _role, _where in USERS:
            context.clear_cookies()
            _sign_in(page, base, username)
            nav = page.eval_on_selector_all("header.top a[href]", "els => els.map(e => e.getAttribute('href'))")
            start = [t for href in nav if (t := crawl.wanted(href)) is not None]
            assert len(start) >= 2, f"{username} 的导航没有链接：{nav}"
            crawl.crawl(page, username, start, limit=PER_ROLE, depth=DEPTH)
            visited[username] = crawl.checked
    finally:
        context.close()
    SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS.parent / "crawl-pages.txt").write_text("\n".join(crawl.log) + "\n")  # what was looked at
    print("已检查页面数：", visited, "其中两部分都已检查过、未重复绘制的：", crawl.reused)
    assert all(n >= 3 for n in visited.values()), visited
    assert crawl.problems == [], "页面问题：\n" + "\n".join(_grouped(crawl.problems))


def _grouped(problems: list[str]) -> list[str]:
    """One line per page and problem, with every role that met it: ``/records/1/: 用户名 […]（nr_head、admin）``."""
    roles: dict[str, list[str]] = {}
    for p in problems:
        who, rest = p.split(" ", 1)
        roles.setdefault(rest, []).append(who)
    return [f"{rest}（{'、'.join(whos)}）" for rest, whos in roles.items()]
