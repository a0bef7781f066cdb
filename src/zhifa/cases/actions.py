"""Write functions of cases: each with the acting user first, the permission checked here, one transaction, and
its ledger entry. A closed or archived case refuses every one of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from zhifa.agencies.models import ActionKind, Agency, Domain, Officer, name_of
from zhifa.agencies.permissions import can, require
from zhifa.agencies.rules import Act, check_enforcement_team
from zhifa.cases import guards, rules
from zhifa.cases.models import (
    AVStageNote,
    Case,
    CaseEvidence,
    CaseOfficer,
    CaseParty,
    CaseSettings,
    CaseSource,
    CaseState,
    Complaint,
    ComplaintChannel,
    ComplaintState,
    Notice,
    Opinion,
    OpinionRole,
    OpinionStep,
    Payment,
    Proposal,
    Service,
    ServiceMethod,
    Statement,
)
from zhifa.catalog.discretion import discretion_range
from zhifa.catalog.evaluate import item_in_force
from zhifa.catalog.models import AVStage
from zhifa.catalog.processes import CASE_PROCESSES, PROCESSES
from zhifa.core.errors import RuleViolation
from zhifa.documents import actions as documents
from zhifa.documents.models import IssuedDocument
from zhifa.ledger import chain as ledger
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import PeriodUnit
from zhifa.parties.models import Party
from zhifa.records.models import Evidence

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# A read-only case: once closed only archiving moves it; once archived nothing does (REC-09).
ARCHIVED_RULE = "REC-09 案卷归档"
OPEN_COMPLAINT = (ComplaintState.RECEIVED, ComplaintState.ASSIGNED)
# 公告送达: deemed served this many days after publication.
PUBLIC_NOTICE_DAYS = 30
# The 90-day decision deadline turns yellow this many days before its last day.
DECISION_WARN_DAYS = 10


def _text(field: str, label: str, value: str | None, *, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise RuleViolation(f"{label}不能为空", field=field)
    if len(value) > max_length:
        raise RuleViolation(f"{label}不能超过{max_length}个字", field=field)
    return value


def _writable(case: Case, *, closing: bool = False) -> None:
    if case.state == CaseState.ARCHIVED:
        raise RuleViolation("案件已归档，案卷不得再作任何改动", rule=ARCHIVED_RULE)
    if case.state == CaseState.CLOSED and not closing:
        raise RuleViolation("案件已结案，只能归档", rule=ARCHIVED_RULE)


def _locked(case: Case) -> Case:
    """The case row locked for this transaction, re-read, so two acts on one case queue."""
    return (Case.objects.select_for_update(of=("self",)).select_related("agency", "unit", "place", "domain")
            .get(pk=case.pk))


def _record(actor: User, case: Case, kind: str, **payload: Any) -> None:
    ledger.append(actor=actor, agency=case.agency, kind=kind, subject=case,
                  payload={"case": case.pk, "stage": case.stage, "state": case.state, **payload})


def _team(officers: Iterable[Officer], agency: Agency, act: Act) -> list[Officer]:
    """Officers of the agency each qualified for the act (持证上岗); how many the act needs is a guard."""
    officers = list({o.pk: o for o in officers}.values())
    outside = [o.person.name for o in officers if not o.unit.is_within(agency)]
    if outside:
        raise RuleViolation("承办人员须为本执法主体的执法人员：" + "、".join(outside), field="officers")
    check_enforcement_team(officers, act, min_size=1)
    return officers


# ---------------------------------------------------------------- registering and opening a case


def register_case(*, actor: User, unit: Agency, process: str, source: str, title: str, summary: str,
                  item_code: str, place: Agency, act_on: dt.date, act_ended_on: dt.date | None = None,
                  grave_harm: bool = False, officers: Iterable[Officer] = (), lead: Officer | None = None,
                  opinion: str = "", source_note: str = "", complaint: Complaint | None = None,
                  parties: Iterable[Party] = ()) -> Case:
    """Register a case for 立案审批 with the handler's opinion (行政处罚法 第54条: 立案 needs the head's approval)."""
    require(actor, "case.handle", unit)
    if process not in {p.code for p in CASE_PROCESSES}:
        raise RuleViolation("未知的执法程序", field="process")
    if source not in CaseSource.values:
        raise RuleViolation("请选择案件来源", field="source")
    title = _text("title", "案由", title, max_length=200)
    summary = _text("summary", "案情摘要", summary, max_length=5000)
    opinion = _text("opinion", "承办人意见", opinion, max_length=2000)
    source_note = _text("source_note", "来源说明", source_note, max_length=300, required=False)
    agency = unit.enclosing_agency()
    today = timezone.localdate()
    if act_on > today:
        raise RuleViolation("违法行为发生日不能晚于今天", field="act_on")
    if act_ended_on is not None and act_ended_on < act_on:
        raise RuleViolation("违法行为终了日不能早于发生日", field="act_ended_on")
    if act_ended_on is not None and act_ended_on > today:
        raise RuleViolation("违法行为终了日不能晚于今天", field="act_ended_on")
    rules.check_limitation(act_ended_on=act_ended_on or act_on, discovered_on=today, grave_harm=grave_harm)
    item = item_in_force(agency, item_code, today)
    if item is None:
        raise RuleViolation(f"本机关现行行政执法事项清单中没有编码为“{item_code}”的事项", field="item_code",
                            rule="GEN-05")
    domain = Domain.objects.filter(code=item["domain"]).first() if item.get("domain") else None
    if domain is None:
        raise RuleViolation(f"执法事项“{item['name']}”未写明执法领域，无法核对执法证的执法类别", field="item_code",
                            rule="GEN-03")
    act = Act(kind=ActionKind(item["action_kind"]), domain=domain, place=place, on=today)
    team = _team(officers, agency, act)
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
        _record(actor, case, "case.registered", title=title, source=source, item=item_code, process=process,
                officers=sorted(o.pk for o in team), lead=lead.pk if lead else None, act_on=act_on,
                parties=sorted(p.pk for p in parties),
                act_ended_on=act_ended_on, grave_harm=grave_harm, opinion=opinion,
                complaint=complaint.pk if complaint else None)
        if complaint is not None:
            complaint.state, complaint.case = ComplaintState.CASE, case
            complaint.save(update_fields=["state", "case"])
            obligations.meet(subject=complaint, rule=rules.COMPLAINT_RULE)
    return case


def _lead_user(case: Case) -> User | None:
    lead = next((a.officer for a in case.assignments.select_related("officer__person__user") if a.lead), None)
    return lead.person.user if lead is not None else None


def _open_decision_deadline(case: Case) -> None:
    """行政处罚法 第60条: the decision within 90 days of 立案 — an obligation on the case, for its lead officer."""
    if case.process != "punishment_general":
        return
    due = rules.decision_due(case.opened_on)  # type: ignore[arg-type]  # set by the caller
    obligations.ensure_obligation(
        agency=case.unit, subject=case, rule=due.rule, title=f"“{case.title}”应于{due.last_day:%Y-%m-%d}前作出处罚决定",
        due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=DECISION_WARN_DAYS), unit=PeriodUnit(due.unit),
        assignee=_lead_user(case), provisional=due.provisional, basis="自立案之日起九十日内作出行政处罚决定")


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
        "违反的规定": item.get("basis") or case.item_name, "承办人员": "、".join(team),
        "承办机构意见": opinions[OpinionRole.UNIT].text if OpinionRole.UNIT in opinions else "",
        "负责人审批意见": opinions[OpinionRole.HEAD].text if OpinionRole.HEAD in opinions else "",
        "机关名称": case.agency.name, "日期": f"{today.year}年{today.month}月{today.day}日",
    }


def _signed(case: Case, step: str, role: str) -> Opinion | None:
    return next((o for o in case.opinions.all() if o.step == step and o.role == role), None)


def sign_opinion(*, actor: User, case: Case, step: str, agrees: bool, text: str) -> Opinion:
    """The unit head's opinion, or the agency head's approval, on an approval form; in that order, once each.

    Approving 立案 opens the case (its 立案日期 is that day); refusing it closes the case with the reason.
    """
    text = _text("text", "意见", text, max_length=2000)
    with transaction.atomic():
        case = _locked(case)
        _writable(case)
        if step == OpinionStep.OPEN and case.opened_on is not None:
            raise RuleViolation("案件已立案", field="text", rule="行政处罚法 第54条")
        if step == OpinionStep.CLOSE:
            _in_stage(case, "execute", "结案审批")
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
        _record(actor, case, "case.opinion", step=step, role=role, agrees=agrees, text=text, **extra)
    return opinion


# ---------------------------------------------------------------- the team, the record


def assign_officers(*, actor: User, case: Case, officers: Iterable[Officer], lead: Officer) -> None:
    """Change who handles the case; each must be qualified for its act today (持证上岗)."""
    with transaction.atomic():
        case = _locked(case)
        require(actor, "case.handle", case.unit)
        _writable(case)
        team = _team(officers, case.agency, guards.act_of(case, timezone.localdate()))
        if lead.pk not in {o.pk for o in team}:
            raise RuleViolation("主办人员须为承办人员之一", field="lead")
        now = timezone.now()
        case.assignments.all().delete()
        CaseOfficer.objects.bulk_create([CaseOfficer(case=case, officer=o, lead=o.pk == lead.pk, assigned_at=now)
                                         for o in team])
        _record(actor, case, "case.officers", officers=sorted(o.pk for o in team), lead=lead.pk)


def link_evidence(*, actor: User, case: Case, evidence: Evidence, av_stage: str = "") -> CaseEvidence:
    """File evidence with the case at its current stage (for audio-video, at which 音像记录环节)."""
    with transaction.atomic():
        case = _locked(case)
        require(actor, "case.handle", case.unit)
        _writable(case)
        if not can(actor, "evidence.view", evidence.unit) or not evidence.unit.is_within(case.agency):
            raise RuleViolation("只能登记本执法主体的证据", field="evidence")
        if av_stage and (av_stage not in AVStage.values or not evidence.is_av):
            raise RuleViolation("只有录音、录像可登记为音像记录", field="av_stage")
        if CaseEvidence.objects.filter(case=case, evidence=evidence).exists():
            raise RuleViolation(f"“{evidence}”已登记在本案", field="evidence")
        link = CaseEvidence.objects.create(case=case, evidence=evidence, stage=case.stage, av_stage=av_stage,
                                           linked_by=actor, linked_at=timezone.now())
        ledger.append(actor=actor, agency=case.agency, kind="case.evidence_linked", subject=case,
                      payload={"case": case.pk, "stage": case.stage, "evidence": evidence.pk, "av_stage": av_stage},
                      evidence=[evidence.blob.sm3])
    return link


def explain_no_av(*, actor: User, case: Case, av_stage: str, reason: str) -> AVStageNote:
    """The written reason why a stage the 音像记录事项清单 marks was not recorded in audio-video (REC-04)."""
    reason = _text("reason", "不宜音像记录的原因", reason, max_length=2000)
    with transaction.atomic():
        case = _locked(case)
        require(actor, "case.handle", case.unit)
        _writable(case)
        if av_stage not in case.definition.stage(case.stage).av_stages:
            raise RuleViolation("本环节不含该音像记录环节", field="av_stage")
        note, _ = AVStageNote.objects.update_or_create(
            case=case, stage=case.stage, av_stage=av_stage,
            defaults={"reason": reason, "by": actor, "at": timezone.now()})
        _record(actor, case, "case.av_reason", av_stage=av_stage, reason=reason)
    return note


# ---------------------------------------------------------------- moving through the process


def move(*, actor: User, case: Case, target: str, note: str = "") -> Case:
    """Take the case along one transition of its process: every guard the definition names must hold."""
    note = _text("note", "说明", note, max_length=2000, required=False)
    with transaction.atomic():
        case = _locked(case)
        require(actor, "case.handle", case.unit)
        return _advance(actor, case, target, note)


def _advance(actor: User, case: Case, target: str, note: str = "") -> Case:
    """The transition itself, inside the caller's transaction and permission check (``move``, ``decide``)."""
    _writable(case, closing=target == "archive")
    definition = case.definition
    transition = definition.transition(case.stage, target)
    if transition is None:
        here, there = case.stage_label, next((s.label for s in definition.stages if s.code == target), target)
        raise RuleViolation(f"案件在“{here}”环节，不能转入“{there}”", field="target", rule="GEN-02")
    today = timezone.localdate()
    for guard in transition.guards:
        result = guards.evaluate(guard, case, today)
        if not result.ok:
            raise RuleViolation(result.missing, rule=guard.rule, field="target")
    source = case.stage
    case.stage, case.stage_since = target, timezone.now()
    if target == "close":
        case.state = CaseState.CLOSED
    elif target == "archive":
        case.state = CaseState.ARCHIVED
    case.save(update_fields=["stage", "stage_since", "state"])
    _record(actor, case, "case.moved", source=source, target=target, note=note)
    return case


# ---------------------------------------------------------------- complaints and reports

def receive_complaint(*, actor: User, unit: Agency, channel: str, about: str, content: str,
                      reporter_name: str = "", reporter_contact: str = "") -> Complaint:
    """Register a complaint or report; a real-name one carries the duty to tell its author if no case is
    opened (执法公示办法 第九条), an obligation of the receiving unit."""
    require(actor, "case.handle", unit)
    if channel not in ComplaintChannel.values:
        raise RuleViolation("请选择收到投诉举报的渠道", field="channel")
    about = _text("about", "被投诉举报对象", about, max_length=200)
    content = _text("content", "投诉举报内容", content, max_length=5000)
    reporter_name = _text("reporter_name", "投诉举报人", reporter_name, max_length=100, required=False)
    reporter_contact = _text("reporter_contact", "联系方式", reporter_contact, max_length=200, required=False)
    if reporter_name and not reporter_contact:
        raise RuleViolation("实名投诉举报请填写联系方式，以便告知处理结果", field="reporter_contact",
                            rule=rules.COMPLAINT_RULE)
    agency = unit.enclosing_agency()
    now = timezone.now()
    with transaction.atomic():
        complaint = Complaint.objects.create(
            agency=agency, unit=unit, received_at=now, received_by=actor, channel=channel, about=about,
            content=content, reporter_name=reporter_name, reporter_contact=reporter_contact)
        ledger.append(actor=actor, agency=agency, kind="complaint.received", subject=complaint, payload={
            "complaint": complaint.pk, "unit": unit.pk, "channel": channel, "about": about,
            "real_name": complaint.real_name})
        if complaint.real_name:
            s = CaseSettings.of(agency)
            due = rules.complaint_answer_due(timezone.localdate(now), s.complaint_period)
            obligations.ensure_obligation(
                agency=unit, subject=complaint, rule=due.rule, title=f"告知投诉举报人“{about}”的处理结果",
                due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=3), unit=PeriodUnit(due.unit),
                assignee=actor, provisional=due.provisional,
                basis="经审查不启动行政执法程序的，告知实名投诉举报人并书面记录")
    return complaint


def answer_complaint(*, actor: User, complaint: Complaint, reason: str) -> Complaint:
    """No case is opened: the reason recorded, and for a real-name complaint, its author told."""
    reason = _text("reason", "不予立案的理由", reason, max_length=2000)
    with transaction.atomic():
        complaint = (Complaint.objects.select_for_update(of=("self",)).select_related("agency", "unit")
                     .get(pk=complaint.pk))
        require(actor, "case.handle", complaint.unit)
        if complaint.state not in OPEN_COMPLAINT:
            raise RuleViolation("该投诉举报已办结", field="reason")
        complaint.state = ComplaintState.ANSWERED if complaint.real_name else ComplaintState.CLOSED
        complaint.answer, complaint.answered_at, complaint.answered_by = reason, timezone.now(), actor
        complaint.save(update_fields=["state", "answer", "answered_at", "answered_by"])
        ledger.append(actor=actor, agency=complaint.agency, kind="complaint.answered", subject=complaint,
                      payload={"complaint": complaint.pk, "state": complaint.state, "reason": reason})
        obligations.meet(subject=complaint, rule=rules.COMPLAINT_RULE)
    return complaint


def set_document_code(*, actor: User, agency: Agency, code: str) -> CaseSettings:
    """The agency's 文号机关代字 (鞍自然资): its documents are numbered 鞍自然资立字〔2026〕1号."""
    require(actor, "case.approve", agency)
    code = _text("code", "文号机关代字", code, max_length=20)
    with transaction.atomic():
        s, _ = CaseSettings.objects.select_for_update().get_or_create(agency=agency)
        s.document_code = code
        s.save(update_fields=["document_code"])
        ledger.append(actor=actor, agency=agency, kind="case.settings", subject=s, payload={"document_code": code})
    return s


# ---------------------------------------------------------------- 事先告知, service, statement


PARTY_KINDS = {"person": rules.PartyKind.PERSON, "individual": rules.PartyKind.INDIVIDUAL_BUSINESS,
               "legal": rules.PartyKind.LEGAL_PERSON, "other": rules.PartyKind.OTHER_ORGANISATION}


def party_kind(case: Case) -> rules.PartyKind:
    """The party kind the amount rules read: an organisation if any party of the case is one (the higher limits
    then apply to it; for a person the lower ones)."""
    kinds = [PARTY_KINDS[link.party.kind] for link in case.party_links.select_related("party")]
    organisations = [k for k in kinds if rules.is_organisation(k)]
    return organisations[0] if organisations else (kinds[0] if kinds else rules.PartyKind.PERSON)


def _in_stage(case: Case, stage: str, what: str) -> None:
    if case.stage != stage:
        where = case.definition.stage(stage).label
        raise RuleViolation(f"{what}须在“{where}”环节进行，案件现在“{case.stage_label}”环节", rule="GEN-02")


def issue_notice(*, actor: User, case: Case, kinds: Iterable[str], fine: Decimal, confiscated: Decimal,
                 facts: str, evidence: str, violated: str, penalty_basis: str, reason: str, contact: str,
                 agency_address: str) -> Notice:
    """The 行政处罚事先告知书 with the proposed penalty; it tells of a hearing where 第63条 gives one."""
    given = (("facts", "违法事实", "违法事实", facts), ("evidence", "证据", "证据", evidence),
             ("violated", "违反的规定", "违反的规定", violated),
             ("penalty_basis", "处罚依据", "处罚依据", penalty_basis), ("reason", "处罚理由", "处罚理由", reason),
             ("contact", "联系人及电话", "联系人", contact),
             ("agency_address", "本机关地址", "机关地址", agency_address))
    values = {key: _text(field, label, value, max_length=2000) for field, label, key, value in given}
    with transaction.atomic():
        case = _locked(case)
        require(actor, "case.handle", case.unit)
        _writable(case)
        _in_stage(case, "notify", "事先告知")
        penalty = rules.Penalty(frozenset(kinds), fine, confiscated)  # type: ignore[arg-type]
        grounds = rules.hearing_grounds(penalty, party_kind(case))
        today = timezone.localdate()
        parties = [link.party for link in case.party_links.select_related("party")]
        doc = documents.issue(actor=actor, agency=case.agency, template="prior_notice", subject=case, on=today,
                              values={**values, "agency_short": CaseSettings.of(case.agency).agency_short,
                                      "当事人名称": "、".join(p.name for p in parties), "拟处罚内容": penalty.label,
                                      "听证权利": bool(grounds), "机关名称": case.agency.name,
                                      "日期": f"{today.year}年{today.month}月{today.day}日"})
        notice = Notice.objects.create(case=case, document=doc, kinds=sorted(penalty.kinds), fine=penalty.fine,
                                       confiscated=penalty.confiscated, hearing_grounds="；".join(grounds),
                                       issued_at=timezone.now())
        _record(actor, case, "case.notified", notice=notice.pk, document=doc.pk, number=doc.number,
                penalty=penalty.label, hearing=grounds)
    return notice


def record_service(*, actor: User, case: Case, document: IssuedDocument, method: str,
                   served_on: dt.date | None = None, recipient: str = "", tracking_number: str = "",
                   witness: str = "", reason: str = "", medium: str = "", published_on: dt.date | None = None,
                   receipt: Evidence | None = None) -> Service:
    """How a document of the case reached the party (行政处罚法 第61条; REC-07), each way with what it needs."""
    rule = "行政处罚法 第61条"
    if method not in ServiceMethod.values:
        raise RuleViolation("请选择送达方式", field="method", rule=rule)
    recipient = _text("recipient", "签收人", recipient, max_length=100, required=method in (
        ServiceMethod.DIRECT, ServiceMethod.ENTRUSTED, ServiceMethod.FORWARDED))
    tracking_number = _text("tracking_number", "邮件号码", tracking_number, max_length=60,
                            required=method == ServiceMethod.MAIL)
    witness = _text("witness", "见证人", witness, max_length=100, required=method == ServiceMethod.LEFT)
    reason = _text("reason", "情况说明", reason, max_length=2000, required=method in (
        ServiceMethod.LEFT, ServiceMethod.ENTRUSTED, ServiceMethod.FORWARDED, ServiceMethod.PUBLIC))
    medium = _text("medium", "公告媒介", medium, max_length=200, required=method == ServiceMethod.PUBLIC)
    if method == ServiceMethod.PUBLIC:
        if published_on is None:
            raise RuleViolation("公告送达须填写公告日期", field="published_on", rule=rule)
        served_on = published_on + dt.timedelta(days=PUBLIC_NOTICE_DAYS)  # deemed served 30 days after it
    elif served_on is None:
        raise RuleViolation("请填写送达日期", field="served_on", rule=rule)
    today = timezone.localdate()
    if (published_on or served_on) > today:
        raise RuleViolation("送达（公告）日期不能晚于今天", field="published_on" if published_on else "served_on",
                            rule=rule)
    with transaction.atomic():
        case = _locked(case)
        require(actor, "case.handle", case.unit)
        _writable(case)
        if document.subject_id != case.pk or document.subject_type_id != _case_type().pk:
            raise RuleViolation("只能登记本案文书的送达", field="document")
        if document.voided_at is not None:
            raise RuleViolation("文书已作废，不能送达", field="document")
        if (published_on or served_on) < timezone.localdate(document.issued_at):
            raise RuleViolation("送达日期不能早于文书制作日期", field="served_on", rule=rule)
        if Service.objects.filter(document=document).exists():
            raise RuleViolation(f"《{document.title}》已登记送达", field="document")
        if method == ServiceMethod.ELECTRONIC and not _consents_to_electronic(case):
            raise RuleViolation("当事人未书面同意电子送达（送达地址确认书）", field="method", rule=rule)
        if document.template == "penalty_decision":
            obligations.meet(subject=case, rule="行政处罚法 第61条")
            proposal = guards.latest_proposal(case)
            if proposal is not None and proposal.fine:
                due = rules.payment_due(served_on)
                title = f"当事人应于{due.last_day:%Y-%m-%d}前缴纳罚款{proposal.fine}元，逾期每日加处3%"
                obligations.ensure_obligation(
                    agency=case.unit, subject=case, rule=due.rule, title=title, due_at=due.due_at,
                    warn_from=due.due_at - dt.timedelta(days=3), unit=PeriodUnit(due.unit),
                    assignee=_lead_user(case), provisional=due.provisional,
                    basis="自收到行政处罚决定书之日起十五日内缴纳罚款")
        service = Service.objects.create(
            case=case, document=document, method=method, served_on=served_on, recipient=recipient,
            tracking_number=tracking_number, witness=witness, reason=reason, medium=medium,
            published_on=published_on, receipt=receipt, recorded_by=actor, recorded_at=timezone.now())
        _record(actor, case, "case.served", document=document.pk, number=document.number, method=method,
                served_on=served_on, recipient=recipient, tracking_number=tracking_number, witness=witness,
                published_on=published_on, receipt=receipt.pk if receipt else None)
    return service


def _case_type():  # -> ContentType
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Case)


def _consents_to_electronic(case: Case) -> bool:
    from zhifa.parties.models import ServiceAddress

    parties = case.party_links.values("party_id")
    return ServiceAddress.objects.filter(party__in=parties, electronic_consent=True).exclude(
        electronic_address="").exists()


def record_statement(*, actor: User, case: Case, received_on: dt.date, content: str = "", review: str = "",
                     waived: bool = False, hearing_requested: bool = False) -> Statement:
    """What the party said after the notice, and its review (第45条); or that they gave it up; and whether
    they asked for a hearing, within 5 working days of service (第64条)."""
    content = _text("content", "陈述申辩内容", content, max_length=5000, required=not waived and not hearing_requested)
    review = _text("review", "复核意见", review, max_length=5000, required=bool(content))
    with transaction.atomic():
        case = _locked(case)
        require(actor, "case.handle", case.unit)
        _writable(case)
        notice = case.notices.order_by("-issued_at", "-pk").first()
        served = Service.objects.filter(document_id=notice.document_id).first() if notice else None
        if notice is None or served is None:
            raise RuleViolation("事先告知书尚未送达", field="received_on", rule="行政处罚法 第44条")
        if received_on < served.served_on or received_on > timezone.localdate():
            raise RuleViolation("提出日期应在告知书送达之日至今天之间", field="received_on", rule="行政处罚法 第45条")
        if hearing_requested:
            if not notice.hearing_grounds:
                raise RuleViolation("拟作出的处罚不属于听证范围", field="hearing_requested", rule="行政处罚法 第63条")
            rules.check_hearing_request(notice_served_on=served.served_on, requested_on=received_on)
        statement = Statement.objects.create(
            case=case, notice=notice, received_on=received_on, waived=waived, content=content, review=review,
            hearing_requested=hearing_requested, recorded_by=actor, recorded_at=timezone.now())
        _record(actor, case, "case.statement", notice=notice.pk, received_on=received_on, waived=waived,
                content=content, review=review, hearing_requested=hearing_requested)
    return statement


# ---------------------------------------------------------------- the decision


def propose_decision(*, actor: User, case: Case, kinds: Iterable[str], fine: Decimal, confiscated: Decimal,
                     facts: dict[str, Any] | None = None, outside_reason: str = "", complex: bool = False) -> Proposal:
    """The penalty proposed for decision: never heavier than the one notified (行政处罚法 第45条), beside the
    discretion range of the catalog's standard, with a reason when outside it or when no range applies."""
    outside_reason = _text("outside_reason", "超出裁量幅度的理由", outside_reason, max_length=2000, required=False)
    with transaction.atomic():
        case = _locked(case)
        require(actor, "case.handle", case.unit)
        _writable(case)
        _in_stage(case, "decide", "拟定处罚决定")
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
        _record(actor, case, "case.proposed", penalty=penalty.label, within=within, reasons=reasons,
                outside_reason=outside_reason, complex=complex)
    return proposal


def decide(*, actor: User, case: Case, statement_summary: str, reason: str, performance: str, payment: str,
           review_body: str, court: str) -> IssuedDocument:
    """The agency head's decision: the 行政处罚决定书 issued on the proposal, the case on to service — only
    when every guard of the way out holds (legal review where it is required, 第58条)."""
    given = (("statement_summary", "陈述申辩情况", statement_summary), ("reason", "处罚理由", reason),
             ("performance", "履行方式和期限", performance), ("review_body", "复议机关", review_body),
             ("court", "管辖法院", court))
    text = {field: _text(field, label, value, max_length=2000) for field, label, value in given}
    payment = _text("payment", "缴款方式", payment, max_length=500, required=False)
    with transaction.atomic():
        locked = _locked(case)
        require(actor, "case.approve", locked.agency)
        _writable(locked)
        _in_stage(locked, "decide", "作出处罚决定")
        proposal = locked.proposals.order_by("-proposed_at", "-pk").first()
        notice, service = guards.latest_notice(locked)
        if proposal is None or notice is None or service is None:
            raise RuleViolation("尚未拟定处罚内容", field="reason", rule="行政处罚法 第57条")
        penalty = rules.Penalty(frozenset(proposal.kinds), proposal.fine, proposal.confiscated)  # type: ignore[arg-type]
        parties = [link.party for link in locked.party_links.select_related("party")]
        today = timezone.localdate()
        notified = notice.document.values
        doc = documents.issue(actor=actor, agency=locked.agency, template="penalty_decision", subject=locked, on=today,
                              values={
            "agency_short": CaseSettings.of(locked.agency).agency_short,
            "当事人名称": "、".join(p.name for p in parties), "证件号码": "、".join(p.id_number for p in parties),
            "法定代表人": "、".join(p.rep_name for p in parties if p.rep_name),
            "当事人地址": "、".join(p.address for p in parties if p.address) or "—",
            "立案日期": _cn(locked.opened_on or today), "案由": locked.title, "违法事实": notified["违法事实"],
            "证据": notified["证据"], "告知书文号": notice.document.number, "告知日期": _cn(service.served_on),
            "陈述申辩情况": text["statement_summary"], "违反的规定": notified["违反的规定"], "处罚理由": text["reason"],
            "处罚依据": notified["处罚依据"], "处罚内容": penalty.label, "履行方式和期限": text["performance"],
            "含罚款": penalty.fine > 0, "缴款方式": payment, "复议机关": text["review_body"], "管辖法院": text["court"],
            "机关名称": locked.agency.name, "日期": _cn(today)})
        Opinion.objects.create(case=locked, step=OpinionStep.DECIDE, role=OpinionRole.HEAD, agrees=True,
                               text=f"决定：{penalty.label}", by=actor, by_name=name_of(actor), at=timezone.now())
        _record(actor, locked, "case.decided", document=doc.pk, number=doc.number, penalty=penalty.label)
        obligations.meet(subject=locked, rule="行政处罚法 第60条")
        due = rules.service_due(today)
        obligations.ensure_obligation(
            agency=locked.unit, subject=locked, rule=due.rule, title=f"《行政处罚决定书》{doc.number}应于"
            f"{due.last_day:%Y-%m-%d}前送达", due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=2),
            unit=PeriodUnit(due.unit), assignee=_lead_user(locked), provisional=due.provisional,
            basis="当事人不在场的，七日内依照民事诉讼法的有关规定送达")
        _advance(actor, locked, "serve")  # the guards decide; refused, all of the above is undone
    return doc


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# ---------------------------------------------------------------- execution


def decision_of(case: Case) -> tuple[IssuedDocument | None, Service | None]:
    """The case's (latest, not voided) 行政处罚决定书 and its service."""
    decision = (IssuedDocument.objects.filter(subject_type=_case_type(), subject_id=case.pk,
                                              template="penalty_decision", voided_at__isnull=True)
                .order_by("-issued_at", "-pk").first())
    service = Service.objects.filter(document=decision).first() if decision else None
    return decision, service


def surcharge_on(case: Case, day: dt.date) -> rules.Surcharge | None:
    """The 加处罚款 owed on ``day`` for the decided fine (行政处罚法 第72条), once the decision is served."""
    proposal = guards.latest_proposal(case)
    _decision, service = decision_of(case)
    if proposal is None or service is None or not proposal.fine:
        return None
    return rules.late_payment_surcharge(proposal.fine, served_on=service.served_on, until=day)


def record_payment(*, actor: User, case: Case, paid_on: dt.date, amount: Decimal,
                   receipt: Evidence | None = None) -> Payment:
    """The fine paid; paid late, the amount must carry the 加处罚款 of 第72条 (3% a day, never above the fine)."""
    rule = "行政处罚法 第72条"
    if paid_on > timezone.localdate():
        raise RuleViolation("缴纳日期不能晚于今天", field="paid_on", rule="行政处罚法 第67条")
    with transaction.atomic():
        case = _locked(case)
        require(actor, "case.handle", case.unit)
        _writable(case)
        _in_stage(case, "execute", "登记缴纳罚款")
        surcharge = surcharge_on(case, paid_on)
        if surcharge is None:
            raise RuleViolation("本案决定未含罚款，或决定书尚未送达", field="amount", rule="行政处罚法 第67条")
        _decision, service = decision_of(case)
        if service is not None and paid_on < service.served_on:
            raise RuleViolation("缴纳日期不能早于决定书送达之日", field="paid_on", rule="行政处罚法 第67条")
        fine = guards.latest_proposal(case).fine  # type: ignore[union-attr]  # surcharge_on found it
        owed = fine + surcharge.amount
        if amount != owed:
            raise RuleViolation(f"应缴 {owed} 元（罚款 {fine} 元" + (
                f"，逾期 {surcharge.days} 日加处罚款 {surcharge.amount} 元" if surcharge.days else "") +
                f"），登记的是 {amount} 元", field="amount", rule=rule)
        payment = Payment.objects.create(case=case, paid_on=paid_on, fine=fine, surcharge=surcharge.amount,
                                         receipt=receipt, recorded_by=actor, recorded_at=timezone.now())
        obligations.meet(subject=case, rule="行政处罚法 第67条")
        _record(actor, case, "case.paid", paid_on=paid_on, fine=fine, surcharge=surcharge.amount,
                overdue_days=surcharge.days, capped=surcharge.capped, receipt=receipt.pk if receipt else None)
    return payment
