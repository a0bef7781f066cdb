"""Export an agency's ledger entries over a time range as a BagIt bag (RFC 8493), and check such a bag offline.

The bag (docs/ledger.md describes every file and how to check it with openssl)::

    bagit.txt  bag-info.txt
    manifest-sha256.txt  manifest-sm3.txt  tagmanifest-sha256.txt  tagmanifest-sm3.txt
    data/entries.jsonl          one line per entry: canonical JSON {"entry_hash", "prev_hash", "record"}
    data/checkpoint.json        the signed checkpoint covering the range (and an earlier one, if any)
    data/checkpoint.signed      the exact bytes the checkpoint's signature covers
    data/checkpoint.sig         the SM2 signature, DER
    data/public_key.pem         the chain's public key (SubjectPublicKeyInfo)
    data/proofs.json            inclusion proof of every exported entry, consistency proof from the earlier one

Evidence blobs are not in the bag yet (pending the evidence store): entries carry their digests.

``verify_bag`` needs no database and nothing of zhifa's but the canonical form, SM3, SM2 and the Merkle
verification algorithms.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zhifa.ledger import merkle, sm2
from zhifa.ledger.canonical import NotCanonical, canonical_json

if TYPE_CHECKING:
    from zhifa.agencies.models import Agency
    from zhifa.ledger.models import Checkpoint

ALGORITHMS = ("sha256", "sm3")
PAYLOAD = ("data/entries.jsonl", "data/checkpoint.json", "data/checkpoint.signed", "data/checkpoint.sig",
           "data/public_key.pem", "data/proofs.json")
BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


class ExportError(ValueError):
    """The export cannot be made (no entries in range, an unverifiable chain); the message is Chinese."""


@dataclass
class ExportSummary:
    chain: int
    first_seq: int
    last_seq: int
    tree_size: int
    path: Path

    @property
    def entries(self) -> int:
        return self.last_seq - self.first_seq + 1


def _file_digests(path: Path) -> dict[str, str]:
    hashes = {alg: hashlib.new(alg) for alg in ALGORITHMS}
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            for h in hashes.values():
                h.update(chunk)
    return {alg: h.hexdigest() for alg, h in hashes.items()}


def _write_manifests(root: Path, prefix: str, names: list[str]) -> None:
    digests = {name: _file_digests(root / name) for name in sorted(names)}
    for alg in ALGORITHMS:
        lines = "".join(f"{d[alg]}  {name}\n" for name, d in digests.items())
        (root / f"{prefix}-{alg}.txt").write_text(lines, encoding="utf-8")


def _checkpoint_json(cp: Checkpoint, public_pem: str) -> dict[str, Any]:
    return {"signed": cp.signed(), "signature": cp.signature, "key_fingerprint": cp.key_fingerprint,
            "public_key": public_pem}


def _day_start(day: dt.date) -> dt.datetime:
    from django.utils import timezone

    return dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_current_timezone())


def export_bag(*, agency: Agency, out_dir: Path, since: dt.date | None = None,
               until: dt.date | None = None) -> ExportSummary:
    """Write the bag of ``agency``'s entries recorded on days ``since``..``until`` (inclusive) to ``out_dir``."""
    from django.db.models import Max, Min

    from zhifa.ledger.checkpoint import make_checkpoint, signature_holds
    from zhifa.ledger.models import AgencyKey, Checkpoint, Entry

    if not agency.level.is_agency:
        raise ExportError(f"“{agency.name}”不是执法主体，没有自己的记录链")
    chain = agency.pk
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise ExportError(f"输出目录不为空：{out_dir}")
    entries = Entry.objects.filter(chain=chain)
    if since:
        entries = entries.filter(recorded_at__gte=_day_start(since))
    if until:
        entries = entries.filter(recorded_at__lt=_day_start(until + dt.timedelta(days=1)))
    bounds = entries.aggregate(first=Min("seq"), last=Max("seq"))
    first, last = bounds["first"], bounds["last"]
    if first is None:
        raise ExportError("该时间范围内没有记录")
    cp = Checkpoint.objects.filter(chain=chain).order_by("-tree_size").first()
    if cp is None or cp.tree_size < last:
        cp = make_checkpoint(chain) or Checkpoint.objects.filter(chain=chain).order_by("-tree_size").first()
    assert cp is not None and cp.tree_size >= last
    earlier = Checkpoint.objects.filter(chain=chain, tree_size__lt=cp.tree_size).order_by("-tree_size").first()
    keys = {k.fingerprint: k for k in AgencyKey.objects.filter(chain=chain)}
    for c in (cp, earlier):
        if c is not None and not signature_holds(c, keys.get(c.key_fingerprint)):
            raise ExportError(f"链 {chain} 前 {c.tree_size} 条的检查点签名无效：请先运行 zhifa verify")

    store = merkle.NodeStore(merkle.for_leaves(first - 1, last - 1, earlier.tree_size if earlier else None))
    hashes = Entry.objects.filter(chain=chain, seq__lte=cp.tree_size).order_by("seq").values_list(
        "seq", "entry_hash")
    for seq, entry_hash in hashes.iterator(chunk_size=5000):
        if seq != store.size + 1:
            raise ExportError(f"链 {chain} 第 {store.size + 1} 条缺失：请先运行 zhifa verify")
        store.push(merkle.leaf_hash(bytes.fromhex(entry_hash)))
    if store.size != cp.tree_size or store.root().hex() != cp.root_hash:
        raise ExportError(f"链 {chain} 与前 {cp.tree_size} 条的检查点不符：请先运行 zhifa verify")

    data = out_dir / "data"
    data.mkdir(parents=True, exist_ok=True)
    with (data / "entries.jsonl").open("wb") as f:
        for entry in Entry.objects.filter(chain=chain, seq__gte=first, seq__lte=last).order_by("seq").iterator(
                chunk_size=2000):
            f.write(canonical_json({"entry_hash": entry.entry_hash, "prev_hash": entry.prev_hash,
                                    "record": entry.record()}) + b"\n")
    public_pem = keys[cp.key_fingerprint].public_key
    document = {"chain": chain, "agency": agency.name, "checkpoint": _checkpoint_json(cp, public_pem),
                "earlier": _checkpoint_json(earlier, keys[earlier.key_fingerprint].public_key) if earlier else None}
    (data / "checkpoint.json").write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")
    (data / "checkpoint.signed").write_bytes(canonical_json(cp.signed()))
    (data / "checkpoint.sig").write_bytes(bytes.fromhex(cp.signature))
    (data / "public_key.pem").write_text(public_pem, encoding="utf-8")
    with (data / "proofs.json").open("w", encoding="utf-8") as f:
        f.write(f'{{"tree_size": {cp.tree_size}, "root_hash": "{cp.root_hash}",\n "inclusion": [\n')
        for seq in range(first, last + 1):
            item = {"seq": seq, "leaf_index": seq - 1, "path": [h.hex() for h in store.inclusion(seq - 1)]}
            f.write(("  " if seq == first else ", ") + json.dumps(item) + "\n")
        consistency = None
        if earlier is not None:
            consistency = {"from": earlier.tree_size, "to": cp.tree_size,
                           "path": [h.hex() for h in store.consistency(earlier.tree_size)]}
        f.write(f' ],\n "consistency": {json.dumps(consistency)}}}\n')

    _write_manifests(out_dir, "manifest", list(PAYLOAD))
    (out_dir / "bagit.txt").write_text(BAGIT_TXT, encoding="utf-8")
    octets = sum((out_dir / name).stat().st_size for name in PAYLOAD)
    from django.utils import timezone

    info = [("Source-Organization", agency.name), ("Bagging-Date", timezone.localdate().isoformat()),
            ("External-Description", f"记录台账 链 {chain} 第 {first}–{last} 条，检查点前 {cp.tree_size} 条"),
            ("Payload-Oxum", f"{octets}.{len(PAYLOAD)}"), ("Bag-Software-Agent", "zhifa"),
            ("Zhifa-Chain", str(chain)), ("Zhifa-Seq-Range", f"{first}-{last}")]
    (out_dir / "bag-info.txt").write_text("".join(f"{k}: {v}\n" for k, v in info), encoding="utf-8")
    _write_manifests(out_dir, "tagmanifest", ["bagit.txt", "bag-info.txt",
                                              *(f"manifest-{alg}.txt" for alg in ALGORITHMS)])
    return ExportSummary(chain, first, last, cp.tree_size, out_dir)


# ---------------------------------------------------------------- offline verification


def _check_manifests(root: Path, problems: list[str]) -> None:
    listed: dict[str, set[str]] = {}
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
                elif _file_digests(target)[alg] != digest.lower():
                    problems.append(f"{file_name} 的 {alg.upper()} 摘要与 {name} 不符（文件被改动）")
    present = {p.relative_to(root).as_posix() for p in (root / "data").rglob("*") if p.is_file()} \
        if (root / "data").is_dir() else set()
    for alg in ALGORITHMS:
        for name in sorted(present - listed.get(f"manifest-{alg}.txt", set())):
            problems.append(f"{name} 不在 manifest-{alg}.txt 中（多出的文件）")
    for name in PAYLOAD:
        if name not in present and not any(name in s for s in listed.values()):
            problems.append(f"缺少文件 {name}")


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
    _check_manifests(root, problems)
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

    chain = signed["chain"]
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
            computed = hashlib.new("sm3", bytes.fromhex(item["prev_hash"]) + canonical_json(record)).hexdigest()
        except (ValueError, KeyError, TypeError, NotCanonical) as e:
            problems.append(f"{where}：无法解析（{e}）")
            previous_hash, previous_seq = None, None
            continue
        where = f"{where}（链 {chain} 第 {seq} 条）"
        if record.get("chain") != chain:
            problems.append(f"{where}：不属于链 {chain}")
        if computed != item["entry_hash"]:
            problems.append(f"{where}：哈希不符：重算为 {computed}，记录为 {item['entry_hash']}（内容被改动）")
        if previous_seq is not None and seq != previous_seq + 1:
            problems.append(f"{where}：序号不连续，应为 {previous_seq + 1}（有记录被删除、插入或调换）")
        if previous_hash is not None and item["prev_hash"] != previous_hash:
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
