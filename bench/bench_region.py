"""Benchmark: the region view (区域监督) at 1,000 and at 100,000 obligations in the supervisor's region.

    .venv/bin/python bench/bench_region.py                      # SQLite in a temporary data dir
    .venv/bin/python bench/bench_region.py --postgres postgres://postgres@127.0.0.1:5432/zhifa

One city supervised by its 司法局, ten agencies of five units each, obligations bulk-inserted across the units:
open, late, paused, met and waived (the waiving recorded in the ledger as the write function would), created
over the last twenty weeks, due from ten weeks back to ten weeks ahead. The pages are fetched through
django.test.Client as the city's supervisor: the region page (counts by agency, staffing, the twelve-week
chart), an agency's page (its units, its chart) and the items list filtered to 逾期 (counted, paged).

Targets: the same number of queries at both sizes, for every page. Every page counts the rows in reach it
shows (the counts by colour, the chart's weeks, the list's 共 N 项), so its time grows with them; each is held to
an absolute target at the large size instead of a ratio: --page-ms (1,500 ms) for the region and agency pages,
--list-ms (500 ms) for the list. Measured on this 2-core machine at 100,000: PostgreSQL 216 / 97 / 35 ms,
SQLite 1,229 / 142 / 231 ms. Prints PASS/FAIL for each and exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from functools import partial

from benchdb import analyze, scratch_database, signed_in, tree_node  # also puts src/ on the path
from targets import Targets

BATCH = 5_000
STATES = ("open", "open", "open", "late", "paused", "met", "met", "met", "waived")


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--postgres", metavar="URL", help="run on PostgreSQL (a scratch database on this server)")
    p.add_argument("--small", type=int, default=1_000, help="obligations for the baseline (default 1000)")
    p.add_argument("--large", type=int, default=100_000, help="obligations for the large run (default 100000)")
    p.add_argument("--runs", type=int, default=7, help="fetches per measurement; the median is kept")
    p.add_argument("--page-ms", type=float, default=1500, help="the region and agency pages' target at --large")
    p.add_argument("--list-ms", type=float, default=500, help="the items list's target at --large")
    return p.parse_args()


def build_tree():
    """辽宁省 / 鞍山市 with its 司法局 (supervising the city) and ten agencies of five units; the supervisor."""
    from django.contrib.auth import get_user_model

    from zhifa.agencies.models import OrgLevel, Role, RoleGrant

    levels = {lv.code: lv for lv in OrgLevel.objects.all()}
    node = partial(tree_node, levels)
    province = node(None, "province", "辽宁省")
    city = node(province, "city", "鞍山市")
    sfj = node(city, "agency", "鞍山市司法局")
    sfj.supervises = city
    sfj.save(update_fields=["supervises"])
    agencies = [node(city, "agency", f"鞍山市第{i}局") for i in range(10)]
    units = [node(a, "unit", f"第{k}科") for a in agencies for k in range(5)]
    supervisor = get_user_model().objects.create_user("bench_supervisor", password="bench-pass-1")
    RoleGrant.objects.create(user=supervisor, agency=sfj, role=Role.SUPERVISOR)
    return {"agencies": agencies, "units": units, "supervisor": supervisor}


def add_obligations(tree, start: int, stop: int) -> None:
    """Obligations number ``start``..``stop-1`` (subjects: the units), with their ledger entries of waiving."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from zhifa.ledger import chain
    from zhifa.obligations.models import Obligation

    units = tree["units"]
    unit_type = ContentType.objects.get_for_model(units[0])
    now = timezone.now()
    for lo in range(start, stop, BATCH):
        hi = min(lo + BATCH, stop)
        rows, created = [], []
        for i in range(lo, hi):
            state = STATES[i % len(STATES)]
            due = now + dt.timedelta(hours=(i * 37) % 3360 - 1680)
            created.append(now - dt.timedelta(hours=(i * 53) % 3360))
            rows.append(Obligation(
                agency=units[i % len(units)], subject_type=unit_type, subject_id=10**12 + i, subject_label="基准",
                rule="REC-10", title=f"基准事项{i}", due_at=due, warn_from=due - dt.timedelta(days=3),
                state=state, met_at=due + dt.timedelta(hours=i % 48 - 24) if state == "met" else None,
                paused_at=now - dt.timedelta(days=i % 30) if state == "paused" else None))
        with transaction.atomic():
            made = Obligation.objects.bulk_create(rows)  # created_at is set to now here (auto_now_add) …
            for o, when in zip(made, created, strict=True):
                o.created_at = when
            Obligation.objects.bulk_update(made, ["created_at"], batch_size=1000)  # … and moved back after
            chain.append_many(actor=None, acts=[(o.agency, "obligation.waived", o, {"reason": "基准"})
                                                for o in made if o.state == "waived"])


def measure(client, url: str, runs: int) -> tuple[int, float]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):  # warm up
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"GET {url} 返回 {response.status_code}：{response.content[:500]!r}")
    reset_queries()  # a request starts by emptying the log: counted from empty, nothing is lost
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)  # now: the next request empties the log this reads
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - t0) * 1000)
    return queries, statistics.median(times)


def main() -> None:
    args = parse_args()
    targets = Targets()
    with scratch_database(args.postgres):
        tree = build_tree()
        pages = {"区域": "/supervision/", "执法主体": f"/supervision/agencies/{tree['agencies'][0].pk}/",
                 "逾期事项": "/supervision/items/?state=red"}
        results: dict[tuple[str, int], tuple[int, float]] = {}
        done = 0
        for size in (args.small, args.large):
            t0 = time.perf_counter()
            add_obligations(tree, done, size)
            done = size
            analyze()
            print(f"已插入 {size:,} 项期限事项（{time.perf_counter() - t0:.1f} 秒）")
            client = signed_in(tree["supervisor"])
            for label, url in pages.items():
                results[(label, size)] = measure(client, url, args.runs)

        print()
        print(f"{'页面':<8}{'期限事项':>10}{'查询数':>8}{'中位数(ms)':>12}{'倍数':>8}")
        for label in pages:
            _, base_ms = results[(label, args.small)]
            for size in (args.small, args.large):
                q, ms = results[(label, size)]
                print(f"{label:<8}{size:>12,}{q:>9}{ms:>12.1f}{ms / base_ms:>9.2f}")
        print()
        for label in pages:
            (q1, ms1), (q2, ms2) = results[(label, args.small)], results[(label, args.large)]
            targets.check(q1 == q2, f"{label}：查询数不随事项增长（{q1} → {q2}）")
            limit = args.list_ms if label == "逾期事项" else args.page_ms
            targets.check(ms2 <= limit, f"{label}：{args.large:,} 项时耗时不超过 {limit:.0f} ms"
                          f"（{ms1:.1f} → {ms2:.1f} ms，{ms2 / ms1:.2f} 倍）")
    targets.exit()


if __name__ == "__main__":
    main()
