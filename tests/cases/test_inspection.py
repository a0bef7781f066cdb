"""行政检查: a 检查计划 of an item of the 随机抽查事项清单 and the inspections drawn for it, ad-hoc inspections, the
现场检查笔录 by two qualified officers with the items checked and the findings, and the three outcomes — 合格,
责令限期整改 re-checked on its day, 立案 of a 行政处罚 case carrying the inspection's evidence — each result kept
in one row with its publication due 20 working days later (PUB-04)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from tests.cases.conftest import ITEM
from tests.cases.test_case_engine import hand_in

from zhifa.cases import actions, inspection_rules
from zhifa.cases.models import Case, CaseState, Inspection, InspectionOutcome, InspectionResult
from zhifa.catalog import actions as catalog
from zhifa.catalog.models import Article, LegalDocument, ListKind
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.obligations.models import Obligation, ObligationState

CHECK_ITEM = "ZR-JC-001"
RANDOM_ITEM = "CC-ZR-01"


def publish(world, kind):
    catalog.submit_list(actor=world.u_head, agency=world.nr, kind=kind)
    catalog.publish_list(actor=get_user_model().objects.get(username="nr_head2"), agency=world.nr, kind=kind,
                         note="新增行政检查事项及其随机抽查事项")


@pytest.fixture
def checks(world):
    """The world with an inspection item in the items list and its 随机抽查事项 published."""
    law = LegalDocument.objects.get(short_name="土地管理法")
    article = Article.objects.create(document=law, seq=67, text="县级以上人民政府自然资源主管部门对违反土地管理法律、"
                                     "法规的行为进行监督检查。", is_summary=True)
    catalog.save_entry(actor=world.u_head, agency=world.nr, kind=ListKind.ITEMS, entry=None, code=CHECK_ITEM,
                       name="土地利用和土地管理情况监督检查", action_kind="jiancha", handling_unit=world.nr_team,
                       domain=world.d_nr, articles=[article])
    publish(world, ListKind.ITEMS)
    catalog.save_entry(actor=world.u_head, agency=world.nr, kind=ListKind.RANDOM, entry=None, code=RANDOM_ITEM,
                       name="土地利用情况检查", item_code=CHECK_ITEM, subject_unit=world.nr_team,
                       objects_text="辖区内取得建设用地使用权的单位", content="是否未经批准占用土地",
                       ratio=Decimal(5), method="双随机抽取，现场检查", frequency="每年不少于1次", articles=[article])
    publish(world, ListKind.RANDOM)
    return world


def today():
    return timezone.localdate()


def plan_of(world, **kw):
    values = dict(actor=world.u_officer, unit=world.nr_team, name="2026年度土地利用情况双随机抽查",
                  random_code=RANDOM_ITEM, starts_on=today() - dt.timedelta(days=10),
                  ends_on=today() + dt.timedelta(days=60))
    return actions.create_plan(**(values | kw))


def start(world, officers=None, **kw):
    values = dict(actor=world.u_officer, unit=world.nr_team, token=uuid.uuid4().hex, party=world.company,
                  place=world.tiedong, officers=officers or [world.zhang, world.li], title="土地利用情况检查",
                  item_code=CHECK_ITEM, lead=world.zhang)
    return actions.start_inspection(**(values | kw))


def inspect(world, case, **kw):
    now = timezone.now()
    values = dict(actor=world.u_officer, case=case, started_at=now - dt.timedelta(hours=2),
                  ended_at=now - dt.timedelta(hours=1), place="铁西区兴盛路116号厂区",
                  items_checked="用地批准文件；土地用途；建设范围",
                  findings="厂区东侧新建彩钢房约300平方米，未能提供用地批准文件", present="赵丽华（法定代表人）",
                  av_note="执法记录仪 DSJ-01 全程录像", officers=[world.zhang, world.li], recorder=world.li,
                  signed=True)
    return actions.record_inspection(**(values | kw))


def inspected(world, **kw):
    """An ad-hoc inspection with its record, its AV linked as the onsite recording."""
    case = start(world, **kw)
    actions.link_evidence(actor=world.u_officer, case=case, evidence=hand_in(world), av_stage="onsite")
    inspect(world, case)
    return Case.objects.get(pk=case.pk)


# ---------------------------------------------------------------- plans and starting


def test_a_plan_carries_out_an_item_of_the_random_check_list_in_force(checks):
    plan = plan_of(checks)
    assert (plan.random_name, plan.item_code, plan.agency) == ("土地利用情况检查", CHECK_ITEM, checks.nr)
    with pytest.raises(RuleViolation) as refused:
        plan_of(checks, name="另一计划", random_code="CC-XX-99")
    assert "随机抽查事项清单中没有编码" in refused.value.message and refused.value.field == "random_code"
    with pytest.raises(RuleViolation) as refused:
        plan_of(checks, name="倒置", starts_on=today(), ends_on=today() - dt.timedelta(days=1))
    assert refused.value.field == "ends_on"
    with pytest.raises(RuleViolation) as refused:
        plan_of(checks)
    assert "已有名为" in refused.value.message


def test_the_draw_writes_one_inspection_per_object_of_a_plan_and_not_twice(checks):
    plan = plan_of(checks)
    cases = actions.plan_inspections(actor=checks.u_officer, plan=plan, objects=[checks.company],
                                     officers=[checks.zhang, checks.li])
    again = actions.plan_inspections(actor=checks.u_officer, plan=plan, objects=[checks.company, checks.company],
                                     officers=[checks.zhang, checks.li])
    assert [c.pk for c in again] == [c.pk for c in cases] and len(cases) == 1
    case = cases[0]
    assert (case.process, case.stage, case.action_kind, case.item_code) == ("inspection", "inspect", "jiancha",
                                                                            CHECK_ITEM)
    assert case.inspection.plan == plan and case.opened_on == today()


def test_an_inspection_needs_two_officers_with_valid_credentials(checks):
    with pytest.raises(RuleViolation) as refused:
        start(checks, officers=[checks.zhang])
    assert "不得少于2人" in refused.value.message and refused.value.field == "officers"
    with pytest.raises(RuleViolation) as refused:
        start(checks, officers=[checks.zhang, checks.wang])  # 王强's credential expired on 2026-10-14
    assert "执法资格" in refused.value.message and "王强" in refused.value.message
    assert not Case.objects.filter(process="inspection").exists()


def test_an_ad_hoc_inspection_is_of_an_inspection_item_and_the_same_form_twice_starts_one(checks):
    with pytest.raises(RuleViolation) as refused:
        start(checks, item_code=ITEM)  # a 行政处罚 item
    assert "不是行政检查事项" in refused.value.message
    token = uuid.uuid4().hex
    assert start(checks, token=token).pk == start(checks, token=token).pk
    assert Case.objects.filter(process="inspection").count() == 1


def test_register_case_refuses_the_inspection_process(checks):
    with pytest.raises(RuleViolation) as refused:
        actions.register_case(actor=checks.u_officer, unit=checks.nr_team, process="inspection", source="inspection",
                              title="x", summary="x", item_code=CHECK_ITEM, place=checks.tiedong, act_on=today(),
                              opinion="x", parties=[checks.company], officers=[checks.zhang, checks.li])
    assert "行政检查" in refused.value.message


# ---------------------------------------------------------------- the record


def test_the_record_is_a_numbered_onsite_record_with_the_items_and_findings(checks):
    case = inspected(checks)
    inspection = Inspection.objects.get(case=case)
    assert inspection.items_checked.startswith("用地批准文件") and "彩钢房" in inspection.findings
    doc = IssuedDocument.objects.get(pk=inspection.record.document_id)
    assert doc.template == "onsite_record" and "彩钢房" in doc.values["检查情况"]
    with pytest.raises(RuleViolation) as refused:
        inspect(checks, case)
    assert "已制作现场检查笔录" in refused.value.message


def test_a_record_dated_in_the_future_or_by_one_officer_is_refused_and_writes_nothing(checks):
    case = start(checks)
    later = timezone.now() + dt.timedelta(hours=1)
    with pytest.raises(RuleViolation) as refused:
        inspect(checks, case, started_at=later, ended_at=later + dt.timedelta(hours=1))
    assert refused.value.message == "检查开始时间不能晚于现在" and refused.value.field == "started_at"
    with pytest.raises(RuleViolation) as refused:
        inspect(checks, case, officers=[checks.zhang], recorder=checks.zhang)
    assert "不得少于2人" in refused.value.message
    assert Inspection.objects.get(case=case).record_id is None and not case.investigation_records.exists()


def test_a_planned_inspection_is_made_within_the_plan_period(checks):
    plan = plan_of(checks, starts_on=today(), ends_on=today() + dt.timedelta(days=30))
    case = actions.plan_inspections(actor=checks.u_officer, plan=plan, objects=[checks.company],
                                    officers=[checks.zhang, checks.li])[0]
    yesterday = timezone.now() - dt.timedelta(days=1)
    with pytest.raises(RuleViolation) as refused:
        inspect(checks, case, started_at=yesterday, ended_at=yesterday + dt.timedelta(hours=1))
    assert "不在检查计划的期间" in refused.value.message or "不能早于" in refused.value.message


def test_leaving_the_inspection_needs_its_av_or_a_reason(checks):
    case = start(checks)
    inspect(checks, case)
    with pytest.raises(RuleViolation) as refused:
        actions.find_compliant(actor=checks.u_officer, case=case)
    assert "音像记录" in refused.value.message
    assert not InspectionResult.objects.exists()  # nothing half-written
    actions.explain_no_av(actor=checks.u_officer, case=case, av_stage="onsite", reason="执法记录仪故障，已拍照")
    actions.find_compliant(actor=checks.u_officer, case=case)


# ---------------------------------------------------------------- outcomes


def _publicity(result):
    from django.contrib.contenttypes.models import ContentType

    return Obligation.objects.get(subject_type=ContentType.objects.get_for_model(InspectionResult),
                                  subject_id=result.pk, rule=inspection_rules.PUBLICITY_RULE)


def test_compliant_ends_the_inspection_and_its_result_is_due_for_publication_in_20_working_days(checks):
    case = inspected(checks)
    result = actions.find_compliant(actor=checks.u_officer, case=case)
    case.refresh_from_db()
    assert (case.stage, case.state, case.inspection.outcome) == ("close", CaseState.CLOSED, InspectionOutcome.COMPLIANT)
    assert (result.agency, result.subject, result.conclusion) == (checks.nr, "鞍山某建材有限公司",
                                                                  "未发现违法违规行为，检查合格")
    assert result.category == "行政检查（土地利用和土地管理情况监督检查）"
    ob = _publicity(result)
    assert ob.state != ObligationState.MET
    assert timezone.localdate(ob.due_at) == inspection_rules.result_publicity_due(today()).last_day
    with pytest.raises(RuleViolation):
        actions.find_compliant(actor=checks.u_officer, case=case)  # closed


@pytest.mark.parametrize(("result_on", "last_day"), [
    (dt.date(2026, 11, 2), dt.date(2026, 11, 30)),   # Mon → 20 working days later, 4 weekends skipped
    # on 中秋 (a holiday), across 国庆 (10-01..10-07 off) and its 调休 Saturday 10-10, which counts
    (dt.date(2026, 9, 25), dt.date(2026, 10, 29)),
    (dt.date(2026, 12, 15), dt.date(2027, 1, 13)),   # across the year end and New Year's Day
])
def test_the_publicity_deadline_counts_working_days(db, result_on, last_day):
    assert inspection_rules.result_publicity_due(result_on).last_day == last_day


def test_rectification_orders_a_recheck_on_its_day_and_waits_for_it(checks):
    case = inspected(checks)
    due_on = today() + dt.timedelta(days=15)
    result = actions.order_inspection_rectification(
        actor=checks.u_officer, case=case, due_on=due_on, violated="《中华人民共和国土地管理法》第四十四条",
        basis="《中华人民共和国行政处罚法》第二十八条", content="拆除彩钢房，恢复土地原状", consequence="",
        contact="张伟　0412-5550210")
    case.refresh_from_db()
    order = case.inspection.rectification
    assert case.stage == "rectify" and order.document.template == "rectification_order"
    assert result.conclusion == f"责令限期整改：拆除彩钢房，恢复土地原状（{due_on:%Y-%m-%d}前）"
    recheck = Obligation.objects.get(subject_id=order.pk, rule="行政处罚法 第28条")
    assert timezone.localdate(recheck.due_at) == due_on
    with pytest.raises(RuleViolation) as refused:
        actions.move(actor=checks.u_officer, case=case, target="close")
    assert "尚未复查" in refused.value.message
    actions.record_recheck(actor=checks.u_officer, case=case, rectification=order, checked_on=today(), rectified=True,
                           note="彩钢房已拆除")
    actions.move(actor=checks.u_officer, case=case, target="close")
    assert Obligation.objects.get(pk=recheck.pk).state == ObligationState.MET


def test_a_rectification_due_today_or_earlier_is_refused(checks):
    case = inspected(checks)
    with pytest.raises(RuleViolation) as refused:
        actions.order_inspection_rectification(actor=checks.u_officer, case=case, due_on=today(), violated="x",
                                               basis="x", content="x", consequence="", contact="x")
    assert "应晚于今天" in refused.value.message
    assert Case.objects.get(pk=case.pk).stage == "inspect" and not InspectionResult.objects.exists()


def open_case(world, case, **kw):
    values = dict(actor=world.u_officer, case=case, item_code=ITEM, title="鞍山某建材有限公司非法占用土地案",
                  summary="检查发现厂区东侧新建彩钢房约300平方米，未取得用地批准", opinion="建议立案调查",
                  act_on=today() - dt.timedelta(days=30))
    return actions.open_case_from_inspection(**(values | kw))


def test_an_inspection_that_finds_a_violation_opens_a_punishment_case_carrying_its_evidence(checks):
    case = inspected(checks)
    punishment = open_case(checks, case)
    case.refresh_from_db()
    assert (punishment.process, punishment.stage, punishment.source) == ("punishment_general", "open", "inspection")
    assert punishment.from_inspection == case.inspection and case.inspection.punishment_case == punishment
    assert case.stage == "close" and case.inspection.outcome == InspectionOutcome.CASE
    assert ({link.evidence_id for link in punishment.evidence_links.all()}
            == {link.evidence_id for link in case.evidence_links.all()} != set())
    assert {link.party_id for link in punishment.party_links.all()} == {checks.company.pk}
    assert {a.officer_id for a in punishment.assignments.all()} == {checks.zhang.pk, checks.li.pk}
    assert case.inspection.result.conclusion.startswith("发现涉嫌违法行为，已立案查处")


def test_a_case_opened_on_a_bad_act_date_writes_nothing(checks):
    case = inspected(checks)
    with pytest.raises(RuleViolation) as refused:
        open_case(checks, case, act_on=today() + dt.timedelta(days=1))
    assert "不能晚于今天" in refused.value.message
    case.refresh_from_db()
    assert case.stage == "inspect" and case.inspection.punishment_case_id is None
    assert not Case.objects.filter(process="punishment_general").exists()


def test_a_recheck_that_finds_the_order_not_carried_out_may_open_a_case(checks):
    case = inspected(checks)
    actions.order_inspection_rectification(
        actor=checks.u_officer, case=case, due_on=today() + dt.timedelta(days=1), violated="x", basis="x",
        content="拆除彩钢房", consequence="", contact="x")
    case.refresh_from_db()
    with pytest.raises(RuleViolation) as refused:
        open_case(checks, case)
    assert "未改正的" in refused.value.message
    order = case.inspection.rectification
    import time_machine

    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        actions.record_recheck(actor=checks.u_officer, case=case, rectification=order, checked_on=timezone.localdate(),
                               rectified=False, note="彩钢房未拆除")
        punishment = open_case(checks, case)
    case.refresh_from_db()
    assert case.stage == "close" and case.inspection.punishment_case == punishment


def test_a_concluded_inspection_is_archived_and_then_read_only(checks, store):
    case = inspected(checks)
    actions.find_compliant(actor=checks.u_officer, case=case)
    actions.move(actor=checks.u_officer, case=case, target="archive")
    case.refresh_from_db()
    assert case.state == CaseState.ARCHIVED and case.dossier.pages >= 1
    with pytest.raises(RuleViolation) as refused:
        actions.record_recheck(actor=checks.u_officer, case=case, rectification=None, checked_on=today(),  # type: ignore[arg-type]
                               rectified=True, note="x")
    assert refused.value.rule == actions.ARCHIVED_RULE
