"""公示信息更正 (PUB-07; 行政执法公示办法 第十一条): anyone applies on the portal, without an account, with contact
details and one evidence file, and gets a tracking number; the agency verifies and answers within its period
(an obligation) with the result, the reason and how to appeal; a correction publishes a new snapshot version,
the earlier one staying answerable. Also the agency's publicity settings. Each write function is one
transaction with its ledger entry."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import IO, TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from zhifa.agencies.models import Agency, name_of
from zhifa.agencies.permissions import require
from zhifa.cases.actions.base import clean_text
from zhifa.core.errors import RuleViolation
from zhifa.documents.actions import store_bytes
from zhifa.ledger import chain as ledger
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import PeriodUnit
from zhifa.parties.actions import check_phone
from zhifa.publicity import redaction, rules
from zhifa.publicity.actions import in_reach, locked, snapshot
from zhifa.publicity.models import (
    FIELDS,
    PRIVATE_FIELDS,
    CorrectionRequest,
    CorrectionResult,
    CorrectionState,
    PublicationKind,
    PublicationState,
    PublicitySettings,
    PublishedSnapshot,
    settings_of,
)
from zhifa.records import blobs

if TYPE_CHECKING:
    from django.contrib.auth.models import User

RULE = rules.CORRECTION_RULE

# Crockford's base 32 (no I, L, O, U: nothing to misread) and its check symbols: nine random characters carry
# 45 bits, so a number is not guessed, and the tenth catches a mistyped or swapped character.
_DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CHECK = _DIGITS + "*~$=U"
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
# The evidence an applicant may upload: its extension and the bytes such a file begins with.
EVIDENCE_TYPES = {"pdf": b"%PDF-", "jpg": b"\xff\xd8\xff", "jpeg": b"\xff\xd8\xff", "png": b"\x89PNG\r\n\x1a\n"}
# The names of the record's items that hold the decision's number (a correction of it renumbers the snapshot).
_NUMBER_FIELDS = ("行政处罚决定书文号", "行政许可决定文书号")


class TooManyApplications(RuleViolation):
    """A flood from one client address: the portal answers 429 and keeps serving everyone else."""


def _check_symbol(body: str) -> str:
    return _CHECK[sum(_DIGITS.index(c) * 32 ** i for i, c in enumerate(reversed(body))) % 37]


def new_tracking() -> str:
    body = "".join(secrets.choice(_DIGITS) for _ in range(9))
    return body + _check_symbol(body)


def read_tracking(text: str) -> str | None:
    """A typed tracking number, normalised (case, spaces, dashes, O for 0); None when it cannot be one."""
    code = "".join((text or "").split()).replace("-", "").upper().translate(_READ_AS)
    if len(code) != 10 or any(c not in _DIGITS for c in code[:9]) or code[9] not in _CHECK:
        return None
    return code if _check_symbol(code[:9]) == code[9] else None


def update_settings(*, actor: User, agency: Agency, correction_workdays: int,
                    publish_simple_penalties: bool) -> PublicitySettings:
    """The agency head's choices: the period to answer a correction, whether 当场 penalties are published."""
    require(actor, "agency.manage", agency)
    if not 1 <= correction_workdays <= 60:
        raise RuleViolation("更正申请答复期限应为1至60个工作日", field="correction_workdays", rule=RULE)
    with transaction.atomic():
        found, _ = PublicitySettings.objects.select_for_update().get_or_create(agency=agency)
        if (found.correction_workdays, found.publish_simple_penalties) == (correction_workdays,
                                                                          publish_simple_penalties):
            return found  # the same settings again: nothing changes, nothing recorded
        found.correction_workdays, found.publish_simple_penalties = correction_workdays, publish_simple_penalties
        found.save(update_fields=["correction_workdays", "publish_simple_penalties"])
        ledger.append(actor=actor, agency=agency, kind="publicity.settings", subject=found,
                      payload={"correction_workdays": correction_workdays,
                               "publish_simple_penalties": publish_simple_penalties})
    return found


def _contact(phone: str, email: str) -> tuple[str, str]:
    phone = check_phone(phone, field="phone", label="联系电话")
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise RuleViolation("电子邮箱格式不正确，如 zhangsan@example.com", field="email", rule=RULE) from None
    if not phone and not email:
        raise RuleViolation("请至少留下联系电话或电子邮箱中的一项，以便告知核实结果", field="phone", rule=RULE)
    return phone, email


def _evidence(upload: UploadedFile | None) -> bytes | None:
    """The uploaded file's bytes, refused when empty, too large or not a PDF, JPG or PNG file."""
    if upload is None:
        return None
    limit = settings.ZHIFA_CORRECTION_MAX_BYTES
    if not upload.size:
        raise RuleViolation("证明材料是空文件，请重新选择", field="evidence", rule=RULE)
    if upload.size > limit:
        raise RuleViolation(f"证明材料不能超过{limit / 1024 / 1024:g} MB"
                            f"（所选文件 {upload.size / 1024 / 1024:.1f} MB）", field="evidence", rule=RULE)
    ext = (upload.name or "").rsplit(".", 1)[-1].lower() if "." in (upload.name or "") else ""
    data = upload.read()
    if ext not in EVIDENCE_TYPES or not data.startswith(EVIDENCE_TYPES[ext]):
        raise RuleViolation("证明材料只能是 PDF、JPG 或 PNG 文件", field="evidence", rule=RULE)
    return data


def _throttle(address: str | None, now: dt.datetime) -> None:
    if address is None:
        return
    recent = CorrectionRequest.objects.filter(address=address, received_at__gte=now - dt.timedelta(hours=1))
    if recent.count() >= settings.ZHIFA_CORRECTION_PER_HOUR:
        raise TooManyApplications(f"同一网络地址一小时内最多提交{settings.ZHIFA_CORRECTION_PER_HOUR}件更正申请，"
                                  "请稍后再试；已提交的申请可凭查询号查询", rule=RULE)


def apply(*, snapshot: PublishedSnapshot, name: str, phone: str, email: str, wrong: str, should_be: str,
          evidence: UploadedFile | None = None, address: str | None = None) -> CorrectionRequest:
    """An application from the public (no account) to correct a publication; the answer is due after the
    agency's period. The same application sent again from the same address within the hour is the one made."""
    name = clean_text("name", "申请人姓名或名称", name, max_length=100)
    phone, email = _contact(phone, email)
    wrong = clean_text("wrong", "有误的内容", wrong, max_length=2000)
    should_be = clean_text("should_be", "应更正为", should_be, max_length=2000)
    now = timezone.now()
    _throttle(address, now)
    data = _evidence(evidence)
    with transaction.atomic():
        snap = PublishedSnapshot.objects.select_related("agency").get(pk=snapshot.pk)
        if snap.state != PublicationState.PUBLISHED:
            raise RuleViolation("该信息已不在公示中，无需申请更正", field="wrong", rule=RULE)
        again = CorrectionRequest.objects.filter(snapshot=snap, address=address, name=name, wrong=wrong,
                                                 should_be=should_be,
                                                 received_at__gte=now - dt.timedelta(hours=1)).first()
        if again is not None:
            return again
        blob = store_bytes(data, now) if data is not None else None
        due = rules.correction_due(timezone.localdate(now), settings_of(snap.agency).correction_workdays)
        tracking = new_tracking()
        while CorrectionRequest.objects.filter(tracking=tracking).exists():
            tracking = new_tracking()
        req = CorrectionRequest.objects.create(
            tracking=tracking, snapshot=snap, publication_id=snap.publication_id, agency=snap.agency, name=name,
            phone=phone, email=email, wrong=wrong, should_be=should_be, evidence=blob,
            evidence_name=(evidence.name or "")[:200] if evidence is not None else "", address=address,
            received_at=now, due_on=due.last_day, due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=3))
        obligations.ensure_obligation(
            agency=snap.agency, subject=req, rule=due.rule, due_at=due.due_at, unit=PeriodUnit.WORKDAY,
            warn_from=req.warn_from, provisional=due.provisional,
            title=f"答复公示信息更正申请：{snap.party_name}（{due.last_day:%Y-%m-%d}前）",
            basis="公示信息不准确的，公民、法人或者其他组织可以申请更正；行政执法机关核实后予以更正并告知申请人")
        # No name or contact in the ledger (it is never purged): the application is named by its number.
        ledger.append(actor=None, agency=snap.agency, kind="publicity.correction_received", subject=req,
                      payload={"tracking": tracking, "publication": snap.publication_id, "snapshot": snap.pk,
                               "version": snap.version, "due_on": due.last_day,
                               "evidence": blob.sm3 if blob else None},
                      evidence=[blob.sm3] if blob else ())
    return req


def _changes(kind: str, text: str) -> dict[str, str]:
    """The reviewer's corrections, one a line as 信息项=更正后的内容, each an item of the publication's record."""
    allowed = [f for f in FIELDS[PublicationKind(kind)] if f not in PRIVATE_FIELDS and f != "公示截止期"]
    out: dict[str, str] = {}
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        item, sep, value = line.partition("=")
        item = item.strip()
        if not sep or item not in allowed:
            raise RuleViolation(f"“{line.strip()[:30]}”不是“信息项=更正后的内容”，或信息项不在公示信息中",
                                field="changes", rule=RULE)
        out[item] = value.strip()
    return out


def answer(*, actor: User, request: CorrectionRequest, result: str, reason: str, remedy: str,
           changes: str = "") -> CorrectionRequest:
    """The agency's answer to an application, which meets its obligation: 予以更正 or 部分更正 with the items
    corrected (``changes``) publishes a new version — redacted as before, the new values' personal data too —
    and the earlier version stays answerable, saying it was corrected; 不予更正 changes nothing published."""
    if result not in CorrectionResult.values:
        raise RuleViolation("请选择核实结果（予以更正、部分更正或不予更正）", field="result", rule=RULE)
    reason = clean_text("reason", "理由", reason, max_length=2000)
    remedy = clean_text("remedy", "救济途径", remedy, max_length=1000)
    with transaction.atomic():
        req = CorrectionRequest.objects.select_for_update(of=("self",)).select_related("agency", "snapshot").get(
            pk=request.pk)
        pub = locked(req.publication)
        in_reach(actor, pub, "publication.publish")
        if req.state != CorrectionState.OPEN:
            raise RuleViolation(f"该申请已于{timezone.localdate(req.answered_at):%Y-%m-%d}答复", field="result",
                                rule=RULE)
        found = _changes(pub.kind, changes)
        now = timezone.now()
        if result == CorrectionResult.REFUSED:
            if found:
                raise RuleViolation("不予更正时不填写更正内容", field="changes", rule=RULE)
        else:
            if not found:
                raise RuleViolation("请逐行写明更正的信息项：信息项=更正后的内容", field="changes", rule=RULE)
            if pub.state != PublicationState.PUBLISHED:
                raise RuleViolation(f"该信息{pub.get_state_display()}，不能再更正", field="result", rule=RULE)
            req.corrected = _correct(actor, pub, req, found, now)
        req.state, req.result, req.reason, req.remedy = CorrectionState.ANSWERED, result, reason, remedy
        req.answered_at, req.answered_by = now, actor
        req.save(update_fields=["state", "result", "reason", "remedy", "answered_at", "answered_by", "corrected"])
        obligations.meet(subject=req, rule=RULE, at=now)
        ledger.append(actor=actor, agency=req.agency, kind="publicity.correction_answered", subject=req,
                      payload={"tracking": req.tracking, "publication": pub.pk, "result": result, "reason": reason,
                               "remedy": remedy, "answered_by": name_of(actor), "late": now > req.due_at,
                               "corrected": req.corrected.pk if req.corrected else None})
    return req


def open_evidence(*, actor: User, request: CorrectionRequest) -> IO[bytes]:
    """The applicant's evidence file opened by the agency's staff: it holds personal data, so each opening is a
    ledger entry, as a document's download is."""
    if request.evidence is None:
        raise RuleViolation("该申请没有上传证明材料", field="evidence", rule=RULE)
    in_reach(actor, request.publication, "publication.view")
    f = blobs.open_blob(request.evidence.sm3)  # a missing file fails here, before anything is recorded
    try:
        with transaction.atomic():
            ledger.append(actor=actor, agency=request.agency, kind="publicity.correction_evidence_opened",
                          subject=request, payload={"tracking": request.tracking, "by_name": name_of(actor),
                                                    "sm3": request.evidence.sm3}, evidence=[request.evidence.sm3])
    except BaseException:
        f.close()
        raise
    return f


def _correct(actor: User, pub, req: CorrectionRequest, found: dict[str, str], now: dt.datetime) -> PublishedSnapshot:
    """The record's items corrected and published as the next version through the publish path."""
    before = pub.snapshots.get(current=True)
    pub.record = {**pub.record, **found}
    new_marks = [{**m, "state": "accepted"} for m in redaction.pattern_marks(found.values())
                 if not any(m["text"] == old["text"] for old in pub.marks)]
    pub.marks = [*pub.marks, *new_marks]
    if "行政相对人名称" in found:
        pub.party_name = found["行政相对人名称"]
    number = next((found[f] for f in _NUMBER_FIELDS if f in found), None)
    if number is not None:
        pub.decision_number = number
    pub.save(update_fields=["record", "marks", "party_name", "decision_number"])
    assert pub.visible_until is not None
    snap = snapshot(actor, pub, now, pub.visible_until)
    ledger.append(actor=actor, agency=pub.agency, kind="publicity.corrected", subject=pub,
                  payload={"publication": pub.pk, "tracking": req.tracking, "snapshot": snap.pk,
                           "version": snap.version, "sm3": snap.sm3, "replaces": before.pk, "items": sorted(found),
                           "redaction": redaction.diff(new_marks, list(found.values()))})
    return snap
