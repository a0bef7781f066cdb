"""Verification of the evidence blobs, run by ``zhifa verify`` after the chains (REC-12).

``check_blobs`` is registered in ``zhifa.ledger.verify.EXTRA_CHECKS`` by ``RecordsConfig.ready``. It
re-hashes every blob that evidence refers to and that has not been purged, in constant memory, and names a
missing or altered one together with the first ledger entry that names its digest; and it names any digest
that a ledger entry relies on for which the store has no blob at all.

The status page queues a ``VerificationRun`` (``actions.request_verification``); ``run_queued``, a sweep
``zhifa worker`` runs every few seconds, takes queued runs one at a time, runs the whole verification of the
run's scope and keeps the result, so showing the page costs a query or two however long the chains are.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from zhifa.agencies.models import Agency
from zhifa.agencies.permissions import reach
from zhifa.ledger.models import Entry
from zhifa.ledger.verify import Problem
from zhifa.records import blobs
from zhifa.records.models import (
    FINISHED_STATES,
    PENDING_STATES,
    Blob,
    Evidence,
    VerificationRun,
    VerificationState,
)

if TYPE_CHECKING:
    from zhifa.agencies.permissions import AnyUser

log = logging.getLogger(__name__)

# A run still 运行中 this long after it started lost its worker (killed, machine restarted): it is closed as
# 未能完成 so the page stops waiting for it. Far above the time a verification of a large store takes.
ABANDONED_AFTER = dt.timedelta(hours=12)

_last = threading.local()  # how many blobs the last check in this thread looked at


def _first_entry(sm3: str, agency_ids: Iterable[int] | None = None) -> Entry | None:
    qs = Entry.objects.filter(evidence__contains=sm3).order_by("recorded_at", "pk")
    if agency_ids is not None:
        qs = qs.filter(chain__in=list(agency_ids))
    return qs.only("chain", "seq").first()


def _problem(sm3: str, what: str, agency_ids: Iterable[int] | None) -> Problem:
    entry = _first_entry(sm3, agency_ids)
    chain, seq = (entry.chain, entry.seq) if entry else (0, 0)
    return Problem(chain, seq, f"证据文件 {sm3} {what}")


def _blobs_in_scope(agency_ids: Iterable[int] | None) -> Iterator[Blob]:
    qs = Blob.objects.filter(purged_at__isnull=True)
    if agency_ids is not None:
        roots = list(Agency.objects.filter(pk__in=list(agency_ids)))
        qs = qs.filter(pk__in=Evidence.objects.filter(unit__in=Agency.objects.within(roots)).values("blob_id"))
    return qs.order_by("pk").iterator(chunk_size=500)


def _referenced_digests(agency_ids: Iterable[int] | None) -> Iterator[list[str]]:
    """Digests named by ledger entries, a batch at a time (constant memory)."""
    qs = Entry.objects.exclude(evidence="[]")
    if agency_ids is not None:
        qs = qs.filter(chain__in=list(agency_ids))
    batch: set[str] = set()
    for text in qs.values_list("evidence", flat=True).iterator(chunk_size=2000):
        try:
            batch.update(d for d in json.loads(text) if isinstance(d, str))
        except ValueError:
            continue  # an unreadable entry is the chain check's to name
        if len(batch) >= 1000:
            yield sorted(batch)
            batch = set()
    if batch:
        yield sorted(batch)


def check_blobs(*, agency_ids: Iterable[int] | None = None, since: dt.datetime | None = None,
                progress: Callable[[int], None] | None = None) -> list[Problem]:
    """Re-hash every referenced, non-purged blob; name the missing and the altered ones."""
    agency_ids = list(agency_ids) if agency_ids is not None else None
    problems: list[Problem] = []
    checked = 0
    for blob in _blobs_in_scope(agency_ids):
        checked += 1
        found = blobs.rehash(blob.sm3)
        if found is None:
            problems.append(_problem(blob.sm3, f"缺失（应有 {blob.size} 字节，存储中找不到）", agency_ids))
        elif found.sm3 != blob.sm3 or found.size != blob.size:
            problems.append(_problem(blob.sm3, f"被改动：重算 SM3 为 {found.sm3}，{found.size} 字节", agency_ids))
        elif found.sha256 != blob.sha256:
            problems.append(_problem(blob.sm3, "的 SHA-256 与记录不符（记录被改动）", agency_ids))
    for batch in _referenced_digests(agency_ids):
        known = set(Blob.objects.filter(sm3__in=batch).values_list("sm3", flat=True))
        for sm3 in batch:
            if sm3 not in known:
                problems.append(_problem(sm3, "被台账引用，但文件库中没有这个文件", agency_ids))
    _last.checked = checked
    return problems


def last_checked() -> int:
    return int(getattr(_last, "checked", 0))


def scope_for(user: AnyUser) -> list[Agency] | None:
    """The 执法主体 whose chains ``user`` may verify; None for every chain (and the system chain)."""
    everything, roots = reach(user, "evidence.verify")
    if everything:
        return None
    return list(Agency.objects.within(roots).filter(level__is_agency=True).order_by("path"))


def scope_of(agencies: list[Agency] | None) -> tuple[str, str]:
    if agencies is None:
        return "all", "全部"
    return ",".join(str(a.pk) for a in agencies) or "none", "、".join(a.name for a in agencies) or "（无）"


def agencies_of(scope: str) -> list[Agency] | None:
    if scope == "all":
        return None
    ids = [int(part) for part in scope.split(",") if part.isdigit()]
    return list(Agency.objects.filter(pk__in=ids).order_by("path"))


def run_queued(now: dt.datetime) -> dict[str, int]:
    """The worker's sweep: close abandoned runs, then run every queued one, oldest first."""
    from zhifa.records import actions

    abandoned = VerificationRun.objects.filter(state=VerificationState.RUNNING,
                                               started_at__lt=now - ABANDONED_AFTER)
    closed = 0
    for stale in abandoned.iterator():
        actions.finish_verification(run=stale, agencies=agencies_of(stale.scope), ok=None,
                                    error="工作进程在运行中停止，请重新校验")
        closed += 1
    done = 0
    while (run := actions.claim_verification()) is not None:
        execute(run)
        done += 1
    return {"verified": done, "abandoned": closed} if closed else {"verified": done}


def execute(run: VerificationRun) -> VerificationRun:
    """Run the whole verification of ``run``'s scope and keep the result, or the error that stopped it."""
    from zhifa.ledger.verify import verify
    from zhifa.records import actions

    agencies = agencies_of(run.scope)
    _last.checked = 0
    try:
        report = verify(agency_ids=[a.pk for a in agencies] if agencies is not None else None)
    except Exception as exc:  # the run must not stay 运行中 for ever; the worker logs the traceback
        log.exception("verification run %s failed", run.pk)
        return actions.finish_verification(run=run, agencies=agencies, ok=None, error=f"{type(exc).__name__}: {exc}")
    return actions.finish_verification(run=run, agencies=agencies, ok=report.ok, chains=report.chains,
                                       entries=report.entries, blobs_checked=last_checked(),
                                       problems=[str(p) for p in report.problems])


def last_run(agencies: list[Agency] | None) -> VerificationRun | None:
    """The latest finished run of this scope."""
    scope, _label = scope_of(agencies)
    return (VerificationRun.objects.filter(scope=scope, state__in=FINISHED_STATES).select_related("run_by")
            .order_by("-finished_at", "-pk").first())


def pending_run(agencies: list[Agency] | None) -> VerificationRun | None:
    """The run of this scope waiting or under way, if any (the running one first)."""
    scope, _label = scope_of(agencies)
    return (VerificationRun.objects.filter(scope=scope, state__in=PENDING_STATES).select_related("run_by")
            .order_by("-state", "requested_at", "pk").first())
