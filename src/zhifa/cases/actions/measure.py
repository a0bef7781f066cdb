"""行政强制措施 — 查封、扣押 (行政强制法 第9、16–28条): a measure asked for with its reason and basis and approved
by the agency head before it is carried out, or carried out on the spot in an emergency, reported within 24 hours
and approved afterwards (第19条); carried out by two qualified officers who show their credentials, tell the party
the reasons, basis, rights and remedies and hear them, in a 现场笔录 signed by the party and the officers (第18条),
with the 查封（扣押）决定书 and 清单 handed over on the spot (第24条); held at most 30 days, 30 more with the head's
written approval, testing time not counted (第25条); released when no longer needed or when the period ran out
(第28条), and at once when the head refuses an emergency measure afterwards (第19条). A measure may secure the
evidence or property of a 行政处罚 case: it is then linked to that case (``punishment_case``)."""

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
from zhifa.cases import drafts, guards, rules
from zhifa.cases import measure_rules as mr
from zhifa.cases.models import (
    Case,
    CaseOfficer,
    CaseParty,
    CaseSettings,
    CaseSource,
    CaseState,
    DisposalKind,
    Measure,
    MeasureKind,
    MeasureTesting,
    ReleaseGround,
    Service,
    ServiceMethod,
    TestingKind,
)
from zhifa.cases.rules import Deadline, check_signatures
from zhifa.catalog import processes
from zhifa.core.dates import cn_date
from zhifa.core.errors import RuleViolation
from zhifa.documents import actions as documents
from zhifa.ledger import chain as ledger
from zhifa.ledger.digest import sm3
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
from zhifa.cases.actions.execution import decision_of

PROCESS = "coercive_measure"
# the 行政处罚 cases a measure may serve (their evidence, the property a penalty may confiscate)
PUNISHMENT_PROCESSES = ("punishment_general", "punishment_simple")



def _cn_time(at: dt.datetime) -> str:
    local = timezone.localtime(at)
    return f"{cn_date(local.date())}{local.hour}时{local.minute:02d}分"


def measure_of(case: Case) -> Measure:
    try:
        return case.measure
    except Measure.DoesNotExist:
        raise RuleViolation("本案不是行政强制措施案件", field="case", rule=mr.MEASURE_RULE) from None


def measure_due(measure: Measure) -> Deadline | None:
    """The last day of the measure as it stands: 30 days, the extension, the testing days told to the party (a
    freeze has none, 第32条)."""
    if measure.started_on is None:
        return None
    if measure.kind == MeasureKind.FREEZE:
        return mr.freeze_due(measure.started_on, extended=measure.extension_id is not None)
    return mr.hold_due(measure.started_on, extended=measure.extension_id is not None,
                       testing_days=sum(t.days for t in measure.testings.all()))


def _party_values(case: Case) -> dict[str, str]:
    links = [link.party for link in case.party_links.select_related("party")]
    return {"当事人名称": "、".join(p.name for p in links), "证件号码": "、".join(p.id_number for p in links),
            "当事人地址": "、".join(p.address for p in links if p.address) or "—"}


def hold_rule(measure: Measure) -> str:
    """The article of the measure's period: 第32条 for a freeze, 第25条 for a 查封、扣押."""
    return mr.FREEZE_HOLD_RULE if measure.kind == MeasureKind.FREEZE else mr.HOLD_RULE


def _open_hold_deadline(case: Case, measure: Measure) -> None:
    due = measure_due(measure)
    assert due is not None
    freeze = measure.kind == MeasureKind.FREEZE
    obligations.ensure_obligation(
        agency=case.unit, subject=case, rule=hold_rule(measure), title=f"{measure.get_kind_display()}期限至"
        f"{due.last_day:%Y-%m-%d}届满，应在此前作出处理决定或者解除", due_at=due.due_at,
        warn_from=due.due_at - dt.timedelta(days=5), unit=PeriodUnit(due.unit), assignee=lead_user(case),
        provisional=due.provisional,
        basis="自冻结存款、汇款之日起三十日内，行政机关应当作出处理决定或者作出解除冻结决定；情况复杂的，经行政机关负责人"
              "批准，可以延长，但是延长期限不得超过三十日" if freeze else
              "查封、扣押的期限不得超过三十日；情况复杂的，经行政机关负责人批准，可以延长，但是延长期限不得超过三十日；"
              "检测、检验、检疫或者技术鉴定的期间不计入")


def start_measure(*, actor: User, unit: Agency, token: str, item_code: str, kind: str, title: str, facts: str,
                  reason: str, basis: str, items: str, keeping: str, spot: str, place: Agency, act_on: dt.date,
                  officers: Iterable[Officer], party: Party | None = None,
                  new_party: Mapping[str, Any] | None = None, lead: Officer | None = None,
                  punishment_case: Case | None = None, emergency: bool = False, emergency_reason: str = "",
                  acted_at: dt.datetime | None = None, bank: str = "", account: str = "",
                  freeze_amount: Decimal | None = None) -> Case:
    """Ask for a 查封 or 扣押 of the item of the agency's list: its reason, basis and the things it takes, by two
    officers each qualified for the act (第18条第二项). Without an emergency it waits for the head's approval
    (第18条第一项). In an emergency (``emergency_reason``) it was carried out on the spot at ``acted_at``: it goes
    straight to 实施, and the report to the head is due 24 hours after (第19条, an obligation). Linked to the
    ``punishment_case`` it serves, if any. The same form sent twice (``token``) returns the case it started.
    A 冻结 (``bank``, ``account``, ``freeze_amount``) only by an agency a law names (第29条, its setting), with the
    head's approval first — never on the spot (第30条 keeps 第18条第一项)."""
    require(actor, "case.handle", unit)
    token = clean_text("token", "表单标识", token, max_length=40)
    existing = started_by(Measure, token, unit)
    if existing is not None:
        return existing
    if kind not in MeasureKind.values:
        raise RuleViolation("请选择查封、扣押或者冻结存款、汇款", field="kind", rule="行政强制法 第9条")
    freeze = kind == MeasureKind.FREEZE
    title = clean_text("title", "案由", title, max_length=200)
    facts = clean_text("facts", "涉嫌违法的事实", facts, max_length=5000)
    reason = clean_text("reason", "采取行政强制措施的理由", reason, max_length=2000)
    basis = clean_text("basis", "采取行政强制措施的依据", basis, max_length=500)
    if freeze:
        mr.check_freeze(authorised_by=CaseSettings.of(unit.enclosing_agency()).freeze_basis, amount=freeze_amount)
        bank = clean_text("bank", "金融机构", bank, max_length=200)
        account = clean_text("account", "冻结的账号", account, max_length=60)
        assert freeze_amount is not None
        freeze_amount = rules.yuan(freeze_amount, field="freeze_amount", label="冻结数额")
        if emergency:
            raise RuleViolation("冻结存款、汇款须事先经行政机关负责人批准，不得当场实施", field="emergency",
                                rule=mr.FREEZE_RULE)
        items, keeping = f"{bank}账号{account}内的存款、汇款{freeze_amount}元", f"由{bank}协助冻结"
    else:
        bank, account, freeze_amount = "", "", None
    items = clean_text("items", "查封（扣押）的场所、设施或者财物", items, max_length=5000)
    keeping = clean_text("keeping", "保管方式和场所", keeping, max_length=300)
    spot = clean_text("spot", "实施地点", spot, max_length=200)
    emergency_reason = clean_text("emergency_reason", "情况紧急的理由", emergency_reason, max_length=2000,
                                  required=emergency)
    now = timezone.now()
    today = timezone.localdate(now)
    if act_on > today:
        raise RuleViolation("涉嫌违法行为的发生日期不能晚于今天", field="act_on", rule=mr.MEASURE_RULE)
    if emergency:
        if acted_at is None:
            raise RuleViolation("情况紧急当场实施的，请填写实施时间", field="acted_at", rule=mr.EMERGENCY_RULE)
        mr.check_acted_at(acted_at=acted_at, now=now, approved_at=None, emergency=True)
    elif emergency_reason or acted_at is not None:
        raise RuleViolation("未经批准不得实施：不是情况紧急当场实施的，不填实施时间和紧急理由", field="emergency",
                            rule=mr.MEASURE_RULE)
    agency = unit.enclosing_agency()
    item, domain = item_with_domain(agency, item_code, today, kind=ActionKind.COERCION, not_kind="不是行政强制事项",
                                    rule="行政强制法 第17条")
    act = Act(kind=ActionKind.COERCION, domain=domain, place=place, on=today)
    team = qualified_team(officers, agency, act)
    try:
        check_enforcement_team(team, act)  # 行政强制法 第18条第二项: two or more qualified officers
    except RuleViolation as e:
        raise RuleViolation(e.message, rule=f"{mr.MEASURE_RULE}、GEN-03 持证上岗", field="officers",
                            details=e.details) from None
    lead = lead if lead is not None and lead.pk in {o.pk for o in team} else team[0]
    if punishment_case is not None and (punishment_case.agency_id != agency.pk
                                        or punishment_case.process not in PUNISHMENT_PROCESSES):
        raise RuleViolation("只能关联本机关的行政处罚案件", field="punishment_case")
    if punishment_case is not None and punishment_case.state != CaseState.ACTIVE:
        raise RuleViolation(f"行政处罚案件“{punishment_case}”已结案，不能再为其实施行政强制措施",
                            field="punishment_case")
    if party is None and not new_party:
        raise RuleViolation("请按证件号码查找当事人，或填写当事人信息", field="name", rule=mr.MEASURE_RULE)
    if party is not None and not party.agencies.filter(agency=agency).exists():
        raise RuleViolation("当事人须先登记在本机关（按证件号码查找或登记）", field="party")
    try:
        with transaction.atomic():
            if party is None:
                party = parties.record_party(actor=actor, agency=agency, **dict(new_party or {})).party
            source_note = f"行政处罚案件{punishment_case}" if punishment_case is not None else "执法检查中发现"
            case = Case.objects.create(
                agency=agency, unit=unit, process=PROCESS, stage="approve", stage_since=now, title=title,
                summary=facts, source=CaseSource.INSPECTION, source_note=source_note[:300],
                action_kind=ActionKind.COERCION, item_code=item_code, item_name=item["name"], domain=domain,
                place=place, act_on=act_on, registered_at=now, registered_by=actor, opened_on=today)
            CaseOfficer.objects.bulk_create([CaseOfficer(case=case, officer=o, lead=o.pk == lead.pk, assigned_at=now)
                                             for o in team])
            CaseParty.objects.create(case=case, party=party, added_by=actor, added_at=now)
            measure = Measure.objects.create(
                case=case, token=token, kind=kind, punishment_case=punishment_case, items=items, keeping=keeping,
                reason=reason, basis=basis, spot=spot, emergency=emergency, emergency_reason=emergency_reason,
                requested_by=actor, requested_at=now, acted_at=acted_at, bank=bank, account=account,
                freeze_amount=freeze_amount)
            record(actor, case, "case.registered", title=title, source=CaseSource.INSPECTION, item=item_code,
                   process=PROCESS, officers=sorted(o.pk for o in team), lead=lead.pk, act_on=act_on,
                   parties=[party.pk], opened_on=today, measure=kind, emergency=emergency,
                   emergency_reason=emergency_reason, acted_at=acted_at, bank=bank, account=account,
                   freeze_amount=freeze_amount, punishment_case=punishment_case.pk if punishment_case else None)
            if emergency:
                assert acted_at is not None
                due = mr.report_due(acted_at)
                obligations.ensure_obligation(
                    agency=unit, subject=case, rule=mr.EMERGENCY_RULE,
                    title=f"当场实施的{measure.get_kind_display()}应于{timezone.localtime(due):%Y-%m-%d %H:%M}前"
                    "向行政机关负责人报告", due_at=due, warn_from=due - dt.timedelta(hours=4),
                    unit=PeriodUnit.DAY, assignee=lead_user(case),
                    basis="情况紧急，需要当场实施行政强制措施的，应当在二十四小时内向行政机关负责人报告，并补办批准手续")
                advance(actor, case, "implement", "情况紧急，当场实施")
    except IntegrityError:  # the same form sent twice at once: the other request started the case
        existing = started_by(Measure, token, unit)
        if existing is None:
            raise
        return existing
    return case


def report_emergency(*, actor: User, case: Case, reported_at: dt.datetime, late_reason: str = "") -> Measure:
    """The report of an emergency measure to the head (第19条): at hour 24 in time; later recorded as late, with the
    reason it came late. Meets the report obligation."""
    late_reason = clean_text("late_reason", "超过24小时报告的原因", late_reason, max_length=2000, required=False)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        measure = measure_of(case)
        if not measure.emergency or measure.acted_at is None:
            raise RuleViolation("不是情况紧急当场实施的行政强制措施，应当事先报请批准", field="reported_at",
                                rule=mr.EMERGENCY_RULE)
        if measure.reported_at is not None:
            raise RuleViolation(f"已于{_cn_time(measure.reported_at)}向负责人报告", field="reported_at",
                                rule=mr.EMERGENCY_RULE)
        late = mr.check_report(acted_at=measure.acted_at, reported_at=reported_at, now=timezone.now(),
                               late_reason=late_reason)
        measure.reported_at, measure.report_late_reason = reported_at, late_reason if late else ""
        measure.save(update_fields=["reported_at", "report_late_reason"])
        obligations.meet(subject=case, rule=mr.EMERGENCY_RULE, at=reported_at)
        record(actor, case, "case.measure_reported", reported_at=reported_at, late=late,
               late_reason=measure.report_late_reason)
    return measure


# 行政强制法 第25条、第32条: the period runs from the day the measure is carried out, which the draft reviewed
# before it does not know (the decision's date, blanked in every draft, is that day too).
drafts.ACT_DATES.update({template: {"起始日期": "（实施之日的次日）", "截止日期": "（期限届满之日）"}
                         for template in ("seizure_decision", "freeze_decision")})
DECISION_FIELDS = ("review_body", "court")


@drafts.register(PROCESS, DECISION_FIELDS, ("seizure_decision", "freeze_decision"))
def measure_draft(case: Case, given: Mapping[str, Any], on: dt.date) -> drafts.Drafted:
    """The 查封（扣押）决定书 (第24条) or the 冻结决定书 (第31条) the measure carried out on ``on`` would issue: the
    measure as asked for — reason, basis, what it takes and how it is kept — its period, and the remedies
    ``given``. Taken on the spot in an emergency, its 决定书 was handed over there (第19条、第24条): the draft is
    that decision, so remedies other than its own are refused. Writes nothing, takes no number."""
    review_body = clean_text("review_body", "行政复议机关", given.get("review_body"), max_length=200)
    court = clean_text("court", "有管辖权的人民法院", given.get("court"), max_length=200)
    measure = measure_of(case)
    issued = measure.decision
    if issued is not None:
        for field, label, value in (("review_body", "复议机关", review_body), ("court", "管辖法院", court)):
            if value != issued.values.get(label):
                raise RuleViolation(f"已当场交付的《{issued.title}》（{issued.number}）载明的{label}为"
                                    f"“{issued.values.get(label)}”，送审的决定文本应与之一致", field=field,
                                    rule=mr.EMERGENCY_RULE)
    fields = {"review_body": review_body, "court": court}
    dates = {"起始日期": cn_date(on + dt.timedelta(days=1)), "日期": cn_date(on)}
    if measure.kind == MeasureKind.FREEZE:
        return drafts.Drafted("freeze_decision", {
            **_freeze_values(case, measure), **dates, "理由": measure.reason, "依据": measure.basis,
            "截止日期": cn_date(mr.freeze_due(on).last_day), "复议机关": review_body, "管辖法院": court}, fields)
    return drafts.Drafted("seizure_decision", {
        "agency_short": CaseSettings.of(case.agency).agency_short, **_party_values(case), **dates,
        "查封扣押理由": measure.reason, "查封扣押依据": measure.basis, "措施": measure.get_kind_display(),
        "财物": measure.items, "期限": str(mr.HOLD_DAYS), "截止日期": cn_date(mr.hold_due(on).last_day),
        "保管": measure.keeping, "复议机关": review_body, "管辖法院": court, "机关名称": case.agency.name}, fields)


def _reviewed_draft(case: Case, measure: Measure, review_body: str, court: str, on: dt.date) -> drafts.Drafted:
    """The measure's decision to issue on ``on``, checked — before any of its documents takes a number — to be the
    draft a passed review bound, where the measure needed one (审核制度 第三条; the catalogue of the day of the
    approval counts). One taken on the spot in an emergency is not checked before its 补办批准: its 决定书 is
    handed over there, before any review could be (第19条), and the guard of the 补办批准 compares it."""
    drafted = measure_draft(case, {"review_body": review_body, "court": court}, on)
    if not (measure.emergency and measure.approved is None):
        approved_on = timezone.localdate(measure.approved_at) if measure.approved_at else on
        guards.check_drafted(case, drafted, approved_on)
    return drafted


def approve_measure(*, actor: User, case: Case, agrees: bool, opinion: str) -> Measure:
    """The agency head's decision: before the measure (第18条第一项) — refused, nothing is carried out and the case
    ends; or after an emergency measure was reported (第19条) — refused, the measure is released at once, the
    解除决定书 issued and the case taken to its end in the same transaction."""
    opinion = clean_text("opinion", "审批意见", opinion, max_length=2000)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.approve", case.agency)
        ensure_writable(case)
        measure = measure_of(case)
        if measure.approved is not None:
            raise RuleViolation(f"负责人已于{_cn_time(measure.approved_at)}"  # type: ignore[arg-type]
                                f"{'批准' if measure.approved else '不予批准'}", field="opinion",
                                rule=mr.APPROVAL_RULE)
        if measure.emergency and measure.reported_at is None:
            raise RuleViolation("当场实施的行政强制措施，执法人员尚未向负责人报告（先登记报告时间）", field="opinion",
                                rule=mr.EMERGENCY_RULE)
        if not measure.emergency:
            ensure_stage(case, "approve", "批准实施行政强制措施")
        measure.approved, measure.approval_opinion = agrees, opinion
        measure.approved_by, measure.approved_by_name, measure.approved_at = actor, name_of(actor), timezone.now()
        if agrees:  # 审核制度 第三条: a major measure approved — or, after an emergency, kept — only once reviewed
            guards.hold(processes.MEASURE_REVIEWED_IF_MAJOR, case, timezone.localdate(), "opinion")
        measure.save(update_fields=["approved", "approval_opinion", "approved_by", "approved_by_name",
                                    "approved_at"])
        record(actor, case, "case.measure_approved", agrees=agrees, opinion=opinion, after=measure.emergency)
        if not agrees and measure.emergency:
            # 第19条: “行政机关负责人认为不应当采取行政强制措施的，应当立即解除”
            if measure.release_id is None:  # released already (no longer needed): nothing more to release
                _release(actor, case, measure, ReleaseGround.REFUSED)
            advance(actor, case, "close", "负责人不予批准，立即解除")
        elif not agrees:
            advance(actor, case, "close", "负责人不予批准实施")
    return measure


def record_onsite(*, actor: User, case: Case, party_present: bool, present_name: str = "",
                  statement: str = "", waived: bool = False, signed: bool = False, refusal_reason: str = "",
                  witness: str = "", av_note: str, review_body: str, court: str,
                  acted_at: dt.datetime | None = None) -> Measure:
    """What was done on the spot (第18条): the credentials of the case's officers shown, the party told the reasons,
    basis, rights and remedies and heard (or declining to speak), the 现场笔录 signed by the party — or the refusal
    noted with a witness, or, the party absent, signed by a witness; and the 查封（扣押）决定书 with its 清单 handed
    over there (第24条), each recorded as served. The 30 days of 第25条 start that day (an obligation). Carried out
    with approval, ``acted_at`` is when, after the approval; in an emergency it was given when the measure began."""
    present_name = clean_text("present_name", "到场的当事人或其代理人", present_name, max_length=200,
                              required=party_present)
    statement = clean_text("statement", "当事人的陈述和申辩", statement, max_length=5000, required=False)
    refusal_reason = clean_text("refusal_reason", "拒绝签名的情况", refusal_reason, max_length=2000, required=False)
    witness = clean_text("witness", "见证人", witness, max_length=100, required=False)
    av_note = clean_text("av_note", "音像记录情况", av_note, max_length=500)
    review_body = clean_text("review_body", "行政复议机关", review_body, max_length=200)
    court = clean_text("court", "有管辖权的人民法院", court, max_length=200)
    if party_present:
        if not statement and not waived:
            raise RuleViolation("请记录当事人的陈述和申辩，或注明当事人不陈述、申辩", field="statement",
                                rule=mr.MEASURE_RULE)
        if statement and waived:
            raise RuleViolation("已记录陈述和申辩的，不能同时注明不陈述、申辩", field="waived", rule=mr.MEASURE_RULE)
        check_signatures(signed=signed, refusal_reason=refusal_reason, witness=witness)
    else:
        # 第18条第八项: “当事人不到场的，邀请见证人到场，由见证人和行政执法人员在现场笔录上签名或者盖章”
        if not witness:
            raise RuleViolation("当事人不到场的，应当邀请见证人到场并在现场笔录上签名", field="witness",
                                rule=mr.MEASURE_RULE)
        signed, refusal_reason, statement, waived = False, "当事人不到场", "", False
    now = timezone.now()
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "implement", "登记现场实施情况")
        measure = measure_of(case)
        if measure.kind == MeasureKind.FREEZE:
            raise RuleViolation("冻结存款、汇款的，登记向金融机构交付冻结通知书", field="av_note", rule=mr.FREEZE_RULE)
        if measure.record_id is not None:
            raise RuleViolation(f"已制作现场笔录和查封（扣押）决定书（{measure.decision.number}）",  # type: ignore[union-attr]
                                field="av_note", rule=mr.MEASURE_RULE)
        if measure.emergency:
            if acted_at is not None and acted_at != measure.acted_at:
                raise RuleViolation("当场实施的时间已在登记时填写", field="acted_at", rule=mr.EMERGENCY_RULE)
            acted_at = measure.acted_at
        elif acted_at is None:
            raise RuleViolation("请填写实施时间", field="acted_at", rule=mr.MEASURE_RULE)
        assert acted_at is not None
        mr.check_acted_at(acted_at=acted_at, now=now, approved_at=measure.approved_at, emergency=measure.emergency)
        started_on = timezone.localdate(acted_at)
        drafted = _reviewed_draft(case, measure, review_body, court, started_on)
        measure.credentials = _credentials_shown(case, started_on)
        measure.acted_at, measure.started_on = acted_at, started_on
        measure.party_present, measure.present_name = party_present, present_name
        measure.statement, measure.statement_waived = statement, waived
        measure.party_signed, measure.refusal_reason, measure.witness = signed, refusal_reason, witness
        kind = measure.get_kind_display()
        party = _party_values(case)
        signature = ("当事人已签名" if signed else f"{refusal_reason}；见证人{witness}签名")
        measure.record = documents.issue(actor=actor, agency=case.agency, template="measure_record", subject=case,
                                         on=started_on, values={
            "实施时间": _cn_time(acted_at), "实施地点": measure.spot, "当事人名称": party["当事人名称"],
            "到场人": present_name or "当事人未到场", "执法人员": measure.credentials, "措施": kind,
            "财物": measure.items, "理由": f"{measure.reason}，依据{measure.basis}",
            "陈述申辩": statement or ("当事人未到场" if not party_present else "当事人表示不陈述、申辩"),
            "音像记录": av_note, "签名情况": signature})
        due = mr.hold_due(started_on)
        measure.decision = documents.issue(actor=actor, agency=case.agency, template=drafted.template, subject=case,
                                           on=started_on, values=drafted.values)
        measure.inventory = documents.issue(actor=actor, agency=case.agency, template="seizure_list", subject=case,
                                            on=started_on, values={
            "决定书文号": measure.decision.number, "当事人名称": party["当事人名称"], "措施": kind,
            "财物": measure.items, "保管": measure.keeping,
            "执法人员": "、".join(a.officer.person.name for a in case.assignments.all()),
            "机关名称": case.agency.name, "日期": cn_date(started_on)})
        measure.save(update_fields=["credentials", "acted_at", "started_on", "party_present", "present_name",
                                    "statement", "statement_waived", "party_signed", "refusal_reason", "witness",
                                    "record", "decision", "inventory"])
        for doc in (measure.decision, measure.inventory):  # 第24条: handed over on the spot
            Service.objects.create(
                case=case, document=doc, method=ServiceMethod.DIRECT if signed else ServiceMethod.LEFT,
                served_on=started_on, recipient=present_name if signed else "", witness="" if signed else witness,
                reason="" if signed else f"{refusal_reason}，由见证人{witness}见证，留置于实施现场",
                recorded_by=actor, recorded_at=now)
        case.number = measure.decision.number
        case.save(update_fields=["number"])
        record(actor, case, "case.measure_carried_out", acted_at=acted_at, credentials=measure.credentials,
               party_present=party_present, present_name=present_name, statement=statement, waived=waived,
               signed=signed, refusal_reason=refusal_reason, witness=witness, av_note=av_note,
               record=measure.record.pk, decision=measure.decision.pk, inventory=measure.inventory.pk,
               last_day=due.last_day, draft_sm3=sm3(drafted.text.encode()))
        decided(actor, case, measure.decision)  # its publication draft (执法机关、对象、类别、结论; 20 working days)
        _open_hold_deadline(case, measure)
    return measure


def extend_measure(*, actor: User, case: Case, reason: str, last_day: dt.date) -> Measure:
    """The head's written approval of 30 more days for a complex case (第25条第一款), while the period still runs —
    on its last day, not on the day after — once; the 延长决定书 with its reason is issued for the party, and the
    period's obligation moves. ``last_day`` is the last day the head saw: a second submission extends nothing."""
    reason = clean_text("reason", "延长理由", reason, max_length=2000)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.approve", case.agency)
        ensure_writable(case)
        measure = measure_of(case)
        if case.stage not in ("implement", "hold") or measure.started_on is None or measure.release_id is not None:
            raise RuleViolation("只能延长正在查封（扣押）的期限", field="reason", rule=mr.HOLD_RULE)
        due = measure_due(measure)
        assert due is not None
        if last_day != due.last_day:
            raise RuleViolation(f"期限已变更为{cn_date(due.last_day)}，请刷新页面后重新审批", field="reason",
                                rule=mr.HOLD_RULE)
        today = timezone.localdate()
        mr.check_extension(due=due, on=today, extended=measure.extension_id is not None)
        new_due = (mr.freeze_due(measure.started_on, extended=True) if measure.kind == MeasureKind.FREEZE else
                   mr.hold_due(measure.started_on, extended=True,
                               testing_days=sum(t.days for t in measure.testings.all())))
        assert measure.decision is not None
        measure.extension = documents.issue(actor=actor, agency=case.agency, template="seizure_extension",
                                            subject=case, on=today, values={
            "agency_short": CaseSettings.of(case.agency).agency_short, **_party_values(case),
            "决定书文号": measure.decision.number, "措施": measure.get_kind_display(), "延长理由": reason,
            "标的": measure.items, "条款": "第三十二条" if measure.kind == MeasureKind.FREEZE else "第二十五条第一款",
            "原截止日期": cn_date(due.last_day), "截止日期": cn_date(new_due.last_day),
            "复议机关": measure.decision.values.get("复议机关", ""),
            "管辖法院": measure.decision.values.get("管辖法院", ""),
            "机关名称": case.agency.name, "日期": cn_date(today)})
        measure.extension_reason, measure.extended_by_name, measure.extended_at = reason, name_of(actor), timezone.now()
        measure.save(update_fields=["extension", "extension_reason", "extended_by_name", "extended_at"])
        record(actor, case, "case.measure_extended", reason=reason, document=measure.extension.pk,
               last_day=new_due.last_day, previous_last_day=due.last_day)
        _open_hold_deadline(case, measure)
    return measure


def record_testing(*, actor: User, case: Case, kind: str, institution: str, from_on: dt.date,
                   to_on: dt.date) -> MeasureTesting:
    """A 检测、检验、检疫 or 技术鉴定 of what was seized (第25条第三款): its period definite and told to the party in
    writing (the numbered 告知书), its days — both ends — left out of the 查封、扣押 period, whose obligation moves on
    by them. The period is known when told, so the deadline moves by exactly its days rather than by a clock paused
    and resumed by hand."""
    institution = clean_text("institution", "检测（鉴定）机构", institution, max_length=200)
    if kind not in TestingKind.values:
        raise RuleViolation("请选择检测、检验、检疫或者技术鉴定", field="kind", rule=mr.HOLD_RULE)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        measure = measure_of(case)
        if case.stage not in ("implement", "hold") or measure.started_on is None or measure.release_id is not None \
                or measure.kind == MeasureKind.FREEZE:
            raise RuleViolation("只能为正在查封（扣押）的物品登记检测（鉴定）期间", field="kind", rule=mr.HOLD_RULE)
        due = measure_due(measure)
        assert due is not None and measure.decision is not None
        others = [(t.from_on, t.to_on) for t in measure.testings.all()]
        days = mr.check_testing(from_on=from_on, to_on=to_on, started_on=measure.started_on, due=due, others=others)
        new_due = mr.hold_due(measure.started_on, extended=measure.extension_id is not None,
                              testing_days=sum(t.days for t in measure.testings.all()) + days)
        today = timezone.localdate()
        notice = documents.issue(actor=actor, agency=case.agency, template="testing_notice", subject=case, on=today,
                                 values={
            "agency_short": CaseSettings.of(case.agency).agency_short,
            "当事人名称": _party_values(case)["当事人名称"], "决定书文号": measure.decision.number,
            "措施": measure.get_kind_display(), "种类": TestingKind(kind).label, "机构": institution,
            "起始日期": cn_date(from_on), "截止日期": cn_date(to_on), "新截止日期": cn_date(new_due.last_day),
            "机关名称": case.agency.name, "日期": cn_date(today)})
        testing = MeasureTesting.objects.create(measure=measure, kind=kind, institution=institution, from_on=from_on,
                                                to_on=to_on, notice=notice, recorded_by=actor,
                                                recorded_at=timezone.now())
        record(actor, case, "case.measure_testing", testing=kind, institution=institution, from_on=from_on, to_on=to_on,
               days=days, document=notice.pk, last_day=new_due.last_day)
        _open_hold_deadline(case, measure)
    return testing


def _credentials_shown(case: Case, day: dt.date) -> str:
    """The case's officers with the credentials they showed on ``day`` (第18条第三项), for the 现场笔录."""
    shown = []
    for a in case.assignments.select_related("officer__person").prefetch_related("officer__credentials"):
        credential = a.officer.current_credential(day)
        shown.append(f"{a.officer.person.name}（{credential.number}）" if credential else a.officer.person.name)
    return "、".join(shown)[:300]


def _contact(case: Case) -> str:
    lead = next((a.officer for a in case.assignments.select_related("officer__person") if a.lead), None)
    return f"{lead.person.name}（{case.unit.name}）" if lead is not None else case.unit.name


def _freeze_values(case: Case, measure: Measure) -> dict[str, str]:
    return {"agency_short": CaseSettings.of(case.agency).agency_short, **_party_values(case), "金融机构": measure.bank,
            "账号": measure.account, "数额": str(measure.freeze_amount), "机关名称": case.agency.name}


def _release(actor: User, case: Case, measure: Measure, ground: str) -> None:
    today = timezone.localdate()
    due = measure_due(measure)
    late = due is not None and mr.released_late(due, today)
    if measure.kind == MeasureKind.FREEZE:
        _release_freeze(actor, case, measure, ground, today, late)
        return
    measure.release = documents.issue(actor=actor, agency=case.agency, template="seizure_release", subject=case,
                                      on=today, values={
        "agency_short": CaseSettings.of(case.agency).agency_short, **_party_values(case),
        "决定书文号": measure.decision.number if measure.decision is not None else "",
        "措施": measure.get_kind_display(), "财物": measure.items, "解除理由": ReleaseGround(ground).label,
        "解除日期": cn_date(today), "联系人": _contact(case),
        "机关名称": case.agency.name, "日期": cn_date(today)})
    measure.release_ground, measure.released_on, measure.released_late = ground, today, late
    measure.save(update_fields=["release", "release_ground", "released_on", "released_late"])
    obligations.meet(subject=case, rule=mr.HOLD_RULE)
    record(actor, case, "case.measure_released", ground=ground, document=measure.release.pk, late=late,
           last_day=due.last_day if due is not None else None)


def _release_freeze(actor: User, case: Case, measure: Measure, ground: str, today: dt.date, late: bool) -> None:
    """第33条: the 解除冻结决定书 for the party and the notice to the bank, which then releases at once."""
    assert measure.decision is not None
    values = {**_freeze_values(case, measure), "决定书文号": measure.decision.number, "日期": cn_date(today)}
    words = ReleaseGround(ground).label.replace("查封、扣押的场所、设施或者财物", "冻结的存款、汇款") \
        .replace("查封、扣押", "冻结")
    measure.release = documents.issue(actor=actor, agency=case.agency, template="freeze_release", subject=case,
                                      on=today, values={**values, "解除理由": words, "解除日期": cn_date(today)})
    measure.bank_release = documents.issue(actor=actor, agency=case.agency, template="freeze_notice", subject=case,
                                           on=today, values={**values, "事项": "解除冻结",
                                                             "期限": f"自{cn_date(today)}起解除冻结"})
    measure.release_ground, measure.released_on, measure.released_late = ground, today, late
    measure.save(update_fields=["release", "bank_release", "release_ground", "released_on", "released_late"])
    obligations.meet(subject=case, rule=mr.FREEZE_HOLD_RULE)
    record(actor, case, "case.measure_released", ground=ground, document=measure.release.pk,
           bank_notice=measure.bank_release.pk, late=late, rule=mr.FREEZE_RELEASE_RULE)


def release_measure(*, actor: User, case: Case, ground: str) -> Measure:
    """The 解除查封（扣押）决定书 (第28条) on one of its grounds, today: the measure ends and the things go back; the
    period's obligation is met. Released after the period ran out, it is still made — it must be — and flagged
    late. “期限已经届满” is a ground only once it has."""
    if ground not in ReleaseGround.values or ground == ReleaseGround.REFUSED:
        raise RuleViolation("请选择解除的理由（行政强制法第二十八条第一款、第三十三条第一款）", field="ground",
                            rule=mr.RELEASE_RULE)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        measure = measure_of(case)
        if measure.release_id is not None:
            raise RuleViolation(f"已作出解除决定（{measure.release.number}）", field="ground",  # type: ignore[union-attr]
                                rule=mr.RELEASE_RULE)
        if case.stage not in ("implement", "hold") or measure.started_on is None:
            raise RuleViolation("尚未实施查封（扣押），无需解除", field="ground", rule=mr.RELEASE_RULE)
        due = measure_due(measure)
        assert due is not None
        if ground == ReleaseGround.EXPIRED and due.met_by(timezone.localdate()):
            raise RuleViolation(f"查封（扣押）期限至{cn_date(due.last_day)}届满，尚未届满", field="ground",
                                rule=mr.RELEASE_RULE)
        _release(actor, case, measure, ground)
    return measure


# ---------------------------------------------------------------- 冻结 (第29–33条)


def carry_out_freeze(*, actor: User, case: Case, acted_at: dt.datetime, bank_staff: str, av_note: str,
                     review_body: str, court: str) -> Measure:
    """The approved freeze carried out (第30条): by the case's two officers, credentials shown to the bank, the
    现场笔录, and the numbered 冻结通知书 handed to the bank (recorded as served, to ``bank_staff``). The 冻结决定书 is
    made now and is due to the party within three days (第31条, an obligation met by its service); the 30 days of
    第32条 start that day."""
    bank_staff = clean_text("bank_staff", "金融机构经办人", bank_staff, max_length=100)
    av_note = clean_text("av_note", "音像记录情况", av_note, max_length=500)
    review_body = clean_text("review_body", "行政复议机关", review_body, max_length=200)
    court = clean_text("court", "有管辖权的人民法院", court, max_length=200)
    now = timezone.now()
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "implement", "实施冻结")
        measure = measure_of(case)
        if measure.kind != MeasureKind.FREEZE:
            raise RuleViolation("本案的行政强制措施不是冻结存款、汇款", field="av_note", rule=mr.FREEZE_RULE)
        if measure.record_id is not None:
            raise RuleViolation(f"已实施冻结（{measure.decision.number}）",  # type: ignore[union-attr]
                                field="av_note", rule=mr.FREEZE_RULE)
        mr.check_acted_at(acted_at=acted_at, now=now, approved_at=measure.approved_at, emergency=False)
        started_on = timezone.localdate(acted_at)
        drafted = _reviewed_draft(case, measure, review_body, court, started_on)
        measure.credentials = _credentials_shown(case, started_on)
        measure.acted_at, measure.started_on, measure.party_present = acted_at, started_on, False
        measure.refusal_reason, measure.witness = "冻结存款、汇款，当事人不在场", bank_staff
        party = _party_values(case)
        measure.record = documents.issue(actor=actor, agency=case.agency, template="measure_record", subject=case,
                                         on=started_on, values={
            "实施时间": _cn_time(acted_at), "实施地点": measure.bank, "当事人名称": party["当事人名称"],
            "到场人": f"{measure.bank}经办人{bank_staff}", "执法人员": measure.credentials, "措施": "冻结存款、汇款",
            "财物": measure.items, "理由": f"{measure.reason}，依据{measure.basis}", "陈述申辩": "当事人不在场",
            "音像记录": av_note, "签名情况": f"金融机构经办人{bank_staff}签名"})
        due = mr.freeze_due(started_on)
        values = {**_freeze_values(case, measure), "日期": cn_date(started_on)}
        measure.decision = documents.issue(actor=actor, agency=case.agency, template=drafted.template, subject=case,
                                           on=started_on, values=drafted.values)
        measure.bank_notice = documents.issue(actor=actor, agency=case.agency, template="freeze_notice",
                                              subject=case, on=started_on, values={
            **values, "事项": "冻结", "决定书文号": measure.decision.number,
            "期限": f"自{cn_date(started_on + dt.timedelta(days=1))}起至{cn_date(due.last_day)}止"})
        measure.save(update_fields=["credentials", "acted_at", "started_on", "party_present", "refusal_reason",
                                    "witness", "record", "decision", "bank_notice"])
        Service.objects.create(case=case, document=measure.bank_notice, method=ServiceMethod.DIRECT,
                               served_on=started_on, recipient=f"{measure.bank}（{bank_staff}）", recorded_by=actor,
                               recorded_at=now)
        case.number = measure.decision.number
        case.save(update_fields=["number"])
        delivery = mr.freeze_delivery_due(started_on)
        obligations.ensure_obligation(
            agency=case.unit, subject=case, rule=mr.FREEZE_DELIVERY_RULE,
            title=f"《冻结决定书》（{measure.decision.number}）应于{delivery.last_day:%Y-%m-%d}前交付当事人",
            due_at=delivery.due_at, warn_from=delivery.due_at - dt.timedelta(days=1), unit=PeriodUnit.WORKDAY,
            assignee=lead_user(case), provisional=delivery.provisional,
            basis="依照法律规定冻结存款、汇款的，作出决定的行政机关应当在三日内向当事人交付冻结决定书")
        record(actor, case, "case.measure_carried_out", acted_at=acted_at, credentials=measure.credentials,
               bank=measure.bank, bank_staff=bank_staff, av_note=av_note, record=measure.record.pk,
               decision=measure.decision.pk, bank_notice=measure.bank_notice.pk, last_day=due.last_day,
               delivery_due=delivery.last_day, draft_sm3=sm3(drafted.text.encode()))
        decided(actor, case, measure.decision)  # its publication draft (执法机关、对象、类别、结论; 20 working days)
        _open_hold_deadline(case, measure)
    return measure


# ---------------------------------------------------------------- 第26–28条: what becomes of the things


def dispose_measure(*, actor: User, case: Case, disposal: str, on: dt.date, note: str,
                    consent: str = "") -> Measure:
    """What became of the things sealed or seized, recorded (第26–28条): returned on release; confiscated by the
    行政处罚决定 of the case the measure served (named); destroyed where a law or regulation says so (the basis in
    ``note``); perishables sold with the party's consent (``consent``), the proceeds returned on release.
    Confiscation and destruction are the 处理决定 of 第27条: the measure ends with them, its period met."""
    note = clean_text("note", "处理情况", note, max_length=2000)
    consent = clean_text("consent", "当事人同意的记录", consent, max_length=300, required=False)
    if disposal not in DisposalKind.values:
        raise RuleViolation("请选择财物的处理方式", field="disposal", rule=mr.DISPOSAL_RULE)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        measure = measure_of(case)
        if measure.kind == MeasureKind.FREEZE or measure.started_on is None:
            raise RuleViolation("只能登记已查封（扣押）财物的处理", field="disposal", rule=mr.DISPOSAL_RULE)
        if measure.disposal and measure.disposal != DisposalKind.SOLD:
            raise RuleViolation(f"已登记财物的处理：{measure.get_disposal_display()}", field="disposal",
                                rule=mr.DISPOSAL_RULE)
        if on > timezone.localdate() or on < measure.started_on:
            raise RuleViolation("处理日期应在查封（扣押）之日至今天之间", field="on", rule=mr.DISPOSAL_RULE)
        penalty = ""
        if disposal == DisposalKind.CONFISCATE and measure.punishment_case is not None:
            decided, _service = decision_of(measure.punishment_case)
            penalty = decided.number if decided is not None else ""
        ends = disposal in (DisposalKind.CONFISCATE, DisposalKind.DESTROY)
        if ends and measure.release_id is not None:
            raise RuleViolation("已解除查封（扣押）的财物已返还，不能再没收或者销毁", field="disposal",
                                rule=mr.DISPOSAL_RULE)
        mr.check_disposal(disposal=disposal, released=measure.release_id is not None, confiscated_by=penalty,
                          basis=note, consent=consent)
        measure.disposal, measure.disposal_on, measure.disposal_consent = disposal, on, consent
        measure.disposal_note = f"{note}（依据行政处罚决定书{penalty}）" if penalty else note
        measure.save(update_fields=["disposal", "disposal_on", "disposal_note", "disposal_consent"])
        if ends:
            obligations.meet(subject=case, rule=mr.HOLD_RULE)
        record(actor, case, "case.measure_disposed", disposal=disposal, on=on, note=measure.disposal_note,
               consent=consent, penalty=penalty)
    return measure


def set_freeze_basis(*, actor: User, agency: Agency, basis: str) -> CaseSettings:
    """The law that empowers the agency to freeze deposits and remittances (第29条), as its setting; empty, the
    agency may not freeze. The head of the agency sets it."""
    basis = clean_text("basis", "冻结存款、汇款的法律授权", basis, max_length=300, required=False)
    require(actor, "case.approve", agency)
    with transaction.atomic():
        found, _ = CaseSettings.objects.select_for_update().get_or_create(agency=agency)
        if found.freeze_basis == basis:
            return found  # the same setting again: nothing changes, nothing recorded
        found.freeze_basis = basis
        found.save(update_fields=["freeze_basis"])
        ledger.append(actor=actor, agency=agency, kind="case.settings", subject=found,
                      payload={"freeze_basis": basis})
    return found
