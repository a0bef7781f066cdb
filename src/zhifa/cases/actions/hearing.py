"""听证 (行政处罚法 第63–65条) and the agency heads' collective discussion (第57条第二款).

A hearing the party asked for is scheduled with its 听证通知书 (served at least 7 working days before it, 第64条
第二项; an obligation on the case), presided over by someone who did not investigate the case (第四项), public
unless a secret or privacy is involved (第三项); it is held and written up in the 听证笔录, signed by the party
or the refusal noted with a witness (第八项) — or it ends unheld: the party absent without reason (deemed to give
it up, 第六项) or the request withdrawn.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhifa.agencies.models import Agency, Officer, Role, RoleGrant, name_of
from zhifa.agencies.permissions import can, require
from zhifa.cases import guards, rules
from zhifa.cases.models import (
    Case,
    CaseSettings,
    CollectiveDiscussion,
    Hearing,
    HearingOutcome,
    PrivateGround,
    Service,
)
from zhifa.core.errors import RuleViolation
from zhifa.documents import actions as documents
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import PeriodUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from zhifa.cases.actions.base import clean_text, ensure_stage, ensure_writable, lead_user, lock, record

HEARING_RULE = "行政处罚法 第64条"
COLLECTIVE_RULE = "行政处罚法 第57条"
# The heads who discuss a case together: at least two, or it is no collective discussion (第57条第二款).
COLLECTIVE_MIN = 2


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cn_time(moment: dt.datetime) -> str:
    """2026年10月15日9时30分, in Asia/Shanghai."""
    local = timezone.localtime(moment)
    return f"{cn_date(local.date())}{local.hour}时" + (f"{local.minute}分" if local.minute else "")


def _parties(case: Case) -> list:
    return [link.party for link in case.party_links.select_related("party")]


def _of_agency(officer: Officer | None, case: Case, field: str, label: str) -> None:
    if officer is not None and (not officer.active or not officer.unit.is_within(case.agency)):
        raise RuleViolation(f"{label}须为本机关在岗人员", field=field, rule=HEARING_RULE)


def _investigators(case: Case) -> set[int]:
    return {a.officer_id for a in case.assignments.all()}


def _same_schedule(h: Hearing, starts_at: dt.datetime, place: str, presiding: Officer, recorder: Officer,
                   panel: Officer | None, public: bool) -> bool:
    return (h.starts_at == starts_at and h.place == place and h.presiding_id == presiding.pk
            and h.recorder_id == recorder.pk and h.panel_id == (panel.pk if panel else None) and h.public == public)


def schedule_hearing(*, actor: User, case: Case, starts_at: dt.datetime, place: str, presiding: Officer,
                     recorder: Officer, panel: Officer | None = None, public: bool = True, private_ground: str = "",
                     private_reason: str = "", contact: str, agency_address: str) -> Hearing:
    """Schedule the hearing the party asked for and issue its 听证通知书; a new time for a hearing not yet held
    voids the earlier notice (it keeps its number) and issues a new one."""
    place = clean_text("place", "听证地点", place, max_length=200)
    contact = clean_text("contact", "联系人及电话", contact, max_length=200)
    agency_address = clean_text("agency_address", "本机关地址", agency_address, max_length=300)
    if public:
        private_ground, private_reason = "", ""
    else:
        if private_ground not in PrivateGround.values:
            raise RuleViolation("不公开举行听证的，须写明涉及国家秘密、商业秘密或者个人隐私中的哪一种",
                                field="private_ground", rule=HEARING_RULE)
        private_reason = clean_text("private_reason", "不公开举行的理由", private_reason, max_length=2000)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "hearing", "安排听证")
        request = guards.hearing_request(case)
        if request is None:
            raise RuleViolation("当事人未要求听证", field="starts_at", rule=HEARING_RULE)
        now = timezone.now()
        today = timezone.localdate(now)
        if starts_at <= now:
            raise RuleViolation("听证时间须晚于现在", field="starts_at", rule=HEARING_RULE)
        hearing_on = timezone.localdate(starts_at)
        try:  # served today at the earliest
            rules.check_hearing_notice(notice_served_on=today, hearing_on=hearing_on)
        except RuleViolation as e:
            raise RuleViolation(e.message, rule=e.rule, field="starts_at") from None
        for officer, field, label in ((presiding, "presiding", "听证主持人"), (panel, "panel", "听证员"),
                                      (recorder, "recorder", "记录员")):
            _of_agency(officer, case, field, label)
        rules.check_hearing_staff(presiding=presiding.pk, recorder=recorder.pk, panel=[panel.pk] if panel else [],
                                  investigators=_investigators(case))
        live = guards.live_hearing(case)
        if live is not None:
            if live.outcome:
                raise RuleViolation(f"听证已经结束（{live.get_outcome_display()}），不能再安排", field="starts_at",
                                    rule=HEARING_RULE)
            if _same_schedule(live, starts_at, place, presiding, recorder, panel, public):
                raise RuleViolation(f"已安排于{cn_time(live.starts_at)}举行听证（{live.notice.number}），无需重复安排",
                                    field="starts_at", rule=HEARING_RULE)
            if not can(actor, "document.void", case.agency):
                raise RuleViolation("听证改期须作废原听证通知书，由承办机构负责人或者行政机关负责人办理",
                                    field="starts_at", rule=HEARING_RULE)
            documents.void(actor=actor, document=live.notice, reason=f"听证改期至{cn_time(starts_at)}，重新通知")
            live.superseded_at = now
            live.save(update_fields=["superseded_at"])
        doc = documents.issue(actor=actor, agency=case.agency, template="hearing_notice", subject=case, on=today,
                              values={
            "agency_short": CaseSettings.of(case.agency).agency_short,
            "当事人名称": "、".join(p.name for p in _parties(case)), "申请日期": cn_date(request.received_on),
            "案由": case.title, "听证时间": cn_time(starts_at), "听证地点": place, "主持人": presiding.person.name,
            "听证员": panel.person.name if panel else "无", "记录员": recorder.person.name, "公开举行": public,
            "联系人": contact, "机关地址": agency_address, "机关名称": case.agency.name, "日期": cn_date(today)})
        hearing = Hearing.objects.create(
            case=case, statement=request, notice=doc, starts_at=starts_at, place=place, presiding=presiding,
            panel=panel, recorder=recorder, public=public, private_ground=private_ground,
            private_reason=private_reason, scheduled_by=actor, scheduled_at=now)
        due = rules.hearing_notice_due(hearing_on)
        obligations.ensure_obligation(
            agency=case.unit, subject=case, rule=due.rule, due_at=due.due_at,
            title=f"《听证通知书》{doc.number}应于{due.last_day:%Y-%m-%d}前送达当事人（听证定于{hearing_on:%Y-%m-%d}）",
            warn_from=due.due_at - dt.timedelta(days=2), unit=PeriodUnit(due.unit), assignee=lead_user(case),
            provisional=due.provisional, basis="行政机关应当在举行听证的七日前，通知当事人听证的时间、地点")
        record(actor, case, "case.hearing_scheduled", hearing=hearing.pk, document=doc.pk, number=doc.number,
               starts_at=starts_at, place=place, presiding=presiding.pk, panel=panel.pk if panel else None,
               recorder=recorder.pk, public=public, private_ground=private_ground, private_reason=private_reason,
               replaces=live.pk if live else None)
    return hearing


def _notice_served_in_time(hearing: Hearing, *, field: str) -> Service:
    """The 听证通知书's service, at least 7 working days before the hearing (第64条第二项)."""
    service = Service.objects.filter(document=hearing.notice).first()
    if service is None:
        raise RuleViolation(f"《听证通知书》（{hearing.notice.number}）尚未送达当事人", field=field, rule=HEARING_RULE)
    try:
        rules.check_hearing_notice(notice_served_on=service.served_on, hearing_on=timezone.localdate(hearing.starts_at))
    except RuleViolation as e:
        raise RuleViolation(f"听证通知书于{cn_date(service.served_on)}送达，距听证不足7个工作日（{e.message}），"
                            "须改期并重新通知", field=field, rule=HEARING_RULE) from None
    return service


def _live_unended(case: Case, *, field: str) -> Hearing:
    hearing = guards.live_hearing(case)
    if hearing is None:
        raise RuleViolation("尚未安排听证、制作听证通知书", field=field, rule=HEARING_RULE)
    if hearing.outcome:
        raise RuleViolation(f"本次听证已记录：{hearing.get_outcome_display()}", field=field, rule=HEARING_RULE)
    return hearing


AGENT_SEPARATORS = re.compile(r"[、，,；;]")


def record_hearing(*, actor: User, case: Case, started_at: dt.datetime, ended_at: dt.datetime,
                   investigators_case: str, party_statement: str = "", debate: str = "", final_statement: str = "",
                   agents: str = "", recusal_requested: bool = False, walked_out: bool = False,
                   party_signed: bool = False, refusal_note: str = "", refusal_witness: str = "") -> Hearing:
    """The hearing held on the day notified, and its 听证笔录 (第64条第七、八项): the investigators' case, the
    party's statement and cross-examination, their last word; signed by the party or their agent, or the refusal
    noted with a witness. A party who walked out without leave is deemed to give the hearing up (第六项)."""
    investigators_case = clean_text("investigators_case", "调查人员提出的违法事实、证据和处罚建议",
                                    investigators_case, max_length=5000)
    party_statement = clean_text("party_statement", "当事人的陈述、申辩和质证", party_statement, max_length=5000,
                                 required=not walked_out)
    debate = clean_text("debate", "辩论情况", debate, max_length=5000, required=False)
    final_statement = clean_text("final_statement", "当事人最后陈述", final_statement, max_length=2000,
                                 required=not walked_out)
    agents = clean_text("agents", "委托代理人", agents, max_length=300, required=False)
    agent_names = [a.strip() for a in AGENT_SEPARATORS.split(agents) if a.strip()]
    rules.check_hearing_agents(agent_names)
    if not party_signed:
        refusal_note = clean_text("refusal_note", "当事人拒绝签字的情况", refusal_note, max_length=2000)
        refusal_witness = clean_text("refusal_witness", "见证人", refusal_witness, max_length=100)
    else:
        refusal_note, refusal_witness = "", ""
    if ended_at <= started_at:
        raise RuleViolation("听证结束时间须晚于开始时间", field="ended_at", rule=HEARING_RULE)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "hearing", "制作听证笔录")
        hearing = _live_unended(case, field="started_at")
        now = timezone.now()
        if ended_at > now:
            raise RuleViolation("听证结束时间不能晚于现在", field="ended_at", rule=HEARING_RULE)
        hearing_on = timezone.localdate(hearing.starts_at)
        if timezone.localdate(started_at) != hearing_on:
            raise RuleViolation(f"听证应当在通知的日期（{cn_date(hearing_on)}）举行；改期的须重新通知",
                                field="started_at", rule=HEARING_RULE)
        _notice_served_in_time(hearing, field="started_at")
        parties = _parties(case)
        today = timezone.localdate(now)
        team = [f"{a.officer.person.name}（{c.number}）" if (c := a.officer.current_credential(hearing_on)) else
                a.officer.person.name for a in case.assignments.select_related("officer__person")
                .prefetch_related("officer__credentials")]
        if walked_out:
            ending = "当事人（代理人）未经许可中途退出听证，视为放弃听证权利，主持人宣布终止听证"
            final_statement = final_statement or ending
        note = (f"当事人（代理人）拒绝在笔录上签字或者盖章：{refusal_note}；见证人：{refusal_witness}"
                if not party_signed else "")
        doc = documents.issue(actor=actor, agency=case.agency, template="hearing_record", subject=case, on=today,
                              values={
            "案由": case.title, "开始时间": cn_time(started_at), "结束时间": cn_time(ended_at),
            "听证地点": hearing.place,
            "公开情况": "公开举行" if hearing.public else "不公开举行（涉及国家秘密、商业秘密或者个人隐私）",
            "主持人": hearing.presiding.person.name, "听证员": hearing.panel.person.name if hearing.panel else "无",
            "记录员": hearing.recorder.person.name, "调查人员": "、".join(team),
            "当事人名称": "、".join(p.name for p in parties),
            "法定代表人": "、".join(p.rep_name for p in parties if p.rep_name),
            "委托代理人": "、".join(agent_names), "回避": "申请回避" if recusal_requested else "不申请回避",
            "调查意见": investigators_case,
            "申辩质证": party_statement or "当事人中途退出，未进行申辩和质证", "辩论": debate or "无",
            "最后陈述": final_statement, "拒签": not party_signed, "拒签说明": note})
        hearing.outcome = HearingOutcome.WALKED_OUT if walked_out else HearingOutcome.HELD
        hearing.started_at, hearing.ended_at, hearing.record = started_at, ended_at, doc
        hearing.party_signed, hearing.refusal_note = party_signed, refusal_note
        hearing.refusal_witness = refusal_witness
        hearing.outcome_note = "未经许可中途退出听证" if walked_out else ""
        hearing.outcome_on, hearing.outcome_by, hearing.outcome_recorded_at = hearing_on, actor, now
        hearing.save()
        record(actor, case, "case.hearing_held", hearing=hearing.pk, document=doc.pk, outcome=hearing.outcome,
               started_at=started_at, ended_at=ended_at, agents=agent_names, recusal_requested=recusal_requested,
               party_signed=party_signed, refusal_note=refusal_note, refusal_witness=refusal_witness)
    return hearing


def end_hearing_unheld(*, actor: User, case: Case, outcome: str, on: dt.date, note: str) -> Hearing:
    """The hearing ends without a 听证笔录: the party did not come without good reason (deemed to give it up,
    第64条第六项 — only if they were told in time), or withdrew the request."""
    if outcome not in (HearingOutcome.ABSENT, HearingOutcome.WITHDRAWN):
        raise RuleViolation("请选择当事人未出席或者撤回听证申请", field="outcome", rule=HEARING_RULE)
    note = clean_text("note", "情况说明", note, max_length=2000)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "hearing", "记录听证未举行")
        hearing = _live_unended(case, field="outcome")
        now = timezone.now()
        today = timezone.localdate(now)
        hearing_on = timezone.localdate(hearing.starts_at)
        if outcome == HearingOutcome.ABSENT:
            if on != hearing_on or now < hearing.starts_at:
                raise RuleViolation(f"当事人未出席，须在通知的听证时间（{cn_time(hearing.starts_at)}）之后记录",
                                    field="on", rule=HEARING_RULE)
            _notice_served_in_time(hearing, field="outcome")
        elif not hearing.statement.received_on <= on <= today:
            raise RuleViolation("撤回日期应在听证申请之日至今天之间", field="on", rule=HEARING_RULE)
        hearing.outcome, hearing.outcome_note, hearing.outcome_on = outcome, note, on
        hearing.outcome_by, hearing.outcome_recorded_at = actor, now
        hearing.save(update_fields=["outcome", "outcome_note", "outcome_on", "outcome_by", "outcome_recorded_at"])
        obligations.meet(subject=case, rule=HEARING_RULE)  # a withdrawn request needs no notice served
        record(actor, case, "case.hearing_ended", hearing=hearing.pk, outcome=outcome, on=on, note=note)
    return hearing


# ---------------------------------------------------------------- 集体讨论


def agency_heads(agency: Agency) -> QuerySet:
    """The accounts that hold the 机关负责人 role in ``agency``: who may sit in its collective discussion."""
    return (get_user_model().objects.filter(is_active=True, pk__in=RoleGrant.objects.filter(
        agency=agency, role=Role.AGENCY_HEAD).values("user_id")).select_related("person").order_by("pk"))


def record_collective_discussion(*, actor: User, case: Case, held_at: dt.datetime, place: str, presiding: User,
                                 participants: Iterable[User], recorder: str, reporter: str, presented: str,
                                 opinions: str, conclusion: str, attendees: str = "",
                                 review_opinion: str = "") -> CollectiveDiscussion:
    """The heads' collective discussion of a complex or serious case and its 集体讨论记录 (第57条第二款):
    when, where, who presided and sat (agency heads, two at least), the case presented, each opinion, the
    decision reached."""
    place = clean_text("place", "讨论地点", place, max_length=200)
    recorder = clean_text("recorder", "记录人", recorder, max_length=100)
    reporter = clean_text("reporter", "案情汇报人", reporter, max_length=100)
    presented = clean_text("presented", "案情汇报", presented, max_length=5000)
    opinions = clean_text("opinions", "讨论意见", opinions, max_length=5000)
    conclusion = clean_text("conclusion", "讨论决定", conclusion, max_length=2000)
    attendees = clean_text("attendees", "列席人员", attendees, max_length=300, required=False)
    review_opinion = clean_text("review_opinion", "法制审核意见", review_opinion, max_length=2000, required=False)
    participants = list({u.pk: u for u in participants}.values())
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.approve", case.agency)
        ensure_writable(case)
        if case.stage not in ("collective", "decide"):
            ensure_stage(case, "collective", "记录集体讨论")
        heads = {u.pk: u for u in agency_heads(case.agency)}
        outsiders = [name_of(u) for u in participants if u.pk not in heads]
        if outsiders:
            raise RuleViolation("出席集体讨论的须为本机关负责人：" + "、".join(outsiders), field="participants",
                                rule=COLLECTIVE_RULE)
        if len(participants) < COLLECTIVE_MIN:
            raise RuleViolation(f"集体讨论须有{COLLECTIVE_MIN}名以上本机关负责人出席", field="participants",
                                rule=COLLECTIVE_RULE)
        if presiding.pk not in {u.pk for u in participants}:
            raise RuleViolation("主持人须为出席的负责人之一", field="presiding", rule=COLLECTIVE_RULE)
        now = timezone.now()
        if held_at > now:
            raise RuleViolation("讨论时间不能晚于现在", field="held_at", rule=COLLECTIVE_RULE)
        if case.opened_on is None or timezone.localdate(held_at) < case.opened_on:
            raise RuleViolation("讨论时间不能早于立案日期", field="held_at", rule=COLLECTIVE_RULE)
        if case.collective_discussions.filter(held_at=held_at).exists():
            raise RuleViolation(f"{cn_time(held_at)}的集体讨论已经记录", field="held_at", rule=COLLECTIVE_RULE)
        today = timezone.localdate(now)
        doc = documents.issue(actor=actor, agency=case.agency, template="collective_discussion", subject=case,
                              on=today, values={
            "案由": case.title, "讨论时间": cn_time(held_at), "讨论地点": place, "主持人": name_of(presiding),
            "出席人员": "、".join(name_of(u) for u in participants), "列席人员": attendees or "无", "记录人": recorder,
            "汇报人": reporter, "案情": presented, "审核意见": review_opinion or "无", "讨论意见": opinions,
            "结论": conclusion})
        discussion = CollectiveDiscussion.objects.create(
            case=case, document=doc, held_at=held_at, place=place, presiding=presiding, conclusion=conclusion,
            recorded_by=actor, recorded_at=now)
        discussion.participants.set(participants)
        record(actor, case, "case.collective_discussed", discussion=discussion.pk, document=doc.pk, held_at=held_at,
               presiding=presiding.pk, participants=sorted(u.pk for u in participants), conclusion=conclusion)
    return discussion
