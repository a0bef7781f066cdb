"""Benchmark: the case list (GET /cases/) at 1,000 and at 100,000 cases.

    .venv/bin/python bench/bench_case_list.py                      # SQLite in a temporary data dir
    .venv/bin/python bench/bench_case_list.py --postgres postgres://postgres@127.0.0.1:5432/zhifa

One agency with five units; opened cases bulk-inserted across the units, each with two officers. The list is fetched as
the agency's head (every case in reach) and as an officer of one unit (a fifth of them), newest first, and with a
search by number. For each: the number of queries and the median time of several fetches at 1,000 cases (the
baseline, measured in the same run), then after growing the table to 100,000.

Targets: the same number of queries at both sizes; the time at 100,000 at most 2x the time at 1,000.
Prints PASS/FAIL for each and exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from functools import partial

from bench_officer_list import analyze
from bench_work_queue import measure
from benchdb import scratch_database, tree_node  # also puts src/ on the path
from targets import Targets

BATCH = 5_000


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--postgres", metavar="URL", help="run on PostgreSQL (a scratch database on this server)")
    p.add_argument("--small", type=int, default=1_000, help="cases for the baseline (default 1000)")
    p.add_argument("--large", type=int, default=100_000, help="cases for the large run (default 100000)")
    p.add_argument("--runs", type=int, default=15, help="fetches per measurement; the median is kept")
    return p.parse_args()


def build_tree():
    from django.contrib.auth import get_user_model

    from zhifa.agencies.models import Officer, OrgLevel, Person, Role, RoleGrant

    levels = {lv.code: lv for lv in OrgLevel.objects.all()}
    node = partial(tree_node, levels)
    city = node(node(None, "province", "辽宁省"), "city", "鞍山市")
    agency = node(city, "agency", "鞍山市自然资源局")
    units = [node(agency, "unit", n) for n in ("执法监察支队", "法规科", "办公室", "测绘科", "矿产科")]
    User = get_user_model()
    head = User.objects.create_user("bench_head", password="bench-pass-1")
    RoleGrant.objects.create(user=head, agency=agency, role=Role.AGENCY_HEAD)
    officer = User.objects.create_user("bench_officer", password="bench-pass-1")
    RoleGrant.objects.create(user=officer, agency=units[0], role=Role.OFFICER)
    officers = [Officer.objects.create(person=Person.objects.create(name=f"执法员{i}"), unit=units[i % 5])
                for i in range(10)]
    return {"city": city, "agency": agency, "units": units, "head": head, "officer": officer, "officers": officers}


def add_cases(tree, start: int, stop: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from zhifa.cases.models import Case, CaseOfficer

    now = timezone.now()
    units, officers = tree["units"], tree["officers"]
    for lo in range(start, stop, BATCH):
        with transaction.atomic():
            cases = Case.objects.bulk_create([Case(
                agency=tree["agency"], unit=units[i % 5], process="punishment_general", stage="investigate",
                stage_since=now, number=f"鞍自然资立字〔2026〕{i + 1}号", title=f"某公司占用耕地案{i}",
                summary="巡查发现", opened_on=dt.date(2026, 1, 5), source="inspection", item_code="ZR-CF-001",
                item_name="对非法占用土地的行政处罚", place=tree["city"],
                act_on=dt.date(2026, 1, 1), registered_at=now - dt.timedelta(minutes=stop - i),
                registered_by=tree["head"]) for i in range(lo, min(lo + BATCH, stop))])
            CaseOfficer.objects.bulk_create([CaseOfficer(case=c, officer=officers[(k + j) % 10], lead=j == 0,
                                                         assigned_at=now)
                                             for k, c in enumerate(cases) for j in range(2)])


def main() -> None:
    args = parse_args()
    targets = Targets()
    with scratch_database(args.postgres):
        tree = build_tree()
        cases = [("机关负责人 列表", tree["head"], "/cases/"), ("执法人员 列表", tree["officer"], "/cases/"),
                 ("机关负责人 按案号查", tree["head"], "/cases/?q=" + "鞍自然资立字〔2026〕7号")]
        results: dict[tuple[str, int], tuple[int, float]] = {}
        done = 0
        for size in (args.small, args.large):
            t0 = time.perf_counter()
            add_cases(tree, done, size)
            done = size
            analyze()
            print(f"已插入 {size:,} 件案件（{time.perf_counter() - t0:.1f} 秒）")
            for label, user, path in cases:
                queries, ms, _sqls = measure(user, path, args.runs)
                results[(label, size)] = (queries, ms)
        print()
        for label, _, _ in cases:
            (q1, ms1), (q2, ms2) = results[(label, args.small)], results[(label, args.large)]
            targets.check(q1 == q2, f"{label}：查询数不随案件数增长（{q1} → {q2}）")
            targets.check(ms2 <= 2 * ms1, f"{label}：{args.large:,} 件时耗时不超过 {args.small:,} 件时的 2 倍"
                          f"（{ms1:.1f} → {ms2:.1f} ms，{ms2 / ms1:.2f} 倍）")
    targets.exit()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--help"]:
        print(__doc__)
    main()
