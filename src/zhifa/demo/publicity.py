"""The demo's publications: the drafts the demo's decisions left (行政处罚, 行政许可, 行政检查), reviewed by 林欣
(公示审核员) — most published with every suggestion accepted, one then withdrawn after its decision was revoked on
复议, the newest left waiting for review."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhifa.publicity import actions
from zhifa.publicity.models import Publication, PublicationState


def build() -> None:
    reviewer = get_user_model().objects.get(username="nr_publicity")
    drafts = list(Publication.objects.filter(state=PublicationState.DRAFT).order_by("created_at", "pk"))
    published = []
    for pub in drafts[:-1]:  # the newest waits for review
        actions.mark(actor=reviewer, publication=pub, decisions=dict.fromkeys(range(len(pub.marks)), "accepted"))
        actions.publish(actor=reviewer, publication=pub)
        published.append(pub)
    if len(published) > 1:
        revoked = published[0]
        actions.record_revocation(actor=reviewer, publication=revoked, ground="revoked",
                                  revoked_on=timezone.localdate(),
                                  reason="经行政复议，复议机关以认定事实不清为由决定撤销原处罚决定")
        actions.withdraw(actor=reviewer, publication=revoked)
