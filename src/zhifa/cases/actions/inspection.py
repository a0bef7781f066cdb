"""行政检查: planned inspections (a 检查计划 carrying out an item of the 随机抽查事项清单) and ad-hoc ones, each a case
of the ``inspection`` process — the 现场检查笔录 by two qualified officers with the items checked and the findings,
and one outcome: 合格; 责令限期整改 (the 责令改正通知书 of 行政处罚法 第28条, re-checked on its day); or 立案, which
registers a 行政处罚 case linked to the inspection and carrying its evidence. The result (执法机关、执法对象、
执法类别、执法结论) is kept in one row and its publication within 20 working days is an obligation (PUB-04)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.agencies.models import ActionKind, Agency, Domain, Officer
from zhifa.agencies.permissions import require
from zhifa.agencies.rules import Act, check_enforcement_team
from zhifa.cases import inspection_rules
from zhifa.cases.models import (
    Case,
    CaseEvidence,
    CaseOfficer,
    CaseParty,
    CaseSource,
    Inspection,
    InspectionOutcome,
    InspectionPlan,
    InspectionResult,
    RecordKind,
)
from zhifa.catalog.evaluate import item_in_force, random_item_in_force
from zhifa.core.errors import RuleViolation
from zhifa.ledger import chain as ledger
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
from zhifa.cases.actions.enforcement import order_rectification
from zhifa.cases.actions.engine import advance
from zhifa.cases.actions.investigation import make_record
from zhifa.cases.actions.opening import register_case

PROCESS = "inspection"
RECORD_RULE = "REC-03"
RECTIFY_RULE = "行政处罚法 第28条"


def inspection_of(case: Case) -> Inspection:
    try:
        return case.inspection
    except Inspection.DoesNotExist:
        raise RuleViolation("本案不是行政检查", field="case", rule=RECORD_RULE) from None


def _domain(item: dict, field: str) -> Domain:
    domain = Domain.objects.filter(code=item["domain"]).first() if item.get("domain") else None
    if domain is None:
        raise RuleViolation(f"执法事项“{item['name']}”未写明执法领域，无法核对执法证的执法类别", field=field,
                            rule="GEN-03")
    return domain


# ---------------------------------------------------------------- 检查计划


def create_plan(*, actor: User, unit: Agency, name: str, random_code: str, starts_on: dt.date,
                ends_on: dt.date) -> InspectionPlan:
    """A 检查计划 for one item of the agency's 随机抽查事项清单 in force (RND-01), over a period of at most a year."""
    require(actor, "case.handle", unit)
    name = clean_text("name", "计划名称", name, max_length=200)
    inspection_rules.check_plan_period(starts_on, ends_on)
    agency = unit.enclosing_agency()
    today = timezone.localdate()
    entry = random_item_in_force(agency, random_code, today)
    if entry is None:
        raise RuleViolation(f"本机关现行随机抽查事项清单中没有编码为“{random_code}”的抽查事项", field="random_code",
                            rule=inspection_rules.PLAN_RULE)
    item = item_in_force(agency, entry.get("item_code") or "", today)
    if item is None:
        raise RuleViolation(f"抽查事项“{entry['name']}”对应的执法事项不在本机关现行行政执法事项清单中",
                            field="random_code", rule="GEN-05")
    try:
        with transaction.atomic():
            plan = InspectionPlan.objects.create(
                agency=agency, unit=unit, name=name, random_code=random_code, random_name=entry["name"],
                item_code=item["key"], item_name=item["name"], starts_on=starts_on, ends_on=ends_on, created_by=actor,
                created_at=timezone.now())
            ledger.append(actor=actor, agency=agency, kind="inspection.plan_created", subject=plan, payload={
                "plan": plan.pk, "name": name, "random_code": random_code, "item": item["key"],
                "starts_on": starts_on, "ends_on": ends_on})
    except IntegrityError:
        raise RuleViolation(f"本机关已有名为“{name}”的检查计划", field="name",
                            rule=inspection_rules.PLAN_RULE) from None
    return plan


# ---------------------------------------------------------------- starting an inspection


def _open(actor: User, *, unit: Agency, token: str, plan: InspectionPlan | None, item: dict, title: str,
          party: Party, place: Agency, officers: Iterable[Officer], lead: Officer | None) -> Case:
    """The inspection case, opened at once (a 行政检查 needs no 立案审批) with its team of two or more officers each
    qualified for the inspection today (行政处罚法 第42条；持证上岗), and its object; inside the caller's
    transaction and permission check. The same ``token`` returns the case it opened."""
    existing = started_by(Inspection, token, unit)
    if existing is not None:
        return existing
    agency = unit.enclosing_agency()
    if not party.agencies.filter(agency=agency).exists():
        raise RuleViolation("检查对象须先登记在本机关（按证件号码查找或登记）", field="party")
    today = timezone.localdate()
    domain = _domain(item, "item_code")
    act = Act(kind=ActionKind.INSPECTION, domain=domain, place=place, on=today)
    try:
        team = qualified_team(officers, agency, act)
        check_enforcement_team(team, act)  # at least two (行政处罚法 第42条)
    except RuleViolation as e:
        raise RuleViolation(e.message + ("：" + "；".join(e.details) if e.details else ""), rule=e.rule,
                            field="officers") from None
    lead = lead if lead is not None and lead.pk in {o.pk for o in team} else team[0]
    now = timezone.now()
    case = Case.objects.create(
        agency=agency, unit=unit, process=PROCESS, stage="inspect", stage_since=now, title=title,
        summary=(f"按检查计划“{plan.name}”检查{party.name}（{plan.random_name}）" if plan
                 else f"不定期检查{party.name}（{item['name']}）"),
        source=CaseSource.INSPECTION, source_note=plan.name if plan else "",
        action_kind=ActionKind.INSPECTION, item_code=item["key"], item_name=item["name"], domain=domain, place=place,
        act_on=today, registered_at=now, registered_by=actor, opened_on=today)
    CaseOfficer.objects.bulk_create([CaseOfficer(case=case, officer=o, lead=o.pk == lead.pk, assigned_at=now)
                                     for o in team])
    CaseParty.objects.create(case=case, party=party, added_by=actor, added_at=now)
    Inspection.objects.create(case=case, plan=plan, token=token)
    record(actor, case, "case.registered", title=title, source=CaseSource.INSPECTION, item=item["key"],
           process=PROCESS, officers=sorted(o.pk for o in team), lead=lead.pk, parties=[party.pk], opened_on=today,
           plan=plan.pk if plan else None)
    return case


def start_inspection(*, actor: User, unit: Agency, token: str, party: Party, place: Agency,
                     officers: Iterable[Officer], title: str, plan: InspectionPlan | None = None, item_code: str = "",
                     lead: Officer | None = None) -> Case:
    """Start one inspection: of a 检查计划 (its item) or, with none, an ad-hoc one (不定期检查) of an item of kind
    行政检查 in the agency's 行政执法事项清单. The same form sent twice (its ``token``) returns its case."""
    require(actor, "case.handle", unit)
    token = clean_text("token", "表单标识", token, max_length=40)
    title = clean_text("title", "检查事由", title, max_length=200)
    agency = unit.enclosing_agency()
    today = timezone.localdate()
    if plan is not None:
        if plan.agency_id != agency.pk:
            raise RuleViolation("检查计划不属本机关", field="plan", rule=inspection_rules.PLAN_RULE)
        if today > plan.ends_on:
            raise RuleViolation(f"检查计划“{plan.name}”的期间已于{plan.ends_on:%Y-%m-%d}届满", field="plan",
                                rule=inspection_rules.PLAN_RULE)
        item_code = plan.item_code
    item = item_in_force(agency, item_code, today)
    if item is None:
        raise RuleViolation(f"本机关现行行政执法事项清单中没有编码为“{item_code}”的事项", field="item_code",
                            rule="GEN-05")
    if plan is None and item["action_kind"] != ActionKind.INSPECTION:
        raise RuleViolation(f"“{item['name']}”不是行政检查事项", field="item_code", rule="GEN-02")
    try:
        with transaction.atomic():
            return _open(actor, unit=unit, token=token, plan=plan, item=item, title=title, party=party, place=place,
                         officers=officers, lead=lead)
    except IntegrityError:  # the same form sent twice at once: the other request opened the case
        existing = started_by(Inspection, token, unit)
        if existing is None:
            raise
        return existing


def plan_inspections(*, actor: User, plan: InspectionPlan, objects: Iterable[Party], officers: Iterable[Officer],
                     place: Agency | None = None) -> list[Case]:
    """The inspections of a plan, one per object, each by ``officers`` — what the 双随机 draw writes for each pair
    it drew. In one transaction; an object already drawn for the plan keeps its inspection."""
    require(actor, "case.handle", plan.unit)
    today = timezone.localdate()
    if today > plan.ends_on:
        raise RuleViolation(f"检查计划“{plan.name}”的期间已于{plan.ends_on:%Y-%m-%d}届满", field="plan",
                            rule=inspection_rules.PLAN_RULE)
    item = item_in_force(plan.agency, plan.item_code, today)
    if item is None:
        raise RuleViolation(f"检查计划的执法事项“{plan.item_name}”已不在本机关现行行政执法事项清单中", field="plan",
                            rule="GEN-05")
    team = list(officers)
    where = place or plan.agency.parent or plan.agency
    with transaction.atomic():
        return [_open(actor, unit=plan.unit, token=f"plan-{plan.pk}-{party.pk}", plan=plan, item=item,
                      title=f"{plan.random_name}：{party.name}", party=party, place=where, officers=team, lead=None)
                for party in {p.pk: p for p in objects}.values()]


# ---------------------------------------------------------------- the record


def record_inspection(*, actor: User, case: Case, started_at: dt.datetime, ended_at: dt.datetime, place: str,
                      items_checked: str, findings: str, present: str, av_note: str, officers: Iterable[Officer],
                      recorder: Officer | None, opinion: str = "", signed: bool = False, refusal_reason: str = "",
                      witness: str = "", evidence: Iterable[Evidence] = ()) -> Inspection:
    """The 现场检查笔录 of the inspection (REC-03): when and where, two or more qualified officers of the team,
    the items checked and the findings, signed by those present or their refusal witnessed — made with the
    investigation's record (one template, one set of checks), once."""
    items_checked = clean_text("items_checked", "检查事项", items_checked, max_length=5000)
    findings = clean_text("findings", "检查发现", findings, max_length=10000)
    now = timezone.now()
    if started_at > now:
        raise RuleViolation("检查开始时间不能晚于现在", field="started_at", rule=RECORD_RULE)
    if ended_at > now:
        raise RuleViolation("检查结束时间不能晚于现在", field="ended_at", rule=RECORD_RULE)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        inspection = inspection_of(case)
        ensure_stage(case, "inspect", "制作现场检查笔录")
        if inspection.record_id is not None:
            raise RuleViolation("本次检查已制作现场检查笔录", field="findings", rule=RECORD_RULE)
        if inspection.plan is not None:
            inspection_rules.check_within_plan(timezone.localdate(started_at), inspection.plan.starts_on,
                                               inspection.plan.ends_on)
        persons = "、".join(link.party.name for link in case.party_links.select_related("party"))
        made = make_record(actor=actor, case=case, kind=RecordKind.ONSITE, started_at=started_at, ended_at=ended_at,
                           place=place, officers=officers, recorder=recorder, persons=persons, present=present,
                           content=f"检查事项：{items_checked}\n检查发现：{findings}", av_note=av_note,
                           opinion=opinion, signed=signed, refusal_reason=refusal_reason, witness=witness,
                           evidence=evidence)
        inspection.record, inspection.items_checked, inspection.findings = made, items_checked, findings
        inspection.save(update_fields=["record", "items_checked", "findings"])
        record(actor, case, "case.inspected", record=made.pk, items_checked=items_checked, findings=findings)
    return inspection


# ---------------------------------------------------------------- the outcome and its result


def _concluded(actor: User, case: Case, inspection: Inspection, outcome: str, conclusion: str) -> InspectionResult:
    """The conclusion on the inspection and its result as published (PUB-04), with the obligation to publish it
    within 20 working days."""
    if inspection.outcome:
        raise RuleViolation(f"本次检查已作出结论：{inspection.get_outcome_display()}", field="outcome",
                            rule=inspection_rules.PUBLICITY_RULE)
    if inspection.record_id is None:
        raise RuleViolation("尚未制作现场检查笔录，不能作出检查结论", field="outcome", rule=RECORD_RULE)
    now = timezone.now()
    inspection.outcome, inspection.concluded_by, inspection.concluded_at = outcome, actor, now
    inspection.save(update_fields=["outcome", "concluded_by", "concluded_at"])
    today = timezone.localdate(now)
    subject = "、".join(link.party.name for link in case.party_links.select_related("party"))
    result = InspectionResult.objects.create(
        inspection=inspection, agency=case.agency, subject=subject[:200],
        category=f"{ActionKind.INSPECTION.label}（{case.item_name}）"[:200], conclusion=conclusion, result_on=today,
        recorded_at=now)
    due = inspection_rules.result_publicity_due(today)
    obligations.ensure_obligation(
        agency=case.unit, subject=result, rule=due.rule, title=f"检查结果公示：{subject}（{due.last_day:%Y-%m-%d}前）",
        due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=5), unit=PeriodUnit.WORKDAY,
        assignee=lead_user(case), provisional=due.provisional,
        basis="行政检查结果（执法机关、执法对象、执法类别、执法结论）自作出之日起20个工作日内公开")
    record(actor, case, "case.inspection_concluded", outcome=outcome, conclusion=conclusion, result=result.pk,
           publish_by=due.last_day)
    decided(actor, case, result)
    return result


def find_compliant(*, actor: User, case: Case, conclusion: str = "") -> InspectionResult:
    """检查合格: no violation found; the inspection ends and its result awaits publication."""
    conclusion = (clean_text("conclusion", "检查结论", conclusion, max_length=2000, required=False)
                  or "未发现违法违规行为，检查合格")
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        inspection = inspection_of(case)
        ensure_stage(case, "inspect", "作出检查结论")
        result = _concluded(actor, case, inspection, InspectionOutcome.COMPLIANT, conclusion)
        advance(actor, case, "close")
    return result


def order_inspection_rectification(*, actor: User, case: Case, due_on: dt.date | None, violated: str, basis: str,
                                   content: str, consequence: str, contact: str) -> InspectionResult:
    """责令限期整改: the 责令改正通知书 (行政处罚法 第28条) on the findings, re-checked on its day (its obligation);
    the inspection waits in 整改复查 until the re-check is recorded."""
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        inspection = inspection_of(case)
        ensure_stage(case, "inspect", "责令限期整改")
        if inspection.record_id is None:
            raise RuleViolation("尚未制作现场检查笔录，不能责令整改", field="content", rule=RECORD_RULE)
        order = order_rectification(actor=actor, case=case, immediate=False, due_on=due_on,
                                    violation=inspection.findings, violated=violated, basis=basis, content=content,
                                    consequence=consequence, contact=contact)
        inspection.rectification = order
        inspection.save(update_fields=["rectification"])
        result = _concluded(actor, case, inspection, InspectionOutcome.RECTIFY,
                            f"责令限期整改：{order.content}（{order.due_on:%Y-%m-%d}前）")
        advance(actor, case, "rectify")
    return result


def open_case_from_inspection(*, actor: User, case: Case, item_code: str, title: str, summary: str, opinion: str,
                              act_on: dt.date) -> Case:
    """立案查处: a 行政处罚（普通程序）case registered for 立案审批 on what the inspection found (or on a re-check
    that found the order not carried out), by the inspection's team, against its object, linked to the
    inspection and carrying its evidence; the inspection ends."""
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        inspection = inspection_of(case)
        if case.stage == "rectify":
            order = inspection.rectification
            if order is None or order.checked_on is None or order.rectified:
                raise RuleViolation("整改复查发现未改正的，方可立案查处", field="item_code", rule=RECTIFY_RULE)
        else:
            ensure_stage(case, "inspect", "立案查处")
        if inspection.punishment_case_id is not None:
            raise RuleViolation("本次检查已立案查处", field="item_code", rule="行政处罚法 第54条")
        if inspection.record_id is None:
            raise RuleViolation("尚未制作现场检查笔录，不能立案查处", field="item_code", rule=RECORD_RULE)
        assignments = list(case.assignments.select_related("officer"))
        punishment = register_case(
            actor=actor, unit=case.unit, process="punishment_general", source=CaseSource.INSPECTION,
            source_note=f"行政检查：{case.title}", title=title, summary=summary, item_code=item_code, place=case.place,
            act_on=act_on, officers=[a.officer for a in assignments],
            lead=next((a.officer for a in assignments if a.lead), None), opinion=opinion,
            parties=[link.party for link in case.party_links.select_related("party")])
        now = timezone.now()
        links = list(case.evidence_links.all())
        CaseEvidence.objects.bulk_create([CaseEvidence(case=punishment, evidence_id=link.evidence_id,
                                                       stage=punishment.stage, av_stage=link.av_stage,
                                                       linked_by=actor, linked_at=now) for link in links])
        record(actor, punishment, "case.evidence_carried", inspection=case.pk,
               evidence=[link.evidence_id for link in links])
        inspection.punishment_case = punishment
        inspection.save(update_fields=["punishment_case"])
        if case.stage == "inspect":
            _concluded(actor, case, inspection, InspectionOutcome.CASE, f"发现涉嫌违法行为，已立案查处：{title}")
        else:  # the conclusion was the order: the re-check's finding adds the case to it
            record(actor, case, "case.inspection_concluded", outcome=InspectionOutcome.CASE, case_opened=punishment.pk)
        advance(actor, case, "close")
    return punishment
