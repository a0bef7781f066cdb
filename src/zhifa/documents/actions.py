"""Write functions for issued documents (REC-17): issue a numbered document, void one.

``issue`` does everything in one transaction: it checks the values against the template, takes the next
number of the agency's series for that kind and year with the counter row locked (an ``UPDATE … RETURNING``,
which locks the row as ``SELECT … FOR UPDATE`` would, on PostgreSQL; on SQLite the transaction's
``BEGIN IMMEDIATE`` already holds the one write lock), renders the
DOCX and the PDF with that number, stores both as SM3 content-addressed blobs, writes the document and the
ledger entry that holds both digests. Anything that fails rolls all of it back, the number included, so the
series has no gap; a voided document keeps its number, so no number is ever given twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from zhifa.agencies.permissions import require
from zhifa.catalog.documents import TEMPLATES, DocumentTemplate, check_values, number_of
from zhifa.catalog.docx import render_docx
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import DocumentCounter, IssuedDocument
from zhifa.documents.pdf import render_pdf
from zhifa.ledger import chain as ledger
from zhifa.records import blobs
from zhifa.records.models import Blob

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhifa.agencies.models import Agency

RULE = "REC-17"
FORMATS = {"docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"),
           "pdf": ("application/pdf", "PDF")}


def template_of(template: DocumentTemplate | str) -> DocumentTemplate:
    if isinstance(template, DocumentTemplate):
        return template
    try:
        return TEMPLATES[template]
    except KeyError:
        raise RuleViolation(f"没有这种文书：{template}", rule=RULE, field="template") from None


def plain(value: object) -> Any:
    """A value as the document keeps it: JSON's own scalars; dates, decimals and the rest as the text they print."""
    return value if value is None or isinstance(value, bool | int | str) else str(value)


_TAKE = ("UPDATE documents_documentcounter SET last = last + 1 WHERE agency_id = %s AND kind = %s AND year = %s "
         "RETURNING last")


def next_number(agency: Agency, kind: str, year: int) -> int:
    """The next ``n`` of the series, in the caller's transaction, with the counter row locked until it ends.

    One statement in the common case: the UPDATE locks the row (as SELECT … FOR UPDATE would) and returns the
    new value, so the lock is taken by the last round trip before the work that needs it, not earlier. The first
    number of a series makes its row (INSERT … ON CONFLICT DO NOTHING: two first issuers make one row) and
    takes the number again.
    """
    params: list[int | str] = [int(agency.pk), kind, year]
    with connection.cursor() as cursor:
        cursor.execute(_TAKE, params)
        row = cursor.fetchone()
        if row is None:
            DocumentCounter.objects.bulk_create([DocumentCounter(agency=agency, kind=kind, year=year)],
                                                ignore_conflicts=True)
            cursor.execute(_TAKE, params)
            row = cursor.fetchone()
    return int(row[0])


def _store(data: bytes, at: dt.datetime) -> Blob:
    with blobs.spooled([data]) as (path, digests):
        blobs.place(path, digests)
    blob, _ = Blob.objects.select_for_update().get_or_create(
        sm3=digests.sm3, defaults={"sha256": digests.sha256, "size": digests.size, "stored_at": at})
    if blob.size != digests.size or blob.sha256 != digests.sha256:
        raise RuleViolation("同一 SM3 摘要对应不同内容：拒绝存入", rule="REC-12")
    return blob


def store_bytes(data: bytes, at: dt.datetime) -> Blob:
    """Keep ``data`` as an SM3 content-addressed blob, in the caller's transaction (a case's 案卷 is kept so)."""
    return _store(data, at)


def issue(*, actor: User, agency: Agency, template: DocumentTemplate | str, values: Mapping[str, object],
          subject: models.Model | None, on: dt.date | None = None) -> IssuedDocument:
    """Number, render and keep one document of ``agency`` (the 执法主体) about ``subject`` (a case).

    ``values`` fill the template's fields (``year`` and ``n`` are the system's: the year of ``on``, default
    today, and the next number of the series). A missing required value is refused naming the field, before
    any number is taken.
    """
    require(actor, "document.issue", agency)
    if agency.enclosing_agency().pk != agency.pk or not agency.level.is_agency:
        raise RuleViolation("文书由执法主体（行政机关）制作", rule=RULE, field="agency")
    t = template_of(template)
    now = timezone.now()
    on = on or timezone.localdate(now)
    numbered = bool(t.number_pattern)
    given = {k: plain(v) for k, v in values.items() if k not in ("year", "n")}
    if numbered:
        given["year"] = str(on.year)
    check_values(t, {**given, "n": "0"} if numbered else given)  # before a number is taken
    subject_type = ContentType.objects.get_for_model(subject) if subject is not None else None
    with transaction.atomic():
        seq = next_number(agency, t.code, on.year) if numbered else None
        filled = {**given, "n": str(seq)} if seq is not None else given
        docx_bytes = render_docx(t, filled)
        pdf_bytes = render_pdf(t, filled, created=now)
        docx_blob, pdf_blob = _store(docx_bytes, now), _store(pdf_bytes, now)
        doc = IssuedDocument.objects.create(
            agency=agency, template=t.code, title=t.title, number=number_of(t, filled), year=on.year, seq=seq,
            values=filled, subject_type=subject_type, subject_id=subject.pk if subject is not None else None,
            docx=docx_blob, pdf=pdf_blob, issued_by=actor, issued_at=now)
        ledger.append(actor=actor, agency=agency, kind="document.issued", subject=subject or doc, payload={
            "document": doc.pk, "template": t.code, "title": t.title, "number": doc.number, "year": on.year,
            "seq": seq, "values": filled, "docx_sm3": docx_blob.sm3, "pdf_sm3": pdf_blob.sm3,
            "subject": f"{subject_type.app_label}.{subject_type.model}:{doc.subject_id}" if subject_type else None,
        }, evidence=[docx_blob.sm3, pdf_blob.sm3])
    return doc


def void(*, actor: User, document: IssuedDocument, reason: str) -> IssuedDocument:
    """Void an issued document: it keeps its number, which is never given again; the reason is required."""
    require(actor, "document.void", document.agency)
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("作废文书须写明理由", rule=RULE, field="reason")
    with transaction.atomic():
        doc = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        if doc.voided_at is not None:
            raise RuleViolation("该文书已经作废", rule=RULE, field="reason")
        doc.voided_at, doc.voided_by, doc.void_reason = timezone.now(), actor, reason[:300]
        doc.save(update_fields=["voided_at", "voided_by", "void_reason"])
        ledger.append(actor=actor, agency=doc.agency, kind="document.voided", subject=doc.subject or doc,
                      payload={"document": doc.pk, "number": doc.number, "title": doc.title, "reason": doc.void_reason},
                      evidence=[doc.docx.sm3, doc.pdf.sm3])
    return doc


def open_file(*, actor: User, document: IssuedDocument, fmt: str) -> IO[bytes]:
    """Open the DOCX or PDF of a document for ``actor``; the download is a ledger entry (REC-13)."""
    require(actor, "document.view", document.agency)
    if fmt not in FORMATS:
        raise RuleViolation("只能下载 DOCX 或 PDF", rule=RULE, field="format")
    blob = document.docx if fmt == "docx" else document.pdf
    f = blobs.open_blob(blob.sm3)  # a missing file fails here, before anything is recorded
    try:
        with transaction.atomic():
            ledger.append(actor=actor, agency=document.agency, kind="document.downloaded", subject=document,
                          payload={"document": document.pk, "number": document.number, "format": fmt,
                                   "sm3": blob.sm3}, evidence=[blob.sm3])
    except BaseException:
        f.close()
        raise
    return f
