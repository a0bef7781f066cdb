"""Appending to the ledger: every write function calls ``append`` inside its own transaction (REC-12).

Each 执法主体 has its own chain, so appends from different agencies never wait for each other; acts that
belong to no agency (the working-day calendar, the regions above the agencies) go to the system chain.
Within one chain the head row is locked for the rest of the transaction, so concurrent writers queue and
the chain never forks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from zhifa.ledger.canonical import canonical_json, canonical_text, normalise
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


def _start_chain(chain: int) -> None:
    """Give ``chain`` its empty head, unless another writer has just done so."""
    try:
        with transaction.atomic():
            ChainHead.objects.create(chain=chain, seq=0, head_hash=ZERO)
    except DatabaseError:
        # Another writer started this chain after we looked: its head's key refuses our row while its
        # transaction is open, and the head guard refuses a start at zero once it has committed entries.
        if not ChainHead.objects.filter(chain=chain).exists():
            raise


def _locked_head(chain: int) -> ChainHead:
    try:
        return ChainHead.objects.select_for_update().get(chain=chain)
    except ChainHead.DoesNotExist:
        _start_chain(chain)
    return ChainHead.objects.select_for_update().get(chain=chain)


_COLUMNS = ("chain", "seq", "prev_hash", "entry_hash", "kind", "subject_type", "subject_id", "subject_label",
            "actor_id", "actor_label", "recorded_at", "payload", "evidence", "corrects")
_INSERT = f"INSERT INTO ledger_entry ({', '.join(_COLUMNS)}) VALUES ({', '.join(['%s'] * len(_COLUMNS))})"


def _head_row(cursor, chain: int) -> tuple[int, str] | None:
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""  # SQLite: BEGIN IMMEDIATE locks
    cursor.execute(f"SELECT seq, head_hash FROM ledger_chainhead WHERE chain = %s{lock}", [chain])
    return cursor.fetchone()


def _entry(*, actor: User | AnonymousUser | None, kind: str, subject: models.Model | None, payload: dict[str, Any],
           evidence: Iterable[str], corrects: Entry | None, chain: int) -> tuple[Entry, Any, Any]:
    """An entry not yet placed in its chain, with its payload and evidence normalised."""
    authenticated = actor is not None and actor.is_authenticated
    values = normalise(payload)
    digests = normalise(sorted(set(evidence)))
    entry = Entry(
        chain=chain, kind=kind,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        subject_label=str(subject)[:200] if subject is not None else "",
        actor_id=actor.pk if authenticated else None,  # type: ignore[union-attr]
        actor_label=(actor.get_username() if authenticated else "系统")[:150],  # type: ignore[union-attr]
        recorded_at=timezone.now(), payload=canonical_text(values), evidence=canonical_text(digests),
        corrects=corrects.entry_hash if corrects is not None else "")
    return entry, values, digests


def _head(cursor, chain: int) -> tuple[int, str]:
    """The chain's (seq, head hash), its head row locked for the rest of the transaction."""
    head = _head_row(cursor, chain)
    if head is None:
        _locked_head(chain)
        head = _head_row(cursor, chain)
        assert head is not None
    return head


def _place(entry: Entry, values: Any, digests: Any, head: tuple[int, str]) -> list[Any]:
    """Put ``entry`` after ``head``: its seq, previous and own hash; the INSERT's parameters."""
    entry.seq, entry.prev_hash = head[0] + 1, head[1]
    record = entry.record(payload=values, evidence=digests)
    entry.entry_hash = entry_hash(entry.prev_hash, canonical_json(record))
    params = [getattr(entry, c) for c in _COLUMNS]
    params[_COLUMNS.index("recorded_at")] = connection.ops.adapt_datetimefield_value(entry.recorded_at)
    return params


def append(*, actor: User | AnonymousUser | None, agency: Agency | None, kind: str, subject: models.Model | None,
           payload: dict[str, Any], evidence: Iterable[str] = (), corrects: Entry | None = None,
           chain: int | None = None) -> Entry:
    """Add one entry for an act just done, in the caller's transaction; returns the new entry.

    ``payload`` holds what changed, in canonical-JSON-able values; ``evidence`` the SM3 digests of any
    blobs the act relies on; ``corrects`` the earlier entry this one corrects (nothing is edited in place).
    ``chain`` names the chain directly, for the ledger's own entries (a chain's signing key).

    Three plain statements — lock the head row, insert the entry, move the head — and no savepoint: a
    failure here fails the caller's transaction, which is what an unrecorded act must do.
    """
    if chain is None:
        chain = chain_of(agency)
    entry, values, digests = _entry(actor=actor, kind=kind, subject=subject, payload=payload, evidence=evidence,
                                    corrects=corrects, chain=chain)
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        params = _place(entry, values, digests, _head(cursor, chain))
        if connection.features.can_return_columns_from_insert:
            cursor.execute(_INSERT + " RETURNING id", params)
            entry.pk = cursor.fetchone()[0]
        else:
            cursor.execute(_INSERT, params)
            entry.pk = cursor.lastrowid
        cursor.execute("UPDATE ledger_chainhead SET seq = %s, head_hash = %s WHERE chain = %s",
                       [entry.seq, entry.entry_hash, chain])
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


def append_many(*, actor: User | AnonymousUser | None, acts: Iterable[tuple[Agency | None, str, models.Model, dict]]
                ) -> int:
    """Add one entry per (agency, kind, subject, payload) of ``acts``, in the caller's transaction, as ``append``
    would one by one, in that order within each chain; the statements per chain, not per entry (a bulk
    import writes thousands). Returns how many."""
    by_chain: dict[int, list[tuple[Entry, Any, Any]]] = {}
    for agency, kind, subject, payload in acts:
        chain = chain_of(agency)
        by_chain.setdefault(chain, []).append(
            _entry(actor=actor, kind=kind, subject=subject, payload=payload, evidence=(), corrects=None, chain=chain))
    count = 0
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        for chain, entries in by_chain.items():
            head = _head(cursor, chain)
            rows = []
            for entry, values, digests in entries:
                rows.append(_place(entry, values, digests, head))
                head = (entry.seq, entry.entry_hash)
            cursor.executemany(_INSERT, rows)
            cursor.execute("UPDATE ledger_chainhead SET seq = %s, head_hash = %s WHERE chain = %s",
                           [head[0], head[1], chain])
            count += len(rows)
    return count


def entries_about(subject: models.Model):
    """The entries recorded about one object, oldest first."""
    return Entry.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk)).order_by(
        "recorded_at", "pk")
