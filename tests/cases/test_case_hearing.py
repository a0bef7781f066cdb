"""The hearing (行政处罚法 第63–65条): on the party's request the case goes to the hearing; the 听证通知书 is served
at least 7 working days before it (第64条第二项, 第85条 — tested across 国庆 2026 and its 调休 Saturday); the
presiding officer and the recorder are not investigators (第四项); public unless a secret (第三项); the 听证笔录
signed or the refusal noted with a witness (第八项); a party absent without reason is deemed to give it up (第六项).
The heads' collective discussion (第57条第二款) lets a complex case be decided."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from tests.cases.conftest import investigated

from zhifa.agencies.models import Person, Role
from zhifa.cases import actions, rules
from zhifa.cases.models import Case, CaseState, HearingOutcome
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.workdays.calendar import SHANGHAI


def at(day: dt.date, hour: int = 9, minute: int = 30) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


# 2026: 国庆 1–7 October are holidays, Saturday 10 October a working day (国办发明电〔2025〕7号). Working days
# after Monday 28 September: 29 Sep, 30 Sep, 8 Oct, 9 Oct, 10 Oct (Sat), 12 Oct, 13 Oct — the 7th is 13 October.
# After Tuesday 29 September the 7th is 14 October. (Checked by hand against the published schedule.)
MON_28_SEP, TUE_29_SEP = dt.date(2026, 9, 28), dt.date(2026, 9, 29)
TUE_13_OCT, WED_14_OCT, THU_15_OCT = dt.date(2026, 10, 13), dt.date(2026, 10, 14), dt.date(2026, 10, 15)


def test_the_last_day_to_serve_the_hearing_notice_lies_seven_working_days_before_across_a_holiday(db):
    assert rules.hearing_notice_due(THU_15_OCT).last_day == TUE_29_SEP
    assert rules.hearing_notice_due(WED_14_OCT).last_day == MON_28_SEP
    rules.check_hearing_notice(notice_served_on=TUE_29_SEP, hearing_on=THU_15_OCT)  # 7 working days between
    with pytest.raises(RuleViolation, match="最早可于2026年10月15日举行听证"):
        rules.check_hearing_notice(notice_served_on=TUE_29_SEP, hearing_on=WED_14_OCT)  # only 6


def test_the_presiding_officer_recorder_and_panel_are_not_investigators_and_not_the_same_person():
    rules.check_hearing_staff(presiding=1, recorder=2, panel=[3], investigators=[4, 5])
    for kw, field in (({"presiding": 4}, "presiding"), ({"recorder": 5}, "recorder"), ({"panel": [4]}, "panel"),
                      ({"recorder": 1}, "recorder")):
        with pytest.raises(RuleViolation) as refused:
            rules.check_hearing_staff(**({"presiding": 1, "recorder": 2, "panel": [3]} | kw), investigators=[4, 5])
        assert refused.value.field == field and refused.value.rule == "行政处罚法 第64条"


@pytest.fixture
def autumn():
    """Everything from Monday 21 September 2026, 09:00 in Shanghai; the test moves the clock."""
    with time_machine.travel(at(dt.date(2026, 9, 21), 9, 0), tick=False) as traveller:
        yield traveller


def to_statement(world, fine: str = "20000") -> Case:
    """A case opened, investigated, reviewed and notified of a fine that gives a hearing (较大数额 for an
    organisation: 10,000 元 and above), the notice served today, in the statement period."""
    from django.utils import timezone

    case = investigated(world)
    actions.move(actor=world.u_officer, case=case, target="notify")
    notice = actions.issue_notice(
        actor=world.u_officer, case=case, kinds=["fine"], fine=Decimal(fine), confiscated=Decimal(0),
        facts="未经批准占用集体土地1200平方米建设厂房", evidence="现场检查笔录、现场照片",
        violated="《中华人民共和国土地管理法》第四十四条", penalty_basis="《中华人民共和国土地管理法》第七十七条",
        reason="属一般情节", contact="张伟 0412-0000000", agency_address="鞍山市铁东区某街1号")
    actions.record_service(actor=world.u_officer, case=case, document=notice.document, method="direct",
                           served_on=timezone.localdate(), recipient="赵丽华")
    actions.move(actor=world.u_officer, case=case, target="statement")
    return case


@pytest.fixture
def hearing_case(autumn, world, store) -> Case:
    """At the hearing stage on Monday 21 September 2026, the party having asked for it that day; 孙明 and 吴芳 of
    the 法规科 (no investigators of the case) to preside and record."""
    world.sun = world.officer("孙明", world.nr_legal, number="21030010")
    world.wu = world.officer("吴芳", world.nr_legal, number="21030011")
    case = to_statement(world)
    actions.record_statement(actor=world.u_officer, case=case, received_on=dt.date(2026, 9, 21),
                             hearing_requested=True)
    actions.move(actor=world.u_officer, case=case, target="hearing")
    return case


def schedule(world, case, starts_at, actor=None, **kw):
    given = {"place": "鞍山市自然资源局三楼听证室", "presiding": world.sun, "recorder": world.wu,
             "contact": "孙明 0412-0000001", "agency_address": "鞍山市铁东区某街1号"} | kw
    return actions.schedule_hearing(actor=actor or world.u_officer, case=case, starts_at=starts_at, **given)


def serve(world, case, document, on):
    return actions.record_service(actor=world.u_officer, case=case, document=document, method="direct",
                                  served_on=on, recipient="赵丽华")


def hold(world, case, started_at, **kw):
    given = {"ended_at": started_at + dt.timedelta(hours=1, minutes=40),
             "investigators_case": "当事人未经批准占用集体土地1200平方米建设厂房，建议罚款20000元",
             "party_statement": "对占地事实无异议，厂房已停止使用", "final_statement": "请求从轻处罚",
             "agents": "王律师", "party_signed": True} | kw
    return actions.record_hearing(actor=world.u_officer, case=case, started_at=started_at, **given)


def test_without_a_hearing_request_the_case_cannot_go_to_the_hearing(autumn, world, store):
    case = to_statement(world)
    actions.record_statement(actor=world.u_officer, case=case, received_on=dt.date(2026, 9, 21), waived=True)
    with pytest.raises(RuleViolation) as refused:
        actions.move(actor=world.u_officer, case=case, target="hearing")
    assert "未在告知书送达后5个工作日内要求听证" in str(refused.value) and refused.value.rule == "行政处罚法 第64条"


@pytest.mark.parametrize("hearing_on, allowed", [(TUE_13_OCT, False), (WED_14_OCT, True)])
def test_a_hearing_is_scheduled_only_seven_working_days_after_the_earliest_service(autumn, world, hearing_case,
                                                                                   hearing_on, allowed):
    autumn.move_to(at(MON_28_SEP, 10, 0))
    if not allowed:
        with pytest.raises(RuleViolation) as refused:
            schedule(world, hearing_case, at(hearing_on))
        assert refused.value.field == "starts_at" and "最早可于2026年10月14日举行听证" in str(refused.value)
        assert not IssuedDocument.objects.filter(template="hearing_notice").exists()  # no number used
        return
    hearing = schedule(world, hearing_case, at(hearing_on))
    assert hearing.notice.title == "行政处罚听证通知书" and "听通字" in hearing.notice.number
    assert hearing.notice.values["听证时间"] == "2026年10月14日9时30分" and hearing.notice.values["主持人"] == "孙明"
    ob = Obligation.objects.get(rule="行政处罚法 第64条")
    assert ob.due_at.date() == MON_28_SEP and ob.state == ObligationState.OPEN  # served by today at the latest


@pytest.mark.parametrize("hearing_on, held", [(WED_14_OCT, False), (THU_15_OCT, True)])
def test_the_notice_served_six_working_days_before_is_too_late_and_seven_is_in_time(autumn, world, hearing_case,
                                                                                    hearing_on, held):
    autumn.move_to(at(MON_28_SEP, 10, 0))
    hearing = schedule(world, hearing_case, at(hearing_on))
    autumn.move_to(at(TUE_29_SEP, 10, 0))
    serve(world, hearing_case, hearing.notice, TUE_29_SEP)
    autumn.move_to(at(hearing_on, 12, 0))
    if not held:
        with pytest.raises(RuleViolation) as refused:
            hold(world, hearing_case, at(hearing_on))
        assert "距听证不足7个工作日" in str(refused.value) and refused.value.rule == "行政处罚法 第64条"
        with pytest.raises(RuleViolation, match="距听证不足7个工作日"):  # nor is an absent party deemed to give up
            actions.end_hearing_unheld(actor=world.u_officer, case=hearing_case, outcome="absent", on=hearing_on,
                                       note="当事人未到场")
        with pytest.raises(RuleViolation, match="听证笔录尚未制作"):
            actions.move(actor=world.u_officer, case=hearing_case, target="legal_review")
        return
    hearing = hold(world, hearing_case, at(hearing_on))
    assert hearing.outcome == HearingOutcome.HELD and hearing.record.title == "听证笔录"
    values = hearing.record.values
    assert values["调查人员"] == "张伟（21030001）、李娜（21030002）" and values["委托代理人"] == "王律师"
    assert values["主持人"] == "孙明" and values["拒签"] is False
    actions.move(actor=world.u_officer, case=hearing_case, target="legal_review")
    hearing_case.refresh_from_db()
    assert hearing_case.stage == "legal_review"


def test_an_investigator_may_not_preside_or_record(autumn, world, hearing_case):
    autumn.move_to(at(MON_28_SEP, 10, 0))
    with pytest.raises(RuleViolation) as refused:
        schedule(world, hearing_case, at(THU_15_OCT), presiding=world.zhang)
    assert refused.value.field == "presiding" and "听证主持人不得由本案调查人员担任" in str(refused.value)
    assert "第六十四条" in str(refused.value)
    with pytest.raises(RuleViolation) as refused:
        schedule(world, hearing_case, at(THU_15_OCT), recorder=world.li)
    assert refused.value.field == "recorder"
    with pytest.raises(RuleViolation) as refused:  # an officer of another agency
        schedule(world, hearing_case, at(THU_15_OCT), recorder=world.liu)
    assert refused.value.field == "recorder" and "本机关在岗人员" in str(refused.value)


def test_a_hearing_not_in_public_needs_its_ground_and_reason(autumn, world, hearing_case):
    autumn.move_to(at(MON_28_SEP, 10, 0))
    with pytest.raises(RuleViolation) as refused:
        schedule(world, hearing_case, at(THU_15_OCT), public=False)
    assert refused.value.field == "private_ground"
    with pytest.raises(RuleViolation) as refused:
        schedule(world, hearing_case, at(THU_15_OCT), public=False, private_ground="trade_secret")
    assert refused.value.field == "private_reason"
    hearing = schedule(world, hearing_case, at(THU_15_OCT), public=False, private_ground="trade_secret",
                       private_reason="涉及当事人的生产工艺")
    assert hearing.notice.values["公开举行"] is False


def test_scheduling_twice_issues_one_notice_and_a_new_time_voids_the_old_one(autumn, world, hearing_case):
    autumn.move_to(at(MON_28_SEP, 10, 0))
    first = schedule(world, hearing_case, at(THU_15_OCT))
    with pytest.raises(RuleViolation, match="无需重复安排"):
        schedule(world, hearing_case, at(THU_15_OCT))
    with pytest.raises(RuleViolation, match="承办机构负责人或者行政机关负责人"):  # an officer voids nothing
        schedule(world, hearing_case, at(THU_15_OCT, 14, 0))
    moved = schedule(world, hearing_case, at(THU_15_OCT, 14, 0), actor=world.u_unit_head)
    first.refresh_from_db()
    first.notice.refresh_from_db()
    assert first.superseded_at is not None and first.notice.voided and "听证改期" in first.notice.void_reason
    assert moved.notice.seq == first.notice.seq + 1
    assert IssuedDocument.objects.filter(template="hearing_notice").count() == 2


def test_an_unsigned_record_needs_the_refusal_noted_with_a_witness(autumn, world, hearing_case):
    autumn.move_to(at(MON_28_SEP, 10, 0))
    hearing = schedule(world, hearing_case, at(THU_15_OCT))
    serve(world, hearing_case, hearing.notice, MON_28_SEP)
    autumn.move_to(at(THU_15_OCT, 12, 0))
    with pytest.raises(RuleViolation) as refused:
        hold(world, hearing_case, at(THU_15_OCT), party_signed=False, refusal_note="称笔录有误")
    assert refused.value.field == "refusal_witness"
    with pytest.raises(RuleViolation) as refused:
        hold(world, hearing_case, at(THU_15_OCT), agents="王某、李某、赵某")
    assert refused.value.field == "agents" and "一至二人" in str(refused.value)
    with pytest.raises(RuleViolation) as refused:  # not the day notified
        hold(world, hearing_case, at(WED_14_OCT))
    assert refused.value.field == "started_at"
    hearing = hold(world, hearing_case, at(THU_15_OCT), party_signed=False, refusal_note="称笔录有误",
                   refusal_witness="社区工作人员王某某")
    assert hearing.record.values["拒签"] is True and "见证人：社区工作人员王某某" in hearing.record.values["拒签说明"]
    with pytest.raises(RuleViolation, match="本次听证已记录"):  # a second submission records nothing
        hold(world, hearing_case, at(THU_15_OCT))
    assert IssuedDocument.objects.filter(template="hearing_record").count() == 1


def test_a_party_absent_without_reason_is_deemed_to_give_up_the_hearing(autumn, world, hearing_case):
    autumn.move_to(at(MON_28_SEP, 10, 0))
    hearing = schedule(world, hearing_case, at(THU_15_OCT))
    serve(world, hearing_case, hearing.notice, MON_28_SEP)
    assert Obligation.objects.get(rule="行政处罚法 第64条").state == ObligationState.MET
    autumn.move_to(at(THU_15_OCT, 9, 0))
    with pytest.raises(RuleViolation) as early:  # before the hour notified nobody is absent yet
        actions.end_hearing_unheld(actor=world.u_officer, case=hearing_case, outcome="absent", on=THU_15_OCT,
                                   note="当事人未到场")
    assert early.value.field == "on"
    autumn.move_to(at(THU_15_OCT, 10, 30))
    hearing = actions.end_hearing_unheld(actor=world.u_officer, case=hearing_case, outcome="absent",
                                         on=THU_15_OCT, note="9时30分至10时30分当事人及代理人均未到场，亦未说明理由")
    assert hearing.deemed_given_up and hearing.record is None
    actions.move(actor=world.u_officer, case=hearing_case, target="legal_review")


def test_a_withdrawn_request_ends_the_hearing(autumn, world, hearing_case):
    autumn.move_to(at(MON_28_SEP, 10, 0))
    schedule(world, hearing_case, at(THU_15_OCT))
    hearing = actions.end_hearing_unheld(actor=world.u_officer, case=hearing_case, outcome="withdrawn",
                                         on=MON_28_SEP, note="当事人书面撤回听证申请")
    assert hearing.outcome == HearingOutcome.WITHDRAWN
    assert Obligation.objects.get(rule="行政处罚法 第64条").state == ObligationState.MET
    actions.move(actor=world.u_officer, case=hearing_case, target="legal_review")


def test_through_the_case_page_the_hearing_is_scheduled_served_and_recorded(autumn, world, hearing_case, login):
    autumn.move_to(at(MON_28_SEP, 10, 0))
    client = login(world.u_officer)
    page = client.get(hearing_case.get_absolute_url()).content.decode()
    assert "安排听证" in page and "孙明" in page
    url = reverse("cases:hearing_schedule", args=[hearing_case.pk])
    form = {"starts_at": "2026-10-13T09:30", "place": "三楼听证室", "presiding": world.sun.pk, "recorder": world.wu.pk,
            "public": "on", "contact": "孙明", "agency_address": "某街1号"}
    early = client.post(url, form)
    assert early.status_code == 422 and "最早可于2026年10月14日举行听证" in early.content.decode()
    inv = client.post(url, form | {"starts_at": "2026-10-15T09:30", "presiding": world.zhang.pk})
    assert inv.status_code == 422 and "听证主持人不得由本案调查人员担任" in inv.content.decode()
    assert client.post(url, form | {"starts_at": "2026-10-15T09:30"}).status_code == 302
    again = client.post(url, form | {"starts_at": "2026-10-15T09:30"})
    assert again.status_code == 422 and "无需重复安排" in again.content.decode()
    hearing = hearing_case.hearings.get()
    assert client.post(reverse("cases:service", args=[hearing_case.pk]), {
        "document": hearing.notice_id, "method": "direct", "served_on": "2026-09-28",
        "recipient": "赵丽华"}).status_code == 302
    autumn.move_to(at(THU_15_OCT, 12, 0))
    client = login(world.u_officer)  # a fortnight later: the session timed out long ago
    page = client.get(hearing_case.get_absolute_url()).content.decode()
    assert "制作听证笔录" in page
    record_url = reverse("cases:hearing_record", args=[hearing_case.pk])
    record = {"started_at": "2026-10-15T09:30", "ended_at": "2026-10-15T11:10", "investigators_case": "建议罚款",
              "party_statement": "无异议", "final_statement": "请求从轻", "party_signed": "on"}
    bad = client.post(record_url, record | {"ended_at": "2026-10-15T09:00"})
    assert bad.status_code == 422 and "听证结束时间须晚于开始时间" in bad.content.decode()
    assert client.post(record_url, record).status_code == 302
    assert client.post(record_url, record).status_code == 422  # a second tap records nothing
    page = client.get(hearing_case.get_absolute_url()).content.decode()
    assert "听证笔录" in page and "听证已举行" in page


# ---------------------------------------------------------------- 集体讨论


def head_with_name(world, username: str, name: str):
    user = world.user(username, [(world.nr, Role.AGENCY_HEAD)], person=Person.objects.create(name=name))
    return user


@pytest.fixture
def complex_decide(world, store):
    """A complex case at decision: the proposal marked 情节复杂 (the handler's judgement, as the guard reads it),
    and — 情节复杂 being 疑难复杂 (行政处罚法 第58条第三项) — its legal review passed."""
    from tests.cases.test_case_decision import propose
    from tests.review.conftest import passed, register_reviewers

    case = to_statement(world, fine="5000")
    from django.utils import timezone
    actions.record_statement(actor=world.u_officer, case=case, received_on=timezone.localdate(), waived=True)
    actions.move(actor=world.u_officer, case=case, target="decide")
    propose(world, case, outside_reason="参照同类案件", complex=True)
    register_reviewers(world)
    assert passed(world, case).passed
    return case


def test_a_complex_case_is_decided_after_the_heads_discussed_it(world, complex_decide):
    from django.utils import timezone
    from tests.review.conftest import decide  # the texts the review agreed

    qian = head_with_name(world, "nr_qian", "钱局长")
    sun = head_with_name(world, "nr_sunfj", "孙副局长")
    with pytest.raises(RuleViolation, match="集体讨论"):
        decide(world, complex_decide)
    held = timezone.now()  # after 立案, however near midnight the test runs
    given = {"held_at": held, "place": "第一会议室", "presiding": qian, "recorder": "吴芳", "reporter": "张伟",
             "presented": "当事人未经批准占地，建议罚款5000元", "opinions": "钱局长：同意；孙副局长：同意",
             "conclusion": "同意罚款5000元"}
    with pytest.raises(RuleViolation) as alone:
        actions.record_collective_discussion(actor=world.u_head, case=complex_decide, participants=[qian], **given)
    assert alone.value.field == "participants" and "2名以上" in str(alone.value)
    with pytest.raises(RuleViolation) as outsider:
        actions.record_collective_discussion(actor=world.u_head, case=complex_decide,
                                             participants=[qian, world.u_unit_head], **given)
    assert outsider.value.field == "participants" and "本机关负责人" in str(outsider.value)
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        actions.record_collective_discussion(actor=world.u_officer, case=complex_decide, participants=[qian, sun],
                                             **given)
    discussion = actions.record_collective_discussion(actor=world.u_head, case=complex_decide,
                                                      participants=[qian, sun], **given)
    values = discussion.document.values
    assert values["出席人员"] == "钱局长、孙副局长" and values["主持人"] == "钱局长"
    with pytest.raises(RuleViolation, match="已经记录"):
        actions.record_collective_discussion(actor=world.u_head, case=complex_decide, participants=[qian, sun],
                                             **given)
    doc = decide(world, complex_decide)
    assert doc.template == "penalty_decision"


def test_an_archived_case_refuses_the_hearing_and_discussion_writes(autumn, world, hearing_case):
    Case.objects.filter(pk=hearing_case.pk).update(state=CaseState.ARCHIVED)
    autumn.move_to(at(MON_28_SEP, 10, 0))
    with pytest.raises(RuleViolation, match="已归档"):
        schedule(world, hearing_case, at(THU_15_OCT))
    with pytest.raises(RuleViolation, match="已归档"):
        actions.end_hearing_unheld(actor=world.u_officer, case=hearing_case, outcome="withdrawn", on=MON_28_SEP,
                                   note="撤回")
    with pytest.raises(RuleViolation, match="已归档"):
        actions.record_collective_discussion(
            actor=world.u_head, case=hearing_case, held_at=at(MON_28_SEP, 9, 0), place="会议室",
            presiding=world.u_head, participants=[world.u_head], recorder="吴芳", reporter="张伟", presented="案情",
            opinions="同意", conclusion="同意")


def test_another_agencys_head_finds_no_hearing_page_to_post_to(autumn, world, hearing_case, login):
    client = login(world.u_ly_head)
    for name in ("hearing_schedule", "hearing_record", "hearing_unheld", "collective"):
        assert client.post(reverse(f"cases:{name}", args=[hearing_case.pk]), {}).status_code == 404
    assert not hearing_case.hearings.exists()
