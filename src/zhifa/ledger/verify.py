"""Recompute every chain and name the first entry that does not hold (REC-12).

Reads entries in order with a server-side iterator, so memory stays flat however long the chain.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from zhifa.ledger.canonical import NotCanonical, canonical_json, canonical_text
from zhifa.ledger.digest import ZERO, entry_hash
from zhifa.ledger.models import ChainHead, Entry


@dataclass
class Problem:
    chain: int
    seq: int
    what: str

    def __str__(self) -> str:
        return f"链 {self.chain} 第 {self.seq} 条：{self.what}"


@dataclass
class Report:
    chains: int = 0
    entries: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_entry(entry: Entry, expected_seq: int, expected_prev: str | None) -> str | None:
    """What is wrong with ``entry`` given what the chain before it says; None when it holds."""
    if entry.seq != expected_seq:
        return (f"序号不连续：应为 {expected_seq}，实际为 {entry.seq}"
                "（有记录被删除、插入或调换）")
    if expected_prev is not None and entry.prev_hash != expected_prev:
        return f"前一条哈希不符：应为 {expected_prev}，记录为 {entry.prev_hash}（记录被删除、插入或调换）"
    try:
        record = entry.record()
        if entry.payload != canonical_text(json.loads(entry.payload)):
            return "内容不是规范 JSON（被改写）"
        computed = entry_hash(entry.prev_hash, canonical_json(record))
    except (ValueError, NotCanonical) as e:
        return f"内容无法解析：{e}"
    if computed != entry.entry_hash:
        return f"哈希不符：重算为 {computed}，记录为 {entry.entry_hash}（内容被改动）"
    return None


def _chain_ids(agency_ids: Iterable[int] | None) -> list[int]:
    chains = set(Entry.objects.values_list("chain", flat=True).distinct())
    chains |= set(ChainHead.objects.values_list("chain", flat=True))
    if agency_ids is not None:
        chains &= set(agency_ids)
    return sorted(chains)


def verify_chain(chain: int, *, since: dt.datetime | None = None,
                 progress: Callable[[int], None] | None = None) -> tuple[int, Problem | None]:
    """(entries checked, first problem) for one chain."""
    entries: Iterator[Entry] = Entry.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000)
    expected_seq, expected_prev = 1, ZERO
    count = 0
    last: Entry | None = None
    started = since is None
    for entry in entries:
        if not started:
            if entry.recorded_at < since:  # type: ignore[operator]
                expected_seq, expected_prev = entry.seq + 1, entry.entry_hash
                continue
            started = True
        count += 1
        what = check_entry(entry, expected_seq, expected_prev)
        if what:
            return count, Problem(chain, expected_seq if "序号" in what else entry.seq, what)
        expected_seq, expected_prev, last = entry.seq + 1, entry.entry_hash, entry
        if progress and count % 1000 == 0:
            progress(1000)
    if progress:
        progress(count % 1000)
    head = ChainHead.objects.filter(chain=chain).first()
    final_seq = expected_seq - 1
    if head is None:
        return count, Problem(chain, final_seq, "链头缺失")
    if head.seq != final_seq or (final_seq and head.head_hash != (last.entry_hash if last else expected_prev)):
        return count, Problem(chain, final_seq + 1,
                              f"链在第 {final_seq} 条处结束，而链头记为第 {head.seq} 条（链尾被截断或链头被改动）")
    return count, None


def verify(*, agency_ids: Iterable[int] | None = None, since: dt.datetime | None = None,
           progress: Callable[[int], None] | None = None) -> Report:
    report = Report()
    for chain in _chain_ids(agency_ids):
        count, problem = verify_chain(chain, since=since, progress=progress)
        report.chains += 1
        report.entries += count
        if problem:
            report.problems.append(problem)
    return report
