"""Benchmark: `zhifa verify` over 1,000,000 entries, beside raw SM3 over the same bytes, and its peak memory.

    .venv/bin/python bench/bench_verify.py                      # SQLite in a temporary data dir
    .venv/bin/python bench/bench_verify.py --postgres postgres://postgres@127.0.0.1:5432/zhifa

A valid chain is bulk-inserted (its key entry, then realistic entries of ~400 bytes, a signed checkpoint every
``--checkpoint-every`` entries). Verification (``zhifa.ledger.verify.verify_chain``: every entry's link and hash,
the Merkle tree, every checkpoint's signature, root and consistency) runs in a fresh child process, first at
``--small`` entries and then at ``--entries``, so that its peak RSS is its own: the high-water mark (VmHWM),
reset just before verification starts, so that the process's start-up (Django, opening the database) is
not counted. Constant memory means the two peaks are about the same.

Baseline, measured in the same run over exactly the bytes verification must hash (prev_hash ‖ canonical
record of every entry, written to a file while the chain is generated):
- per entry: one SM3 per entry's bytes, in a Python loop (what checking 1,000,000 separate hashes costs);
- stream: the same bytes as one stream (``openssl dgst -sm3``'s speed, the ceiling).
Target: verification ≥ 50% of the per-entry baseline's throughput. Both ratios are printed. Exits 1 when a
target is missed or verification reports a problem.
"""

from __future__ import annotations

import argparse
import array
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
BENCH = Path(__file__).resolve().parent
for p in (SRC, BENCH):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from benchdb import create_pg_database, drop_pg_database  # noqa: E402
from targets import Targets  # noqa: E402

BATCH = 10_000


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--postgres", metavar="URL", help="run on PostgreSQL (a scratch database on this server)")
    p.add_argument("--entries", type=int, default=1_000_000, help="entries in the chain (default 1,000,000)")
    p.add_argument("--small", type=int, default=100_000, help="first verification, for the memory comparison")
    p.add_argument("--checkpoint-every", type=int, default=1000,
                   help="entries between signed checkpoints (default 1000, settings.ZHIFA_CHECKPOINT_EVERY)")
    p.add_argument("--child", help=argparse.SUPPRESS)
    return p.parse_args()


def setup_django(data_dir: str, db_url: str) -> None:
    os.environ["ZHIFA_DATA_DIR"] = data_dir
    os.environ["ZHIFA_DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    import django

    django.setup()


def child(chain: int) -> None:
    """Verify the chain; print seconds, entries, checkpoints, problems and peak RSS as JSON."""
    from django.db import connection

    from zhifa.ledger.verify import verify_chain

    connection.ensure_connection()
    # The peak of the verification itself, not of the process's start (imports, Django, opening the
    # database): Linux resets the high-water mark on writing 5 to clear_refs.
    Path("/proc/self/clear_refs").write_text("5")
    before = _status_mib("VmRSS")
    t0 = time.perf_counter()
    result = verify_chain(chain)  # the ledger's own checks (other apps' checks, e.g. blobs, are not timed here)
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "entries": result.entries, "checkpoints": result.checkpoints,
                      "problems": [str(result.problem)] if result.problem else [],
                      "rss_before_mib": before, "rss_mib": _status_mib("VmHWM")}))


def _status_mib(field: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_child(chain: int, env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(chain)], env=env, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


class Generator:
    """Appends valid entries to one chain with bulk inserts, writing each entry's hashed bytes to a file."""

    def __init__(self, chain: int, agency_name: str, bytes_path: Path) -> None:
        from django.db import connection

        from zhifa.ledger import keys, merkle
        from zhifa.ledger.models import Entry

        key = keys.ensure_key(chain=chain)  # entry 1: the key, announced in the chain
        first = Entry.objects.get(chain=chain, seq=1)
        self.chain, self.name, self.key = chain, agency_name, key
        self.private = keys.private_key(key)
        self.seq, self.prev = 1, first.entry_hash
        self.range = merkle.CompactRange()
        self.range.push(merkle.leaf_hash(bytes.fromhex(first.entry_hash)))
        self.out = bytes_path.open("wb")
        self.lengths = array.array("I")
        self.ops = connection.ops

    def add(self, count: int, checkpoint_every: int) -> None:
        import datetime as dt

        from django.db import connection
        from django.utils import timezone

        from zhifa.ledger import merkle, sm2
        from zhifa.ledger.canonical import canonical_json, canonical_text, format_time
        from zhifa.ledger.checkpoint import signed_bytes
        from zhifa.ledger.db import HEAD, triggers_suspended
        from zhifa.ledger.models import Checkpoint

        columns = ("chain, seq, prev_hash, entry_hash, kind, subject_type, subject_id, subject_label, actor_id, "
                   "actor_label, recorded_at, payload, evidence, corrects")
        insert = f"INSERT INTO ledger_entry ({columns}) VALUES ({', '.join(['%s'] * 14)})"
        start = timezone.now() - dt.timedelta(days=400)
        target = self.seq + count
        while self.seq < target:
            rows = []
            for _ in range(min(BATCH, target - self.seq)):
                seq = self.seq + 1
                at = start + dt.timedelta(milliseconds=seq * 10)
                payload = {"case": f"鞍自然资罚〔2026〕{seq}号", "party": "鞍山市某某建材有限公司",
                           "amount": f"{seq % 100000}.00", "officers": [101, 102], "stage": "调查取证",
                           "note": "现场检查，拍照 3 张，询问笔录 1 份"}
                evidence = [hashlib.new("sm3", str(seq).encode()).hexdigest()] if seq % 3 == 0 else []
                record = {"v": 1, "chain": self.chain, "seq": seq, "kind": "case.evidence_added",
                          "subject": {"type": "cases.case", "id": str(seq // 10), "label": f"案件 {seq // 10}"},
                          "actor": {"id": 7, "label": "zhangwei"}, "at": format_time(at), "payload": payload,
                          "evidence": evidence, "corrects": None}
                message = bytes.fromhex(self.prev) + canonical_json(record)
                h = hashlib.new("sm3", message).hexdigest()
                self.out.write(message)
                self.lengths.append(len(message))
                rows.append([self.chain, seq, self.prev, h, "case.evidence_added", "cases.case", str(seq // 10),
                             f"案件 {seq // 10}", 7, "zhangwei", self.ops.adapt_datetimefield_value(at),
                             canonical_text(payload), canonical_text(evidence), ""])
                self.range.push(merkle.leaf_hash(bytes.fromhex(h)))
                self.seq, self.prev = seq, h
                if seq % checkpoint_every == 0:
                    rows_now, rows = rows, []
                    self._insert(insert, rows_now)
                    cp = Checkpoint(chain=self.chain, tree_size=seq, root_hash=self.range.root().hex(), head_hash=h,
                                    signed_at=timezone.now(), key_fingerprint=self.key.fingerprint,
                                    compact_range="".join(x.hex() for x in self.range.stack))
                    cp.signature = sm2.sign(self.private, signed_bytes(cp)).hex()
                    cp.save()
            self._insert(insert, rows)
        # The head jumps over the rows inserted in bulk, which its trigger refuses to anyone but the owner.
        with triggers_suspended(connection, [HEAD]), connection.cursor() as cursor:
            cursor.execute("UPDATE ledger_chainhead SET seq = %s, head_hash = %s WHERE chain = %s",
                           [self.seq, self.prev, self.chain])
        self.out.flush()

    def _insert(self, sql: str, rows: list) -> None:
        from django.db import connection, transaction

        if rows:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, rows)


def baseline(path: Path, lengths: array.array, count: int) -> tuple[float, float, int]:
    """(per-entry seconds, stream seconds, bytes) of SM3 over the first ``count`` messages in ``path``."""
    total = sum(lengths[:count])
    with path.open("rb") as f:
        data = f.read(total)
    new = hashlib.new
    t0 = time.perf_counter()
    pos = 0
    view = memoryview(data)
    for n in lengths[:count]:
        new("sm3", view[pos:pos + n]).digest()
        pos += n
    per_entry = time.perf_counter() - t0
    t0 = time.perf_counter()
    h = new("sm3")
    for i in range(0, total, 1 << 20):
        h.update(view[i:i + (1 << 20)])
    h.digest()
    stream = time.perf_counter() - t0
    return per_entry, stream, total


def main() -> None:
    args = parse_args()
    if args.child:
        setup_django(os.environ["ZHIFA_DATA_DIR"], os.environ["ZHIFA_DATABASE_URL"])
        child(int(args.child))
        return
    targets = Targets()
    tmp = tempfile.TemporaryDirectory(prefix="zhifa-bench-")
    pg_name = None
    try:
        if args.postgres:
            db_url, pg_name = create_pg_database(args.postgres)
        else:
            db_url = f"sqlite:///{tmp.name}/bench.sqlite3"
        setup_django(tmp.name, db_url)
        from django.core.management import call_command
        from django.db import connection

        from zhifa.agencies.models import Agency, OrgLevel

        env = {**os.environ, "ZHIFA_DATA_DIR": tmp.name, "ZHIFA_DATABASE_URL": db_url,
               "ZHIFA_KEYSTORE_DIR": str(Path(tmp.name) / "keys")}
        os.environ["ZHIFA_KEYSTORE_DIR"] = env["ZHIFA_KEYSTORE_DIR"]
        call_command("migrate", verbosity=0)
        agency = Agency.objects.create(level=OrgLevel.objects.get(code="agency"), name="鞍山市自然资源局")
        print(f"数据库：{connection.vendor}（{connection.settings_dict['NAME']}）")
        gen = Generator(agency.pk, agency.name, Path(tmp.name) / "hashed.bin")
        results = []
        for size in (args.small, args.entries):
            t0 = time.perf_counter()
            gen.add(size - gen.seq, args.checkpoint_every)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE ledger_entry")
            print(f"已生成 {size:,} 条（{time.perf_counter() - t0:.0f} 秒）")
            run = run_child(agency.pk, env)
            if run["problems"]:
                sys.exit(f"校验报告问题：{run['problems'][:3]}")
            # Entry 1 (the key) is not in the bytes file: compare over the generated entries.
            per_entry, stream, total = baseline(Path(tmp.name) / "hashed.bin", gen.lengths, size - 1)
            results.append((size, run, per_entry, stream, total))

        print()
        print(f"{'条数':>10}{'检查点':>8}{'校验(秒)':>10}{'条/秒':>12}{'MB/秒':>8}{'逐条SM3(秒)':>12}"
              f"{'流式SM3(秒)':>12}{'校验前RSS':>10}{'峰值RSS(MiB)':>14}")
        for size, run, per_entry, stream, total in results:
            print(f"{size:>12,}{run['checkpoints']:>8}{run['seconds']:>11.1f}{size / run['seconds']:>13,.0f}"
                  f"{total / run['seconds'] / 1e6:>9.0f}{per_entry:>12.2f}{stream:>13.2f}{run['rss_before_mib']:>11.0f}"
                  f"{run['rss_mib']:>14.0f}")
        size, run, per_entry, stream, total = results[-1]
        ratio, stream_ratio = per_entry / run["seconds"], stream / run["seconds"]
        grow = [r["rss_mib"] - r["rss_before_mib"] for _, r, _, _, _ in results]
        print()
        print(f"同一批字节 {total / 1e6:,.0f} MB：逐条 SM3 {total / per_entry / 1e6:,.0f} MB/秒，"
              f"流式 SM3 {total / stream / 1e6:,.0f} MB/秒")
        targets.check(ratio >= 0.5, f"校验 {size:,} 条的吞吐为逐条 SM3 基线的 {ratio:.0%}"
                      f"（目标 ≥ 50%；为流式 SM3 的 {stream_ratio:.0%}）")
        targets.check(grow[-1] < 50 and grow[-1] - grow[0] < 16,
                      f"内存恒定：校验期间 RSS 增长 {grow[0]:.0f} MiB（{results[0][0]:,} 条）与 {grow[-1]:.0f} MiB"
                      f"（{size:,} 条）（目标：< 50 MiB，且不随条数增长）")
    finally:
        if pg_name:
            drop_pg_database(args.postgres, pg_name)
        tmp.cleanup()
    targets.exit()


if __name__ == "__main__":
    main()
