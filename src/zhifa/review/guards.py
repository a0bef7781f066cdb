"""The legal review's checks: the case engine's guards REVIEW_PASSED and REVIEW_PASSED_IF_MAJOR and the check
of the decision text (registered into ``zhifa.cases.guards``), and the guards of the ``LEGAL_REVIEW`` process
a round runs on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.utils import timezone

from zhifa.agencies.models import name_of
from zhifa.cases import drafts, guards
from zhifa.cases.guards import Result
from zhifa.cases.measure_guards import measure_record
from zhifa.cases.models import Case
from zhifa.catalog import processes as p
from zhifa.core.errors import RuleViolation
from zhifa.documents.access import documents_about
from zhifa.ledger.digest import sm3
from zhifa.review.models import ReviewRound

REQUIRED = "须经法制审核（行政处罚法 第58条）"


def latest_round(case: Case) -> ReviewRound | None:
    return max(case.review_rounds.all(), key=lambda r: r.seq, default=None)


def _not_passed(case: Case) -> str:
    latest = latest_round(case)
    if latest is None:
        return "尚未报送法制审核"
    if latest.outcome:
        return f"第{latest.seq}轮法制审核意见为“{latest.get_outcome_display()}”"
    return f"第{latest.seq}轮法制审核在“{latest.stage_label}”环节，尚未出具意见"


def manual_criteria(case: Case) -> list[str]:
    """The criteria a handler or reviewer added by hand (REV-02), each with who added it and why."""
    return [f"{c.text}（{name_of(c.by)}添加，理由：{c.reason}）" for c in case.review_criteria.select_related("by")]


def criteria_of(case: Case, answer) -> list[str]:  # answer: ReviewAnswer | None
    """Every criterion that makes the case's decision need review: the catalogue's, the agency setting's, and
    those added by hand."""
    return [*(answer.matched if answer is not None else []), *manual_criteria(case)]


def _required(case: Case, on: dt.date, decision: Mapping[str, Any] | None = None) -> list[str] | None:
    """The criteria that make the decision major (with ``decision``'s fields, where one is being issued), or None
    when it needs no review; a case already sent to review (by hand, REV-02) needs its review passed too."""
    matched = criteria_of(case, guards.review_answer(case, on, decision))
    if matched:
        return matched
    return ["已报送法制审核"] if case.review_rounds.exists() else None


def passed_round(case: Case) -> ReviewRound | None:
    latest = latest_round(case)
    return latest if latest is not None and latest.passed else None


@guards.check(p.REVIEW_PASSED)  # 行政处罚法 第58条
def review_passed(case: Case, on: dt.date) -> Result:
    if passed_round(case) is not None:
        return Result.passed()
    return Result.lacking(f"{REQUIRED}：{_not_passed(case)}")


def _issued_differs(case: Case, passed: ReviewRound) -> str:
    """What the decision issued says when its body is not the draft the passed round bound (empty when it is,
    or none is issued yet): the check of a decision issued before its way out's guards hold."""
    kind = drafts.DRAFTS.get(case.process)
    if kind is None:
        return ""
    decisions = list(documents_about(case).filter(template__in=kind.templates, voided_at__isnull=True))
    if decisions and sm3(drafts.draft_text(decisions[-1].template, decisions[-1].values).encode()) != passed.draft_sm3:
        return f"《{decisions[-1].title}》（{decisions[-1].number}）与法制审核通过的决定文本不一致，须重新报送法制审核"
    return ""


@guards.check(p.REVIEW_PASSED_IF_MAJOR)  # 行政处罚法 第58条
def review_passed_if_major(case: Case, on: dt.date) -> Result:
    if guards.latest_proposal(case) is None:
        return Result.lacking("尚未拟定处罚内容")
    return _reviewed_as_issued(case, on, REQUIRED)


def _reviewed_as_issued(case: Case, on: dt.date, required: str) -> Result:
    """A decision that needs review has a passed round, and what is issued is that round's draft."""
    matched = _required(case, on)
    if matched is None:
        return Result.passed()
    passed = passed_round(case)
    if passed is None:
        return Result.lacking(f"{required}：" + "；".join(matched) + f"（{_not_passed(case)}）")
    differs = _issued_differs(case, passed)
    return Result.lacking(differs) if differs else Result.passed()


# 审核制度 第三条: the other kinds' major decisions (行政许可、撤回撤销许可、强制执行、征收征用、收费).
REQUIRED_OTHER = "须经法制审核（《重大行政执法决定法制审核制度》第三条）"


@guards.check(p.DECISION_REVIEWED_IF_MAJOR)  # 审核制度 第三条；REV-01
def decision_reviewed_if_major(case: Case, on: dt.date) -> Result:
    """The decision of a kind other than the 行政处罚 that the 目录清单 or the agency setting marks as major (or
    that was sent to review) is made only after a passed round, and is byte for byte the draft that round bound
    by its SM3: the review renders the kind's decision document from the decision's own fields (``cases.drafts``),
    the decide function refuses a different text before it takes a number (``check_draft``), and this guard
    refuses a decision issued whose body is not the reviewed draft."""
    return _reviewed_as_issued(case, on, REQUIRED_OTHER)


@guards.check(p.MEASURE_REVIEWED_IF_MAJOR)  # 审核制度 第三条；行政强制法 第18条第一项、第19条
def measure_reviewed_if_major(case: Case, on: dt.date) -> Result:
    """The head approves a 查封、扣押 the 目录清单 or the agency setting marks as major (or that was sent to
    review) only after a passed round — before it is carried out, or, taken on the spot in an emergency, before
    the 补办批准 (第19条: it could not wait; until then it passes, and ``approve_measure`` holds this guard on the
    approval itself). A refusal needs no review: nothing is decided against the party, and after an emergency it
    must release at once. Once approved, the catalogue of the day of the approval is the one that counted. The
    决定书 is the draft the round bound: carried out after the approval it is checked before it is issued
    (``check_draft``); handed over on the spot in an emergency, this guard compares it at the 补办批准."""
    measure = measure_record(case)
    if measure is None:
        return Result.lacking("尚未登记拟采取的行政强制措施")
    if measure.approved is False or (measure.emergency and measure.approved is None):
        return Result.passed()
    day = timezone.localdate(measure.approved_at) if measure.approved and measure.approved_at else on
    matched = _required(case, day)
    if matched is None:
        return Result.passed()
    passed = passed_round(case)
    if passed is not None:  # the 决定书 handed over on the spot in an emergency is the draft reviewed
        differs = _issued_differs(case, passed)
        return Result.lacking(differs) if differs else Result.passed()
    when = "补办批准" if measure.emergency else "批准实施"
    return Result.lacking(f"{REQUIRED_OTHER}，经审核通过后方可{when}：" + "；".join(matched)
                          + f"（{_not_passed(case)}）")


# the guard whose rule a refused draft cites, by process (the others' is DECISION_REVIEWED_IF_MAJOR)
_GUARD_OF = {p.PUNISHMENT_GENERAL.code: p.REVIEW_PASSED_IF_MAJOR, p.COERCIVE_MEASURE.code: p.MEASURE_REVIEWED_IF_MAJOR}


def check_draft(case: Case, drafted: drafts.Drafted, on: dt.date) -> None:
    """The document about to be issued is byte for byte the draft the passed review bound by its SM3 (REV-01);
    whether the decision needs review is read with its own fields (the 强制执行's way)."""
    matched = _required(case, on, drafted.given)
    if matched is None:
        return
    guard = _GUARD_OF.get(case.process, p.DECISION_REVIEWED_IF_MAJOR)
    required = REQUIRED if guard is p.REVIEW_PASSED_IF_MAJOR else REQUIRED_OTHER
    field = drafts.kind_of(case).fields[0]  # the decision form's field the refusal is shown beside
    passed = passed_round(case)
    if passed is None:
        raise RuleViolation(f"{required}：" + "；".join(matched) + f"（{_not_passed(case)}）", rule=guard.rule,
                            field=field)
    if sm3(drafted.text.encode()) != passed.draft_sm3:
        raise RuleViolation(f"拟作出的决定文本与第{passed.seq}轮法制审核通过的文本不一致（审核时SM3 "
                            f"{passed.draft_sm3[:12]}…），须按审核通过的文本作出决定或重新报送法制审核",
                            rule=guard.rule, field=field)


guards.DRAFT_CHECKS.append(check_draft)


def reviewed_texts(case: Case) -> dict[str, Any] | None:
    """The fields of the draft the passed round reviewed, as its decision form posts them: the form starts from
    them."""
    passed = passed_round(case)
    return dict(passed.draft_fields) if passed is not None else None


guards.DRAFT_TEXTS.append(reviewed_texts)


# ---------------------------------------------------------------- the round's own guards

RoundCheck = Callable[[ReviewRound, dt.date], Result]
ROUND_CHECKS: dict[str, RoundCheck] = {}


def round_check(guard: p.Guard) -> Callable[[RoundCheck], RoundCheck]:
    def register(fn: RoundCheck) -> RoundCheck:
        ROUND_CHECKS[guard.code] = fn
        return fn

    return register


def materials_missing(r: ReviewRound) -> list[str]:
    missing = [f"申请表“{k}”" for k, v in r.application.items() if not str(v).strip()]
    missing += [what for what, present in (("情况说明", r.explanation), ("拟作出的决定文本", r.draft_text),
                                           ("法律依据", r.bases), ("证据", r.evidence)) if not present]
    return missing + list(r.missing)


@round_check(p.MATERIALS_COMPLETE)  # REV-03
def materials_complete(r: ReviewRound, on: dt.date) -> Result:
    missing = materials_missing(r)
    return Result.passed() if not missing else Result.lacking("送审材料不齐全：" + "；".join(missing))


@round_check(p.OPINION_SIGNED)  # REV-08
def opinion_signed(r: ReviewRound, on: dt.date) -> Result:
    if r.opinion_id is None or r.reviewer_id is None or not r.outcome:
        return Result.lacking("法制审核意见书尚未编号、由审核人员签署")
    return Result.passed()
