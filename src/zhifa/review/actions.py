"""Write functions of the legal review (重大执法决定法制审核, 行政处罚法 第58条, REV-03…REV-11): each one
transaction that checks permission, locks the case, refuses an archived case, and appends its ledger entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from zhifa.agencies.models import Agency, QualificationKind, Reviewer, name_of
from zhifa.agencies.permissions import require
from zhifa.cases import drafts
from zhifa.cases import guards as case_guards
from zhifa.cases.actions.base import clean_text, ensure_writable, lock, record
from zhifa.cases.measure_guards import awaiting_approval
from zhifa.cases.models import Case, CaseSettings, CaseState
from zhifa.catalog.processes import LEGAL_REVIEW
from zhifa.core.errors import RuleViolation
from zhifa.documents import actions as documents
from zhifa.ledger.digest import sm3
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import PeriodUnit
from zhifa.review import rules, stats
from zhifa.review.guards import ROUND_CHECKS, criteria_of, latest_round
from zhifa.review.models import Finding, Outcome, ReviewRound, RoundResponse

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# 附件1 法制审核申请表: the fields the handling unit fills (the case's name, number and unit are the system's).
APPLICATION_FIELDS = (("contact", "联系人"), ("phone", "联系电话"), ("summary", "案件基本情况"),
                      ("proposed", "拟处理意见及依据"), ("unit_head", "承办机构负责人"))
# The stages of LEGAL_REVIEW a round ends in.
CLOSED_STAGES = ("decide", "rework", "transfer")
# Where an outcome takes the round (LEGAL_REVIEW's transitions out of 出具审核意见).
OUTCOME_TARGET = {Outcome.AGREE: "decide", Outcome.TRANSFER: "transfer"}
SUBMIT_STAGES = ("legal_review", "decide", "end_decide", "levy_decision")  # the other kinds' 决定 too
# The rounds after which the unit may submit again while the decision is still to be made: one sent back for
# rework, and one passed whose draft is no longer the decision to be made (a new proposal, a 强制执行 time gone
# by) — the decision issued is the draft reviewed, or it goes back for review (REV-01, REV-09).
RESUBMIT_AFTER = ("rework", "decide")


def at_decision(case: Case) -> bool:
    """Whether the case's decision is still to be made, so a review may be submitted for it: at its stage of
    decision, or a 行政强制措施 waiting for the head's approval (or, taken on the spot, its 补办批准)."""
    return case.state == CaseState.ACTIVE and (case.stage in SUBMIT_STAGES or awaiting_approval(case))


def _advance(r: ReviewRound, target: str) -> None:
    """One transition of LEGAL_REVIEW: every guard its definition names must hold."""
    transition = LEGAL_REVIEW.transition(r.stage, target)
    if transition is None:
        raise RuleViolation(f"法制审核在“{r.stage_label}”环节，不能转入“{LEGAL_REVIEW.stage(target).label}”",
                            rule="REV-01", field="stage")
    for guard in transition.guards:
        result = ROUND_CHECKS[guard.code](r, timezone.localdate())
        if not result.ok:
            raise RuleViolation(result.missing, rule=guard.rule, field="stage")
    r.stage = target


def _locked_round(r: ReviewRound) -> tuple[Case, ReviewRound]:
    case = lock(r.case)
    ensure_writable(case)
    rounds = ReviewRound.objects.select_for_update(of=("self",)).select_related("reviewer__person", "reviewer__unit")
    return case, rounds.get(pk=r.pk)


def _entry(actor: User, case: Case, kind: str, r: ReviewRound, **payload: Any) -> None:
    record(actor, case, kind, round=r.pk, seq=r.seq, review_stage=r.stage, **payload)


def _ensure_stage(r: ReviewRound, *stages: str) -> None:
    if r.stage not in stages:
        if r.stage in CLOSED_STAGES:
            raise RuleViolation(f"第{r.seq}轮法制审核已出具意见，已经结束", rule="REV-08", field="stage")
        raise RuleViolation(f"第{r.seq}轮法制审核在“{r.stage_label}”环节，不能办理此项", rule="REV-01", field="stage")


def _is_reviewer(actor: User, r: ReviewRound) -> None:
    require(actor, "review.conduct", r.case.agency)
    if r.reviewer is None or r.reviewer.person.user_id != actor.pk:
        raise RuleViolation("只有指派的法制审核人员可以办理本轮审核", rule=rules.REGISTER_RULE, field="reviewer")


# ---------------------------------------------------------------- submission (REV-03)


def submit(*, actor: User, case: Case, application: Mapping[str, str], explanation: str,
           draft: Mapping[str, Any], bases: Iterable[str], evidence: Iterable[int] | None = None) -> ReviewRound:
    """The handling unit sends the draft decision for review: 附件1's 申请表, the 情况说明, the draft — the
    decision's own fields (as its decision form takes them), the document its kind would issue drawn from them
    (``cases.drafts``) and its body bound by its SM3 — the bases and the evidence; a round after one that ended
    (rework, or passed with a draft no longer the decision's) is linked to it (REV-09), and a passed draft sent
    again unchanged is refused."""
    app = {label: clean_text(field, label, application.get(field), max_length=2000) for field, label in
           APPLICATION_FIELDS}
    explanation = clean_text("explanation", "情况说明", explanation, max_length=5000)
    bases = [b.strip() for b in bases if b.strip()]
    if not bases:
        raise RuleViolation("法律依据不能为空", field="bases", rule="REV-03")
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        if not at_decision(case):
            raise RuleViolation(f"案件在“{case.stage_label}”环节，法制审核在作出决定前报送", rule="REV-01",
                                field="stage")
        previous = latest_round(case)
        if previous is not None and previous.stage not in RESUBMIT_AFTER:
            raise RuleViolation(f"第{previous.seq}轮法制审核在“{previous.stage_label}”环节，不能再次报送",
                                rule="REV-09", field="stage")
        if previous is not None:
            ensure_answered(previous)
        draft_fields, text, given = _draft_of(case, draft)
        if previous is not None and previous.passed and sm3(text.encode()) == previous.draft_sm3:
            raise RuleViolation(f"拟作出的决定文本与第{previous.seq}轮法制审核通过的文本相同，按该文本作出决定即可，"
                                "无须重新报送", rule="REV-09", field=drafts.kind_of(case).fields[0])
        links = case.evidence_links.select_related("evidence__blob")
        chosen = [link.evidence for link in links if evidence is None or link.evidence_id in set(evidence)]
        answer = case_guards.review_answer(case, timezone.localdate(), given)
        now = timezone.now()
        r = ReviewRound.objects.create(
            case=case, seq=(previous.seq + 1) if previous else 1, previous=previous, stage="submit",
            application={"案件名称": case.title, "案件号": case.number or case.definition.unnumbered,
                         "承办机构": case.unit.name, "报送日期": f"{timezone.localdate():%Y-%m-%d}",
                         "承办人": name_of(actor), **app},
            explanation=explanation, draft_fields=draft_fields, draft_text=text, draft_sm3=sm3(text.encode()),
            bases=bases, evidence=[{"pk": e.pk, "title": str(e), "sm3": e.blob.sm3} for e in chosen],
            criteria=criteria_of(case, answer), submitted_by=actor, submitted_at=now)
        _advance(r, "check")
        r.save()
        documents.store_bytes(text.encode(), now)  # the draft kept as the ledger's entries cite it, by its SM3
        due = rules.review_due(timezone.localdate(now))
        obligations.ensure_obligation(
            agency=case.agency, subject=r, rule=rules.REVIEW_RULE, title=f"{case.title}的法制审核应于"
            f"{due.last_day:%Y-%m-%d}前出具意见", due_at=due.due_at,
            warn_from=due.due_at - dt.timedelta(days=rules.WARN_DAYS), unit=PeriodUnit(due.unit),
            provisional=due.provisional, basis="自收到齐全的送审材料之日起7个工作日内审核完毕")
        _entry(actor, case, "review.submitted", r, by_name=name_of(actor), draft_sm3=r.draft_sm3,
               criteria=r.criteria, evidence=[e["sm3"] for e in r.evidence], previous=previous.pk if previous else None,
               digests=[r.draft_sm3])
    return r


def _draft_of(case: Case, draft: Mapping[str, Any]) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """The draft's fields as the form posts them, the text bound by its SM3, and the fields as cleaned."""
    drafted = drafts.draft(case, draft, timezone.localdate())  # refuses a kind whose decision is not reviewed
    return drafts.form_values(drafted.given), drafted.text, drafted.given


def ensure_answered(previous: ReviewRound) -> None:
    """A round after ``previous`` may be submitted once no objection to its opinion waits for a decision."""
    response = RoundResponse.objects.filter(round=previous).first()
    if response is not None and response.pending:
        raise RuleViolation(f"承办机构对第{previous.seq}轮法制审核意见的异议尚待机关负责人或集体讨论决定，"
                            "决定后方可重新报送", field="stage", rule="REV-09")


def resubmit(*, actor: User, round: ReviewRound, supplement: str, explanation: str = "") -> ReviewRound:
    """The missing materials supplied: back to the reviewer, the clock running again (REV-05)."""
    supplement = clean_text("supplement", "补充材料说明", supplement, max_length=5000)
    with transaction.atomic():
        case, r = _locked_round(round)
        require(actor, "case.handle", case.unit)
        _ensure_stage(r, "supplement")
        r.explanation = (r.explanation + "\n补充：" + supplement) if not explanation.strip() else explanation.strip()
        r.missing = []
        _advance(r, "check")
        r.save()
        obligations.resume_on(actor=actor, subject=r, rule=rules.REVIEW_RULE)
        _entry(actor, case, "review.resubmitted", r, supplement=supplement)
    return r


# ---------------------------------------------------------------- reviewers (REV-11)


def open_load(reviewers: Iterable[Reviewer]) -> dict[int, int]:
    """How many rounds each reviewer has open: the workload shown when assigning."""
    from django.db.models import Count

    rows = (ReviewRound.objects.filter(reviewer__in=list(reviewers)).exclude(stage__in=CLOSED_STAGES)
            .values("reviewer").annotate(n=Count("pk")))
    return {row["reviewer"]: row["n"] for row in rows}


def registered_for(agency: Agency):  # -> QuerySet[Reviewer]
    return Reviewer.objects.filter(active=True, unit__in=Agency.objects.within([agency])).select_related("person")


def check_reviewer(reviewer: Reviewer, case: Case) -> None:
    """From the agency's register; a first-time reviewer with 法律职业资格; nobody who took part (回避)."""
    if not reviewer.active or not registered_for(case.agency).filter(pk=reviewer.pk).exists():
        raise RuleViolation(f"{reviewer.person.name}不在本机关的法制审核人员名册中", rule=rules.REGISTER_RULE,
                            field="reviewer")
    first_time = not ReviewRound.objects.filter(reviewer=reviewer, opinion__isnull=False).exists()
    if first_time and reviewer.qualification_kind != QualificationKind.LEGAL_PROFESSION:
        raise RuleViolation(f"{reviewer.person.name}初次从事法制审核，应当取得法律职业资格",
                            rule=rules.REVIEWER_RULE, field="reviewer")
    investigators = {a.officer.person_id for a in case.assignments.select_related("officer")}
    deciders = {o.by.person.pk for o in case.opinions.select_related("by__person") if hasattr(o.by, "person")}
    if reviewer.person_id in investigators | deciders:
        raise RuleViolation(f"{reviewer.person.name}参与了本案的调查或决定，应当回避，不得审核本案",
                            rule=rules.REVIEWER_RULE, field="reviewer")


def assign(*, actor: User, round: ReviewRound, reviewer: Reviewer) -> ReviewRound:
    with transaction.atomic():
        case, r = _locked_round(round)
        require(actor, "review.conduct", case.agency)
        _ensure_stage(r, "check", "supplement", "review")
        check_reviewer(reviewer, case)
        r.reviewer = reviewer
        r.save(update_fields=["reviewer"])
        obligations.ensure_obligation(**_obligation_of(r, case))
        _entry(actor, case, "review.assigned", r, reviewer=reviewer.pk, name=reviewer.person.name)
    return r


def _obligation_of(r: ReviewRound, case: Case) -> dict[str, Any]:
    """The live obligation's fields with the reviewer as assignee (its due time kept)."""
    from zhifa.obligations.models import Obligation

    ob = Obligation.objects.filter(subject_id=r.pk, rule=rules.REVIEW_RULE).order_by("-pk").first()
    assert ob is not None  # opened at submission
    return {"agency": case.agency, "subject": r, "rule": rules.REVIEW_RULE, "title": ob.title, "due_at": ob.due_at,
            "warn_from": ob.warn_from, "unit": PeriodUnit(ob.unit), "basis": ob.basis,
            "assignee": r.reviewer.person.user if r.reviewer else None, "provisional": ob.provisional}


# ---------------------------------------------------------------- completeness (REV-05)


def return_incomplete(*, actor: User, round: ReviewRound, missing: Iterable[str]) -> ReviewRound:
    """Back to the handling unit, listing what is missing; the review's clock stops while it is away."""
    missing = [m.strip()[:300] for m in missing if m.strip()]
    if not missing:
        raise RuleViolation("退回补充须列明缺少的材料", field="missing", rule="REV-05")
    with transaction.atomic():
        case, r = _locked_round(round)
        _is_reviewer(actor, r)
        _ensure_stage(r, "check")
        r.missing, r.returned_at = missing, timezone.now()
        _advance(r, "supplement")
        r.save()
        obligations.pause_on(actor=actor, subject=r, rule=rules.REVIEW_RULE)
        _entry(actor, case, "review.returned", r, missing=missing)
    return r


def accept(*, actor: User, round: ReviewRound) -> ReviewRound:
    """The materials complete: the review proper begins."""
    with transaction.atomic():
        case, r = _locked_round(round)
        _is_reviewer(actor, r)
        _ensure_stage(r, "check")
        _advance(r, "review")
        r.complete_at = timezone.now()
        r.save()
        _entry(actor, case, "review.accepted", r)
    return r


def extend(*, actor: User, round: ReviewRound, reason: str) -> ReviewRound:
    """+3 working days, approved by the leader in charge, once (审核制度 第八条)."""
    reason = clean_text("reason", "延长理由", reason, max_length=500)
    with transaction.atomic():
        case, r = _locked_round(round)
        require(actor, "case.approve", case.agency)
        _ensure_stage(r, "check", "review")
        if r.extended_by_id is not None:
            raise RuleViolation("法制审核期限只能延长一次（3个工作日）", rule=rules.REVIEW_RULE, field="reason")
        fields = _obligation_of(r, case)
        due = rules.extended_due(rules.Deadline(rules.REVIEW_RULE, timezone.localtime(fields["due_at"]).date(),
                                                "workday"))
        fields.update(due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=rules.WARN_DAYS),
                      title=f"{case.title}的法制审核（经批准延长）应于{due.last_day:%Y-%m-%d}前出具意见")
        obligations.ensure_obligation(**fields)
        r.extended_by, r.extension_reason = actor, reason
        r.save(update_fields=["extended_by", "extension_reason"])
        _entry(actor, case, "review.extended", r, reason=reason, last_day=due.last_day)
    return r


# ---------------------------------------------------------------- the opinion (REV-04, REV-06, REV-08)


def give_opinion(*, actor: User, round: ReviewRound, outcome: str, reasons: str,
                 findings: Mapping[str, Mapping[str, str]]) -> ReviewRound:
    """The checklist answered, the numbered 法制审核意见书 issued, the round on to where its outcome leads."""
    if outcome not in Outcome.values:
        raise RuleViolation(f"未知的审核意见：{outcome}", field="outcome", rule="REV-08")
    reasons = clean_text("reasons", "理由及依据", reasons, max_length=5000)
    answered: dict[str, dict[str, str]] = {}
    for point, label in rules.POINTS:
        given = findings.get(point) or {}
        finding = given.get("finding", "")
        if finding not in Finding.values:
            raise RuleViolation(f"审核要点“{label}”尚未作出结论", field=f"finding_{point}", rule="REV-04")
        answered[point] = {"finding": finding, "note": (given.get("note") or "").strip()[:1000]}
    with transaction.atomic():
        case, r = _locked_round(round)
        _is_reviewer(actor, r)
        _ensure_stage(r, "review")
        today = timezone.localdate()
        assert r.reviewer is not None
        doc = documents.issue(actor=actor, agency=case.agency, template="review_opinion", subject=case, on=today,
                              values={"agency_short": CaseSettings.of(case.agency).agency_short,
                                      "承办机构": case.unit.name, "案件名称": case.title, "案件号": case.number or "—",
                                      "审核意见": Outcome(outcome).label, "理由及依据": reasons,
                                      "法制审核人员": r.reviewer.person.name, "法制审核机构": r.reviewer.unit.name,
                                      "机关名称": case.agency.name,
                                      "日期": f"{today.year}年{today.month}月{today.day}日"})
        r.outcome, r.reasons, r.findings, r.opinion, r.decided_at = outcome, reasons, answered, doc, timezone.now()
        stats.record_opinion(r, case.agency)  # the days taken, in time, the statistics' tally
        _advance(r, "opinion")
        _advance(r, OUTCOME_TARGET.get(Outcome(outcome), "rework"))
        r.save()
        obligations.meet(subject=r, rule=rules.REVIEW_RULE)
        _entry(actor, case, "review.opinion", r, by_name=name_of(actor), outcome=outcome, document=doc.pk,
               number=doc.number, draft_sm3=r.draft_sm3, digests=[r.draft_sm3, doc.pdf.sm3])
    return r
