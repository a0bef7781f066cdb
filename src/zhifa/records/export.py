"""Evidence in exported bags (REC-12, REC-13): which evidence an export covers, the record of each export,
and the files from the blob store.

``EvidenceFiles`` is the ledger's ``EvidenceSource``: ``zhifa export`` finds it through
``ledger.bag.EVIDENCE_SOURCES`` (registered by ``RecordsConfig.ready``) and the case export page uses it
directly. It acts for one user: a case is that user's view of it (evidence outside their reach is not in
it), and from a time range only the files they may view are copied — the others are listed as missing,
so the bag still verifies and says why.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.core.errors import RuleViolation
from zhifa.ledger.bag import ExportError, HeldBlob
from zhifa.records import actions, blobs
from zhifa.records.access import evidence_for
from zhifa.records.models import Blob, Evidence

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet

BATCH = 500
WHAT = "导出 BagIt 包"


def _batches(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), BATCH):
        yield items[start:start + BATCH]


def case_agencies(user: User, case_number: str) -> list[Agency]:
    """The 执法主体 holding evidence of this case that ``user`` may view (one chain, one bag each)."""
    units = Agency.objects.filter(pk__in=evidence_for(user).filter(case_number=case_number).values("unit_id"))
    owners = {a.pk: a for a in (actions.owner_agency(u) for u in units.select_related("level"))}
    return sorted(owners.values(), key=lambda a: a.path)


class EvidenceFiles:
    """The evidence of one export by ``actor`` from ``agency``'s chain: a case's, or a time range's."""

    def __init__(self, *, actor: User | None, reason: str, agency: Agency, case_number: str | None = None) -> None:
        self.actor = actor
        self.reason = (reason or "").strip()
        self.agency = actions.owner_agency(agency)
        self.case_number = (case_number or "").strip() or None
        self.what = f"{WHAT}（案件 {self.case_number}）" if self.case_number else f"{WHAT}（记录台账）"
        self.recorded: set[str] = set()  # the digests whose export was recorded: only these are copied
        self.subjects: list[Evidence] | None = None
        if self.case_number is not None:
            if actor is None:
                raise RuleViolation("按案件导出须指明导出人", rule="REC-13", field="user")
            self.subjects = list(self._in_agency(evidence_for(actor)).filter(case_number=self.case_number)
                                 .select_related("blob", "unit__level").order_by("pk"))
            if not self.subjects:
                raise ExportError(f"{self.agency.name}没有案件编号为“{self.case_number}”的证据"
                                  "（或不在导出人的查看范围内）")

    def _in_agency(self, qs: QuerySet[Evidence]) -> QuerySet[Evidence]:
        return qs.filter(unit__in=Agency.objects.within([self.agency]))

    def _exported(self, digests: list[str]) -> list[Evidence]:
        """The evidence whose export this is: the case's, or the range's in the actor's reach."""
        if self.subjects is not None:
            return self.subjects
        qs = self._in_agency(evidence_for(self.actor) if self.actor is not None else Evidence.objects.all())
        rows: list[Evidence] = []
        for batch in _batches(digests):
            rows.extend(qs.filter(blob__sm3__in=batch).select_related("blob", "unit__level").order_by("pk"))
        return rows

    def record_export(self, digests: list[str]) -> None:
        """One ``evidence.exported`` entry per piece of evidence (who, what, why), in one transaction, before
        any byte is copied; refused without a user or a reason, or when a file the store should hold is gone."""
        rows = self._exported(digests)
        if not rows:
            return
        if self.actor is None:
            raise RuleViolation("所导出的记录涉及证据文件，须指明导出人", rule="REC-13", field="user")
        if not self.reason:
            raise RuleViolation("导出证据须写明事由", rule="REC-13", field="reason")
        lost = sorted({ev.blob.sm3 for ev in rows if ev.blob.purged_at is None and not blobs.exists(ev.blob.sm3)})
        if lost:
            raise ExportError(f"证据文件 {'、'.join(lost)} 在文件库中缺失：请先运行 zhifa verify")
        with transaction.atomic():
            for ev in rows:
                actions.record_export(actor=self.actor, evidence=ev, reason=self.reason, what=self.what)
        self.recorded = {ev.blob.sm3 for ev in rows}

    def lookup(self, digests: list[str]) -> dict[str, HeldBlob]:
        found: dict[str, HeldBlob] = {}
        for batch in _batches(digests):
            for blob in Blob.objects.filter(sm3__in=batch):
                found[blob.sm3] = self._held(blob)
        return found

    def _held(self, blob: Blob) -> HeldBlob:
        if blob.purged_at is not None:
            return HeldBlob(blob.sm3, blob.size, reason="purged", detail=(
                f"{timezone.localtime(blob.purged_at):%Y-%m-%d} 按保存期限清除：{blob.purge_reason}"))
        if blob.sm3 not in self.recorded:
            return HeldBlob(blob.sm3, blob.size, reason="not_permitted", detail="导出人无权查看引用该文件的证据")
        return HeldBlob(blob.sm3, blob.size, open=functools.partial(blobs.open_blob, blob.sm3))
