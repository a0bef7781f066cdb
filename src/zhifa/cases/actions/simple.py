"""简易程序 (行政处罚法 第51、52条): a case started and decided on the spot — the credential shown, the facts,
the rights told and the party heard, the pre-numbered 当场行政处罚决定书 handed over and signed, the fine paid
within 15 days or collected on the spot (第67–70条), and the decision filed with the agency (备案)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.agencies.models import ActionKind, Agency, Officer
from zhifa.agencies.permissions import require
from zhifa.agencies.rules import Act, check_enforcement_team
from zhifa.cases import guards, rules
from zhifa.cases.models import (
    Case,
    CaseOfficer,
    CaseParty,
    CaseSettings,
    CaseSource,
    Payment,
    Service,
    ServiceMethod,
    SimpleRecord,
)
from zhifa.core.dates import cn_date
from zhifa.core.errors import RuleViolation
from zhifa.documents import actions as documents
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import PeriodUnit
from zhifa.parties import actions as parties
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
from zhifa.cases.actions.engine import advance
from zhifa.cases.actions.notice import party_kind

PROCESS = "punishment_simple"
SIMPLE_RULE = "行政处罚法 第51条"
ONSITE_RULE = "行政处罚法 第52条"
PAYMENT_RULE = "行政处罚法 第67条"



def _record_of(case: Case) -> SimpleRecord:
    found = guards.simple_record(case)
    if found is None:
        raise RuleViolation("本案不是当场办理的简易程序案件", field="case", rule=ONSITE_RULE)
    return found


def start_simple_case(*, actor: User, unit: Agency, token: str, item_code: str, title: str, facts: str, spot: str,
                      act_at: dt.datetime, place: Agency, officers: Iterable[Officer], party: Party | None = None,
                      new_party: Mapping[str, Any] | None = None, lead: Officer | None = None) -> Case:
    """Start a 简易程序 case on the spot: no 立案审批 (第51条: decided on the spot), so it is opened at once,
    by two officers each qualified for the act today (第42条；持证上岗). The party is one found by number
    (``party``) or typed (``new_party``, recorded in the same transaction — found by its number when it was
    seen before). The same form sent twice (its ``token``) returns the case it started."""
    require(actor, "case.handle", unit)
    token = clean_text("token", "表单标识", token, max_length=40)
    existing = started_by(SimpleRecord, token, unit)
    if existing is not None:
        return existing
    title = clean_text("title", "案由", title, max_length=200)
    facts = clean_text("facts", "违法事实", facts, max_length=5000)
    spot = clean_text("spot", "违法地点", spot, max_length=200)
    now = timezone.now()
    if act_at > now:
        raise RuleViolation("违法时间不能晚于现在", field="act_at", rule=SIMPLE_RULE)
    act_on = timezone.localdate(act_at)
    today = timezone.localdate(now)
    rules.check_limitation(act_ended_on=act_on, discovered_on=today)
    agency = unit.enclosing_agency()
    item, domain = item_with_domain(agency, item_code, today, kind=ActionKind.PUNISHMENT,
                                    not_kind="不是行政处罚事项，不适用简易程序", rule=SIMPLE_RULE)
    act = Act(kind=ActionKind(item["action_kind"]), domain=domain, place=place, on=today)
    team = qualified_team(officers, agency, act)
    try:
        check_enforcement_team(team, act)  # 行政处罚法 第42条: at least two, on the spot as anywhere
    except RuleViolation as e:
        raise RuleViolation(e.message, rule=e.rule, field="officers", details=e.details) from None
    lead = lead if lead is not None and lead.pk in {o.pk for o in team} else team[0]
    if party is None and not new_party:
        raise RuleViolation("请按证件号码查找当事人，或填写当事人信息", field="name", rule="行政处罚法 第52条")
    if party is not None and not party.agencies.filter(agency=agency).exists():
        raise RuleViolation("当事人须先登记在本机关（按证件号码查找或登记）", field="party")
    try:
        with transaction.atomic():
            if party is None:
                party = parties.record_party(actor=actor, agency=agency, **dict(new_party or {})).party
            case = Case.objects.create(
                agency=agency, unit=unit, process=PROCESS, stage="onsite", stage_since=now, title=title,
                summary=facts, source=CaseSource.INSPECTION, source_note="当场发现", action_kind=item["action_kind"],
                item_code=item_code, item_name=item["name"], domain=domain, place=place, act_on=act_on,
                registered_at=now, registered_by=actor, opened_on=today)
            CaseOfficer.objects.bulk_create([CaseOfficer(case=case, officer=o, lead=o.pk == lead.pk, assigned_at=now)
                                             for o in team])
            CaseParty.objects.create(case=case, party=party, added_by=actor, added_at=now)
            SimpleRecord.objects.create(case=case, token=token, act_at=act_at, spot=spot)
            record(actor, case, "case.registered", title=title, source=CaseSource.INSPECTION, item=item_code,
                   process=PROCESS, officers=sorted(o.pk for o in team), lead=lead.pk, act_on=act_on,
                   act_at=act_at, spot=spot, parties=[party.pk], opened_on=today)
    except IntegrityError:  # the same form sent twice at once: the other request started the case
        existing = started_by(SimpleRecord, token, unit)
        if existing is None:
            raise
        return existing
    return case


def show_credential(*, actor: User, case: Case) -> SimpleRecord:
    """The officers showed their 执法证 to the party (第52条、第55条): recorded once, naming each credential."""
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "onsite", "出示执法证件")
        simple = _record_of(case)
        if simple.credential_shown_at is not None:
            raise RuleViolation(f"已于{timezone.localtime(simple.credential_shown_at):%H:%M}记录出示执法证件",
                                field="case", rule=ONSITE_RULE)
        today = timezone.localdate()
        shown = []
        for a in case.assignments.select_related("officer__person").prefetch_related("officer__credentials"):
            credential = a.officer.current_credential(today)
            shown.append(f"{a.officer.person.name}（{credential.number}）" if credential else a.officer.person.name)
        simple.credential_shown_at, simple.credential_shown_by = timezone.now(), actor
        simple.credentials = "、".join(shown)[:300]
        simple.save(update_fields=["credential_shown_at", "credential_shown_by", "credentials"])
        record(actor, case, "case.credential_shown", credentials=simple.credentials)
    return simple


def tell_rights(*, actor: User, case: Case, kinds: Iterable[str], fine: Decimal, violated: str,
                penalty_basis: str, statement: str = "", waived: bool = False) -> SimpleRecord:
    """The party told of the facts, the reasons and basis of the penalty intended and of the right to state and
    defend (第44条), and heard (第45条); the penalty must be one the spot may decide (第51条). Told again
    after the party's statement, the record holds what was told last."""
    violated = clean_text("violated", "违反的规定", violated, max_length=2000)
    penalty_basis = clean_text("penalty_basis", "处罚依据", penalty_basis, max_length=2000)
    statement = clean_text("statement", "当事人陈述、申辩", statement, max_length=5000, required=False)
    kinds = list(kinds)
    if not set(kinds) <= set(rules.PenaltyKind.values):
        raise RuleViolation("处罚种类不在可选范围内", field="kinds", rule="行政处罚法 第9条")
    if not statement and not waived:
        raise RuleViolation("请记录当事人的陈述、申辩，或注明当事人放弃", field="statement", rule="行政处罚法 第45条")
    if statement and waived:
        raise RuleViolation("已记录陈述、申辩的，不能同时注明放弃", field="waived", rule="行政处罚法 第45条")
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "tell", "告知拟处罚及陈述、申辩权利")
        simple = _record_of(case)
        penalty = rules.Penalty(frozenset(kinds), fine)  # type: ignore[arg-type]
        rules.check_simple_procedure(penalty, party_kind(case))
        simple.kinds, simple.fine = sorted(penalty.kinds), penalty.fine
        simple.violated, simple.penalty_basis = violated, penalty_basis
        simple.statement, simple.statement_waived = statement, waived
        simple.rights_told_at, simple.rights_told_by = timezone.now(), actor
        simple.save(update_fields=["kinds", "fine", "violated", "penalty_basis", "statement", "statement_waived",
                                   "rights_told_at", "rights_told_by"])
        record(actor, case, "case.rights_told", penalty=penalty.label, violated=violated,
               penalty_basis=penalty_basis, statement=statement, waived=waived)
    return simple


def decide_onsite(*, actor: User, case: Case, review_body: str, court: str, payment: str = "") -> SimpleRecord:
    """The 当场行政处罚决定书, numbered from the agency's series and rendered for print or the phone, on the
    penalty told (第51、52条); the filing with the agency opened as an obligation (第52条, the agency's period)."""
    review_body = clean_text("review_body", "行政复议机关", review_body, max_length=200)
    court = clean_text("court", "有管辖权的人民法院", court, max_length=200)
    payment = clean_text("payment", "罚款缴纳方式", payment, max_length=500, required=False)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "decide", "当场作出处罚决定")
        simple = _record_of(case)
        if simple.decision_id is not None:
            raise RuleViolation(f"已制作当场行政处罚决定书（{simple.decision.number}）",  # type: ignore[union-attr]
                                field="review_body", rule=ONSITE_RULE)
        if simple.rights_told_at is None:
            raise RuleViolation("尚未告知拟处罚内容及陈述、申辩权利", field="review_body", rule="行政处罚法 第44条")
        penalty = rules.Penalty(frozenset(simple.kinds), simple.fine)  # type: ignore[arg-type]
        rules.check_simple_procedure(penalty, party_kind(case))
        has_fine = penalty.fine > 0
        if has_fine and not payment:
            payment = "自收到本决定书之日起十五日内到指定银行或者通过电子支付系统缴纳"
        parties = [link.party for link in case.party_links.select_related("party")]
        now = timezone.now()
        today = timezone.localdate(now)
        act_at = timezone.localtime(simple.act_at)
        doc = documents.issue(actor=actor, agency=case.agency, template="onsite_decision", subject=case, on=today,
                              values={
            "agency_short": CaseSettings.of(case.agency).agency_short,
            "当事人名称": "、".join(p.name for p in parties), "证件号码": "、".join(p.id_number for p in parties),
            "当事人地址": "、".join(p.address for p in parties if p.address) or "—",
            "违法时间": f"{cn_date(act_at.date())}{act_at.hour}时{act_at.minute}分", "违法地点": simple.spot,
            "违法行为": case.summary, "违反的规定": simple.violated, "处罚依据": simple.penalty_basis,
            "处罚种类": "罚款" if has_fine else "警告", "含罚款": has_fine,
            "罚款数额": f"{penalty.fine:,.2f}" if has_fine else "", "缴款方式": payment,
            "执法人员": simple.credentials or "、".join(a.officer.person.name for a in case.assignments.all()),
            "复议机关": review_body, "管辖法院": court, "机关名称": case.agency.name, "日期": cn_date(today)})
        simple.decision = doc
        simple.save(update_fields=["decision"])
        case.number = doc.number
        case.save(update_fields=["number"])
        record(actor, case, "case.decided", document=doc.pk, number=doc.number, penalty=penalty.label)
        decided(actor, case, doc)  # the publication's draft (行政处罚法 第48条), in this transaction
        due = rules.simple_filing_due(today, CaseSettings.of(case.agency).filing_period)
        obligations.ensure_obligation(
            agency=case.unit, subject=case, rule=due.rule, title=f"当场处罚决定{doc.number}应于"
            f"{due.last_day:%Y-%m-%d}前报所属行政机关备案", due_at=due.due_at,
            warn_from=due.due_at - dt.timedelta(days=1), unit=PeriodUnit(due.unit), assignee=lead_user(case),
            provisional=due.provisional, basis="执法人员当场作出的行政处罚决定，应当报所属行政机关备案")
    return simple


def hand_over(*, actor: User, case: Case, signed: bool, refusal_note: str = "", witness: str = "") -> SimpleRecord:
    """The decision handed to the party on the spot (第52条), signed by them, or their refusal noted with a
    witness; the case goes on to execution, and a fine is due within 15 days (第67条)."""
    refusal_note = clean_text("refusal_note", "拒绝签收情况", refusal_note, max_length=2000, required=False)
    witness = clean_text("witness", "见证人", witness, max_length=100, required=False)
    if not signed and not (refusal_note and witness):
        raise RuleViolation("当事人拒绝签收的，应注明情况并由见证人在场", field="refusal_note", rule=ONSITE_RULE)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "decide", "交付当场行政处罚决定书")
        simple = _record_of(case)
        if simple.decision is None or simple.decision.voided_at is not None:
            raise RuleViolation("尚未制作当场行政处罚决定书", field="signed", rule=ONSITE_RULE)
        if simple.handed_over_at is not None:
            raise RuleViolation("决定书已交付当事人", field="signed", rule=ONSITE_RULE)
        now = timezone.now()
        today = timezone.localdate(now)
        parties = [link.party.name for link in case.party_links.select_related("party")]
        simple.handed_over_at, simple.party_signed = now, signed
        simple.refusal_note, simple.witness = ("", "") if signed else (refusal_note, witness)
        simple.save(update_fields=["handed_over_at", "party_signed", "refusal_note", "witness"])
        Service.objects.create(case=case, document=simple.decision, method=ServiceMethod.DIRECT, served_on=today,
                               recipient="、".join(parties) if signed else "", witness=simple.witness,
                               reason=simple.refusal_note and f"当事人拒绝签收：{simple.refusal_note}",
                               recorded_by=actor, recorded_at=now)
        record(actor, case, "case.handed_over", document=simple.decision.pk, signed=signed,
               refusal_note=simple.refusal_note, witness=simple.witness)
        if simple.fine:
            due = rules.payment_due(today)
            obligations.ensure_obligation(
                agency=case.unit, subject=case, rule=due.rule,
                title=f"罚款{simple.fine:,.2f}元应于{due.last_day:%Y-%m-%d}前缴纳", due_at=due.due_at,
                warn_from=due.due_at - dt.timedelta(days=3), unit=PeriodUnit(due.unit), assignee=lead_user(case),
                provisional=due.provisional, basis="当事人应当自收到行政处罚决定书之日起十五日内缴纳罚款")
        advance(actor, case, "execute")
    return simple


def record_simple_payment(*, actor: User, case: Case, onsite: bool, paid_on: dt.date | None = None,
                          receipt_number: str = "", ground: str = "") -> Payment:
    """The fine paid at the bank (第67条; paid late, with the 加处罚款 of 第72条 computed) or collected on the
    spot where 第68条 or 第69条 allows it, against the numbered 专用票据 (第70条)."""
    receipt_number = clean_text("receipt_number", "票据号码", receipt_number, max_length=60, required=False)
    today = timezone.localdate()
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "execute", "登记缴纳罚款")
        simple = _record_of(case)
        if not simple.fine:
            raise RuleViolation("本决定未处罚款", field="onsite", rule=PAYMENT_RULE)
        if case.payments.exists():
            raise RuleViolation("罚款已登记缴纳", field="onsite", rule=PAYMENT_RULE)
        handed_on = timezone.localdate(simple.handed_over_at)  # type: ignore[arg-type]  # execute follows it
        if onsite:
            rules.check_onsite_collection(simple.fine, ground, receipt_number)
            paid_on = today
        elif paid_on is None:
            raise RuleViolation("请填写缴纳日期", field="paid_on", rule=PAYMENT_RULE)
        elif paid_on > today:
            raise RuleViolation("缴纳日期不能晚于今天", field="paid_on", rule=PAYMENT_RULE)
        elif paid_on < handed_on:
            raise RuleViolation("缴纳日期不能早于决定书交付之日", field="paid_on", rule=PAYMENT_RULE)
        surcharge = rules.late_payment_surcharge(simple.fine, served_on=handed_on, until=paid_on)
        payment = Payment.objects.create(case=case, paid_on=paid_on, fine=simple.fine, surcharge=surcharge.amount,
                                         recorded_by=actor, recorded_at=timezone.now())
        simple.receipt_number, simple.onsite_ground = receipt_number, ground if onsite else ""
        simple.save(update_fields=["receipt_number", "onsite_ground"])
        obligations.meet(subject=case, rule=PAYMENT_RULE)
        record(actor, case, "case.paid", paid_on=paid_on, fine=simple.fine, surcharge=surcharge.amount,
               overdue_days=surcharge.days, onsite=onsite, ground=simple.onsite_ground, receipt_number=receipt_number)
    return payment


def file_with_agency(*, actor: User, case: Case, note: str = "") -> SimpleRecord:
    """The on-the-spot decision filed with the agency (备案, 第52条): once, after it was handed over; meets the
    filing obligation opened at the decision."""
    note = clean_text("note", "备案说明", note, max_length=300, required=False)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        if case.stage not in ("execute", "file"):
            raise RuleViolation(f"当场处罚决定交付后方可备案，案件现在“{case.stage_label}”环节", field="note",
                                rule=ONSITE_RULE)
        simple = _record_of(case)
        if simple.filed_at is not None:
            raise RuleViolation(f"已于{timezone.localtime(simple.filed_at):%Y-%m-%d %H:%M}报所属行政机关备案",
                                field="note", rule=ONSITE_RULE)
        simple.filed_at, simple.filed_by, simple.filed_note = timezone.now(), actor, note
        simple.save(update_fields=["filed_at", "filed_by", "filed_note"])
        obligations.meet(subject=case, rule=ONSITE_RULE, at=simple.filed_at)
        record(actor, case, "case.filed", document=simple.decision_id, note=note)
    return simple
