"""The legal unit before submission: a criterion added by hand that makes a case's decision need review (REV-02),
and a registered reviewer attached to a major or sensitive case during its investigation (提前介入, REV-14).

An attached reviewer reads the case as every reviewer of the agency does (their role's case.view) and comments;
the comments are ledger entries, so the case's timeline shows them. Being attached does not bar the reviewer
from reviewing the case later: 行政处罚法 第58条 bars those who took part in the investigation or the decision,
and a reviewer who commented has done neither (``actions.check_reviewer`` reads the case's officers and
deciders only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from zhifa.agencies.models import Reviewer
from zhifa.agencies.permissions import can
from zhifa.cases.actions.base import clean_text, ensure_writable, lock, record
from zhifa.cases.models import Case, CaseState
from zhifa.core.errors import RuleViolation
from zhifa.review.actions import registered_for
from zhifa.review.models import Involvement, InvolvementComment, ManualCriterion

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# REV-02: a handler or reviewer may add a criterion by hand, with a reason.
CRITERION_RULE = "REV-02"
# REV-14: early involvement of the legal unit in major or sensitive cases.
INVOLVEMENT_RULE = "REV-14"


def may_add_criterion(user: User, case: Case) -> bool:
    return can(user, "case.handle", case.unit) or can(user, "review.conduct", case.agency)


def add_criterion(*, actor: User, case: Case, text: str, reason: str) -> ManualCriterion:
    """The case's decision needs review for ``text``: shown with who added it and why."""
    text = clean_text("text", "须审核的情形", text, max_length=300)
    reason = clean_text("reason", "理由", reason, max_length=2000)
    with transaction.atomic():
        case = lock(case)
        if not may_add_criterion(actor, case):
            raise PermissionDenied("无权为本案添加法制审核情形")
        ensure_writable(case)
        if case.review_criteria.filter(text=text).exists():
            raise RuleViolation(f"本案已添加须审核的情形“{text}”", field="text", rule=CRITERION_RULE)
        criterion = ManualCriterion.objects.create(case=case, text=text, reason=reason, by=actor, at=timezone.now())
        record(actor, case, "review.criterion_added", criterion=criterion.pk, text=text, reason=reason)
    return criterion


def may_attach(user: User, case: Case) -> bool:
    """The agency head or the legal unit attaches a reviewer (REV-14)."""
    return can(user, "case.approve", case.agency) or can(user, "review.conduct", case.agency)


def attach(*, actor: User, case: Case, reviewer: Reviewer, reason: str) -> Involvement:
    """A registered reviewer of the agency attached to the case while it is still being handled."""
    reason = clean_text("reason", "提前介入理由", reason, max_length=2000)
    with transaction.atomic():
        case = lock(case)
        if not may_attach(actor, case):
            raise PermissionDenied("无权指派法制审核人员提前介入")
        ensure_writable(case)
        if case.state != CaseState.ACTIVE or case.review_rounds.exists():
            raise RuleViolation("提前介入在案件调查办理中、报送法制审核之前", field="reviewer", rule=INVOLVEMENT_RULE)
        if not registered_for(case.agency).filter(pk=reviewer.pk).exists():
            raise RuleViolation(f"{reviewer.person.name}不在本机关的法制审核人员名册中", field="reviewer",
                                rule=INVOLVEMENT_RULE)
        if case.review_involvements.filter(reviewer=reviewer).exists():
            raise RuleViolation(f"{reviewer.person.name}已提前介入本案", field="reviewer", rule=INVOLVEMENT_RULE)
        involvement = Involvement.objects.create(case=case, reviewer=reviewer, reason=reason, attached_by=actor,
                                                 attached_at=timezone.now())
        record(actor, case, "review.involved", involvement=involvement.pk, reviewer=reviewer.pk,
               name=reviewer.person.name, reason=reason)
    return involvement


def comment(*, actor: User, case: Case, text: str, token: str) -> InvolvementComment:
    """The attached reviewer's comment on the case record, in its timeline. The same form sent twice
    (``token``) returns the comment it made."""
    text = clean_text("text", "提前介入意见", text, max_length=5000)
    token = clean_text("token", "表单标识", token, max_length=40)
    with transaction.atomic():
        case = lock(case)
        involvement = case.review_involvements.filter(reviewer__person__user=actor).first()
        if involvement is None or not can(actor, "review.conduct", case.agency):
            raise PermissionDenied("只有提前介入本案的法制审核人员可以提出意见")
        ensure_writable(case)
        sent = InvolvementComment.objects.filter(token=token).first()
        if sent is not None:
            if sent.involvement_id != involvement.pk:
                raise RuleViolation("表单标识已被使用，请刷新页面重新填写", field="token", rule=INVOLVEMENT_RULE)
            return sent
        note = InvolvementComment.objects.create(involvement=involvement, token=token, text=text,
                                                 at=timezone.now())
        record(actor, case, "review.involvement_comment", comment=note.pk, text=text)
    return note
