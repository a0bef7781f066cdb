"""Reads with scope: a list, a version or an entry outside the user's reach is 404, exactly like a missing one.

Legal documents are public law: anyone who may read any catalog reads them all; editing one is for its owner
(an agency) or, for shared documents, for a system administrator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet
from django.http import Http404

from zhifa.agencies.models import Agency
from zhifa.agencies.permissions import agencies_in_reach, can, reach, require
from zhifa.catalog.models import Article, DiscretionLevel, LegalDocument, List, ListKind, ListVersion

if TYPE_CHECKING:
    from zhifa.agencies.permissions import AnyUser


def _get_or_404(qs: QuerySet, pk: object):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def may_edit_document(user: AnyUser, document: LegalDocument) -> bool:
    if document.owner_id is None:
        everything, _ = reach(user, "catalog.manage")
        return everything
    return can(user, "catalog.manage", document.owner)


def documents_for(user: AnyUser) -> QuerySet[LegalDocument]:
    require(user, "catalog.view")
    return LegalDocument.objects.select_related("owner").annotate(article_count=Count("articles"))


def access_document(user: AnyUser, pk: object, *, for_edit: bool = False) -> LegalDocument:
    document = _get_or_404(documents_for(user), pk)
    if for_edit and not may_edit_document(user, document):
        raise Http404
    return document


def access_article(user: AnyUser, pk: object, *, for_edit: bool = False) -> Article:
    require(user, "catalog.view")
    article = _get_or_404(Article.objects.select_related("document", "document__owner"), pk)
    if for_edit and not may_edit_document(user, article.document):
        raise Http404
    return article


# ---------------------------------------------------------------- lists, entries, versions


def agencies_with_lists(user: AnyUser, action: str = "catalog.view") -> QuerySet[Agency]:
    """The 执法主体 whose lists ``user`` may read (or manage, publish)."""
    return agencies_in_reach(user, action).filter(level__is_agency=True).select_related("level").order_by("path")


def access_list_agency(user: AnyUser, pk: object, action: str = "catalog.view") -> Agency:
    return _get_or_404(agencies_with_lists(user, action), pk)


def list_of(agency: Agency, kind: str) -> List:
    """The agency's list of ``kind``; an unsaved empty one when nothing has been entered yet."""
    if kind not in ListKind.values:
        raise Http404
    found = List.objects.filter(agency=agency, kind=kind).select_related(
        "agency", "agency__level", "last_edited_by", "submitted_by").first()
    return found or List(agency=agency, kind=kind)


def access_entry(user: AnyUser, agency: Agency, kind: str, pk: object, action: str = "catalog.manage"):
    from zhifa.catalog.actions import ENTRY_MODELS

    require(user, action, agency)
    model = ENTRY_MODELS.get(kind)
    if model is None:
        raise Http404
    return _get_or_404(model.objects.filter(list__agency=agency).select_related("list", "list__agency"), pk)


def access_level(user: AnyUser, agency: Agency, pk: object) -> DiscretionLevel:
    require(user, "catalog.manage", agency)
    return _get_or_404(DiscretionLevel.objects.filter(item__list__agency=agency).select_related("item", "item__list"),
                       pk)


def access_version(user: AnyUser, pk: object) -> ListVersion:
    version = _get_or_404(ListVersion.objects.select_related("list", "list__agency", "list__agency__level"), pk)
    if not can(user, "catalog.view", version.list.agency):
        raise Http404
    return version


def public_version(agency_pk: object, kind: str, number: object) -> ListVersion:
    """A published version anyone may read: versions are public once published (PUB-02), future ones too."""
    try:
        return ListVersion.objects.select_related("list", "list__agency").get(
            list__agency_id=int(str(agency_pk)), list__kind=kind, number=int(str(number)))
    except (ListVersion.DoesNotExist, ValueError):
        raise Http404 from None
