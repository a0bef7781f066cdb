"""Export ledger entries as a BagIt bag (RFC 8493) with the evidence files they name, and check a bag offline.

Two selections: an agency's entries over a time range (a contiguous run of ``seq``), or the entries about
given objects — a case's evidence — which lie scattered through the chain. Every exported entry carries its
own inclusion proof against the checkpoint, so either kind proves each entry was in the signed chain.

The bag (docs/ledger.md describes every file and how to check it with openssl)::

    bagit.txt  bag-info.txt
    manifest-sha256.txt  manifest-sm3.txt  tagmanifest-sha256.txt  tagmanifest-sm3.txt
    data/entries.jsonl          one line per entry: canonical JSON {"entry_hash", "prev_hash", "record"}
    data/checkpoint.json        the signed checkpoint covering the entries (and an earlier one, if any)
    data/checkpoint.signed      the exact bytes the checkpoint's signature covers
    data/checkpoint.sig         the SM2 signature, DER
    data/public_key.pem         the chain's public key (SubjectPublicKeyInfo)
    data/proofs.json            the selection, an inclusion proof per entry, the consistency proof
    data/evidence/<sm3>         each evidence file an entry names, named by its SM3
    data/evidence-missing.json  the digests entries name that the bag does not carry, and why

The evidence files come from an ``EvidenceSource`` that the app keeping them (records) supplies — passed in,
or registered in ``EVIDENCE_SOURCES`` for ``zhifa export`` — so the ledger imports nothing above it. The
source records each export (REC-13) before a byte is copied.

``verify_bag`` needs no database and nothing of zhifa's but the canonical form, SM3, SM2 and the Merkle
verification algorithms.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from zhifa.ledger import merkle, sm2
from zhifa.ledger.canonical import NotCanonical, canonical_json

if TYPE_CHECKING:
    from django.db import models
    from django.db.models import QuerySet

    from zhifa.agencies.models import Agency
    from zhifa.ledger.models import AgencyKey, Checkpoint, Entry

ALGORITHMS = ("sha256", "sm3")
PAYLOAD = ("data/entries.jsonl", "data/checkpoint.json", "data/checkpoint.signed", "data/checkpoint.sig",
           "data/public_key.pem", "data/proofs.json")
EVIDENCE_DIR = "data/evidence"
MISSING = "data/evidence-missing.json"
BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
CHUNK = 1 << 20
SM3_HEX = re.compile(r"[0-9a-f]{64}")


# What an export that met a broken store asks for; the evidence pages say it without the command.
VERIFY_FIRST = "请先运行 zhifa verify"

class ExportError(ValueError):
    """The export cannot be made (no entries in range, an unverifiable chain); the message is Chinese."""


@dataclass
class ExportSummary:
    chain: int
    first_seq: int
    last_seq: int
    entries: int
    tree_size: int
    path: Path
    evidence_files: int = 0
    evidence_missing: int = 0


# ---------------------------------------------------------------- evidence files


@dataclass(frozen=True)
class HeldBlob:
    """What the store has of one digest an exported entry names."""

    sm3: str
    size: int | None = None
    open: Callable[[], IO[bytes]] | None = None  # the bytes, when they go into the bag
    reason: str = "not_held"  # otherwise why not: "purged", "not_held", "not_permitted"
    detail: str = "文件库中没有该文件"


class EvidenceSource(Protocol):
    """Evidence files for one export, acting for one user: what the app that keeps them supplies."""

    @property
    def subjects(self) -> Sequence[models.Model] | None:
        """A case's objects, whose entries make up the bag; None for a time range."""

    def record_export(self, digests: list[str]) -> None:
        """Record the export of the evidence behind ``digests`` (REC-13); raise to refuse the export."""

    def lookup(self, digests: list[str]) -> dict[str, HeldBlob]:
        """What the store holds of each digest; a digest left out is not held."""


# ``zhifa export`` uses the first: a callable (actor, reason, agency, case_number) -> EvidenceSource.
# records registers one in its AppConfig.ready(), as it adds its blob check to verify.EXTRA_CHECKS.
EVIDENCE_SOURCES: list[Callable[..., EvidenceSource]] = []


def _file_digests(path: Path) -> dict[str, str]:
    hashes = {alg: hashlib.new(alg) for alg in ALGORITHMS}
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            for h in hashes.values():
                h.update(chunk)
    return {alg: h.hexdigest() for alg, h in hashes.items()}


def _copy_blob(blob: HeldBlob, target: Path) -> dict[str, str]:
    """Copy the blob's bytes to ``target`` in constant memory, hashing them on the way; refuse altered bytes."""
    assert blob.open is not None
    hashes = {alg: hashlib.new(alg) for alg in ALGORITHMS}
    size = 0
    try:
        with blob.open() as src, target.open("xb") as out:
            while chunk := src.read(CHUNK):
                out.write(chunk)
                size += len(chunk)
                for h in hashes.values():
                    h.update(chunk)
    except OSError as e:
        target.unlink(missing_ok=True)
        raise ExportError(f"证据文件 {blob.sm3} 无法从文件库读取（{e}）：{VERIFY_FIRST}") from None
    digests = {alg: h.hexdigest() for alg, h in hashes.items()}
    if digests["sm3"] != blob.sm3 or (blob.size is not None and size != blob.size):
        target.unlink()
        raise ExportError(f"证据文件 {blob.sm3} 在文件库中已被改动（重算 SM3 为 {digests['sm3']}，{size} 字节）："
                          f"{VERIFY_FIRST}")
    return digests


def _write_evidence(root: Path, digests: set[str], source: EvidenceSource | None
                    ) -> tuple[dict[str, dict[str, str]], int]:
    """The evidence files and evidence-missing.json; returns the copied files' digests and how many are missing."""
    wanted = sorted(d for d in digests if SM3_HEX.fullmatch(d))
    held = source.lookup(wanted) if source is not None and wanted else {}
    copied: dict[str, dict[str, str]] = {}
    missing: list[dict[str, Any]] = []
    for sm3 in sorted(digests):
        blob = held.get(sm3) or (HeldBlob(sm3) if sm3 in wanted else HeldBlob(sm3, detail="不是 SM3 摘要"))
        if blob.open is None:
            missing.append({"sm3": sm3, "size": blob.size, "reason": blob.reason, "detail": blob.detail})
            continue
        name = f"{EVIDENCE_DIR}/{sm3}"
        (root / EVIDENCE_DIR).mkdir(exist_ok=True)
        copied[name] = _copy_blob(blob, root / name)
    (root / MISSING).write_text(json.dumps(missing, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return copied, len(missing)


# ---------------------------------------------------------------- export


def _write_manifests(root: Path, prefix: str, names: list[str],
                     known: dict[str, dict[str, str]] | None = None) -> None:
    """Manifests of ``names``; digests in ``known`` (computed while copying) are not read again."""
    known = known or {}
    digests = {name: known.get(name) or _file_digests(root / name) for name in sorted(names)}
    for alg in ALGORITHMS:
        lines = "".join(f"{d[alg]}  {name}\n" for name, d in digests.items())
        (root / f"{prefix}-{alg}.txt").write_text(lines, encoding="utf-8")


def _checkpoint_json(cp: Checkpoint, public_pem: str) -> dict[str, Any]:
    return {"signed": cp.signed(), "signature": cp.signature, "key_fingerprint": cp.key_fingerprint,
            "public_key": public_pem}


def _day_start(day: dt.date) -> dt.datetime:
    from django.utils import timezone

    return dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_current_timezone())


@dataclass
class _Selection:
    """The exported entries of one chain: every seq from first to last, or only ``seqs`` (about subjects)."""

    entries: QuerySet[Entry]
    first: int
    last: int
    seqs: list[int] | None

    @property
    def count(self) -> int:
        return self.last - self.first + 1 if self.seqs is None else len(self.seqs)

    def each_seq(self) -> Iterable[int]:
        return range(self.first, self.last + 1) if self.seqs is None else self.seqs

    def wanted(self, boundary: int | None) -> Callable[[int, int], bool]:
        """The Merkle nodes the inclusion proofs (and the consistency proof from ``boundary``) need."""
        if self.seqs is None:
            return merkle.for_leaves(self.first - 1, self.last - 1, boundary)
        leaves = [seq - 1 for seq in self.seqs]
        consistency = merkle.for_boundary(boundary) if boundary is not None else None

        # A node is on some leaf's path when its parent's span holds a chosen leaf: one bisection per node, so
        # the kept nodes grow with the chosen entries, not with the stretch of chain between them.
        def wanted(level: int, index: int) -> bool:
            span = 2 << level
            lo = (index >> 1) * span
            i = bisect.bisect_left(leaves, lo)
            if i < len(leaves) and leaves[i] < lo + span:
                return True
            return consistency is not None and consistency(level, index)

        return wanted


def _select(chain: int, since: dt.date | None, until: dt.date | None,
            subjects: Sequence[models.Model] | None) -> _Selection:
    from django.db.models import Max, Min, Q

    from zhifa.ledger.models import Entry

    entries = Entry.objects.filter(chain=chain)
    if since:
        entries = entries.filter(recorded_at__gte=_day_start(since))
    if until:
        entries = entries.filter(recorded_at__lt=_day_start(until + dt.timedelta(days=1)))
    if subjects is None:
        bounds = entries.aggregate(first=Min("seq"), last=Max("seq"))
        first, last = bounds["first"], bounds["last"]
        if first is None:
            raise ExportError("该时间范围内没有记录")
        return _Selection(Entry.objects.filter(chain=chain, seq__gte=first, seq__lte=last), first, last, None)
    ids: dict[str, list[str]] = {}
    for subject in subjects:
        ids.setdefault(subject._meta.label_lower, []).append(str(subject.pk))
    about = Q(pk__in=[])
    for label, pks in ids.items():
        about |= Q(subject_type=label, subject_id__in=pks)
    entries = entries.filter(about)
    seqs = list(entries.order_by("seq").values_list("seq", flat=True))
    if not seqs:
        raise ExportError("所选对象在该链中没有记录")
    return _Selection(entries, seqs[0], seqs[-1], seqs)


def _named_digests(entries: QuerySet[Entry]) -> set[str]:
    found: set[str] = set()
    for text in entries.exclude(evidence="[]").values_list("evidence", flat=True).iterator(chunk_size=2000):
        found.update(d for d in json.loads(text) if isinstance(d, str))
    return found


def _checkpoints(chain: int, last: int) -> tuple[Checkpoint, Checkpoint | None, dict[str, AgencyKey]]:
    """The newest checkpoint (made now if none covers ``last``), the one before, and the chain's keys."""
    from zhifa.ledger.checkpoint import ChainBroken, make_checkpoint, signature_holds
    from zhifa.ledger.models import AgencyKey, Checkpoint

    cp = Checkpoint.objects.filter(chain=chain).order_by("-tree_size").first()
    if cp is None or cp.tree_size < last:
        try:
            cp = make_checkpoint(chain) or Checkpoint.objects.filter(chain=chain).order_by("-tree_size").first()
        except ChainBroken as e:
            raise ExportError(f"{e}：{VERIFY_FIRST}") from None
    assert cp is not None and cp.tree_size >= last
    earlier = Checkpoint.objects.filter(chain=chain, tree_size__lt=cp.tree_size).order_by("-tree_size").first()
    keys = {k.fingerprint: k for k in AgencyKey.objects.filter(chain=chain)}
    for c in (cp, earlier):
        if c is not None and not signature_holds(c, keys.get(c.key_fingerprint)):
            raise ExportError(f"链 {chain} 前 {c.tree_size} 条的检查点签名无效：{VERIFY_FIRST}")
    return cp, earlier, keys


def _proof_store(chain: int, cp: Checkpoint, earlier: Checkpoint | None, selection: _Selection) -> merkle.NodeStore:
    """Stream the chain's hashes up to the checkpoint once, keeping the nodes the proofs need."""
    from zhifa.ledger.models import Entry

    store = merkle.NodeStore(selection.wanted(earlier.tree_size if earlier else None))
    hashes = Entry.objects.filter(chain=chain, seq__lte=cp.tree_size).order_by("seq").values_list(
        "seq", "entry_hash")
    for seq, entry_hash in hashes.iterator(chunk_size=5000):
        if seq != store.size + 1:
            raise ExportError(f"链 {chain} 第 {store.size + 1} 条缺失：{VERIFY_FIRST}")
        store.push(merkle.leaf_hash(bytes.fromhex(entry_hash)))
    if store.size != cp.tree_size or store.root().hex() != cp.root_hash:
        raise ExportError(f"链 {chain} 与前 {cp.tree_size} 条的检查点不符：{VERIFY_FIRST}")
    return store


def _write_entries(path: Path, selection: _Selection) -> set[str]:
    """entries.jsonl; returns the evidence digests the entries name."""
    named: set[str] = set()
    with path.open("wb") as f:
        for entry in selection.entries.order_by("seq").iterator(chunk_size=2000):
            record = entry.record()
            named.update(record["evidence"])
            f.write(canonical_json({"entry_hash": entry.entry_hash, "prev_hash": entry.prev_hash,
                                    "record": record}) + b"\n")
    return named


def _write_proofs(path: Path, cp: Checkpoint, earlier: Checkpoint | None, selection: _Selection,
                  store: merkle.NodeStore) -> None:
    kind = "range" if selection.seqs is None else "subjects"
    with path.open("w", encoding="utf-8") as f:
        f.write(f'{{"selection": "{kind}", "tree_size": {cp.tree_size}, "root_hash": "{cp.root_hash}",\n'
                ' "inclusion": [\n')
        for n, seq in enumerate(selection.each_seq()):
            item = {"seq": seq, "leaf_index": seq - 1, "path": [h.hex() for h in store.inclusion(seq - 1)]}
            f.write(("  " if n == 0 else ", ") + json.dumps(item) + "\n")
        consistency = None
        if earlier is not None:
            consistency = {"from": earlier.tree_size, "to": cp.tree_size,
                           "path": [h.hex() for h in store.consistency(earlier.tree_size)]}
        f.write(f' ],\n "consistency": {json.dumps(consistency)}}}\n')


def export_bag(*, agency: Agency, out_dir: Path, since: dt.date | None = None, until: dt.date | None = None,
               subjects: Sequence[models.Model] | None = None, evidence: EvidenceSource | None = None,
               label: str = "") -> ExportSummary:
    """Write the bag of ``agency``'s entries recorded on days ``since``..``until`` (inclusive) to ``out_dir``;
    with ``subjects``, only the entries about those objects. ``evidence`` supplies the files the entries name
    and records their export first; without it every named digest is listed as not held. ``label`` says
    what was exported, for bag-info.txt (e.g. the case)."""
    from django.utils import timezone

    if not agency.level.is_agency:
        raise ExportError(f"“{agency.name}”不是执法主体，没有自己的记录链")
    chain = agency.pk
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise ExportError(f"输出目录不为空：{out_dir}")
    selection = _select(chain, since, until, subjects)
    if evidence is not None:
        # Recorded before a byte is copied, so no export goes unrecorded; the new entries are about the same
        # objects, so a case's bag carries the record of its own export.
        evidence.record_export(sorted(_named_digests(selection.entries)))
        selection = _select(chain, since, until, subjects)
    cp, earlier, keys = _checkpoints(chain, selection.last)
    store = _proof_store(chain, cp, earlier, selection)

    data = out_dir / "data"
    data.mkdir(parents=True, exist_ok=True)
    named = _write_entries(data / "entries.jsonl", selection)
    public_pem = keys[cp.key_fingerprint].public_key
    document = {"chain": chain, "agency": agency.name, "checkpoint": _checkpoint_json(cp, public_pem),
                "earlier": _checkpoint_json(earlier, keys[earlier.key_fingerprint].public_key) if earlier else None}
    (data / "checkpoint.json").write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")
    (data / "checkpoint.signed").write_bytes(canonical_json(cp.signed()))
    (data / "checkpoint.sig").write_bytes(bytes.fromhex(cp.signature))
    (data / "public_key.pem").write_text(public_pem, encoding="utf-8")
    _write_proofs(data / "proofs.json", cp, earlier, selection, store)
    copied, missing = _write_evidence(out_dir, named, evidence)

    payload = [*PAYLOAD, MISSING, *copied]
    _write_manifests(out_dir, "manifest", payload, copied)
    (out_dir / "bagit.txt").write_text(BAGIT_TXT, encoding="utf-8")
    octets = sum((out_dir / name).stat().st_size for name in payload)
    what = f"{label} " if label else ""
    span = (f"第 {selection.first}–{selection.last} 条" if selection.seqs is None
            else f"第 {selection.first}–{selection.last} 条之间的 {selection.count} 条")
    info = [("Source-Organization", agency.name), ("Bagging-Date", timezone.localdate().isoformat()),
            ("External-Description", f"记录台账 链 {chain} {what}{span}，检查点前 {cp.tree_size} 条，"
                                     f"证据文件 {len(copied)} 个，未随包 {missing} 个"),
            ("Payload-Oxum", f"{octets}.{len(payload)}"), ("Bag-Software-Agent", "zhifa"),
            ("Zhifa-Chain", str(chain)), ("Zhifa-Seq-Range", f"{selection.first}-{selection.last}"),
            ("Zhifa-Entries", str(selection.count))]
    (out_dir / "bag-info.txt").write_text("".join(f"{k}: {v}\n" for k, v in info), encoding="utf-8")
    _write_manifests(out_dir, "tagmanifest", ["bagit.txt", "bag-info.txt",
                                              *(f"manifest-{alg}.txt" for alg in ALGORITHMS)])
    return ExportSummary(chain, selection.first, selection.last, selection.count, cp.tree_size, out_dir,
                         len(copied), missing)


# ---------------------------------------------------------------- offline verification


def _check_manifests(root: Path, problems: list[str]) -> dict[str, dict[str, str]]:
    """Check every manifest line; returns the digests computed, each file read once however often listed."""
    listed: dict[str, set[str]] = {}
    computed: dict[str, dict[str, str]] = {}
    for prefix in ("manifest", "tagmanifest"):
        for alg in ALGORITHMS:
            name = f"{prefix}-{alg}.txt"
            path = root / name
            if not path.is_file():
                problems.append(f"缺少文件 {name}")
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                digest, _, file_name = line.partition("  ")
                target = (root / file_name).resolve()
                if not file_name or not target.is_relative_to(root.resolve()):
                    problems.append(f"{name} 第 {number} 行格式无效")
                    continue
                listed.setdefault(name, set()).add(file_name)
                if not target.is_file():
                    problems.append(f"缺少文件 {file_name}（{name} 中列出）")
                    continue
                if file_name not in computed:
                    computed[file_name] = _file_digests(target)
                if computed[file_name][alg] != digest.lower():
                    problems.append(f"{file_name} 的 {alg.upper()} 摘要与 {name} 不符（文件被改动）")
    present = {p.relative_to(root).as_posix() for p in (root / "data").rglob("*") if p.is_file()} \
        if (root / "data").is_dir() else set()
    for alg in ALGORITHMS:
        for name in sorted(present - listed.get(f"manifest-{alg}.txt", set())):
            problems.append(f"{name} 不在 manifest-{alg}.txt 中（多出的文件）")
    for name in PAYLOAD:
        if name not in present and not any(name in s for s in listed.values()):
            problems.append(f"缺少文件 {name}")
    return computed


def _check_evidence(root: Path, computed: dict[str, dict[str, str]], named: dict[str, int],
                    problems: list[str]) -> None:
    """Each evidence file is named by its SM3; each digest an entry names is carried or listed as missing."""
    carried: set[str] = set()
    folder = root / EVIDENCE_DIR
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            name = f"{EVIDENCE_DIR}/{path.name}"
            if not path.is_file() or not SM3_HEX.fullmatch(path.name):
                problems.append(f"{name} 不是以 SM3 摘要命名的证据文件")
                continue
            carried.add(path.name)
            sm3 = (computed.get(name) or _file_digests(path))["sm3"]
            if sm3 != path.name:
                problems.append(f"{name} 的 SM3 与文件名不符：重算为 {sm3}（文件被改动）")
    listed: set[str] = set()
    if (root / MISSING).is_file():
        try:
            items = json.loads((root / MISSING).read_text(encoding="utf-8"))
            listed = {item["sm3"] for item in items if isinstance(item.get("reason"), str)}
        except (ValueError, TypeError, KeyError, AttributeError) as e:
            problems.append(f"{MISSING} 无法读取：{e}")
    for sm3, number in sorted(named.items(), key=lambda item: (item[1], item[0])):
        if sm3 not in carried and sm3 not in listed:
            problems.append(f"entries.jsonl 第 {number} 行引用的证据文件 {sm3} 既不在 {EVIDENCE_DIR}/ 中，"
                            f"也未列入 evidence-missing.json")
    for sm3 in sorted(carried & listed):
        problems.append(f"证据文件 {sm3} 在包中，却又列入 evidence-missing.json")
    for sm3 in sorted(carried - named.keys()):
        problems.append(f"{EVIDENCE_DIR}/{sm3} 未被任何记录引用（多出的文件）")


def _verify_checkpoint(doc: dict[str, Any], label: str, problems: list[str]) -> sm2.PublicKey | None:
    try:
        public = sm2.PublicKey.from_pem(doc["public_key"])
        signature = bytes.fromhex(doc["signature"])
        signed = canonical_json(doc["signed"])
    except (KeyError, TypeError, ValueError) as e:
        problems.append(f"{label}格式无效：{e}")
        return None
    if public.fingerprint() != doc.get("key_fingerprint"):
        problems.append(f"{label}的公钥指纹与所附公钥不符")
    if not sm2.verify(public, signed, signature):
        problems.append(f"{label}的 SM2 签名无效")
    return public


def verify_bag(path: Path) -> list[str]:
    """Everything wrong with the bag at ``path``, in Chinese; empty when it holds. No database needed."""
    root = Path(path)
    problems: list[str] = []
    if not (root / "bagit.txt").is_file():
        return [f"{root} 不是 BagIt 包：缺少 bagit.txt"]
    if not (root / "bagit.txt").read_text(encoding="utf-8").startswith("BagIt-Version: "):
        problems.append("bagit.txt 格式无效")
    computed = _check_manifests(root, problems)
    data = root / "data"
    try:
        document = json.loads((data / "checkpoint.json").read_text(encoding="utf-8"))
        proofs = json.loads((data / "proofs.json").read_text(encoding="utf-8"))
        cp = document["checkpoint"]
        signed = cp["signed"]
        tree_size, root_hash = int(signed["tree_size"]), bytes.fromhex(signed["root_hash"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        return [*problems, f"检查点或证明文件无法读取：{e}"]
    _verify_checkpoint(cp, "检查点", problems)
    if (data / "checkpoint.signed").is_file() and (data / "checkpoint.signed").read_bytes() != canonical_json(signed):
        problems.append("checkpoint.signed 与 checkpoint.json 中的签名内容不符")
    if (data / "checkpoint.sig").is_file() and (data / "checkpoint.sig").read_bytes().hex() != cp["signature"]:
        problems.append("checkpoint.sig 与 checkpoint.json 中的签名不符")
    if (data / "public_key.pem").is_file() and (data / "public_key.pem").read_text() != cp["public_key"]:
        problems.append("public_key.pem 与 checkpoint.json 中的公钥不符")
    if proofs.get("tree_size") != tree_size or proofs.get("root_hash") != signed["root_hash"]:
        problems.append("proofs.json 的树大小或根与检查点不符")
    paths = {item["seq"]: item for item in proofs.get("inclusion", [])}
    # A time range is a contiguous run of seq; a case's entries may skip, and link only where they adjoin.
    contiguous = proofs.get("selection", "range") == "range"

    chain = signed["chain"]
    named: dict[str, int] = {}  # digest -> first line naming it
    previous_hash: str | None = None
    previous_seq: int | None = None
    try:
        lines = (data / "entries.jsonl").read_bytes().split(b"\n")
    except OSError:
        lines = []
    if lines and lines[-1] == b"":
        lines.pop()
    for number, line in enumerate(lines, 1):
        where = f"entries.jsonl 第 {number} 行"
        try:
            item = json.loads(line)
            record = item["record"]
            seq = int(record["seq"])
            if canonical_json(item) != line:
                problems.append(f"{where}：不是规范 JSON（被改写）")
            computed_hash = hashlib.new("sm3", bytes.fromhex(item["prev_hash"]) + canonical_json(record)).hexdigest()
            for digest in record["evidence"]:
                named.setdefault(str(digest), number)
        except (ValueError, KeyError, TypeError, NotCanonical) as e:
            problems.append(f"{where}：无法解析（{e}）")
            previous_hash, previous_seq = None, None
            continue
        where = f"{where}（链 {chain} 第 {seq} 条）"
        if record.get("chain") != chain:
            problems.append(f"{where}：不属于链 {chain}")
        if computed_hash != item["entry_hash"]:
            problems.append(f"{where}：哈希不符：重算为 {computed_hash}，记录为 {item['entry_hash']}（内容被改动）")
        adjoins = previous_seq is not None and seq == previous_seq + 1
        if previous_seq is not None and not adjoins and (contiguous or seq <= previous_seq):
            expected = f"应为 {previous_seq + 1}" if contiguous else f"应大于 {previous_seq}"
            problems.append(f"{where}：序号不连续，{expected}（有记录被删除、插入或调换）")
        if adjoins and previous_hash is not None and item["prev_hash"] != previous_hash:
            problems.append(f"{where}：前一条哈希不符（有记录被删除、插入或调换）")
        if seq == tree_size and item["entry_hash"] != signed["head_hash"]:
            problems.append(f"{where}：与检查点的链头哈希不符")
        proof = paths.pop(seq, None)
        if seq > tree_size:
            problems.append(f"{where}：不在检查点（前 {tree_size} 条）范围内")
        elif proof is None:
            problems.append(f"{where}：缺少包含证明")
        elif not merkle.verify_inclusion(seq - 1, tree_size, merkle.leaf_hash(bytes.fromhex(item["entry_hash"])),
                                         [bytes.fromhex(h) for h in proof["path"]], root_hash):
            problems.append(f"{where}：包含证明不成立（记录不在已签名的树中）")
        previous_hash, previous_seq = item["entry_hash"], seq
    if not lines:
        problems.append("entries.jsonl 中没有记录")
    for seq in sorted(paths):
        problems.append(f"proofs.json 有第 {seq} 条的证明，entries.jsonl 中却没有该条（记录被删除）")
    _check_evidence(root, computed, named, problems)

    earlier, consistency = document.get("earlier"), proofs.get("consistency")
    if earlier is not None:
        _verify_checkpoint(earlier, "较早的检查点", problems)
        try:
            old = earlier["signed"]
            ok = consistency is not None and merkle.verify_consistency(
                int(old["tree_size"]), tree_size, bytes.fromhex(old["root_hash"]), root_hash,
                [bytes.fromhex(h) for h in consistency["path"]]) and consistency["from"] == old["tree_size"]
        except (KeyError, TypeError, ValueError):
            ok = False
        if not ok:
            problems.append("与较早检查点的一致性证明不成立")
    return problems
