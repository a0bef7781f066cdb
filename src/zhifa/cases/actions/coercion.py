"""行政强制执行 by the agency itself (行政强制法 第34–60条): a case started from a decision the party did not
carry out — of a 行政处罚 case here, or made outside the system — through the written 催告 (第35条, the same
催告 as the 行政处罚 case's, ``enforcement.issue_urge``), the party's statement and defence reviewed (第36条),
the 强制执行决定 (第37条) and its carrying out within the limits of 第42–44条 and 第50–51条; or the application
to the court (第53–58条, ``enforcement.apply_to_court``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.agencies.models import ActionKind, Agency, Officer, name_of
from zhifa.agencies.permissions import require
from zhifa.agencies.rules import Act, check_enforcement_team
from zhifa.cases import coercion_rules as cr
from zhifa.cases import drafts, guards, rules
from zhifa.cases.models import (
    Case,
    CaseOfficer,
    CaseParty,
    CaseSettings,
    CaseSource,
    CaseState,
    Coercion,
    CoercionDecision,
    CoercionMeasure,
    CoercionStatement,
    CourtApplication,
    DemolitionNotice,
    EnforcementAct,
    EnforcementAgreement,
    EnforcementSuspension,
    EnforcementTermination,
    Service,
    SubstituteNotice,
    SuspensionGround,
    TerminationGround,
)
from zhifa.catalog import processes
from zhifa.core.dates import cn_date
from zhifa.core.errors import RuleViolation
from zhifa.documents import actions as documents
from zhifa.ledger.digest import sm3
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import PeriodUnit
from zhifa.parties.models import Party

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from zhifa.cases.actions.base import (
    clean_text,
    decided,
    ensure_stage,
    ensure_writable,
    item_with_domain,
    lead_user,
    lock,
    qualified_team,
    record,
    started_by,
)
from zhifa.cases.actions.enforcement import (
    COURT_RULE,
    Enforced,
    decision_of,
    fully_paid,
    overdue,
    owed_on,
    pending_remedy,
    reads,
    urge_served,
)
from zhifa.cases.actions.engine import ENTERED, advance

PROCESS = "coercive_enforcement"
START_RULE = "行政强制法 第34条"



def coercion_of(case: Case) -> Coercion:
    found = Coercion.objects.filter(case=case).select_related("source_case").first()
    if found is None:
        raise RuleViolation("本案不是行政强制执行案件", field="case", rule=START_RULE)
    return found


def remedy_sought(coercion: Coercion) -> bool:
    """Whether the party sought reconsideration or a lawsuit against the decision (第44条: the periods must pass
    unused): recorded on the 行政处罚 case it comes from, or stated when a decision from outside was entered."""
    if coercion.source_case is not None:
        return coercion.source_case.remedies.exists()
    return coercion.remedy_sought


@reads(PROCESS)
def coerced(case: Case, day: dt.date, field: str, rule: str) -> Enforced:
    """A 行政强制执行 case enforces the decision it was started from; the agency may enforce it itself, so the
    催告 warns of both ways and opens no court deadline of its own."""
    c = coercion_of(case)
    pending = (pending_remedy(c.source_case) is not None) if c.source_case is not None else c.remedy_sought
    owed = c.obligation + (f"（金钱给付{c.amount}元）" if c.amount else "")
    return Enforced(urge_stage="urge", court_stage="court", title=c.decision_title, number=c.decision_number,
                    served_on=c.decision_served_on, content=c.obligation, owed=owed, amount=c.amount or Decimal(0),
                    complied=completed(case) or (c.source_case is not None and fully_paid(c.source_case)),
                    remedy_pending=pending,
                    after_urge="作出强制执行决定或者申请人民法院强制执行", court_deadline=False,
                    statement=_defence_words(list(case.coercion_statements.all())))


def completed(case: Case) -> bool:
    """Enforced to the end, or the 执行协议 performed (第42条)."""
    return (case.enforcement_acts.filter(completed=True, refusal="").exists()
            or case.enforcement_agreements.filter(fulfilled=True).exists())


def urge_lapse_day(case: Case) -> dt.date | None:
    """The last day of the time limit of the served 催告 (第35条): its own day, or 10 working days from
    service."""
    urge, service = urge_served(case)
    if urge is None or service is None:
        return None
    return cr.urge_last_day(served_on=service.served_on, due_on=urge.due_on)


# ---------------------------------------------------------------- starting


def start_coercion(*, actor: User, unit: Agency, token: str, officers: Iterable[Officer],
                   source_case: Case | None = None, party: Party | None = None, item_code: str = "",
                   decision_title: str = "", decision_number: str = "", decision_served_on: dt.date | None = None,
                   obligation: str = "", amount: Decimal | None = None, residence: bool = False,
                   remedy_sought: bool = False, lead: Officer | None = None) -> Case:
    """Start a 行政强制执行 case: from a 行政处罚 case in its 执行 stage whose decision the party has not carried
    out (``source_case``: the decision, the party and the 事项 are its own), or from a decision made outside the
    system, described here. Two qualified officers (第18条 read with 行政处罚法 第42条). The same form sent twice
    (its ``token``) returns the case it started."""
    require(actor, "case.handle", unit)
    token = clean_text("token", "表单标识", token, max_length=40)
    existing = started_by(Coercion, token, unit)
    if existing is not None:
        return existing
    agency = unit.enclosing_agency()
    today = timezone.localdate()
    if source_case is not None:
        facts = _from_case(source_case, agency, today)
    else:
        facts = _from_outside(agency, today, party=party, item_code=item_code, decision_title=decision_title,
                              decision_number=decision_number, decision_served_on=decision_served_on,
                              obligation=obligation, amount=amount, remedy_sought=remedy_sought)
    act = Act(kind=ActionKind.COERCION, domain=facts["domain"], place=facts["place"], on=today)
    team = qualified_team(officers, agency, act)
    try:
        check_enforcement_team(team, act)
    except RuleViolation as e:
        raise RuleViolation(e.message, rule=e.rule, field="officers", details=e.details) from None
    lead = lead if lead is not None and lead.pk in {o.pk for o in team} else team[0]
    now = timezone.now()
    title = f"强制执行《{facts['decision_title']}》（{facts['decision_number']}）"
    try:
        with transaction.atomic():
            if source_case is not None:  # one enforcement of a decision at a time
                Case.objects.select_for_update().filter(pk=source_case.pk).first()
                if Coercion.objects.filter(source_case=source_case, case__state=CaseState.ACTIVE).exists():
                    raise RuleViolation("该案的决定已在强制执行中", field="source_case", rule=START_RULE)
            case = Case.objects.create(
                agency=agency, unit=unit, process=PROCESS, stage="urge", stage_since=now, title=title[:200],
                summary=facts["obligation"], source=CaseSource.OTHER, source_note=facts["source_note"],
                action_kind=ActionKind.COERCION, item_code=facts["item_code"], item_name=facts["item_name"],
                domain=facts["domain"], place=facts["place"], act_on=facts["decision_served_on"],
                registered_at=now, registered_by=actor, opened_on=today)
            CaseOfficer.objects.bulk_create([CaseOfficer(case=case, officer=o, lead=o.pk == lead.pk, assigned_at=now)
                                             for o in team])
            CaseParty.objects.bulk_create([CaseParty(case=case, party=p, added_by=actor, added_at=now)
                                           for p in facts["parties"]])
            coercion = Coercion.objects.create(
                case=case, source_case=source_case, token=token, decision_title=facts["decision_title"],
                decision_number=facts["decision_number"], decision_served_on=facts["decision_served_on"],
                obligation=facts["obligation"], amount=facts["amount"], residence=residence,
                remedy_sought=facts["remedy_sought"])
            record(actor, case, "case.coercion_started", process=PROCESS, coercion=coercion.pk,
                   source_case=source_case.pk if source_case else None, decision=facts["decision_number"],
                   served_on=facts["decision_served_on"], obligation=facts["obligation"], amount=facts["amount"],
                   residence=residence, officers=sorted(o.pk for o in team), lead=lead.pk,
                   parties=[p.pk for p in facts["parties"]])
    except IntegrityError:  # the same form sent twice at once: the other request started the case
        existing = started_by(Coercion, token, unit)
        if existing is None:
            raise
        return existing
    return case


def _from_case(source: Case, agency: Agency, today: dt.date) -> dict:
    source = Case.objects.select_related("place", "domain").get(pk=source.pk)  # as it is now, not as handed in
    if source.agency_id != agency.pk:
        raise RuleViolation("只能强制执行本机关案件的决定", field="source_case", rule=START_RULE)
    if source.process != "punishment_general" or source.stage != "execute":
        raise RuleViolation("只能对处于“执行”环节的行政处罚案件启动强制执行", field="source_case", rule=START_RULE)
    decision, service = decision_of(source)
    if decision is None or service is None:
        raise RuleViolation("该案的行政处罚决定书尚未送达", field="source_case", rule=START_RULE)
    if CourtApplication.objects.filter(case=source).exists():
        raise RuleViolation("该案已申请人民法院强制执行", field="source_case", rule=START_RULE)
    if not overdue(source, today):
        raise RuleViolation("当事人的履行期限尚未届满或者已经履行，不能强制执行", field="source_case",
                            rule=START_RULE)
    fine, surcharge = owed_on(source, today)
    content = decision.values.get("处罚内容") or f"罚款{fine}元"
    return {"decision_title": "行政处罚决定书", "decision_number": decision.number,
            "decision_served_on": service.served_on, "obligation": content,
            "amount": (fine + surcharge) or None, "remedy_sought": False,
            "parties": [link.party for link in source.party_links.select_related("party")],
            "item_code": source.item_code, "item_name": source.item_name, "domain": source.domain,
            "place": source.place, "source_note": f"行政处罚案件{source.number or source.title}的决定未履行"}


def _from_outside(agency: Agency, today: dt.date, *, party: Party | None, item_code: str, decision_title: str,
                  decision_number: str, decision_served_on: dt.date | None, obligation: str,
                  amount: Decimal | None, remedy_sought: bool) -> dict:
    decision_title = clean_text("decision_title", "行政决定名称", decision_title, max_length=100)
    decision_number = clean_text("decision_number", "行政决定文号", decision_number, max_length=100)
    obligation = clean_text("obligation", "当事人应当履行的义务", obligation, max_length=2000)
    if decision_served_on is None:
        raise RuleViolation("请填写行政决定送达日期", field="decision_served_on", rule=START_RULE)
    if decision_served_on > today:
        raise RuleViolation("行政决定送达日期不能晚于今天", field="decision_served_on", rule=START_RULE)
    if amount is not None:
        amount = rules.yuan(amount, field="amount", label="金钱给付数额")
    if party is None:
        raise RuleViolation("请选择当事人", field="party", rule=START_RULE)
    if not party.agencies.filter(agency=agency).exists():
        raise RuleViolation("当事人须先登记在本机关（按证件号码查找或登记）", field="party")
    item, domain = item_with_domain(agency, item_code, today)
    return {"decision_title": decision_title, "decision_number": decision_number,
            "decision_served_on": decision_served_on, "obligation": obligation, "amount": amount,
            "remedy_sought": remedy_sought, "parties": [party], "item_code": item_code, "item_name": item["name"],
            "domain": domain, "place": agency.parent or agency, "source_note": f"本系统外作出的《{decision_title}》"}


# ---------------------------------------------------------------- 第36条: statement and defence


def record_defence(*, actor: User, case: Case, received_on: dt.date, content: str = "", review: str = "",
                   waived: bool = False) -> CoercionStatement:
    """What the party said after the 催告, and the agency's review of its facts, reasons and evidence (第36条);
    or that it expressly gave them up."""
    content = clean_text("content", "陈述申辩内容", content, max_length=5000, required=not waived)
    review = clean_text("review", "复核意见", review, max_length=5000, required=not waived)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        if case.stage not in ("urge", "statement"):
            ensure_stage(case, "statement", "记录陈述、申辩")
        _urge, service = urge_served(case)
        if service is None:
            raise RuleViolation("催告书尚未送达", field="received_on", rule=cr.DEFENCE_RULE)
        if received_on < service.served_on or received_on > timezone.localdate():
            raise RuleViolation("提出日期应在催告书送达之日至今天之间", field="received_on", rule=cr.DEFENCE_RULE)
        if CoercionStatement.objects.filter(case=case, received_on=received_on, content=content,
                                            waived=waived).exists():
            raise RuleViolation("该陈述、申辩已记录", field="content", rule=cr.DEFENCE_RULE)
        statement = CoercionStatement.objects.create(
            case=case, received_on=received_on, waived=waived, content="" if waived else content,
            review="" if waived else review, recorded_by=actor, recorded_at=timezone.now())
        record(actor, case, "case.coercion_defence", statement=statement.pk, received_on=received_on, waived=waived,
               content=statement.content, review=statement.review)
    return statement


# ---------------------------------------------------------------- 第37条: the decision


COERCION_FIELDS = ("measure", "reason", "execute_from", "review_body", "court", "performer", "target", "budget")


@drafts.register(PROCESS, COERCION_FIELDS, ("coercion_decision", "substitute_decision"))
def coercion_draft(case: Case, given: Mapping[str, Any], on: dt.date) -> drafts.Drafted:
    """The written 强制执行决定 (第37条) ``decide_coercion`` would issue with ``given``: reasons and basis, the way
    and the time, the remedies. A way that cuts water, power, heating or gas is refused where the decision touches
    a home (第43条). A 代履行 is decided by its own 代履行决定书 (第51条第一款第一项): the reasons and basis, the way
    and the time, the ``target`` (标的), the budget and the performer. Writes nothing, takes no number."""
    reason = clean_text("reason", "强制执行的理由和依据", given.get("reason"), max_length=2000)
    review_body = clean_text("review_body", "行政复议机关", given.get("review_body"), max_length=200)
    court = clean_text("court", "管辖的人民法院", given.get("court"), max_length=200)
    measure = str(given.get("measure") or "")
    if measure not in CoercionMeasure.values:
        raise RuleViolation("请选择强制执行的方式", field="measure", rule=cr.DECISION_RULE)
    substitute = measure == CoercionMeasure.SUBSTITUTE
    performer = clean_text("performer", "代履行人", given.get("performer"), max_length=200, required=substitute)
    target = clean_text("target", "代履行的标的", given.get("target"), max_length=500, required=substitute)
    budget = given.get("budget")
    budget = None if budget in (None, "") else rules.yuan(Decimal(str(budget)), field="budget", label="代履行费用预算")
    if substitute and budget is None:
        raise RuleViolation("代履行决定应写明代履行费用预算", field="budget", rule=cr.SUBSTITUTE_RULE)
    execute_from = drafts.day(given.get("execute_from"))
    if execute_from is None:
        raise RuleViolation("请填写强制执行的时间", field="execute_from", rule=cr.DECISION_RULE)
    if execute_from < on:
        raise RuleViolation("强制执行的时间不能早于今天", field="execute_from", rule=cr.DECISION_RULE)
    coercion = coercion_of(case)
    cr.check_utilities(cuts_utilities=measure == CoercionMeasure.UTILITIES, residence=coercion.residence)
    urge, urge_service = urge_served(case)
    if urge is None or urge_service is None:
        raise RuleViolation("尚未送达催告书", field="measure", rule=cr.DECISION_RULE)
    fields = {"measure": measure, "reason": reason, "execute_from": execute_from, "review_body": review_body,
              "court": court, "performer": performer, "target": target, "budget": budget}
    base = {**_enforced_values(case, coercion), "理由和依据": reason, "执行时间": f"{cn_date(execute_from)}起",
            "催告书文号": urge.document.number, "机关名称": case.agency.name, "日期": cn_date(on)}
    if substitute:  # 第51条第一款第一项
        return drafts.Drafted("substitute_decision", {
            **base, "标的": target, "执行方式": coercion.obligation, "代履行人": performer, "费用预算": str(budget),
            "复议机关": review_body, "管辖法院": court}, fields)
    statements = list(case.coercion_statements.all())
    return drafts.Drafted("coercion_decision", {
        **base, "送达日期": cn_date(coercion.decision_served_on), "决定内容": coercion.obligation,
        "催告送达日期": cn_date(urge_service.served_on), "陈述申辩": _defence_words(statements),
        "执行方式": CoercionMeasure(measure).label, "代履行": "—", "复议机关": review_body, "人民法院": court}, fields)


def decide_coercion(*, actor: User, case: Case, measure: str, reason: str, execute_from: dt.date,
                    review_body: str, court: str, performer: str = "", target: str = "",
                    budget: Decimal | None = None) -> CoercionDecision:
    """The agency's written 强制执行决定 (第37条), numbered: the document ``coercion_draft`` builds, checked against a
    reviewed draft before its number is taken. The way decided is what the review catalogue reads (强制拆除), so
    the check reads the way given, and the guard holds again once the decision is made."""
    given = {"measure": measure, "reason": reason, "execute_from": execute_from, "review_body": review_body,
             "court": court, "performer": performer, "target": target, "budget": budget}
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.approve", case.agency)
        ensure_writable(case)
        ensure_stage(case, "decide", "作出强制执行决定")
        if CoercionDecision.objects.filter(case=case).exists():
            raise RuleViolation("本案已作出强制执行决定", field="measure", rule=cr.DECISION_RULE)
        today = timezone.localdate()
        drafted = coercion_draft(case, given, today)
        guards.check_drafted(case, drafted, today)  # before a number is taken, on the way given
        doc = documents.issue(actor=actor, agency=case.agency, template=drafted.template, subject=case, on=today,
                              values=drafted.values)
        d = drafted.given
        decision = CoercionDecision.objects.create(case=case, document=doc, measure=d["measure"], reason=d["reason"],
                                                   performer=d["performer"], budget=d["budget"], target=d["target"],
                                                   decided_by=actor, decided_at=timezone.now())
        # the guard of the way out, on the decision as made: refused, the decision is undone
        guards.hold(processes.DECISION_REVIEWED_IF_MAJOR, case, today, "measure")
        record(actor, case, "case.coercion_decided", by_name=name_of(actor), decision=decision.pk, document=doc.pk,
               number=doc.number,
               measure=d["measure"], execute_from=d["execute_from"], performer=d["performer"], budget=d["budget"],
               target=d["target"], draft_sm3=sm3(drafted.text.encode()))
        decided(actor, case, doc)  # its publication's draft (执法机关、对象、类别、结论; 20 working days)
    return decision


def _enforced_values(case: Case, coercion: Coercion) -> dict[str, str]:
    """The head of every enforcement document: the party and the decision enforced."""
    parties = [link.party for link in case.party_links.select_related("party")]
    return {"agency_short": CaseSettings.of(case.agency).agency_short, "当事人名称": "、".join(p.name for p in parties),
            "当事人地址": "、".join(p.address for p in parties if p.address) or "—",
            "决定书名称": coercion.decision_title, "决定书文号": coercion.decision_number}


def _defence_words(statements: list[CoercionStatement]) -> str:
    if not statements:
        return "当事人在催告期限内未提出陈述、申辩"
    if all(s.waived for s in statements):
        return "当事人明确放弃陈述、申辩"
    return "当事人提出了陈述、申辩，经复核：" + "；".join(s.review for s in statements if not s.waived)


def decision_served(case: Case) -> tuple[CoercionDecision | None, Service | None]:
    decision = CoercionDecision.objects.filter(case=case).select_related("document").first()
    service = Service.objects.filter(document_id=decision.document_id).first() if decision else None
    return decision, service


# ---------------------------------------------------------------- 第44条, 第51条, 第42条


def announce_demolition(*, actor: User, case: Case, announced_on: dt.date, medium: str, own_demolition_by: dt.date,
                        target: str) -> DemolitionNotice:
    """The 公告 of 第44条: the party given a time limit to demolish it themself, before a 强制拆除."""
    medium = clean_text("medium", "公告方式", medium, max_length=200)
    target = clean_text("target", "需要拆除的建筑物、构筑物、设施", target, max_length=500)
    if announced_on > timezone.localdate():
        raise RuleViolation("公告日期不能晚于今天", field="announced_on", rule=cr.DEMOLITION_RULE)
    cr.check_announcement(announced_on=announced_on, own_demolition_by=own_demolition_by)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        if case.stage not in ("decide", "enforce"):
            ensure_stage(case, "enforce", "发布强制拆除公告")
        coercion = coercion_of(case)
        if announced_on < coercion.decision_served_on:
            raise RuleViolation("公告日期不能早于行政决定送达之日", field="announced_on", rule=cr.DEMOLITION_RULE)
        if DemolitionNotice.objects.filter(case=case).exists():
            raise RuleViolation("本案已发布强制拆除公告", field="announced_on", rule=cr.DEMOLITION_RULE)
        parties = [link.party for link in case.party_links.select_related("party")]
        doc = documents.issue(actor=actor, agency=case.agency, template="demolition_notice", subject=case,
                              on=announced_on, values={
            "agency_short": CaseSettings.of(case.agency).agency_short,
            "当事人名称": "、".join(p.name for p in parties), "决定书名称": coercion.decision_title,
            "决定书文号": coercion.decision_number, "拆除对象": target, "自行拆除期限": cn_date(own_demolition_by),
            "公告方式": medium, "机关名称": case.agency.name, "日期": cn_date(announced_on)})
        notice = DemolitionNotice.objects.create(case=case, document=doc, announced_on=announced_on, medium=medium,
                                                 own_demolition_by=own_demolition_by, recorded_by=actor,
                                                 recorded_at=timezone.now())
        record(actor, case, "case.demolition_announced", notice=notice.pk, document=doc.pk, number=doc.number,
               announced_on=announced_on, own_demolition_by=own_demolition_by, target=target)
    return notice


def notify_substitute(*, actor: User, case: Case, served_on: dt.date) -> SubstituteNotice:
    """The 催告 three days before a 代履行 (第51条第一款第二项), as served."""
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "enforce", "代履行前催告")
        decision, service = decision_served(case)
        if decision is None or decision.measure != CoercionMeasure.SUBSTITUTE:
            raise RuleViolation("强制执行决定的方式不是代履行", field="served_on", rule=cr.SUBSTITUTE_RULE)
        assert service is not None  # the stage's guard saw the decision served
        if served_on < service.served_on or served_on > timezone.localdate():
            raise RuleViolation("催告送达日期应在强制执行决定书送达之日至今天之间", field="served_on",
                                rule=cr.SUBSTITUTE_RULE)
        if SubstituteNotice.objects.filter(case=case).exists():
            raise RuleViolation("已登记代履行前的催告", field="served_on", rule=cr.SUBSTITUTE_RULE)
        notice = SubstituteNotice.objects.create(case=case, served_on=served_on, recorded_by=actor,
                                                 recorded_at=timezone.now())
        record(actor, case, "case.substitute_notified", served_on=served_on,
               earliest=cr.earliest_substitute(served_on))
    return notice


def live_agreement(case: Case) -> EnforcementAgreement | None:
    return case.enforcement_agreements.filter(ended_on__isnull=True).first()


def sign_agreement(*, actor: User, case: Case, signed_on: dt.date, terms: str, due_on: dt.date,
                   public_interest_unharmed: bool) -> EnforcementAgreement:
    """执行协议 (第42条): only where it harms neither the public interest nor others' lawful rights; while it
    runs the agency does not enforce."""
    terms = clean_text("terms", "协议内容", terms, max_length=5000)
    if not public_interest_unharmed:
        raise RuleViolation("执行协议不得损害公共利益和他人合法权益，请确认", field="public_interest_unharmed",
                            rule=cr.AGREEMENT_RULE)
    cr.check_agreement(signed_on=signed_on, due_on=due_on, today=timezone.localdate())
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.approve", case.agency)
        ensure_writable(case)
        ensure_stage(case, "enforce", "签订执行协议")
        if live_agreement(case) is not None:
            raise RuleViolation("已有正在履行的执行协议", field="terms", rule=cr.AGREEMENT_RULE)
        agreement = EnforcementAgreement.objects.create(case=case, signed_on=signed_on, terms=terms, due_on=due_on,
                                                        recorded_by=actor, recorded_at=timezone.now())
        record(actor, case, "case.agreement_signed", agreement=agreement.pk, signed_on=signed_on, due_on=due_on,
               terms=terms)
    return agreement


def end_agreement(*, actor: User, case: Case, agreement: EnforcementAgreement, ended_on: dt.date, fulfilled: bool,
                  note: str) -> EnforcementAgreement:
    """Performed, the case may close; not performed, enforcement resumes (第42条第二款)."""
    note = clean_text("note", "履行情况", note, max_length=2000)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        agreement = EnforcementAgreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.case_id != case.pk:
            raise RuleViolation("只能登记本案的执行协议", rule=cr.AGREEMENT_RULE)
        if agreement.ended_on is not None:
            raise RuleViolation("该执行协议已登记履行情况", field="fulfilled", rule=cr.AGREEMENT_RULE)
        if ended_on < agreement.signed_on or ended_on > timezone.localdate():
            raise RuleViolation("登记日期应在协议签订之日至今天之间", field="ended_on", rule=cr.AGREEMENT_RULE)
        if not fulfilled and ended_on <= agreement.due_on:
            raise RuleViolation(f"协议约定的履行期限（{cn_date(agreement.due_on)}）未届满，不能认定不履行",
                                field="ended_on", rule=cr.AGREEMENT_RULE)
        agreement.ended_on, agreement.fulfilled, agreement.note = ended_on, fulfilled, note
        agreement.save(update_fields=["ended_on", "fulfilled", "note"])
        record(actor, case, "case.agreement_ended", agreement=agreement.pk, ended_on=ended_on, fulfilled=fulfilled,
               note=note)
    return agreement


# ---------------------------------------------------------------- 第43、44、51条: carrying it out


def enforce(*, actor: User, case: Case, at: dt.datetime, note: str, urgent_reason: str = "",
            completed: bool = True) -> EnforcementAct:
    """The 强制执行决定 carried out at ``at`` (a past or present act, never a future one). Refused, and the
    refusal kept with its rule: at night or on a statutory holiday unless urgent with the reason in writing
    (第43条); cutting a home's water, power, heating or gas (第43条第二款); a 强制拆除 before its 公告's limit and
    the remedy periods passed unused (第44条); a 代履行 less than three days after its 催告 (第51条); while a 执行协议
    runs (第42条)."""
    note = clean_text("note", "实施情况", note, max_length=5000)
    urgent_reason = clean_text("urgent_reason", "情况紧急的书面理由", urgent_reason, max_length=2000, required=False)
    if at > timezone.now():
        raise RuleViolation("实施时间不能晚于现在", field="at", rule=cr.TIME_RULE)
    try:
        with transaction.atomic():
            case = lock(case)
            require(actor, "case.handle", case.unit)
            ensure_writable(case)
            ensure_stage(case, "enforce", "实施强制执行")
            decision, service = decision_served(case)
            assert decision is not None and service is not None  # the stage's guard saw it served
            day = timezone.localdate(at)
            if day < service.served_on:
                raise RuleViolation("实施时间不能早于强制执行决定书送达之日", field="at", rule=cr.DECISION_RULE)
            if live_agreement(case) is not None:
                raise RuleViolation("执行协议正在履行，当事人不履行的方可恢复强制执行", field="at",
                                    rule=cr.AGREEMENT_RULE)
            if case.enforcement_acts.filter(at=at, refusal="").exists():
                raise RuleViolation("该次强制执行已登记", field="at", rule=cr.DECISION_RULE)
            _check_lawful(case, decision, at, urgent_reason)
            act = EnforcementAct.objects.create(case=case, at=at, measure=decision.measure,
                                                urgent_reason=urgent_reason, note=note, completed=completed,
                                                recorded_by=actor, recorded_at=timezone.now())
            record(actor, case, "case.enforced", act=act.pk, at=at, measure=decision.measure, completed=completed,
                   urgent_reason=urgent_reason, note=note)
            return act
    except RuleViolation as e:
        if e.rule in REFUSALS_KEPT:
            _keep_refusal(actor, case, at, note, urgent_reason, e)
        raise


# The refusals of the law's limits on enforcement, kept as a record of what was asked (supervision reads them).
REFUSALS_KEPT = frozenset({cr.TIME_RULE, cr.UTILITY_RULE, cr.DEMOLITION_RULE, cr.SUBSTITUTE_RULE})


def _check_lawful(case: Case, decision: CoercionDecision, at: dt.datetime, urgent_reason: str) -> None:
    coercion = coercion_of(case)
    cr.check_utilities(cuts_utilities=decision.measure == CoercionMeasure.UTILITIES, residence=coercion.residence)
    settings = CaseSettings.of(case.agency)
    cr.check_enforcement_time(at, urgent_reason=urgent_reason, night_starts=settings.night_starts,
                              night_ends=settings.night_ends)
    day = timezone.localdate(at)
    if decision.measure == CoercionMeasure.DEMOLISH:
        notice = DemolitionNotice.objects.filter(case=case).first()
        cr.check_demolition(day, announced_on=notice.announced_on if notice else None,
                            own_demolition_by=notice.own_demolition_by if notice else None,
                            decision_served_on=coercion.decision_served_on, remedy_sought=remedy_sought(coercion))
    if decision.measure == CoercionMeasure.SUBSTITUTE:
        urged = SubstituteNotice.objects.filter(case=case).first()
        cr.check_substitute(day, urged_on=urged.served_on if urged else None)


def _keep_refusal(actor: User, case: Case, at: dt.datetime, note: str, urgent_reason: str, e: RuleViolation) -> None:
    """The refused act, written after the refusal rolled the attempt back: what was asked, when, and why not."""
    with transaction.atomic():
        case = lock(case)
        decision, _service = decision_served(case)
        if decision is None or case.enforcement_acts.filter(at=at, refusal=e.message).exists():
            return  # the refused form posted twice: kept once
        act = EnforcementAct.objects.create(case=case, at=at, measure=decision.measure, urgent_reason=urgent_reason,
                                            note=note, refusal=e.message, refusal_rule=e.rule or "",
                                            recorded_by=actor, recorded_at=timezone.now())
        record(actor, case, "case.enforcement_refused", act=act.pk, at=at, measure=decision.measure,
               refusal=e.message, rule=e.rule)


# ---------------------------------------------------------------- 第35条, 第53条: the deadlines a move opens or meets


def _entered(actor: User, case: Case, source: str, target: str) -> None:
    """The agency acts on the lapsed 催告 (第37条): its time limit's obligation is met. Without a power of its own
    to enforce, the agency now has the court window of 第53条 to keep — an obligation, as the 行政处罚 path's."""
    if target not in ("decide", "court"):
        return
    urge, _service = urge_served(case)
    if urge is not None:
        obligations.meet(subject=urge, rule=cr.URGE_RULE)
    if target == "court":
        coercion = coercion_of(case)
        window = rules.court_application_window(coercion.decision_served_on)
        due = rules.Deadline(COURT_RULE, window.last_day, "day", window.provisional)
        obligations.ensure_obligation(
            agency=case.unit, subject=case, rule=COURT_RULE,
            title=f"本机关无强制执行权：应于{window.first_day:%Y-%m-%d}至{window.last_day:%Y-%m-%d}申请人民法院强制执行"
                  f"《{coercion.decision_title}》", due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=15),
            unit=PeriodUnit.DAY, assignee=lead_user(case), provisional=due.provisional,
            basis="当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行行政决定的，没有行政强制执行权的行政机关"
                  "可以自期限届满之日起三个月内申请人民法院强制执行")


ENTERED[PROCESS] = _entered


# ---------------------------------------------------------------- 第39条, 第40条: 中止 and 终结


def live_suspension(case: Case) -> EnforcementSuspension | None:
    return case.enforcement_suspensions.filter(resumed_on__isnull=True).select_related("document").first()


def _stop_document(actor: User, case: Case, template: str, on: dt.date, **values: str):  # -> IssuedDocument
    coercion = coercion_of(case)
    return documents.issue(actor=actor, agency=case.agency, template=template, subject=case, on=on, values={
        **_enforced_values(case, coercion), "日期起": cn_date(on), "机关名称": case.agency.name,
        "日期": cn_date(timezone.localdate()), **values})


def _decision_served_on(case: Case, rule: str) -> dt.date:
    _decision, service = decision_served(case)
    if service is None:
        raise RuleViolation("强制执行决定书尚未送达", field="on", rule=rule)
    return service.served_on


def suspend_enforcement(*, actor: User, case: Case, ground: str, reason: str, on: dt.date) -> EnforcementSuspension:
    """中止执行 (第39条第一款) on one of its grounds, from ``on``: the numbered 中止执行决定书, and the case moves to
    中止执行, where nothing is enforced until it resumes."""
    reason = clean_text("reason", "具体情况", reason, max_length=2000)
    if ground not in SuspensionGround.values:
        raise RuleViolation("请选择中止执行的情形（行政强制法第三十九条第一款）", field="ground", rule=cr.SUSPEND_RULE)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.approve", case.agency)
        ensure_writable(case)
        ensure_stage(case, "enforce", "中止执行")
        cr.check_stop_day(on, served_on=_decision_served_on(case, cr.SUSPEND_RULE), today=timezone.localdate(),
                          rule=cr.SUSPEND_RULE, label="中止日期")
        if live_agreement(case) is not None:
            raise RuleViolation("执行协议正在履行，无需中止执行", field="ground", rule=cr.SUSPEND_RULE)
        label = SuspensionGround(ground).label
        doc = _stop_document(actor, case, "suspension_decision", on, 事项="中止执行", 情形=label, 具体情况=reason)
        suspension = EnforcementSuspension.objects.create(case=case, ground=ground, reason=reason, document=doc,
                                                          suspended_on=on, recorded_by=actor,
                                                          recorded_at=timezone.now())
        record(actor, case, "case.enforcement_suspended", suspension=suspension.pk, ground=ground, reason=reason,
               on=on, document=doc.pk, number=doc.number)
        advance(actor, case, "suspend", label)
    return suspension


def resume_enforcement(*, actor: User, case: Case, reason: str, on: dt.date) -> EnforcementSuspension:
    """恢复执行 (第39条第二款): the ground of the 中止 is gone; the numbered 恢复执行决定书, and back to 实施."""
    reason = clean_text("reason", "中止情形消失的情况", reason, max_length=2000)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.approve", case.agency)
        ensure_writable(case)
        ensure_stage(case, "suspend", "恢复执行")
        suspension = live_suspension(case)
        assert suspension is not None  # the stage's guard saw it
        if on < suspension.suspended_on or on > timezone.localdate():
            raise RuleViolation(f"恢复执行日期应在中止之日（{cn_date(suspension.suspended_on)}）至今天之间", field="on",
                                rule=cr.SUSPEND_RULE)
        doc = _stop_document(actor, case, "suspension_decision", on, 事项="恢复执行",
                             情形=f"{SuspensionGround(suspension.ground).label}的情形已经消失", 具体情况=reason)
        suspension.resumed_on, suspension.resume_reason, suspension.resume_document = on, reason, doc
        suspension.save(update_fields=["resumed_on", "resume_reason", "resume_document"])
        record(actor, case, "case.enforcement_resumed", suspension=suspension.pk, reason=reason, on=on,
               document=doc.pk, number=doc.number)
        advance(actor, case, "enforce", "中止的情形消失，恢复执行")
    return suspension


def terminate_enforcement(*, actor: User, case: Case, ground: str, reason: str,
                          on: dt.date) -> EnforcementTermination:
    """终结执行 (第40条) on one of its grounds — from 实施 or from 中止: the numbered 终结执行决定书; the case goes to
    终结执行 and may then be closed."""
    reason = clean_text("reason", "具体情况", reason, max_length=2000)
    if ground not in TerminationGround.values:
        raise RuleViolation("请选择终结执行的情形（行政强制法第四十条）", field="ground", rule=cr.TERMINATE_RULE)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.approve", case.agency)
        ensure_writable(case)
        if case.stage != "suspend":
            ensure_stage(case, "enforce", "终结执行")
        cr.check_stop_day(on, served_on=_decision_served_on(case, cr.TERMINATE_RULE), today=timezone.localdate(),
                          rule=cr.TERMINATE_RULE, label="终结日期")
        label = TerminationGround(ground).label
        doc = _stop_document(actor, case, "termination_decision", on, 情形=label, 具体情况=reason)
        ended = EnforcementTermination.objects.create(case=case, ground=ground, reason=reason, document=doc,
                                                      terminated_on=on, recorded_by=actor, recorded_at=timezone.now())
        record(actor, case, "case.enforcement_terminated", termination=ended.pk, ground=ground, reason=reason, on=on,
               document=doc.pk, number=doc.number)
        advance(actor, case, "terminate", label)
    return ended
