"""行政征收征用 and 行政收费 (GEN-02): a case started on an item of the 行政执法事项清单 whose basis it carries, the
amount computed from a base and the standard (for 收费, the item's 收费标准), the decision signed by the agency
head as a numbered 征收决定书 / 征用决定书 / 收费通知书 telling the remedies, served as every document is
(``notice.record_service``, which calls ``served`` here), and settled against a receipt — which closes it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.agencies.models import ActionKind, Agency, Domain, Officer, name_of
from zhifa.agencies.permissions import require
from zhifa.agencies.rules import Act
from zhifa.cases import drafts, guards, levy_rules
from zhifa.cases.levy_rules import LateKind, LevyKind, ReturnState
from zhifa.cases.models import Case, CaseOfficer, CaseParty, CaseSettings, CaseSource, Levy, LevyPayment
from zhifa.catalog.evaluate import item_in_force
from zhifa.catalog.snapshot import display
from zhifa.core.dates import cn_date
from zhifa.core.errors import RuleViolation
from zhifa.documents import actions as documents
from zhifa.documents.models import IssuedDocument
from zhifa.ledger.digest import sm3
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import PeriodUnit
from zhifa.parties.models import Party
from zhifa.records.models import Evidence

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from zhifa.cases.actions.base import (
    clean_text,
    decided,
    ensure_stage,
    ensure_writable,
    lead_user,
    lock,
    qualified_team,
    record,
    started_by,
)
from zhifa.cases.actions.enforcement import COURT_RULE, Enforced, reads
from zhifa.cases.actions.engine import advance

# The process of each action kind, and the kinds of levy each process decides.
PROCESS_OF = {ActionKind.EXPROPRIATION: "expropriation", ActionKind.CHARGE: "charge"}
KINDS_OF = {"expropriation": (LevyKind.EXPROPRIATE, LevyKind.REQUISITION), "charge": (LevyKind.CHARGE,)}



def levy_of(case: Case) -> Levy:
    try:
        return case.levy
    except Levy.DoesNotExist:
        raise RuleViolation("本案不是征收征用或收费案件", field="case", rule=levy_rules.ASSESS_RULE) from None


def start_levy_case(*, actor: User, unit: Agency, token: str, process: str, kind: str, item_code: str, title: str,
                    facts: str, act_on: dt.date, place: Agency, officers: Iterable[Officer], party: Party,
                    lead: Officer | None = None) -> Case:
    """Start a 征收征用 or 收费 case on an item of the agency's 事项清单 in force: its basis (and, for 收费, its
    standard) copied as the list says today; officers qualified for the act; ``act_on`` the day the levy arose (the
    land's agreed start of development, the application for registration), never later than today. The same form
    sent twice (its ``token``) returns the case it started."""
    require(actor, "case.handle", unit)
    token = clean_text("token", "表单标识", token, max_length=40)
    existing = started_by(Levy, token, unit)
    if existing is not None:
        return existing
    title = clean_text("title", "事由", title, max_length=200)
    facts = clean_text("facts", "事实", facts, max_length=5000)
    if process not in KINDS_OF:
        raise RuleViolation("请选择征收征用或收费", field="process", rule=levy_rules.ASSESS_RULE)
    if kind not in KINDS_OF[process]:
        raise RuleViolation("类别与程序不符：" + "、".join(LevyKind(k).label for k in KINDS_OF[process]),
                            field="kind", rule=levy_rules.ASSESS_RULE)
    now = timezone.now()
    today = timezone.localdate(now)
    if act_on > today:
        raise RuleViolation("事由发生日期不能晚于今天", field="act_on", rule=levy_rules.ASSESS_RULE)
    agency = unit.enclosing_agency()
    item = item_in_force(agency, item_code, today)
    if item is None:
        raise RuleViolation(f"本机关现行行政执法事项清单中没有编码为“{item_code}”的事项", field="item_code",
                            rule="GEN-05")
    if PROCESS_OF.get(item["action_kind"]) != process:
        raise RuleViolation(f"“{item['name']}”不是{'行政收费' if process == 'charge' else '行政征收征用'}事项",
                            field="item_code", rule="GEN-05")
    basis = display("basis", item.get("basis"))
    if basis == "—":
        raise RuleViolation(f"事项清单中“{item['name']}”未载明法律依据，不得作出决定", field="item_code",
                            rule=levy_rules.ASSESS_RULE)
    # the 收费标准 binds a 收费; for a 征收 or 征用 it is where the assessment's standard starts from
    standard = (item.get("fees") or "").strip()
    standard = "" if standard == "不收费" else standard
    if process == "charge" and not standard:
        raise RuleViolation(f"事项清单中“{item['name']}”未载明收费标准，不得收费", field="item_code",
                            rule=levy_rules.ASSESS_RULE)
    domain = Domain.objects.filter(code=item["domain"]).first() if item.get("domain") else None
    if domain is None:
        raise RuleViolation(f"执法事项“{item['name']}”未写明执法领域，无法核对执法证的执法类别", field="item_code",
                            rule="GEN-03")
    team = qualified_team(officers, agency, Act(kind=ActionKind(item["action_kind"]), domain=domain, place=place,
                                                on=today))
    lead = lead if lead is not None and lead.pk in {o.pk for o in team} else team[0]
    if not party.agencies.filter(agency=agency).exists():
        raise RuleViolation("当事人须先登记在本机关（按证件号码查找或登记）", field="party")
    try:
        with transaction.atomic():
            case = Case.objects.create(
                agency=agency, unit=unit, process=process, stage="assess", stage_since=now, title=title,
                summary=facts, source=CaseSource.APPLICATION if process == "charge" else CaseSource.INSPECTION,
                action_kind=item["action_kind"], item_code=item_code, item_name=item["name"], domain=domain,
                place=place, act_on=act_on, registered_at=now, registered_by=actor, opened_on=today)
            CaseOfficer.objects.bulk_create([CaseOfficer(case=case, officer=o, lead=o.pk == lead.pk, assigned_at=now)
                                             for o in team])
            CaseParty.objects.create(case=case, party=party, added_by=actor, added_at=now)
            Levy.objects.create(case=case, token=token, kind=kind, basis=basis, standard=standard)
            record(actor, case, "case.registered", title=title, item=item_code, process=process, levy_kind=kind,
                   basis=basis, standard=standard, officers=sorted(o.pk for o in team), lead=lead.pk,
                   act_on=act_on, parties=[party.pk], opened_on=today)
    except IntegrityError:  # the same form sent twice at once: the other request started the case
        existing = started_by(Levy, token, unit)
        if existing is None:
            raise
        return existing
    return case


def assess_levy(*, actor: User, case: Case, base_label: str, base: Decimal, base_unit: str, rate: Decimal,
                rate_unit: str, standard: str = "") -> Levy:
    """The amount computed from its base and standard (``levy_rules.assess``), stored with both and the formula;
    for 收费 the standard is the 事项清单's and cannot be rewritten here. Assessed again before the decision, the
    new figures replace the old (each assessment is in the ledger)."""
    base_label = clean_text("base_label", "计征基数名称", base_label, max_length=60)
    base_unit = clean_text("base_unit", "基数单位", base_unit, max_length=10)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "assess", "核定数额")
        assessment = levy_rules.assess(base_label=base_label, base=base, base_unit=base_unit, rate=rate,
                                       rate_unit=rate_unit)
        levy = levy_of(case)
        if levy.kind != LevyKind.CHARGE:
            levy.standard = clean_text("standard", "标准", standard, max_length=500)
        levy.base_label, levy.base, levy.base_unit = base_label, base, base_unit
        levy.rate, levy.rate_unit, levy.amount = rate, rate_unit, assessment.amount
        levy.formula, levy.assessed_at, levy.assessed_by = assessment.formula, timezone.now(), actor
        levy.save(update_fields=["standard", "base_label", "base", "base_unit", "rate", "rate_unit", "amount",
                                 "formula", "assessed_at", "assessed_by"])
        record(actor, case, "case.levy_assessed", standard=levy.standard, base_label=base_label, base=base,
               base_unit=base_unit, rate=rate, rate_unit=rate_unit, amount=assessment.amount,
               formula=assessment.formula)
    return levy


LEVY_FIELDS = ("performance", "review_body", "court", "charge_days", "late_kind", "late_rate", "late_basis")
LEVY_TEMPLATES = tuple(levy_rules.TEMPLATE_OF.values())


@drafts.register(PROCESS_OF[ActionKind.CHARGE], LEVY_FIELDS, LEVY_TEMPLATES)
@drafts.register(PROCESS_OF[ActionKind.EXPROPRIATION], LEVY_FIELDS, LEVY_TEMPLATES)
def levy_draft(case: Case, given: Mapping[str, Any], on: dt.date) -> drafts.Drafted:
    """The numbered 征收决定书, 征用决定书 or 收费通知书 ``decide_levy`` would issue with ``given``: on the assessed
    amount and the item's basis, with the remedies and, where the basis provides one, the daily 加处罚款 or 滞纳金
    on what is paid late, its standard told (行政强制法 第45条). Writes nothing, takes no number."""
    labels = (("performance", "缴纳（支付）方式"), ("review_body", "复议机关"), ("court", "管辖法院"))
    text = {field: clean_text(field, label, given.get(field), max_length=500) for field, label in labels}
    late_kind = str(given.get("late_kind") or "")
    late_basis = clean_text("late_basis", "加处依据", given.get("late_basis"), max_length=300, required=False)
    levy = levy_of(case)
    if levy.amount is None:
        raise RuleViolation("尚未核定数额", field="performance", rule=levy_rules.ASSESS_RULE)
    kind = LevyKind(levy.kind)
    days = given.get("charge_days")
    charge_days = levy_rules.check_charge_days(int(days) if days not in (None, "") else 15) \
        if kind == LevyKind.CHARGE else levy.charge_days
    rate = given.get("late_rate")
    late_rate = levy_rules.check_late_rate(None if rate in (None, "") else Decimal(str(rate)), late_kind, late_basis)
    late = ""
    if late_rate is not None:
        if kind == LevyKind.REQUISITION:
            raise RuleViolation("征用由本机关支付补偿，不加处罚款或者滞纳金", field="late_rate",
                                rule=levy_rules.LATE_RULE)
        late = (f"。逾期不缴纳的，依照{late_basis}的规定，自逾期之日起每日按未缴数额的"
                f"{levy_rules.number(late_rate)}%加处{LateKind(late_kind).label}，加处的数额不超出应缴数额"
                "（《中华人民共和国行政强制法》第四十五条）")
    else:
        late_kind = late_basis = ""
    when = {LevyKind.EXPROPRIATE: f"自收到本决定书之日起{levy_rules.IDLE_LAND_PAYMENT_DAYS}日内",
            LevyKind.REQUISITION: "",
            LevyKind.CHARGE: f"自收到本通知书之日起{charge_days}日内"}[kind]
    parties = [link.party for link in case.party_links.select_related("party")]
    fields = {**text, "charge_days": charge_days, "late_kind": late_kind, "late_rate": late_rate,
              "late_basis": late_basis}
    return drafts.Drafted(levy_rules.TEMPLATE_OF[kind], {
        "agency_short": CaseSettings.of(case.agency).agency_short,
        "当事人名称": "、".join(p.name for p in parties), "证件号码": "、".join(p.id_number for p in parties),
        "法定代表人": "、".join(p.rep_name for p in parties if p.rep_name),
        "当事人地址": "、".join(p.address for p in parties if p.address) or "—",
        "事由": case.summary, "依据": levy.basis, "标准": levy.standard, "计算": levy.formula,
        "金额": f"{levy.amount:,.2f}", "履行": when + text["performance"] + late,
        "复议机关": text["review_body"], "管辖法院": text["court"], "机关名称": case.agency.name,
        "日期": cn_date(on)}, fields)


def decide_levy(*, actor: User, case: Case, performance: str, review_body: str, court: str,
                charge_days: int = 15, late_kind: str = "", late_rate: Decimal | None = None,
                late_basis: str = "") -> IssuedDocument:
    """The agency head's decision: the document ``levy_draft`` builds, checked against a reviewed draft before its
    number is taken; the case on to service."""
    given = {"performance": performance, "review_body": review_body, "court": court, "charge_days": charge_days,
             "late_kind": late_kind, "late_rate": late_rate, "late_basis": late_basis}
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.approve", case.agency)
        ensure_writable(case)
        ensure_stage(case, "levy_decision", "作出决定")
        levy = levy_of(case)
        if levy.decision_id is not None:
            raise RuleViolation(f"已作出决定（{levy.decision.number}）", field="performance",  # type: ignore[union-attr]
                                rule=levy_rules.DECISION_RULE)
        today = timezone.localdate()
        drafted = levy_draft(case, given, today)
        guards.check_drafted(case, drafted, today)  # before a number is taken
        doc = documents.issue(actor=actor, agency=case.agency, template=drafted.template, subject=case, on=today,
                              values=drafted.values)
        d = drafted.given
        levy.decision, levy.charge_days = doc, d["charge_days"]
        if d["late_rate"] is not None:
            levy.late_kind, levy.late_rate, levy.late_basis = d["late_kind"], d["late_rate"], d["late_basis"]
        levy.save(update_fields=["decision", "charge_days", "late_kind", "late_rate", "late_basis"])
        case.number = doc.number
        case.save(update_fields=["number"])
        record(actor, case, "case.levy_decided", by_name=name_of(actor), document=doc.pk, number=doc.number,
               amount=levy.amount,
               basis=levy.basis, late_kind=d["late_kind"], late_rate=d["late_rate"], late_basis=d["late_basis"],
               draft_sm3=sm3(drafted.text.encode()))
        decided(actor, case, doc)  # its publication's draft (执法机关、对象、类别、结论; 20 working days)
        advance(actor, case, "levy_service")
    return doc


def served(case: Case, document: IssuedDocument, served_on: dt.date) -> None:
    """Called by ``record_service`` inside its transaction when a levy's decision reaches the party: the day it
    falls due, and the obligation to pay by then (the agency's to see to)."""
    levy = levy_of(case)
    if levy.decision_id != document.pk or levy.amount is None:
        return
    due = levy_rules.payment_due(levy.kind, served_on, levy.charge_days or 0)
    if due is None:
        return
    levy.due_on = due.last_day
    levy.save(update_fields=["due_on"])
    obligations.ensure_obligation(
        agency=case.unit, subject=case, rule=due.rule,
        title=f"当事人应于{due.last_day:%Y-%m-%d}前缴纳{levy.amount:,.2f}元（{document.title}{document.number}）",
        due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=5), unit=PeriodUnit(due.unit),
        assignee=lead_user(case), provisional=due.provisional, basis=f"{document.title}载明的缴纳期限")


def balance_of(levy: Levy, on: dt.date) -> levy_rules.Balance:
    """The levy on ``on``: amount, 加处罚款 or 滞纳金 accrued, paid and still owed (行政强制法 第45条)."""
    assert levy.amount is not None
    return levy_rules.balance(amount=levy.amount, due_on=levy.due_on, late_rate=levy.late_rate,
                              payments=[(p.paid_on, p.amount) for p in levy.payments.all()], on=on)


def record_settlement(*, actor: User, case: Case, settled_on: dt.date, amount: Decimal, receipt: Evidence,
                      receipt_number: str = "") -> LevyPayment:
    """A part or the rest of what the party owes (征收, 收费: the amount and any 加处罚款 or 滞纳金 accrued by
    ``settled_on``), or of the compensation paid to them (征用), against its receipt filed as evidence; the parts
    are summed, and once nothing is owed — and a requisitioned property's return is recorded — the payment
    obligation is met and the case closes."""
    receipt_number = clean_text("receipt_number", "票据号码", receipt_number, max_length=60, required=False)
    if settled_on > timezone.localdate():
        raise RuleViolation("缴纳（支付）日期不能晚于今天", field="settled_on", rule=levy_rules.RECEIPT_RULE)
    if not amount.is_finite() or amount <= 0:
        raise RuleViolation("数额须大于零", field="amount", rule=levy_rules.RECEIPT_RULE)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "settle", "登记缴纳（补偿）")
        levy = levy_of(case)
        if levy.settled_on is not None:
            raise RuleViolation("已足额缴纳（支付），不能重复登记", field="amount", rule=levy_rules.RECEIPT_RULE)
        if not case.evidence_links.filter(evidence=receipt).exists():
            raise RuleViolation("凭证须先登记为本案证据", field="receipt", rule=levy_rules.RECEIPT_RULE)
        if levy.payments.filter(receipt=receipt).exists():
            raise RuleViolation("该凭证已登记过一笔缴纳（支付）", field="receipt", rule=levy_rules.RECEIPT_RULE)
        service = case.services.filter(document_id=levy.decision_id).first()
        if service is not None and settled_on < service.served_on:
            raise RuleViolation("缴纳（支付）日期不能早于决定书送达之日", field="settled_on",
                                rule=levy_rules.RECEIPT_RULE)
        last = levy.payments.order_by("-paid_on").first()
        if last is not None and settled_on < last.paid_on:
            raise RuleViolation(f"缴纳（支付）日期不能早于上一笔（{cn_date(last.paid_on)}）", field="settled_on",
                                rule=levy_rules.RECEIPT_RULE)
        owed = balance_of(levy, settled_on)
        if amount > owed.owed:
            raise RuleViolation(f"截至{cn_date(settled_on)}尚欠 {owed.owed:,.2f} 元"
                                + (f"（含{levy.get_late_kind_display()} {owed.late:,.2f} 元）" if owed.late else "")
                                + f"，登记的是 {amount:,.2f} 元", field="amount", rule=levy_rules.RECEIPT_RULE)
        payment = LevyPayment.objects.create(levy=levy, paid_on=settled_on, amount=amount, receipt=receipt,
                                             receipt_number=receipt_number, recorded_by=actor,
                                             recorded_at=timezone.now())
        left = owed.owed - amount
        record(actor, case, "case.levy_settled", settled_on=settled_on, amount=amount, receipt=receipt.pk,
               receipt_number=receipt_number, late=owed.late, owed=left, digests=[receipt.blob.sm3])
        if left == 0:
            levy.settled_on, levy.settled_amount, levy.receipt = settled_on, owed.paid + amount, receipt
            levy.receipt_number, levy.settled_by = receipt_number, actor
            levy.save(update_fields=["settled_on", "settled_amount", "receipt", "receipt_number", "settled_by"])
            for rule in (levy_rules.IDLE_LAND_PAYMENT_RULE, levy_rules.CHARGE_PAYMENT_RULE, COURT_RULE):
                obligations.meet(subject=case, rule=rule)
            if levy.kind != LevyKind.REQUISITION or levy.returned_on is not None:
                advance(actor, case, "close")
    return payment


def record_return(*, actor: User, case: Case, returned_on: dt.date, state: str, note: str = "") -> Levy:
    """The requisitioned property given back when its use ended, and the state it came back in — or its loss
    (突发事件应对法 第十二条); damaged or lost, the note says how, for the compensation."""
    note = clean_text("note", "返还情况", note, max_length=2000, required=state != ReturnState.INTACT)
    if returned_on > timezone.localdate():
        raise RuleViolation("返还日期不能晚于今天", field="returned_on", rule=levy_rules.RETURN_RULE)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        if state not in ReturnState.values:
            raise RuleViolation("请选择返还时的状态", field="state", rule=levy_rules.RETURN_RULE)
        levy = levy_of(case)
        if levy.kind != LevyKind.REQUISITION:
            raise RuleViolation("只有征用的财产需要返还", field="state", rule=levy_rules.RETURN_RULE)
        ensure_stage(case, "settle", "登记财产返还")
        if levy.returned_on is not None:
            raise RuleViolation("已登记财产返还", field="state", rule=levy_rules.RETURN_RULE)
        service = case.services.filter(document_id=levy.decision_id).first()
        if service is not None and returned_on < service.served_on:
            raise RuleViolation("返还日期不能早于征用决定书送达之日", field="returned_on",
                                rule=levy_rules.RETURN_RULE)
        levy.returned_on, levy.return_state, levy.return_note, levy.returned_by = returned_on, state, note, actor
        levy.save(update_fields=["returned_on", "return_state", "return_note", "returned_by"])
        record(actor, case, "case.levy_returned", returned_on=returned_on, state=state, note=note)
        if levy.settled_on is not None:
            advance(actor, case, "close")
    return levy


@reads("expropriation")
@reads("charge")
def levy_enforced(case: Case, day: dt.date, field: str, rule: str) -> Enforced:
    """A 征收 or 收费 not paid by its day is urged and taken to the court as a fine is (行政强制法 第53、54条):
    what is owed is the rest of the amount and the 加处罚款 or 滞纳金 accrued (第45条)."""
    levy = levy_of(case)
    service = case.services.filter(document_id=levy.decision_id).first() if levy.decision_id else None
    if levy.decision is None or service is None or levy.amount is None:
        raise RuleViolation("决定书（收费通知书）尚未送达", field=field, rule=rule)
    if levy.kind == LevyKind.REQUISITION:
        raise RuleViolation("征用由本机关支付补偿，没有催告和申请人民法院强制执行环节", field=field, rule=rule)
    now = balance_of(levy, day)
    late = f"、{levy.get_late_kind_display()}{now.late:,.2f}元" if now.late else ""
    return Enforced(
        urge_stage="settle", court_stage="settle", title=levy.decision.title, number=levy.decision.number,
        served_on=service.served_on, content=f"{levy.get_kind_display()}{levy.amount:,.2f}元",
        owed=f"未缴{max(Decimal(0), levy.amount - now.paid):,.2f}元{late}（截至{cn_date(day)}），合计{now.owed:,.2f}元",
        amount=now.owed, complied=now.owed == 0, remedy_pending=False,
        not_urgeable="" if levy.due_on is not None and day > levy.due_on and now.owed > 0
        else "尚未逾期或者已缴清，无需催告")
