"""Benchmark: the case list (GET /cases/) and its searches at 1,000 and at 100,000 cases.

    .venv/bin/python bench/bench_case_list.py                      # SQLite in a temporary data dir
    .venv/bin/python bench/bench_case_list.py --postgres postgres://postgres@127.0.0.1:5432/zhifa
    .venv/bin/python bench/bench_case_list.py --explain            # the query plans of every fetch

One agency with five units (bench/benchdb.py); opened cases bulk-inserted across the units, each with two officers
and a party (a party for every two cases: organisations by 统一社会信用代码, persons by 公民身份号码), a tenth of
them with a time limit past due. Fetched as the agency's head (every case in reach) and as an officer of one
unit (a fifth of them): the list newest first; as the head, a search by a whole case number, by a party's
number, by the start of a party's name, and the overdue cases. For each: the number of queries and the median
time of several fetches at 1,000 cases (the baseline, measured in the same run), then after growing the tables
to 100,000.

Targets: the same number of queries at both sizes; the time at 100,000 at most 2x the time at 1,000.
Prints PASS/FAIL for each (with the query plans of a fetch that missed) and exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from urllib.parse import quote

from benchdb import agency_tree, analyze, explain, measure, scratch_database, sizes_parser  # also puts src/ on the path
from targets import Targets

BATCH = 5_000


def parse_args() -> argparse.Namespace:
    return sizes_parser(__doc__, "cases", 1_000, 100_000).parse_args()


def build_tree():
    from zhifa.agencies.models import Officer, Person

    tree = agency_tree()
    units = tree["units"]
    tree["officers"] = [Officer.objects.create(person=Person.objects.create(name=f"执法员{i}"), unit=units[i % 5])
                        for i in range(10)]
    return tree


def uscc_of(i: int) -> str:
    from zhifa.core.validators import uscc_check_character

    body = f"91210300{i:09d}"
    return body + uscc_check_character(body)


def resident_id_of(i: int) -> str:
    from zhifa.core.validators import resident_id_check_character

    body = f"210302{dt.date(1960, 1, 1) + dt.timedelta(days=i // 1000):%Y%m%d}{i % 1000:03d}"
    return body + resident_id_check_character(body)


def party_of(i: int, tree, now):
    """The party of cases 2i and 2i+1: an organisation for even i, a person for odd (numbers unique per i)."""
    from zhifa.parties.models import IdKind, Party, PartyKind

    common = {"created_at": now, "updated_at": now, "created_by": tree["head"]}
    if i % 2 == 0:
        return Party(kind=PartyKind.LEGAL, name=f"鞍山第{i}建材有限公司", id_kind=IdKind.USCC, id_number=uscc_of(i),
                     rep_name="赵丽华", **common)
    return Party(kind=PartyKind.PERSON, name=f"王{i}", id_kind=IdKind.RESIDENT, id_number=resident_id_of(i), **common)


def add_cases(tree, start: int, stop: int) -> None:
    """Cases of every process mixed (issue 12: the list's bounds hold with all six kinds), each at its second
    stage; the searches' targets are cases of any process, found by number, party and deadline alike."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from zhifa.cases.models import Case, CaseOfficer, CaseParty
    from zhifa.catalog.processes import CASE_PROCESSES as MIX
    from zhifa.obligations.models import Obligation, PeriodUnit
    from zhifa.parties.models import Party

    now = timezone.now()
    units, officers = tree["units"], tree["officers"]
    case_type = ContentType.objects.get_for_model(Case)
    for lo in range(start, stop, BATCH):
        hi = min(lo + BATCH, stop)
        with transaction.atomic():
            cases = Case.objects.bulk_create([Case(
                agency=tree["agency"], unit=units[i % 5], process=MIX[i % len(MIX)].code,
                stage=MIX[i % len(MIX)].stages[1].code, action_kind=MIX[i % len(MIX)].action_kind,
                stage_since=now, number=f"鞍自然资立字〔2026〕{i + 1}号", title=f"某公司占用耕地案{i}",
                summary="巡查发现", opened_on=dt.date(2026, 1, 5), source="inspection", item_code="ZR-CF-001",
                item_name="对非法占用土地的行政处罚", place=tree["city"],
                act_on=dt.date(2026, 1, 1), registered_at=now - dt.timedelta(minutes=stop - i),
                registered_by=tree["head"]) for i in range(lo, hi)])
            CaseOfficer.objects.bulk_create([CaseOfficer(case=c, officer=officers[(k + j) % 10], lead=j == 0,
                                                         assigned_at=now)
                                             for k, c in enumerate(cases) for j in range(2)])
            parties = Party.objects.bulk_create([party_of(i, tree, now) for i in range(lo // 2, hi // 2)])
            CaseParty.objects.bulk_create([CaseParty(case=c, party=parties[k // 2], added_by=tree["head"],
                                                     added_at=now) for k, c in enumerate(cases)])
            Obligation.objects.bulk_create([Obligation(
                agency=c.unit, subject_type=case_type, subject_id=c.pk, subject_label=c.title,
                rule="行政处罚法 第60条", title="应于期限内作出处罚决定", unit=PeriodUnit.DAY,
                due_at=now - dt.timedelta(days=1 + i % 30), warn_from=now - dt.timedelta(days=5 + i % 30))
                for i, c in zip(range(lo, hi), cases, strict=True) if i % 10 == 3])


def main() -> None:
    args = parse_args()
    if args.small % 2 or args.large % 2:
        sys.exit("--small 与 --large 应为偶数（每两件案件一名当事人）")
    targets = Targets()
    with scratch_database(args.postgres):
        tree = build_tree()
        number = "鞍自然资立字〔2026〕7号"
        fetches = [("机关负责人 列表", tree["head"], "/cases/", None),
                   ("执法人员 列表", tree["officer"], "/cases/", None),
                   ("机关负责人 按案号查", tree["head"], "/cases/?q=" + quote(number), number),
                   ("机关负责人 按当事人证件号码查", tree["head"], "/cases/?party=" + uscc_of(4), "占用耕地案9"),
                   ("机关负责人 按当事人名称查", tree["head"], "/cases/?party=" + quote("鞍山第6建"), "占用耕地案13"),
                   ("机关负责人 逾期案件", tree["head"], "/cases/?overdue=yes", None)]
        results: dict[tuple[str, int], tuple[int, float]] = {}
        sql_at: dict[str, list[str]] = {}
        done = 0
        for size in (args.small, args.large):
            t0 = time.perf_counter()
            add_cases(tree, done, size)
            done = size
            analyze()
            print(f"已插入 {size:,} 件案件（{time.perf_counter() - t0:.1f} 秒）")
            for label, user, path, expect in fetches:
                queries, ms, sqls = measure(user, path, args.runs, expect=expect)
                results[(label, size)] = (queries, ms)
                sql_at[label] = sqls

        print(f"\n{'页面':<24}{'案件数':>10}{'查询数':>8}{'中位数(ms)':>12}{'倍数':>8}")
        for label, *_ in fetches:
            base_ms = results[(label, args.small)][1]
            for size in (args.small, args.large):
                q, ms = results[(label, size)]
                print(f"{label:<24}{size:>12,}{q:>9}{ms:>12.1f}{ms / base_ms:>9.2f}")
        print()
        slow = []
        for label, *_ in fetches:
            (q1, ms1), (q2, ms2) = results[(label, args.small)], results[(label, args.large)]
            targets.check(q1 == q2, f"{label}：查询数不随案件数增长（{q1} → {q2}）")
            if not targets.check(ms2 <= 2 * ms1, f"{label}：{args.large:,} 件时耗时不超过 {args.small:,} 件时的 2 倍"
                                 f"（{ms1:.1f} → {ms2:.1f} ms，{ms2 / ms1:.2f} 倍）"):
                slow.append(label)
        for label in (x for x, *_ in fetches if args.explain or x in slow):
            print(f"\n=== {label}，{args.large:,} 件时的查询计划")
            explain(sql_at[label])
    targets.exit()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--help"]:
        print(__doc__)
    main()
