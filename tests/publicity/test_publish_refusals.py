"""PUB-08: a rejected suggestion that is a valid 身份证号 or a mobile number is not published — the reviewer may
reject a suggestion (a number that only looks like a phone), but personal 证件号码 and contact details are never
public (《行政处罚结果信息网上公示暂行办法》): publishing refuses, naming the item, and nothing is published."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.publicity.conftest import WITNESS_ID

from zhifa.core.errors import RuleViolation
from zhifa.publicity import actions, redaction
from zhifa.publicity.models import Publication, PublicationState, PublishedSnapshot


def _decided_except(pub, kept):
    """Every suggestion accepted but those whose text is in ``kept``, rejected."""
    return {i: "rejected" if m["text"] in kept else "accepted" for i, m in enumerate(pub.marks)}


@pytest.mark.parametrize("kept, kind", [((WITNESS_ID,), "身份证号码"), (("138-4123-5678",), "手机号码")])
def test_a_rejected_id_number_or_mobile_number_is_refused_at_publishing(world, decided, reviewer, kept, kind):
    pub = Publication.objects.get(case_id=decided[0].pk)
    assert set(kept) <= {m["text"] for m in pub.marks}
    actions.mark(actor=reviewer, publication=pub, decisions=_decided_except(pub, kept))
    with pytest.raises(RuleViolation, match=f"是{kind}，个人证件号码和联系方式不得公开") as refused:
        actions.publish(actor=reviewer, publication=pub)
    assert refused.value.rule == "PUB-08" and kept[0] not in str(refused.value)  # named by its masked form
    pub.refresh_from_db()
    assert pub.state == PublicationState.REVIEW and not PublishedSnapshot.objects.exists()


def test_a_rejected_landline_or_plate_publishes_as_typed(world, decided, reviewer):
    pub = Publication.objects.get(case_id=decided[0].pk)
    soft = {m["text"] for m in pub.marks if m["reason"] in ("固定电话号码", "机动车号牌")}
    assert soft and not any(redaction.never_public(t) for t in soft)
    actions.mark(actor=reviewer, publication=pub, decisions=_decided_except(pub, soft))
    snap = actions.publish(actor=reviewer, publication=pub)
    published = snap.text + "".join(str(v) for v in snap.fields.values())
    assert all(t in published for t in soft)


def test_the_workspace_says_why_publishing_was_refused(client, world, decided, reviewer):
    pub = Publication.objects.get(case_id=decided[0].pk)
    actions.mark(actor=reviewer, publication=pub, decisions=_decided_except(pub, {WITNESS_ID}))
    client.force_login(reviewer)
    page = client.post(reverse("publicity:publish", args=[pub.pk]), follow=True).content.decode()
    assert "是身份证号码，个人证件号码和联系方式不得公开" in page and "须选择“处理”后再发布" in page
    assert not PublishedSnapshot.objects.exists()


@pytest.mark.parametrize("text, kind", [
    (WITNESS_ID, "身份证号码"), ("13904121234", "手机号码"), ("+86 139 0412 1234", "手机号码"),
    (WITNESS_ID[:17] + ("0" if WITNESS_ID[17] != "0" else "1"), ""),  # a wrong check digit: not an ID
    ("0412 5551234", ""), ("孙建国", ""),
])
def test_which_numbers_are_never_public(text, kind):
    assert redaction.never_public(text) == kind
