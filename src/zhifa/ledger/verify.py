"""Recompute every chain and its signed checkpoints, and name the first thing that does not hold (REC-12).

For each chain, one pass over its entries in ``seq`` order (a server-side cursor on PostgreSQL), holding
only the current entry, the Merkle compact range (log2 n hashes) and the nodes the next consistency proof
needs — memory stays flat however long the chain. Checked:

- each entry: its ``seq`` follows the previous one, its ``prev_hash`` is the previous ``entry_hash``, and
  ``entry_hash = SM3(prev_hash ‖ canonical record)``;
- each checkpoint, when the pass reaches its ``tree_size``: its key is a registered key of the chain,
  announced in the chain (``ledger.key_created``) no later than the checkpoint; its SM2 signature over the
  canonical signed bytes; its ``head_hash`` is entry ``tree_size``'s hash; its ``root_hash`` is the
  recomputed Merkle root; and an RFC 9162 consistency proof from the previous checkpoint verifies;
- the end: no signed checkpoint lies beyond the last entry (a truncation after a checkpoint is caught even
  when the attacker rewrote the chain head too), and the chain head names the last entry.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from zhifa.ledger import merkle, sm2
from zhifa.ledger.canonical import NotCanonical, canonical_json, canonical_text, format_time
from zhifa.ledger.digest import ZERO, entry_hash
from zhifa.ledger.models import AgencyKey, ChainHead, Checkpoint, Entry

KEY_CREATED = "ledger.key_created"

# Further checks other apps add (records: the evidence blobs). Each is called once after the chains as
# ``check(agency_ids=..., since=..., progress=...)`` and returns the problems it found.
EXTRA_CHECKS: list[Callable[..., Iterable[Problem]]] = []


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
    checkpoints: int = 0
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


# ---------------------------------------------------------------- the fast path

_COLUMNS = ("seq", "prev_hash", "entry_hash", "kind", "subject_type", "subject_id", "subject_label", "actor_id",
            "actor_label", "recorded_at", "payload", "evidence", "corrects")
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f]')
_is_nfc = unicodedata.is_normalized


def _js(s: str) -> str:
    """A JSON string exactly as ``canonical_json`` writes it."""
    if not _is_nfc("NFC", s):
        s = unicodedata.normalize("NFC", s)
    if _NEEDS_ESCAPE.search(s):
        return json.dumps(s, ensure_ascii=False)
    return '"' + s + '"'


def _time_text(value: Any) -> str:
    """The canonical UTC time of a raw ``recorded_at`` (SQLite: naive UTC; PostgreSQL: aware)."""
    if isinstance(value, dt.datetime) and value.tzinfo is None:  # Django's SQLite columns hold UTC
        return value.isoformat(timespec="microseconds") + "Z"
    if isinstance(value, str):
        if len(value) == 26 and value[10] == " ":  # Django's SQLite form: UTC, "YYYY-MM-DD HH:MM:SS.ffffff"
            return value[:10] + "T" + value[11:] + "Z"
        if len(value) == 19 and value[10] == " ":
            return value[:10] + "T" + value[11:] + ".000000Z"
        value = _parse_time(value)
    if value.utcoffset() == dt.timedelta(0):
        return value.isoformat(timespec="microseconds")[:-6] + "Z"
    return format_time(value)


def _parse_time(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)
    parsed = parse_datetime(str(value))
    if parsed is None:
        raise ValueError(f"时间无法解析：{value}")
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=dt.UTC)


def record_bytes(chain: int, row: tuple) -> bytes:
    """``canonical_json(entry.record())`` from a raw row, without building the record (same bytes)."""
    seq, _, _, kind, st, sid, sl, aid, al, at, payload, evidence, corrects = row
    plain = "|".join((kind, st, sid, sl, al, corrects or ""))
    if _NEEDS_ESCAPE.search(plain) is None and (plain.isascii() or _is_nfc("NFC", plain)):
        fixed = f'"{corrects}"' if corrects else "null"
        return (f'{{"actor":{{"id":{"null" if aid is None else int(aid)},"label":"{al}"}},'
                f'"at":"{_time_text(at)}","chain":{chain},"corrects":{fixed},'
                f'"evidence":{evidence},"kind":"{kind}","payload":{payload},"seq":{seq},'
                f'"subject":{{"id":"{sid}","label":"{sl}","type":"{st}"}},"v":1}}').encode()
    return (f'{{"actor":{{"id":{"null" if aid is None else int(aid)},"label":{_js(al)}}},"at":"{_time_text(at)}",'
            f'"chain":{chain},"corrects":{_js(corrects) if corrects else "null"},"evidence":{evidence},'
            f'"kind":{_js(kind)},"payload":{payload},"seq":{seq},'
            f'"subject":{{"id":{_js(sid)},"label":{_js(sl)},"type":{_js(st)}}},"v":1}}').encode()


def _entry_from_row(chain: int, row: tuple) -> Entry:
    values = dict(zip(_COLUMNS, row, strict=True))
    values["recorded_at"] = _parse_time(values["recorded_at"])
    return Entry(chain=chain, **values)


def _rows(chain: int) -> Generator[tuple, None, None]:
    columns = list(_COLUMNS)
    if connection.vendor == "sqlite":  # the stored text as it is: no datetime object to make and format again
        columns[_COLUMNS.index("recorded_at")] = "CAST(recorded_at AS TEXT)"
    sql = f"SELECT {', '.join(columns)} FROM ledger_entry WHERE chain = %s ORDER BY seq"
    with connection.chunked_cursor() as cursor:  # server-side on PostgreSQL
        cursor.execute(sql, [chain])
        while rows := cursor.fetchmany(5000):
            yield from rows


# ---------------------------------------------------------------- checkpoints


@dataclass
class _Checkpoints:
    """The chain's checkpoints in order, and what is needed to check the next one."""

    chain: int
    keys: dict[str, sm2.PublicKey]
    pending: Iterator[Checkpoint]
    next: Checkpoint | None = None
    previous: Checkpoint | None = None
    snapshot: dict[tuple[int, int], bytes] = field(default_factory=dict)
    kept: dict[tuple[int, int], bytes] = field(default_factory=dict)
    announced: dict[str, int] = field(default_factory=dict)
    checked: int = 0

    @classmethod
    def of(cls, chain: int) -> _Checkpoints:
        keys = {k.fingerprint: sm2.PublicKey.from_pem(k.public_key) for k in AgencyKey.objects.filter(chain=chain)}
        pending = Checkpoint.objects.filter(chain=chain).order_by("tree_size").iterator(chunk_size=1000)
        c = cls(chain, keys, pending)
        c.next = next(pending, None)
        return c

    def on_node(self, level: int, index: int, h: bytes) -> None:
        if self.previous is not None and merkle._parent_touches(level, index, self.previous.tree_size - 1,
                                                                self.previous.tree_size):
            self.kept[(level, index)] = h

    def check(self, rng: merkle.CompactRange, head_hash: str) -> str | None:
        cp = self.next
        assert cp is not None
        self.checked += 1
        what = self._problem(cp, rng, head_hash)
        self.previous, self.next = cp, next(self.pending, None)
        self.snapshot = {(level, index): h for level, index, h in rng.nodes()}
        self.kept = {}
        if what:
            return f"检查点（前 {cp.tree_size} 条，签于 {timezone.localtime(cp.signed_at):%Y-%m-%d %H:%M:%S}）：{what}"
        return None

    def _problem(self, cp: Checkpoint, rng: merkle.CompactRange, head_hash: str) -> str | None:
        from zhifa.ledger.checkpoint import signed_bytes

        key = self.keys.get(cp.key_fingerprint)
        if key is None:
            return f"签名公钥（指纹 {cp.key_fingerprint[:16]}…）不是本链登记的公钥（检查点被伪造）"
        if self.announced.get(cp.key_fingerprint, cp.tree_size + 1) > cp.tree_size:
            return f"签名公钥（指纹 {cp.key_fingerprint[:16]}…）在检查点之前未在链中登记（检查点被伪造）"
        try:
            signature = bytes.fromhex(cp.signature)
        except ValueError:
            signature = b""
        if not sm2.verify(key, signed_bytes(cp), signature):
            return "SM2 签名无效（检查点被改动或伪造）"
        if cp.head_hash != head_hash:
            return f"链头哈希不符：检查点为 {cp.head_hash}，第 {cp.tree_size} 条为 {head_hash}（记录被改动或重写）"
        root = rng.root().hex()
        if cp.root_hash != root:
            return f"Merkle 根不符：检查点为 {cp.root_hash}，重算为 {root}（检查点之前的记录被改动）"
        previous = self.previous
        if previous is not None:
            proof = merkle.proof(previous.tree_size, cp.tree_size, merkle.stored_mth({**self.snapshot, **self.kept},
                                                                                     rng))
            if not merkle.verify_consistency(previous.tree_size, cp.tree_size, bytes.fromhex(previous.root_hash),
                                             bytes.fromhex(cp.root_hash), proof):
                return f"与前一检查点（前 {previous.tree_size} 条）不一致"
        return None


# ---------------------------------------------------------------- one chain, all chains


@dataclass
class ChainResult:
    entries: int = 0
    checkpoints: int = 0
    problem: Problem | None = None


def _start_seq(chain: int, since: dt.datetime | None) -> int:
    """The first entry to check: the first recorded at or after ``since`` (earlier ones are only linked)."""
    if since is None:
        return 1
    seq = Entry.objects.filter(chain=chain, recorded_at__gte=since).order_by("seq").values_list(
        "seq", flat=True).first()
    return seq if seq is not None else 2**63


def verify_chain(chain: int, *, since: dt.datetime | None = None,
                 progress: Callable[[int], None] | None = None) -> ChainResult:
    """Entries and checkpoints checked, and the first problem, for one chain."""
    result = ChainResult()
    start = _start_seq(chain, since)
    cps = _Checkpoints.of(chain)
    rng = merkle.CompactRange(cps.on_node if cps.next is not None else None)
    stack = rng.stack
    sm3 = merkle._sm3
    expected_seq, expected_prev = 1, ZERO
    count = 0
    next_size = cps.next.tree_size if cps.next is not None else 0
    rows = _rows(chain)
    try:
        for row in rows:
            seq, prev, eh, kind = row[0], row[1], row[2], row[3]
            if seq >= start:
                count += 1
                if seq != expected_seq or prev != expected_prev:
                    ok = False
                else:
                    h = sm3.copy()
                    h.update(bytes.fromhex(prev) + record_bytes(chain, row))
                    ok = h.hexdigest() == eh
                if not ok:
                    what = check_entry(_entry_from_row(chain, row), expected_seq, expected_prev)
                    if what:
                        result.entries = count
                        result.problem = Problem(chain, expected_seq if "序号" in what else seq, what)
                        return result
                if progress and count % 1000 == 0:
                    progress(1000)
            if kind == KEY_CREATED:
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    cps.announced.setdefault(json.loads(row[10])["fingerprint"], seq)
            expected_seq, expected_prev = seq + 1, eh
            leaf = sm3.copy()
            leaf.update(b"\x00" + bytes.fromhex(eh))
            if rng.on_node is None:  # CompactRange.push, inlined: the hot loop of a long chain
                node, i = leaf.digest(), rng.size
                rng.size = i + 1
                while i & 1:
                    parent = sm3.copy()
                    parent.update(b"\x01" + stack.pop() + node)
                    node = parent.digest()
                    i >>= 1
                stack.append(node)
            else:
                rng.push(leaf.digest())
            if rng.size >= next_size and cps.next is not None:
                while cps.next is not None and cps.next.tree_size <= rng.size:
                    what = cps.check(rng, eh) if cps.next.tree_size == rng.size else "检查点的记录数无效"
                    if what:
                        result.entries, result.checkpoints = count, cps.checked
                        result.problem = Problem(chain, rng.size, what)
                        return result
                next_size = cps.next.tree_size if cps.next is not None else 0
                if cps.next is None:
                    rng.on_node = None
    finally:
        rows.close()
    if progress:
        progress(count % 1000)
    result.entries, result.checkpoints = count, cps.checked
    final_seq = expected_seq - 1
    if cps.next is not None:
        cp = cps.next
        result.problem = Problem(chain, final_seq + 1, (
            f"链在第 {final_seq} 条处结束，但有已签名的检查点记为前 {cp.tree_size} 条"
            f"（签于 {timezone.localtime(cp.signed_at):%Y-%m-%d %H:%M:%S}）：检查点之后的记录被截断或删除"))
        return result
    head = ChainHead.objects.filter(chain=chain).first()
    if head is None:
        result.problem = Problem(chain, final_seq, "链头缺失")
    elif head.seq != final_seq or (final_seq and head.head_hash != expected_prev):
        result.problem = Problem(chain, final_seq + 1, f"链在第 {final_seq} 条处结束，而链头记为第 {head.seq} 条"
                                                       "（链尾被截断或链头被改动）")
    return result


def _chain_ids(agency_ids: Iterable[int] | None) -> list[int]:
    chains = set(Entry.objects.values_list("chain", flat=True).distinct())
    chains |= set(ChainHead.objects.values_list("chain", flat=True))
    chains |= set(Checkpoint.objects.values_list("chain", flat=True).distinct())
    if agency_ids is not None:
        chains &= set(agency_ids)
    return sorted(chains)


def verify(*, agency_ids: Iterable[int] | None = None, since: dt.datetime | None = None,
           progress: Callable[[int], None] | None = None) -> Report:
    report = Report()
    for chain in _chain_ids(agency_ids):
        result = verify_chain(chain, since=since, progress=progress)
        report.chains += 1
        report.entries += result.entries
        report.checkpoints += result.checkpoints
        if result.problem:
            report.problems.append(result.problem)
    for check in EXTRA_CHECKS:
        report.problems.extend(check(agency_ids=agency_ids, since=since, progress=progress))
    return report
