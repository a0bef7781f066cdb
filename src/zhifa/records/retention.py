"""The retention purge (REC-11): raw bytes whose retention has run out are removed; the record stays.

A blob is eligible only when **every** piece of evidence that refers to it is eligible: not filed in a
case file (it then follows the case file), in a class with a limited period that has passed, and under no
active hold. Bytes shared by an eligible and an ineligible piece are kept. Blobs no evidence refers to
(documents of other apps) are never touched here.

A purge keeps the ``Blob`` row (digest, size, when, why) and appends an ``evidence.purged`` entry per piece
of evidence, naming the digest, size and reason; the entries that named the digest before still verify,
since the chain hashes the digest, never the bytes (REC-12).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from zhifa.ledger import chain as ledger
from zhifa.records import blobs
from zhifa.records.models import Blob, Evidence, Hold


def _not_eligible(today: dt.date) -> Q:
    active_hold = Exists(Hold.objects.filter(evidence=OuterRef("pk"), released_at__isnull=True))
    return Q(filed=True) | Q(retain_until__isnull=True) | Q(retain_until__gte=today) | Q(active_hold)


def eligible_evidence(today: dt.date) -> QuerySet[Evidence]:
    return Evidence.objects.exclude(_not_eligible(today))


def eligible_blobs(today: dt.date) -> QuerySet[Blob]:
    blocked = Evidence.objects.filter(blob=OuterRef("pk")).filter(_not_eligible(today))
    return Blob.objects.filter(purged_at__isnull=True).filter(
        Exists(Evidence.objects.filter(blob=OuterRef("pk")))).exclude(Exists(blocked)).order_by("pk")


@dataclass
class Candidate:
    blob: Blob
    evidence: list[Evidence]
    reason: str


def _reason(evidence: list[Evidence]) -> str:
    latest = max(evidence, key=lambda e: e.retain_until or dt.date.min)
    cls = latest.retention_class
    what = f"{cls.name}，保存{cls.period_label}" if cls else "保存期限"
    return f"保存期限届满（{what}，至{latest.retain_until:%Y-%m-%d}），无长期保存事由，未归入案卷"


def candidates(today: dt.date) -> list[Candidate]:
    out = []
    for blob in eligible_blobs(today).iterator():
        evidence = list(Evidence.objects.filter(blob=blob).select_related("retention_class", "unit__level"))
        out.append(Candidate(blob, evidence, _reason(evidence)))
    return out


def purge(*, now: dt.datetime | None = None, dry_run: bool = False) -> list[Candidate]:
    """Purge every eligible blob (or only list them); returns what was (or would be) purged."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    done = []
    for candidate in candidates(today):
        if dry_run or purge_blob(candidate.blob.pk, now=now):
            done.append(candidate)
    return done


def purge_blob(blob_pk: int, *, now: dt.datetime) -> bool:
    """Purge one blob if it is (still) eligible: record first, then remove the bytes after the commit."""
    today = timezone.localtime(now).date()
    with transaction.atomic():
        blob = Blob.objects.select_for_update().filter(pk=blob_pk, purged_at__isnull=True).first()
        if blob is None or not eligible_blobs(today).filter(pk=blob_pk).exists():
            return False
        evidence = list(Evidence.objects.filter(blob=blob).select_related("retention_class", "unit__level"))
        reason = _reason(evidence)
        blob.purged_at, blob.purge_reason = now, reason[:300]
        blob.save(update_fields=["purged_at", "purge_reason"])
        for ev in evidence:
            ledger.append(actor=None, agency=ev.unit, kind="evidence.purged", subject=ev, payload={
                "sm3": blob.sm3, "sha256": blob.sha256, "size": blob.size, "reason": reason,
                "retain_until": ev.retain_until, "at": now}, evidence=[blob.sm3])
        sm3 = blob.sm3
        transaction.on_commit(lambda: blobs.delete(sm3))
    return True
