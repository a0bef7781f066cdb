"""Witnesses: the supervising 司法局 co-signs each agency's checkpoints in its own chain (issue 9).

An agency's own checkpoints sit in the agency's database: whoever can disable the triggers can cut the
chain's tail, rewrite its head and delete the checkpoints that would have shown the cut. So each signed
checkpoint also leaves the agency's reach, in the style of transparency-log witnesses (C2SP tlog-witness):
its witness — the 司法局 supervising the region the agency lies in (``Directory.witness``) — checks it and
co-signs it with the witness's own SM2 key, in an entry of the witness's own chain:

    kind "ledger.checkpoint_witnessed", payload {"chain", "cosignature", "cosigned_at", "head_hash",
    "key_fingerprint", "root_hash", "signature", "signed_at", "tree_size", "witness_key"}

``cosignature`` is SM2 over the canonical JSON of ``cosigned()``: the agency's signed checkpoint fields plus
``cosigned_at``, ``type`` ("zhifa-cosignature/v1") and ``witness`` (the witness's chain). Before co-signing,
the witness checks the agency's signature (with a key announced in the agency's chain) and an RFC 9162
consistency proof from the last checkpoint it witnessed for that chain: it never co-signs a smaller tree
(a rollback) or a different root at the same size (a fork). ``zhifa verify`` then checks every agency
chain against the witness's copies, and against checkpoint files an auditor kept from the public feed.

The ledger knows no agencies: the agencies app sets ``directory`` (who the witness of a chain is, and
each chain's public name).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from zhifa.ledger import keys, merkle, sm2
from zhifa.ledger.canonical import canonical_json, format_time
from zhifa.ledger.chain import append
from zhifa.ledger.models import SYSTEM_CHAIN, AgencyKey, Checkpoint, Entry

WITNESSED = "ledger.checkpoint_witnessed"
COSIGNATURE = "zhifa-cosignature/v1"


class Directory(Protocol):
    def name(self, chain: int) -> str | None:
        """The public name of the chain's owner; None when there is no such chain."""

    def witness(self, chain: int) -> int | None:
        """The chain whose owner witnesses this chain's checkpoints; None when nobody does."""


class _NoAgencies:
    def name(self, chain: int) -> str | None:
        return "系统链" if chain == SYSTEM_CHAIN else None

    def witness(self, chain: int) -> int | None:
        return None


directory: Directory = _NoAgencies()


class WitnessRefused(RuntimeError):
    """The witness will not co-sign: a bad signature, a rollback, a fork, or a chain that does not extend."""


def cosigned(copy: dict[str, Any], witness: int) -> dict[str, Any]:
    """What the witness's cosignature covers (its canonical JSON bytes), from a witnessed copy's fields."""
    return {"chain": copy["chain"], "tree_size": copy["tree_size"], "root_hash": copy["root_hash"],
            "head_hash": copy["head_hash"], "signed_at": copy["signed_at"], "cosigned_at": copy["cosigned_at"],
            "type": COSIGNATURE, "witness": witness}


@dataclass
class Copy:
    """One witnessed checkpoint as the witness's chain holds it."""

    witness: int
    seq: int  # of the witness's entry
    payload: dict[str, Any]

    @property
    def tree_size(self) -> int:
        return self.payload["tree_size"]

    def cosignature_holds(self, key: AgencyKey | None) -> bool:
        if key is None:
            return False
        try:
            signature = bytes.fromhex(self.payload["cosignature"])
            return sm2.verify(keys.public_key(key), canonical_json(cosigned(self.payload, self.witness)), signature)
        except (KeyError, TypeError, ValueError):
            return False


def _copies(entries) -> list[Copy]:
    out = []
    for witness, seq, text in entries.values_list("chain", "seq", "payload"):
        try:
            payload = json.loads(text)
            if isinstance(payload, dict) and isinstance(payload.get("tree_size"), int):
                out.append(Copy(witness, seq, payload))
        except ValueError:
            continue  # a broken entry: zhifa verify names it in the witness's own chain
    return out


def _entries_of(chain: int):
    # Canonical JSON sorts keys, so every payload begins with its "chain": an exact prefix match.
    return Entry.objects.filter(kind=WITNESSED, payload__startswith=f'{{"chain":{int(chain)},')


def copies_of(chain: int, *, witness: int | None = None) -> list[Copy]:
    """The witnessed copies of ``chain``'s checkpoints (by ``witness`` only, if given), smallest tree first."""
    entries = _entries_of(chain)
    if witness is not None:
        entries = entries.filter(chain=witness)
    return sorted(_copies(entries.order_by("chain", "seq")), key=lambda c: (c.tree_size, c.witness, c.seq))


def latest_copy(chain: int, witness: int) -> Copy | None:
    """The last copy ``witness`` made of ``chain``'s checkpoints: its largest, since it never co-signs less.

    Read from the witness's own chain only, never from the agency's tables, which the witness must not
    trust: with the agency's checkpoints deleted it still refuses a rollback.
    """
    found = _copies(_entries_of(chain).filter(chain=witness).order_by("-seq")[:1])
    return found[0] if found else None


def all_copies() -> dict[int, list[Copy]]:
    """Every witnessed copy, by the chain it witnesses, smallest tree first."""
    by_chain: dict[int, list[Copy]] = {}
    for copy in _copies(Entry.objects.filter(kind=WITNESSED).order_by("chain", "seq")):
        if isinstance(copy.payload.get("chain"), int):
            by_chain.setdefault(copy.payload["chain"], []).append(copy)
    for items in by_chain.values():
        items.sort(key=lambda c: (c.tree_size, c.witness, c.seq))
    return by_chain


def _consistency(chain: int, old: Copy, new: Checkpoint) -> list[bytes]:
    """The log's RFC 9162 consistency proof from the witnessed tree to the new one, from the chain's entries.

    Resumes from the agency's own checkpoint at the old size when its compact range gives the witnessed
    root; otherwise streams the chain from the first entry.
    """
    m, n = old.tree_size, new.tree_size
    store = merkle.NodeStore(merkle.for_boundary(m))
    snapshot: dict[tuple[int, int], bytes] = {}
    at_m = Checkpoint.objects.filter(chain=chain, tree_size=m).first()
    if at_m is not None:
        try:
            stack = [bytes.fromhex(at_m.compact_range[i:i + 64]) for i in range(0, len(at_m.compact_range), 64)]
        except ValueError:
            stack = []
        store.range.stack, store.range.size = stack, m
        if len(stack) == bin(m).count("1") and store.range.root().hex() == old.payload["root_hash"]:
            snapshot = {(level, index): h for level, index, h in store.range.nodes()}
        else:
            store.range.stack, store.range.size = [], 0
    hashes = Entry.objects.filter(chain=chain, seq__gt=store.size, seq__lte=n).order_by("seq").values_list(
        "seq", "entry_hash")
    for seq, entry_hash in hashes.iterator(chunk_size=5000):
        if seq != store.size + 1:
            raise WitnessRefused(f"链 {chain} 第 {store.size + 1} 条缺失")
        store.push(merkle.leaf_hash(bytes.fromhex(entry_hash)))
    if store.size != n:
        raise WitnessRefused(f"链 {chain} 只有 {store.size} 条，检查点却记为前 {n} 条")
    return merkle.proof(m, n, merkle.stored_mth({**snapshot, **store.kept}, store.range))


def cosign(checkpoint: Checkpoint, witness: int, *, now: dt.datetime | None = None) -> Entry | None:
    """Check ``checkpoint`` as its witness and record the cosignature in the witness's chain.

    None when the witness already holds this tree; WitnessRefused when it must not co-sign.
    """
    from zhifa.ledger.checkpoint import signature_holds

    chain = checkpoint.chain
    if witness == chain:
        raise WitnessRefused(f"链 {chain} 不能为自己见证")
    agency_key = AgencyKey.objects.filter(chain=chain, fingerprint=checkpoint.key_fingerprint).first()
    announced = Entry.objects.filter(chain=chain, kind=keys.KEY_CREATED, seq__lte=checkpoint.tree_size,
                                     payload__contains=f'"fingerprint":"{checkpoint.key_fingerprint}"').exists()
    if agency_key is None or not announced or not signature_holds(checkpoint, agency_key):
        raise WitnessRefused(f"链 {chain} 前 {checkpoint.tree_size} 条的检查点签名无效，或公钥未在链中登记")
    previous = latest_copy(chain, witness)
    if previous is not None:
        if checkpoint.tree_size < previous.tree_size:
            raise WitnessRefused(f"链 {chain} 的检查点（前 {checkpoint.tree_size} 条）小于已见证的"
                                 f"前 {previous.tree_size} 条：拒绝回退")
        if checkpoint.tree_size == previous.tree_size:
            if checkpoint.root_hash == previous.payload["root_hash"]:
                return None
            raise WitnessRefused(f"链 {chain} 前 {checkpoint.tree_size} 条的 Merkle 根与已见证的不同：拒绝分叉")
        proof = _consistency(chain, previous, checkpoint)
        if not merkle.verify_consistency(previous.tree_size, checkpoint.tree_size,
                                         bytes.fromhex(previous.payload["root_hash"]),
                                         bytes.fromhex(checkpoint.root_hash), proof):
            raise WitnessRefused(f"链 {chain} 前 {checkpoint.tree_size} 条与已见证的前 {previous.tree_size} 条"
                                 "不一致：拒绝见证")
    key = keys.ensure_key(chain=witness)
    payload: dict[str, Any] = {**checkpoint.signed(), "key_fingerprint": checkpoint.key_fingerprint,
                               "signature": checkpoint.signature,
                               "cosigned_at": format_time(now or timezone.now()), "witness_key": key.fingerprint}
    payload["cosignature"] = sm2.sign(keys.private_key(key), canonical_json(cosigned(payload, witness))).hex()
    with transaction.atomic():
        return append(actor=None, agency=None, kind=WITNESSED, subject=checkpoint, payload=payload, chain=witness)


def witness_latest(chain: int, *, now: dt.datetime | None = None) -> Entry | None:
    """Have the chain's witness co-sign its newest checkpoint, unless it has no witness or holds it already."""
    witness = directory.witness(chain)
    latest = Checkpoint.objects.filter(chain=chain).order_by("-tree_size").first()
    if witness is None or latest is None:
        return None
    # The usual case, every sweep: the witness holds it already (found by the entry's subject, indexed).
    if Entry.objects.filter(chain=witness, kind=WITNESSED, subject_type=Checkpoint._meta.label_lower,
                            subject_id=str(latest.pk)).exists():
        return None
    return cosign(latest, witness, now=now)
