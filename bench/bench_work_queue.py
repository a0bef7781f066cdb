"""Benchmark: 我的待办 (GET /todo/) and the home page (GET /) at 1,000 and at 100,000 obligations in reach.

    .venv/bin/python bench/bench_work_queue.py                      # SQLite in a temporary data dir
    .venv/bin/python bench/bench_work_queue.py --postgres postgres://postgres@127.0.0.1:5432/zhifa

One agency with five units; obligations bulk-inserted across the units (a tenth late, a tenth due soon, some
paused, a few met), every tenth one assigned to the officer. The pages are fetched through django.test.Client
as the agency's head (every obligation in reach) and as the officer (their own). For each: the number of
queries and the median time of several fetches, first at 1,000 obligations (the baseline, measured in the same
run), then after growing the table to 100,000.

Targets: the same number of queries at both sizes; the time at 100,000 at most 2x the time at 1,000.
Prints PASS/FAIL for each and exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from benchdb import agency_tree, analyze, explain, measure, scratch_database  # also puts src/ on the path
from targets import Targets

BATCH = 5_000
PAGES = ("/todo/", "/")


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--postgres", metavar="URL", help="run on PostgreSQL (a scratch database on this server)")
    p.add_argument("--small", type=int, default=1_000, help="obligations for the baseline (default 1000)")
    p.add_argument("--large", type=int, default=100_000, help="obligations for the large run (default 100000)")
    p.add_argument("--runs", type=int, default=15, help="fetches per measurement; the median is kept")
    p.add_argument("--explain", action="store_true", help="print the query plans of the pages' queries")
    return p.parse_args()


def add_obligations(tree, start: int, stop: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from zhifa.obligations.models import Obligation, ObligationState, PeriodUnit

    now = timezone.now()
    subject_type = ContentType.objects.get_for_model(tree["agency"])
    units = tree["units"]
    for lo in range(start, stop, BATCH):
        rows = []
        for i in range(lo, min(lo + BATCH, stop)):
            due = now + dt.timedelta(days=-3 if i % 10 == 0 else 1 if i % 10 == 1 else 3 + i % 400)
            state = (ObligationState.PAUSED if i % 50 == 7 else ObligationState.MET if i % 50 == 9
                     else ObligationState.OPEN)
            rows.append(Obligation(
                agency=units[i % len(units)], subject_type=subject_type, subject_id=i + 1,
                subject_label=f"事项{i}", rule=f"BENCH-{i % 7}", title=f"应办事项{i}",
                assignee=tree["officer"] if i % 10 == 3 else None, unit=PeriodUnit.DAY,
                due_at=due, warn_from=due - dt.timedelta(days=2), state=state))
        with transaction.atomic():
            Obligation.objects.bulk_create(rows)


def main() -> None:
    args = parse_args()
    targets = Targets()
    with scratch_database(args.postgres):
        tree = agency_tree()
        cases = [(f"{who} {path}", user, path) for who, user in (("机关负责人", tree["head"]),
                                                                ("执法人员", tree["officer"])) for path in PAGES]
        results: dict[tuple[str, int], tuple[int, float]] = {}
        sql_at: dict[str, list[str]] = {}
        done = 0
        for size in (args.small, args.large):
            t0 = time.perf_counter()
            add_obligations(tree, done, size)
            done = size
            analyze()
            print(f"已插入 {size:,} 项期限事项（{time.perf_counter() - t0:.1f} 秒）")
            for label, user, path in cases:
                queries, ms, sqls = measure(user, path, args.runs)
                results[(label, size)] = (queries, ms)
                sql_at[label] = sqls

        print(f"\n{'页面':<18}{'期限事项':>10}{'查询数':>8}{'中位数(ms)':>12}{'倍数':>8}")
        for label, _, _ in cases:
            base_ms = results[(label, args.small)][1]
            for size in (args.small, args.large):
                q, ms = results[(label, size)]
                print(f"{label:<18}{size:>12,}{q:>9}{ms:>12.1f}{ms / base_ms:>9.2f}")
        print()
        slow = []
        for label, _, _ in cases:
            (q1, ms1), (q2, ms2) = results[(label, args.small)], results[(label, args.large)]
            targets.check(q1 == q2, f"{label}：查询数不随事项数增长（{q1} → {q2}）")
            if not targets.check(ms2 <= 2 * ms1, f"{label}：{args.large:,} 项时耗时不超过 {args.small:,} 项时的 2 倍"
                                 f"（{ms1:.1f} → {ms2:.1f} ms，{ms2 / ms1:.2f} 倍）"):
                slow.append(label)
        for label in (x for x, _, _ in cases if args.explain or x in slow):
            print(f"\n=== {label}，{args.large:,} 项时的查询计划")
            explain(sql_at[label])
    targets.exit()


if __name__ == "__main__":
    main()
