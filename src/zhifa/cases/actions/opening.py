"""Registering a case and its 立案审批 (行政处罚法 第54条), and the opinions signed on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from zhifa.agencies.models import ActionKind, Agency, Officer, name_of
from zhifa.agencies.permissions import can, require
from zhifa.agencies.rules import Act
from zhifa.cases import rules
from zhifa.cases.models import (
    PUNISHMENT_SOURCES,
    Case,
    CaseOfficer,
    CaseParty,
    CaseSettings,
    CaseSource,
    CaseState,
    Complaint,
    ComplaintState,
    Opinion,
    OpinionRole,
    OpinionStep,
)
from zhifa.cases.starts import STARTS
from zhifa.catalog.evaluate import item_in_force
from zhifa.catalog.processes import PROCESSES, PUNISHMENT_GENERAL
from zhifa.catalog.snapshot import display
from zhifa.core.dates import cn_date
from zhifa.core.errors import RuleViolation
from zhifa.documents import actions as documents
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import PeriodUnit
from zhifa.parties.models import Party

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from zhifa.cases.actions import dossier
from zhifa.cases.actions.base import (
    DECISION_WARN_DAYS,
    OPEN_COMPLAINT,
    clean_text,
    ensure_stage,
    ensure_writable,
    item_with_domain,
    lead_user,
    lock,
    qualified_team,
    record,
)

# The one process whose case begins with a 立案审批 (行政处罚法 第54条).
REGISTERED_PROCESS = PUNISHMENT_GENERAL.code


def register_case(*, actor: User, unit: Agency, process: str, source: str, title: str, summary: str,
                  item_code: str, place: Agency, act_on: dt.date, act_ended_on: dt.date | None = None,
                  grave_harm: bool = False, officers: Iterable[Officer] = (), lead: Officer | None = None,
                  opinion: str = "", source_note: str = "", complaint: Complaint | None = None,
                  parties: Iterable[Party] = ()) -> Case:
    """Register a case for 立案审批 with the handler's opinion (行政处罚法 第54条: 立案 needs the head's approval)."""
    require(actor, "case.handle", unit)
    if process != REGISTERED_PROCESS:  # every other process begins on its own start page (cases/starts.py)
        start = next((s for s in STARTS if s.process == process), None)
        if start is None:
            raise RuleViolation("未知的执法程序", field="process")
        raise RuleViolation(f"{start.name}不经立案审批，请从“{start.label}”开始", field="process",
                            rule="行政处罚法 第54条")
    if source not in PUNISHMENT_SOURCES:
        raise RuleViolation("请选择案件来源", field="source")
    title = clean_text("title", "案由", title, max_length=200)
    summary = clean_text("summary", "案情摘要", summary, max_length=5000)
    opinion = clean_text("opinion", "承办人意见", opinion, max_length=2000)
    source_note = clean_text("source_note", "来源说明", source_note, max_length=300, required=False)
    agency = unit.enclosing_agency()
    today = timezone.localdate()
    if act_on > today:
        raise RuleViolation("违法行为发生日不能晚于今天", field="act_on")
    if act_ended_on is not None and act_ended_on < act_on:
        raise RuleViolation("违法行为终了日不能早于发生日", field="act_ended_on")
    if act_ended_on is not None and act_ended_on > today:
        raise RuleViolation("违法行为终了日不能晚于今天", field="act_ended_on")
    rules.check_limitation(act_ended_on=act_ended_on or act_on, discovered_on=today, grave_harm=grave_harm)
    item, domain = item_with_domain(agency, item_code, today)
    act = Act(kind=ActionKind(item["action_kind"]), domain=domain, place=place, on=today)
    team = qualified_team(officers, agency, act)
    if lead is not None and lead.pk not in {o.pk for o in team}:
        raise RuleViolation("主办人员须为承办人员之一", field="lead")
    parties = list({p.pk: p for p in parties}.values())
    if not parties:
        raise RuleViolation("请选择当事人（未登记的先在“当事人”中登记）", field="parties", rule="行政处罚法 第54条")
    now = timezone.now()
    with transaction.atomic():
        if complaint is not None:
            complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
            if complaint.agency_id != agency.pk or complaint.state not in OPEN_COMPLAINT:
                raise RuleViolation("该投诉举报已办结或不属本机关", field="complaint")
            source = CaseSource.COMPLAINT
        case = Case.objects.create(
            agency=agency, unit=unit, process=process, stage=PROCESSES[process].start.code, stage_since=now,
            title=title, summary=summary, source=source, source_note=source_note, action_kind=item["action_kind"],
            item_code=item_code, item_name=item["name"], domain=domain, place=place, act_on=act_on,
            act_ended_on=act_ended_on, grave_harm=grave_harm, registered_at=now, registered_by=actor)
        lead = lead or (team[0] if team else None)
        CaseOfficer.objects.bulk_create([CaseOfficer(case=case, officer=o, lead=o == lead, assigned_at=now)
                                         for o in team])
        CaseParty.objects.bulk_create([CaseParty(case=case, party=p, added_by=actor, added_at=now) for p in parties])
        Opinion.objects.create(case=case, step=OpinionStep.OPEN, role=OpinionRole.HANDLER, agrees=True,
                               text=opinion, by=actor, by_name=name_of(actor), at=now)
        record(actor, case, "case.registered", title=title, source=source, item=item_code, process=process,
                officers=sorted(o.pk for o in team), lead=lead.pk if lead else None, act_on=act_on,
                parties=sorted(p.pk for p in parties),
                act_ended_on=act_ended_on, grave_harm=grave_harm, opinion=opinion,
                complaint=complaint.pk if complaint else None)
        if complaint is not None:
            complaint.state, complaint.case = ComplaintState.CASE, case
            complaint.save(update_fields=["state", "case"])
            obligations.meet(subject=complaint, rule=rules.COMPLAINT_RULE)
    return case


def _open_decision_deadline(case: Case) -> None:
    """行政处罚法 第60条: the decision within 90 days of 立案 — an obligation on the case, for its lead officer."""
    if case.process != "punishment_general":
        return
    due = rules.decision_due(case.opened_on)  # type: ignore[arg-type]  # set by the caller
    obligations.ensure_obligation(
        agency=case.unit, subject=case, rule=due.rule, title=f"“{case.title}”应于{due.last_day:%Y-%m-%d}前作出处罚决定",
        due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=DECISION_WARN_DAYS), unit=PeriodUnit(due.unit),
        assignee=lead_user(case), provisional=due.provisional, basis="自立案之日起九十日内作出行政处罚决定")


# The 立案审批表's 案件来源 as the form words them.
SOURCE_ON_FORM = {CaseSource.INSPECTION: "监督检查", CaseSource.COMPLAINT: "投诉举报", CaseSource.ASSIGNED: "上级交办",
                  CaseSource.TRANSFERRED: "其他机关移送", CaseSource.OTHER: "其他"}


def _approval_form(case: Case) -> dict[str, object]:
    """The 立案审批表 filled from the case: the approval just signed is on it (行政处罚法 第54条)."""
    parties = [link.party for link in case.party_links.select_related("party")]
    opinions = {o.role: o for o in case.opinions.all() if o.step == OpinionStep.OPEN}
    item = item_in_force(case.agency, case.item_code, case.opened_on or timezone.localdate()) or {}
    today = case.opened_on or timezone.localdate()
    team = [f"{a.officer.person.name}（{c.number}）" if (c := a.officer.current_credential(today)) else
            a.officer.person.name for a in case.assignments.select_related("officer__person")
            .prefetch_related("officer__credentials")]
    return {
        "agency_short": CaseSettings.of(case.agency).agency_short, "案件来源": SOURCE_ON_FORM[CaseSource(case.source)],
        "案由": case.title, "当事人名称": "、".join(p.name for p in parties),
        "证件号码": "、".join(p.id_number for p in parties),
        "法定代表人": "、".join(p.rep_name for p in parties if p.rep_name),
        "当事人地址": "、".join(p.address for p in parties if p.address) or "—",
        "联系电话": "、".join(p.phone for p in parties if p.phone), "简要案情": case.summary,
        "违反的规定": display("basis", item["basis"]) if item.get("basis") else case.item_name,
        "承办人员": "、".join(team),
        "承办机构意见": opinions[OpinionRole.UNIT].text if OpinionRole.UNIT in opinions else "",
        "负责人审批意见": opinions[OpinionRole.HEAD].text if OpinionRole.HEAD in opinions else "",
        "机关名称": case.agency.name, "日期": cn_date(today),
    }


def _signed(case: Case, step: str, role: str) -> Opinion | None:
    return next((o for o in case.opinions.all() if o.step == step and o.role == role), None)


def sign_opinion(*, actor: User, case: Case, step: str, agrees: bool, text: str) -> Opinion:
    """The unit head's opinion, or the agency head's approval, on an approval form; in that order, once each.

    Approving 立案 opens the case (its 立案日期 is that day); refusing it closes the case with the reason.
    """
    text = clean_text("text", "意见", text, max_length=2000)
    with transaction.atomic():
        case = lock(case)
        ensure_writable(case)
        if step == OpinionStep.OPEN and case.opened_on is not None:
            raise RuleViolation("案件已立案", field="text", rule="行政处罚法 第54条")
        if step == OpinionStep.CLOSE:
            ensure_stage(case, "execute", "结案审批")
        elif step != OpinionStep.OPEN:
            raise RuleViolation("该审批事项不在此签署", field="step")
        if _signed(case, step, OpinionRole.UNIT) is None:
            if not can(actor, "case.review_unit", case.unit) and can(actor, "case.approve", case.agency):
                raise RuleViolation(f"{OpinionStep(step).label}须先由承办机构负责人签署审核意见", field="text",
                                    rule="行政处罚法 第54条")
            require(actor, "case.review_unit", case.unit)
            role = OpinionRole.UNIT
        else:
            require(actor, "case.approve", case.agency)
            role = OpinionRole.HEAD
            if _signed(case, step, OpinionRole.HEAD) is not None:
                raise RuleViolation(f"{OpinionStep(step).label}已由行政机关负责人审批", field="text")
        now = timezone.now()
        opinion = Opinion.objects.create(case=case, step=step, role=role, agrees=agrees, text=text, by=actor,
                                         by_name=name_of(actor), at=now)
        extra: dict[str, Any] = {}
        if step == OpinionStep.OPEN and role == OpinionRole.HEAD:
            if agrees:
                # 行政处罚法 第36条 at 立案, counted to the day the agency found the act (its registration)
                rules.check_limitation(act_ended_on=case.act_end, grave_harm=case.grave_harm,
                                       discovered_on=timezone.localdate(case.registered_at))
                case.opened_on = timezone.localdate(now)
                form = documents.issue(actor=actor, agency=case.agency, template="case_approval", subject=case,
                                       values=_approval_form(case), on=case.opened_on)
                case.number = form.number
                extra |= {"opened_on": case.opened_on, "number": case.number, "document": form.pk}
                _open_decision_deadline(case)
            else:
                case.state = CaseState.CLOSED
            case.save(update_fields=["opened_on", "state", "number"])
        if step == OpinionStep.CLOSE and role == OpinionRole.HEAD and agrees:
            # the 结案审批表 from the case's data, with this approval on it (REC-09)
            form = dossier.issue_closing_form(actor, case)
            extra |= {"document": form.pk}
        record(actor, case, "case.opinion", step=step, role=role, agrees=agrees, text=text, **extra)
    return opinion
