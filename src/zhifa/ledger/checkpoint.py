"""Signed checkpoints: every N entries or M minutes, a chain's Merkle tree head signed with its SM2 key.

A checkpoint of chain ``c`` at ``tree_size = n`` signs the canonical JSON (``canonical.py``) of

    {"chain": c, "head_hash": <entry_hash of entry n>, "root_hash": <MTH of entries 1..n>,
     "signed_at": <UTC time, canonical form>, "tree_size": n}

with SM2/SM3 (distinguishing ID ``1234567812345678``); the signature is stored as DER, in hex. The tree is
RFC 9162's over the entries' hashes (``merkle.py``). Before signing, the entries added since the previous
checkpoint are rechecked (links and hashes), so a chain that was tampered with is never signed. The sweep
then has each chain's witness co-sign its newest checkpoint (``witness.py``).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from zhifa.ledger import keys, merkle, sm2, witness
from zhifa.ledger.canonical import canonical_json
from zhifa.ledger.digest import ZERO
from zhifa.ledger.models import AgencyKey, ChainHead, Checkpoint, Entry

log = logging.getLogger(__name__)


class ChainBroken(RuntimeError):
    """The chain does not verify where the checkpoint would cover it: nothing is signed."""


def signed_bytes(checkpoint: Checkpoint) -> bytes:
    return canonical_json(checkpoint.signed())


def signature_holds(checkpoint: Checkpoint, key: AgencyKey | None = None) -> bool:
    key = key or AgencyKey.objects.filter(fingerprint=checkpoint.key_fingerprint, chain=checkpoint.chain).first()
    if key is None:
        return False
    try:
        signature = bytes.fromhex(checkpoint.signature)
    except ValueError:
        return False
    return sm2.verify(keys.public_key(key), signed_bytes(checkpoint), signature)


def _resume(last: Checkpoint | None) -> tuple[merkle.CompactRange, str]:
    """The compact range and head hash to continue from: the last checkpoint's, if it holds."""
    rng = merkle.CompactRange()
    if last is None:
        return rng, ZERO
    try:
        stack = [bytes.fromhex(last.compact_range[i:i + 64]) for i in range(0, len(last.compact_range), 64)]
    except ValueError:
        stack = []
    rng.stack, rng.size = stack, last.tree_size
    if (len(stack) == bin(last.tree_size).count("1") and rng.root().hex() == last.root_hash
            and signature_holds(last)):
        return rng, last.head_hash
    return merkle.CompactRange(), ZERO  # not to be trusted: recompute from the first entry


def make_checkpoint(chain: int, *, now: dt.datetime | None = None) -> Checkpoint | None:
    """Sign the chain's current head; None when nothing was added since the last checkpoint."""
    from zhifa.ledger.verify import check_entry

    now = now or timezone.now()
    key = keys.ensure_key(chain=chain)
    head = ChainHead.objects.filter(chain=chain).first()
    last = Checkpoint.objects.filter(chain=chain).order_by("-tree_size").first()
    if head is None or head.seq == 0 or (last is not None and last.tree_size >= head.seq):
        return None
    rng, expected_prev = _resume(last)
    entries = Entry.objects.filter(chain=chain, seq__gt=rng.size, seq__lte=head.seq).order_by("seq")
    for entry in entries.iterator(chunk_size=2000):
        problem = check_entry(entry, rng.size + 1, expected_prev)
        if problem:
            raise ChainBroken(f"链 {chain} 第 {entry.seq} 条：{problem}；不签名")
        rng.push(merkle.leaf_hash(bytes.fromhex(entry.entry_hash)))
        expected_prev = entry.entry_hash
    if rng.size != head.seq:
        raise ChainBroken(f"链 {chain} 在第 {rng.size} 条处结束，而链头记为第 {head.seq} 条；不签名")
    checkpoint = Checkpoint(chain=chain, tree_size=rng.size, root_hash=rng.root().hex(), head_hash=expected_prev,
                            signed_at=now, key_fingerprint=key.fingerprint,
                            compact_range="".join(h.hex() for h in rng.stack))
    checkpoint.signature = sm2.sign(keys.private_key(key), signed_bytes(checkpoint)).hex()
    try:
        with transaction.atomic():
            checkpoint.save()
    except IntegrityError:  # another worker signed this size a moment ago
        return None
    return checkpoint


def due(chain: int, seq: int, now: dt.datetime) -> bool:
    """Whether the chain, whose head is at ``seq``, should get a checkpoint now."""
    signed = Checkpoint.objects.filter(chain=chain).aggregate(n=Max("tree_size"))["n"] or 0
    if seq <= signed:
        return False
    if seq - signed >= settings.ZHIFA_CHECKPOINT_EVERY:
        return True
    oldest = Entry.objects.filter(chain=chain, seq=signed + 1).values_list("recorded_at", flat=True).first()
    return oldest is not None and now - oldest >= dt.timedelta(minutes=settings.ZHIFA_CHECKPOINT_MINUTES)


def sweep(now: dt.datetime) -> dict[str, int]:
    """The periodic sweep (``zhifa worker``): a checkpoint for every chain that is due, then each chain's
    witness co-signs its newest checkpoint if it does not hold it yet."""
    made = refused = witnessed = unwitnessed = 0
    for chain, seq in ChainHead.objects.filter(seq__gt=0).values_list("chain", "seq"):
        if not due(chain, seq, now):
            continue
        try:
            if make_checkpoint(chain, now=now) is not None:
                made += 1
        except (ChainBroken, keys.KeyMissing) as e:
            log.error("检查点未生成：%s", e)
            refused += 1
    for chain in Checkpoint.objects.values_list("chain", flat=True).distinct().order_by("chain"):
        try:
            if witness.witness_latest(chain, now=now) is not None:
                witnessed += 1
        except (witness.WitnessRefused, keys.KeyMissing) as e:
            log.error("检查点未获见证：%s", e)
            unwitnessed += 1
    return {"made": made, "refused": refused, "witnessed": witnessed, "witness_refused": unwitnessed}


def checkpoint_all(now: dt.datetime | None = None) -> None:
    """Sign every chain up to its last entry now, with its witness's cosignature (the demo ends so).

    A cosignature is an entry in the witness's chain, which then needs its own checkpoint (and its own
    witness's): rounds until nothing changes; the supervision tree is a few levels deep.
    """
    for _ in range(8):
        changed = False
        for chain in ChainHead.objects.filter(seq__gt=0).values_list("chain", flat=True).order_by("chain"):
            changed |= make_checkpoint(chain, now=now) is not None
        for chain in Checkpoint.objects.values_list("chain", flat=True).distinct().order_by("chain"):
            changed |= witness.witness_latest(chain, now=now) is not None
        if not changed:
            return
