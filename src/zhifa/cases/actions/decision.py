"""The proposed penalty and the decision (行政处罚法 第57–62条)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from zhifa.agencies.models import name_of
from zhifa.agencies.permissions import require
from zhifa.cases import drafts, guards, rules
from zhifa.cases.models import (
    Case,
    CaseSettings,
    Opinion,
    OpinionRole,
    OpinionStep,
    Proposal,
)
from zhifa.catalog.discretion import discretion_range
from zhifa.catalog.evaluate import item_in_force
from zhifa.catalog.processes import PUNISHMENT_GENERAL
from zhifa.core.dates import cn_date
from zhifa.core.errors import RuleViolation
from zhifa.documents import actions as documents
from zhifa.documents.models import IssuedDocument
from zhifa.ledger.digest import sm3
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import PeriodUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from zhifa.cases.actions.base import clean_text, decided, ensure_stage, ensure_writable, lead_user, lock, record
from zhifa.cases.actions.engine import advance


def propose_decision(*, actor: User, case: Case, kinds: Iterable[str], fine: Decimal, confiscated: Decimal,
                     facts: dict[str, Any] | None = None, outside_reason: str = "", complex: bool = False) -> Proposal:
    """The penalty proposed for decision: never heavier than the one notified (行政处罚法 第45条), beside the
    discretion range of the catalog's standard, with a reason when outside it or when no range applies."""
    outside_reason = clean_text("outside_reason", "超出裁量幅度的理由", outside_reason, max_length=2000, required=False)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "decide", "拟定处罚决定")
        penalty = rules.Penalty(frozenset(kinds), fine, confiscated)  # type: ignore[arg-type]
        notice, _service = guards.latest_notice(case)
        if notice is None:
            raise RuleViolation("未经事先告知，不得作出行政处罚决定", rule="行政处罚法 第44条", field="kinds")
        rules.check_not_heavier(penalty, rules.Penalty(frozenset(notice.kinds), notice.fine,  # type: ignore[arg-type]
                                                       notice.confiscated))
        item = item_in_force(case.agency, case.item_code, timezone.localdate()) or {}
        found, reasons = discretion_range(item, facts or {})
        within = found.contains(penalty.fine) if found is not None else None
        if within is not True and not outside_reason:
            raise RuleViolation("拟罚款不在裁量基准的幅度内或无法对照，请写明理由：" + "；".join(reasons),
                                field="outside_reason", rule="GEN-08")
        proposal = Proposal.objects.create(
            case=case, kinds=sorted(penalty.kinds), fine=penalty.fine, confiscated=penalty.confiscated,
            facts=facts or {}, discretion="；".join(reasons), within_discretion=within, outside_reason=outside_reason,
            complex=complex, proposed_by=actor, proposed_at=timezone.now())
        record(actor, case, "case.proposed", penalty=penalty.label, within=within, reasons=reasons,
                outside_reason=outside_reason, complex=complex)
    return proposal


# The decision's own words, as the head gives them (and as a legal review reads them in the draft).
DECISION_TEXTS = (("statement_summary", "陈述申辩情况"), ("reason", "处罚理由"), ("performance", "履行方式和期限"),
                  ("review_body", "复议机关"), ("court", "管辖法院"))


def _decision_values(case: Case, penalty: rules.Penalty, given: dict[str, str], today: dt.date) -> dict[str, object]:
    """The 行政处罚决定书's values on the latest served 事先告知书 and ``penalty``."""
    notice, service = guards.latest_notice(case)
    if notice is None or service is None:
        raise RuleViolation("尚未拟定处罚内容", field="reason", rule="行政处罚法 第57条")
    text = {field: clean_text(field, label, given.get(field), max_length=2000) for field, label in DECISION_TEXTS}
    payment = clean_text("payment", "缴款方式", given.get("payment"), max_length=500, required=False)
    parties = [link.party for link in case.party_links.select_related("party")]
    notified = notice.document.values
    return {
        "agency_short": CaseSettings.of(case.agency).agency_short,
        "当事人名称": "、".join(p.name for p in parties), "证件号码": "、".join(p.id_number for p in parties),
        "法定代表人": "、".join(p.rep_name for p in parties if p.rep_name),
        "当事人地址": "、".join(p.address for p in parties if p.address) or "—",
        "立案日期": cn_date(case.opened_on or today), "案由": case.title, "违法事实": notified["违法事实"],
        "证据": notified["证据"], "告知书文号": notice.document.number, "告知日期": cn_date(service.served_on),
        "陈述申辩情况": text["statement_summary"], "违反的规定": notified["违反的规定"], "处罚理由": text["reason"],
        "处罚依据": notified["处罚依据"], "处罚内容": penalty.label, "履行方式和期限": text["performance"],
        "含罚款": penalty.fine > 0, "缴款方式": payment, "复议机关": text["review_body"], "管辖法院": text["court"],
        "机关名称": case.agency.name, "日期": cn_date(today)}


def _penalty_of(case: Case) -> rules.Penalty:
    """The penalty of the decision: the latest proposal's, or before one (a case at 法制审核) the one notified."""
    source = guards.latest_proposal(case) or guards.latest_notice(case)[0]
    if source is None:
        raise RuleViolation("尚未拟定处罚内容", field="reason", rule="行政处罚法 第57条")
    return rules.Penalty(frozenset(source.kinds), source.fine, source.confiscated)  # type: ignore[arg-type]


# the refusal of a draft not reviewed is shown beside the first, the reasons
@drafts.register(PUNISHMENT_GENERAL.code, ("reason", "statement_summary", "performance", "payment", "review_body",
                                           "court"), ("penalty_decision",))
def penalty_draft(case: Case, given: Mapping[str, Any], on: dt.date) -> drafts.Drafted:
    """The 行政处罚决定书 ``decide`` would issue with ``given`` texts (第58条: the draft a review binds)."""
    texts = {field: str(given.get(field) or "").strip() for field in (*(f for f, _ in DECISION_TEXTS), "payment")}
    return drafts.Drafted("penalty_decision", _decision_values(case, _penalty_of(case), texts, on), texts)


def decide(*, actor: User, case: Case, statement_summary: str, reason: str, performance: str, payment: str,
           review_body: str, court: str) -> IssuedDocument:
    """The agency head's decision: the 行政处罚决定书 issued on the proposal, the case on to service — only
    when every guard of the way out holds (legal review where it is required, 第58条) and every check of the
    text itself (the reviewed draft, byte for byte)."""
    given = {"statement_summary": statement_summary, "reason": reason, "performance": performance,
             "payment": payment, "review_body": review_body, "court": court}
    with transaction.atomic():
        locked = lock(case)
        require(actor, "case.approve", locked.agency)
        ensure_writable(locked)
        ensure_stage(locked, "decide", "作出处罚决定")
        if guards.latest_proposal(locked) is None:
            raise RuleViolation("尚未拟定处罚内容", field="reason", rule="行政处罚法 第57条")
        penalty = _penalty_of(locked)
        today = timezone.localdate()
        drafted = penalty_draft(locked, given, today)
        guards.check_drafted(locked, drafted, today)  # before a number is taken
        doc = documents.issue(actor=actor, agency=locked.agency, template=drafted.template, subject=locked, on=today,
                              values=drafted.values)
        Opinion.objects.create(case=locked, step=OpinionStep.DECIDE, role=OpinionRole.HEAD, agrees=True,
                               text=f"决定：{penalty.label}", by=actor, by_name=name_of(actor), at=timezone.now())
        record(actor, locked, "case.decided", by_name=name_of(actor), document=doc.pk, number=doc.number,
               penalty=penalty.label, draft_sm3=sm3(drafted.text.encode()), digests=[doc.pdf.sm3])
        decided(actor, locked, doc)
        obligations.meet(subject=locked, rule="行政处罚法 第60条")
        due = rules.service_due(today)
        obligations.ensure_obligation(
            agency=locked.unit, subject=locked, rule=due.rule, title=f"《行政处罚决定书》{doc.number}应于"
            f"{due.last_day:%Y-%m-%d}前送达", due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=2),
            unit=PeriodUnit(due.unit), assignee=lead_user(locked), provisional=due.provisional,
            basis="当事人不在场的，七日内依照民事诉讼法的有关规定送达")
        advance(actor, locked, "serve")  # the guards decide; refused, all of the above is undone
    return doc

