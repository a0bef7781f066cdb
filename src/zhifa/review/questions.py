"""The reviewer's questions to the handling unit during a round, and the unit's answers (REV-06, 附件1's
“审核人员要求补充说明的”): each recorded with who and when and appended to the ledger, so the case's timeline
shows them; an unanswered question is a work item of the case's handlers (``QuestionToAnswer``).

A question does not pause the 7-working-day clock: 审核制度 pauses it only for a return for supplementary
material (``actions.return_incomplete``, REV-05). A question that needs material is asked as a return."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhifa.agencies.models import name_of
from zhifa.agencies.permissions import can, require
from zhifa.cases.access import cases_for
from zhifa.cases.actions.base import clean_text
from zhifa.core.errors import RuleViolation
from zhifa.core.labels import rule_label
from zhifa.review.actions import CLOSED_STAGES, _ensure_stage, _entry, _is_reviewer, _locked_round
from zhifa.review.models import Question, ReviewRound
from zhifa.work.registry import Item, ItemKind

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhifa.agencies.permissions import AnyUser

QUESTION_RULE = "REV-06"
# The stages a round takes questions in: from its submission to the opinion.
OPEN_STAGES = ("check", "supplement", "review")


def _token(token: str) -> str:
    return clean_text("token", "表单标识", token, max_length=40)


def ask(*, actor: User, round: ReviewRound, text: str, token: str) -> Question:
    """The round's reviewer asks the handling unit; the same form sent twice returns the question it made."""
    text = clean_text("text", "问题", text, max_length=2000)
    token = _token(token)
    with transaction.atomic():
        case, r = _locked_round(round)
        _is_reviewer(actor, r)
        sent = Question.objects.filter(token=token).first()
        if sent is not None:
            if sent.round_id != r.pk or sent.asked_by_id != actor.pk:
                raise RuleViolation("表单标识已被使用，请刷新页面重新填写", field="token", rule=QUESTION_RULE)
            return sent
        _ensure_stage(r, *OPEN_STAGES)
        q = Question.objects.create(round=r, text=text, asked_by=actor, asked_at=timezone.now(), token=token)
        _entry(actor, case, "review.question_asked", r, question=q.pk, text=text, by_name=name_of(actor))
    return q


def may_answer(user: AnyUser, q: Question) -> bool:
    r = q.round
    return not q.answered_at and r.stage in OPEN_STAGES and can(user, "case.handle", r.case.unit)


def answer(*, actor: User, question: Question, text: str, token: str) -> Question:
    """A handler of the case answers, once; the same form sent twice returns the answered question."""
    text = clean_text("answer", "答复", text, max_length=5000)
    token = _token(token)
    with transaction.atomic():
        case, r = _locked_round(question.round)
        require(actor, "case.handle", case.unit)
        q = Question.objects.select_for_update().get(pk=question.pk)
        if q.answered_at is not None:
            if q.answer_token == token:
                return q
            raise RuleViolation(f"该问题已于{timezone.localtime(q.answered_at):%Y-%m-%d %H:%M}由"
                                f"{name_of(q.answered_by)}答复，不能再次答复", field="answer", rule=QUESTION_RULE)
        _ensure_stage(r, *OPEN_STAGES)
        q.answer, q.answered_by, q.answered_at, q.answer_token = text, actor, timezone.now(), token
        q.save(update_fields=["answer", "answered_by", "answered_at", "answer_token"])
        _entry(actor, case, "review.question_answered", r, question=q.pk, question_text=q.text, text=text,
               by_name=name_of(actor))
    return q


def questions_for(user: AnyUser) -> QuerySet[Question]:
    """The questions of the rounds of the cases in the user's reach; any other is 404."""
    return Question.objects.filter(round__case__in=cases_for(user))


class QuestionToAnswer(ItemKind):
    """A question of an open round not yet answered: in 我的待办 of those who handle the case."""

    code = "review_question"
    label = "法制审核问询待答复"
    agency = "round__case__unit"
    related = ("round__case__unit", "asked_by__person")

    def pending_for(self, user: AnyUser, now: dt.datetime) -> QuerySet[Question]:
        return (Question.objects.filter(round__case__in=cases_for(user, "case.handle"), answered_at__isnull=True)
                .exclude(round__stage__in=CLOSED_STAGES))

    def present(self, q: Question) -> Item:
        case = q.round.case
        return Item(title=f"答复法制审核问询：{q.text[:40]}", subject=case.title, url=q.round.get_absolute_url(),
                    action="答复", state="待答复", unit=case.unit.name, who=name_of(q.asked_by),
                    rule=rule_label(QUESTION_RULE))
