"""A Content-Security-Policy on every page, and nothing in the pages that it would refuse (issue 9, item 9):
no inline script or event handler (script-src 'self' without 'unsafe-inline'), no style attribute or element."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, resolve

import zhifa

TEMPLATES = Path(zhifa.__file__).parent / "templates"
DIRECTIVES = {"script-src": "'self'", "style-src": "'self'", "object-src": "'none'", "frame-ancestors": "'none'"}
DATA_TYPES = {"application/json", "application/ld+json"}  # a data block, which the browser does not run


class Findings(HTMLParser):
    """Whatever a page holds that script-src 'self' / style-src 'self' would refuse, with its place."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None  # the opening tag of an inline script being read

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        where = f"line {self.getpos()[0]}: <{tag}>"
        self.found += [f"{where} {name}=" for name in sorted(names) if name.startswith(("on", "hx-on"))]
        if "style" in names:
            self.found.append(f"{where} style=")
        if tag == "style":
            self.found.append(f"{where} element")
        self.found += [f"{where} {name}=javascript:" for name, value in attrs
                       if value and value.strip().lower().startswith("javascript:")]
        if tag == "script" and "src" not in names and dict(attrs).get("type") not in DATA_TYPES:
            self._script = where

    def handle_data(self, text):
        if self._script and text.strip():
            self.found.append(f"{self._script} inline code")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def findings(html: str) -> list[str]:
    parser = Findings()
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_scanner_finds_what_the_policy_refuses():
    page = """<button onclick="go()">x</button><a href="javascript:go()">y</a><div style="color:red"></div>
    <script>go()</script><script src="/static/zhifa/upload.js" defer></script><style>p{}</style>
    <div hx-on:click="go()"></div><script type="application/json">{"a": 1}</script>"""
    assert [f.split(": ", 1)[1] for f in findings(page)] == [
        "<button> onclick=", "<a> href=javascript:", "<div> style=", "<script> inline code", "<style> element",
        "<div> hx-on:click="]


def test_no_template_has_inline_script_event_handler_or_style():
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 40
    found = {str(t.relative_to(TEMPLATES)): f for t in templates if (f := findings(t.read_text()))}
    assert found == {}


def policy_of(response) -> dict[str, str]:
    header = response.get("Content-Security-Policy", "")
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] if " " in d else "" for d in header.split("; ") if d}


def crawl(client: Client, start: str, limit: int = 120) -> dict[str, object]:
    """Follow the site's own links from ``start``, each URL pattern once."""
    routes: set[str] = set()
    queue, visited, pages = deque([start]), set(), {}
    while queue and len(pages) < limit:
        url = queue.popleft()
        if url in visited:
            continue
        visited.add(url)
        try:
            route = resolve(urlsplit(url).path).route
        except Resolver404:
            continue
        if route in routes:
            continue
        routes.add(route)
        response = client.get(url, follow=True)
        pages[url] = response
        if response["Content-Type"].startswith("text/html"):
            for href in re.findall(r'(?:href|src)="([^"]+)"', response.content.decode()):
                link = urldefrag(href.replace("&amp;", "&"))[0]
                if link.startswith("/") and not link.startswith(("//", "/static/")):
                    queue.append(link)
    return pages


def test_every_page_of_the_crawl_has_the_policy_and_nothing_it_refuses(shared_demo):
    # the demo city: lists, evidence, obligations, so that most pages have something to show
    for username, start, at_least in [("nr_officer", "/", 20), ("nr_head", "/", 30), ("supervisor", "/", 20),
                                      ("admin", "/", 30), (None, "/portal/", 5)]:
        client = Client()
        if username:
            # force_login completes the second factor the heads, supervisors and administrators must give
            client.force_login(get_user_model().objects.get(username=username))
        pages = crawl(client, start)
        html = {url: r for url, r in pages.items() if r["Content-Type"].startswith("text/html")}
        assert len(html) >= at_least, (username, len(html))
        for url, response in html.items():
            policy = policy_of(response)
            assert {k: policy.get(k) for k in DIRECTIVES} == DIRECTIVES, (username, url)
            assert "unsafe" not in policy["script-src"] + policy.get("default-src", ""), (username, url)
            assert findings(response.content.decode()) == [], (username, url)


def test_error_pages_have_the_policy(client):
    assert policy_of(client.get("/no-such-page/"))["script-src"] == "'self'"


def test_the_flow_chart_svg_has_a_policy_of_its_own(client):
    response = client.get("/catalog/flow/punishment_general.svg")
    assert response.status_code == 200
    policy = policy_of(response)
    # Its text layout needs style attributes; it loads nothing and runs nothing.
    assert policy == {"default-src": "'none'", "style-src": "'unsafe-inline'", "frame-ancestors": "'none'"}


def test_a_refused_csrf_check_shows_a_page_in_chinese_under_the_policy(db):
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403 and "请求未执行" in response.content.decode()
    assert findings(response.content.decode()) == [] and policy_of(response)["style-src"] == "'self'"
