"""Benchmark: the portal's pages as the public gets them (issue 14, "Benchmarks").

    .venv/bin/python bench/bench_portal_pages.py                      # SQLite in a temporary data dir
    .venv/bin/python bench/bench_portal_pages.py --postgres postgres://postgres@127.0.0.1:5432/zhifa

1. A publication page under 200 KB in all: its HTML and every stylesheet, script and image it loads, each
   fetched through the same WSGI handler (whitenoise serves the static files), sizes added up.
2. The portal's home page served at least half as fast as Django's hello-world page measured in the same run:
   a trivial view returning "hello", mounted beside the project's URLs and served by the same WSGI handler with
   the same middleware. Both are requested N times, anonymously, alternating in rounds (so a slow moment of
   the machine falls on both); requests per second of each, and their ratio, are printed, with the home page's
   number of queries rendered and
   once cached.

Set-up: 辽宁省 / 鞍山市 / 鞍山市自然资源局 (bench/benchdb.py) and nine more agencies, each with a published list (the
home page lists them), a 司法局 supervising the city, and one published 行政处罚 with a decision text of a
realistic length. Prints PASS/FAIL; exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import time
import types

from benchdb import agency_tree, scratch_database, tree_node  # also puts src/ on the path
from targets import Targets

PAGE_LIMIT = 200 * 1024
RATIO = 0.5
# What a page loads: stylesheets, icons, scripts and images (a rel="alternate" link is a feed, not loaded).
ASSETS = re.compile(r"""<(?:link(?![^>]*rel="alternate")|script|img)\b[^>]*?\b(?:href|src)="(/[^"]+)\"""")


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--postgres", metavar="URL", help="run on PostgreSQL (a scratch database on this server)")
    p.add_argument("--requests", type=int, default=600, help="requests of each page (default 600)")
    return p.parse_args()


def build(tree) -> int:
    """The agencies with a published list, the supervising 司法局 and one publication; its snapshot's pk."""
    from django.utils import timezone

    from zhifa.agencies.models import OrgLevel
    from zhifa.catalog.models import List, ListKind, ListStatus, ListVersion
    from zhifa.publicity.models import PENALTY_FIELDS, Publication, PublicationKind, PublicationState, PublishedSnapshot

    now = timezone.now()
    levels = {lv.code: lv for lv in OrgLevel.objects.all()}
    agencies = [tree["agency"], *(tree_node(levels, tree["city"], "agency", f"鞍山市第{i}执法局") for i in range(9))]
    tree_node(levels, tree["city"], "agency", "鞍山市司法局", supervises=tree["city"],
              address="鞍山市铁东区胜利南路30号", phone="0412-5550100")
    for agency in agencies:
        lst = List.objects.create(agency=agency, kind=ListKind.ITEMS, status=ListStatus.EDITING)
        ListVersion.objects.create(list=lst, number=1, published_at=now, published_by=tree["head"],
                                   published_by_name="基准", effective_from=now.date(), content='{"entries":[]}',
                                   digest="0" * 64, entry_count=0)
    facts = "当事人于2026年3月在铁东区某村未经批准占用集体土地1200平方米建设厂房，经现场勘测、询问调查，事实清楚。" * 12
    fields = {name: f"{name}的公示内容" for name in PENALTY_FIELDS} | {"违法事实": facts}
    today = now.date()
    pub = Publication.objects.create(
        agency=agencies[0], unit=tree["units"][0], kind=PublicationKind.PENALTY, state=PublicationState.PUBLISHED,
        case_id=1, source_model="documents.issueddocument", source_id=1, source_label="行政处罚决定书",
        decision_number="鞍自然罚决字〔2026〕1号", decided_on=today, party_name="鞍山市某某建材有限公司", record=fields,
        text=facts * 3, publish_by=today, due_at=now, warn_from=now, created_at=now)
    snap = PublishedSnapshot.objects.create(
        publication=pub, version=1, agency=agencies[0], agency_name=agencies[0].name, kind=pub.kind,
        party_name=pub.party_name, uscc="91210300MA0000000X", decision_number=pub.decision_number, decided_on=today,
        fields=fields, text=pub.text, sm3="a" * 64, published_at=now, published_by_name="孙丽",
        visible_until=today + dt.timedelta(days=365 * 3))
    return snap.pk


def hello_urlconf() -> str:
    """The project's URLs and one more: /bench-hello/, a view returning "hello"."""
    from django.http import HttpResponse
    from django.urls import include, path

    def hello(request):
        return HttpResponse("hello")

    module = types.ModuleType("bench_portal_urls")
    module.urlpatterns = [path("bench-hello/", hello), path("", include("zhifa.urls"))]  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    return module.__name__


def get(handler, path: str) -> tuple[str, bytes]:
    """GET ``path`` through the WSGI handler as a server would: (status line, body)."""
    answer: list[str] = []

    def start_response(status, headers, exc_info=None):
        answer.append(status)

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
               "SERVER_PORT": "80", "HTTP_HOST": "testserver", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
               "wsgi.errors": sys.stderr, "SCRIPT_NAME": ""}
    result = handler(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return answer[0], body


def count_queries(handler, path: str) -> int:
    """The queries of one GET, counted as they run (the handler's request_started empties connection.queries,
    which CaptureQueriesContext reads)."""
    from django.db import connection

    queries: list[str] = []
    with connection.execute_wrapper(lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)):
        status, _body = get(handler, path)
    assert status.startswith("200"), status
    return len(queries)


def page_weight(handler, path: str) -> tuple[int, list[tuple[str, int]]]:
    status, html = get(handler, path)
    if not status.startswith("200"):
        sys.exit(f"GET {path} 返回 {status}")
    parts = [(path, len(html))]
    for asset in dict.fromkeys(ASSETS.findall(html.decode())):
        status, body = get(handler, asset)
        if not status.startswith("200"):
            sys.exit(f"GET {asset} 返回 {status}")
        parts.append((asset, len(body)))
    return sum(size for _p, size in parts), parts


def rates(handler, paths: list[str], n: int) -> dict[str, float]:
    """Requests per second of each path over ``n`` requests, in alternating rounds of 50."""
    spent = dict.fromkeys(paths, 0.0)
    for path in paths:  # warm-up: templates compiled, caches filled
        for _ in range(5):
            get(handler, path)
    done = 0
    while done < n:
        batch = min(50, n - done)
        for path in paths:
            t0 = time.perf_counter()
            for _ in range(batch):
                get(handler, path)
            spent[path] += time.perf_counter() - t0
        done += batch
    return {path: n / spent[path] for path in paths}


def main() -> None:
    args = parse_args()
    targets = Targets()
    with scratch_database(args.postgres):
        from django.core.cache import cache
        from django.core.handlers.wsgi import WSGIHandler
        from django.test.utils import override_settings

        snap = build(agency_tree(with_officer=False))
        with override_settings(ROOT_URLCONF=hello_urlconf(), ALLOWED_HOSTS=["testserver"]):
            handler = WSGIHandler()
            total, parts = page_weight(handler, f"/portal/publications/{snap}/")
            print("\n公示信息页面及其加载的文件：")
            for path, size in parts:
                print(f"  {size / 1024:8.1f} KB  {path}")
            targets.check(total < PAGE_LIMIT,
                          f"公示信息页面合计 {total / 1024:.1f} KB（目标 < {PAGE_LIMIT // 1024} KB）")

            status, body = get(handler, "/bench-hello/")
            assert status.startswith("200") and body == b"hello", (status, body)
            cache.clear()
            rendered, queries = count_queries(handler, "/portal/"), count_queries(handler, "/portal/")
            assert "鞍山市第8执法局" in get(handler, "/portal/")[1].decode()
            measured = rates(handler, ["/bench-hello/", "/portal/"], args.requests)
        hello, home = measured["/bench-hello/"], measured["/portal/"]
        print(f"\n{'页面':<16}{'每秒请求数':>12}")
        print(f"{'hello world':<16}{hello:>12.0f}")
        print(f"{'公示首页':<16}{home:>12.0f}   （渲染时 {rendered} 次查询，缓存后 {queries} 次）")
        targets.check(home >= RATIO * hello,
                      f"公示首页是 hello world 的 {home / hello:.2f} 倍（目标 ≥ {RATIO}）")
    targets.exit()


if __name__ == "__main__":
    main()
