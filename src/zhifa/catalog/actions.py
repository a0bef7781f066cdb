"""Write functions of the catalog: legal bases, list drafts, submission and publication, discretion standards.

Each takes the acting user first, checks permission with the one table, validates (a ``RuleViolation`` names
the field and the rule, in Chinese) and changes rows in one transaction, with its entry in the record ledger.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.agencies.models import ActionKind, Agency, name_of
from zhifa.agencies.permissions import reach, require
from zhifa.catalog import snapshot, validation
from zhifa.catalog.models import (
    ALL_ITEMS,
    Article,
    AVRequirement,
    DiscretionLevel,
    DocumentKind,
    EnforcementItem,
    LegalDocument,
    List,
    ListEntry,
    ListKind,
    ListStatus,
    ListVersion,
    RandomCheckItem,
    ReviewCriterion,
)
from zhifa.core.errors import RuleViolation
from zhifa.ledger import chain as ledger

if TYPE_CHECKING:
    from collections.abc import Iterable

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


# ---------------------------------------------------------------- list drafts


ENTRY_MODELS: dict[str, Any] = {
    ListKind.ITEMS: EnforcementItem, ListKind.RANDOM: RandomCheckItem, ListKind.AV: AVRequirement,
    ListKind.REVIEW: ReviewCriterion,
}
KIND_OF_MODEL = {model: kind for kind, model in ENTRY_MODELS.items()}


def _open_list(agency: Agency, kind: str) -> List:
    """The agency's list of ``kind``, created on first use, locked for the rest of the transaction."""
    if kind not in ListKind.values:
        raise RuleViolation(f"未知的清单：{kind}", field="kind", rule="GEN-05")
    if not agency.level.is_agency:
        raise RuleViolation(f"“{agency.name}”不是执法主体：清单按执法主体（机关）编制", rule="GEN-05")
    lst, _ = List.objects.get_or_create(agency=agency, kind=kind)
    return List.objects.select_for_update().select_related("agency", "agency__level").get(pk=lst.pk)


def _edited(lst: List, actor: User) -> None:
    """A change to the draft: it goes back to editing, and whoever changed it cannot publish it (PUB-09)."""
    lst.status = ListStatus.EDITING
    lst.last_edited_by = actor
    lst.last_edited_at = timezone.now()
    lst.submitted_by, lst.submitted_at, lst.submitted_digest = None, None, ""
    lst.save(update_fields=["status", "last_edited_by", "last_edited_at", "submitted_by", "submitted_at",
                            "submitted_digest"])


def _entry_record(kind: str, entry: ListEntry) -> dict[str, Any]:
    if kind == ListKind.ITEMS:
        return snapshot.item_entry(snapshot.items_of(entry.list).get(pk=entry.pk))
    if kind == ListKind.RANDOM:
        return snapshot.random_entry(entry)  # type: ignore[arg-type]
    if kind == ListKind.AV:
        return snapshot.av_entry(entry, snapshot.item_names(entry.list.agency))  # type: ignore[arg-type]
    return snapshot.review_entry(entry)  # type: ignore[arg-type]


def save_entry(*, actor: User, agency: Agency, kind: str, entry: ListEntry | None = None,
               articles: Iterable[Article] = (), **values: Any) -> ListEntry:
    """Add an entry to the draft of one of ``agency``'s lists, or change one (GEN-05, PUB-01)."""
    require(actor, "catalog.manage", agency)
    if kind not in ENTRY_MODELS:
        raise RuleViolation("执法主体及其主要负责人清单取自机构设置，请在机构页面修改", field="kind", rule="GEN-05")
    model = ENTRY_MODELS[kind]
    if entry is not None and (not isinstance(entry, model) or entry.list.agency_id != agency.pk):
        raise RuleViolation("该条目不属于此清单", field="code")
    ctx = validation.Context(agency)
    fields = validation.CLEANERS[kind](ctx, values)
    articles = validation.check_articles(list(articles), "本条目", required=validation.ARTICLES_REQUIRED[kind])
    if kind == ListKind.ITEMS and entry is not None and fields["action_kind"] != ActionKind.PUNISHMENT \
            and DiscretionLevel.objects.filter(item_id=entry.pk).exists():
        raise RuleViolation("该事项已有裁量基准，不能改为行政处罚以外的类别；请先删除其裁量基准",
                            field="action_kind", rule="GEN-08")
    with transaction.atomic():
        lst = _open_list(agency, kind)
        same = model.objects.filter(list=lst, code=fields["code"])
        if entry is not None:
            same = same.exclude(pk=entry.pk)
        if same.exists():
            raise RuleViolation(f"本清单已有编码为“{fields['code']}”的条目，编码在清单内必须唯一", field="code")
        if entry is None:
            entry = model(list=lst, seq=model.objects.filter(list=lst).count() + 1)
        for k, v in fields.items():
            setattr(entry, k, v)
        entry.list = lst
        entry.save()
        entry.articles.set(articles)
        _edited(lst, actor)
        ledger.append(actor=actor, agency=agency, kind=f"catalog.{kind}.saved", subject=entry,
                      payload={"list": lst.pk, "entry": _entry_record(kind, entry)})
    return entry


def delete_entry(*, actor: User, entry: ListEntry) -> None:
    """Take an entry out of the draft; published versions keep it."""
    lst = entry.list
    require(actor, "catalog.manage", lst.agency)
    kind = KIND_OF_MODEL[type(entry)]
    with transaction.atomic():
        lst = _open_list(lst.agency, kind)
        record = _entry_record(kind, entry)
        ENTRY_MODELS[kind].objects.filter(pk=entry.pk).delete()
        _edited(lst, actor)
        ledger.append(actor=actor, agency=lst.agency, kind=f"catalog.{kind}.deleted", subject=lst,
                      payload={"list": lst.pk, "entry": record})


def set_review_all_non_simple(*, actor: User, agency: Agency, value: bool) -> List:
    """The agency setting of REV-02: review every decision made outside the simple procedure."""
    require(actor, "catalog.manage", agency)
    with transaction.atomic():
        lst = _open_list(agency, ListKind.REVIEW)
        lst.review_all_non_simple = bool(value)
        lst.save(update_fields=["review_all_non_simple"])
        _edited(lst, actor)
        ledger.append(actor=actor, agency=agency, kind="catalog.review.setting", subject=lst,
                      payload={"list": lst.pk, "review_all_non_simple": lst.review_all_non_simple})
    return lst


# ---------------------------------------------------------------- discretion standards (GEN-08)


def _check_overlap(item: EnforcementItem, fields: dict[str, Any], exclude_pk: int | None) -> None:
    rows = DiscretionLevel.objects.filter(item=item)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    others = [(validation.describe_level(dict(v)), dict(v)) for v in rows.values("level", "unit", "low", "high")]
    mine = (validation.describe_level(fields), fields)
    conflict = validation.range_conflict([mine, *others])
    if conflict is not None:
        raise RuleViolation(f"{conflict[0]}与{conflict[1]}的罚款幅度重叠：同一事项各情节的幅度不得重叠",
                            field="low", rule="GEN-08")


def save_discretion_level(*, actor: User, item: EnforcementItem, row: DiscretionLevel | None = None,
                          articles: Iterable[Article] = (), **values: Any) -> DiscretionLevel:
    """Add or change a circumstance level of a penalty item's discretion standard (GEN-08)."""
    lst = item.list
    require(actor, "catalog.manage", lst.agency)
    if row is not None and row.item_id != item.pk:
        raise RuleViolation("该情节不属于此事项", field="level")
    fields = validation.clean_level(item.action_kind, values)
    articles = validation.check_articles(list(articles), "裁量基准", required=True)
    with transaction.atomic():
        lst = _open_list(lst.agency, ListKind.ITEMS)
        _check_overlap(item, fields, row.pk if row else None)
        if row is None:
            row = DiscretionLevel(item=item, seq=DiscretionLevel.objects.filter(item=item).count() + 1)
        for k, v in fields.items():
            setattr(row, k, v)
        row.save()
        row.articles.set(articles)
        _edited(lst, actor)
        ledger.append(actor=actor, agency=lst.agency, kind="catalog.discretion.saved", subject=item,
                      payload={"list": lst.pk, "item": item.code, "level": snapshot.discretion_entry(row)})
    return row


def delete_discretion_level(*, actor: User, row: DiscretionLevel) -> None:
    """Take a circumstance level out of the draft standard."""
    level = row
    item = level.item
    require(actor, "catalog.manage", item.list.agency)
    with transaction.atomic():
        lst = _open_list(item.list.agency, ListKind.ITEMS)
        record = snapshot.discretion_entry(level)
        DiscretionLevel.objects.filter(pk=level.pk).delete()
        _edited(lst, actor)
        ledger.append(actor=actor, agency=lst.agency, kind="catalog.discretion.deleted", subject=item,
                      payload={"list": lst.pk, "item": item.code, "level": record})


# ---------------------------------------------------------------- submission and publication (PUB-02, PUB-09)


def draft_problems(lst: List, content: dict[str, Any], on: dt.date) -> list[str]:
    """What stops a draft from being published: an empty list, references to items that are not in the items
    list, articles not in force on the day the version takes effect."""
    problems: list[str] = []
    entries = content["entries"]
    if not entries:
        problems.append("清单没有任何条目")
    if lst.kind in (ListKind.AV, ListKind.RANDOM):
        codes = set(snapshot.item_names(lst.agency))
        key = "code" if lst.kind == ListKind.AV else "item_code"
        for e in entries:
            code = e.get(key)
            if code and code != ALL_ITEMS and code not in codes:
                problems.append(f"“{e['title']}”对应的执法事项编码“{code}”不在行政执法事项清单中")
    ids = {ref["id"] for e in entries for ref in e.get("basis", [])}
    ids |= {ref["id"] for e in entries for level in e.get("discretion", []) for ref in level.get("basis", [])}
    stale = {a.pk: a for a in Article.objects.filter(pk__in=ids).select_related("document")
             if not a.in_force_on(on)}
    if stale:
        for e in entries:
            refs = e.get("basis", []) + [r for level in e.get("discretion", []) for r in level.get("basis", [])]
            for ref in refs:
                if ref["id"] in stale:
                    problems.append(f"“{e['title']}”引用的{ref['cite']}在{on}不在有效期内")
    return problems


def latest_version(lst: List) -> ListVersion | None:
    return ListVersion.objects.filter(list=lst).order_by("-number").first() if lst.pk else None


def submit_list(*, actor: User, agency: Agency, kind: str) -> List:
    """Submit the draft for checking and publication by a second person (PUB-09)."""
    require(actor, "catalog.manage", agency)
    with transaction.atomic():
        lst = _open_list(agency, kind)
        content = snapshot.draft_content(lst)
        problems = draft_problems(lst, content, timezone.localdate())
        if problems:
            raise RuleViolation("草稿不能提交", rule="PUB-09", details=problems)
        _, digest = snapshot.encode(content)
        latest = latest_version(lst)
        if latest is not None and latest.digest == digest:
            raise RuleViolation(f"草稿与已发布的第{latest.number}版相同，无需提交", rule="PUB-02")
        lst.status, lst.submitted_by, lst.submitted_at = ListStatus.SUBMITTED, actor, timezone.now()
        lst.submitted_digest, lst.return_reason = digest, ""
        if kind == ListKind.SUBJECTS:  # drawn from the tree: whoever prepared and submitted it is its editor
            lst.last_edited_by, lst.last_edited_at = actor, lst.submitted_at
        lst.save()
        ledger.append(actor=actor, agency=agency, kind="catalog.list.submitted", subject=lst,
                      payload={"list": lst.pk, "kind": kind, "digest": digest, "entries": len(content["entries"])})
    return lst


def return_list(*, actor: User, agency: Agency, kind: str, reason: str) -> List:
    """Send a submitted draft back to its editors with the reason (审核不通过)."""
    require(actor, "catalog.publish", agency)
    reason = _text("reason", "退回意见", reason, max_length=1000)
    with transaction.atomic():
        lst = _open_list(agency, kind)
        if lst.status != ListStatus.SUBMITTED:
            raise RuleViolation("该清单没有待审核的草稿", field="reason", rule="PUB-09")
        lst.status, lst.return_reason = ListStatus.EDITING, reason
        lst.submitted_by, lst.submitted_at, lst.submitted_digest = None, None, ""
        lst.save()
        ledger.append(actor=actor, agency=agency, kind="catalog.list.returned", subject=lst,
                      payload={"list": lst.pk, "kind": kind, "reason": reason})
    return lst


def may_publish_as_second_person(lst: List, user: User) -> bool:
    """PUB-09: whoever changed the draft last or vouched for it by submitting it does not also publish it."""
    return user.pk not in (lst.last_edited_by_id, lst.submitted_by_id)


def publish_list(*, actor: User, agency: Agency, kind: str, effective_from: dt.date | None = None,
                 note: str = "") -> ListVersion:
    """Publish the submitted draft as a new version that takes effect on ``effective_from`` (PUB-02, PUB-09).

    The publisher is neither the person who last edited the draft nor its submitter; the content is the one
    that was submitted (its digest is compared); the effective date is neither before today nor before the
    previous version's, so what was in force on any day never changes afterwards.
    """
    require(actor, "catalog.publish", agency)
    today = timezone.localdate()
    effective_from = effective_from or today
    note = _text("note", "调整说明", note, required=False, max_length=2000)
    with transaction.atomic():
        lst = _open_list(agency, kind)
        if lst.status != ListStatus.SUBMITTED:
            raise RuleViolation("草稿尚未提交审核，不能发布", field="note", rule="PUB-09")
        if not may_publish_as_second_person(lst, actor):
            raise RuleViolation("发布人不能是草稿的最后编辑人或提交审核人：清单须经另一人审核后发布",
                                field="note", rule="PUB-09")
        content = snapshot.draft_content(lst)
        text, digest = snapshot.encode(content)
        if digest != lst.submitted_digest:
            raise RuleViolation("草稿在提交后发生了变化（如机构设置或执法事项名称有改动），请重新提交审核",
                                field="note", rule="PUB-09")
        if effective_from < today:
            raise RuleViolation(f"生效日期（{effective_from}）不能早于发布之日（{today}）", field="effective_from",
                                rule="PUB-02")
        latest = latest_version(lst)
        if latest is not None and effective_from < latest.effective_from:
            raise RuleViolation(f"生效日期（{effective_from}）不能早于第{latest.number}版的生效日期"
                                f"（{latest.effective_from}）", field="effective_from", rule="PUB-02")
        if latest is not None and not note:
            raise RuleViolation("请填写调整说明：本版与上一版相比改了什么、为什么（法律法规立改废、职能调整等）",
                                field="note", rule="PUB-02")
        problems = draft_problems(lst, content, effective_from)
        if problems:
            raise RuleViolation("草稿不能发布", rule="PUB-02", details=problems)
        submitter = lst.submitted_by
        version = ListVersion.objects.create(
            list=lst, number=(latest.number + 1) if latest else 1, published_at=timezone.now(),
            published_by=actor, published_by_name=name_of(actor),
            submitted_by_name=name_of(submitter) if submitter else "", effective_from=effective_from, note=note,
            content=text, digest=digest, entry_count=len(content["entries"]))
        lst.status, lst.return_reason = ListStatus.EDITING, ""
        lst.submitted_by, lst.submitted_at, lst.submitted_digest = None, None, ""
        lst.save()
        ledger.append(actor=actor, agency=agency, kind="catalog.list.published", subject=version,
                      payload={"list": lst.pk, "kind": kind, "number": version.number, "digest": digest,
                               "effective_from": effective_from, "entries": version.entry_count, "note": note})
    return version


# ---------------------------------------------------------------- whole drafts at once (the spreadsheet import)


def _set_articles(model: Any, objects: list[Any], articles: list[list[Article]]) -> None:
    """Replace the articles of many rows in two statements per batch (the import's M2M)."""
    field = model._meta.get_field("articles")
    through = field.remote_field.through
    own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
    through.objects.filter(**{f"{own}_id__in": [o.pk for o in objects]}).delete()
    links = [through(**{f"{own}_id": o.pk, f"{other}_id": a.pk}) for o, cited in zip(objects, articles, strict=True)
             for a in cited]
    through.objects.bulk_create(links, batch_size=1000)


def replace_entries(*, actor: User, agency: Agency, kind: str, rows: list[tuple[dict[str, Any], list[Article]]],
                    source_digest: str = "") -> dict[str, int]:
    """Make the draft of a list exactly ``rows`` (each the output of ``validation.CLEANERS[kind]`` and its
    articles, already checked): entries are matched by code, changed in place (an item keeps its discretion
    standard), added, or removed. Statements per batch, not per row, so thousands cost little more than tens.
    """
    require(actor, "catalog.manage", agency)
    if kind not in ENTRY_MODELS:
        raise RuleViolation("执法主体及其主要负责人清单取自机构设置，不能导入", rule="GEN-05")
    codes = [fields["code"] for fields, _ in rows]
    if len(set(codes)) != len(codes):
        raise RuleViolation("编码重复：编码在清单内必须唯一", field="code")
    model = ENTRY_MODELS[kind]
    names = [f.name for f in model._meta.concrete_fields if f.name not in ("id", "list")]
    with transaction.atomic():
        lst = _open_list(agency, kind)
        existing = {e.code: e for e in model.objects.filter(list=lst)}
        wanted = set(codes)
        removed = [e.pk for code, e in existing.items() if code not in wanted]
        model.objects.filter(pk__in=removed).delete()
        created, changed, ordered = [], [], []
        for seq, (fields, _) in enumerate(rows, start=1):
            values = {**fields, "seq": seq}
            row = existing.get(fields["code"])
            if row is None:
                row = model(list=lst, **values)
                created.append(row)
            elif any(getattr(row, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(row, k, v)
                changed.append(row)
            ordered.append(row)
        model.objects.bulk_create(created, batch_size=500)
        if changed:
            model.objects.bulk_update(changed, fields=[n for n in names if n != "code"], batch_size=500)
        _set_articles(model, ordered, [articles for _, articles in rows])
        _edited(lst, actor)
        counts = {"created": len(created), "changed": len(changed), "removed": len(removed), "total": len(rows)}
        ledger.append(actor=actor, agency=agency, kind=f"catalog.{kind}.imported", subject=lst,
                      payload={"list": lst.pk, **counts, "source_sm3": source_digest})
    return counts


def replace_discretion(*, actor: User, agency: Agency, rows: list[tuple[str, dict[str, Any], list[Article]]],
                       source_digest: str = "") -> dict[str, int]:
    """Make the discretion standards of the agency's penalty items exactly ``rows`` ((item code, the output of
    ``validation.clean_level``, articles), already checked, overlaps included)."""
    require(actor, "catalog.manage", agency)
    with transaction.atomic():
        lst = _open_list(agency, ListKind.ITEMS)
        items = {i.code: i for i in EnforcementItem.objects.filter(list=lst)}
        missing = sorted({code for code, _, _ in rows} - set(items))
        if missing:
            raise RuleViolation(f"行政执法事项清单中没有这些事项：{'、'.join(missing)}", field="item", rule="GEN-08")
        old = DiscretionLevel.objects.filter(item__list=lst)
        removed = old.count()
        old.delete()
        seqs: dict[str, int] = {}
        levels = []
        for code, fields, _ in rows:
            seqs[code] = seqs.get(code, 0) + 1
            levels.append(DiscretionLevel(item=items[code], seq=seqs[code], **fields))
        DiscretionLevel.objects.bulk_create(levels, batch_size=500)
        _set_articles(DiscretionLevel, levels, [articles for _, _, articles in rows])
        _edited(lst, actor)
        counts = {"levels": len(levels), "items": len(seqs), "removed": removed}
        ledger.append(actor=actor, agency=agency, kind="catalog.discretion.imported", subject=lst,
                      payload={"list": lst.pk, **counts, "source_sm3": source_digest})
    return counts
