"""Resumable uploads (tus 1.0.0): create, append, finish, terminate, expire.

The bytes of an upload in progress live in ``<upload dir>/<token>.part``; **the offset is that file's size**,
never a number kept elsewhere, so a server killed with ``kill -9`` answers HEAD with exactly what reached
the disk and the client resumes from there.

Every change to a partial file — appending a piece, discarding a chunk whose checksum failed, finishing —
happens under ``flock`` on the file and only after checking that the path still names the same file and
that its size is where this request expects it. A stale request (its client gone, its socket still open)
therefore can never write into an upload that another request has taken over or finished.

Finishing renames the partial file to ``<token>.complete`` under the lock, then the blob is put in place
and the evidence recorded in one transaction (``actions.ingest``); a crash in between leaves the
``.complete`` file, and the next HEAD or PATCH finishes the job. No row ever names half a blob.

SM3 and SHA-256 are computed as the bytes arrive; the running state is kept in this process between the
PATCH requests of one upload. After a restart (or on another server process) the state is missing and the
whole file is hashed once at the end instead.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import fcntl
import hashlib
import hmac
import json
import os
import secrets
import threading
from collections import OrderedDict
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from zhifa.agencies.access import officers_for
from zhifa.agencies.models import Agency
from zhifa.agencies.permissions import agencies_in_reach, can
from zhifa.core.errors import RuleViolation
from zhifa.ledger import chain as ledger
from zhifa.records import actions, blobs
from zhifa.records.forms import UploadForm, metadata_data
from zhifa.records.models import Evidence, EvidenceKind, Upload, UploadState
from zhifa.records.names import clean_filename, parse_upload_metadata
from zhifa.records.probe import probe

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

CHECKSUM_ALGORITHMS = ("sha1", "sha256", "sm3")
READ_SIZE = 1 << 20
_FADVISE = hasattr(os, "posix_fadvise")


class TusError(Exception):
    """A refusal with its HTTP status; ``message`` is Chinese and shown to the person uploading."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


# ---------------------------------------------------------------- files and the hash state


def part_path(token: str) -> Path:
    return blobs.temp_dir() / f"{token}.part"


def complete_path(token: str) -> Path:
    return blobs.temp_dir() / f"{token}.complete"


def offset_of(upload: Upload) -> int:
    """The size of what is on disk: the partial file, or the completed one awaiting its record."""
    if upload.state == UploadState.FINISHED:
        return upload.length
    for path in (part_path(upload.token), complete_path(upload.token)):
        with contextlib.suppress(FileNotFoundError):
            return path.stat().st_size
    return 0


class _States:
    """token → (position, Hasher) for uploads this process is receiving; bounded, oldest dropped first."""

    LIMIT = 256

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: OrderedDict[str, tuple[int, blobs.Hasher]] = OrderedDict()

    def take(self, token: str, position: int) -> blobs.Hasher | None:
        with self._lock:
            item = self._items.get(token)
            if item is None or item[0] != position:
                return None
            return item[1].copy()

    def put(self, token: str, position: int, hasher: blobs.Hasher) -> None:
        with self._lock:
            self._items[token] = (position, hasher)
            self._items.move_to_end(token)
            while len(self._items) > self.LIMIT:
                self._items.popitem(last=False)

    def drop(self, token: str) -> None:
        with self._lock:
            self._items.pop(token, None)


states = _States()


@contextlib.contextmanager
def _locked(f: IO[bytes]):
    fcntl.flock(f.fileno(), fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def _same_file(f: IO[bytes], path: Path) -> bool:
    try:
        st = path.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(f.fileno())
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)


# ---------------------------------------------------------------- reads


def upload_for(user: User | AnonymousUser, token: str) -> Upload:
    """The user's own upload; anyone else's, or none, is 404 alike."""
    if not user.is_authenticated:
        raise Http404
    upload = Upload.objects.select_related("unit__level", "user").filter(token=token, user_id=user.pk).first()
    if upload is None or upload.state == UploadState.TERMINATED:
        raise Http404
    return upload


def upload_units(user: User | AnonymousUser):
    return agencies_in_reach(user, "evidence.upload").filter(level__is_region=False).select_related("level")


def default_unit(user: User | AnonymousUser) -> Agency | None:
    """The officer's own unit when the user may hand in there, else the first unit the user may."""
    officer = getattr(getattr(user, "person", None), "officer", None)
    if officer is not None and can(user, "evidence.upload", officer.unit):
        return officer.unit
    return upload_units(user).order_by("path").first()


# The kind a file's type suggests: its MIME type's top level, else its extension; anything else is a 文书.
# The upload page's script reads the same table (``kind_rules``) to suggest the kind as the file is chosen.
KIND_BY_TYPE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (EvidenceKind.VIDEO, "video/", ("mp4", "mov", "avi", "mkv", "3gp", "ts")),
    (EvidenceKind.AUDIO, "audio/", ("wav", "mp3", "amr", "m4a", "aac", "ogg", "flac")),
    (EvidenceKind.PHOTO, "image/", ("jpg", "jpeg", "png", "gif", "heic", "tif", "tiff")),
)


def guess_kind(filetype: str, filename: str) -> str:
    filetype = (filetype or "").lower()
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    for kind, prefix, extensions in KIND_BY_TYPE:
        if filetype.startswith(prefix) or ext in extensions:
            return kind
    return EvidenceKind.DOCUMENT


def kinds_agree(chosen: str, from_file: str) -> bool:
    """Whether the kind an officer chose fits the file: the same, or a 扫描件 that is a picture or a document."""
    return chosen == from_file or (chosen == EvidenceKind.SCAN and from_file in (EvidenceKind.PHOTO,
                                                                                 EvidenceKind.DOCUMENT))


def kind_rules() -> str:
    """``KIND_BY_TYPE`` as JSON for the upload page's script."""
    return json.dumps({"rules": [[str(kind), prefix, list(exts)] for kind, prefix, exts in KIND_BY_TYPE],
                       "otherwise": str(EvidenceKind.DOCUMENT)})


def _form_errors(form: UploadForm) -> str:
    lines: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        lines.extend(f"{label}：{e}" if label else str(e) for e in errors)
    return "；".join(lines)


def description_from(user: User | AnonymousUser, meta: dict[str, Any], *, lenient: bool = False,
                     on: dt.date | None = None) -> tuple[Agency | None, dict[str, Any]]:
    """(unit, description values) from upload metadata, validated like the upload page's form.

    ``lenient``: drop fields that no longer validate (an officer left since the upload began) rather than
    refuse — the evidence is then simply not fully described, which its own deadline tracks. ``on``: the day
    the officers' credentials are checked for (the day the upload began; today by default).
    """
    data = metadata_data(meta)
    data.setdefault("kind", guess_kind(meta.get("filetype", ""), meta.get("filename", "")))
    form = UploadForm(data=data, units=upload_units(user), officers=officers_for(user, "evidence.upload"), on=on)
    if not form.is_valid():
        if not lenient:
            raise TusError(400, "上传信息有误：" + _form_errors(form))
        for name in list(form.errors):
            data.pop(name, None)
        data.setdefault("kind", EvidenceKind.DOCUMENT)
        form = UploadForm(data=data, units=upload_units(user), officers=officers_for(user, "evidence.upload"),
                          on=on)
        form.is_valid()
    values = {k: v for k, v in form.cleaned_data.items() if k in data or k == "officers"}
    unit = values.pop("unit", None) or default_unit(user)
    return unit, values


def _max_size() -> int:
    return int(settings.ZHIFA_UPLOAD_MAX_BYTES)


def _expiry(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(hours=int(settings.ZHIFA_UPLOAD_EXPIRE_HOURS))


# ---------------------------------------------------------------- write functions


def create_upload(*, actor: User, length_header: str | None, metadata_header: str | None) -> Upload:
    """tus creation (POST): check the declared length and the description, open the partial file, and —
    for AV — the hand-in deadline (REC-10)."""
    if length_header is None:
        raise TusError(400, "缺少 Upload-Length：须声明文件大小（不支持延后声明长度）")
    try:
        length = int(str(length_header).strip())
    except ValueError:
        raise TusError(400, "Upload-Length 必须是非负整数") from None
    if length < 0:
        raise TusError(400, "Upload-Length 必须是非负整数")
    if length == 0:
        raise TusError(400, "文件为空（0 字节）：空文件不能作为证据，请选择有内容的文件")
    if length > _max_size():
        raise TusError(413, f"文件过大：上限为 {_max_size()} 字节")
    try:
        meta = parse_upload_metadata(metadata_header or "")
        filename = clean_filename(meta.get("filename") or meta.get("name") or "")
    except RuleViolation as e:
        raise TusError(400, e.message) from None
    meta = {k: v for k, v in meta.items() if not k.startswith("_")}  # "_" keys are the server's own
    meta["filename"] = filename
    unit, values = description_from(actor, meta)
    if unit is None or not can(actor, "evidence.upload", unit):
        raise TusError(403, "无权在此单位移交证据")
    try:
        actions.check_description(values)
    except RuleViolation as e:
        raise TusError(400, e.message) from None
    now = timezone.now()
    kind = values.get("kind", EvidenceKind.DOCUMENT)
    stored = dict(meta, _kind=kind, _unit=str(unit.pk))
    if values.get("capture_start"):
        stored["_capture_start_iso"] = values["capture_start"].isoformat()
    with transaction.atomic():
        upload = Upload.objects.create(token=secrets.token_urlsafe(24), user=actor, unit=unit, length=length,
                                       metadata=stored, created_at=now, expires_at=_expiry(now))
        with open(part_path(upload.token), "xb"):
            pass
        payload = {"length": length, "filename": filename, "kind": kind,
                   "capture_start": values.get("capture_start"), "capture_end": values.get("capture_end"),
                   "device": values.get("device", "")}
        from_file = guess_kind(meta.get("filetype", ""), filename)
        if not kinds_agree(kind, from_file):  # the officer's word stands; the record notes what the file said
            payload["kind_from_file"] = from_file
        ledger.append(actor=actor, agency=unit, kind="upload.created", subject=upload, payload=payload)
        actions.open_handin_obligation(upload, kind=kind, capture_end=values.get("capture_end"),
                                       field_work=bool(values.get("field_work")), label=filename)
    return upload


def client_metadata(upload: Upload) -> dict[str, str]:
    """The metadata as the client sent it (the server's own keys start with "_")."""
    meta = upload.metadata if isinstance(upload.metadata, dict) else {}
    return {k: str(v) for k, v in meta.items() if not k.startswith("_")}


def _check_live(upload: Upload, now: dt.datetime) -> None:
    if upload.expired(now):
        raise TusError(410, "该上传已过期，请重新上传")


def parse_checksum(header: str | None) -> tuple[str, bytes] | None:
    if header is None:
        return None
    parts = header.strip().split(" ")
    if len(parts) != 2:
        raise TusError(400, "Upload-Checksum 格式应为“算法 Base64摘要”")
    algorithm = parts[0].lower()
    if algorithm not in CHECKSUM_ALGORITHMS:
        raise TusError(400, f"不支持的校验算法“{parts[0]}”：支持 {', '.join(CHECKSUM_ALGORITHMS)}")
    try:
        expected = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        raise TusError(400, "Upload-Checksum 的摘要不是有效的 Base64") from None
    return algorithm, expected


def append(upload: Upload, *, offset_header: str | None, content_length: int | None, body: IO[bytes],
           checksum_header: str | None) -> int:
    """tus PATCH: append the body at ``Upload-Offset``; returns the new offset. Finishes the upload when the
    last byte has arrived (``finish``)."""
    now = timezone.now()
    _check_live(upload, now)
    try:
        offset = int(offset_header or "")
        if offset < 0:
            raise ValueError
    except ValueError:
        raise TusError(400, "缺少或错误的 Upload-Offset") from None
    if content_length is None:
        raise TusError(411, "缺少 Content-Length")
    checksum = parse_checksum(checksum_header)
    if offset + content_length > upload.length:
        raise TusError(413, f"数据超出声明的文件大小（声明 {upload.length} 字节，本次将写到第 "
                            f"{offset + content_length} 字节）：未存入任何数据")
    current = offset_of(upload)
    if offset != current:
        raise TusError(409, f"Upload-Offset 与已接收的数据不符：服务器已有 {current} 字节",
                       {"Upload-Offset": str(current)})
    if upload.state == UploadState.FINISHED or current == upload.length:
        if content_length:
            raise TusError(413, "该上传已完整接收，不能再追加数据")
        finish(upload)
        return upload.length
    end = _write(upload, offset, content_length, body, checksum)
    Upload.objects.filter(pk=upload.pk, state=UploadState.ACTIVE).update(expires_at=_expiry(timezone.now()))
    if end == upload.length:
        finish(upload)
    return end


class _Superseded(Exception):
    """Another request has taken over (or finished) this upload: stop writing."""


def _write(upload: Upload, offset: int, content_length: int, body: IO[bytes],
           checksum: tuple[str, bytes] | None) -> int:
    path = part_path(upload.token)
    try:
        f = open(path, "r+b")  # noqa: SIM115 — closed by the with below
    except FileNotFoundError:
        raise TusError(409, "上传的数据文件不存在（可能正在完成），请先以 HEAD 查询进度",
                       {"Upload-Offset": str(offset_of(upload))}) from None
    with f:
        running = states.take(upload.token, offset) if offset else blobs.Hasher()
        chunk_hash = hashlib.new(checksum[0]) if checksum else None
        written = offset

        def write(data: bytes) -> None:
            """Append one piece — only while the file is still this upload's and ends where we expect."""
            nonlocal written
            with _locked(f):
                if not _same_file(f, path) or os.fstat(f.fileno()).st_size != written:
                    raise _Superseded
                os.pwrite(f.fileno(), data, written)
            if _FADVISE:  # start writing back now, so the fdatasync that acknowledges the PATCH waits little
                os.posix_fadvise(f.fileno(), written, len(data), os.POSIX_FADV_DONTNEED)
            written += len(data)

        # Receiving here; writing, SM3 and SHA-256 each on a worker thread, overlapping (see blobs.Pipe).
        pipes = [blobs.Pipe(write)]
        if running is not None:
            pipes += [blobs.Pipe(running.sm3.update), blobs.Pipe(running.sha256.update)]
        if chunk_hash is not None:
            pipes.append(blobs.Pipe(chunk_hash.update))
        received = 0
        error: BaseException | None = None
        try:
            while received < content_length:
                data = body.read(min(READ_SIZE, content_length - received))
                if not data:
                    break  # the client went away: keep what arrived (unless a checksum cannot be verified)
                for pipe in pipes:
                    pipe.feed(data)
                received += len(data)
        except BaseException as e:
            error = e
        for pipe in pipes:
            try:
                pipe.close()
            except BaseException as e:
                error = error or e
        if error is not None:
            states.drop(upload.token)
            if isinstance(error, _Superseded):
                raise TusError(409, "该上传已由另一请求继续，请先以 HEAD 查询进度") from None
            raise error
        if running is not None:
            running.size += received
        if checksum is not None:
            assert chunk_hash is not None
            verified = received == content_length and hmac.compare_digest(chunk_hash.digest(), checksum[1])
            if not verified:
                with _locked(f):
                    if _same_file(f, path) and os.fstat(f.fileno()).st_size == written:
                        os.truncate(f.fileno(), offset)
                        written = offset
                if written != offset:
                    states.drop(upload.token)  # not ours to discard any more: rehash at the end
                if received < content_length:
                    raise TusError(400, "数据未传完，无法核对校验值：本段已丢弃，请重传")
                raise TusError(460, f"校验值不符（{checksum[0]}）：本段数据已丢弃，请重传")
        with _locked(f):
            os.fdatasync(f.fileno())  # what is acknowledged is on disk
            if _same_file(f, path) and os.fstat(f.fileno()).st_size == written and running is not None:
                states.put(upload.token, written, running)
            else:
                states.drop(upload.token)
    return written


def finish(upload: Upload) -> Evidence:
    """All bytes are in: hash (if the running state is gone), put the blob in place and record the evidence
    with its ledger entry in one transaction. Safe to call again after a crash at any point."""
    if upload.state == UploadState.FINISHED and upload.evidence_id:
        return Evidence.objects.get(pk=upload.evidence_id)
    token = upload.token
    part, done = part_path(token), complete_path(token)
    running: blobs.Hasher | None = None
    if part.exists():
        with open(part, "rb") as f, _locked(f):
            if not _same_file(f, part):
                raise TusError(409, "该上传正在由另一请求完成")
            size = os.fstat(f.fileno()).st_size
            if size != upload.length:
                raise TusError(409, f"数据尚未传完：已有 {size} 字节", {"Upload-Offset": str(size)})
            running = states.take(token, size)
            os.rename(part, done)
    states.drop(token)
    if not done.exists():
        raise TusError(409, "上传的数据文件不存在，无法完成")
    if running is None or running.size != upload.length:
        try:
            running = blobs.hash_file(done)
        except FileNotFoundError:  # another request finished it a moment ago
            upload.refresh_from_db()
            if upload.state == UploadState.FINISHED and upload.evidence_id:
                return Evidence.objects.get(pk=upload.evidence_id)
            raise TusError(409, "上传的数据文件不存在，无法完成") from None
    digests = running.digests()
    if digests.size != upload.length:
        raise TusError(409, "数据大小与声明不符")
    meta = client_metadata(upload)
    _unit, values = description_from(upload.user, meta, lenient=True, on=timezone.localdate(upload.created_at))
    with transaction.atomic():
        locked = Upload.objects.select_for_update().get(pk=upload.pk)
        if locked.state == UploadState.FINISHED and locked.evidence_id:
            return Evidence.objects.get(pk=locked.evidence_id)
        earlier = _same_handin(locked, digests.sm3)
        if earlier is not None:
            actions.recognise_repeat(upload=locked, evidence=earlier)
            transaction.on_commit(lambda: _remove(done))
            upload.state, upload.evidence_id, upload.metadata = locked.state, earlier.pk, locked.metadata
            return earlier
        evidence = actions.ingest(actor=upload.user, unit=upload.unit, path=done, digests=digests,
                                  original_name=meta.get("filename", ""), description=values, info=probe(done),
                                  upload=locked)
        transaction.on_commit(lambda: _remove(done))
    upload.state, upload.evidence_id = UploadState.FINISHED, evidence.pk
    return evidence


def _same_handin(upload: Upload, sm3: str) -> Evidence | None:
    """The evidence of an earlier finished hand-in of the same bytes to the same unit with the same description
    (the form's metadata), that is the same act sent twice — a second tap of 开始上传, a page sent again."""
    meta = client_metadata(upload)
    earlier = (Upload.objects.filter(unit_id=upload.unit_id, state=UploadState.FINISHED, evidence__blob__sm3=sm3)
               .exclude(pk=upload.pk).select_related("evidence").order_by("pk"))
    return next((u.evidence for u in earlier if client_metadata(u) == meta), None)


def repeat_notice(upload: Upload) -> str | None:
    """What to tell whoever handed in again what was already handed in (None for any other upload)."""
    if not (isinstance(upload.metadata, dict) and upload.metadata.get(actions.REPEAT_KEY)) or upload.evidence is None:
        return None
    return (f"该文件此前已于{timezone.localtime(upload.evidence.received_at):%Y-%m-%d %H:%M}移交（同一单位、"
            f"同一摄录情况），未重复登记，也不再生成待办；请查看已有的证据记录")


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def terminate(*, actor: User, upload: Upload) -> None:
    """tus DELETE: the uploader cancels; the partial bytes go, the upload row stays (its deadline too)."""
    if upload.user_id != actor.pk:
        raise Http404
    if upload.state == UploadState.FINISHED:
        raise TusError(409, "该上传已完成，不能取消；证据只能按保存期限处理")
    with transaction.atomic():
        locked = Upload.objects.select_for_update().get(pk=upload.pk)
        if locked.state != UploadState.ACTIVE and locked.state != UploadState.EXPIRED:
            raise Http404
        Upload.objects.filter(pk=locked.pk).update(state=UploadState.TERMINATED)
        ledger.append(actor=actor, agency=upload.unit, kind="upload.terminated", subject=locked,
                      payload={"received": offset_of(locked), "length": locked.length})
        transaction.on_commit(lambda: _discard(upload.token))


def _discard(token: str) -> None:
    states.drop(token)
    path = part_path(token)
    try:
        f = open(path, "rb")  # noqa: SIM115 — closed by the with below
    except FileNotFoundError:
        return
    with f, _locked(f):
        _remove(path)


def expire(now: dt.datetime) -> int:
    """Mark active uploads past their expiry expired and remove their partial files (the sweep)."""
    count = 0
    for upload in Upload.objects.filter(state=UploadState.ACTIVE, expires_at__lt=now).select_related(
            "unit__level").iterator():
        if complete_path(upload.token).exists():
            continue  # fully received, its record pending: finish it instead of discarding
        with transaction.atomic():
            changed = Upload.objects.filter(pk=upload.pk, state=UploadState.ACTIVE).update(state=UploadState.EXPIRED)
            if not changed:
                continue
            ledger.append(actor=None, agency=upload.unit, kind="upload.expired", subject=upload,
                          payload={"received": offset_of(upload), "length": upload.length, "at": now})
            token = upload.token
            transaction.on_commit(lambda token=token: _discard(token))  # type: ignore[misc]
        count += 1
    return count


def finish_pending() -> int:
    """Finish uploads whose bytes are all in but whose record was never written (a crash in between)."""
    count = 0
    for upload in Upload.objects.filter(state=UploadState.ACTIVE).select_related("unit__level", "user").iterator():
        if complete_path(upload.token).exists():
            with contextlib.suppress(TusError):
                finish(upload)
                count += 1
    return count
