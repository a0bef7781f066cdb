"""我的待办 for 公示审核员: a publication draft waiting for review and publishing, by its publishing deadline; an
application to correct a publication waiting for its answer, by the agency's period."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypeVar

from django.db.models import F, QuerySet
from django.urls import reverse

from zhifa.agencies.permissions import agencies_in_reach, reach
from zhifa.core import labels
from zhifa.publicity.models import CorrectionRequest, CorrectionState, Publication, PublicationState
from zhifa.work.registry import Item, ItemKind

if TYPE_CHECKING:
    from zhifa.agencies.permissions import AnyUser

M = TypeVar("M", Publication, CorrectionRequest)


def _in_reach(qs: QuerySet[M], user: AnyUser, action: str) -> QuerySet[M]:
    """The rows of ``qs`` whose ``agency`` the user may ``action`` in."""
    everything, roots = reach(user, action)
    if everything:
        return qs
    if not roots:
        return qs.none()
    return qs.filter(agency__in=agencies_in_reach(user, action))


def publications_in_reach(user: AnyUser, action: str) -> QuerySet[Publication]:
    return _in_reach(Publication.objects.all(), user, action)


class _DueByItsDeadline(ItemKind):
    """An item whose row holds its deadline as ``due_at`` and its warning as ``warn_from``, sorted by the deadline."""

    def sort(self) -> F:
        return F("due_at")

    def due(self) -> F:
        return F("due_at")

    def warn(self) -> F:
        return F("warn_from")


class PublicationToReview(_DueByItsDeadline):
    """A draft to review, redact and publish (公示前审核, PUB-09), due by its publishing deadline."""

    code = "publication_to_review"
    label = "执法公示待审核"
    approval = True
    permission = "publication.publish"
    related = ("agency",)

    def pending_for(self, user: AnyUser, now: dt.datetime) -> QuerySet[Publication]:
        return publications_in_reach(user, "publication.publish").filter(
            state__in=(PublicationState.DRAFT, PublicationState.REVIEW))

    def present(self, pub: Publication) -> Item:
        return Item(title=f"审核并发布{pub.get_kind_display()}公示信息",
                    subject=f"{pub.party_name}（{pub.source_label}）",
                    url=reverse("publicity:review", args=[pub.pk]), action="审核发布", state=pub.get_state_display(),
                    unit=pub.agency.name,
                    rule=labels.rule_label("PUB-04 决定公示" if pub.kind != "other" else "PUB-04 检查结果公示"))


def corrections_in_reach(user: AnyUser, action: str) -> QuerySet[CorrectionRequest]:
    return _in_reach(CorrectionRequest.objects.all(), user, action)


class CorrectionToAnswer(_DueByItsDeadline):
    """An application to correct a publication, to verify and answer within the agency's period (PUB-07)."""

    code = "correction_to_answer"
    label = "公示信息更正申请待答复"
    approval = True
    permission = "publication.publish"
    related = ("agency", "snapshot")

    def pending_for(self, user: AnyUser, now: dt.datetime) -> QuerySet[CorrectionRequest]:
        return corrections_in_reach(user, "publication.publish").filter(state=CorrectionState.OPEN)

    def present(self, req: CorrectionRequest) -> Item:
        return Item(title="核实并答复公示信息更正申请", subject=f"{req.snapshot.party_name}（查询号 {req.tracking}）",
                    url=reverse("publicity:correction", args=[req.pk]), action="核实答复",
                    state=req.get_state_display(), unit=req.agency.name, rule=labels.rule_label("PUB-07"))
