"""Write functions for evidence: ingest, description, retention, holds, access and approvals.

Each takes the acting user first, checks the permission table, validates, changes rows in one transaction
and appends its ledger entry there (REC-12). Every view, download and export of evidence is itself an
entry (REC-13). Blob bytes are put in place *before* the transaction that first refers to them, so no row
ever names bytes that are not whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.agencies.models import Agency, Officer
from zhifa.agencies.permissions import can, require
from zhifa.core.errors import RuleViolation
from zhifa.core.queue import claim_oldest
from zhifa.ledger import chain as ledger
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import PeriodUnit
from zhifa.records import blobs, viewing
from zhifa.records.models import (
    AV_KINDS,
    DEFAULT_CLASSES,
    MAX_RETENTION_MONTHS,
    Blob,
    Evidence,
    Hold,
    HoldReason,
    RecordsSettings,
    RetentionClass,
    Upload,
    UploadState,
    VerificationRun,
    VerificationState,
    ViewPurpose,
    ViewRequest,
    ViewRequestState,
)
from zhifa.records.probe import MediaInfo
from zhifa.workdays import calendar

if TYPE_CHECKING:
    from pathlib import Path

    from django.contrib.auth.models import AnonymousUser, User

    from zhifa.ledger.models import Entry

HANDIN_RULE = "REC-10 移交"
REPEAT_KEY = "_repeat_of"  # in an upload's metadata: the evidence an identical earlier hand-in recorded
HANDIN_BASIS = "执法全过程记录办法 第二十五条；执法记录仪使用管理办法 第十二条：音像记录 24 小时内移交"
DESCRIBE_RULE = "REC-10 著录"
DESCRIBE_BASIS = "执法全过程记录办法 第二十五条：2 个工作日内分类著录"

DESCRIPTION_FIELDS = ("kind", "title", "capture_start", "capture_end", "device", "camera_operator", "place",
                      "latitude", "longitude", "case_number", "field_work", "interruption", "notes")


# ---------------------------------------------------------------- settings


def owner_agency(unit: Agency) -> Agency:
    """The 执法主体 a unit belongs to: settings, retention classes and the ledger chain are its."""
    return unit if unit.level.is_agency else unit.enclosing_agency()


def settings_for(agency: Agency) -> RecordsSettings:
    """The agency's settings, or unsaved defaults when it has none yet (a read: nothing is written)."""
    owner = owner_agency(agency)
    found = RecordsSettings.objects.filter(agency=owner).select_related("av_retention", "document_retention").first()
    return found if found is not None else RecordsSettings(agency=owner)


def _ensure_settings(actor: User | None, agency: Agency) -> RecordsSettings:
    """The agency's settings row and default retention classes, created on first use (inside a write)."""
    owner = owner_agency(agency)
    found = RecordsSettings.objects.select_for_update().filter(agency=owner).first()
    if found is not None:
        return found
    classes = {}
    for code, name, months in DEFAULT_CLASSES:
        classes[code], _ = RetentionClass.objects.get_or_create(agency=owner, code=code,
                                                                defaults={"name": name, "months": months})
    created = RecordsSettings.objects.create(agency=owner, av_retention=classes["raw_av"],
                                             document_retention=classes["document"])
    ledger.append(actor=actor, agency=owner, kind="records.settings_created", subject=created,
                  payload=_settings_record(created))
    return created


def _settings_record(s: RecordsSettings) -> dict[str, Any]:
    classes = RetentionClass.objects.filter(agency_id=s.agency_id).order_by("code")
    return {"handin_hours": s.handin_hours, "field_work_workdays": s.field_work_workdays,
            "describe_workdays": s.describe_workdays, "av_view_needs_approval": s.av_view_needs_approval,
            "approval_valid_days": s.approval_valid_days,
            "classes": {c.code: {"name": c.name, "months": c.months} for c in classes},
            "av_retention": s.av_retention.code if s.av_retention else None,
            "document_retention": s.document_retention.code if s.document_retention else None}


def update_settings(*, actor: User, agency: Agency, handin_hours: int, field_work_workdays: int,
                    describe_workdays: int, av_view_needs_approval: bool, approval_valid_days: int,
                    av_months: int) -> RecordsSettings:
    """Change an agency's records rules (REC-10, REC-11, REC-13); retention dates follow a new period."""
    owner = owner_agency(agency)
    require(actor, "evidence.manage", owner)
    if not 1 <= handin_hours <= 24:
        raise RuleViolation("移交时限为 1 至 24 小时", rule="REC-10", field="handin_hours")
    if not 0 <= field_work_workdays <= 3:
        raise RuleViolation("外勤或连续工作的移交时限至多 3 个工作日", rule="REC-10", field="field_work_workdays")
    if not 1 <= describe_workdays <= 2:
        raise RuleViolation("分类著录时限为 1 至 2 个工作日", rule="REC-10", field="describe_workdays")
    if av_months < 6:
        raise RuleViolation("原始音像记录至少保存 6 个月", rule="REC-11", field="av_months")
    if av_months > MAX_RETENTION_MONTHS:
        raise RuleViolation(f"保存月数至多 {MAX_RETENTION_MONTHS} 个月（100 年）",
                            rule="REC-11", field="av_months")
    with transaction.atomic():
        s = _ensure_settings(actor, owner)
        s.handin_hours, s.field_work_workdays, s.describe_workdays = handin_hours, field_work_workdays, \
            describe_workdays
        s.av_view_needs_approval, s.approval_valid_days = av_view_needs_approval, approval_valid_days
        s.save()
        av_class = s.av_retention
        if av_class is not None and av_class.months != av_months:
            av_class.months = av_months
            av_class.save(update_fields=["months"])
            _recompute_retention(av_class)
        ledger.append(actor=actor, agency=owner, kind="records.settings_changed", subject=s,
                      payload=_settings_record(s))
    return s


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it is shorter (e.g. 08-31 + 6 → 02-28)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def _retain_until(evidence: Evidence, cls: RetentionClass | None) -> dt.date | None:
    if cls is None or cls.months is None:
        return None
    start = evidence.capture_start or evidence.received_at
    return add_months(timezone.localtime(start).date(), cls.months)


def _recompute_retention(cls: RetentionClass) -> None:
    for ev in Evidence.objects.filter(retention_class=cls).only("pk", "capture_start", "received_at").iterator():
        Evidence.objects.filter(pk=ev.pk).update(retain_until=_retain_until(ev, cls))


# ---------------------------------------------------------------- deadlines (REC-10)


def handin_deadline(s: RecordsSettings, *, kind: str, capture_end: dt.datetime | None,
                    field_work: bool) -> tuple[dt.datetime, dt.datetime, PeriodUnit, bool] | None:
    """(due, warn from, unit, provisional) for handing in AV captured until ``capture_end``; None when
    the rule does not apply (not AV) or cannot be computed (end of capture unknown)."""
    if kind not in AV_KINDS or capture_end is None:
        return None
    if field_work and s.field_work_workdays:
        answer = calendar.add_working_days(timezone.localtime(capture_end).date(), s.field_work_workdays)
        due = dt.datetime.combine(answer.date, dt.time(23, 59, 59), tzinfo=timezone.get_current_timezone())
        return due, due - dt.timedelta(hours=12), PeriodUnit.WORKDAY, answer.provisional
    due = calendar.add_hours(capture_end, s.handin_hours)
    return due, due - dt.timedelta(hours=min(4, s.handin_hours)), PeriodUnit.HOUR, False


def describe_deadline(s: RecordsSettings, received_at: dt.datetime) -> tuple[dt.datetime, dt.datetime, bool]:
    answer = calendar.add_working_days(timezone.localtime(received_at).date(), s.describe_workdays)
    due = dt.datetime.combine(answer.date, dt.time(23, 59, 59), tzinfo=timezone.get_current_timezone())
    return due, due - dt.timedelta(days=1), answer.provisional


def open_handin_obligation(upload: Upload, *, kind: str, capture_end: dt.datetime | None, field_work: bool,
                           label: str) -> None:
    """While AV is on its way in, its hand-in deadline is an obligation on the upload (red when late)."""
    deadline = handin_deadline(settings_for(upload.unit), kind=kind, capture_end=capture_end,
                               field_work=field_work)
    if deadline is None:
        return
    due, warn, unit, provisional = deadline
    obligations.ensure_obligation(
        agency=upload.unit, subject=upload, rule=HANDIN_RULE, basis=HANDIN_BASIS,
        title=f"音像记录“{label}”应于{timezone.localtime(due):%Y-%m-%d %H:%M}前移交", due_at=due,
        warn_from=warn, unit=unit, assignee=upload.user, provisional=provisional)


# ---------------------------------------------------------------- description


def check_description(values: dict[str, Any], *, now: dt.datetime | None = None) -> dict[str, Any]:
    """Rules of the record form beyond field types; returns the values, raises RuleViolation."""
    now = now or timezone.now()
    start, end = values.get("capture_start"), values.get("capture_end")
    if start and end and end < start:
        raise RuleViolation("摄录结束时间不能早于开始时间", rule="REC-15", field="capture_end")
    for name in ("capture_start", "capture_end"):
        if values.get(name) and values[name] > now + dt.timedelta(minutes=5):
            raise RuleViolation("摄录时间不能晚于现在", rule="REC-15", field=name)
    lat, lon = values.get("latitude"), values.get("longitude")
    if (lat is None) != (lon is None):
        raise RuleViolation("经纬度须同时填写", rule="REC-15", field="longitude" if lon is None else "latitude")
    return values


def _evidence_record(ev: Evidence) -> dict[str, Any]:
    return {
        "unit": ev.unit_id, "kind": ev.kind, "title": ev.title, "capture_start": ev.capture_start,
        "capture_end": ev.capture_end, "device": ev.device,
        "officers": sorted(o.pk for o in ev.officers.all()), "camera_operator": ev.camera_operator_id,
        "place": ev.place, "latitude": ev.latitude, "longitude": ev.longitude, "case_number": ev.case_number,
        "original_name": ev.original_name, "format": ev.format, "duration": ev.duration,
        "width": ev.width, "height": ev.height, "interruption": ev.interruption, "notes": ev.notes,
        "field_work": ev.field_work, "handin_due": ev.handin_due,
    }


def _officers_in(unit: Agency, officers: Iterable[Officer]) -> list[Officer]:
    officers = list(officers)
    owner = owner_agency(unit)
    outside = [o for o in officers if not o.unit.is_within(owner)]
    if outside:
        raise RuleViolation("执法人员须属本执法主体：" + "、".join(str(o) for o in outside), field="officers")
    return officers


def _apply_description(ev: Evidence, values: dict[str, Any]) -> list[Officer] | None:
    for name in DESCRIPTION_FIELDS:
        if name in values:
            value = values[name]
            if name in ("title", "device", "place", "case_number", "interruption", "notes"):
                value = (value or "").strip()
            setattr(ev, name, value)
    if ev.camera_operator is not None:
        _officers_in(ev.unit, [ev.camera_operator])
    return _officers_in(ev.unit, values["officers"]) if "officers" in values else None


def _sync_described(actor: User | None, ev: Evidence, s: RecordsSettings) -> None:
    """Meet the description obligation once the form is complete, or open it while it is not."""
    missing = ev.missing_description()
    if not missing:
        if ev.described_at is None:
            ev.described_at = timezone.now()
            Evidence.objects.filter(pk=ev.pk).update(described_at=ev.described_at)
            obligations.meet(subject=ev, rule=DESCRIBE_RULE, at=ev.described_at)
        return
    due, warn, provisional = describe_deadline(s, ev.received_at)
    obligations.ensure_obligation(
        agency=ev.unit, subject=ev, rule=DESCRIBE_RULE, basis=DESCRIBE_BASIS,
        title=f"“{ev.original_name}”待著录：{'、'.join(missing)}", due_at=due, warn_from=warn,
        unit=PeriodUnit.WORKDAY, assignee=ev.uploaded_by, provisional=provisional)


def describe(*, actor: User, evidence: Evidence, **values: Any) -> Evidence:
    """Fill in or correct the record form (REC-15); every change is a new ledger entry, nothing is lost."""
    if not (can(actor, "evidence.upload", evidence.unit) or can(actor, "evidence.manage", evidence.unit)):
        raise PermissionDenied("无权著录该证据")
    check_description(values)
    with transaction.atomic():
        ev = Evidence.objects.select_for_update().get(pk=evidence.pk)
        before = _evidence_record(ev)
        officers = _apply_description(ev, values)
        s = _ensure_settings(actor, ev.unit)
        deadline = handin_deadline(s, kind=ev.kind, capture_end=ev.capture_end, field_work=ev.field_work)
        ev.handin_due = deadline[0] if deadline else None
        ev.retain_until = _retain_until(ev, ev.retention_class)
        ev.save()
        if officers is not None:
            ev.officers.set(officers)
        after = _evidence_record(ev)
        changed = {k: after[k] for k in after if after[k] != before[k]}
        ledger.append(actor=actor, agency=ev.unit, kind="evidence.described", subject=ev,
                      payload={"changed": changed}, evidence=[ev.blob.sm3])
        _sync_described(actor, ev, s)
    return ev


# ---------------------------------------------------------------- ingest


def ingest(*, actor: User, unit: Agency, path: Path, digests: blobs.Digests, original_name: str,
           description: dict[str, Any], info: MediaInfo | None = None, upload: Upload | None = None,
           received_at: dt.datetime | None = None) -> Evidence:
    """Take the finished file at ``path`` into the store and record it as evidence (REC-01, REC-10).

    The bytes go into place under their digest first (deduplicated); then, in one transaction, the blob
    row, the evidence row, its officers, the ledger entry and the deadlines. ``path`` is left for the
    caller to remove after the commit.
    """
    require(actor, "evidence.upload", unit)
    check_description(description)
    info = info or MediaInfo()
    received_at = received_at or timezone.now()
    blobs.place(path, digests)
    with transaction.atomic():
        blob, created = Blob.objects.select_for_update().get_or_create(
            sm3=digests.sm3, defaults={"sha256": digests.sha256, "size": digests.size, "stored_at": received_at})
        restored = False
        if not created and blob.purged_at is not None:  # the same bytes handed in again after a purge
            blob.purged_at, blob.purge_reason, restored = None, "", True
            blob.save(update_fields=["purged_at", "purge_reason"])
        if blob.size != digests.size or blob.sha256 != digests.sha256:
            raise RuleViolation("同一 SM3 摘要对应不同内容：拒绝存入", rule="REC-12")
        s = _ensure_settings(actor, unit)
        kind = description.get("kind") or "document"
        ev = Evidence(unit=unit, blob=blob, kind=kind, original_name=original_name, format=info.format,
                      duration=info.duration, width=info.width, height=info.height, uploaded_by=actor,
                      received_at=received_at)
        officers = _apply_description(ev, description)
        deadline = handin_deadline(s, kind=ev.kind, capture_end=ev.capture_end, field_work=ev.field_work)
        ev.handin_due = deadline[0] if deadline else None
        ev.retention_class = s.av_retention if ev.is_av else s.document_retention
        ev.retain_until = _retain_until(ev, ev.retention_class)
        ev.save()
        if officers:
            ev.officers.set(officers)
        ledger.append(actor=actor, agency=unit, kind="evidence.ingested", subject=ev, payload={
            **_evidence_record(ev), "sm3": blob.sm3, "sha256": blob.sha256, "size": blob.size,
            "received_at": ev.received_at, "deduplicated": not created, "restored": restored,
            "retention_class": ev.retention_class.code if ev.retention_class else None,
            "retain_until": ev.retain_until, "upload": upload.pk if upload else None,
        }, evidence=[blob.sm3])
        if upload is not None:
            Upload.objects.filter(pk=upload.pk).update(state=UploadState.FINISHED, finished_at=received_at,
                                                       evidence=ev)
            _meet_handin(upload, ev, received_at)
        _sync_described(actor, ev, s)
    return ev


def _meet_handin(upload: Upload, ev: Evidence, at: dt.datetime) -> None:
    """The hand-in is done: meet the upload's obligation, and those of earlier uploads of the same capture
    that were cancelled or expired (the recording did arrive, in this upload)."""
    obligations.meet(subject=upload, rule=HANDIN_RULE, at=at)
    if ev.capture_start is None:
        return
    earlier = Upload.objects.filter(user_id=upload.user_id, unit_id=upload.unit_id,
                                    state__in=[UploadState.TERMINATED, UploadState.EXPIRED]).exclude(pk=upload.pk)
    stamp = ev.capture_start.isoformat()
    for other in earlier.iterator():
        meta = other.metadata if isinstance(other.metadata, dict) else {}
        if meta.get("_capture_start_iso") == stamp and meta.get("device", "") == ev.device:
            obligations.meet(subject=other, rule=HANDIN_RULE, at=at)


def recognise_repeat(*, upload: Upload, evidence: Evidence, at: dt.datetime | None = None) -> None:
    """The upload brought the bytes, unit and description of ``evidence`` again (a second tap on 开始上传):
    it is answered with that evidence; no second record, and its hand-in is met, by the recording that came."""
    require(upload.user, "evidence.upload", upload.unit)
    at = at or timezone.now()
    with transaction.atomic():
        metadata = dict(upload.metadata if isinstance(upload.metadata, dict) else {}, **{REPEAT_KEY: evidence.pk})
        Upload.objects.filter(pk=upload.pk).update(state=UploadState.FINISHED, finished_at=at, evidence=evidence,
                                                   metadata=metadata)
        upload.state, upload.finished_at, upload.evidence, upload.metadata = (UploadState.FINISHED, at, evidence,
                                                                             metadata)
        obligations.meet(subject=upload, rule=HANDIN_RULE, at=at)
        ledger.append(actor=upload.user, agency=upload.unit, kind="upload.repeated", subject=upload,
                      payload={"evidence": evidence.pk, "sm3": evidence.blob.sm3, "length": upload.length},
                      evidence=[evidence.blob.sm3])


def ingest_stream(*, actor: User, unit: Agency, chunks: Iterable[bytes], original_name: str,
                  description: dict[str, Any], received_at: dt.datetime | None = None) -> Evidence:
    """Ingest bytes that arrive in one piece (a form upload, a rendered document): spooled and hashed as
    they arrive, then as ``ingest``."""
    from zhifa.records.probe import probe

    require(actor, "evidence.upload", unit)
    with blobs.spooled(chunks) as (path, digests):
        if digests.size == 0:
            raise RuleViolation("文件为空（0 字节），未存入", field="file")
        return ingest(actor=actor, unit=unit, path=path, digests=digests, original_name=original_name,
                      description=description, info=probe(path), received_at=received_at)


# ---------------------------------------------------------------- retention and holds (REC-11)


def set_retention(*, actor: User, evidence: Evidence, retention_class: RetentionClass, filed: bool) -> Evidence:
    require(actor, "evidence.manage", evidence.unit)
    if retention_class.agency_id != owner_agency(evidence.unit).pk:
        raise RuleViolation("保存类别不属本执法主体", field="retention_class")
    with transaction.atomic():
        ev = Evidence.objects.select_for_update().get(pk=evidence.pk)
        ev.retention_class, ev.filed = retention_class, filed
        ev.retain_until = _retain_until(ev, retention_class)
        ev.save(update_fields=["retention_class", "filed", "retain_until"])
        ledger.append(actor=actor, agency=ev.unit, kind="evidence.retention_set", subject=ev, payload={
            "retention_class": retention_class.code, "months": retention_class.months,
            "retain_until": ev.retain_until, "filed": filed}, evidence=[ev.blob.sm3])
    return ev


def place_hold(*, actor: User, evidence: Evidence, reason: str, note: str = "") -> Hold:
    """Keep the evidence long-term (REC-11): a complaint, 复议, 诉讼, coercive measure, violence against
    officers, a mass incident or the party's objection. A held blob is never purged."""
    require(actor, "evidence.manage", evidence.unit)
    if reason not in HoldReason.values:
        raise RuleViolation("请选择长期保存的事由", rule="REC-11", field="reason")
    with transaction.atomic():
        hold = Hold.objects.create(evidence=evidence, reason=reason, note=(note or "").strip()[:300],
                                   placed_by=actor, placed_at=timezone.now())
        ledger.append(actor=actor, agency=evidence.unit, kind="evidence.hold_placed", subject=evidence,
                      payload={"hold": hold.pk, "reason": reason, "note": hold.note}, evidence=[evidence.blob.sm3])
    return hold


def release_hold(*, actor: User, hold: Hold, reason: str) -> Hold:
    require(actor, "evidence.manage", hold.evidence.unit)
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("解除长期保存须写明理由", rule="REC-11", field="reason")
    with transaction.atomic():
        locked = Hold.objects.select_for_update().select_related("evidence__blob", "evidence__unit").get(pk=hold.pk)
        if locked.released_at is not None:
            raise RuleViolation("该长期保存已解除", field="reason")
        locked.released_by, locked.released_at, locked.release_reason = actor, timezone.now(), reason[:300]
        locked.save(update_fields=["released_by", "released_at", "release_reason"])
        ledger.append(actor=actor, agency=locked.evidence.unit, kind="evidence.hold_released",
                      subject=locked.evidence, payload={"hold": locked.pk, "reason": locked.release_reason},
                      evidence=[locked.evidence.blob.sm3])
    return locked


# ---------------------------------------------------------------- access (REC-13)


def record_view(*, actor: User | AnonymousUser, evidence: Evidence, what: str = "详情") -> None:
    """A look at the evidence's record (not its bytes) is itself recorded (REC-13)."""
    with transaction.atomic():
        ledger.append(actor=actor, agency=evidence.unit, kind="evidence.viewed", subject=evidence,
                      payload={"what": what}, evidence=[evidence.blob.sm3])


def needs_approval(actor: User | AnonymousUser, evidence: Evidence) -> bool:
    """Viewing AV needs an approved request where the agency says so; the person who handed it in is exempt."""
    return (evidence.is_av and settings_for(evidence.unit).av_view_needs_approval
            and evidence.uploaded_by_id != actor.pk)


def usable_request(actor: User | AnonymousUser, evidence: Evidence, pk: int | None) -> ViewRequest | None:
    qs = ViewRequest.objects.filter(evidence=evidence, requested_by_id=actor.pk, state=ViewRequestState.APPROVED,
                                    valid_until__gte=timezone.now())
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.order_by("-decided_at").first()


def _authorise_take(actor: User, evidence: Evidence, reason: str,
                    view_request_id: int | None) -> tuple[str, ViewRequest | None]:
    """The checks before anyone gets the bytes: permission, a reason, bytes still kept, approval where needed."""
    require(actor, "evidence.view", evidence.unit)
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("调取证据须写明事由", rule="REC-13", field="reason")
    blob = evidence.blob
    if blob.purged_at is not None:
        raise RuleViolation(f"该文件已于{timezone.localtime(blob.purged_at):%Y-%m-%d}按保存期限清除，仅存摘要",
                            rule="REC-11", field="reason")
    request = usable_request(actor, evidence, view_request_id)
    if request is None and (needs_approval(actor, evidence) or view_request_id is not None):
        raise RuleViolation("调阅音像记录须经批准：请先提出调阅申请，待机关负责人批准后再调取", rule="REC-13",
                            field="reason")
    return reason, request


def _record_take(actor: User, evidence: Evidence, reason: str, request: ViewRequest | None, what: str) -> Entry:
    blob = evidence.blob
    with transaction.atomic():
        return ledger.append(actor=actor, agency=evidence.unit, kind="evidence.downloaded", subject=evidence,
                             payload={"what": what, "reason": reason[:300], "sm3": blob.sm3, "size": blob.size,
                                      "view_request": request.pk if request else None,
                                      "party": request.party_name if request and request.is_party else None,
                                      "purpose": request.purpose if request else None}, evidence=[blob.sm3])


def open_for_download(*, actor: User, evidence: Evidence, reason: str, view_request_id: int | None = None,
                      what: str = "下载") -> tuple[IO[bytes], ViewRequest | None]:
    """Open the evidence's bytes for ``actor`` and record who, what and why; approval first where needed."""
    reason, request = _authorise_take(actor, evidence, reason, view_request_id)
    f = blobs.open_blob(evidence.blob.sm3)  # a missing file fails here, before anything is recorded
    try:
        _record_take(actor, evidence, reason, request, what)
    except BaseException:
        f.close()
        raise
    return f, request


def open_for_viewing(*, actor: User, evidence: Evidence, reason: str,
                     view_request_id: int | None = None) -> str:
    """Record one opening of the evidence in the browser and return the token of the player's link (REC-13).

    The link is the user's own, names this entry and lasts ``viewing.LINK_SECONDS``: seeking asks for many
    ranges, and they are all this one opening.
    """
    reason, request = _authorise_take(actor, evidence, reason, view_request_id)
    if not blobs.exists(evidence.blob.sm3):
        raise RuleViolation("文件在存储中找不到，无法查看（请联系证据保管人员运行完整性校验）", rule="REC-12",
                            field="reason")
    entry = _record_take(actor, evidence, reason, request, "在线查看")
    return viewing.make_token(user_id=actor.pk, evidence_id=evidence.pk, entry_id=entry.pk)


def record_export(*, actor: User, evidence: Evidence, reason: str, what: str) -> None:
    """For exporters (a case file, a bag): the export of this evidence is recorded like a download."""
    require(actor, "evidence.view", evidence.unit)
    with transaction.atomic():
        ledger.append(actor=actor, agency=evidence.unit, kind="evidence.exported", subject=evidence,
                      payload={"what": what, "reason": (reason or "").strip()[:300]}, evidence=[evidence.blob.sm3])


def request_view(*, actor: User, evidence: Evidence, purpose: str, reason: str) -> ViewRequest:
    """A staff member applies to view or copy (调阅) evidence."""
    require(actor, "evidence.view", evidence.unit)
    return _new_request(actor, evidence, purpose, reason, party_name="", party_id_number="")


def record_party_application(*, actor: User, evidence: Evidence, party_name: str, party_id_number: str,
                             purpose: str, reason: str) -> ViewRequest:
    """A party's application to view or copy the records (REC-13), recorded by the custodian; the agency
    head decides it, and the custodian's later download names it."""
    require(actor, "evidence.manage", evidence.unit)
    if not (party_name or "").strip():
        raise RuleViolation("请填写申请的当事人", rule="REC-13", field="party_name")
    return _new_request(actor, evidence, purpose, reason, party_name=party_name.strip(),
                        party_id_number=(party_id_number or "").strip())


def _new_request(actor: User, evidence: Evidence, purpose: str, reason: str, *, party_name: str,
                 party_id_number: str) -> ViewRequest:
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("请写明申请理由", rule="REC-13", field="reason")
    if purpose not in ViewPurpose.values:
        raise RuleViolation("请选择查阅或复制", field="purpose")
    with transaction.atomic():
        req = ViewRequest.objects.create(evidence=evidence, requested_by=actor, requested_at=timezone.now(),
                                         purpose=purpose, reason=reason[:300], party_name=party_name[:100],
                                         party_id_number=party_id_number[:30])
        ledger.append(actor=actor, agency=evidence.unit, kind="evidence.view_requested", subject=evidence, payload={
            "request": req.pk, "purpose": purpose, "reason": req.reason, "party": party_name or None,
            "party_id_number": party_id_number or None}, evidence=[evidence.blob.sm3])
    return req


def decide_view_request(*, actor: User, request: ViewRequest, approve: bool, note: str = "") -> ViewRequest:
    """The designated role (机关负责人) approves or refuses an application (REC-13)."""
    evidence = request.evidence
    require(actor, "evidence.approve_view", evidence.unit)
    if request.requested_by_id == actor.pk:
        raise RuleViolation("不得审批本人提出的申请", rule="REC-13", field="approve")
    with transaction.atomic():
        req = ViewRequest.objects.select_for_update().get(pk=request.pk)
        if req.state != ViewRequestState.PENDING:
            raise RuleViolation(f"该申请已{req.get_state_display()}", field="approve")
        now = timezone.now()
        req.state = ViewRequestState.APPROVED if approve else ViewRequestState.REFUSED
        req.decided_by, req.decided_at, req.decision_note = actor, now, (note or "").strip()[:300]
        if approve:
            req.valid_until = now + dt.timedelta(days=settings_for(evidence.unit).approval_valid_days)
        req.save()
        ledger.append(actor=actor, agency=evidence.unit, kind="evidence.view_decided", subject=evidence, payload={
            "request": req.pk, "approved": approve, "note": req.decision_note, "valid_until": req.valid_until,
            "party": req.party_name or None, "purpose": req.purpose}, evidence=[evidence.blob.sm3])
    return req


# ---------------------------------------------------------------- verification (REC-12)


def _verification_chain(scope: list[Agency] | None) -> Agency | None:
    """The chain a verification's entries go to: the one agency's, or the system chain for a wider scope."""
    return scope[0] if scope is not None and len(scope) == 1 else None


def request_verification(*, actor: User, agencies: list[Agency] | None) -> VerificationRun:
    """Queue a verification of ``agencies``' chains and blobs (every chain when None) for the worker.

    One waiting run per scope: a second request while one waits is refused, since it would check the same.
    """
    from zhifa.records.verify import scope_of

    if agencies is None:
        require(actor, "evidence.verify")
    for agency in agencies or []:
        require(actor, "evidence.verify", agency)
    scope, label = scope_of(agencies)
    refusal = RuleViolation("该范围已有一次校验在排队，完成后会显示结果，无需重复提交", rule="REC-12", field="scope")
    if VerificationRun.objects.filter(scope=scope, state=VerificationState.QUEUED).exists():
        raise refusal
    try:
        with transaction.atomic():
            run = VerificationRun.objects.create(scope=scope, scope_label=label[:300], run_by=actor,
                                                 requested_at=timezone.now())
            ledger.append(actor=actor, agency=_verification_chain(agencies), kind="records.verification_requested",
                          subject=run, payload={"scope": scope, "label": run.scope_label})
    except IntegrityError:  # another request for the same scope committed between the check and the insert
        raise refusal from None
    return run


def claim_verification() -> VerificationRun | None:
    """Take the oldest queued run and mark it 运行中. No ledger entry: the finishing entry names when it started."""
    return claim_oldest(VerificationRun, queued=VerificationState.QUEUED, running=VerificationState.RUNNING)


def finish_verification(*, run: VerificationRun, agencies: list[Agency] | None, ok: bool | None, chains: int = 0,
                        entries: int = 0, blobs_checked: int = 0, problems: Iterable[str] = (),
                        error: str = "") -> VerificationRun:
    """Keep a run's result, or why it could not finish, with its ledger entry."""
    problems = [str(p) for p in problems]
    with transaction.atomic():
        run.state = VerificationState.ERROR if error else VerificationState.DONE
        run.ok, run.chains, run.entries, run.blobs = (None if error else ok), chains, entries, blobs_checked
        run.problems = "\n".join([f"校验未能完成：{error}"] if error else problems)
        run.finished_at = timezone.now()
        run.save(update_fields=["state", "ok", "chains", "entries", "blobs", "problems", "finished_at"])
        ledger.append(actor=None, agency=_verification_chain(agencies), kind="records.verification_finished",
                      subject=run, payload={
                          "scope": run.scope, "state": run.state, "ok": run.ok, "started_at": run.started_at,
                          "chains": chains, "entries": entries, "blobs": blobs_checked,
                          "problems": problems[:20], "problem_count": len(problems), "error": error or None})
    return run


def decimal_or_none(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))
