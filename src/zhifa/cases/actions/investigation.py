"""调查取证 (REC-03; 行政处罚法 第43、55、56条): 回避 and the head's decision on it, credentials shown and rights told
at each contact, the records of the investigation with their signatures and attachments, and 先行登记保存 with the
head's approval and its 处理决定 within 7 working days (an obligation)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from zhifa.agencies.models import Officer, name_of
from zhifa.agencies.permissions import require
from zhifa.agencies.rules import Act, best_credential, check_enforcement_team
from zhifa.cases import guards, rules
from zhifa.cases.models import (
    Case,
    CaseEvidence,
    CaseOfficer,
    CaseSettings,
    InvestigationRecord,
    PartyRight,
    Preservation,
    PreservationState,
    RecordKind,
    Recusal,
    RecusalSource,
    RightsNotice,
)
from zhifa.catalog.documents import PRESERVATION_OUTCOMES
from zhifa.core.dates import cn_date
from zhifa.core.errors import RuleViolation
from zhifa.documents import actions as documents
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import PeriodUnit
from zhifa.records.models import Evidence

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from zhifa.cases.actions.base import clean_text, ensure_stage, ensure_writable, lead_user, lock, record
from zhifa.cases.actions.team import link_evidence

RECUSAL_RULE = "行政处罚法 第43条"
CREDENTIAL_RULE = "行政处罚法 第55条"
PRESERVATION_RULE = "行政处罚法 第56条"

# What the person of each kind of record is called, and what its content is.
PERSON_LABELS = {RecordKind.INQUIRY: "被询问人", RecordKind.ONSITE: "被检查人", RecordKind.SAMPLING: "被抽样人",
                 RecordKind.STATEMENT: "陈述人（证人）", RecordKind.EXPERT: "鉴定机构及鉴定人"}
CONTENT_LABELS = {RecordKind.INQUIRY: "询问内容（问答）", RecordKind.ONSITE: "检查（勘验）情况",
                  RecordKind.SAMPLING: "抽样情况（样品名称、数量、抽样方法、封样）",
                  RecordKind.STATEMENT: "陈述（证言）内容", RecordKind.EXPERT: "鉴定意见"}
# The kinds written on a template of catalog/documents.py, issued as the case's document.
TEMPLATE_OF = {RecordKind.INQUIRY: "inquiry_record", RecordKind.ONSITE: "onsite_record"}



def _cn_time(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{cn_date(local.date())}{local.hour}时{local.minute:02d}分"


def _fingerprint(**values: Any) -> str:
    """The submitted form as one key: the same form sent twice has the same one, and is refused the second time."""
    text = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _clean(rule: str, field: str, label: str, value: str | None, *, max_length: int, required: bool = True) -> str:
    """``clean_text`` naming the rule the text is asked for by."""
    try:
        return clean_text(field, label, value, max_length=max_length, required=required)
    except RuleViolation as e:
        raise RuleViolation(e.message, field=field, rule=rule) from None


# The stage a process makes its records in: a 行政检查 records its 现场检查笔录 while it inspects.
RECORD_STAGE = {"inspection": "inspect"}


def _opened(case: Case, what: str) -> dt.date:
    if case.opened_on is None:
        raise RuleViolation(f"案件尚未立案，不能{what}", rule="行政处罚法 第54条")
    return case.opened_on


def _present_team(case: Case, officers: Iterable[Officer], act: Act, *, min_size: int) -> list[Officer]:
    """The officers present: each on the case's team (an officer who withdrew is no longer) and qualified for
    the act on its day, and as many as the act needs (行政处罚法 第42条；持证上岗)."""
    chosen = list({o.pk: o for o in officers}.values())
    team = set(CaseOfficer.objects.filter(case=case).values_list("officer_id", flat=True))
    outside = [o.person.name for o in chosen if o.pk not in team]
    if outside:
        raise RuleViolation("在场执法人员须为本案承办人员：" + "、".join(outside), field="officers",
                            rule="行政处罚法 第42条")
    try:
        check_enforcement_team(chosen, act, min_size=min_size)
    except RuleViolation as e:
        raise RuleViolation(e.message + ("：" + "；".join(e.details) if e.details else ""), rule=e.rule,
                            field="officers") from None
    return chosen


def _officers_text(officers: Iterable[Officer], act: Act) -> str:
    """张伟（21030001）、李娜（21030002）: names with the credential that covers the act."""
    parts = []
    for o in officers:
        credential, _problem = best_credential(o, act)
        parts.append(f"{o.person.name}（{credential.number}）" if credential else o.person.name)
    return "、".join(parts)


def _parties(case: Case) -> tuple[str, str]:
    parties = [link.party for link in case.party_links.select_related("party")]
    return ("、".join(p.name for p in parties) or "—", "、".join(p.address for p in parties if p.address) or "—")


# ---------------------------------------------------------------- 回避 (行政处罚法 第43条)


def request_recusal(*, actor: User, case: Case, officer: Officer, source: str, requested_by_name: str, reason: str,
                    requested_on: dt.date) -> Recusal:
    """A request that an officer of the case withdraw — the party's, another officer's, or the officer's own."""
    if source not in RecusalSource.values:
        raise RuleViolation("请选择回避的提出方式", field="source", rule=RECUSAL_RULE)
    requested_by_name = _clean(RECUSAL_RULE, "requested_by_name", "提出人", requested_by_name, max_length=100)
    reason = _clean(RECUSAL_RULE, "reason", "回避理由", reason, max_length=2000)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        if not CaseOfficer.objects.filter(case=case, officer=officer).exists():
            raise RuleViolation(f"{officer.person.name}不是本案承办人员", field="officer", rule=RECUSAL_RULE)
        registered = timezone.localdate(case.registered_at)
        if not registered <= requested_on <= timezone.localdate():
            raise RuleViolation(f"提出日期应在案件登记之日（{cn_date(registered)}）至今天之间", field="requested_on",
                                rule=RECUSAL_RULE)
        if Recusal.objects.filter(case=case, officer=officer, decided_at__isnull=True).exists():
            raise RuleViolation(f"对{officer.person.name}的回避申请尚待负责人决定，未重复登记", field="officer",
                                rule=RECUSAL_RULE)
        recusal = Recusal.objects.create(
            case=case, officer=officer, source=source, requested_by_name=requested_by_name, reason=reason,
            requested_on=requested_on, recorded_by=actor, recorded_at=timezone.now())
        record(actor, case, "case.recusal_requested", recusal=recusal.pk, officer=officer.pk, source=source,
               requested_by=requested_by_name, reason=reason, requested_on=requested_on)
    return recusal


def decide_recusal(*, actor: User, recusal: Recusal, granted: bool, decision: str) -> Recusal:
    """The agency head decides (第43条); a granted withdrawal takes the officer off the team (the lead's role
    passes to the next officer). The investigation does not stop while the request waits."""
    decision = _clean(RECUSAL_RULE, "decision", "决定意见", decision, max_length=2000)
    with transaction.atomic():
        case = lock(recusal.case)
        require(actor, "case.approve", case.agency)
        ensure_writable(case)
        recusal = Recusal.objects.select_for_update(of=("self",)).select_related("officer__person").get(pk=recusal.pk)
        if recusal.decided_at is not None:
            raise RuleViolation(f"该回避申请已于{timezone.localtime(recusal.decided_at):%Y-%m-%d %H:%M}决定",
                                field="recusal", rule=RECUSAL_RULE)
        recusal.granted, recusal.decision = granted, decision
        recusal.decided_by, recusal.decided_by_name, recusal.decided_at = actor, name_of(actor), timezone.now()
        recusal.save()
        team: list[int] = []
        if granted:
            removed = CaseOfficer.objects.filter(case=case, officer=recusal.officer).first()
            if removed is not None:
                removed.delete()
                rest = list(CaseOfficer.objects.filter(case=case).order_by("pk"))
                if removed.lead and rest:
                    CaseOfficer.objects.filter(pk=rest[0].pk).update(lead=True)
                team = [a.officer_id for a in rest]
        record(actor, case, "case.recusal_decided", recusal=recusal.pk, officer=recusal.officer_id, granted=granted,
               decision=decision, officers=team)
    return recusal


# ---------------------------------------------------------------- 出示证件、告知权利 (第55条)


def record_rights_told(*, actor: User, case: Case, person: str, told_at: dt.datetime, place: str,
                       officers: Iterable[Officer], rights: Iterable[str], credential_shown: bool) -> RightsNotice:
    """One contact with the party or a person concerned: who, when, where, the officers who showed their
    credentials, and which rights they told."""
    person = _clean(CREDENTIAL_RULE, "person", "当事人或有关人员", person, max_length=200)
    place = _clean(CREDENTIAL_RULE, "place", "地点", place, max_length=200)
    rights = sorted(set(rights))
    if not credential_shown:
        raise RuleViolation("执法人员应当主动出示执法证件；不出示的，当事人有权拒绝接受调查或者检查",
                            field="credential_shown", rule=CREDENTIAL_RULE)
    if not rights or any(r not in PartyRight.values for r in rights):
        raise RuleViolation("请选择已告知的权利", field="rights", rule=CREDENTIAL_RULE)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        opened_on = _opened(case, "记录告知")
        day = timezone.localdate(told_at)
        rules.check_investigation_day(opened_on=opened_on, day=day, today=timezone.localdate(), field="told_at",
                                      label="告知时间")
        act = guards.act_of(case, day)
        team = _present_team(case, officers, act, min_size=2)
        key = _fingerprint(person=person, told_at=told_at, place=place, officers=sorted(o.pk for o in team),
                           rights=rights)
        if RightsNotice.objects.filter(case=case, fingerprint=key).exists():
            raise RuleViolation("这次出示证件和告知已经记录，未重复登记", rule=CREDENTIAL_RULE)
        notice = RightsNotice.objects.create(case=case, told_at=told_at, person=person, place=place, rights=rights,
                                             recorded_by=actor, recorded_at=timezone.now(), fingerprint=key)
        notice.officers.set(team)
        record(actor, case, "case.rights_told", notice=notice.pk, person=person, told_at=told_at, place=place,
               officers=_officers_text(team, act), rights=[PartyRight(r).label for r in rights])
    return notice


# ---------------------------------------------------------------- 询问、检查、抽样、陈述、鉴定 (第55条；REC-03)


def make_record(*, actor: User, case: Case, kind: str, started_at: dt.datetime, place: str,
                officers: Iterable[Officer], persons: str, content: str, ended_at: dt.datetime | None = None,
                recorder: Officer | None = None, person_id_number: str = "", present: str = "", av_note: str = "",
                opinion: str = "", recusal_requested: bool = False, signed: bool = False, refusal_reason: str = "",
                witness: str = "", evidence: Iterable[Evidence] = ()) -> InvestigationRecord:
    """A record of the investigation, signed by those present (a refusal noted with its reason and a witness
    who signs); an inquiry or inspection by two qualified officers of the team, written on its 文书 template and
    issued with the case; its attachments filed as the case's evidence at this stage."""
    if kind not in RecordKind.values:
        raise RuleViolation("请选择记录种类", field="kind", rule="REC-03")
    kind = RecordKind(kind)
    written = kind in (RecordKind.INQUIRY, RecordKind.ONSITE)
    place = _clean("REC-03", "place", "地点", place, max_length=200)
    persons = _clean("REC-03", "persons", PERSON_LABELS[kind], persons, max_length=300)
    content = _clean("REC-03", "content", CONTENT_LABELS[kind], content, max_length=20000)
    person_id_number = _clean("REC-03", "person_id_number", "被询问人身份证件号码", person_id_number, max_length=40,
                                  required=kind == RecordKind.INQUIRY)
    present = _clean("REC-03", "present", "在场人", present, max_length=300, required=kind == RecordKind.ONSITE)
    av_note = _clean("REC-03", "av_note", "音像记录情况", av_note, max_length=500, required=kind == RecordKind.ONSITE)
    opinion = _clean("REC-03", "opinion", "当事人（在场人）意见", opinion, max_length=2000, required=False)
    refusal_reason = _clean("REC-03", "refusal_reason", "拒绝签名的原因", refusal_reason, max_length=2000,
                            required=False)
    witness = _clean("REC-03", "witness", "见证人", witness, max_length=100, required=False)
    rules.check_signatures(signed=signed, refusal_reason=refusal_reason, witness=witness,
                           refusal_allowed=kind != RecordKind.EXPERT)
    if signed:
        refusal_reason = witness = ""
    if written and ended_at is None:
        raise RuleViolation("请填写结束时间", field="ended_at", rule="行政处罚法 第55条")
    if written and recorder is None:
        raise RuleViolation("请选择记录人", field="recorder", rule="行政处罚法 第55条")
    evidence = list({e.pk: e for e in evidence}.values())
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, RECORD_STAGE.get(case.process, "investigate"), f"制作{kind.label}")
        opened_on = _opened(case, f"制作{kind.label}")
        now = timezone.now()
        day = timezone.localdate(started_at)
        rules.check_investigation_day(opened_on=opened_on, day=day, today=timezone.localdate(now), field="started_at",
                                      label="开始时间")
        if ended_at is not None and not started_at <= ended_at <= now:
            raise RuleViolation("结束时间应在开始时间之后、不晚于现在", field="ended_at", rule="行政处罚法 第55条")
        act = guards.act_of(case, day)
        team = _present_team(case, officers, act, min_size=rules.TEAM_SIZE_BY_RECORD[kind])
        if recorder is not None and recorder.pk not in {o.pk for o in team}:
            raise RuleViolation("记录人须为在场执法人员之一", field="recorder", rule="行政处罚法 第55条")
        key = _fingerprint(kind=kind.value, started_at=started_at, ended_at=ended_at, place=place,
                           officers=sorted(o.pk for o in team), recorder=recorder.pk if recorder else None,
                           persons=persons, content=content, signed=signed, witness=witness,
                           evidence=sorted(e.pk for e in evidence))
        if InvestigationRecord.objects.filter(case=case, fingerprint=key).exists():
            raise RuleViolation(f"相同的{kind.label}已经登记，未重复登记", rule="REC-03")
        linked = {link.evidence_id: link for link in CaseEvidence.objects.filter(case=case, evidence__in=evidence)}
        links = [linked.get(e.pk) or link_evidence(actor=actor, case=case, evidence=e) for e in evidence]
        document = None
        if written:
            document = documents.issue(actor=actor, agency=case.agency, template=TEMPLATE_OF[kind], subject=case,
                                       on=timezone.localdate(now),
                                       values=_template_values(case, kind, act, team, recorder, started_at,
                                                               ended_at, place, persons, person_id_number, present,
                                                               content, av_note, opinion, recusal_requested, signed,
                                                               refusal_reason, witness))
        rec = InvestigationRecord.objects.create(
            case=case, kind=kind, started_at=started_at, ended_at=ended_at, place=place, recorder=recorder,
            persons=persons, person_id_number=person_id_number, present=present, content=content, av_note=av_note,
            opinion=opinion, recusal_requested=recusal_requested, signed=signed, refusal_reason=refusal_reason,
            witness=witness, document=document, fingerprint=key, recorded_by=actor, recorded_at=now)
        rec.officers.set(team)
        rec.attachments.set(links)
        record(actor, case, "case.record_made", record=rec.pk, record_kind=kind.value, started_at=started_at,
               ended_at=ended_at, place=place, officers=_officers_text(team, act),
               recorder=recorder.person.name if recorder else "", persons=persons, content=content, signed=signed,
               refusal_reason=refusal_reason, witness=witness, document=document.pk if document else None,
               evidence=[e.pk for e in evidence])
    return rec


def _template_values(case: Case, kind: RecordKind, act: Act, team: list[Officer], recorder: Officer | None,
                     started_at: dt.datetime, ended_at: dt.datetime | None, place: str, persons: str,
                     person_id_number: str, present: str, content: str, av_note: str, opinion: str,
                     recusal_requested: bool, signed: bool, refusal_reason: str, witness: str) -> dict[str, object]:
    assert ended_at is not None and recorder is not None
    common = {"开始时间": _cn_time(started_at), "结束时间": _cn_time(ended_at), "记录人": recorder.person.name,
              "回避": "申请回避" if recusal_requested else "不申请回避"}
    if kind == RecordKind.INQUIRY:
        return {**common, "询问地点": place, "询问人": _officers_text(team, act), "被询问人": persons,
                "被询问人证件号码": person_id_number, "机关名称": case.agency.name, "案由": case.title,
                "问答": content}
    return {**common, "检查地点": place, "被检查人": persons, "在场人": present, "执法人员": _officers_text(team, act),
            "检查情况": content, "音像记录": av_note, "当事人意见": opinion, "当事人签名": present if signed else "",
            "拒签情况": "无" if signed else f"{refusal_reason}；见证人：{witness}"}


# ---------------------------------------------------------------- 先行登记保存 (第56条)


def request_preservation(*, actor: User, case: Case, items: str, method: str, reason: str,
                         contact: str) -> Preservation:
    """The handler asks the agency head to approve 先行登记保存 of evidence that may be lost or hard to obtain later."""
    items = _clean(PRESERVATION_RULE, "items", "先行登记保存的证据", items, max_length=5000)
    method = _clean(PRESERVATION_RULE, "method", "保存地点和方式", method, max_length=300)
    reason = _clean(PRESERVATION_RULE, "reason", "证据可能灭失或者以后难以取得的情形", reason, max_length=2000)
    contact = _clean(PRESERVATION_RULE, "contact", "联系人及电话", contact, max_length=200)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "investigate", "先行登记保存")
        if Preservation.objects.filter(case=case, items=items, state=PreservationState.REQUESTED).exists():
            raise RuleViolation("相同的先行登记保存申请尚待负责人批准，未重复登记", field="items",
                                rule=PRESERVATION_RULE)
        preservation = Preservation.objects.create(case=case, items=items, method=method, reason=reason,
                                                   contact=contact, requested_by=actor, requested_at=timezone.now())
        record(actor, case, "case.preservation_requested", preservation=preservation.pk, items=items, method=method,
               reason=reason)
    return preservation


def approve_preservation(*, actor: User, preservation: Preservation, agrees: bool, opinion: str) -> Preservation:
    """The agency head's approval (第56条): approved, the evidence is preserved today, the 先行登记保存证据通知书 is
    issued and the 处理决定 falls due on the 7th working day after (an obligation on the preservation)."""
    opinion = _clean(PRESERVATION_RULE, "opinion", "审批意见", opinion, max_length=2000)
    with transaction.atomic():
        case = lock(preservation.case)
        require(actor, "case.approve", case.agency)
        ensure_writable(case)
        p = Preservation.objects.select_for_update().get(pk=preservation.pk)
        if p.state != PreservationState.REQUESTED:
            raise RuleViolation(f"该先行登记保存申请已审批（{p.get_state_display()}）", field="preservation",
                                rule=PRESERVATION_RULE)
        ensure_stage(case, "investigate", "先行登记保存")
        now, today = timezone.now(), timezone.localdate()
        p.approver, p.approver_name, p.approval_opinion, p.approved_at = actor, name_of(actor), opinion, now
        if not agrees:
            p.state = PreservationState.REFUSED
            p.save()
            record(actor, case, "case.preservation_refused", preservation=p.pk, opinion=opinion)
            return p
        due = rules.preservation_decision_due(today)
        party, address = _parties(case)
        p.notice = documents.issue(actor=actor, agency=case.agency, template="preservation_notice", subject=case,
                                   on=today, values={
            "agency_short": CaseSettings.of(case.agency).agency_short, "当事人名称": party, "当事人地址": address,
            "案由": case.title, "批准人": p.approver_name, "批准日期": cn_date(today), "物品清单": p.items,
            "保存方式": p.method, "保存日期": cn_date(today), "联系人": p.contact, "机关名称": case.agency.name,
            "日期": cn_date(today)})
        p.state, p.preserved_on, p.due_on = PreservationState.PRESERVED, today, due.last_day
        p.save()
        obligations.ensure_obligation(
            agency=case.unit, subject=p, rule=due.rule,
            title=f"先行登记保存的证据应于{due.last_day:%Y-%m-%d}前作出处理决定（{p.notice.number}）",
            due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=2), unit=PeriodUnit(due.unit),
            assignee=lead_user(case), provisional=due.provisional, basis="先行登记保存的，应当在七日内及时作出处理决定")
        record(actor, case, "case.preservation_approved", preservation=p.pk, opinion=opinion, notice=p.notice.pk,
               number=p.notice.number, preserved_on=today, due=due.last_day)
    return p


def decide_preservation(*, actor: User, preservation: Preservation, outcome: str, reason: str, review_body: str,
                        court: str) -> Preservation:
    """The 先行登记保存证据处理决定书: meets the 7-working-day obligation. Made after the 7th working day it is still
    recorded — the law sets no other consequence — and flagged as late, its obligation met late."""
    if outcome not in PRESERVATION_OUTCOMES:
        raise RuleViolation("请选择处理方式", field="outcome", rule=PRESERVATION_RULE)
    reason = _clean(PRESERVATION_RULE, "reason", "处理理由和依据", reason, max_length=2000)
    review_body = _clean(PRESERVATION_RULE, "review_body", "行政复议机关", review_body, max_length=200)
    court = _clean(PRESERVATION_RULE, "court", "有管辖权的人民法院", court, max_length=200)
    with transaction.atomic():
        case = lock(preservation.case)
        require(actor, "case.approve", case.agency)
        ensure_writable(case)
        p = Preservation.objects.select_for_update(of=("self",)).select_related("notice").get(pk=preservation.pk)
        if p.state != PreservationState.PRESERVED or p.notice is None or p.preserved_on is None:
            raise RuleViolation(f"只能对已先行登记保存的证据作出处理决定（现为“{p.get_state_display()}”）",
                                field="preservation", rule=PRESERVATION_RULE)
        today = timezone.localdate()
        party, address = _parties(case)
        p.decision = documents.issue(actor=actor, agency=case.agency, template="preservation_decision", subject=case,
                                     on=today, values={
            "agency_short": CaseSettings.of(case.agency).agency_short, "当事人名称": party, "当事人地址": address,
            "通知书文号": p.notice.number, "保存日期": cn_date(p.preserved_on), "物品清单": p.items,
            "处理方式": outcome, "处理理由": reason, "复议机关": review_body, "管辖法院": court,
            "机关名称": case.agency.name, "日期": cn_date(today)})
        p.state, p.outcome, p.outcome_reason = PreservationState.DECIDED, outcome, reason
        p.decided_on, p.decided_by = today, actor
        p.decided_late = rules.preservation_decided_late(p.preserved_on, today)
        p.save()
        obligations.meet(subject=p, rule=PRESERVATION_RULE)
        record(actor, case, "case.preservation_decided", preservation=p.pk, outcome=outcome, reason=reason,
               decision=p.decision.pk, number=p.decision.number, late=p.decided_late)
    return p
