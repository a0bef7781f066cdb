"""The credit platform (PUB-13, GEN-07): 行政许可 and 行政处罚 publications in the 双公示 format, as a file
(xlsx, CSV) and pushed to the platform's HTTP endpoint.

The push is an outbox derived from the snapshots: ``fill`` gives every penalty or licence snapshot one
delivery for its publishing (新增, 更新 for a later version) and one for its end (撤回, 撤下), so publishing, a
correction, a withdrawal, an expiry and a 信用修复 propagate without hooks. ``push`` (the worker's sweep
``credit_push``) sends each due delivery with ``urllib`` — one POST of canonical JSON, a timeout, exponential
backoff — in order per publication; a delivery still failing after ``ZHIFA_CREDIT_ESCALATE_ATTEMPTS`` attempts
or ``ZHIFA_CREDIT_ESCALATE_HOURS`` hours becomes an obligation on its agency, met when it is finally delivered.
No HTTP request is made inside a transaction (SQLite would hold every other writer for its timeout)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.agencies.permissions import require
from zhifa.core.errors import RuleViolation
from zhifa.core.spreadsheet import FORMULA_LEAD, table_bytes
from zhifa.ledger import chain as ledger
from zhifa.ledger.canonical import canonical_json
from zhifa.ledger.digest import sm3
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import PeriodUnit
from zhifa.publicity.models import (
    FIELDS,
    CreditAttempt,
    CreditDelivery,
    CreditEndpoint,
    CreditEvent,
    DeliveryStatus,
    Publication,
    PublicationKind,
    PublicationState,
    PublishedSnapshot,
)
from zhifa.publicity.work import publications_in_reach

if TYPE_CHECKING:
    from django.contrib.auth.models import User

RULE = "PUB-13 信用推送"
CREDIT_KINDS = (PublicationKind.PENALTY, PublicationKind.LICENCE)
# The states a publication has once published: what the file export may hold.
EXPORTED_STATES = (PublicationState.PUBLISHED, PublicationState.WITHDRAWN, PublicationState.EXPIRED,
                   PublicationState.TAKEN_DOWN)
ENDED: dict[str, CreditEvent] = {PublicationState.WITHDRAWN: CreditEvent.WITHDRAWN,
                                 PublicationState.EXPIRED: CreditEvent.REMOVED,
                                 PublicationState.TAKEN_DOWN: CreditEvent.REMOVED}
# Only variables meant for it: a token name such as ZHIFA_SECRET_KEY would send the server's secret away.
TOKEN_ENV = re.compile(r"^ZHIFA_CREDIT_TOKEN[A-Z0-9_]*$")
ERROR_CHARS = 500


# ---- the record in the standard's order ---------------------------------------------------------------------

def standard_record(pub: Publication) -> dict[str, str]:
    """The unredacted 双公示 items of ``pub`` in the standard's order, 公示截止期 from its publication period."""
    record = {name: str(pub.record.get(name, "") or "") for name in FIELDS[PublicationKind(pub.kind)]}
    if pub.kind == PublicationKind.PENALTY and not record["公示截止期"] and pub.visible_until:
        record["公示截止期"] = f"{pub.visible_until:%Y-%m-%d}"
    return record


# ---- the file export -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportFilter:
    kind: str
    since: dt.date | None = None
    until: dt.date | None = None
    state: str = ""


def _exported(actor: User, f: ExportFilter) -> QuerySet[Publication]:
    if f.kind not in CREDIT_KINDS:
        raise RuleViolation("请选择行政处罚或行政许可（每类一个文件）", field="kind", rule="PUB-13")
    if f.since and f.until and f.since > f.until:
        raise RuleViolation("决定日期的起点不能晚于终点", field="until", rule="PUB-13")
    qs = publications_in_reach(actor, "publication.publish").filter(kind=f.kind, state__in=EXPORTED_STATES)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.since:
        qs = qs.filter(decided_on__gte=f.since)
    if f.until:
        qs = qs.filter(decided_on__lte=f.until)
    return qs.order_by("decided_on", "pk")


def export(*, actor: User, filters: ExportFilter, fmt: str) -> bytes:
    """The publications in the actor's reach as one 双公示 file of ``filters.kind`` (``fmt``: xlsx or csv), the
    columns in the standard's order; recorded in the ledger of each agency whose rows it holds (the file carries
    personal 证件号码)."""
    require(actor, "publication.publish")
    pubs = list(_exported(actor, filters).select_related("agency")[:settings.ZHIFA_CREDIT_EXPORT_MAX_ROWS + 1])
    if len(pubs) > (limit := settings.ZHIFA_CREDIT_EXPORT_MAX_ROWS):
        raise RuleViolation(f"符合条件的信息超过{limit}条，请缩小决定日期范围后分批导出", field="since", rule="PUB-13")
    header = FIELDS[PublicationKind(filters.kind)]
    rows = [list(standard_record(p).values()) for p in pubs]
    data = _xlsx(filters.kind, header, rows) if fmt == "xlsx" else _csv(header, rows)
    counts: dict[int, tuple[Agency, int]] = {}
    for p in pubs:
        counts[p.agency_id] = (p.agency, counts.get(p.agency_id, (p.agency, 0))[1] + 1)
    with transaction.atomic():
        ledger.append_many(actor=actor, acts=[
            (agency, "credit.exported", agency, {"kind": filters.kind, "format": fmt, "rows": n, "sm3": sm3(data),
                                                 "since": filters.since, "until": filters.until,
                                                 "state": filters.state})
            for agency, n in counts.values()])
    return data


def _xlsx(kind: str, header: tuple[str, ...], rows: list[list[str]]) -> bytes:
    return table_bytes(f"{PublicationKind(kind).label}信息", header, rows, widths=[18] * len(header))


def _csv(header: tuple[str, ...], rows: list[list[str]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens it as UTF-8; a cell a spreadsheet could take for a formula
    is quoted as text (a leading apostrophe), as the xlsx export keeps it text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([f"'{v}" if v.startswith(FORMULA_LEAD) else v for v in row])
    return out.getvalue().encode("utf-8-sig")


# ---- the receiving address -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Endpoint:
    url: str
    token_env: str
    own: bool  # the agency's own, not the system-wide one


def endpoint_of(agency: Agency, own: dict[int, CreditEndpoint] | None = None) -> Endpoint | None:
    """Where ``agency``'s deliveries go: its own address, else the system-wide one; None when neither is set."""
    row = own.get(agency.pk) if own is not None else CreditEndpoint.objects.filter(agency=agency).first()
    if row is not None:
        return Endpoint(row.url, row.token_env, True)
    if settings.ZHIFA_CREDIT_URL:
        return Endpoint(settings.ZHIFA_CREDIT_URL, settings.ZHIFA_CREDIT_TOKEN_ENV, False)
    return None


def set_endpoint(*, actor: User, agency: Agency, url: str, token_env: str) -> Agency:
    """The agency's own receiving address and the name of its token's environment variable (the agency head or
    the administrator: ``agency.manage``); an empty address removes it, so the system-wide one applies.
    Returns the agency."""
    url, token_env = (url or "").strip(), (token_env or "").strip()
    require(actor, "agency.manage", agency)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise RuleViolation("接收地址应为以 http:// 或 https:// 开头的完整网址", field="url",
                                rule="PUB-13") from None
    if token_env and not TOKEN_ENV.match(token_env):
        raise RuleViolation("令牌的环境变量名应以 ZHIFA_CREDIT_TOKEN 开头，只含大写字母、数字和下划线",
                            field="token_env", rule="PUB-13")
    with transaction.atomic():
        row = CreditEndpoint.objects.select_for_update().filter(agency=agency).first()
        if not url:
            if row is not None:
                row.delete()
            ledger.append(actor=actor, agency=agency, kind="credit.endpoint_set", subject=agency,
                          payload={"url": "", "token_env": ""})
            return agency
        if row is None:
            row = CreditEndpoint(agency=agency)
        row.url, row.token_env, row.updated_at, row.updated_by = url, token_env, timezone.now(), actor
        row.save()
        ledger.append(actor=actor, agency=agency, kind="credit.endpoint_set", subject=row,
                      payload={"url": url, "token_env": token_env})
    return agency


# ---- the outbox ----------------------------------------------------------------------------------------------

def _payload(snap: PublishedSnapshot, pub: Publication, state: str, event: str) -> dict[str, Any]:
    ended = state in ENDED
    payload = {"信息类别": PublicationKind(snap.kind).label, "事件": CreditEvent(event).label, "版本": snap.version,
               "来源标识": f"zhifa-publication-{pub.pk}", "公示时间": snap.published_at,
               "公示状态": PublicationState(state).label, "公示快照SM3": snap.sm3,
               "撤回或撤下时间": snap.ended_at if ended else None, "撤回或撤下原因": snap.end_reason if ended else "",
               "数据项": standard_record(pub)}
    return json.loads(canonical_json(payload))


def _delivery(snap: PublishedSnapshot, state: str, now: dt.datetime) -> CreditDelivery:
    event = ENDED.get(state) or (CreditEvent.ADDED if snap.version == 1 else CreditEvent.UPDATED)
    payload = _payload(snap, snap.publication, state, event)
    return CreditDelivery(agency_id=snap.agency_id, publication_id=snap.publication_id, snapshot=snap,
                          version=snap.version, state=state, event=event, payload=payload,
                          digest=sm3(canonical_json(payload)), next_attempt_at=now, created_at=now)


def fill(now: dt.datetime) -> int:
    """A delivery for every (snapshot, state) of a penalty or licence that has none: the publishing of each
    snapshot, then its end if it has ended, in the order they happened per publication."""
    told = CreditDelivery.objects.filter(snapshot=OuterRef("pk"))
    base = PublishedSnapshot.objects.filter(kind__in=CREDIT_KINDS).select_related("publication")
    unpublished = base.exclude(Exists(told.filter(state=PublicationState.PUBLISHED)))
    unended = base.filter(state__in=list(ENDED)).exclude(Exists(told.filter(state=OuterRef("state"))))
    todo: list[tuple[int, int, int, PublishedSnapshot, str]] = []
    for snap in unpublished:
        todo.append((snap.publication_id, snap.version, 0, snap, PublicationState.PUBLISHED))
    for snap in unended:
        todo.append((snap.publication_id, snap.version, 1, snap, snap.state))
    todo.sort(key=lambda t: t[:3])
    made = 0
    for *_, snap, state in todo:
        try:
            with transaction.atomic():
                _delivery(snap, state, now).save()
            made += 1
        except IntegrityError:  # another worker made it a moment ago
            continue
    return made


# ---- sending -------------------------------------------------------------------------------------------------

def backoff(attempts: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failure: the base doubled each time, at most the cap."""
    base, cap = settings.ZHIFA_CREDIT_RETRY_BASE_SECONDS, settings.ZHIFA_CREDIT_RETRY_CAP_SECONDS
    return dt.timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


@dataclass(frozen=True)
class Outcome:
    http_status: int | None
    error: str

    @property
    def ok(self) -> bool:
        return self.http_status is not None and 200 <= self.http_status < 300


def send(endpoint: Endpoint, delivery: CreditDelivery) -> Outcome:
    """One POST of the delivery's canonical JSON, with the token as a bearer credential and the payload's SM3."""
    token = os.environ.get(endpoint.token_env, "") if endpoint.token_env else ""
    if endpoint.token_env and not token:
        return Outcome(None, f"未设置环境变量 {endpoint.token_env}（信用平台的令牌）")
    headers = {"Content-Type": "application/json; charset=utf-8", "X-Zhifa-SM3": delivery.digest,
               "Idempotency-Key": f"zhifa-credit-{delivery.pk}"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(endpoint.url, data=canonical_json(delivery.payload), headers=headers,
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=settings.ZHIFA_CREDIT_TIMEOUT_SECONDS) as response:
            return Outcome(response.status, "")
    except urllib.error.HTTPError as e:
        body = e.read(ERROR_CHARS).decode("utf-8", "replace")
        return Outcome(e.code, f"信用平台拒收：{e.code} {e.reason} {body}".strip()[:ERROR_CHARS])
    except TimeoutError:
        return Outcome(None, f"{settings.ZHIFA_CREDIT_TIMEOUT_SECONDS:g}秒内无响应（超时）")
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", e)
        if isinstance(reason, TimeoutError):
            return Outcome(None, f"{settings.ZHIFA_CREDIT_TIMEOUT_SECONDS:g}秒内无响应（超时）")
        return Outcome(None, f"无法连接信用平台：{reason}"[:ERROR_CHARS])


def _due(now: dt.datetime) -> QuerySet[CreditDelivery]:
    """Deliveries waiting and due, each the earliest undelivered one of its publication (order is kept), of
    agencies that have somewhere to send them (those without wait, and do not hold the others up)."""
    earlier = CreditDelivery.objects.filter(publication=OuterRef("publication"), pk__lt=OuterRef("pk")).exclude(
        status=DeliveryStatus.DELIVERED)
    qs = CreditDelivery.objects.exclude(status=DeliveryStatus.DELIVERED).filter(next_attempt_at__lte=now)
    if not settings.ZHIFA_CREDIT_URL:
        qs = qs.filter(agency__in=CreditEndpoint.objects.values("agency"))
    return qs.exclude(Exists(earlier)).select_related("agency", "publication").order_by("next_attempt_at", "pk")


def _claim(delivery: CreditDelivery, now: dt.datetime) -> bool:
    """Hold the delivery for one attempt (a conditional UPDATE: two workers never send the same one)."""
    lease = now + dt.timedelta(seconds=settings.ZHIFA_CREDIT_TIMEOUT_SECONDS + 60)
    return bool(CreditDelivery.objects.filter(pk=delivery.pk, next_attempt_at=delivery.next_attempt_at,
                                              attempts=delivery.attempts).update(next_attempt_at=lease))


def _record(delivery: CreditDelivery, endpoint: Endpoint, outcome: Outcome, now: dt.datetime) -> None:
    with transaction.atomic():
        d = CreditDelivery.objects.select_for_update(of=("self",)).select_related("publication", "agency").get(
            pk=delivery.pk)
        d.attempts += 1
        d.last_http_status, d.last_error = outcome.http_status, outcome.error
        CreditAttempt.objects.create(delivery=d, at=now, url=endpoint.url[:500], http_status=outcome.http_status,
                                     error=outcome.error, ok=outcome.ok)
        if outcome.ok:
            d.status, d.delivered_at, d.next_attempt_at = DeliveryStatus.DELIVERED, now, now
            ledger.append(actor=None, agency=d.agency, kind="credit.delivered", subject=d.publication,
                          payload={"delivery": d.pk, "snapshot": d.snapshot_id, "version": d.version,
                                   "event": d.event, "sm3": d.digest, "url": endpoint.url,
                                   "http_status": outcome.http_status, "attempts": d.attempts})
            if d.escalated_at is not None:
                obligations.meet(subject=d, rule=RULE, at=now)
        else:
            d.status, d.next_attempt_at = DeliveryStatus.FAILING, now + backoff(d.attempts)
            _escalate(d, now)
        d.save()


def _escalate(d: CreditDelivery, now: dt.datetime) -> None:
    """A delivery that keeps failing becomes its agency's obligation (once), due a day after its first try."""
    if d.escalated_at is not None:
        return
    limit = dt.timedelta(hours=settings.ZHIFA_CREDIT_ESCALATE_HOURS)
    first = d.attempt_log.order_by("at", "pk").values_list("at", flat=True).first() or now
    if d.attempts < settings.ZHIFA_CREDIT_ESCALATE_ATTEMPTS and now - first < limit:
        return
    due = first + limit
    obligations.ensure_obligation(
        agency=d.agency, subject=d, rule=RULE, due_at=due, warn_from=min(now, due), unit=PeriodUnit.HOUR,
        title=f"信用信息推送失败：{d.publication.party_name}（{d.get_event_display()}，已尝试{d.attempts}次）",
        basis="行政许可、行政处罚信息应报送信用信息共享平台；请检查接收地址和令牌，或联系信用平台")
    d.escalated_at = now


def push(now: dt.datetime) -> dict[str, int]:
    """The worker's sweep: the outbox filled from the snapshots, then each due delivery sent once, in order per
    publication (the next one of a publication is due once the one before it is delivered), at most
    ``ZHIFA_CREDIT_BATCH`` attempts a round."""
    made = fill(now)
    sent = failed = handled = 0
    while handled < settings.ZHIFA_CREDIT_BATCH:
        due = list(_due(now)[:settings.ZHIFA_CREDIT_BATCH - handled])
        if not due:
            break
        own = {e.agency_id: e for e in CreditEndpoint.objects.filter(agency__in={d.agency_id for d in due})}
        for delivery in due:
            handled += 1
            endpoint = endpoint_of(delivery.agency, own)
            if endpoint is None or not _claim(delivery, now):
                continue
            outcome = send(endpoint, delivery)
            _record(delivery, endpoint, outcome, now)
            sent, failed = sent + outcome.ok, failed + (not outcome.ok)
    return {"made": made, "delivered": sent, "failed": failed}

def deliveries_in_reach(user: User) -> QuerySet[CreditDelivery]:
    pubs = publications_in_reach(user, "publication.publish")
    return CreditDelivery.objects.filter(publication__in=pubs.values("pk"))

