"""The record ledger: one append-only hash chain per 执法主体, and one for system-wide acts (REC-12).

Entries are never changed or deleted: the ORM refuses here, and database triggers refuse on PostgreSQL
and SQLite (migration 0002). Whoever gets past both — a database superuser disabling the triggers —
is caught by ``zhifa verify``, which recomputes every hash.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from zhifa.ledger.canonical import format_time

SYSTEM_CHAIN = 0


class Immutable(Exception):
    """A change to a ledger entry was attempted."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise Immutable("台账记录不可修改（REC-12）")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise Immutable("台账记录不可删除（REC-12）")


class AppendOnly(models.Model):
    """Rows that are written once and never changed or deleted (entries, checkpoints, public keys)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise Immutable("台账记录不可修改（REC-12）")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise Immutable("台账记录不可删除（REC-12）")


class Entry(AppendOnly):
    chain = models.PositiveBigIntegerField("链", help_text="执法主体的编号；0 为系统链")
    seq = models.PositiveBigIntegerField("序号")
    prev_hash = models.CharField("前一条哈希", max_length=64)
    entry_hash = models.CharField("本条哈希", max_length=64, unique=True)
    kind = models.CharField("事项", max_length=60, db_index=True)
    subject_type = models.CharField("对象类型", max_length=60)
    subject_id = models.CharField("对象编号", max_length=64)
    subject_label = models.CharField("对象", max_length=200)
    # The actor as plain values, not a foreign key: accounts may go, entries never do.
    actor_id = models.BigIntegerField("操作人编号", null=True)
    actor_label = models.CharField("操作人", max_length=150)
    recorded_at = models.DateTimeField("时间")
    payload = models.TextField("内容（规范 JSON）")
    evidence = models.TextField("证据摘要（规范 JSON）", default="[]")
    corrects = models.CharField("更正的记录哈希", max_length=64, blank=True)

    class Meta:
        ordering = ["chain", "seq"]
        verbose_name = verbose_name_plural = "台账记录"
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="ledger_entry_chain_seq")]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.kind}"

    def record(self, *, payload: Any = None, evidence: Any = None) -> dict[str, Any]:
        """The hashed record, from the stored fields; its canonical bytes follow ``prev_hash``.

        ``payload`` and ``evidence``, when given, are the already-normalised values of the stored texts
        (``append`` has them at hand and need not parse its own output).
        """
        return {
            "v": 1,
            "chain": self.chain,
            "seq": self.seq,
            "kind": self.kind,
            "subject": {"type": self.subject_type, "id": self.subject_id, "label": self.subject_label},
            "actor": {"id": self.actor_id, "label": self.actor_label},
            "at": format_time(self.recorded_at),
            "payload": json.loads(self.payload) if payload is None else payload,
            "evidence": json.loads(self.evidence) if evidence is None else evidence,
            "corrects": self.corrects or None,
        }


class ChainHead(models.Model):
    """The last entry of each chain; its row lock serialises appends to one chain (PostgreSQL)."""

    chain = models.PositiveBigIntegerField(primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    head_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "链头"

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq}"


class AgencyKey(AppendOnly):
    """The SM2 public key a chain's checkpoints are signed with; the private key lives in the keystore only.

    A chain may gain a new key (rotation, a lost keystore); old keys stay, so old checkpoints still verify.
    Each key is also announced in its own chain by a ``ledger.key_created`` entry.
    """

    chain = models.PositiveBigIntegerField("链", db_index=True)
    public_key = models.TextField("公钥（PEM）")
    fingerprint = models.CharField("指纹（SM3）", max_length=64, unique=True)
    created_at = models.DateTimeField("生成时间")

    class Meta:
        ordering = ["chain", "created_at", "pk"]
        verbose_name = verbose_name_plural = "签名公钥"

    def __str__(self) -> str:
        return f"{self.chain} {self.fingerprint[:16]}"


class Checkpoint(AppendOnly):
    """A signed Merkle tree head over entries 1..tree_size of one chain (RFC 9162 shapes, SM3, SM2).

    The signed bytes are the canonical JSON of ``signed()``; ``compact_range`` (the roots of the perfect
    subtrees at this size) lets the next checkpoint continue from here without rereading the chain. It is
    not signed; it is checked against the signed root before use and never trusted by ``zhifa verify``.
    """

    chain = models.PositiveBigIntegerField("链")
    tree_size = models.PositiveBigIntegerField("记录数")
    root_hash = models.CharField("Merkle 根", max_length=64)
    head_hash = models.CharField("链头哈希", max_length=64)
    signed_at = models.DateTimeField("签名时间")
    signature = models.TextField("签名（DER，十六进制）")
    key_fingerprint = models.CharField("公钥指纹", max_length=64)
    compact_range = models.TextField("子树根（十六进制，不签名）", blank=True)

    class Meta:
        ordering = ["chain", "tree_size"]
        verbose_name = verbose_name_plural = "检查点"
        constraints = [models.UniqueConstraint(fields=["chain", "tree_size"], name="ledger_checkpoint_chain_size")]

    def __str__(self) -> str:
        return f"{self.chain}@{self.tree_size}"

    def signed(self) -> dict[str, Any]:
        """What the signature covers; its canonical JSON bytes are what is signed."""
        return {"chain": self.chain, "tree_size": self.tree_size, "root_hash": self.root_hash,
                "head_hash": self.head_hash, "signed_at": format_time(self.signed_at)}
