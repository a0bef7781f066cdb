"""Reads of issued documents with scope: outside the user's reach is 404, exactly like missing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
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


def documents_about(subject: Model) -> QuerySet[IssuedDocument]:
    """The documents issued about ``subject`` (a case), in the order they were issued: for its page and its 案卷."""
    kind = ContentType.objects.get_for_model(subject)
    return (IssuedDocument.objects.filter(subject_type=kind, subject_id=subject.pk)
            .select_related("docx", "pdf").order_by("issued_at", "pk"))
