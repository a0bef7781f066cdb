"""The checks behind the guards of the process definitions (``catalog.processes``): one function a guard,
registered under the guard's code, saying in the words a user reads what is still missing.

A guard with no check is a test failure, never a silent pass (tests/cases/test_case_engine.py). The legal
review's guards are checked by ``zhifa.review.guards``, which sits above cases and registers into ``CHECKS``
and ``DRAFT_CHECKS`` here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from zhifa.agencies.models import ActionKind
from zhifa.agencies.rules import Act, check_enforcement_team
from zhifa.cases import levy_rules, rules
from zhifa.cases.drafts import Drafted
from zhifa.cases.models import Case, CaseSettings, HearingOutcome, OpinionRole, OpinionStep
from zhifa.catalog import processes as p
from zhifa.catalog.evaluate import ProposedDecision, av_required, review_required
from zhifa.catalog.models import Measure
from zhifa.core.errors import RuleViolation
from zhifa.documents.access import documents_about


@dataclass(frozen=True)
class Result:
    ok: bool
    missing: str = ""

    @classmethod
    def passed(cls) -> Result:
        return cls(True)

    @classmethod
    def lacking(cls, what: str) -> Result:
        return cls(False, what)


Check = Callable[[Case, dt.date], Result]
CHECKS: dict[str, Check] = {}


def check(guard: p.Guard) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        if guard.code in CHECKS:
            raise ValueError(f"guard {guard.code} checked twice")
        CHECKS[guard.code] = fn
        return fn

    return register


def evaluate(guard: p.Guard, case: Case, on: dt.date) -> Result:
    return CHECKS[guard.code](case, on)


# ---------------------------------------------------------------- 立案 and the team


def act_of(case: Case, on: dt.date) -> Act:
    """The act the case's officers must be qualified for on ``on`` (its item's kind and domain, its place)."""
    assert case.domain is not None  # register_case refuses an item without a domain
    return Act(kind=ActionKind(case.action_kind), domain=case.domain, place=case.place, on=on)


@check(p.CASE_APPROVED)  # 行政处罚法 第54条
def case_approved(case: Case, on: dt.date) -> Result:
    approved = any(o.step == OpinionStep.OPEN and o.role == OpinionRole.HEAD and o.agrees
                   for o in case.opinions.all())
    return Result.passed() if approved and case.opened_on else Result.lacking("立案尚未经行政机关负责人批准")


@check(p.TWO_OFFICERS)  # 行政处罚法 第42条；持证上岗
def two_valid_officers(case: Case, on: dt.date) -> Result:
    officers = [a.officer for a in case.assignments.all()]
    try:
        check_enforcement_team(officers, act_of(case, on))
    except RuleViolation as e:
        return Result.lacking(str(e.message) + ("：" + "；".join(e.details) if e.details else ""))
    return Result.passed()


# ---------------------------------------------------------------- the record


def av_missing(case: Case, on: dt.date) -> list[str]:
    """The 音像记录环节 of the current stage that the 音像记录事项清单 wants recorded and that have neither
    linked audio-video nor a written reason (REC-04, REC-05)."""
    stage = case.definition.stage(case.stage)
    recorded = {link.av_stage for link in case.evidence_links.all() if link.stage == case.stage
                and link.evidence.is_av}
    explained = {n.av_stage for n in case.av_notes.all() if n.stage == case.stage}
    missing = []
    for av_stage in stage.av_stages:
        required, _reasons = av_required(case.agency, case.item_code, av_stage, on)
        if required and av_stage not in recorded | explained:
            missing.append(av_stage)
    return missing


@check(p.AV_OR_REASON)  # 执法全过程记录：音像记录事项清单
def av_recorded_or_reason(case: Case, on: dt.date) -> Result:
    from zhifa.catalog.models import AVStage

    missing = av_missing(case, on)
    if not missing:
        return Result.passed()
    return Result.lacking("缺少音像记录，或书面说明不宜音像记录的原因：" + "、".join(AVStage(s).label for s in missing))


@check(p.EVIDENCE_LISTED)  # 行政处罚法 第47条
def evidence_listed(case: Case, on: dt.date) -> Result:
    links = list(case.evidence_links.all())
    if not links:
        return Result.lacking("尚未登记任何证据")
    undescribed = [str(link.evidence) for link in links if link.evidence.described_at is None]
    if undescribed:
        return Result.lacking("证据尚未著录：" + "、".join(undescribed))
    # 先行登记保存 is decided before the investigation ends (行政处罚法 第56条)
    undecided = [p.notice.number for p in case.preservations.filter(state="preserved").select_related("notice")
                 if p.notice is not None]
    if undecided:
        return Result.lacking("先行登记保存的证据尚未作出处理决定：" + "、".join(undecided))
    return Result.passed()


# ---------------------------------------------------------------- what later parts of the case record

# ---------------------------------------------------------------- 事先告知, statement, hearing


def latest_notice(case: Case):  # -> tuple[Notice | None, Service | None]
    """The latest 事先告知书 and its service, if any: the one a decision is measured against."""
    notices = sorted(case.notices.all(), key=lambda n: (n.issued_at, n.pk))
    if not notices:
        return None, None
    notice = notices[-1]
    service = next((s for s in case.services.all() if s.document_id == notice.document_id), None)
    return notice, service


@check(p.NOTICE_SERVED)  # 行政处罚法 第44条
def notice_served(case: Case, on: dt.date) -> Result:
    notice, service = latest_notice(case)
    if notice is None:
        return Result.lacking("尚未制作行政处罚事先告知书")
    return Result.passed() if service else Result.lacking(f"《行政处罚事先告知书》（{notice.document.number}）尚未送达")


@check(p.STATEMENT_HEARD)  # 行政处罚法 第45条
def statement_heard(case: Case, on: dt.date) -> Result:
    notice, service = latest_notice(case)
    if notice is None or service is None:
        return Result.lacking("事先告知书尚未送达")
    if any(st.notice_id == notice.pk and (st.waived or st.review) for st in case.statements.all()):
        return Result.passed()
    due = rules.statement_due(service.served_on, CaseSettings.of(case.agency).statement_period)
    if on > due.last_day:
        return Result.passed()  # the period ran out without a statement: given up (第45条)
    return Result.lacking(f"陈述申辩期限至{due.last_day:%Y-%m-%d}届满，当事人尚未提出或放弃")


@check(p.HEARING_SETTLED)  # 行政处罚法 第63、64条
def hearing_settled(case: Case, on: dt.date) -> Result:
    notice, service = latest_notice(case)
    if notice is None or service is None:
        return Result.lacking("事先告知书尚未送达")
    if not notice.hearing_grounds:
        return Result.passed()
    if any(st.notice_id == notice.pk and st.hearing_requested for st in case.statements.all()):
        return Result.lacking("当事人已要求听证，应当组织听证")
    due = rules.hearing_request_due(service.served_on)
    if on > due.last_day:
        return Result.passed()
    return Result.lacking(f"听证申请期限至{due.last_day:%Y-%m-%d}届满")


def hearing_request(case: Case):  # -> Statement | None
    """The party's request for a hearing after the latest 事先告知书, if they made one (第64条第一项)."""
    notice, _service = latest_notice(case)
    if notice is None:
        return None
    return next((st for st in case.statements.all() if st.notice_id == notice.pk and st.hearing_requested), None)


def live_hearing(case: Case):  # -> Hearing | None
    """The hearing scheduled on that request and not moved to another time since."""
    request = hearing_request(case)
    if request is None:
        return None
    return next((h for h in case.hearings.all() if h.statement_id == request.pk and h.superseded_at is None), None)


@check(p.HEARING_REQUESTED)  # 行政处罚法 第64条
def hearing_requested(case: Case, on: dt.date) -> Result:
    if hearing_request(case) is not None:
        return Result.passed()
    return Result.lacking("当事人未在告知书送达后5个工作日内要求听证")


@check(p.HEARING_RECORD)  # 行政处罚法 第64条第六项、第八项
def hearing_recorded(case: Case, on: dt.date) -> Result:
    """Held (or walked out of) with its 听证笔录; or ended unheld, the party absent without reason or the
    request withdrawn."""
    hearing = live_hearing(case)
    if hearing is None:
        return Result.lacking("尚未安排听证、制作听证通知书")
    if hearing.outcome in (HearingOutcome.ABSENT, HearingOutcome.WITHDRAWN):
        return Result.passed()
    if hearing.outcome and hearing.record is not None and hearing.record.voided_at is None:
        return Result.passed()
    local = timezone.localtime(hearing.starts_at)
    return Result.lacking(f"听证定于{local:%Y-%m-%d %H:%M}举行，听证笔录尚未制作")


# ---------------------------------------------------------------- the decision


def latest_proposal(case: Case):  # -> Proposal | None
    proposals = sorted(case.proposals.all(), key=lambda x: (x.proposed_at, x.pk))
    return proposals[-1] if proposals else None


@check(p.DISCRETION_CHECKED)  # 行政处罚裁量基准
def within_discretion(case: Case, on: dt.date) -> Result:
    proposal = latest_proposal(case)
    if proposal is None:
        return Result.lacking("尚未拟定处罚内容")
    if proposal.within_discretion or proposal.outside_reason:
        return Result.passed()
    return Result.lacking("拟罚款不在裁量幅度内，且未写明理由")


def hold(guard: p.Guard, case: Case, on: dt.date, field: str) -> None:
    """Refuse, naming the guard's rule, unless ``guard`` holds (a decision that issues before its move)."""
    result = evaluate(guard, case, on)
    if not result.ok:
        raise RuleViolation(result.missing, rule=guard.rule, field=field)


# What the decision of a process other than the 行政处罚 looks like to the review catalogue (REV-02), by process
# code, given the decision's fields about to be issued or drafted (empty: as the case records it); each kind's
# guards module registers its own.
PROPOSED: dict[str, Callable[[Case, Mapping[str, Any]], ProposedDecision]] = {}


def proposed_of(case: Case, **facts: Any) -> ProposedDecision:
    """The case's kind, domain and item with the ``facts`` of its decision."""
    return ProposedDecision(action_kind=case.action_kind, domain=case.domain.code if case.domain else None,
                            item_code=case.item_code, **facts)


def review_answer(case: Case, on: dt.date, decision: Mapping[str, Any] | None = None):  # -> ReviewAnswer | None
    """Whether the review catalogue in force wants the latest proposal (or, before one, the penalty notified)
    reviewed (行政处罚法 第58条, REV-02); None while there is neither. The legal review's checks read it. The
    other kinds' decisions are read as their process registered in ``PROPOSED``, with ``decision``'s fields
    where a decision is being drafted or issued."""
    if case.process in PROPOSED:
        return review_required(case.agency, PROPOSED[case.process](case, decision or {}), on)
    proposal = latest_proposal(case)
    source = proposal or latest_notice(case)[0]
    if source is None:
        return None
    hearing = live_hearing(case)
    return review_required(case.agency, ProposedDecision(
        action_kind=case.action_kind, domain=case.domain.code if case.domain else None, item_code=case.item_code,
        fine=Decimal(source.fine), confiscated=Decimal(source.confiscated),
        measures=frozenset(k for k in source.kinds if k in Measure.values),  # the kinds the catalogue can name
        after_hearing=hearing is not None and hearing.outcome == HearingOutcome.HELD,
        # 情节复杂 (第57条第二款, the proposal's flag) is the catalogue's 案件情况疑难复杂、涉及多个法律关系
        # (第58条第三项, 审核制度 第三条第四项): such a case goes to 集体讨论, its review first (PUNISHMENT_GENERAL)
        several_legal_relations=proposal is not None and proposal.complex), on)


@check(p.COLLECTIVE_IF_COMPLEX)  # 行政处罚法 第57条第二款
def collective_if_complex(case: Case, on: dt.date) -> Result:
    proposal = latest_proposal(case)
    if proposal is None:
        return Result.lacking("尚未拟定处罚内容")
    if not proposal.complex:
        return Result.passed()
    if any(d.document.voided_at is None for d in case.collective_discussions.select_related("document")):
        return Result.passed()
    return Result.lacking("情节复杂或者重大违法，应当由行政机关负责人集体讨论决定（尚无集体讨论记录）")


@check(p.SERVED)  # 行政处罚法 第61条
def decision_served(case: Case, on: dt.date) -> Result:
    decisions = list(documents_about(case).filter(template="penalty_decision", voided_at__isnull=True))
    if not decisions:
        return Result.lacking("尚未作出行政处罚决定书")
    served = {s.document_id for s in case.services.all()}
    return Result.passed() if decisions[-1].pk in served else Result.lacking(
        f"《行政处罚决定书》（{decisions[-1].number}）尚未送达")


@check(p.NOT_PUNISHED)  # 行政处罚法 第57条
def no_penalty_or_transfer(case: Case, on: dt.date) -> Result:
    if documents_about(case).filter(template__in=("no_penalty_decision", "case_transfer"),
                                    voided_at__isnull=True).exists():
        return Result.passed()
    return Result.lacking("须由行政机关负责人作出不予行政处罚决定（不予行政处罚决定书），"
                          "或批准移送有关机关（案件移送书）")


# ---------------------------------------------------------------- closing and the file


@check(p.CLOSE_APPROVED)  # 执法全过程记录：结案审批
def close_approved(case: Case, on: dt.date) -> Result:
    approved = any(o.step == OpinionStep.CLOSE and o.role == OpinionRole.HEAD and o.agrees for o in case.opinions.all())
    return Result.passed() if approved else Result.lacking("结案尚未经行政机关负责人批准（结案审批）")


# The documents served on the party, whose service the case records.
SERVED_TEMPLATES = ("prior_notice", "penalty_decision", "hearing_notice", "no_penalty_decision", "rectification_order",
                    "urge_notice", "seizure_extension", "testing_notice", "seizure_release", *levy_rules.TEMPLATES,
                    "acceptance_notice", "non_acceptance_notice", "correction_notice",
                    "licence_extension_notice", "licence_grant", "licence_refusal", "licence_certificate",
                    "coercion_decision", "substitute_decision", "suspension_decision", "termination_decision",
                    "freeze_decision", "freeze_notice", "freeze_release",
                    "licence_hearing_right", "licence_hearing_notice", "licence_end_notice", "licence_withdrawal",
                    "licence_revocation")


@check(p.RECORDS_COMPLETE)  # 执法全过程记录办法 第二十五条：归档
def records_complete(case: Case, on: dt.date) -> Result:
    missing = [f"证据“{link.evidence}”尚未著录" for link in case.evidence_links.all()
               if link.evidence.described_at is None]
    served = {s.document_id for s in case.services.all()}
    missing += [f"《{d.title}》（{d.number}）尚无送达记录" for d in documents_about(case)
                if d.template in SERVED_TEMPLATES and d.voided_at is None and d.pk not in served]
    transfer = getattr(case, "transfer", None)
    if transfer is not None and transfer.received_on is None:
        missing.append(f"案件移送书（{transfer.document.number}）尚无接收机关的接收记录")
    proposal = latest_proposal(case)
    if proposal is not None and proposal.fine:
        from zhifa.cases.actions.enforcement import fully_paid, granted_by_court  # execution's reading of it

        if not case.payments.exists() and not granted_by_court(case):
            missing.append("罚款尚无缴纳记录")
        elif not fully_paid(case) and not granted_by_court(case):
            missing.append("分期缴纳的罚款尚未缴清")
    return Result.passed() if not missing else Result.lacking("案卷材料尚不齐全：" + "；".join(missing))


# Checks of the very document a decide function is about to issue (the legal review's: the reviewed draft, byte
# for byte, 第58条, REV-01), each refusing with a RuleViolation; registered by the part of the system that binds
# the text. They read the draft's text and the decision's fields (the 强制执行's way decides whether it is major).
DraftCheck = Callable[[Case, Drafted, dt.date], None]
DRAFT_CHECKS: list[DraftCheck] = []
# Where such a part has fixed the fields of the decision (the draft a passed review bound), the decision form
# starts from them, so the head issues the reviewed text without retyping it; each answers None when it has none.
DRAFT_TEXTS: list[Callable[[Case], dict[str, Any] | None]] = []


def check_drafted(case: Case, drafted: Drafted, on: dt.date) -> None:
    """Every check of the document about to be issued; called before its number is taken."""
    for check_draft in DRAFT_CHECKS:
        check_draft(case, drafted, on)


def fixed_draft_texts(case: Case) -> dict[str, Any]:
    """The decision's texts as a part of the system fixed them for ``case`` (empty when none has)."""
    return next((texts for find in DRAFT_TEXTS if (texts := find(case)) is not None), {})


# ---------------------------------------------------------------- 简易程序


def simple_record(case: Case):  # -> SimpleRecord | None
    """What a 简易程序 case recorded on the spot; None for a case started otherwise."""
    from zhifa.cases.models import SimpleRecord

    try:
        return case.simple
    except SimpleRecord.DoesNotExist:
        return None


@check(p.CREDENTIAL_SHOWN)  # 行政处罚法 第52条（第55条：出示执法证件）
def credential_shown(case: Case, on: dt.date) -> Result:
    simple = simple_record(case)
    if simple is None or simple.credential_shown_at is None:
        return Result.lacking("尚未记录向当事人出示执法证件")
    return Result.passed()


@check(p.RIGHTS_TOLD)  # 行政处罚法 第44条、第45条
def rights_told(case: Case, on: dt.date) -> Result:
    simple = simple_record(case)
    if simple is None or simple.rights_told_at is None:
        return Result.lacking("尚未记录告知当事人违法事实、处罚理由和依据及陈述、申辩权利")
    if not simple.statement and not simple.statement_waived:
        return Result.lacking("尚未记录当事人的陈述、申辩（或其放弃）")
    return Result.passed()


@check(p.SIMPLE_ELIGIBLE)  # 行政处罚法 第51条
def simple_procedure_eligible(case: Case, on: dt.date) -> Result:
    from zhifa.cases.actions.notice import party_kind

    simple = simple_record(case)
    if simple is None or not simple.kinds:
        return Result.lacking("尚未填写拟当场作出的处罚")
    try:
        rules.check_simple_procedure(rules.Penalty(frozenset(simple.kinds), Decimal(simple.fine)),  # type: ignore[arg-type]
                                     party_kind(case))
    except RuleViolation as e:
        return Result.lacking(e.message)
    return Result.passed()


@check(p.DECISION_HANDED_OVER)  # 行政处罚法 第52条
def decision_handed_over(case: Case, on: dt.date) -> Result:
    simple = simple_record(case)
    if simple is None or simple.decision is None or simple.decision.voided_at is not None:
        return Result.lacking("尚未制作当场行政处罚决定书")
    if simple.handed_over_at is None:
        return Result.lacking(f"当场行政处罚决定书（{simple.decision.number}）尚未交付当事人")
    if not simple.party_signed and not (simple.refusal_note and simple.witness):
        return Result.lacking("当事人未签收，且未注明拒绝签收情况及见证人")
    return Result.passed()


@check(p.FINE_SETTLED)  # 行政处罚法 第67条：罚款缴纳
def fine_settled(case: Case, on: dt.date) -> Result:
    simple = simple_record(case)
    if simple is not None and simple.fine and not case.payments.exists():
        return Result.lacking(f"罚款{simple.fine}元尚未缴纳，也未当场收缴")
    return Result.passed()


@check(p.FILED_WITH_AGENCY)  # 行政处罚法 第52条：报所属行政机关备案
def filed_with_agency(case: Case, on: dt.date) -> Result:
    simple = simple_record(case)
    if simple is None or simple.filed_at is None:
        return Result.lacking("当场处罚决定尚未报所属行政机关备案")
    return Result.passed()


# each kind's checks, registered by importing its module (they use ``check`` above)
from zhifa.cases import coercion_guards, inspection_guards, levy_guards, measure_guards, permit_guards  # noqa: E402, F401
