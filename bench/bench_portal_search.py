"""Benchmark: the portal's search (GET /portal/publications/?q=…, no login) at 10,000 and at 1,000,000
publications.

    .venv/bin/python bench/bench_portal_search.py                  # SQLite in a temporary data dir
    .venv/bin/python bench/bench_portal_search.py --postgres postgres://postgres@127.0.0.1:5432/zhifa
    .venv/bin/python bench/bench_portal_search.py --small 1000 --large 50000   # a quick look

One agency (bench/benchdb.py); publications of the last three years, each with its current snapshot and its
entries in the bigram index, written with SQL directly (COPY on PostgreSQL, executemany on SQLite; the
columns as publishing fills them, the names from the demo's generator: companies with USCCs, natural persons
whose names are as uneven as real ones). Searched: a two-character name (张伟, found many times over), a
company's USCC and a decision number, each existing at both sizes. For each: the median and the 95th
percentile of several fetches at 10,000 (the baseline, measured in the same run), then after growing the tables
to 1,000,000, and the query plan of the search (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL).

Targets: at 1,000,000 the median and the p95 at most 3x those at 10,000; the same number of queries; the plan
reading the publications through an index (no full scan of the snapshots or the index table).
Prints PASS/FAIL for each and exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time
from urllib.parse import urlencode

from benchdb import agency_tree, analyze, explain, scratch_database, sizes_parser  # also puts src/ on the path
from targets import Targets

BATCH = 20_000
POOL = 50_000
NAME = "张伟"
PUBLIC_TABLES = ("publicity_publishedsnapshot", "publicity_searchtoken")


def parse_args() -> argparse.Namespace:
    return sizes_parser(__doc__, "publications", 10_000, 1_000_000, runs=30).parse_args()


def number_of(i: int, decided: dt.date) -> str:
    return f"鞍自然罚〔{decided.year}〕{i + 1}号"


def decided_of(i: int, today: dt.date) -> dt.date:
    return today - dt.timedelta(days=7 + (i * 7919) % 1095)


def _insert(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            adapt = connection.ops.adapt_datetimefield_value  # UTC text, as Django stores a datetime on SQLite
            cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
                            [tuple(adapt(v) if isinstance(v, dt.datetime) else v.isoformat()
                                   if isinstance(v, dt.date) else v for v in row) for row in rows])


PUB_COLUMNS = ("id", "agency_id", "unit_id", "kind", "state", "case_id", "source_model", "source_id", "source_label",
               "decision_number", "decided_on", "party_name", "natural_person", "record", "text", "marks",
               "publish_by", "due_at", "warn_from", "visible_until", "published_at", "created_at")
SNAP_COLUMNS = ("id", "publication_id", "version", "current", "agency_id", "agency_name", "kind", "party_name",
                "uscc", "decision_number", "number_key", "decided_on", "fields", "text", "sm3", "published_at",
                "published_by_name", "visible_until", "state", "end_reason")
TOKEN_COLUMNS = ("token", "snapshot_id", "decided_on")


def add_publications(tree, start: int, stop: int, today: dt.date) -> None:
    """Publications ``start`` … ``stop - 1`` (ids from 1), published, each with its snapshot and index entries: a
    company for two in three (its USCC), a natural person for the third."""
    from django.db import connection, transaction

    from zhifa.demo.publications import company_name, company_uscc, person_name
    from zhifa.publicity.models import search_key
    from zhifa.publicity.search import grams
    from zhifa.workdays.calendar import SHANGHAI

    agency, unit = tree["agency"], tree["units"][0]
    rng = random.Random(start)
    # names drawn from pools (a name recurs, as on a real portal), each with its bigrams worked out once
    pool = [(n, sorted(grams(n))) for n in [person_name(rng) for _ in range(POOL)]]
    firms = [(n, sorted(grams(n))) for n in [company_name(rng) for _ in range(POOL)]]
    record = json.dumps({"处罚机关": agency.name}, ensure_ascii=False)
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("PRAGMA synchronous = OFF")  # a scratch database: a crash loses nothing of value
            cur.execute("PRAGMA cache_size = -1000000")  # 1 GB: the indexes' pages stay in memory while they grow
    for lo in range(start, stop, BATCH):
        pubs, snaps, tokens = [], [], []
        for i in range(lo, min(lo + BATCH, stop)):
            person = i % 3 == 1
            name, grams_of = (pool if person else firms)[rng.randrange(POOL)]
            decided = decided_of(i, today)
            number = number_of(i, decided)
            at = dt.datetime.combine(decided + dt.timedelta(days=2), dt.time(10), tzinfo=SHANGHAI)
            until = decided + dt.timedelta(days=(2 if person else 5) * 365)
            pubs.append((i + 1, agency.pk, unit.pk, "penalty", "published", i + 1, "bench.generated", i + 1,
                         f"行政处罚决定书 {number}", number, decided, name, person, record, "", "[]",
                         decided + dt.timedelta(days=9), at + dt.timedelta(days=7), at + dt.timedelta(days=4), until,
                         at, at - dt.timedelta(days=2)))
            snaps.append((i + 1, i + 1, 1, True, agency.pk, agency.name, "penalty", name,
                          "" if person else company_uscc(i), number, search_key(number), decided, record,
                          "", "0" * 64, at, "林欣", until, "published", ""))
            tokens.extend((t, i + 1, decided) for t in grams_of)
        with transaction.atomic():
            _insert("publicity_publication", PUB_COLUMNS, pubs)
            _insert("publicity_publishedsnapshot", SNAP_COLUMNS, snaps)
            _insert("publicity_searchtoken", TOKEN_COLUMNS, sorted(tokens))  # in the index's order: fewer pages touched


def fetch_times(path: str, runs: int, expect: str) -> tuple[int, float, float, list[str]]:
    """(queries, median ms, p95 ms, the SQL of one) of GET ``path`` with no login, after two warm-up fetches."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for _ in range(2):
        response = client.get(path)
        if response.status_code != 200 or expect not in response.content.decode():
            sys.exit(f"GET {path} 返回 {response.status_code}，页面上没有“{expect}”")
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    sqls = [q["sql"] for q in ctx.captured_queries]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return len(sqls), statistics.median(times), p95, sqls


def full_scans(plan: list[str]) -> list[str]:
    """The plan's lines that read a publicity table whole (not through an index)."""
    return [line for line in plan if any(t in line for t in PUBLIC_TABLES) and (
        "Seq Scan" in line or (line.lstrip("|-` ").startswith("SCAN ") and "INDEX" not in line))]


def main() -> None:
    args = parse_args()
    targets = Targets()
    with scratch_database(args.postgres):
        from django.utils import timezone

        from zhifa.demo.publications import company_uscc

        tree = agency_tree(with_officer=False)
        today = timezone.localdate()
        probe = args.small // 2 - (args.small // 2) % 3  # a company (i % 3 == 0), there at both sizes
        number = number_of(probe, decided_of(probe, today))
        searches = [("两字姓名", NAME, NAME), ("统一社会信用代码", company_uscc(probe), number),
                    ("决定文书号", number, number)]
        results: dict[tuple[str, int], tuple[int, float, float]] = {}
        plans: dict[str, list[str]] = {}
        done = 0
        for size in (args.small, args.large):
            t0 = time.perf_counter()
            add_publications(tree, done, size, today)
            done = size
            analyze()
            print(f"已插入 {size:,} 条公示信息（{time.perf_counter() - t0:.1f} 秒）")
            for label, q, expect in searches:
                queries, median, p95, sqls = fetch_times(f"/portal/publications/?{urlencode({'q': q})}", args.runs,
                                                         expect)
                results[(label, size)] = (queries, median, p95)
                if size == args.large:
                    print(f"\n=== {label}（{q}），{size:,} 条时的查询计划")
                    plans[label] = explain([s for s in sqls if "publicity_" in s])

        print(f"\n{'检索':<16}{'公示信息数':>12}{'查询数':>8}{'中位数(ms)':>12}{'p95(ms)':>10}{'倍数':>8}")
        for label, *_ in searches:
            base = results[(label, args.small)][1]
            for size in (args.small, args.large):
                q, median, p95 = results[(label, size)]
                print(f"{label:<16}{size:>14,}{q:>9}{median:>12.1f}{p95:>10.1f}{median / base:>9.2f}")
        print()
        for label, *_ in searches:
            (q1, m1, p1), (q2, m2, p2) = results[(label, args.small)], results[(label, args.large)]
            targets.check(q1 == q2, f"{label}：查询数不随公示信息数增长（{q1} → {q2}）")
            targets.check(m2 <= 3 * m1, f"{label}：{args.large:,} 条时中位数不超过 {args.small:,} 条时的 3 倍"
                          f"（{m1:.1f} → {m2:.1f} ms，{m2 / m1:.2f} 倍）")
            targets.check(p2 <= 3 * p1, f"{label}：{args.large:,} 条时 p95 不超过 {args.small:,} 条时的 3 倍"
                          f"（{p1:.1f} → {p2:.1f} ms，{p2 / p1:.2f} 倍）")
            scans = full_scans(plans[label])
            targets.check(bool(plans[label]) and not scans,
                          f"{label}：查询计划经由索引读取公示信息" + (f"（全表扫描：{scans}）" if scans else ""))
    targets.exit()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--help"]:
        print(__doc__)
    main()
