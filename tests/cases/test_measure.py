"""行政强制措施 — 查封、扣押 (行政强制法 第18、19、24、25、28条) through the write functions: approved before it is
carried out, or carried out in an emergency and reported within 24 hours; two qualified officers; the 现场笔录
signed, refused before a witness, or witnessed for an absent party; the 决定书 and 清单 handed over; the 30 days,
their extension on the 30th day and not on the 31st, a last day on 国庆节 left where it falls, testing left out;
the release, in time or late; a refusal afterwards releases at once; bad input refused with nothing written."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from tests.cases.conftest import ITEM, MEASURE_START
from tests.cases.test_case_engine import hand_in

from zhifa.cases import actions
from zhifa.cases.models import Case, CaseState, Measure, Service
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.workdays import calendar

MEASURE_ITEM = "ZR-QZ-001"
START = MEASURE_START


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=calendar.SHANGHAI)


def start(world, *, token=None, **kw):
    values = dict(actor=world.u_officer, unit=world.nr_team, token=token or uuid.uuid4().hex, item_code=MEASURE_ITEM,
                  kind="seize", title="扣押非法占地施工机械",
                  facts="某建材公司在千山区某村未经批准占地施工，责令停止后继续施工",
                  reason="为制止违法行为、防止证据损毁，有必要扣押施工机械",
                  basis="《中华人民共和国土地管理法》第六十八条第四项",
                  items="挖掘机1台（卡特320）、装载机1台（柳工856）", keeping="由本机关在鞍山市某停车场保管",
                  spot="千山区某村东侧", place=world.tiedong, act_on=START.date(), officers=[world.zhang, world.li],
                  party=world.company, lead=world.zhang)
    return actions.start_measure(**(values | kw))


def onsite(world, case, **kw):
    values = dict(actor=world.u_officer, case=case, party_present=True, present_name="赵丽华（法定代表人）",
                  statement="称厂房正在补办用地手续", signed=True, av_note="执法记录仪AS-NR-0007全程录音录像",
                  review_body="鞍山市人民政府", court="鞍山市铁东区人民法院")
    if not case.measure.emergency and "acted_at" not in kw:
        values["acted_at"] = timezone.now()
    return actions.record_onsite(**(values | kw))


def approved(world, **kw):
    case = start(world, **kw)
    actions.approve_measure(actor=world.u_head, case=case, agrees=True, opinion="同意扣押")
    actions.move(actor=world.u_officer, case=case, target="implement")
    return case


def holding(world, **kw):
    """A measure approved, carried out now (1 September) with AV, and in its 30 days."""
    case = approved(world, **kw)
    onsite(world, case)
    actions.link_evidence(actor=world.u_officer, case=case, evidence=hand_in(world, title="扣押"), av_stage="seizure")
    actions.move(actor=world.u_officer, case=case, target="hold")
    return Case.objects.get(pk=case.pk)


def punishment_case(world):
    case = actions.register_case(
        actor=world.u_officer, unit=world.nr_team, process="punishment_general", source="inspection",
        title="某公司未经批准占用土地案", summary="巡查发现。", item_code=ITEM, place=world.tiedong,
        act_on=START.date() - dt.timedelta(days=10), officers=[world.zhang, world.li], lead=world.zhang,
        opinion="建议立案", parties=[world.company])
    actions.sign_opinion(actor=world.u_unit_head, case=case, step="open", agrees=True, text="同意")
    actions.sign_opinion(actor=world.u_head, case=case, step="open", agrees=True, text="同意")
    return case


def hold_obligation(case):
    return Obligation.objects.get(subject_id=case.pk, rule="行政强制法 第25条", state__in=("open", "late", "met"))


# ---------------------------------------------------------------- approval first


def test_a_measure_waits_for_the_heads_approval_before_it_is_carried_out(mworld):
    case = start(mworld)
    assert case.process == "coercive_measure" and case.stage == "approve" and str(case).endswith("（行政强制措施）")
    with pytest.raises(RuleViolation, match="实施前须向行政机关负责人报告并经批准") as refused:
        actions.move(actor=mworld.u_officer, case=case, target="implement")
    assert refused.value.rule == "行政强制法 第18条、第19条"
    with pytest.raises(PermissionDenied):  # an officer is not the head
        actions.approve_measure(actor=mworld.u_officer, case=case, agrees=True, opinion="同意")
    actions.approve_measure(actor=mworld.u_head, case=case, agrees=True, opinion="同意扣押")
    with pytest.raises(RuleViolation, match="负责人已于"):
        actions.approve_measure(actor=mworld.u_head, case=case, agrees=True, opinion="同意扣押")
    assert actions.move(actor=mworld.u_officer, case=case, target="implement").stage == "implement"


def test_the_act_on_the_spot_comes_after_the_approval_and_not_in_the_future(mworld):
    case = approved(mworld)
    approval = Measure.objects.get(case=case).approved_at
    with pytest.raises(RuleViolation, match="不能早于批准时间"):
        onsite(mworld, case, acted_at=approval - dt.timedelta(hours=1))
    with pytest.raises(RuleViolation, match="实施时间不能晚于现在"):
        onsite(mworld, case, acted_at=timezone.now() + dt.timedelta(hours=1))
    assert not IssuedDocument.objects.filter(template="measure_record").exists()


def test_a_refusal_before_the_measure_ends_the_case_without_it(mworld):
    case = start(mworld)
    actions.approve_measure(actor=mworld.u_head, case=case, agrees=False, opinion="证据不足，不宜扣押")
    case.refresh_from_db()
    assert case.stage == "close" and case.state == CaseState.CLOSED
    assert not IssuedDocument.objects.filter(subject_id=case.pk, template="seizure_release").exists()


def test_a_measure_without_approval_or_an_emergency_reason_is_refused(mworld):
    with pytest.raises(RuleViolation, match="情况紧急的理由不能为空") as refused:
        start(mworld, emergency=True, acted_at=timezone.now())
    assert refused.value.field == "emergency_reason"
    with pytest.raises(RuleViolation, match="未经批准不得实施") as refused:
        start(mworld, acted_at=timezone.now())
    assert refused.value.rule == "行政强制法 第18条"
    assert not Case.objects.exists() and not Measure.objects.exists()


def test_bad_input_is_refused_naming_the_field_with_nothing_written(mworld):
    for kw, field in ((dict(act_on=START.date() + dt.timedelta(days=1)), "act_on"),
                      (dict(emergency=True, emergency_reason="正在转移", acted_at=timezone.now()
                            + dt.timedelta(minutes=5)), "acted_at"),
                      (dict(officers=[mworld.zhang]), "officers"),
                      (dict(item_code="ZR-CF-001"), "item_code"),
                      (dict(kind="freeze"), "kind"),
                      (dict(items=" "), "items")):
        with pytest.raises(RuleViolation) as refused:
            start(mworld, **kw)
        assert refused.value.field == field, kw
    assert not Case.objects.exists()


def test_the_same_form_sent_twice_starts_one_measure(mworld):
    token = uuid.uuid4().hex
    assert start(mworld, token=token).pk == start(mworld, token=token).pk
    assert Measure.objects.count() == 1


def test_a_measure_is_linked_to_the_punishment_case_it_serves_in_the_agency_only(mworld):
    investigating = punishment_case(mworld)
    case = start(mworld, punishment_case=investigating)
    assert case.measure.punishment_case == investigating and list(investigating.measures.all()) == [case.measure]
    assert "行政处罚案件" in case.source_note
    with pytest.raises(RuleViolation, match="只能关联本机关的行政处罚案件"):
        start(mworld, punishment_case=case)


# ---------------------------------------------------------------- on the spot (第18条、第24条)


def test_the_onsite_record_issues_the_decision_and_its_list_handed_over(mworld):
    case = approved(mworld)
    measure = onsite(mworld, case)
    case.refresh_from_db()
    assert measure.credentials == "张伟（21030001）、李娜（21030002）"
    assert measure.decision.template == "seizure_decision" and case.number == measure.decision.number
    assert measure.decision.values["起始日期"] == "2026年9月2日"
    assert measure.decision.values["截止日期"] == "2026年10月1日"
    assert measure.inventory.values["决定书文号"] == measure.decision.number
    assert "称厂房正在补办用地手续" in measure.record.values["陈述申辩"]
    assert {s.document_id for s in Service.objects.filter(case=case)} == {measure.decision.pk, measure.inventory.pk}
    ob = hold_obligation(case)
    assert timezone.localdate(ob.due_at) == dt.date(2026, 10, 1) and ob.state == ObligationState.OPEN
    with pytest.raises(RuleViolation, match="已制作现场笔录"):
        onsite(mworld, case)


def test_the_whole_measure_needs_its_av_or_a_written_reason(mworld):
    case = approved(mworld)
    onsite(mworld, case)
    with pytest.raises(RuleViolation, match="缺少音像记录") as refused:
        actions.move(actor=mworld.u_officer, case=case, target="hold")
    assert refused.value.rule == "REC-04"
    actions.link_evidence(actor=mworld.u_officer, case=case, evidence=hand_in(mworld, title="扣押"), av_stage="seizure")
    assert actions.move(actor=mworld.u_officer, case=case, target="hold").stage == "hold"


def test_a_refusal_to_sign_is_noted_before_a_witness_and_an_absent_party_has_a_witness_sign(mworld):
    case = approved(mworld)
    with pytest.raises(RuleViolation, match="见证人"):
        onsite(mworld, case, signed=False, refusal_reason="当事人拒绝签名")
    with pytest.raises(RuleViolation, match="陈述和申辩"):
        onsite(mworld, case, statement="")
    measure = onsite(mworld, case, signed=False, refusal_reason="当事人拒绝签名", witness="村委会主任王某")
    assert "当事人拒绝签名；见证人村委会主任王某签名" in measure.record.values["签名情况"]
    assert Service.objects.get(document=measure.decision).method == "left"

    other = approved(mworld)
    with pytest.raises(RuleViolation, match="当事人不到场的，应当邀请见证人") as refused:
        onsite(mworld, other, party_present=False, present_name="")
    assert refused.value.rule == "行政强制法 第18条"
    measure = onsite(mworld, other, party_present=False, present_name="", witness="村委会主任王某")
    assert measure.refusal_reason == "当事人不到场" and measure.record.values["到场人"] == "当事人未到场"


# ---------------------------------------------------------------- emergency (第19条)


def emergency(world, hours_ago=1):
    return start(world, emergency=True, emergency_reason="当事人正在将机械驶离现场",
                 acted_at=timezone.now() - dt.timedelta(hours=hours_ago))


def test_an_emergency_measure_goes_to_the_spot_at_once_with_its_24_hour_report_due(mworld):
    case = emergency(mworld)
    assert case.stage == "implement"
    ob = Obligation.objects.get(subject_id=case.pk, rule="行政强制法 第19条")
    assert ob.due_at == case.measure.acted_at + dt.timedelta(hours=24)
    with pytest.raises(RuleViolation, match="尚未向负责人报告"):
        actions.approve_measure(actor=mworld.u_head, case=case, agrees=True, opinion="同意")


def test_an_emergency_report_on_hour_24_is_in_time(mworld):
    case = emergency(mworld)
    acted = case.measure.acted_at
    mworld.clock.move_to(acted + dt.timedelta(hours=24, minutes=1), tick=False)
    measure = actions.report_emergency(actor=mworld.u_officer, case=case, reported_at=acted + dt.timedelta(hours=24))
    assert measure.report_late_reason == ""
    ob = Obligation.objects.get(subject_id=case.pk, rule="行政强制法 第19条")
    assert ob.state == ObligationState.MET and ob.met_at == acted + dt.timedelta(hours=24)


def test_an_emergency_report_on_hour_25_needs_its_reason_and_is_recorded_late(mworld):
    case = emergency(mworld)
    acted = case.measure.acted_at
    mworld.clock.move_to(acted + dt.timedelta(hours=26), tick=False)
    with pytest.raises(RuleViolation, match="未能在24小时内报告的原因"):
        actions.report_emergency(actor=mworld.u_officer, case=case, reported_at=acted + dt.timedelta(hours=25))
    with pytest.raises(RuleViolation, match="报告时间不能晚于现在"):
        actions.report_emergency(actor=mworld.u_officer, case=case, reported_at=acted + dt.timedelta(hours=27))
    measure = actions.report_emergency(actor=mworld.u_officer, case=case, reported_at=acted + dt.timedelta(hours=25),
                                       late_reason="负责人在外地开会，电话未接通")
    assert measure.report_late_reason == "负责人在外地开会，电话未接通"


def test_an_emergency_measure_refused_afterwards_is_released_at_once(mworld):
    case = emergency(mworld)
    onsite(mworld, case)
    actions.report_emergency(actor=mworld.u_officer, case=case, reported_at=timezone.now())
    measure = actions.approve_measure(actor=mworld.u_head, case=case, agrees=False, opinion="不应当采取扣押")
    case.refresh_from_db()
    assert case.stage == "close" and case.state == CaseState.CLOSED
    assert measure.release.template == "seizure_release" and measure.release_ground == "refused"
    assert measure.release.values["解除理由"] == "行政机关负责人认为不应当采取行政强制措施"
    assert hold_obligation(case).state == ObligationState.MET


def test_an_emergency_measure_closes_only_after_its_approval(mworld):
    case = emergency(mworld)
    onsite(mworld, case)
    actions.explain_no_av(actor=mworld.u_officer, case=case, av_stage="seizure", reason="记录仪故障，已书面说明")
    actions.move(actor=mworld.u_officer, case=case, target="hold")
    actions.release_measure(actor=mworld.u_officer, case=case, ground="not_needed")
    with pytest.raises(RuleViolation, match="尚未向行政机关负责人报告") as refused:
        actions.move(actor=mworld.u_officer, case=case, target="close")
    assert refused.value.rule == "行政强制法 第19条"
    actions.report_emergency(actor=mworld.u_officer, case=case, reported_at=timezone.now())
    actions.approve_measure(actor=mworld.u_head, case=case, agrees=True, opinion="同意")
    assert actions.move(actor=mworld.u_officer, case=case, target="close").state == CaseState.CLOSED


# ---------------------------------------------------------------- the 30 days (第25条)


def test_the_30th_day_on_a_holiday_stays_and_the_extension_is_approved_on_it(mworld):
    case = holding(mworld)
    due = actions.measure_due(case.measure)
    assert due.last_day == dt.date(2026, 10, 1) and not calendar.is_working_day(due.last_day)
    mworld.clock.move_to(at(dt.date(2026, 10, 1)), tick=False)
    with pytest.raises(PermissionDenied):  # an officer does not extend
        actions.extend_measure(actor=mworld.u_officer, case=case, reason="权属复杂", last_day=due.last_day)
    measure = actions.extend_measure(actor=mworld.u_head, case=case, reason="土地权属需进一步查明",
                                     last_day=due.last_day)
    assert measure.extension.values["截止日期"] == "2026年10月31日"
    assert timezone.localdate(hold_obligation(case).due_at) == dt.date(2026, 10, 31)
    with pytest.raises(RuleViolation, match="期限已变更为2026年10月31日"):  # the same approval sent twice
        actions.extend_measure(actor=mworld.u_head, case=case, reason="土地权属需进一步查明", last_day=due.last_day)
    with pytest.raises(RuleViolation, match="已经延长过一次"):
        actions.extend_measure(actor=mworld.u_head, case=case, reason="再次延长", last_day=dt.date(2026, 10, 31))


def test_on_the_31st_day_there_is_no_extension_and_the_release_is_late(mworld):
    case = holding(mworld)
    mworld.clock.move_to(at(dt.date(2026, 10, 2)), tick=False)
    with pytest.raises(RuleViolation, match="已于2026年10月1日届满，不能再延长") as refused:
        actions.extend_measure(actor=mworld.u_head, case=case, reason="权属复杂", last_day=dt.date(2026, 10, 1))
    assert refused.value.rule == "行政强制法 第25条"
    assert not IssuedDocument.objects.filter(template="seizure_extension").exists()
    measure = actions.release_measure(actor=mworld.u_officer, case=case, ground="expired")
    assert measure.released_late and measure.release.values["解除理由"] == "查封、扣押期限已经届满"
    assert hold_obligation(case).state == ObligationState.MET


def test_a_release_on_the_30th_day_is_in_time_and_expiry_is_no_ground_before_it(mworld):
    case = holding(mworld)
    mworld.clock.move_to(at(dt.date(2026, 10, 1)), tick=False)
    with pytest.raises(RuleViolation, match="尚未届满"):
        actions.release_measure(actor=mworld.u_officer, case=case, ground="expired")
    measure = actions.release_measure(actor=mworld.u_officer, case=case, ground="no_violation")
    assert not measure.released_late
    with pytest.raises(RuleViolation, match="已作出解除决定"):
        actions.release_measure(actor=mworld.u_officer, case=case, ground="no_violation")


def test_with_the_extension_the_60th_day_is_in_time_and_the_61st_late(mworld):
    case = holding(mworld)
    actions.extend_measure(actor=mworld.u_head, case=case, reason="土地权属需进一步查明", last_day=dt.date(2026, 10, 1))
    mworld.clock.move_to(at(dt.date(2026, 10, 31)), tick=False)
    assert not actions.measure_due(Measure.objects.get(case=case)).last_day < timezone.localdate()
    mworld.clock.move_to(at(dt.date(2026, 11, 1)), tick=False)
    assert actions.release_measure(actor=mworld.u_officer, case=case, ground="expired").released_late


def test_testing_time_is_told_in_writing_and_left_out_of_the_period(mworld):
    case = holding(mworld)
    testing = actions.record_testing(actor=mworld.u_officer, case=case, kind="appraisal",
                                     institution="辽宁省某司法鉴定所", from_on=dt.date(2026, 9, 10),
                                     to_on=dt.date(2026, 9, 19))
    assert testing.days == 10 and testing.notice.values["新截止日期"] == "2026年10月11日"
    assert timezone.localdate(hold_obligation(case).due_at) == dt.date(2026, 10, 11)
    mworld.clock.move_to(at(dt.date(2026, 10, 11)), tick=False)
    measure = actions.extend_measure(actor=mworld.u_head, case=case, reason="鉴定后仍需查明权属",
                                     last_day=dt.date(2026, 10, 11))
    assert measure.extension.values["截止日期"] == "2026年11月10日"


def test_a_released_measure_closes_and_archives_with_its_documents_served(mworld):
    case = holding(mworld)
    measure = actions.release_measure(actor=mworld.u_officer, case=case, ground="decided")
    with pytest.raises(RuleViolation):
        actions.record_testing(actor=mworld.u_officer, case=case, kind="test", institution="某检测站",
                               from_on=dt.date(2026, 9, 10), to_on=dt.date(2026, 9, 11))
    assert actions.move(actor=mworld.u_officer, case=case, target="close").state == CaseState.CLOSED
    with pytest.raises(RuleViolation, match="解除查封（扣押）决定书"):
        actions.move(actor=mworld.u_officer, case=case, target="archive")
    assert measure.release is not None


def test_a_refusal_after_the_measure_was_released_releases_nothing_twice(mworld):
    case = emergency(mworld)
    onsite(mworld, case)
    actions.release_measure(actor=mworld.u_officer, case=case, ground="not_needed")
    actions.report_emergency(actor=mworld.u_officer, case=case, reported_at=timezone.now())
    actions.approve_measure(actor=mworld.u_head, case=case, agrees=False, opinion="不应当采取扣押")
    assert IssuedDocument.objects.filter(subject_id=case.pk, template="seizure_release").count() == 1
    assert Case.objects.get(pk=case.pk).state == CaseState.CLOSED
