"""Reads with scope: a list, a version or an entry outside the user's reach is 404, exactly like a missing one.

Legal documents are public law: anyone who may read any catalog reads them all; editing one is for its owner
(an agency) or, for shared documents, for a system administrator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet
from django.http import Http404

from zhifa.agencies.permissions import can, reach, require
from zhifa.catalog.models import Article, LegalDocument

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
