"""After the opinion (REV-09): the handling unit accepts or objects with reasons; an objection goes to the agency
head or to 集体讨论, recorded with its minutes; no decision without a passed review whatever they decide, and the
resubmission is a new round linked to the old; the case page shows every round with the unit's answer."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from tests.review.conftest import agree, decide, submit

from zhifa.core.errors import RuleViolation
from zhifa.ledger.models import Entry
from zhifa.review import actions as review
from zhifa.review import escalation
from zhifa.review.models import ReviewRound, RoundResponse


def changed(world, case):
    """A first round whose opinion is 变更或纠正."""
    r = review.accept(actor=world.u_sun, round=review.assign(actor=world.u_sun, round=submit(world, case),
                                                               reviewer=world.sun))
    return agree(world, r, outcome="change")


def test_an_objection_waits_for_the_heads_decision_before_the_case_is_resubmitted(world, major, reviewers):
    first = changed(world, major)
    escalation.respond(actor=world.u_officer, round=first, kind="object", reason="罚款数额已按裁量基准中档确定")
    with pytest.raises(RuleViolation, match="尚待机关负责人或集体讨论决定"):
        submit(world, major)
    with pytest.raises(PermissionDenied):
        escalation.resolve(actor=world.u_officer, round=first, how="head", resolution="sustain", conclusion="同意")
    escalation.resolve(actor=world.u_head, round=first, how="head", resolution="sustain",
                       conclusion="承办机构意见有据，按原拟处理意见重新报送法制审核")
    with pytest.raises(RuleViolation, match="已作出决定"):
        escalation.resolve(actor=world.u_head, round=first, how="head", resolution="uphold", conclusion="改为维持")
    with pytest.raises(RuleViolation, match="须经法制审核"):  # 审核制度 第十一条: the head's decision is no pass
        decide(world, major)
    second = submit(world, major)
    assert second.previous == first and second.seq == 2
    kinds = list(Entry.objects.filter(kind__startswith="review.objec").values_list("kind", flat=True))
    assert kinds == ["review.objected", "review.objection_decided"]


def test_a_collective_discussion_names_who_took_part_and_keeps_its_minutes(world, major, reviewers):
    first = changed(world, major)
    escalation.respond(actor=world.u_officer, round=first, kind="object", reason="本案事实已查清")
    with pytest.raises(RuleViolation, match="参加人员（至少两人）"):
        escalation.resolve(actor=world.u_head, round=first, how="collective", resolution="uphold",
                           conclusion="维持", minutes="讨论记录", participants=["马超"])
    with pytest.raises(RuleViolation, match="集体讨论记录不能为空"):
        escalation.resolve(actor=world.u_head, round=first, how="collective", resolution="uphold",
                           conclusion="维持", participants=["马超", "王伟"])
    minutes_file = major.evidence_links.first().evidence
    done = escalation.resolve(actor=world.u_head, round=first, how="collective", resolution="uphold",
                              conclusion="维持审核意见，补充裁量理由", minutes="经讨论，审核意见成立",
                              participants=["马超", "王伟", "孙丽"], minutes_file=minutes_file)
    assert done.participants == ["马超", "王伟", "孙丽"] and done.minutes_file == minutes_file
    entry = Entry.objects.get(kind="review.objection_decided")
    assert minutes_file.blob.sm3 in entry.evidence


@pytest.mark.parametrize(("kind", "reason", "message"), [
    ("object", "  ", "异议理由不能为空"),
    ("maybe", "理由", "未知的承办机构意见"),
])
def test_a_bad_answer_is_refused_and_nothing_is_recorded(world, major, reviewers, kind, reason, message):
    first = changed(world, major)
    with pytest.raises(RuleViolation, match=message):
        escalation.respond(actor=world.u_officer, round=first, kind=kind, reason=reason)
    assert not RoundResponse.objects.exists()


def test_an_agreement_cannot_be_objected_to_and_an_open_round_cannot_be_answered(world, major, reviewers):
    r = submit(world, major)
    with pytest.raises(RuleViolation, match="尚未出具意见"):
        escalation.respond(actor=world.u_officer, round=r, kind="accept", reason="按意见办理")
    r = agree(world, review.accept(actor=world.u_sun, round=review.assign(actor=world.u_sun, round=r,
                                                                          reviewer=world.sun)))
    with pytest.raises(RuleViolation, match="无需提出异议"):
        escalation.respond(actor=world.u_officer, round=r, kind="object", reason="不同意")


def test_the_case_page_shows_every_round_with_its_answer_and_a_double_post_acts_once(world, major, reviewers, login):
    first = changed(world, major)
    officer = login(world.u_officer)
    page = officer.get(major.get_absolute_url()).content.decode()
    assert reverse("review:respond", args=[first.pk]) in page
    url = reverse("review:respond", args=[first.pk])
    empty = officer.post(url, {"kind": "object", "reason": ""})
    assert empty.status_code == 422 and "异议理由不能为空" in empty.content.decode()
    assert officer.post(url, {"kind": "object", "reason": "罚款已按裁量基准确定"}).status_code == 302
    twice = officer.post(url, {"kind": "object", "reason": "罚款已按裁量基准确定"})
    assert twice.status_code == 422 and "已对第1轮法制审核意见作出答复" in twice.content.decode()
    assert RoundResponse.objects.count() == 1

    head = login(world.u_head)
    page = head.get(major.get_absolute_url()).content.decode()
    assert "有异议" in page and "罚款已按裁量基准确定" in page and "异议待机关负责人或集体讨论决定" in page
    resolve = reverse("review:resolve", args=[first.pk])
    assert resolve in page
    unknown = head.post(resolve, {"how": "vote", "resolution": "uphold", "conclusion": "维持"})
    assert unknown.status_code == 422
    assert head.post(resolve, {"how": "head", "resolution": "uphold", "conclusion": "维持审核意见"}).status_code == 302
    page = login(world.u_officer).get(major.get_absolute_url()).content.decode()
    assert "机关负责人决定" in page and "维持审核意见，承办机构按审核意见处理后重新报送" in page
    assert first.get_outcome_display() in page and "重新报送法制审核" in page
    assert "承办机构对法制审核意见提出异议" in page  # the timeline


def test_another_agencys_round_is_404_for_the_answer_and_the_decision(world, major, reviewers, login):
    first = changed(world, major)
    other = login(world.u_ly_head)
    for name in ("respond", "resolve"):
        assert other.get(reverse(f"review:{name}", args=[first.pk])).status_code == 404
        assert other.post(reverse(f"review:{name}", args=[first.pk]), {"kind": "accept"}).status_code == 404
    assert ReviewRound.objects.get().stage == "rework"
