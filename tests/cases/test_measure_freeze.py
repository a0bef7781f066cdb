"""冻结存款、汇款 (行政强制法 第29–33条) and the handling of seized goods (第26–28条) through the write functions:
only an agency a law empowers freezes, with the head's approval first and never on the spot; the bank's notice
handed over, the 冻结决定书 due to the party within three working days (an obligation); 30 days, the 30th in time and
the 31st late, extended on the 30th and not on the 31st; the release told to the bank. Seized goods returned only on
release, confiscated only by a penalty decision, sold only with the party's consent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from tests.cases.test_case_engine import hand_in
from tests.cases.test_measure import START, approved, holding, start
from tests.cases.test_rules import refused

from zhifa.cases import actions
from zhifa.cases.models import Case, CaseSettings, Measure, Service
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.workdays import calendar

FREEZE = {"kind": "freeze", "items": "", "keeping": "", "bank": "中国某某银行鞍山分行",
          "account": "2107 0000 0000 0000 001", "freeze_amount": Decimal("120000"),
          "title": "冻结非法转让土地所得", "reason": "当事人涉嫌非法转让土地，为防止转移违法所得",
          "basis": "《中华人民共和国某某法》第某条"}
BASIS = "《中华人民共和国某某法》第某条授权本机关冻结存款、汇款"


def authorised(world) -> None:
    actions.set_freeze_basis(actor=world.u_head, agency=world.nr, basis=BASIS)


def frozen(world) -> Case:
    """Approved and carried out at the bank on 1 September."""
    authorised(world)
    case = approved(world, **FREEZE)
    actions.carry_out_freeze(actor=world.u_officer, case=case, acted_at=timezone.now(), bank_staff="钱某某",
                             av_note="执法记录仪AS-NR-0007", review_body="鞍山市人民政府", court="鞍山市铁东区人民法院")
    return Case.objects.get(pk=case.pk)


def test_only_an_agency_a_law_empowers_freezes_and_never_on_the_spot(mworld):
    with refused("行政强制法 第29条", "kind") as none:
        start(mworld, **FREEZE)
    assert "法律规定的行政机关" in none.value.message
    with pytest.raises(PermissionDenied):  # the head sets the agency's authority
        actions.set_freeze_basis(actor=mworld.u_officer, agency=mworld.nr, basis=BASIS)
    authorised(mworld)
    with refused("行政强制法 第29条", "emergency"):
        start(mworld, **FREEZE, emergency=True, emergency_reason="正在转移", acted_at=timezone.now())
    with refused("行政强制法 第29条", "freeze_amount"):
        start(mworld, **(FREEZE | {"freeze_amount": Decimal("0")}))
    with pytest.raises(RuleViolation, match="冻结的账号不能为空"):
        start(mworld, **(FREEZE | {"account": " "}))
    assert not Measure.objects.exists()
    case = start(mworld, **FREEZE)
    assert case.stage == "approve" and case.measure.items.startswith("中国某某银行鞍山分行账号")


def test_the_bank_gets_its_notice_and_the_party_its_decision_within_three_working_days(mworld):
    case = frozen(mworld)
    m = case.measure
    assert m.bank_notice.template == "freeze_notice" and m.bank_notice.values["事项"] == "冻结"
    assert m.decision.template == "freeze_decision" and "冻决字" in m.decision.number
    assert case.number == m.decision.number
    assert Service.objects.filter(document=m.bank_notice).exists()  # handed to the bank there
    assert not Service.objects.filter(document=m.decision).exists()
    with pytest.raises(RuleViolation, match="已实施冻结"):  # sent twice: frozen once
        actions.carry_out_freeze(actor=mworld.u_officer, case=case, acted_at=timezone.now(), bank_staff="钱某某",
                                 av_note="记录仪", review_body="鞍山市人民政府", court="铁东区法院")
    assert IssuedDocument.objects.filter(template="freeze_decision").count() == 1
    day, left = START.date(), 3
    while left:  # three working days counted by hand
        day += dt.timedelta(days=1)
        left -= calendar.is_working_day(day)
    owed = Obligation.objects.get(rule="行政强制法 第31条", subject_id=case.pk)
    assert owed.due_at.astimezone(calendar.SHANGHAI).date() == day
    actions.link_evidence(actor=mworld.u_officer, case=case, evidence=hand_in(mworld, title="冻结"), av_stage="seizure")
    with refused("行政强制法 第24条、第30条、第31条", "target") as undelivered:
        actions.move(actor=mworld.u_officer, case=case, target="hold")
    assert "冻结决定书" in undelivered.value.message
    mworld.clock.move_to(dt.datetime.combine(day, dt.time(15), tzinfo=calendar.SHANGHAI))
    actions.record_service(actor=mworld.u_officer, case=case, document=m.decision, method="direct", served_on=day,
                           recipient="赵丽华")
    owed.refresh_from_db()
    assert owed.state == ObligationState.MET and owed.met_at <= owed.due_at
    assert actions.move(actor=mworld.u_officer, case=case, target="hold").stage == "hold"


def test_the_30th_day_of_a_freeze_is_in_time_and_the_31st_late_even_on_a_holiday(mworld):
    case = frozen(mworld)
    due = actions.measure_due(case.measure)
    assert due is not None and due.last_day == START.date() + dt.timedelta(days=30)  # calendar days, not moved
    assert Obligation.objects.get(rule="行政强制法 第32条", subject_id=case.pk).due_at.date() == due.last_day
    mworld.clock.move_to(dt.datetime.combine(due.last_day + dt.timedelta(days=1), dt.time(9), tzinfo=calendar.SHANGHAI))
    with refused("行政强制法 第25条", "reason"):  # the 31st: too late to extend
        actions.extend_measure(actor=mworld.u_head, case=case, reason="资金流向复杂", last_day=due.last_day)
    actions.release_measure(actor=mworld.u_officer, case=case, ground="expired")
    m = Measure.objects.get(case=case)
    assert m.released_late and m.release.template == "freeze_release"
    assert m.bank_release.values["事项"] == "解除冻结" and "冻结期限已经届满" in m.release.values["解除理由"]


def test_a_freeze_extended_on_its_30th_day_runs_30_more_and_is_released_in_time(mworld):
    case = frozen(mworld)
    due = actions.measure_due(case.measure)
    assert due is not None
    mworld.clock.move_to(dt.datetime.combine(due.last_day, dt.time(9), tzinfo=calendar.SHANGHAI))
    actions.extend_measure(actor=mworld.u_head, case=case, reason="资金流向复杂", last_day=due.last_day)
    m = Measure.objects.get(case=case)
    assert m.extension.values["条款"] == "第三十二条"
    assert actions.measure_due(m).last_day == due.last_day + dt.timedelta(days=30)
    with refused("行政强制法 第25条", "kind"):  # 第32条 leaves no testing time out
        actions.record_testing(actor=mworld.u_officer, case=case, kind="test", institution="某所",
                               from_on=due.last_day, to_on=due.last_day)
    actions.release_measure(actor=mworld.u_officer, case=case, ground="decided")
    assert not Measure.objects.get(case=case).released_late


def test_seized_goods_go_back_on_release_by_penalty_or_with_the_party_s_consent(mworld):
    case = holding(mworld)
    today = START.date()
    with refused("行政强制法 第27条、第28条", "disposal"):
        actions.dispose_measure(actor=mworld.u_officer, case=case, disposal="return", on=today, note="返还")
    with refused("行政强制法 第27条、第28条", "disposal"):  # no 行政处罚决定 names the confiscation
        actions.dispose_measure(actor=mworld.u_officer, case=case, disposal="confiscate", on=today, note="没收")
    with refused("行政强制法 第27条、第28条", "consent"):
        actions.dispose_measure(actor=mworld.u_officer, case=case, disposal="sold", on=today, note="变卖")
    with refused("行政强制法 第27条、第28条", "on"):
        actions.dispose_measure(actor=mworld.u_officer, case=case, disposal="sold", on=today + dt.timedelta(days=1),
                                note="变卖", consent="当事人书面同意")
    assert not Measure.objects.get(case=case).disposal
    actions.dispose_measure(actor=mworld.u_officer, case=case, disposal="sold", on=today, note="变卖所得8000元",
                            consent="当事人书面同意（附同意书）")
    actions.release_measure(actor=mworld.u_officer, case=case, ground="decided")
    actions.dispose_measure(actor=mworld.u_officer, case=case, disposal="return", on=today, note="退还变卖所得8000元")
    with pytest.raises(RuleViolation, match="已登记财物的处理"):
        actions.dispose_measure(actor=mworld.u_officer, case=case, disposal="return", on=today, note="再次返还")
    assert Measure.objects.get(case=case).get_disposal_display() == "解除并返还财物"


def test_goods_destroyed_by_law_end_the_measure_without_a_release(mworld):
    case = holding(mworld)
    actions.dispose_measure(actor=mworld.u_officer, case=case, disposal="destroy", on=START.date(),
                            note="依据《某某条例》第某条，对扣押的有毒有害物品依法销毁")
    actions.move(actor=mworld.u_officer, case=case, target="close")
    assert Case.objects.get(pk=case.pk).stage == "close"
    assert Obligation.objects.get(rule="行政强制法 第25条", subject_id=case.pk).state == ObligationState.MET


def test_the_head_sets_the_agencys_freeze_authorisation_on_its_page_and_an_officer_may_not(world, login):
    url = reverse("cases:measure_freeze_basis")
    assert login(world.u_officer).get(url).status_code == 403
    head = login(world.u_head)
    page = head.get(url).content.decode()
    assert "未设置（不得冻结）" in page and "第二十九条" in page
    agency = world.nr_team.enclosing_agency()
    done = head.post(url, {"agency": agency.pk, "basis": "《中华人民共和国税收征收管理法》第三十八条"})
    assert done.status_code == 302
    assert CaseSettings.of(agency).freeze_basis == "《中华人民共和国税收征收管理法》第三十八条"
    assert "税收征收管理法》第三十八条" in head.get(url).content.decode()
    # another city's agency is not among the choices: refused beside the field, nothing changed
    bad = head.post(url, {"agency": world.ly_nr.pk, "basis": "某法"})
    assert bad.status_code == 422 and CaseSettings.of(world.ly_nr).freeze_basis == ""
