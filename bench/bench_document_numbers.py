"""Benchmark: document numbers per second from 8 concurrent issuers on PostgreSQL, beside a bare single-row insert
in one transaction from 8 concurrent writers, measured in the same run.

    .venv/bin/python bench/bench_document_numbers.py --postgres postgres://postgres@127.0.0.1:5432/zhifa

A scratch database (zhifa_bench_<pid>) is created on that server and dropped afterwards. Without --postgres the
benchmark runs on SQLite, where writers queue on the one write lock anyway (no target is checked there).

Measured, each with 8 forked processes started together, one transaction per row:
- numbering: ``zhifa.documents.actions.next_number`` — the counter row of one (agency, kind, year) made if
  missing, locked with SELECT … FOR UPDATE, moved on — plus the ``IssuedDocument``-sized row it numbers (the
  step every issue serialises on, all 8 processes on the same counter);
- issuing without rendering: the whole ``issue`` (permission, counter, two blobs stored with fsync, the document,
  the ledger entry with its chain-head lock) with the DOCX and PDF renderers replaced by constant bytes;
- baseline: one bare ``INSERT`` of a row through the cursor per transaction (no lock, no ORM);
- rendering, apart, in one process: the DOCX and the PDF of one 行政处罚决定书 (the time an issue adds while it
  holds the counter).
Rounds alternate so that drift in the machine affects all alike. Target: numbering ≥ 30% of the 8-process
baseline of the same round (the median of the rounds' ratios).
Prints PASS/FAIL and exits 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
BENCH = Path(__file__).resolve().parent
for p in (SRC, BENCH):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from benchdb import scratch_database, tree_node  # noqa: E402
from targets import Targets  # noqa: E402

PROCESSES = 8


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--postgres", metavar="URL", help="run on PostgreSQL (a scratch database on this server)")
    p.add_argument("--rows", type=int, default=100, help="rows per process, round and method (default 100)")
    p.add_argument("--rounds", type=int, default=3, help="alternating rounds; the median rate is kept")
    return p.parse_args()


def _child(method: str, rows: int, agency_pk: int, user_pk: int, year: int, start, done) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, connections, transaction

    from zhifa.agencies.models import Agency
    from zhifa.catalog.documents import PRIOR_NOTICE, sample_values
    from zhifa.documents import actions

    for conn in connections.all():  # a forked child must not share the parent's connection
        conn.connection = None
    agency = Agency.objects.select_related("level").get(pk=agency_pk)
    user = get_user_model().objects.get(pk=user_pk)
    values = {k: v for k, v in sample_values(PRIOR_NOTICE).items() if k not in ("year", "n")}
    actions.render_docx = lambda template, values: b"docx " + values["n"].encode()  # type: ignore[assignment]
    actions.render_pdf = lambda template, values, created=None: b"pdf " + values["n"].encode()  # type: ignore
    connection.ensure_connection()
    start.wait()
    t0 = time.perf_counter()
    if method == "numbering":
        for _ in range(rows):
            with transaction.atomic(), connection.cursor() as cursor:
                n = actions.next_number(agency, "bench", year)
                cursor.execute("INSERT INTO bench_row (agency_id, kind, year, seq, note) VALUES (%s, %s, %s, %s, %s)",
                               [agency_pk, "bench", year, n, "鞍自然罚告字"])
    elif method == "issue":
        for _ in range(rows):
            actions.issue(actor=user, agency=agency, template=PRIOR_NOTICE, values=values, subject=None,
                          on=dt.date(year, 6, 1))
    else:
        for i in range(rows):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("INSERT INTO bench_row (agency_id, kind, year, seq, note) VALUES (%s, %s, %s, %s, %s)",
                               [agency_pk, "bare", year, i, "鞍自然罚告字"])
    done.put(time.perf_counter() - t0)
    connections.close_all()


def run(method: str, rows: int, agency_pk: int, user_pk: int, year: int) -> float:
    """Rows per second of all processes together, from the common start to the last one's end: 8 processes, or
    one for ``bare1`` (the same bare insert from a single writer)."""
    from django.db import connections

    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    count = 1 if method == "bare1" else PROCESSES
    if method == "bare1":
        method, rows = "bare", rows * PROCESSES
    start, done = ctx.Barrier(count + 1), ctx.Queue()
    workers = [ctx.Process(target=_child, args=(method, rows, agency_pk, user_pk, year, start, done))
               for _ in range(count)]
    for w in workers:
        w.start()
    start.wait()
    t0 = time.perf_counter()
    for w in workers:
        w.join(600)
    elapsed = time.perf_counter() - t0
    if any(w.exitcode != 0 for w in workers):
        raise SystemExit(f"{method}: a process failed")
    return count * rows / elapsed


def main() -> None:
    args = parse_args()
    targets = Targets()
    with scratch_database(args.postgres):
        from django.contrib.auth import get_user_model
        from django.db import connection

        from zhifa.agencies.models import OrgLevel, Role, RoleGrant
        from zhifa.catalog.documents import DECISION, sample_values
        from zhifa.catalog.docx import render_docx
        from zhifa.documents.models import IssuedDocument
        from zhifa.documents.pdf import render_pdf

        levels = {lv.code: lv for lv in OrgLevel.objects.all()}
        city = tree_node(levels, None, "city", "鞍山市")
        agency = tree_node(levels, city, "agency", "鞍山市自然资源局")
        user = get_user_model().objects.create_user("bench_head")
        RoleGrant.objects.create(user=user, agency=agency, role=Role.AGENCY_HEAD)
        with connection.cursor() as cursor:
            key = "BIGSERIAL PRIMARY KEY" if connection.vendor == "postgresql" else "INTEGER PRIMARY KEY AUTOINCREMENT"
            cursor.execute(f"CREATE TABLE bench_row (id {key}, agency_id BIGINT NOT NULL, kind VARCHAR(40) NOT NULL, "
                           "year INTEGER NOT NULL, seq INTEGER NOT NULL, note VARCHAR(100) NOT NULL)")

        rates: dict[str, list[float]] = {"numbering": [], "issue": [], "bare": [], "bare1": []}
        for method in rates:  # warm-up
            run(method, 10, agency.pk, user.pk, 2000)
        for r in range(args.rounds):
            for method in rates:
                rates[method].append(run(method, args.rows, agency.pk, user.pk, 2026 + r))
        expected = list(range(1, PROCESSES * args.rows + 1))
        issued = list(IssuedDocument.objects.filter(year__gte=2026).values_list("year", "seq"))
        gap_free = all(sorted(s for y, s in issued if y == year) == expected
                       for year in range(2026, 2026 + args.rounds))
        with connection.cursor() as cursor:
            cursor.execute("SELECT year, seq FROM bench_row WHERE kind = 'bench' AND year >= 2026")
            taken = cursor.fetchall()
        gap_free = gap_free and all(sorted(s for y, s in taken if y == year) == expected
                                    for year in range(2026, 2026 + args.rounds))

        values = sample_values(DECISION)
        t0 = time.perf_counter()
        for _ in range(5):
            render_docx(DECISION, values)
        docx_s = (time.perf_counter() - t0) / 5
        t0 = time.perf_counter()
        for _ in range(5):
            render_pdf(DECISION, values)
        pdf_s = (time.perf_counter() - t0) / 5

        numbering, issue, bare, bare1 = (statistics.median(rates[m]) for m in ("numbering", "issue", "bare", "bare1"))
        print(f"{PROCESSES} 个进程并发，每事务一条，{args.rounds} 轮 × 每进程 {args.rows} 条，取中位数：")
        print(f"  取号（锁定计数行 + 一行）：  {numbering:8,.0f} 个/秒")
        print(f"  制作文书（不含渲染）：        {issue:8,.0f} 份/秒")
        print(f"  基线（裸单行 INSERT，8 进程）：{bare:8,.0f} 行/秒")
        print(f"  基线（裸单行 INSERT，1 进程）：{bare1:8,.0f} 行/秒")
        print(f"  渲染（单进程，行政处罚决定书）：DOCX {docx_s * 1000:.0f} ms，PDF {pdf_s * 1000:.0f} ms"
              f"（持有计数行锁期间，约 {1 / (docx_s + pdf_s):.1f} 份/秒/序列）")
        targets.check(gap_free, f"每轮号码唯一且连续，自 1 起（{len(issued)} 份文书，{len(taken)} 次取号）")
        if connection.vendor == "postgresql":
            # each round's numbering beside the bare inserts of the same round, the median of those: a load
            # elsewhere on the machine that comes and goes moves both figures of a round together
            ratios = [n / b for n, b in zip(rates["numbering"], rates["bare"], strict=True)]
            ratio = statistics.median(ratios)
            targets.check(ratio >= 0.3, f"并发取号速度为同轮基线的 {ratio:.0%}（各轮 "
                          f"{'、'.join(f'{r:.0%}' for r in ratios)}，取中位数；目标 ≥ 30%）")
        else:
            print("（SQLite：写入者排队于同一把写锁，不检查速度目标；请用 --postgres 运行）")
    targets.exit()


if __name__ == "__main__":
    main()
