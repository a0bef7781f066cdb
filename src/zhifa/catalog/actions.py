"""Write functions of the catalog: legal bases, list drafts, submission and publication, discretion standards.

Each takes the acting user first, checks permission with the one table, validates (a ``RuleViolation`` names
the field and the rule, in Chinese) and changes rows in one transaction, with its entry in the record ledger.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from zhifa.agencies.models import Agency
from zhifa.agencies.permissions import reach, require
from zhifa.catalog.models import Article, DocumentKind, LegalDocument
from zhifa.core.errors import RuleViolation
from zhifa.ledger import chain as ledger

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _text(field: str, label: str, value: Any, *, required: bool = True, max_length: int | None = None) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if required and not text:
        raise RuleViolation(f"{label}不能为空", field=field)
    if max_length is not None and len(text) > max_length:
        raise RuleViolation(f"{label}不能超过{max_length}个字（现为{len(text)}个）", field=field)
    return text


def _dates(start: dt.date | None, end: dt.date | None, *, field: str = "in_force_to") -> None:
    if start is not None and end is not None and end < start:
        raise RuleViolation(f"失效日期（{end}）早于施行日期（{start}）", field=field)


# ---------------------------------------------------------------- legal bases


def _require_document(actor: User, owner: Agency | None) -> None:
    """Shared documents (no owner) are edited only by someone who reaches everything; an agency's own by it."""
    if owner is None:
        everything, _ = reach(actor, "catalog.manage")
        if not everything:
            raise PermissionDenied("法律、法规等共用的法律依据只能由系统管理员录入和修改")
    else:
        require(actor, "catalog.manage", owner)


DOCUMENT_FIELDS = ("name", "short_name", "issuing_body", "number", "kind", "in_force_from", "in_force_to",
                   "revoked")


def _check_document(values: dict[str, Any], exclude_pk: int | None) -> dict[str, Any]:
    values["name"] = _text("name", "名称", values.get("name"), max_length=200)
    values["short_name"] = _text("short_name", "简称", values.get("short_name"), required=False, max_length=60)
    values["issuing_body"] = _text("issuing_body", "制定机关", values.get("issuing_body"), max_length=100)
    values["number"] = _text("number", "文号", values.get("number"), required=False, max_length=100)
    if values.get("kind") not in DocumentKind.values:
        raise RuleViolation(f"未知的效力层级：{values.get('kind')}，可选：{'、'.join(DocumentKind.labels)}",
                            field="kind")
    _dates(values.get("in_force_from"), values.get("in_force_to"))
    values["revoked"] = bool(values.get("revoked"))
    if values["revoked"] and values.get("in_force_to") is None:
        raise RuleViolation("已废止的法律依据必须填写失效日期（最后有效的一日）", field="in_force_to",
                            rule="PUB-02")
    same = LegalDocument.objects.filter(name=values["name"], in_force_from=values.get("in_force_from"))
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise RuleViolation(f"已有施行日期相同的“{values['name']}”", field="name")
    return values


def create_legal_document(*, actor: User, owner: Agency | None = None, **fields: Any) -> LegalDocument:
    """Enter a law, regulation, rule or normative document that lists and standards can cite."""
    _require_document(actor, owner)
    values = _check_document({k: fields.get(k) for k in DOCUMENT_FIELDS}, None)
    with transaction.atomic():
        try:
            with transaction.atomic():
                document = LegalDocument.objects.create(owner=owner, **values)
        except IntegrityError:
            raise RuleViolation(f"已有施行日期相同的“{values['name']}”", field="name") from None
        ledger.append(actor=actor, agency=owner, kind="catalog.document.created", subject=document,
                payload={k: values[k] for k in DOCUMENT_FIELDS})
    return document


def update_legal_document(*, actor: User, document: LegalDocument, **fields: Any) -> LegalDocument:
    """Change a document's particulars; its articles and what published versions quoted stay as they were."""
    _require_document(actor, document.owner)
    values = _check_document({k: fields.get(k, getattr(document, k)) for k in DOCUMENT_FIELDS}, document.pk)
    with transaction.atomic():
        for k, v in values.items():
            setattr(document, k, v)
        document.save()
        ledger.append(actor=actor, agency=document.owner, kind="catalog.document.updated", subject=document,
                payload={k: values[k] for k in DOCUMENT_FIELDS})
    return document


def _check_article(document: LegalDocument, seq: Any, text: str, in_force_from: dt.date | None,
                   in_force_to: dt.date | None, exclude_pk: int | None) -> tuple[int, str]:
    if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq <= 9999:
        raise RuleViolation("条号应为1至9999之间的整数（如42表示第四十二条）", field="seq")
    text = _text("text", "条文", text)
    _dates(in_force_from, in_force_to)
    same = Article.objects.filter(document=document, seq=seq)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise RuleViolation(f"《{document.cite_name}》已有第{seq}条", field="seq")
    return seq, text


def add_article(*, actor: User, document: LegalDocument, seq: int, text: str, is_summary: bool = False,
                in_force_from: dt.date | None = None, in_force_to: dt.date | None = None) -> Article:
    """Add an article (条) to a document; items, standards and decisions cite articles, never free text alone."""
    _require_document(actor, document.owner)
    seq, text = _check_article(document, seq, text, in_force_from, in_force_to, None)
    with transaction.atomic():
        try:
            with transaction.atomic():
                article = Article.objects.create(document=document, seq=seq, text=text, is_summary=is_summary,
                                                 in_force_from=in_force_from, in_force_to=in_force_to)
        except IntegrityError:
            raise RuleViolation(f"《{document.cite_name}》已有第{seq}条", field="seq") from None
        ledger.append(actor=actor, agency=document.owner, kind="catalog.article.created", subject=article,
                payload={"document": document.pk, "seq": seq, "text": text, "is_summary": is_summary,
                         "in_force_from": in_force_from, "in_force_to": in_force_to})
    return article


def update_article(*, actor: User, article: Article, seq: int, text: str, is_summary: bool = False,
                   in_force_from: dt.date | None = None, in_force_to: dt.date | None = None) -> Article:
    """Correct an article; versions already published keep the text they quoted."""
    document = article.document
    _require_document(actor, document.owner)
    seq, text = _check_article(document, seq, text, in_force_from, in_force_to, article.pk)
    with transaction.atomic():
        article.seq, article.text, article.is_summary = seq, text, is_summary
        article.in_force_from, article.in_force_to = in_force_from, in_force_to
        article.save()
        ledger.append(actor=actor, agency=document.owner, kind="catalog.article.updated", subject=article,
                payload={"document": document.pk, "seq": seq, "text": text, "is_summary": is_summary,
                         "in_force_from": in_force_from, "in_force_to": in_force_to})
    return article
