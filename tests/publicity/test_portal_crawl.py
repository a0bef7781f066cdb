"""Every portal page of the demo, as the public reaches it: from /portal/ every same-site link under /portal/ is
followed — the agencies, their lists and versions, officers, boards, credentials and cards, the search and
every page of its results, each publication, the feed and the downloads. Each answers 200; none holds a valid
身份证号 (GB 11643: region, birth date and check digit, by the project's validator) or a mobile number, with or
without separators; and each page is accessible: lang="zh-CN", a skip link to the main content, every form
field labelled, every image with its text alternative, headings in order.

There is no list of pages here: a page is checked by being linked. The demo is built once for the module and
crawled once; the tests read the crawl."""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from html.parser import HTMLParser
from itertools import pairwise
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from tests.conftest import built_once

from zhifa.core.validators import validate_resident_id
from zhifa.publicity.redaction import MOBILE_PATTERN
from zhifa.publicity.search import public

START = "/portal/"
LIMIT = 20_000  # a crawl that finds more is following links without end
# An 18-character run standing alone (not inside a digest, token or code); the validator then decides.
ID_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
ALNUM = re.compile(r"[0-9A-Za-z]")
FILES = re.compile(r"/(?:open-data\.(?:csv|json)|feed/)$")


def _build() -> None:
    from zhifa.demo import data

    data.build()


demo_built = built_once(_build)


class _Page(HTMLParser):
    """The links, form fields, labels, images and headings of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.label_for: set[str] = set()
        self.fields: list[dict[str, str | None]] = []
        self.images: list[dict[str, str | None]] = []
        self.headings: list[int] = []
        self.lang: str | None = None
        self.in_label = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        elif tag == "label":
            self.in_label += 1
            if a.get("for"):
                self.label_for.add(a["for"] or "")
        elif tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit", "button", "reset"):
            self.fields.append(a | {"tag": tag, "wrapped": "1" if self.in_label else None})
        elif tag in ("img", "svg"):
            self.images.append(a | {"tag": tag})
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self.in_label:
            self.in_label -= 1


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def crawl(client: Client) -> dict[str, tuple[int, str, str]]:
    """{path: (status, content type, body)} of every page reached from START."""
    seen: dict[str, tuple[int, str, str]] = {}
    todo = deque([START])
    queued = {START}
    while todo:
        url = todo.popleft()
        response = client.get(url)
        body = _body(response)
        seen[url] = (response.status_code, response.get("Content-Type", ""), body)
        assert len(seen) < LIMIT, f"门户页面超过{LIMIT}个，疑似链接无穷"
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = _Page()
        parser.feed(body)
        for href in parser.links:
            parts = urlsplit(urljoin(url, href))
            if parts.netloc not in ("", "testserver") or not parts.path.startswith(START):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in queued:
                queued.add(target)
                todo.append(target)
    return seen


@pytest.fixture(scope="module")
def pages(demo_built, django_db_blocker):
    with django_db_blocker.unblock():
        return crawl(Client())


def _html(pages) -> dict[str, str]:
    return {url: body for url, (_s, kind, body) in pages.items() if kind.startswith("text/html")}


def valid_ids(text: str) -> list[str]:
    found = []
    for candidate in ID_LIKE.findall(text):
        try:
            validate_resident_id(candidate)
        except ValidationError:
            continue
        found.append(candidate)
    return found


def mobiles(text: str) -> list[str]:
    """Mobile numbers standing alone (a run of letters and digits around one is a digest or a token)."""
    def alone(m: re.Match[str]) -> bool:
        return not ALNUM.match(text[m.start() - 1:m.start()] or " ") and not ALNUM.match(text[m.end():][:1] or " ")

    return [m.group() for m in MOBILE_PATTERN.finditer(text) if alone(m)]


def test_the_checks_find_what_they_look_for():
    from tests.conftest import resident_id

    number = resident_id("21030219800101123")
    assert valid_ids(f"身份证号{number}，") == [number] and valid_ids(f"{number[:17]}0 sm3 a{number}") == []
    assert mobiles("电话13904121234、139-0412-1234、139 0412 1234") == ["13904121234", "139-0412-1234", "139 0412 1234"]
    assert mobiles("0412-5550200 ab13904121234cd") == []


def test_every_portal_page_answers_and_every_publication_is_reached(demo_built, db, pages):
    failed = {url: status for url, (status, _k, _b) in pages.items() if status != 200}
    assert failed == {}
    reached = {url for url in pages if re.fullmatch(r"/portal/publications/\d+/", url)}
    with_pages = {f"/portal/publications/{pk}/" for pk in public().values_list("pk", flat=True)}
    assert with_pages and with_pages <= reached
    for shape in (r"/portal/agencies/\d+/officers/", r"/portal/units/\d+/board/", r"/portal/credentials/[^/]+/",
                  r"/portal/credentials/[^/]+/card/"):
        assert any(re.fullmatch(shape, url) for url in pages), shape
    assert {url for url in pages if FILES.search(url)} == {
        "/portal/publications/feed/", "/portal/publications/open-data.csv", "/portal/publications/open-data.json"}


def test_no_portal_page_shows_an_id_number_or_a_mobile_number(demo_built, pages):
    leaks = {url: valid_ids(unescape(body)) + mobiles(unescape(body)) for url, (_s, _k, body) in pages.items()}
    assert {url: found for url, found in leaks.items() if found} == {}


def test_what_was_published_had_an_id_a_mobile_number_and_a_witness_to_take_out(demo_built, db, pages):
    """The crawl finds nothing because the redaction took it out, not because nothing was there: the originals
    of the demo's published decisions hold a valid 身份证号 (the party's, in the decision), a mobile number with
    dashes and a witness by name (in the facts); no portal page holds the witness either."""
    from zhifa.demo.cases import ARCHIVED_WITNESS
    from zhifa.publicity.models import Publication

    published = Publication.objects.filter(snapshots__state="published", snapshots__current=True)
    originals = [p.text + "".join(str(v) for v in p.record.values()) for p in published]
    assert any(valid_ids(t) for t in originals) and any(mobiles(t) for t in originals)
    assert any(ARCHIVED_WITNESS in t for t in originals)
    assert [url for url, (_s, _k, body) in pages.items() if ARCHIVED_WITNESS in unescape(body)] == []


def test_every_portal_page_is_in_chinese_with_a_skip_link_labelled_fields_and_ordered_headings(demo_built, pages):
    problems: dict[str, list[str]] = {}
    for url, body in _html(pages).items():
        page = _Page()
        page.feed(body)
        found = []
        if page.lang != "zh-CN":
            found.append(f"lang={page.lang}")
        if not page.links or page.links[0] != "#main" or "main" not in page.ids:
            found.append("没有跳到正文的链接")
        for f in page.fields:
            if not (f.get("wrapped") or f.get("aria-label") or f.get("aria-labelledby")
                    or f.get("id") in page.label_for):
                found.append(f"未标注的{f['tag']} name={f.get('name')}")
        for img in page.images:
            if img["tag"] == "img" and img.get("alt") is None:
                found.append(f"图片无替代文字 {img.get('src')}")
            named = img.get("aria-label") or img.get("aria-labelledby") or img.get("aria-hidden")
            if img["tag"] == "svg" and not named:
                found.append("SVG 图形无替代文字")
        levels = page.headings
        if not levels or levels[0] != 1 or levels.count(1) != 1:
            found.append(f"一级标题应恰有一个且在最前：{levels}")
        found += [f"标题跳级 h{a}→h{b}" for a, b in pairwise(levels) if b > a + 1]
        if found:
            problems[url] = found
    assert problems == {}
