"""The legal review's pages around a case (REV-02, REV-09, REV-14): the unit's answer to an opinion, the
decision of an objection, a criterion added by hand, a reviewer attached early and their comments. Each is a
small form page that calls one write function and goes back to the case; the case page's review section
(``after_context``) lists what they recorded."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect

from zhifa.agencies.permissions import can
from zhifa.cases.access import access_case
from zhifa.cases.models import Case, CaseState
from zhifa.cases.views import TIMELINE_NOTES
from zhifa.core.forms import render_form
from zhifa.core.forms import submit as submitted
from zhifa.records.models import Evidence
from zhifa.review import escalation, involvement, questions
from zhifa.review.access import access_round
from zhifa.review.actions import registered_for
from zhifa.review.case_forms import AnswerForm, CommentForm, CriterionForm, InvolveForm, ResolveForm, RespondForm
from zhifa.review.models import Outcome, Question, ReviewRound, RoundResponse

TEMPLATE = "review/case_form.html"


def _page(request, form, case: Case, title: str, done: str, action, **context: Any) -> HttpResponse:
    if submitted(request, form, action) is not None:
        messages.success(request, done)
        return redirect(case)
    return render_form(request, TEMPLATE, form, case=case, title=title, **context)


@login_required
def respond(request, pk: int) -> HttpResponse:
    r = access_round(request.user, pk)
    form = RespondForm(request.POST or None)
    return _page(request, form, r.case, f"答复第{r.seq}轮法制审核意见", "已答复法制审核意见",
                 lambda d: escalation.respond(actor=request.user, round=r, **d), round=r)


@login_required
def resolve(request, pk: int) -> HttpResponse:
    r = access_round(request.user, pk)
    files = Evidence.objects.filter(case_links__case=r.case).select_related("blob").distinct()
    form = ResolveForm(request.POST or None, evidence=files)
    return _page(request, form, r.case, f"对第{r.seq}轮法制审核意见的异议作出决定", "已记录决定",
                 lambda d: escalation.resolve(actor=request.user, round=r, **form.resolution_args()), round=r,
                 response=RoundResponse.objects.filter(round=r).first())


@login_required
def criterion(request, pk: int) -> HttpResponse:
    case = access_case(request.user, pk)
    form = CriterionForm(request.POST or None)
    return _page(request, form, case, "添加须法制审核的情形", "已添加须法制审核的情形",
                 lambda d: involvement.add_criterion(actor=request.user, case=case, **d))


@login_required
def involve(request, pk: int) -> HttpResponse:
    case = access_case(request.user, pk)
    form = InvolveForm(request.POST or None, reviewers=registered_for(case.agency))
    return _page(request, form, case, "指派法制审核人员提前介入", "已指派提前介入",
                 lambda d: involvement.attach(actor=request.user, case=case, **d))


@login_required
def comment(request, pk: int) -> HttpResponse:
    case = access_case(request.user, pk)
    form = CommentForm(request.POST or None)
    return _page(request, form, case, "提出提前介入意见", "已记录提前介入意见",
                 lambda d: involvement.comment(actor=request.user, case=case, **d))


@login_required
def answer(request, pk: int) -> HttpResponse:
    """The handler's answer to a question of the reviewer (REV-06); back to the round's workspace."""
    q = get_object_or_404(questions.questions_for(request.user).select_related("round__case__unit", "asked_by__person"),
                          pk=pk)
    form = AnswerForm(request.POST or None)
    if submitted(request, form, lambda d: questions.answer(actor=request.user, question=q, text=d["answer"],
                                                            token=d["token"])) is not None:
        messages.success(request, "已答复法制审核问询")
        return redirect(q.round)
    return render_form(request, TEMPLATE, form, case=q.round.case, title=f"答复第{q.round.seq}轮法制审核问询",
                       question=q)


def question_rows(user, qs) -> list[tuple[Question, bool]]:  # qs: QuerySet[Question]
    """The questions with whether the user may answer each, for the workspace and the case page."""
    rows = list(qs.select_related("round__case__unit", "asked_by__person", "answered_by__person"))
    return [(q, questions.may_answer(user, q)) for q in rows]


def after_context(request, case: Case) -> dict[str, Any]:
    """The case page's review section: each round's answer, the criteria added by hand, the reviewers attached
    early with their comments, and which of these acts the user may do."""
    user, active = request.user, case.state == CaseState.ACTIVE
    responses = {x.round_id: x for x in RoundResponse.objects.filter(round__case=case)}
    rounds = list(case.review_rounds.order_by("seq"))
    latest: ReviewRound | None = rounds[-1] if rounds else None
    handle = active and can(user, "case.handle", case.unit)
    answerable = (latest is not None and bool(latest.outcome) and latest.pk not in responses
                  and not (latest.outcome == Outcome.AGREE and case.stage not in ("legal_review", "decide")))
    pending = latest is not None and latest.pk in responses and responses[latest.pk].pending
    involvements = list(case.review_involvements.select_related("reviewer__person", "attached_by__person")
                        .prefetch_related("comments"))
    return {
        "review_respond": latest if handle and answerable else None,
        "review_resolve": latest if pending and active and can(user, "case.approve", case.agency) else None,
        "review_manual": list(case.review_criteria.select_related("by__person")),
        "review_may_add_criterion": active and involvement.may_add_criterion(user, case),
        "review_involvements": involvements,
        "review_may_involve": active and not rounds and involvement.may_attach(user, case),
        "review_may_comment": active and any(i.reviewer.person.user_id == user.pk for i in involvements),
        "review_questions": question_rows(user, Question.objects.filter(round__case=case)),
    }


def _comment_note(payload: dict[str, Any]) -> str:
    return str(payload.get("text", ""))


def _involved_note(payload: dict[str, Any]) -> str:
    return f"{payload.get('name', '')}：{payload.get('reason', '')}"


def _criterion_note(payload: dict[str, Any]) -> str:
    return f"{payload.get('text', '')}（理由：{payload.get('reason', '')}）"


def _response_note(payload: dict[str, Any]) -> str:
    return str(payload.get("reason", ""))


def _answered_note(payload: dict[str, Any]) -> str:
    return f"问：{payload.get('question_text', '')} 答：{payload.get('text', '')}"


TIMELINE_NOTES.update({"review.question_asked": _comment_note, "review.question_answered": _answered_note,
                       "review.involvement_comment": _comment_note, "review.involved": _involved_note,
                       "review.criterion_added": _criterion_note, "review.objected": _response_note,
                       "review.opinion_accepted": _response_note,
                       "review.objection_decided": lambda p: str(p.get("conclusion", ""))})
