"""The legal review's pages: the reviewer's queue (by due time), the review workspace (the draft beside the
evidence, the engine's guards and the checklist), the submission, and the rounds on the case page. Thin:
parse, call one write function, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.agencies.models import ActionKind
from zhifa.agencies.permissions import can
from zhifa.cases import guards as case_guards
from zhifa.cases.access import access_case
from zhifa.cases.models import Case, CaseState
from zhifa.catalog.processes import PUNISHMENT_GENERAL
from zhifa.core.errors import RuleViolation
from zhifa.core.forms import submit as submitted
from zhifa.obligations.models import ACTIVE_STATES, Obligation, ObligationState
from zhifa.review import actions, questions, rules
from zhifa.review.access import access_round, rounds_for
from zhifa.review.case_forms import AnswerForm, AskForm
from zhifa.review.case_views import question_rows
from zhifa.review.credentials import check_officers
from zhifa.review.forms import (
    DECISION_FORMS,
    AssignForm,
    ExtendForm,
    OpinionForm,
    ResubmitForm,
    ReturnForm,
    submission_form,
)
from zhifa.review.guards import materials_missing
from zhifa.review.models import Finding, ReviewRound

# The engine's own guards of a review: shown as what the system already checked, not as a reviewer's finding.
_OWN = {"legal_review_passed", "legal_review_passed_if_major"}


def _with_due(qs):  # -> QuerySet[ReviewRound]
    live = Obligation.objects.filter(subject_type=ContentType.objects.get_for_model(ReviewRound),
                                     subject_id=OuterRef("pk"), rule=rules.REVIEW_RULE).order_by("-pk")
    return qs.annotate(due_at=Subquery(live.values("due_at")[:1]), warn_from=Subquery(live.values("warn_from")[:1]),
                       ob_state=Subquery(live.values("state")[:1]))


def _tone(r: ReviewRound, now) -> str:
    if r.ob_state not in ACTIVE_STATES or r.due_at is None:  # type: ignore[attr-defined]
        return ""
    if r.due_at < now:  # type: ignore[attr-defined]
        return "late"
    return "warn" if r.warn_from <= now else "ok"  # type: ignore[attr-defined]


@login_required
def queue(request) -> HttpResponse:
    """The open rounds in the user's reach, soonest due first; the user's own marked."""
    rounds = list(_with_due(rounds_for(request.user).exclude(stage__in=actions.CLOSED_STAGES))
                  .select_related("case", "reviewer__person").order_by("due_at", "pk")[:200])
    now = timezone.now()
    rows = [(r, _tone(r, now)) for r in rounds]
    return render(request, "review/queue.html", {"rows": rows})


def _guard_record(case: Case) -> list[tuple[str, str, bool, str]]:
    """Every guard of the case's process on the way to the decision, as the engine evaluates it today."""
    today = timezone.localdate()
    stages = [s.code for s in case.definition.stages]
    # service, closing and archiving come after the decision: not yet due, so not shown as failed
    last = stages.index("decide") if "decide" in stages else len(stages) - 1
    before = {g.code: g for t in case.definition.transitions if stages.index(t.source) <= last for g in t.guards}
    out = []
    for guard in before.values():
        if guard.code in _OWN or guard.code not in case_guards.CHECKS:
            continue
        result = case_guards.evaluate(guard, case, today)
        out.append((guard.label, guard.rule, result.ok, result.missing))
    return out


def _workspace(request, r: ReviewRound, **forms: Any) -> HttpResponse:
    user, case = request.user, r.case
    reviewer = r.reviewer is not None and r.reviewer.person.user_id == user.pk
    active = case.state == CaseState.ACTIVE
    conduct = active and can(user, "review.conduct", case.agency)
    registered = actions.registered_for(case.agency)
    proposal = case_guards.latest_proposal(case)
    context = {
        "round": r, "case": case, "guard_record": _guard_record(case), "missing_now": materials_missing(r),
        "proposal": proposal, "outside_discretion": proposal is not None and proposal.within_discretion is not True,
        "points": [(code, label, r.findings.get(code, {})) for code, label in rules.POINTS],
        "officer_findings": check_officers(case),
        "findings": dict(Finding.choices),
        "history": list(ReviewRound.objects.filter(case=case).select_related("opinion").order_by("seq")),
        "assign_form": forms.get("assign_form") or (
            AssignForm(reviewers=registered, load=actions.open_load(registered))
            if conduct and r.stage in ("check", "supplement", "review") else None),
        "return_form": forms.get("return_form") or (ReturnForm() if reviewer and r.stage == "check" else None),
        "accept": reviewer and active and r.stage == "check", "accept_error": forms.get("accept_error"),
        "opinion_form": forms.get("opinion_form") or (OpinionForm() if reviewer and active and r.stage == "review"
                                                      else None),
        "extend_form": forms.get("extend_form") or (
            ExtendForm() if active and can(user, "case.approve", case.agency) and r.stage in ("check", "review")
            and r.extended_by_id is None else None),
        "questions": [(q, AnswerForm() if may else None) for q, may in question_rows(user, r.questions.all())],
        "ask_form": forms.get("ask_form") or (AskForm() if reviewer and active and r.stage in questions.OPEN_STAGES
                                              else None),
        "resubmit_form": forms.get("resubmit_form") or (
            ResubmitForm() if active and can(user, "case.handle", case.unit) and r.stage == "supplement" else None),
    }
    return render(request, "review/workspace.html", context, status=422 if forms else 200)


@login_required
def workspace(request, pk: int) -> HttpResponse:
    return _workspace(request, access_round(request.user, pk))


_FORMS = {"assign": "assign_form", "return": "return_form", "extend": "extend_form", "opinion": "opinion_form",
          "resubmit": "resubmit_form"}


@login_required
@require_POST
def act(request, pk: int, act: str) -> HttpResponse:
    """One act on the round: the write function, then the workspace again, a refusal beside its field."""
    if act not in (*_FORMS, "accept"):
        raise Http404
    r = access_round(request.user, pk)
    user, post = request.user, request.POST
    if act == "accept":  # a button without fields
        try:
            actions.accept(actor=user, round=r)
        except RuleViolation as e:
            return _workspace(request, access_round(user, pk), accept_error=str(e))
        return redirect("review:workspace", pk=r.pk)
    form: Any
    if act == "assign":
        registered = actions.registered_for(r.case.agency)
        form = AssignForm(post, reviewers=registered, load=actions.open_load(registered))
        done = submitted(request, form, lambda d: actions.assign(actor=user, round=r, reviewer=d["reviewer"]))
    elif act == "return":
        form = ReturnForm(post)
        done = submitted(request, form, lambda d: actions.return_incomplete(
            actor=user, round=r, missing=d["missing"].splitlines()))
    elif act == "extend":
        form = ExtendForm(post)
        done = submitted(request, form, lambda d: actions.extend(actor=user, round=r, reason=d["reason"]))
    elif act == "opinion":
        form = OpinionForm(post)
        done = submitted(request, form, lambda d: actions.give_opinion(actor=user, round=r, **form.opinion()))
    else:
        form = ResubmitForm(post)
        done = submitted(request, form, lambda d: actions.resubmit(actor=user, round=r, supplement=d["supplement"]))
    if done is None:
        return _workspace(request, access_round(user, pk), **{_FORMS[act]: form})
    messages.success(request, "已办理")
    return redirect("review:workspace", pk=r.pk)


@login_required
@require_POST
def ask(request, pk: int) -> HttpResponse:
    """The reviewer's question to the handling unit (REV-06), from the workspace."""
    r = access_round(request.user, pk)
    form = AskForm(request.POST)
    if submitted(request, form, lambda d: questions.ask(actor=request.user, round=r, **d)) is None:
        return _workspace(request, access_round(request.user, pk), ask_form=form)
    messages.success(request, "已向承办机构提出问询")
    return redirect("review:workspace", pk=r.pk)


@login_required
def submit(request, pk: int) -> HttpResponse:
    """The handling unit's 法制审核申请表 for the case's draft decision."""
    case = access_case(request.user, pk, "case.handle")
    if case.process not in DECISION_FORMS:  # a kind whose decision is not reviewed
        raise Http404
    form = submission_form(case, request.POST or None, initial={"summary": case.summary})
    r = submitted(request, form, lambda d: actions.submit(actor=request.user, case=case, **form.submission()))
    if r is not None:
        messages.success(request, "已报送法制审核")
        return redirect("review:workspace", pk=r.pk)
    answer = case_guards.review_answer(case, timezone.localdate())
    return render(request, "review/submit.html", {"form": form, "case": case, "answer": answer,
                                                   "penalty": case.process == PUNISHMENT_GENERAL.code},
                  status=422 if form.errors else 200)


def review_context(request, case: Case) -> dict[str, Any]:
    """The case page's legal review: every round with its opinion, and the way to submit."""
    rounds = list(case.review_rounds.select_related(
        "opinion", "reviewer__person", "response__by__person", "response__resolved_by__person",
        "response__minutes_file").order_by("seq"))
    latest = rounds[-1] if rounds else None
    at_decision = actions.at_decision(case)
    may_submit = (at_decision and case.process in DECISION_FORMS and can(request.user, "case.handle", case.unit)
                  and (latest is None or latest.stage in actions.RESUBMIT_AFTER))
    answer = case_guards.review_answer(case, timezone.localdate()) if at_decision else None
    # 行政处罚法 第58条 for a penalty; the other kinds' scope is the 审核制度's 第三条 (REV-02)
    basis = "行政处罚法 第58条" if case.action_kind == ActionKind.PUNISHMENT else "REV-02"
    return {"review_rounds": rounds, "review_may_submit": may_submit, "review_answer": answer, "review_basis": basis,
            "review_short": _short_of_time(case) if at_decision and answer and answer.required else None}


RUNNING = [s for s in ACTIVE_STATES if s != ObligationState.PAUSED]


def _short_of_time(case: Case):  # -> Obligation | None
    """The case's own time limit for its decision, when it ends before a review begun today would (REV-13)."""
    limit = (Obligation.objects.filter(subject_type=ContentType.objects.get_for_model(Case), subject_id=case.pk,
                                       state__in=RUNNING, rule__in=rules.DECISION_LIMITS).order_by("due_at").first())
    if limit is None or timezone.localtime(limit.due_at).date() >= rules.review_due(timezone.localdate()).last_day:
        return None
    return limit
