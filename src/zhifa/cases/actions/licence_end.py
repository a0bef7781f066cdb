"""撤回 (行政许可法 第8条) and 撤销 (第69条) of a licence: a case the agency starts about the licence, the holder
told in a numbered 告知书 of the facts, the grounds and the basis and heard (陈述、申辩, 第7条), and a numbered
决定书 signed by the head that ends the licence — state, day and reason — in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.agencies.models import ActionKind, Agency, Officer, name_of
from zhifa.agencies.permissions import require
from zhifa.cases import drafts, guards
from zhifa.cases import permit_rules as rules
from zhifa.cases.actions.base import (
    clean_text,
    decided,
    ensure_stage,
    ensure_writable,
    lock,
    record,
    started_by,
)
from zhifa.cases.actions.engine import advance
from zhifa.cases.models import (
    Case,
    CaseOfficer,
    CaseParty,
    CaseSettings,
    CaseSource,
    Licence,
    LicenceEnd,
    LicenceEndKind,
    LicenceState,
    Service,
    ServiceMethod,
)
from zhifa.core.dates import cn_date
from zhifa.core.errors import RuleViolation
from zhifa.documents import actions as documents
from zhifa.ledger.digest import sm3

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PROCESS = "licence_end"
RULES = {LicenceEndKind.WITHDRAW: rules.WITHDRAW_RULE, LicenceEndKind.REVOKE: rules.REVOKE_RULE}
DECISIONS = {LicenceEndKind.WITHDRAW: "licence_withdrawal", LicenceEndKind.REVOKE: "licence_revocation"}


def end_of(case: Case) -> LicenceEnd:
    try:
        return case.licence_end
    except LicenceEnd.DoesNotExist:
        raise RuleViolation("本案不是撤回、撤销行政许可案件", field="case", rule=rules.WITHDRAW_RULE) from None


def _values(case: Case, end: LicenceEnd) -> dict[str, object]:
    licence = end.licence
    return {"agency_short": CaseSettings.of(case.agency).agency_short, "被许可人": licence.holder.name,
            "证件号码": licence.holder.id_number, "许可事项": licence.item_name, "许可证号": licence.number,
            "事实和理由": end.ground, "依据": end.basis, "机关名称": case.agency.name,
            "日期": cn_date(timezone.localdate())}


def start_licence_end(*, actor: User, licence: Licence, unit: Agency, token: str, kind: str, ground: str,
                      basis: str) -> Case:
    """The agency opens a 撤回 (第8条: the law it rested on changed, or the facts changed much, for the public
    interest) or a 撤销 (第69条: granted unlawfully, or obtained by deceit or bribery) case about one of its own
    valid licences. The same form sent twice (``token``) returns the case it started."""
    require(actor, "case.handle", unit)
    token = clean_text("token", "表单标识", token, max_length=40)
    existing = started_by(LicenceEnd, token, unit)
    if existing is not None:
        return existing
    if kind not in LicenceEndKind.values:
        raise RuleViolation("请选择撤回或撤销", field="kind", rule=rules.WITHDRAW_RULE)
    rule = RULES[LicenceEndKind(kind)]
    word = LicenceEndKind(kind).label
    ground = clean_text("ground", "事实和理由", ground, max_length=2000)
    basis = clean_text("basis", "依据", basis, max_length=500)
    agency = unit.enclosing_agency()
    if licence.agency_id != agency.pk:
        raise RuleViolation(f"许可证件不是本机关颁发的，应由作出许可决定的机关{word}", field="kind", rule=rule)
    if licence.state != LicenceState.VALID:
        raise RuleViolation(f"许可证件{licence.get_state_display()}（{cn_date(licence.ended_on)}）",  # type: ignore[arg-type]
                            field="kind", rule=rule)
    if licence.ends.filter(case__state="active").exists():
        raise RuleViolation("该许可证件已有正在办理的撤回或撤销案件", field="kind", rule=rule)
    me = Officer.objects.filter(person__user=actor, active=True, unit__in=Agency.objects.within([agency])).first()
    now = timezone.now()
    title = f"{word}{licence.holder.name}的{licence.item_name}（{licence.number}）"[:200]
    try:
        with transaction.atomic():
            case = Case.objects.create(
                agency=agency, unit=unit, process=PROCESS, stage="end_notice", stage_since=now, title=title,
                summary=ground, source=CaseSource.OTHER, source_note=f"依职权{word}（{licence.number}）",
                action_kind=ActionKind.LICENSING, item_code=licence.item_code, item_name=licence.item_name,
                domain=licence.case.domain, place=licence.case.place, act_on=timezone.localdate(), registered_at=now,
                registered_by=actor, opened_on=timezone.localdate())
            if me is not None:
                CaseOfficer.objects.create(case=case, officer=me, lead=True, assigned_at=now)
            CaseParty.objects.create(case=case, party=licence.holder, added_by=actor, added_at=now)
            LicenceEnd.objects.create(case=case, licence=licence, token=token, kind=kind, ground=ground, basis=basis)
            record(actor, case, "case.licence_end_started", licence=licence.pk, number=licence.number, end_kind=kind,
                   ground=ground, basis=basis, parties=[licence.holder_id], process=PROCESS, title=title)
    except IntegrityError:  # the same form sent twice at once
        existing = started_by(LicenceEnd, token, unit)
        if existing is None:
            raise
        return existing
    return case


def notify_licence_end(*, actor: User, case: Case, recipient: str, contact: str) -> LicenceEnd:
    """The 告知书 (第7条): what is intended, why and on what basis, and the holder's right to state and defend
    within the agency's period (its 陈述申辩期限 setting, counted from the day it is handed over); the decision waits
for it (the guard of 陈述申辩)."""
    recipient = clean_text("recipient", "签收人", recipient, max_length=100)
    contact = clean_text("contact", "联系人及电话", contact, max_length=100)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "end_notice", "告知陈述申辩权利")
        end = end_of(case)
        today = timezone.localdate()
        due = rules.statement_due(today, CaseSettings.of(case.agency).statement_period)
        doc = documents.issue(actor=actor, agency=case.agency, template="licence_end_notice", subject=case, on=today,
                              values={**_values(case, end), "处理": end.get_kind_display(),
                                      "陈述申辩期限": cn_date(due.last_day), "联系人": contact})
        Service.objects.create(case=case, document=doc, method=ServiceMethod.DIRECT, served_on=today,
                               recipient=recipient, recorded_by=actor, recorded_at=timezone.now())
        end.notice, end.told_on, end.reply_by = doc, today, due.last_day
        end.save(update_fields=["notice", "told_on", "reply_by"])
        case.number = doc.number
        case.save(update_fields=["number"])
        record(actor, case, "case.licence_end_notified", document=doc.pk, number=doc.number, reply_by=due.last_day)
        advance(actor, case, "end_heard")
    return end


def hear_licence_holder(*, actor: User, case: Case, heard_on: dt.date, statement: str) -> LicenceEnd:
    """The holder's statement and defence, as heard on ``heard_on`` (between the notice and today), recorded for
    the decision to answer (第7条)."""
    statement = clean_text("statement", "陈述申辩意见", statement, max_length=5000)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "end_heard", "记录陈述申辩")
        end = end_of(case)
        assert end.told_on is not None
        if heard_on > timezone.localdate() or heard_on < end.told_on:
            raise RuleViolation(f"听取陈述申辩的日期应在告知之日（{cn_date(end.told_on)}）至今天之间",
                                field="heard_on", rule=rules.STATEMENT_RULE)
        end.statement, end.heard_on = statement, heard_on
        end.save(update_fields=["statement", "heard_on"])
        record(actor, case, "case.licence_holder_heard", heard_on=heard_on, statement=statement)
        advance(actor, case, "end_decide")
    return end


END_FIELDS = ("answer", "review_body", "court")


@drafts.register(PROCESS, END_FIELDS, tuple(DECISIONS.values()))
def licence_end_draft(case: Case, given: Mapping[str, Any], on: dt.date) -> drafts.Drafted:
    """The numbered 撤回 / 撤销 决定书 ``decide_licence_end`` would issue with ``given``, answering the holder's
    statement (or saying none came in time). Writes nothing, takes no number."""
    answer = clean_text("answer", "陈述申辩的处理", given.get("answer"), max_length=2000)
    review_body = clean_text("review_body", "行政复议机关", given.get("review_body"), max_length=200)
    court = clean_text("court", "有管辖权的人民法院", given.get("court"), max_length=200)
    end = end_of(case)
    if end.notice is None:
        raise RuleViolation("尚未告知陈述申辩权利", field="answer", rule=rules.STATEMENT_RULE)
    heard = (f"你（单位）于{cn_date(end.heard_on)}提出陈述、申辩：{end.statement}。{answer}" if end.heard_on
             else f"你（单位）在期限内未提出陈述、申辩。{answer}")
    return drafts.Drafted(DECISIONS[LicenceEndKind(end.kind)], {
        **_values(case, end), "告知书文号": end.notice.number, "陈述申辩情况": heard, "复议机关": review_body,
        "管辖法院": court, "日期": cn_date(on)}, {"answer": answer, "review_body": review_body, "court": court})


def decide_licence_end(*, actor: User, case: Case, answer: str, review_body: str, court: str,
                       no_public_harm: bool = False) -> Licence:
    """The head's numbered 撤回 / 撤销 决定书 (``licence_end_draft``, checked against a reviewed draft before its
    number is taken); the licence is ended with it — state, day and reason — in this transaction. 第69条第三款: a
    revocation that may gravely harm the public interest is not made, so the head confirms it may not."""
    given = {"answer": answer, "review_body": review_body, "court": court}
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.approve", case.agency)
        ensure_writable(case)
        ensure_stage(case, "end_decide", "作出决定")
        end = end_of(case)
        kind = LicenceEndKind(end.kind)
        if kind == LicenceEndKind.REVOKE and not no_public_harm:
            raise RuleViolation("撤销行政许可可能对公共利益造成重大损害的，不予撤销；请确认经审查不会造成重大损害",
                                field="no_public_harm", rule=rules.REVOKE_RULE)
        licence = Licence.objects.select_for_update().get(pk=end.licence_id)
        if licence.state != LicenceState.VALID:
            raise RuleViolation(f"许可证件{licence.get_state_display()}", field="answer", rule=RULES[kind])
        today = timezone.localdate()
        drafted = licence_end_draft(case, given, today)
        guards.check_drafted(case, drafted, today)  # before a number is taken
        doc = documents.issue(actor=actor, agency=case.agency, template=drafted.template, subject=case, on=today,
                              values=drafted.values)
        end.decision, end.decided_on = doc, today
        end.save(update_fields=["decision", "decided_on"])
        state = LicenceState.WITHDRAWN if kind == LicenceEndKind.WITHDRAW else LicenceState.REVOKED
        licence.state, licence.ended_on, licence.end_reason = state, today, end.ground
        licence.save(update_fields=["state", "ended_on", "end_reason"])
        record(actor, case, "case.licence_ended", by_name=name_of(actor), licence=licence.pk, number=licence.number,
               end_kind=end.kind,
               document=doc.pk, decision=doc.number, ended_on=today, reason=end.ground,
               answer=drafted.given["answer"], draft_sm3=sm3(drafted.text.encode()))
        decided(actor, case, doc)  # the licence's publications say it ended (当前状态), in this transaction
        advance(actor, case, "end_service")
    return licence
