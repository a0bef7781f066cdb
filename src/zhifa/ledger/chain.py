"""Appending to the ledger: every write function calls ``append`` inside its own transaction (REC-12).

Each 执法主体 has its own chain, so appends from different agencies never wait for each other; acts that
belong to no agency (the working-day calendar, the regions above the agencies) go to the system chain.
Within one chain the head row is locked for the rest of the transaction, so concurrent writers queue and
the chain never forks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from zhifa.ledger.canonical import canonical_json, canonical_text
from zhifa.ledger.digest import ZERO, entry_hash
from zhifa.ledger.models import SYSTEM_CHAIN, ChainHead, Entry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from zhifa.agencies.models import Agency


def chain_of(agency: Agency | None) -> int:
    """The chain an act in ``agency`` belongs to: its 执法主体's, or the system chain."""
    if agency is None:
        return SYSTEM_CHAIN
    owner = agency if agency.level.is_agency else agency.enclosing_agency()
    return owner.pk if owner.level.is_agency else SYSTEM_CHAIN


def _locked_head(chain: int) -> ChainHead:
    try:
        return ChainHead.objects.select_for_update().get(chain=chain)
    except ChainHead.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            ChainHead.objects.create(chain=chain, seq=0, head_hash=ZERO)
    except IntegrityError:  # another writer started this chain a moment ago
        pass
    return ChainHead.objects.select_for_update().get(chain=chain)


def append(*, actor: User | AnonymousUser | None, agency: Agency | None, kind: str, subject: models.Model | None,
           payload: dict[str, Any], evidence: Iterable[str] = (), corrects: Entry | None = None,
           chain: int | None = None) -> Entry:
    """Add one entry for an act just done, in the caller's transaction; returns the new entry.

    ``payload`` holds what changed, in canonical-JSON-able values; ``evidence`` the SM3 digests of any
    blobs the act relies on; ``corrects`` the earlier entry this one corrects (nothing is edited in place).
    ``chain`` names the chain directly, for the ledger's own entries (a chain's signing key).
    """
    if chain is None:
        chain = chain_of(agency)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    actor_label = actor.get_username() if actor is not None and actor.is_authenticated else "系统"
    with transaction.atomic():
        head = _locked_head(chain)
        entry = Entry(
            chain=chain, seq=head.seq + 1, prev_hash=head.head_hash, kind=kind,
            subject_type=subject._meta.label_lower if subject is not None else "",
            subject_id=str(subject.pk) if subject is not None else "",
            subject_label=str(subject)[:200] if subject is not None else "",
            actor_id=actor_id, actor_label=actor_label[:150], recorded_at=timezone.now(),
            payload=canonical_text(payload), evidence=canonical_text(sorted(set(evidence))),
            corrects=corrects.entry_hash if corrects is not None else "")
        entry.entry_hash = entry_hash(entry.prev_hash, canonical_json(entry.record()))
        entry.save()
        head.seq, head.head_hash = entry.seq, entry.entry_hash
        head.save(update_fields=["seq", "head_hash"])
    return entry


def entries_about(subject: models.Model):
    """The entries recorded about one object, oldest first."""
    return Entry.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk)).order_by(
        "recorded_at", "pk")
