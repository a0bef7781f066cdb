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
- the checkpoints held outside the agency's tables (``Anchor``): the witness's co-signed copies
  (witness.py) and those of checkpoint files an auditor kept from the public feed: at each one's size, the
  recomputed root and head hash must be the ones it holds;
- the end: no signed checkpoint, own or held elsewhere, lies beyond the last entry (a truncation after a
  checkpoint is caught even when the attacker rewrote the chain head and deleted the agency's checkpoints
  too), and the chain head names the last entry.
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

from zhifa.ledger import merkle, scan, sm2, witness
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
class Anchor:
    """A checkpoint of a chain held outside its agency's tables: a witness's copy, or one in a file."""

    chain: int
    tree_size: int
    root_hash: str
    head_hash: str
    source: str  # where it is held, for the messages
    key_fingerprint: str = ""  # a file's: must be a key of the chain


@dataclass
class Report:
    chains: int = 0
    entries: int = 0
    checkpoints: int = 0
    problems: list[Problem] = field(default_factory=list)
    witnessed: dict[int, str] = field(default_factory=dict)  # chain -> what its witnesses' copies cover
    unwitnessed: dict[int, str] = field(default_factory=dict)  # chain -> why nobody witnesses it
    anchors: int = 0  # checkpoints held elsewhere that were checked

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
    anchors: int = 0
    problem: Problem | None = None


def _start_seq(chain: int, since: dt.datetime | None) -> int:
    """The first entry to check: the first recorded at or after ``since`` (earlier ones are only linked)."""
    if since is None:
        return 1
    seq = Entry.objects.filter(chain=chain, recorded_at__gte=since).order_by("seq").values_list(
        "seq", flat=True).first()
    return seq if seq is not None else 2**63


def verify_chain(chain: int, *, since: dt.datetime | None = None, progress: Callable[[int], None] | None = None,
                 anchors: Iterable[Anchor] = ()) -> ChainResult:
    """Entries and checkpoints checked, and the first problem, for one chain."""
    # One transaction on PostgreSQL: one snapshot, and a plain server-side cursor. Not on SQLite, where
    # a transaction would be BEGIN IMMEDIATE and hold off every writer while the chain is read.
    with transaction.atomic() if connection.vendor == "postgresql" else contextlib.nullcontext():
        return _verify_chain(chain, since, progress, anchors)


def _verify_chain(chain: int, since: dt.datetime | None, progress: Callable[[int], None] | None,
                  anchors: Iterable[Anchor]) -> ChainResult:
    result = ChainResult()
    start = _start_seq(chain, since)
    lock = threading.Lock()
    cps = _Checkpoints.of(chain, lock)
    held = collections.deque(sorted((a for a in anchors if a.tree_size > 0), key=lambda a: a.tree_size))
    scanner = scan.Scanner(chain, start, KEY_CREATED)
    checked_here = 0  # rows the scanner handed back and check_entry passed

    def stop_size() -> int:
        sizes = [n for n in (cps.next.tree_size if cps.next is not None else 0,
                             held[0].tree_size if held else 0) if n]
        return min(sizes, default=0)

    def reached() -> Problem | None:
        """Check the checkpoints the scanner has reached; watch what the next one's proof needs."""
        while held and held[0].tree_size <= scanner.size:
            anchor = held.popleft()
            rng = merkle.CompactRange()
            rng.stack, rng.size = list(scanner.stack), scanner.size
            if anchor.tree_size != scanner.size or anchor.root_hash != rng.root().hex():
                return Problem(chain, anchor.tree_size, f"与{anchor.source}不符：其前 {anchor.tree_size} 条的 Merkle 根"
                                                        f"为 {anchor.root_hash}，重算为 {rng.root().hex()}"
                                                        "（检查点之后记录被改写）")
            if anchor.head_hash != scanner.prev:
                return Problem(chain, anchor.tree_size, f"与{anchor.source}不符：其第 {anchor.tree_size} 条的哈希"
                                                        f"为 {anchor.head_hash}，实际为 {scanner.prev}（记录被改写）")
            result.anchors += 1
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
                i, why = scanner.feed(rows, i, stop_size())
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
    if held:
        anchor = held[-1]
        return finish(Problem(chain, final_seq + 1, (
            f"链在第 {final_seq} 条处结束，但{anchor.source}记为前 {anchor.tree_size} 条："
            "检查点之后的记录被截断或删除（本机关的检查点也已不见）")))
    head = ChainHead.objects.filter(chain=chain).first()
    if head is None:
        return finish(Problem(chain, final_seq, "链头缺失"))
    if head.seq != final_seq or (final_seq and head.head_hash != scanner.prev):
        return finish(Problem(chain, final_seq + 1, f"链在第 {final_seq} 条处结束，而链头记为第 {head.seq} 条"
                                                     "（链尾被截断或链头被改动）"))
    return finish()


def _chain_ids(agency_ids: Iterable[int] | None, also: Iterable[int]) -> list[int]:
    chains = set(Entry.objects.values_list("chain", flat=True).distinct())
    chains |= set(ChainHead.objects.values_list("chain", flat=True))
    chains |= set(Checkpoint.objects.values_list("chain", flat=True).distinct())
    chains |= set(also)  # a chain deleted whole is still named by the checkpoints held elsewhere
    if agency_ids is not None:
        chains &= set(agency_ids)
    return sorted(chains)


def _witness_anchors(report: Report, chains: list[int], copies: dict[int, list[witness.Copy]]
                     ) -> dict[int, list[Anchor]]:
    """The witnesses' copies of each chain's checkpoints whose cosignature holds; the others are problems."""
    keys = {(k.chain, k.fingerprint): k for k in AgencyKey.objects.filter(
        chain__in={c.witness for items in copies.values() for c in items})}
    anchors: dict[int, list[Anchor]] = {}
    for chain in chains:
        items = copies.get(chain, [])
        good = []
        for c in items:
            name = witness.directory.name(c.witness) or f"链 {c.witness}"
            source = f"监督机关{name}的见证副本（链 {c.witness} 第 {c.seq} 条）"
            if not c.cosignature_holds(keys.get((c.witness, c.payload.get("witness_key", "")))):
                report.problems.append(Problem(chain, c.tree_size, f"{source}的见证签名无效（见证副本被改动或伪造）"))
                continue
            try:
                good.append(Anchor(chain, int(c.payload["tree_size"]), str(c.payload["root_hash"]),
                                   str(c.payload["head_hash"]), source))
            except (KeyError, TypeError, ValueError):
                report.problems.append(Problem(chain, c.tree_size, f"{source}格式无效"))
        if good:
            names = sorted({witness.directory.name(c.witness) or f"链 {c.witness}" for c in items})
            report.witnessed[chain] = f"{'、'.join(names)}见证至前 {max(a.tree_size for a in good)} 条"
            anchors[chain] = good
        elif not items:
            report.unwitnessed[chain] = ("无监督司法局" if witness.directory.witness(chain) is None
                                         else "监督机关尚未见证任何检查点")
    return anchors


def _file_key_problems(anchors: Iterable[Anchor]) -> list[Problem]:
    registered = set(AgencyKey.objects.values_list("chain", "fingerprint"))
    return [Problem(a.chain, a.tree_size, f"{a.source}的签名公钥（指纹 {a.key_fingerprint[:16]}…）不是本链登记的公钥"
                                          "（公钥表被改动？）")
            for a in anchors if a.key_fingerprint and (a.chain, a.key_fingerprint) not in registered]


def verify(*, agency_ids: Iterable[int] | None = None, since: dt.datetime | None = None,
           progress: Callable[[int], None] | None = None, held: Iterable[Anchor] = ()) -> Report:
    """Every chain (or those of ``agency_ids``), with its witnesses' copies and the checkpoints ``held``
    elsewhere (files an auditor kept: ``load_checkpoint_file``)."""
    report = Report()
    held = list(held)
    copies = witness.all_copies()
    chains = _chain_ids(agency_ids, [*copies, *(a.chain for a in held)])
    anchors = _witness_anchors(report, chains, copies)
    for anchor in held:
        anchors.setdefault(anchor.chain, []).append(anchor)
    report.problems.extend(p for p in _file_key_problems(held) if p.chain in chains)
    for chain in chains:
        result = verify_chain(chain, since=since, progress=progress, anchors=anchors.get(chain, ()))
        report.chains += 1
        report.entries += result.entries
        report.checkpoints += result.checkpoints
        report.anchors += result.anchors
        if result.problem:
            report.problems.append(result.problem)
    for check in EXTRA_CHECKS:
        report.problems.extend(check(agency_ids=agency_ids, since=since, progress=progress))
    return report


class BadCheckpointFile(ValueError):
    """A checkpoint file that cannot be read, or whose signatures do not hold."""


def load_checkpoint_file(path: str, text: str) -> list[Anchor]:
    """The checkpoints of a file kept from the public feed (or a bag's ``checkpoint.json``), each signature
    checked with the public key the file carries; BadCheckpointFile names what is wrong."""
    from zhifa.ledger.checkpoint import signed_bytes

    try:
        doc = json.loads(text)
    except ValueError as e:
        raise BadCheckpointFile(f"{path} 不是 JSON：{e}") from None
    items = doc.get("checkpoints") if isinstance(doc, dict) else None
    if items is None:
        items = [doc, *([doc["earlier"]] if isinstance(doc, dict) and doc.get("earlier") else [])]
    anchors = []
    for n, item in enumerate(items, 1):
        label = f"检查点文件 {path} 第 {n} 个检查点"
        try:
            signed = item["signed"]
            cp = Checkpoint(chain=int(signed["chain"]), tree_size=int(signed["tree_size"]),
                            root_hash=str(signed["root_hash"]), head_hash=str(signed["head_hash"]),
                            signed_at=parse_time(signed["signed_at"]))
            if not 0 <= cp.chain < 2**63 or not 0 < cp.tree_size < 2**63:
                raise ValueError("链号或记录数超出范围")
            public = sm2.PublicKey.from_pem(item["public_key"])
            signature = bytes.fromhex(item["signature"])
            if signed_bytes(cp) != canonical_json(signed):
                raise ValueError("signed 不是检查点的规范字段")
        except (KeyError, TypeError, ValueError, NotCanonical) as e:
            raise BadCheckpointFile(f"{label}格式无效：{e}") from None
        if public.fingerprint() != item.get("key_fingerprint"):
            raise BadCheckpointFile(f"{label}的公钥指纹与所附公钥不符")
        if not sm2.verify(public, signed_bytes(cp), signature):
            raise BadCheckpointFile(f"{label}的 SM2 签名无效")
        anchors.append(Anchor(cp.chain, cp.tree_size, cp.root_hash, cp.head_hash,
                              f"检查点文件 {path}（签于 {signed['signed_at']}）", public.fingerprint()))
    if not anchors:
        raise BadCheckpointFile(f"{path} 中没有检查点")
    return anchors
