"""The reviewer's questions to the handling unit during a round and the unit's answers (REV-06): recorded with
who and when, in the ledger and the case's timeline, a work item of the handler while unanswered; a question does
not pause the review's clock; another agency's round or question is 404; bad input and a form sent twice."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.review.conftest import submit

from zhifa.core.errors import RuleViolation
from zhifa.ledger.models import Entry
from zhifa.obligations.models import Obligation
from zhifa.review import actions as review
from zhifa.review import questions
from zhifa.review.models import Question


@pytest.fixture
def checking(world, major, reviewers):
    """The major case's round assigned to 孙丽, at 审查送审材料."""
    return review.assign(actor=world.u_sun, round=submit(world, major), reviewer=world.sun)


def _todo(client) -> str:
    return client.get(reverse("work:todo")).content.decode()


def test_the_reviewer_asks_and_the_handler_answers_through_the_pages(world, checking, login):
    r = checking
    reviewer = login(world.u_sun)
    workspace = reverse("review:workspace", args=[r.pk])
    page = reviewer.get(workspace).content.decode()
    assert "向承办机构提出的问题" in page
    token = "t-ask-1"
    sent = {"text": "请说明第3项证据的来源", "token": token}
    assert reviewer.post(reverse("review:ask", args=[r.pk]), sent).status_code == 302
    assert reviewer.post(reverse("review:ask", args=[r.pk]), sent).status_code == 302  # the form sent twice
    q = Question.objects.get()
    assert (q.text, q.asked_by, q.answered_at) == ("请说明第3项证据的来源", world.u_sun, None)
    assert Entry.objects.filter(kind="review.question_asked").count() == 1
    # the handler's work queue has it, leading to the workspace; the case page offers the answer
    officer = login(world.u_officer)
    todo = _todo(officer)
    assert "答复法制审核问询：请说明第3项证据的来源" in todo and workspace in todo and "孙丽" in todo
    case_page = officer.get(r.case.get_absolute_url()).content.decode()
    assert "请说明第3项证据的来源" in case_page and reverse("review:answer", args=[q.pk]) in case_page
    assert "法制审核人员向承办机构提出问询" in case_page  # the timeline
    answer_url = reverse("review:answer", args=[q.pk])
    assert "请说明第3项证据的来源" in officer.get(answer_url).content.decode()
    reply = {"answer": "第3项证据系现场勘验时调取的卫星影像图", "token": "t-answer-1"}
    assert officer.post(answer_url, reply).status_code == 302
    assert officer.post(answer_url, reply).status_code == 302  # sent twice: acts once
    q.refresh_from_db()
    assert q.answer == reply["answer"] and q.answered_by == world.u_officer and q.answered_at is not None
    assert Entry.objects.filter(kind="review.question_answered").count() == 1
    assert "答复法制审核问询：" not in _todo(officer)
    page = login(world.u_sun).get(workspace).content.decode()
    assert "卫星影像图" in page and "张伟" in page  # the answer beside the checklist, the handler by name
    case_page = login(world.u_officer).get(r.case.get_absolute_url()).content.decode()
    assert "承办机构答复法制审核问询" in case_page and "卫星影像图" in case_page


def test_a_question_does_not_pause_the_review_clock(world, checking):
    questions.ask(actor=world.u_sun, round=checking, text="请说明当事人的陈述申辩情况", token="t1")
    ob = Obligation.objects.filter(subject_id=checking.pk).order_by("-pk").first()
    assert ob is not None and ob.state == "open" and ob.paused_at is None


def test_only_the_rounds_reviewer_asks_and_only_a_handler_answers(world, checking):
    with pytest.raises(RuleViolation, match="只有指派的法制审核人员"):
        questions.ask(actor=world.u_zhou, round=checking, text="请说明", token="t1")
    q = questions.ask(actor=world.u_sun, round=checking, text="请说明", token="t2")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        questions.answer(actor=world.u_sun, question=q, text="答复", token="t3")
    assert not Entry.objects.filter(kind="review.question_answered").exists()


def test_bad_input_is_refused_naming_the_field(world, checking, login):
    reviewer = login(world.u_sun)
    empty = reviewer.post(reverse("review:ask", args=[checking.pk]), {"text": " ", "token": "t1"})
    assert empty.status_code == 422 and "问题不能为空" in empty.content.decode()
    q = questions.ask(actor=world.u_sun, round=checking, text="请说明", token="t2")
    officer = login(world.u_officer)
    blank = officer.post(reverse("review:answer", args=[q.pk]), {"answer": "", "token": "t3"})
    assert blank.status_code == 422 and "答复不能为空" in blank.content.decode()
    questions.answer(actor=world.u_officer, question=q, text="已说明", token="t4")
    again = officer.post(reverse("review:answer", args=[q.pk]), {"answer": "再说明", "token": "t5"})
    assert again.status_code == 422 and "不能再次答复" in again.content.decode()
    q.refresh_from_db()
    assert q.answer == "已说明" and Entry.objects.filter(kind="review.question_answered").count() == 1


def test_no_question_on_a_closed_round_and_its_open_question_leaves_the_queue(world, checking, login):
    from tests.review.conftest import agree

    q = questions.ask(actor=world.u_sun, round=checking, text="请说明", token="t1")
    r = review.accept(actor=world.u_sun, round=checking)
    r = agree(world, r)
    with pytest.raises(RuleViolation, match="已经结束") as e:
        questions.ask(actor=world.u_sun, round=r, text="还有一个问题", token="t2")
    assert e.value.field == "stage"
    with pytest.raises(RuleViolation, match="已经结束"):
        questions.answer(actor=world.u_officer, question=q, text="迟到的答复", token="t3")
    assert Question.objects.count() == 1 and "答复法制审核问询：" not in _todo(login(world.u_officer))


def test_another_agencys_round_and_question_are_404(world, checking, login):
    q = questions.ask(actor=world.u_sun, round=checking, text="请说明", token="t1")
    other = login(world.u_ly_head)
    assert other.post(reverse("review:ask", args=[checking.pk]), {"text": "x", "token": "t2"}).status_code == 404
    assert other.get(reverse("review:answer", args=[q.pk])).status_code == 404
    assert other.post(reverse("review:answer", args=[q.pk]), {"answer": "x", "token": "t3"}).status_code == 404
    assert Question.objects.get().answered_at is None and Question.objects.count() == 1
    assert "答复法制审核问询：" not in _todo(other)
