"""Benchmark: ledger appends per second, one per transaction, beside a bare SQL insert of the same row plus its SM3.

    .venv/bin/python bench/bench_ledger_append.py                      # SQLite in a temporary data dir
    .venv/bin/python bench/bench_ledger_append.py --postgres postgres://postgres@127.0.0.1:5432/zhifa

With --postgres a scratch database (zhifa_bench_<pid>) is created on that server and dropped afterwards.

Measured, each in its own transaction per row:
- ledger: ``zhifa.ledger.chain.append(...)`` — lock the chain head, build the canonical record, SM3, insert the
  entry, move the head (what every write function does);
- baseline: the same row's canonical bytes and SM3, then one bare ``INSERT INTO ledger_entry`` through the
  database cursor (no head, no lock, no ORM).
The two alternate in rounds so that drift in the machine affects both alike. Target: ledger ≥ 50% of baseline.
Prints PASS/FAIL and exits 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
BENCH = Path(__file__).resolve().parent
for p in (SRC, BENCH):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from benchdb import scratch_database  # noqa: E402
from targets import Targets  # noqa: E402


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--postgres", metavar="URL", help="run on PostgreSQL (a scratch database on this server)")
    p.add_argument("--rows", type=int, default=1000, help="rows per round and method (default 1000)")
    p.add_argument("--rounds", type=int, default=5, help="alternating rounds; the median rate is kept")
    return p.parse_args()


def payload(i: int) -> dict:
    return {"case": f"鞍自然资罚〔2026〕{i}号", "party": "鞍山市某某建材有限公司", "amount": "12345.00",
            "officers": [101, 102], "note": "现场检查，拍照 3 张，询问笔录 1 份", "stage": "调查取证"}


def main() -> None:
    args = parse_args()
    targets = Targets()
    with scratch_database(args.postgres):
        from django.db import connection, transaction
        from django.utils import timezone

        from zhifa.agencies.models import Agency, OrgLevel
        from zhifa.ledger.canonical import canonical_json, canonical_text, format_time
        from zhifa.ledger.chain import append
        agency = Agency.objects.create(level=OrgLevel.objects.get(code="agency"), name="鞍山市自然资源局")
        columns = ("chain, seq, prev_hash, entry_hash, kind, subject_type, subject_id, subject_label, actor_id, "
                   "actor_label, recorded_at, payload, evidence, corrects")
        insert = f"INSERT INTO ledger_entry ({columns}) VALUES ({', '.join(['%s'] * 14)})"
        base_chain, state = 10**9, {"seq": 0, "prev": "0" * 64, "i": 0}

        def bare(n: int) -> None:
            for _ in range(n):
                state["i"] += 1
                i, seq, prev = state["i"], state["seq"] + 1, state["prev"]
                now = timezone.now()
                record = {"v": 1, "chain": base_chain, "seq": seq, "kind": "bench.act",
                          "subject": {"type": "agencies.agency", "id": str(agency.pk), "label": agency.name},
                          "actor": {"id": None, "label": "系统"}, "at": format_time(now), "payload": payload(i),
                          "evidence": [], "corrects": None}
                h = hashlib.new("sm3", bytes.fromhex(prev) + canonical_json(record)).hexdigest()
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(insert, [base_chain, seq, prev, h, "bench.act", "agencies.agency", str(agency.pk),
                                            agency.name, None, "系统",
                                            connection.ops.adapt_datetimefield_value(now),
                                            canonical_text(payload(i)), "[]", ""])
                state["seq"], state["prev"] = seq, h

        def ledger(n: int) -> None:
            for _ in range(n):
                state["i"] += 1
                with transaction.atomic():
                    append(actor=None, agency=agency, kind="bench.act", subject=agency, payload=payload(state["i"]))

        ledger(50)
        bare(50)  # warm up both paths
        rates: dict[str, list[float]] = {"ledger": [], "bare": []}
        for _ in range(args.rounds):
            for name, fn in (("ledger", ledger), ("bare", bare)):
                t0 = time.perf_counter()
                fn(args.rows)
                rates[name].append(args.rows / (time.perf_counter() - t0))
        ledger_rate, bare_rate = statistics.median(rates["ledger"]), statistics.median(rates["bare"])
        ratio = ledger_rate / bare_rate
        print(f"每事务一条，{args.rounds} 轮 × {args.rows} 条，取中位数：")
        print(f"  台账 append：          {ledger_rate:10,.0f} 条/秒")
        print(f"  基线（裸 INSERT+SM3）：{bare_rate:10,.0f} 条/秒")
        targets.check(ratio >= 0.5, f"台账追加速度为基线的 {ratio:.0%}（目标 ≥ 50%）")
    targets.exit()


if __name__ == "__main__":
    main()
