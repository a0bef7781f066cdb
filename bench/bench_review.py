"""Benchmark: the reviewer's queue (GET /review/), the register (GET /review/register/) and the statistics
(GET /review/statistics/) at 1,000 and at 100,000 legal reviews.

    .venv/bin/python bench/bench_review.py                      # SQLite in a temporary data dir
    .venv/bin/python bench/bench_review.py --postgres postgres://postgres@127.0.0.1:5432/zhifa
    .venv/bin/python bench/bench_review.py --explain            # the query plans of every fetch

One agency with five units (bench/benchdb.py) and five registered reviewers of its 法规科, one with a login;
cases bulk-inserted, twenty review rounds each, with their opinions (a numbered 法制审核意见书 each) given over
the last year in every outcome, a tenth returned, a twentieth extended, most in time, and counted in the
statistics' tally; forty rounds still open, with their deadlines (obligations) — the queue's rows, the day's
workload, which the history of closed reviews does not grow. Fetched as the reviewer: the queue by due time, the
register's first page, the statistics of the last twelve months. For each: the number of queries and the median time of
several fetches at 1,000 reviews (the baseline, measured in the same run), then after growing the tables to
100,000.

Targets: the same number of queries at both sizes; the time at 100,000 at most 2x the time at 1,000.
Prints PASS/FAIL for each (with the query plans of a fetch that missed) and exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from benchdb import agency_tree, analyze, explain, measure, scratch_database, sizes_parser  # also puts src/ on the path
from targets import Targets, compare_sizes

BATCH = 5_000
ROUNDS_PER_CASE = 20
OPEN = 40  # rounds still open: the queue's rows, the workload of the day, which history does not grow


def parse_args() -> argparse.Namespace:
    return sizes_parser(__doc__, "reviews", 1_000, 100_000).parse_args()


def build_tree():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from zhifa.agencies.models import Person, QualificationKind, Reviewer, Role, RoleGrant
    from zhifa.records.models import Blob

    tree = agency_tree()
    legal = tree["units"][1]
    tree["reviewers"] = [Reviewer.objects.create(person=Person.objects.create(name=f"审核员{i}"), unit=legal,
                                                 qualification_kind=QualificationKind.LEGAL_PROFESSION)
                         for i in range(5)]
    user = get_user_model().objects.create_user("bench_reviewer", password="bench-pass-1")
    RoleGrant.objects.create(user=user, agency=legal, role=Role.REVIEWER)
    person = tree["reviewers"][0].person
    person.user = user
    person.save(update_fields=["user"])
    tree["reviewer"] = user
    now = timezone.now()
    tree["blob"] = Blob.objects.create(sm3="0" * 64, sha256="0" * 64, size=1, stored_at=now)
    return tree


def add_reviews(tree, start: int, stop: int) -> None:
    """Reviews ``start`` … ``stop - 1``: their cases (twenty rounds a case), opinions and open deadlines."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from zhifa.cases.models import Case
    from zhifa.documents.models import IssuedDocument
    from zhifa.obligations.models import Obligation, PeriodUnit
    from zhifa.review.models import Outcome, ReviewRound

    now = timezone.now()
    agency, units, reviewers, blob = tree["agency"], tree["units"], tree["reviewers"], tree["blob"]
    outcomes = list(Outcome.values)
    round_type = ContentType.objects.get_for_model(ReviewRound)
    for lo in range(start, stop, BATCH):
        hi = min(lo + BATCH, stop)
        with transaction.atomic():
            first_case = lo // ROUNDS_PER_CASE
            cases = Case.objects.bulk_create([Case(
                agency=agency, unit=units[i % 5], process="punishment_general", stage="decide",
                action_kind="chufa", stage_since=now, number=f"鞍自然资立字〔2026〕{i + 1}号",
                title=f"某公司占用耕地案{i}", summary="巡查发现", opened_on=dt.date(2026, 1, 5),
                source="inspection", item_code="ZR-CF-001", item_name="对非法占用土地的行政处罚",
                place=tree["city"], act_on=dt.date(2026, 1, 1), registered_at=now, registered_by=tree["head"])
                for i in range(first_case, -(-hi // ROUNDS_PER_CASE))])
            by_number = {first_case + k: c for k, c in enumerate(cases)}
            closed = [i for i in range(lo, hi) if i >= OPEN]
            decided = {i: now - dt.timedelta(days=(i * 7) % 360, hours=i % 9) for i in closed}
            docs = IssuedDocument.objects.bulk_create([IssuedDocument(
                agency=agency, template="review_opinion", title="重大行政执法决定合法性审查意见书",
                number=f"鞍自然法审〔{decided[i].year}〕{i + 1}号", year=decided[i].year, seq=i + 1, values={},
                docx=blob, pdf=blob, issued_by=tree["head"], issued_at=decided[i]) for i in closed])
            opinion = dict(zip(closed, docs, strict=True))
            rounds = ReviewRound.objects.bulk_create([ReviewRound(
                case=by_number[i // ROUNDS_PER_CASE], seq=i % ROUNDS_PER_CASE + 1, stage="decide" if i in opinion
                else "review", application={}, explanation="", draft_fields={}, draft_text="", draft_sm3="0" * 64,
                submitted_by=tree["head"], submitted_at=decided.get(i, now) - dt.timedelta(days=3 + i % 9),
                reviewer=reviewers[i % 5], returned_at=now if i % 10 == 3 else None,
                extended_by=tree["head"] if i % 20 == 5 else None,
                outcome=outcomes[i % 7] if i in opinion else "", opinion=opinion.get(i),
                decided_at=decided.get(i), working_days=(3 + i % 9) if i in opinion else None,
                on_time=(i % 9 < 7) if i in opinion else None) for i in range(lo, hi)])
            Obligation.objects.bulk_create([Obligation(
                agency=agency, subject_type=round_type, subject_id=r.pk, subject_label=str(r.pk),
                rule="REV-07", title="应于期限内出具法制审核意见", unit=PeriodUnit.WORKDAY,
                due_at=now + dt.timedelta(days=r.pk % 9 - 2), warn_from=now + dt.timedelta(days=r.pk % 9 - 4))
                for r in rounds if r.opinion_id is None])


def main() -> None:
    args = parse_args()
    targets = Targets()
    with scratch_database(args.postgres):
        from django.utils import timezone

        from zhifa.review.stats import rebuild_tally

        tree = build_tree()
        today = timezone.localdate()
        period = f"?start={today - dt.timedelta(days=365):%Y-%m}&end={today:%Y-%m}"
        fetches = [("法制审核人员 待审核", "/review/", "审核期限"),
                   ("法制审核人员 登记簿", "/review/register/", "鞍自然法审"),
                   ("法制审核人员 统计", "/review/statistics/" + period, "审核员0")]
        results: dict[tuple[str, int], tuple[int, float]] = {}
        sql_at: dict[str, list[str]] = {}
        done = 0
        for size in (args.small, args.large):
            t0 = time.perf_counter()
            add_reviews(tree, done, size)
            done = size
            rebuild_tally()  # as the opinions, given one by one, would have counted them
            analyze()
            print(f"已插入 {size:,} 轮法制审核（{time.perf_counter() - t0:.1f} 秒）")
            for label, path, expect in fetches:
                queries, ms, sqls = measure(tree["reviewer"], path, args.runs, expect=expect)
                results[(label, size)] = (queries, ms)
                sql_at[label] = sqls

        slow = compare_sizes(targets, results, [label for label, *_ in fetches], args.small, args.large, "审核轮次")
        for label in (x for x, *_ in fetches if args.explain or x in slow):
            print(f"\n=== {label}，{args.large:,} 轮时的查询计划")
            explain(sql_at[label])
    targets.exit()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--help"]:
        print(__doc__)
    main()
