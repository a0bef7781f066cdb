"""Benchmark: the officer list page (GET /officers/) at 1,000 and at 100,000 officers.

    .venv/bin/python bench/bench_officer_list.py                      # SQLite in a temporary data dir
    .venv/bin/python bench/bench_officer_list.py --postgres postgres://postgres@127.0.0.1:5432/zhifa

With --postgres the benchmark creates its own scratch database on that server (zhifa_bench_<pid>) and drops it
afterwards; the database named in the URL is only used to connect.

One city, one agency with a few units, officers bulk-inserted with a credential each (a domain and an area
apiece). The page is fetched through django.test.Client, signed in as a system administrator (reaches
everything) and as the agency's head (reaches the agency's subtree). For each: the number of queries and the
median time of several fetches, first at 1,000 officers (the baseline, measured in the same run), then after
growing the table to 100,000.

Targets: the same number of queries at both sizes; the time at 100,000 at most 2x the time at 1,000.
Prints PASS/FAIL for each and exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from functools import partial

from benchdb import analyze, explain, scratch_database, tree_node  # also puts src/ on the path
from benchdb import measure as measure_page
from targets import Targets

BATCH = 5_000


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--postgres", metavar="URL", help="run on PostgreSQL (a scratch database on this server)")
    p.add_argument("--small", type=int, default=1_000, help="officers for the baseline (default 1000)")
    p.add_argument("--large", type=int, default=100_000, help="officers for the large run (default 100000)")
    p.add_argument("--runs", type=int, default=15, help="fetches per measurement; the median is kept")
    p.add_argument("--explain", action="store_true", help="print the query plans of the page's queries")
    return p.parse_args()


def build_tree():
    """辽宁省 / 鞍山市 / 鞍山市自然资源局 with five units; a sysadmin and the agency's head."""
    from django.contrib.auth import get_user_model

    from zhifa.agencies.models import Domain, OrgLevel, Role, RoleGrant

    levels = {lv.code: lv for lv in OrgLevel.objects.all()}
    missing = {"province", "city", "agency", "unit"} - set(levels)
    if missing:
        sys.exit(f"迁移没有建立层级 {sorted(missing)}")

    node = partial(tree_node, levels)

    province = node(None, "province", "辽宁省")
    city = node(province, "city", "鞍山市")
    agency = node(city, "agency", "鞍山市自然资源局")
    units = [node(agency, "unit", n) for n in ("执法监察支队", "法规科", "办公室", "测绘科", "矿产科")]
    domains = list(Domain.objects.all()[:2])
    if not domains:
        domains = [Domain.objects.create(code="ziranziyuan", name="自然资源")]
    User = get_user_model()
    admin = User.objects.create_user("bench_admin", password="bench-pass-1")
    RoleGrant.objects.create(user=admin, agency=province, role=Role.SYSADMIN)
    head = User.objects.create_user("bench_head", password="bench-pass-1")
    RoleGrant.objects.create(user=head, agency=agency, role=Role.AGENCY_HEAD)
    return {"city": city, "agency": agency, "units": units, "domains": domains, "admin": admin, "head": head}


def add_officers(tree, start: int, stop: int) -> None:
    """Officers number ``start``..``stop-1``, each with one credential (a tenth expired, some suspended)."""
    from django.db import transaction

    from zhifa.agencies.models import ActionKind, Credential, CredentialState, Officer, Person

    Through_d = Credential.domains.through
    Through_a = Credential.areas.through
    units, domains, city = tree["units"], tree["domains"], tree["city"]
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗", "伟芳娜敏静磊强军洋勇艳杰涛明超华平刚丽斌"
    for lo in range(start, stop, BATCH):
        hi = min(lo + BATCH, stop)
        with transaction.atomic():
            people = Person.objects.bulk_create(
                [Person(name=surnames[i % 20] + given[(i // 20) % 20] + str(i)) for i in range(lo, hi)])
            officers = Officer.objects.bulk_create(
                [Officer(person=p, unit=units[i % len(units)])
                 for i, p in zip(range(lo, hi), people, strict=True)])
            creds = Credential.objects.bulk_create([
                Credential(officer=o, number=f"B{i:09d}", issuing_body="辽宁省人民政府",
                           valid_from=dt.date(2022, 1, 1),
                           valid_to=dt.date(2024, 12, 31) if i % 10 == 0 else dt.date(2029, 12, 31),
                           state=CredentialState.SUSPENDED if i % 17 == 0 else CredentialState.ACTIVE,
                           action_kinds=[ActionKind.PUNISHMENT, ActionKind.INSPECTION])
                for i, o in zip(range(lo, hi), officers, strict=True)])
            Through_d.objects.bulk_create(
                [Through_d(credential_id=c.pk, domain_id=domains[k % len(domains)].pk)
                 for k, c in enumerate(creds)])
            Through_a.objects.bulk_create([Through_a(credential_id=c.pk, agency_id=city.pk) for c in creds])


def measure(user, runs: int) -> tuple[int, float, list[str]]:
    """(queries, median ms, the SQL) of GET /officers/ for ``user``."""
    return measure_page(user, "/officers/", runs)


def main() -> None:
    args = parse_args()
    targets = Targets()
    with scratch_database(args.postgres):
        tree = build_tree()
        users = [("系统管理员", tree["admin"]), ("机关负责人", tree["head"])]

        results: dict[tuple[str, int], tuple[int, float]] = {}
        sql_at: dict[tuple[str, int], list[str]] = {}
        done = 0
        for size in (args.small, args.large):
            t0 = time.perf_counter()
            add_officers(tree, done, size)
            done = size
            analyze()
            print(f"已插入 {size:,} 名执法人员（{time.perf_counter() - t0:.1f} 秒）")
            for label, user in users:
                queries, ms, sqls = measure(user, args.runs)
                results[(label, size)] = (queries, ms)
                sql_at[(label, size)] = sqls

        print()
        print(f"{'用户':<8}{'执法人员':>10}{'查询数':>8}{'中位数(ms)':>12}{'倍数':>8}")
        for label, _ in users:
            _, base_ms = results[(label, args.small)]
            for size in (args.small, args.large):
                q, ms = results[(label, size)]
                print(f"{label:<8}{size:>12,}{q:>9}{ms:>12.1f}{ms / base_ms:>9.2f}")
        print()
        failed_time = []
        for label, _ in users:
            (q1, ms1), (q2, ms2) = results[(label, args.small)], results[(label, args.large)]
            targets.check(q1 == q2, f"{label}：查询数不随人数增长（{q1} → {q2}）")
            if not targets.check(ms2 <= 2 * ms1, f"{label}：{args.large:,} 人时耗时不超过 {args.small:,} 人时的 2 倍"
                                 f"（{ms1:.1f} → {ms2:.1f} ms，{ms2 / ms1:.2f} 倍）"):
                failed_time.append(label)
        if args.explain or failed_time:
            for label, _ in users:
                if args.explain or label in failed_time:
                    print(f"\n=== {label}，{args.large:,} 人时的查询计划")
                    explain(sql_at[(label, args.large)])
    targets.exit()


if __name__ == "__main__":
    main()
