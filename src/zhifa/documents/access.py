"""Reads of issued documents with scope: outside the user's reach is 404, exactly like missing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from zhifa.agencies.models import Agency
from zhifa.agencies.permissions import reach
from zhifa.documents.models import IssuedDocument

if TYPE_CHECKING:
    from zhifa.agencies.permissions import AnyUser


def documents_for(user: AnyUser, action: str = "document.view") -> QuerySet[IssuedDocument]:
    everything, roots = reach(user, action)
    qs = IssuedDocument.objects.all()
    if not everything:
        qs = qs.filter(agency__in=Agency.objects.within(roots))
    return qs


def access_document(user: AnyUser, pk: object) -> IssuedDocument:
    try:
        return documents_for(user).select_related(
            "agency__level", "docx", "pdf", "issued_by__person", "voided_by__person", "subject_type").get(
            pk=pk)  # type: ignore[misc]
    except (IssuedDocument.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
