"""A review round on the LEGAL_REVIEW definition: submitted, returned incomplete with the clock paused and
resumed (REV-05), reviewed by a registered reviewer who may review it (第58条, REV-11), on time (REV-07), the
checklist answered and the numbered 法制审核意见书 issued (REV-04, REV-08); bad input refused, nothing written."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from tests.review.conftest import agree, decide, passed, submit

from zhifa.agencies.models import Reviewer
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.ledger.models import Entry
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.review import actions as review
from zhifa.review import rules
from zhifa.review.models import ReviewRound
from zhifa.workdays import calendar
from zhifa.workdays.calendar import SHANGHAI

D = dt.date


@pytest.mark.parametrize("received, seventh, extended_last", [
    (D(2026, 3, 2), D(2026, 3, 11), D(2026, 3, 16)),      # a plain fortnight: the 8th working day is 3-12
    (D(2026, 9, 29), D(2026, 10, 14), D(2026, 10, 19)),   # 国庆 not counted, the 调休 Saturday 10-10 counted
    (D(2026, 12, 28), D(2027, 1, 7), D(2027, 1, 12)),     # over the year end and 元旦
])
def test_the_seventh_working_day_is_on_time_the_eighth_only_with_the_extension(db, received, seventh,
                                                                                  extended_last):
    due = rules.review_due(received)
    assert due.last_day == seventh and due.met_by(seventh)
    eighth = rules.review_due(received, extended=True)
    assert eighth.last_day == extended_last
    day_after = seventh + dt.timedelta(days=1)
    while not calendar.is_working_day(day_after):
        day_after += dt.timedelta(days=1)
    assert not due.met_by(day_after) and eighth.met_by(day_after)


def at(day: D, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def obligation(r) -> Obligation:
    return Obligation.objects.get(subject_id=r.pk, rule=rules.REVIEW_RULE)


def test_a_return_pauses_the_clock_across_the_national_day_and_resubmission_resumes_it(world, major, reviewers):
    with time_machine.travel(at(D(2026, 9, 28)), tick=False):
        r = submit(world, major)
        assert obligation(r).due_at.astimezone(SHANGHAI).date() == D(2026, 10, 13)
        r = review.assign(actor=world.u_sun, round=r, reviewer=world.sun)
    with time_machine.travel(at(D(2026, 9, 29)), tick=False):
        r = review.return_incomplete(actor=world.u_sun, round=r, missing=["现场勘验图", "询问笔录（当事人）"])
    assert r.stage == "supplement" and obligation(r).state == ObligationState.PAUSED
    with pytest.raises(RuleViolation, match="不能办理此项"):
        review.accept(actor=world.u_sun, round=r)
    with time_machine.travel(at(D(2026, 10, 9)), tick=False):  # 9-30, 10-08, 10-09 away: 3 working days
        r = review.resubmit(actor=world.u_officer, round=r, supplement="已补充现场勘验图和询问笔录")
    ob = obligation(r)
    assert r.stage == "check" and r.missing == [] and ob.state == ObligationState.OPEN
    assert ob.due_at.astimezone(SHANGHAI).date() == D(2026, 10, 16)
    kinds = list(Entry.objects.filter(kind__startswith="review.").order_by("pk").values_list("kind", flat=True))
    assert kinds == ["review.submitted", "review.assigned", "review.returned", "review.resubmitted"]


def test_a_return_must_say_what_is_missing(world, major, reviewers):
    r = review.assign(actor=world.u_sun, round=submit(world, major), reviewer=world.sun)
    with pytest.raises(RuleViolation, match="须列明缺少的材料"):
        review.return_incomplete(actor=world.u_sun, round=r, missing=["  "])
    assert ReviewRound.objects.get().stage == "check"


def test_the_extension_needs_the_leader_and_is_given_once(world, major, reviewers):
    with time_machine.travel(at(D(2026, 3, 2)), tick=False):
        r = review.assign(actor=world.u_sun, round=submit(world, major), reviewer=world.sun)
        r = review.accept(actor=world.u_sun, round=r)
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            review.extend(actor=world.u_sun, round=r, reason="案情复杂")
        r = review.extend(actor=world.u_head, round=r, reason="案情复杂，需实地核查")
        assert obligation(r).due_at.astimezone(SHANGHAI).date() == D(2026, 3, 16)
        with pytest.raises(RuleViolation, match="只能延长一次"):
            review.extend(actor=world.u_head, round=r, reason="再延长")


def test_a_first_time_reviewer_without_the_legal_qualification_is_refused(world, major, reviewers):
    r = submit(world, major)
    with pytest.raises(RuleViolation, match="周军初次从事法制审核，应当取得法律职业资格") as refused:
        review.assign(actor=world.u_sun, round=r, reviewer=world.zhou)
    assert refused.value.rule == "行政处罚法 第58条"
    assert ReviewRound.objects.get().reviewer is None


def test_an_officer_who_investigated_the_case_may_not_review_it(world, major, reviewers):
    zhang = Reviewer.objects.create(person=world.zhang.person, unit=world.nr_legal, qualification_kind="lpq",
                                    qualification_number="A2020")
    with pytest.raises(RuleViolation, match="张伟参与了本案的调查或决定，应当回避"):
        review.assign(actor=world.u_sun, round=submit(world, major), reviewer=zhang)


def test_a_reviewer_of_another_agency_is_not_in_the_register(world, major, reviewers):
    other = Reviewer.objects.create(person=world.liu.person, unit=world.zj_unit, qualification_kind="lpq",
                                    qualification_number="A2021")
    with pytest.raises(RuleViolation, match="不在本机关的法制审核人员名册中"):
        review.assign(actor=world.u_sun, round=submit(world, major), reviewer=other)


def test_the_opinion_is_numbered_per_agency_and_year_and_only_the_assigned_reviewer_gives_it(world, major, reviewers):
    r = review.accept(actor=world.u_sun, round=review.assign(actor=world.u_sun, round=submit(world, major),
                                                               reviewer=world.sun))
    with pytest.raises(RuleViolation, match="只有指派的法制审核人员"):
        agree(world.__class__(**{**world.__dict__, "u_sun": world.u_zhou}), r)
    r = agree(world, r)
    assert r.stage == "decide" and r.passed
    assert r.opinion.number.endswith("法审〔2026〕1号") and r.opinion.values["审核意见"] == "同意"
    assert obligation(r).state == ObligationState.MET


@pytest.mark.parametrize("change, message", [
    ({"reasons": ""}, "理由及依据不能为空"),
    ({"outcome": "maybe"}, "未知的审核意见：maybe"),
    ({"findings": {}}, "审核要点“执法主体合法，在法定职权范围内”尚未作出结论"),
])
def test_bad_opinions_are_refused_and_nothing_is_issued(world, major, reviewers, change, message):
    r = review.accept(actor=world.u_sun, round=review.assign(actor=world.u_sun, round=submit(world, major),
                                                               reviewer=world.sun))
    given = {"outcome": "agree", "reasons": "事实清楚", "findings": {p: {"finding": "yes"} for p, _ in rules.POINTS},
             **change}
    before = IssuedDocument.objects.count()
    with pytest.raises(RuleViolation, match=message):
        review.give_opinion(actor=world.u_sun, round=r, **given)
    assert IssuedDocument.objects.count() == before and ReviewRound.objects.get().stage == "review"


def test_a_second_opinion_on_a_closed_round_is_refused(world, major, reviewers):
    r = passed(world, major)
    before = IssuedDocument.objects.count()
    with pytest.raises(RuleViolation, match="第1轮法制审核已出具意见，已经结束"):
        agree(world, r, outcome="disagree")
    assert IssuedDocument.objects.count() == before and ReviewRound.objects.get().outcome == "agree"


def test_a_disagreement_sends_the_case_back_and_a_resubmission_is_a_new_round_linked_to_it(world, major, reviewers):
    r1 = review.accept(actor=world.u_sun, round=review.assign(actor=world.u_sun, round=submit(world, major),
                                                                reviewer=world.sun))
    r1 = agree(world, r1, outcome="change")
    assert r1.stage == "rework" and not r1.passed
    with pytest.raises(RuleViolation, match="意见为“变更或修正行政执法决定”"):
        decide(world, major)
    r2 = submit(world, major, draft={"reason": "占用耕地面积较大，且拒不整改"})
    assert r2.seq == 2 and r2.previous == r1
    with pytest.raises(RuleViolation, match="第2轮法制审核在“审查送审材料”环节，不能再次报送"):
        submit(world, major)
    agree(world, review.accept(actor=world.u_sun, round=review.assign(actor=world.u_sun, round=r2,
                                                                        reviewer=world.sun)))
    doc = decide(world, major, reason="占用耕地面积较大，且拒不整改")
    assert doc.template == "penalty_decision"


def test_who_submitted_reviewed_and_decided_and_the_digests_each_saw_are_in_the_ledger(world, major, reviewers):
    r = passed(world, major)
    doc = decide(world, major)
    entries = {e.kind: (e, json.loads(e.payload)) for e in Entry.objects.filter(
        kind__in=["review.submitted", "review.opinion", "case.decided"])}
    submitted, opinion, decided = entries["review.submitted"], entries["review.opinion"], entries["case.decided"]
    assert (submitted[0].actor_id, opinion[0].actor_id, decided[0].actor_id) == (
        world.u_officer.pk, world.u_sun.pk, world.u_head.pk)
    assert submitted[1]["draft_sm3"] == opinion[1]["draft_sm3"] == decided[1]["draft_sm3"] == r.draft_sm3
    assert r.draft_sm3 in json.loads(submitted[0].evidence) and doc.pdf.sm3 in json.loads(decided[0].evidence)
