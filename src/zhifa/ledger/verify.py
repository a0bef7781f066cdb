"""Recompute every chain and its signed checkpoints, and name the first thing that does not hold (REC-12).

For each chain, one pass over its entries in ``seq`` order (a server-side cursor on PostgreSQL), holding
a batch or two of rows, the Merkle compact range (log2 n hashes) and the nodes the next consistency proof
needs — memory stays flat however long the chain. The rows go through a scanner (``scan.py``: C, or the
same in Python) that settles the rows that hold; the rest, and every checkpoint, are checked here. Checked:

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

import collections
import contextlib
import datetime as dt
import json
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from zhifa.ledger import merkle, scan, sm2
from zhifa.ledger.canonical import NotCanonical, canonical_json, canonical_text
from zhifa.ledger.digest import entry_hash
from zhifa.ledger.models import AgencyKey, ChainHead, Checkpoint, Entry
from zhifa.ledger.scan import COLUMNS, STOP_ROW, parse_time

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


# ---------------------------------------------------------------- the rows


def _entry_from_row(chain: int, row: tuple) -> Entry:
    values = {c: v.decode("utf-8", "replace") if isinstance(v, bytes) else v for c, v in zip(COLUMNS, row, strict=True)}
    values["recorded_at"] = parse_time(values["recorded_at"])
    return Entry(chain=chain, **values)


def _select(chain: int) -> tuple[str, list[int]]:
    """The chain's rows, ``recorded_at`` as Django's SQLite text on both databases (see scan.py)."""
    columns = list(COLUMNS)
    at = columns.index("recorded_at")
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        columns[at] = "to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
    else:  # the stored text as it is: no datetime object to make and format again
        columns[at] = "CAST(recorded_at AS TEXT)"
    if scan.Scanner is not scan.PyScanner:  # the C scanner takes the UTF-8 of the long texts as it is
        for name in ("subject_label", "actor_label", "payload"):
            columns[columns.index(name)] = f"convert_to({name}, 'UTF8')" if postgresql else f"CAST({name} AS BLOB)"
    return f"SELECT {', '.join(columns)} FROM ledger_entry WHERE chain = %s ORDER BY seq", [chain]


class _Batches:
    """A chain's rows in batches, the next one fetched on a thread while this one is checked.

    The database drivers let go of the GIL while the database works, and the C scanner while it hashes,
    so fetching and hashing overlap on a second core; one batch waits at most, so memory stays flat.
    One connection serves both threads, never at once: ``lock`` is held around each fetch, and must be
    held by the caller whenever it queries meanwhile.
    """

    SIZE = 5000

    def __init__(self, chain: int, lock: threading.Lock) -> None:
        self.lock = lock
        self._queue: queue.Queue[list[tuple] | BaseException] = queue.Queue(maxsize=1)
        self._stop = threading.Event()
        if connection.vendor == "postgresql":
            # A server-side cursor in binary: the texts arrive as the bytes the scanner hashes. The caller
            # holds a transaction, so the cursor is not WITH HOLD (which would compute every row up front).
            connection.ensure_connection()
            self._cursor = connection.connection.cursor(name=f"zhifa_verify_{chain}", binary=True)
        else:
            self._cursor = connection.chunked_cursor()
        self._cursor.execute(*_select(chain))
        self._thread = threading.Thread(target=self._fetch, name=f"verify-chain-{chain}", daemon=True)
        self._thread.start()

    def _fetch(self) -> None:
        try:
            while not self._stop.is_set():
                with self.lock:
                    rows = self._cursor.fetchmany(self.SIZE)
                self._queue.put(rows)
                if not rows:
                    return
        except BaseException as e:  # handed to the reader, who raises it
            self._queue.put(e)

    def __iter__(self) -> Iterator[list[tuple]]:
        while True:
            rows = self._queue.get()
            if isinstance(rows, BaseException):
                raise rows
            if not rows:
                return
            yield rows

    def close(self) -> None:
        self._stop.set()
        while self._thread.is_alive():  # a fetcher blocked on a full queue needs it emptied to see the stop
            with contextlib.suppress(queue.Empty):
                self._queue.get_nowait()
            self._thread.join(timeout=0.01)
        self._cursor.close()


# ---------------------------------------------------------------- checkpoints


@dataclass
class _Checkpoints:
    """The chain's checkpoints in order, and what is needed to check the next one."""

    chain: int
    keys: dict[str, sm2.PublicKey]
    lock: threading.Lock  # the connection's, shared with the rows' fetcher
    page: collections.deque[Checkpoint] = field(default_factory=collections.deque)
    loaded_to: int = -1
    exhausted: bool = False
    next: Checkpoint | None = None
    previous: Checkpoint | None = None
    snapshot: dict[tuple[int, int], bytes] = field(default_factory=dict)
    announced: dict[str, int] = field(default_factory=dict)
    checked: int = 0

    PAGE = 1000

    @classmethod
    def of(cls, chain: int, lock: threading.Lock) -> _Checkpoints:
        keys = {k.fingerprint: sm2.PublicKey.from_pem(k.public_key) for k in AgencyKey.objects.filter(chain=chain)}
        c = cls(chain, keys, lock)
        c.advance()
        return c

    def advance(self) -> None:
        """Make the following checkpoint ``next``; a page of them is read at a time, under the lock."""
        if not self.page and not self.exhausted:
            with self.lock:
                page = list(Checkpoint.objects.filter(chain=self.chain, tree_size__gt=self.loaded_to)
                            .order_by("tree_size")[:self.PAGE])
            self.page.extend(page)
            self.exhausted = len(page) < self.PAGE
            if page:
                self.loaded_to = page[-1].tree_size
        self.next = self.page.popleft() if self.page else None

    def watched(self) -> tuple[int, int] | None:
        """The leaves whose neighbouring subtrees the next consistency proof needs, while one is to come."""
        if self.previous is None or self.next is None:
            return None
        return self.previous.tree_size - 1, self.previous.tree_size

    def check(self, rng: merkle.CompactRange, head_hash: str, kept: dict[tuple[int, int], bytes]) -> str | None:
        """Check the next checkpoint, which ``rng`` has just reached; ``kept`` are the watched subtrees."""
        cp = self.next
        assert cp is not None
        self.checked += 1
        what = self._problem(cp, rng, head_hash, kept)
        self.previous = cp
        self.advance()
        self.snapshot = {(level, index): h for level, index, h in rng.nodes()}
        if what:
            return f"检查点（前 {cp.tree_size} 条，签于 {timezone.localtime(cp.signed_at):%Y-%m-%d %H:%M:%S}）：{what}"
        return None

    def _problem(self, cp: Checkpoint, rng: merkle.CompactRange, head_hash: str,
                 kept: dict[tuple[int, int], bytes]) -> str | None:
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
            proof = merkle.proof(previous.tree_size, cp.tree_size, merkle.stored_mth({**self.snapshot, **kept}, rng))
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
    # One transaction on PostgreSQL: one snapshot, and a plain server-side cursor. Not on SQLite, where
    # a transaction would be BEGIN IMMEDIATE and hold off every writer while the chain is read.
    with transaction.atomic() if connection.vendor == "postgresql" else contextlib.nullcontext():
        return _verify_chain(chain, since, progress)


def _verify_chain(chain: int, since: dt.datetime | None, progress: Callable[[int], None] | None) -> ChainResult:
    result = ChainResult()
    start = _start_seq(chain, since)
    lock = threading.Lock()
    cps = _Checkpoints.of(chain, lock)
    scanner = scan.Scanner(chain, start, KEY_CREATED)
    checked_here = 0  # rows the scanner handed back and check_entry passed

    def reached() -> Problem | None:
        """Check the checkpoints the scanner has reached; watch what the next one's proof needs."""
        while cps.next is not None and cps.next.tree_size <= scanner.size:
            rng = merkle.CompactRange()
            rng.stack, rng.size = list(scanner.stack), scanner.size
            what = (cps.check(rng, scanner.prev, scanner.kept) if cps.next.tree_size == scanner.size
                    else "检查点的记录数无效")
            if what:
                return Problem(chain, scanner.size, what)
            scanner.watch(cps.watched())
        return None

    def finish(problem: Problem | None = None) -> ChainResult:
        result.entries, result.checkpoints = scanner.checked + checked_here, cps.checked
        result.problem = problem
        return result

    if problem := reached():
        return finish(problem)
    batches = _Batches(chain, lock)
    try:
        for rows in batches:
            before = scanner.checked + checked_here
            i, n = 0, len(rows)
            while i < n:
                i, why = scanner.feed(rows, i, cps.next.tree_size if cps.next is not None else 0)
                if why == STOP_ROW:  # the scanner could not settle it: the full checks decide
                    row = rows[i]
                    seq = row[0]
                    if seq >= start:
                        checked_here += 1
                        what = check_entry(_entry_from_row(chain, row), scanner.seq, scanner.prev)
                        if what:
                            return finish(Problem(chain, scanner.seq if "序号" in what else seq, what))
                    if row[3] == KEY_CREATED:
                        with contextlib.suppress(ValueError, KeyError, TypeError):
                            cps.announced.setdefault(json.loads(row[10])["fingerprint"], seq)
                    try:
                        scanner.accept(seq, row[2])
                    except ValueError:
                        return finish(Problem(chain, seq, f"本条哈希不是 64 位十六进制：{row[2]!r}"))
                    i += 1
                if problem := reached():
                    return finish(problem)
            if progress:
                progress(scanner.checked + checked_here - before)
    finally:
        batches.close()
    final_seq = scanner.seq - 1
    if cps.next is not None:
        cp = cps.next
        return finish(Problem(chain, final_seq + 1, (
            f"链在第 {final_seq} 条处结束，但有已签名的检查点记为前 {cp.tree_size} 条"
            f"（签于 {timezone.localtime(cp.signed_at):%Y-%m-%d %H:%M:%S}）：检查点之后的记录被截断或删除")))
    head = ChainHead.objects.filter(chain=chain).first()
    if head is None:
        return finish(Problem(chain, final_seq, "链头缺失"))
    if head.seq != final_seq or (final_seq and head.head_hash != scanner.prev):
        return finish(Problem(chain, final_seq + 1, f"链在第 {final_seq} 条处结束，而链头记为第 {head.seq} 条"
                                                     "（链尾被截断或链头被改动）"))
    return finish()


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
