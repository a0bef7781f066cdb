"""Benchmark: a case page (GET /cases/<pk>/) with its timeline of 10 and of 1,000 ledger entries.

    .venv/bin/python bench/bench_case_page.py                      # SQLite in a temporary data dir
    .venv/bin/python bench/bench_case_page.py --postgres postgres://postgres@127.0.0.1:5432/zhifa
    .venv/bin/python bench/bench_case_page.py --explain            # the query plans of the 1,000-entry page

One agency with five units (bench/benchdb.py), two officers with credentials, a party; two opened cases in
调查 (investigate), the same but for their history: one with 10 ledger entries (the baseline, measured in the
same run), one with 1,000 (moves, signed opinions and linked evidence by three people, in the ledger's own
chain, as ``ledger.append_many`` writes them). Each page is fetched as the agency's head: its number of
queries and the median time of several fetches; the timeline lists every entry.

Target: the same number of queries for both pages (the timeline is read in one query and its people in one
more). The time is printed beside the baseline; it grows with the entries the page shows, which is not a
target. Prints PASS/FAIL and exits 1 when the counts differ.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from benchdb import agency_tree, analyze, explain, measure, scratch_database, signed_in  # also puts src/ on the path
from targets import Targets


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--postgres", metavar="URL", help="run on PostgreSQL (a scratch database on this server)")
    p.add_argument("--small", type=int, default=10, help="entries of the baseline case (default 10)")
    p.add_argument("--large", type=int, default=1_000, help="entries of the large case (default 1000)")
    p.add_argument("--runs", type=int, default=15, help="fetches per measurement; the median is kept")
    p.add_argument("--explain", action="store_true", help="print the query plans of the large case's page")
    return p.parse_args()


def build(tree) -> dict:
    """Two officers of the first unit with valid credentials, a party, and the two cases."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from zhifa.agencies.models import ActionKind, Credential, Domain, Officer, Person, Role, RoleGrant
    from zhifa.cases.models import Case, CaseOfficer, CaseParty
    from zhifa.core.validators import uscc_check_character
    from zhifa.parties.models import IdKind, Party, PartyKind

    now = timezone.now()
    unit = tree["units"][0]
    domain = Domain.objects.get_or_create(code="ziranziyuan", defaults={"name": "自然资源"})[0]
    officers = []
    for i, name in enumerate(("张伟", "李娜")):
        officer = Officer.objects.create(person=Person.objects.create(name=name), unit=unit)
        cred = Credential.objects.create(
            officer=officer, number=f"2103000{i + 1}", issuing_body="辽宁省人民政府", valid_from=dt.date(2024, 1, 1),
            valid_to=dt.date(2030, 12, 31), action_kinds=[ActionKind.PUNISHMENT, ActionKind.INSPECTION])
        cred.domains.set([domain])
        cred.areas.set([tree["city"]])
        officers.append(officer)
    unit_head = get_user_model().objects.create_user("bench_unit_head", password="bench-pass-1")
    RoleGrant.objects.create(user=unit_head, agency=unit, role=Role.UNIT_HEAD)
    body = "91210300MA0QC2399"
    party = Party.objects.create(kind=PartyKind.LEGAL, name="鞍山某建材有限公司", id_kind=IdKind.USCC,
                                 id_number=body + uscc_check_character(body), rep_name="赵丽华", created_at=now,
                                 updated_at=now, created_by=tree["head"])
    cases = []
    for n in (1, 2):
        case = Case.objects.create(
            agency=tree["agency"], unit=unit, process="punishment_general", stage="investigate", stage_since=now,
            number=f"鞍自然资立字〔2026〕{n}号", title=f"某公司未经批准占用耕地案{n}", summary="巡查发现",
            opened_on=dt.date(2026, 1, 5), source="inspection", item_code="ZR-CF-001",
            item_name="对非法占用土地的行政处罚", place=tree["city"], act_on=dt.date(2026, 1, 1),
            registered_at=now, registered_by=tree["head"])
        for j, officer in enumerate(officers):
            CaseOfficer.objects.create(case=case, officer=officer, lead=j == 0, assigned_at=now)
        CaseParty.objects.create(case=case, party=party, added_by=tree["head"], added_at=now)
        cases.append(case)
    return {"cases": cases, "actors": [tree["head"], tree["officer"], unit_head]}


def add_history(case, actors, count: int) -> None:
    """``count`` entries about ``case``: in turn a move, an opinion and a linked piece of evidence, by three
    people, in batches of one transaction each."""
    from django.db import transaction

    from zhifa.ledger import chain

    kinds = [("case.moved", lambda i: {"target": "investigate", "from": "open"}),
             ("case.opinion", lambda i: {"step": "open", "role": "unit", "agrees": i % 2 == 0}),
             ("case.evidence_linked", lambda i: {"evidence": i, "stage": "investigate"})]
    for lo in range(0, count, 300):
        by_actor: dict[int, list] = {}
        for i in range(lo, min(lo + 300, count)):
            kind, payload = kinds[i % 3]
            by_actor.setdefault(i % len(actors), []).append((case.agency, kind, case, payload(i)))
        with transaction.atomic():
            for k, acts in by_actor.items():
                chain.append_many(actor=actors[k], acts=acts)


def main() -> None:
    args = parse_args()
    targets = Targets()
    with scratch_database(args.postgres):
        tree = agency_tree()
        built = build(tree)
        small, large = built["cases"]
        add_history(small, built["actors"], args.small)
        add_history(large, built["actors"], args.large)
        analyze()
        results = {}
        sql_at = {}
        for size, case in ((args.small, small), (args.large, large)):
            queries, ms, sqls = measure(tree["head"], f"/cases/{case.pk}/", args.runs, expect=case.number)
            results[size], sql_at[size] = (queries, ms), sqls
        shown = {}
        for size, case in ((args.small, small), (args.large, large)):
            page = signed_in(tree["head"]).get(f"/cases/{case.pk}/").content.decode()
            timeline = page.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
            shown[size] = timeline.count("<li>")
            if shown[size] < size:
                sys.exit(f"案件页面只列出 {shown[size]} 条办案记录，应至少 {size} 条")
        base_ms = results[args.small][1]
        print(f"\n{'办案记录条数':<10}{'查询数':>8}{'中位数(ms)':>12}{'倍数':>8}")
        for size in (args.small, args.large):
            q, ms = results[size]
            print(f"{shown[size]:>14,}{q:>9}{ms:>12.1f}{ms / base_ms:>9.2f}")
        print()
        (q1, ms1), (q2, ms2) = results[args.small], results[args.large]
        targets.check(q1 == q2, f"案件页面：查询数不随办案记录条数增长（{shown[args.small]} 条 {q1} 次 → "
                                f"{shown[args.large]:,} 条 {q2} 次）")
        print(f"（耗时随页面列出的记录增长，不设目标：{ms1:.1f} → {ms2:.1f} ms，{ms2 / ms1:.2f} 倍）")
        if args.explain or q1 != q2:
            if q1 != q2:
                print(f"\n=== {args.small} 条时的查询")
                for sql in sql_at[args.small]:
                    print("  ", sql[:200])
            print(f"\n=== {args.large:,} 条时的查询计划")
            explain(sql_at[args.large])
    targets.exit()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--help"]:
        print(__doc__)
    main()
