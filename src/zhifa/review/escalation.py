"""After the opinion (REV-09, REV-12): the handling unit accepts a round's opinion and acts on it, or objects
with its reasons; an objection goes to the agency head's decision or to 集体讨论, recorded with the minutes.

What each answer allows next. A 同意 needs no answer: the decision may be made on the reviewed draft. Any other
opinion leaves the decision refused (审核制度 第十一条: 法制审核未通过的，不得作出重大行政执法决定), so whatever
the head or the 集体讨论 decides, the way forward is a new round linked to this one — with the draft reworked
as the opinion says (维持审核意见), or unchanged, the decision attached, for the legal unit to review again
(采纳承办机构意见). While an objection waits for that decision the case cannot be resubmitted."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from zhifa.agencies.permissions import require
from zhifa.cases.actions.base import clean_text
from zhifa.core.errors import RuleViolation
from zhifa.records.models import Evidence
from zhifa.review.actions import _entry, _locked_round
from zhifa.review.models import Outcome, Resolution, ResolvedHow, Response, ReviewRound, RoundResponse

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# 审核制度 第十一条 and REV-09: the unit's answer to an opinion, and its objection decided by the head or 集体讨论.
RESPONSE_RULE = "REV-09"


def respond(*, actor: User, round: ReviewRound, kind: str, reason: str) -> RoundResponse:
    """The handling unit's answer to the round's opinion: accepted (and how it acts), or an objection."""
    if kind not in Response.values:
        raise RuleViolation(f"未知的承办机构意见：{kind}", field="kind", rule=RESPONSE_RULE)
    label = "异议理由" if kind == Response.OBJECT else "处理情况"
    reason = clean_text("reason", label, reason, max_length=5000)
    with transaction.atomic():
        case, r = _locked_round(round)
        require(actor, "case.handle", case.unit)
        if not r.outcome:
            raise RuleViolation(f"第{r.seq}轮法制审核尚未出具意见", field="kind", rule=RESPONSE_RULE)
        if r.outcome == Outcome.AGREE and kind == Response.OBJECT:
            raise RuleViolation("审核意见为“同意”，无需提出异议", field="kind", rule=RESPONSE_RULE)
        if RoundResponse.objects.filter(round=r).exists():
            raise RuleViolation(f"已对第{r.seq}轮法制审核意见作出答复", field="kind", rule=RESPONSE_RULE)
        if hasattr(r, "next") and r.next is not None:
            raise RuleViolation(f"第{r.seq}轮之后已重新报送法制审核", field="kind", rule=RESPONSE_RULE)
        response = RoundResponse.objects.create(round=r, kind=kind, reason=reason, by=actor, at=timezone.now())
        _entry(actor, case, "review.objected" if kind == Response.OBJECT else "review.opinion_accepted", r,
               outcome=r.outcome, reason=reason)
    return response


def resolve(*, actor: User, round: ReviewRound, how: str, resolution: str, conclusion: str, minutes: str = "",
            participants: Iterable[str] = (), minutes_file: Evidence | None = None) -> RoundResponse:
    """The agency head's decision, or the 集体讨论's (its record, who took part, the minutes file), of an
    objection to the round's opinion."""
    if how not in ResolvedHow.values:
        raise RuleViolation(f"未知的决定方式：{how}", field="how", rule=RESPONSE_RULE)
    if resolution not in Resolution.values:
        raise RuleViolation(f"未知的决定结果：{resolution}", field="resolution", rule=RESPONSE_RULE)
    conclusion = clean_text("conclusion", "决定意见", conclusion, max_length=5000)
    people = [p.strip()[:50] for p in participants if p.strip()]
    collective = how == ResolvedHow.COLLECTIVE
    minutes = clean_text("minutes", "集体讨论记录", minutes, max_length=10000, required=collective)
    if collective and len(people) < 2:
        raise RuleViolation("集体讨论须列明参加人员（至少两人）", field="participants", rule=RESPONSE_RULE)
    with transaction.atomic():
        case, r = _locked_round(round)
        require(actor, "case.approve", case.agency)
        response = RoundResponse.objects.select_for_update().filter(round=r).first()
        if response is None or response.kind != Response.OBJECT:
            raise RuleViolation(f"承办机构未对第{r.seq}轮法制审核意见提出异议", field="resolution",
                                rule=RESPONSE_RULE)
        if not response.pending:
            raise RuleViolation(f"对第{r.seq}轮法制审核意见的异议已作出决定", field="resolution",
                                rule=RESPONSE_RULE)
        if minutes_file is not None and not case.evidence_links.filter(evidence=minutes_file).exists():
            raise RuleViolation("会议纪要文件须为本案案卷中的材料", field="minutes_file", rule=RESPONSE_RULE)
        response.resolved_how, response.resolution, response.conclusion = how, resolution, conclusion
        response.minutes, response.participants = minutes if collective else "", people if collective else []
        response.minutes_file = minutes_file if collective else None
        response.resolved_by, response.resolved_at = actor, timezone.now()
        response.save()
        file_sm3 = [minutes_file.blob.sm3] if collective and minutes_file is not None else []
        _entry(actor, case, "review.objection_decided", r, how=how, resolution=resolution, conclusion=conclusion,
               participants=response.participants, digests=file_sm3)
    return response

