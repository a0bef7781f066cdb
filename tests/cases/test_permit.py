"""行政许可 (行政许可法 第29–50条) through its write functions: the application and its materials against the
服务指南, the one-time notice on the 5th working day and the deemed acceptance on the 6th (第32条), the decision on
the 20th and 21st working day with and without the +10 (第42条) and with an expert review across the 国庆节
break (第45条), hearings (第47条), the licence within 10 working days (第44条) and its renewal (第50条)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from tests.cases.permit_world import (
    BARE_ITEM,
    MATERIALS,
    accept,
    at,
    build_permit_world,
    grant,
    notify,
    register,
    to_decide,
)

from zhifa.cases import actions
from zhifa.cases import permit_rules as rules
from zhifa.cases.models import Application, Case, Licence, Service
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.ledger.models import Entry
from zhifa.obligations.models import Obligation, ObligationState


@pytest.fixture
def w(db, store):
    return build_permit_world()


def live(case, rule):
    return Obligation.objects.filter(subject_id=case.pk, rule=rule).order_by("-pk").first()


def last_day(ob):
    return timezone.localdate(ob.due_at)


# ---------------------------------------------------------------- the rules


def test_the_guide_text_gives_one_material_an_item():
    assert rules.materials_of("1. 申请表；2. 使用土地的有关证明文件；3. 建设工程设计方案。") == [
        "申请表", "使用土地的有关证明文件", "建设工程设计方案"]
    assert rules.materials_of("（1）申请书\n（2）身份证明") == ["申请书", "身份证明"]
    assert rules.materials_of("") == []


def test_the_notice_period_counts_a_tiaoxiu_saturday_and_skips_the_national_day_break(db):
    assert rules.notice_due(dt.date(2026, 9, 28)).last_day == dt.date(2026, 10, 10)  # 9/29, 9/30, 10/8, 10/9, 10/10
    assert not rules.deemed_accepted(dt.date(2026, 9, 28), dt.date(2026, 10, 10))
    assert rules.deemed_accepted(dt.date(2026, 9, 28), dt.date(2026, 10, 12))


def test_periods_over_the_year_end_are_provisional_without_next_years_calendar(db):
    due = rules.decision_due(dt.date(2026, 12, 21))
    assert due.last_day > dt.date(2027, 1, 1) and due.provisional


def test_a_renewal_comes_thirty_days_before_expiry():
    rules.check_renewal_in_time(dt.date(2027, 3, 31), dt.date(2027, 3, 1))
    with pytest.raises(RuleViolation, match="30日前") as late:
        rules.check_renewal_in_time(dt.date(2027, 3, 31), dt.date(2027, 3, 2))
    assert late.value.rule == "行政许可法 第50条"


# ---------------------------------------------------------------- registration (第29、31条)


def test_the_materials_are_checked_against_the_guide_and_the_notice_deadline_opens(w):
    with at("2026-09-28"):
        case = register(w, materials=MATERIALS[:1], other_materials=["授权委托书"])
    app = case.application
    assert case.process == "licensing" and case.stage == "apply" and case.source == "application"
    assert app.missing == MATERIALS[1:] and app.given == [MATERIALS[0], "授权委托书"] and app.guide_listed
    assert str(case) == "鞍山某置业有限公司申请建设工程规划许可证核发（待受理）"
    assert last_day(live(case, "行政许可法 第32条")) == dt.date(2026, 10, 10)


def test_an_application_with_no_materials_is_refused_and_nothing_is_written(w):
    entries = Entry.objects.count()
    with at("2026-09-28"), pytest.raises(RuleViolation) as refused:
        register(w, materials=[])
    assert refused.value.field == "materials" and "申请材料不能为空" in str(refused.value)
    assert not Case.objects.exists() and Entry.objects.count() == entries


def test_a_material_the_guide_does_not_list_is_refused(w):
    with at("2026-09-28"), pytest.raises(RuleViolation, match="服务指南未列出这些材料：营业执照"):
        register(w, materials=["营业执照"])


def test_an_item_whose_guide_lists_no_materials_is_registered_and_says_so(w):
    with at("2026-09-28"):
        case = register(w, item_code=BARE_ITEM, materials=[], other_materials=["临时建设申请书"])
    assert not case.application.guide_listed and case.application.missing == []


def test_a_receipt_date_in_the_future_is_refused(w):
    with at("2026-09-28"), pytest.raises(RuleViolation) as refused:
        register(w, received_on=dt.date(2026, 9, 29))
    assert refused.value.field == "received_on" and "不能晚于今天" in str(refused.value)


def test_the_desk_form_sent_twice_registers_one_application(w):
    with at("2026-09-28"):
        assert register(w, token="t-1").pk == register(w, token="t-1").pk
    assert Application.objects.count() == 1


# ---------------------------------------------------------------- 受理 (第32条)


def test_a_one_time_notice_on_the_fifth_working_day_lists_every_missing_material(w):
    with at("2026-09-28"):
        case = register(w, materials=MATERIALS[:1])
    with at("2026-10-10"):  # a 调休 Saturday, the 5th working day
        app = notify(w, case, others=["申请表未加盖单位公章"])
    doc = app.notice
    assert doc.template == "correction_notice" and doc.number.startswith("鞍山市自然资源局许补字〔2026〕")
    assert doc.values["补正内容"] == ("使用土地的有关证明文件（未提交）；建设工程设计方案（未提交）；"
                                    "申请表未加盖单位公章")
    assert Service.objects.filter(document=doc, method="direct").exists()
    assert live(case, "行政许可法 第32条").state == ObligationState.MET
    with at("2026-10-10"), pytest.raises(RuleViolation, match="不得再次告知"):
        notify(w, case)


def test_on_the_sixth_working_day_the_application_is_deemed_accepted_on_receipt(w):
    with at("2026-09-28"):
        case = register(w, materials=MATERIALS[:1])
    with at("2026-10-12"):  # the 6th working day
        with pytest.raises(RuleViolation) as late:
            notify(w, case)
        assert "即为受理" in str(late.value) and "2026年9月28日" in str(late.value)
        assert late.value.rule == "行政许可法 第32条"
        with pytest.raises(RuleViolation, match="即为受理"):
            actions.refuse_application(actor=w.u_officer, case=case, reason="材料不齐", review_body="鞍山市人民政府",
                                       court="鞍山市铁东区人民法院")
        app = accept(w, case)
    assert app.deemed and app.accepted_on == dt.date(2026, 9, 28)
    assert app.acceptance.values["受理日期"] == "2026年9月28日"
    text = IssuedDocument.objects.get(pk=app.acceptance_id).values
    assert text["视为受理"] is True
    # the 20 working days run from the day of receipt
    assert last_day(live(case, "行政许可法 第42条")) == rules.decision_due(dt.date(2026, 9, 28)).last_day


def test_incomplete_materials_are_not_accepted_until_supplemented(w):
    with at("2026-09-28"):
        case = register(w, materials=MATERIALS[:2])
        with pytest.raises(RuleViolation, match="尚缺：建设工程设计方案"):
            accept(w, case)
        notify(w, case)
    with at("2026-10-15"):
        actions.supplement_materials(actor=w.u_officer, case=case, materials=["建设工程设计方案"])
        app = accept(w, case)
    case.refresh_from_db()
    assert app.accepted_on == dt.date(2026, 10, 15) and not app.deemed
    assert case.stage == "review" and case.number == app.acceptance.number
    assert case.number.startswith("鞍山市自然资源局许受字〔2026〕")


def test_refused_with_reason_the_case_is_done(w):
    with at("2026-09-28"):
        case = register(w)
        app = actions.refuse_application(actor=w.u_officer, case=case, reason="该地块不在本机关规划管理范围内",
                                         review_body="鞍山市人民政府", court="鞍山市铁东区人民法院")
    case.refresh_from_db()
    assert app.refusal.template == "non_acceptance_notice" and case.stage == "close" and case.state == "closed"


def test_an_obvious_error_is_corrected_on_the_spot(w):
    with at("2026-09-28"):
        case = register(w)
        actions.correct_application(actor=w.u_officer, case=case, what="申请表·建筑面积", before="1200平方米",
                                    after="12000平方米")
        with pytest.raises(RuleViolation, match="相同"):
            actions.correct_application(actor=w.u_officer, case=case, what="申请表", before="a", after="a")
    assert case.application.corrections.get().after == "12000平方米"


# ---------------------------------------------------------------- 决定 (第42、45条)


def accepted_on(w, day):
    with at(day):
        case = register(w)
        accept(w, case)
        to_decide(w, case)
    return Case.objects.get(pk=case.pk)


def test_a_decision_on_the_twentieth_working_day_is_in_time(w):
    case = accepted_on(w, "2026-11-02")
    with at("2026-11-30"):  # the 20th working day
        app = grant(w, case)
    assert app.granted and app.decision.template == "licence_grant"
    assert live(case, "行政许可法 第42条").state == ObligationState.MET


def test_on_the_twenty_first_working_day_without_the_extension_it_is_refused(w):
    case = accepted_on(w, "2026-11-02")
    before = IssuedDocument.objects.count()
    with at("2026-12-01"), pytest.raises(RuleViolation) as late:
        grant(w, case)
    assert late.value.field == "late_reason" and "2026年11月30日届满" in str(late.value)
    assert "未经负责人批准延长" in str(late.value)
    assert IssuedDocument.objects.count() == before
    with at("2026-12-01"), pytest.raises(RuleViolation, match="不能再批准延长"):
        actions.extend_licence_deadline(actor=w.u_head, case=case, reason="需征求消防部门意见")


def test_with_the_heads_extension_the_twenty_first_day_is_in_time_and_the_reason_is_told(w):
    case = accepted_on(w, "2026-11-02")
    with at("2026-11-30"):
        with pytest.raises(PermissionDenied, match="行政机关负责人"):
            actions.extend_licence_deadline(actor=w.u_officer, case=case, reason="需征求消防部门意见")
        app = actions.extend_licence_deadline(actor=w.u_head, case=case, reason="需征求消防部门意见")
        with pytest.raises(RuleViolation, match="只能延长一次"):
            actions.extend_licence_deadline(actor=w.u_head, case=case, reason="再延")
    assert app.extension.template == "licence_extension_notice"
    assert app.extension.values["延长理由"] == "需征求消防部门意见"
    assert last_day(live(case, "行政许可法 第42条")) == dt.date(2026, 12, 14)  # 30th working day
    with at("2026-12-01"):
        assert grant(w, case).decided_on == dt.date(2026, 12, 1)


def test_the_thirty_first_working_day_is_late_even_with_the_extension(w):
    case = accepted_on(w, "2026-11-02")
    with at("2026-11-20"):
        actions.extend_licence_deadline(actor=w.u_head, case=case, reason="需征求消防部门意见")
    with at("2026-12-15"):
        with pytest.raises(RuleViolation, match="2026年12月14日届满"):
            grant(w, case)
        app = grant(w, case, late_reason="消防部门意见于12月14日才送达")
    assert app.late_reason


def test_an_expert_review_across_the_national_day_break_is_not_counted(w):
    with at("2026-09-21"):
        case = register(w)
        accept(w, case)
    assert last_day(live(case, "行政许可法 第42条")) == dt.date(2026, 10, 26)
    with at("2026-09-28"):
        actions.pause_licence_clock(actor=w.u_unit_head, case=case, kind="expert", started_on=dt.date(2026, 9, 28),
                                    note="组织专家评审建设工程设计方案")
    assert live(case, "行政许可法 第42条").state == ObligationState.PAUSED
    with at("2026-10-09"):
        with pytest.raises(RuleViolation, match="专家评审尚未结束"):
            to_decide(w, case)
        # 9/28, 9/29, 9/30, 10/8, 10/9: five working days stood still; the break's own days were never counted
        actions.resume_licence_clock(actor=w.u_unit_head, case=case, ended_on=dt.date(2026, 10, 9),
                                     result="专家评审意见：设计方案可行")
        to_decide(w, case)
    ob = live(case, "行政许可法 第42条")
    assert ob.state == ObligationState.OPEN and last_day(ob) == dt.date(2026, 11, 2)
    with at("2026-11-03"), pytest.raises(RuleViolation, match="2026年11月2日届满"):
        grant(w, case)
    with at("2026-11-02"):
        assert grant(w, case).granted


def test_the_head_who_does_not_handle_the_case_cannot_stop_its_clock(w):
    """The 第45条 pause is the handler's to record (case.handle), not a deadline manager's: the agency head,
    who may manage every deadline but handles no case, is refused, and nothing stops."""
    with at("2026-09-21"):
        case = register(w)
        accept(w, case)
        with pytest.raises(PermissionDenied, match="承办案件"):
            actions.pause_licence_clock(actor=w.u_head, case=case, kind="expert", started_on=dt.date(2026, 9, 21),
                                        note="专家评审")
    assert live(case, "行政许可法 第42条").state == ObligationState.OPEN and not case.licence_pauses.exists()


def test_a_hearing_asked_within_five_working_days_pauses_the_decision_and_must_be_held_in_twenty(w):
    with at("2026-11-02"):
        case = register(w)
        accept(w, case)
    with at("2026-11-10"):
        with pytest.raises(RuleViolation, match="5个工作日内"):
            actions.request_licence_hearing(actor=w.u_unit_head, case=case, requested_on=dt.date(2026, 11, 10),
                                            told_on=dt.date(2026, 11, 2), requested_by="相邻住户王某", note="采光")
        actions.request_licence_hearing(actor=w.u_unit_head, case=case, requested_on=dt.date(2026, 11, 9),
                                        told_on=dt.date(2026, 11, 2), requested_by="相邻住户王某", note="采光")
        actions.move(actor=w.u_officer, case=case, target="hearing")
        notice = dict(actor=w.u_officer, case=case, hour="上午9时", place="三楼听证室", contact="张伟　0412-5550101")
        with pytest.raises(RuleViolation, match="七日前") as early:  # 11/18 is the 6th working day after 11/10
            actions.notify_licence_hearing(hearing_on=dt.date(2026, 11, 18), **notice)
        assert early.value.rule == "行政许可法 第48条"
        with pytest.raises(RuleViolation, match="二十日内"):  # the 20 working days of 第47条 end on 12/7
            actions.notify_licence_hearing(hearing_on=dt.date(2026, 12, 8), **notice)
        pause = actions.notify_licence_hearing(hearing_on=dt.date(2026, 11, 19), **notice)  # the 7th: in time
    assert pause.notice.number and pause.announcement is None  # asked for by a party: no 公告
    assert last_day(live(case, "行政许可法 第47条")) == dt.date(2026, 12, 7)
    with at("2026-11-20"):
        actions.record_licence_hearing(actor=w.u_unit_head, case=case, held_on=dt.date(2026, 11, 20),
                                       result="申请人说明日照分析，相邻住户意见已记录")
        actions.move(actor=w.u_officer, case=case, target="review")
    assert live(case, "行政许可法 第47条").state == ObligationState.MET
    # 11/9 … 11/20: ten working days not counted, so the 20th (11/30) becomes the 30th
    assert last_day(live(case, "行政许可法 第42条")) == dt.date(2026, 12, 14)


def test_on_site_verification_needs_two_officers_and_av_or_a_reason(w):
    with at("2026-11-02"):
        case = register(w)
        accept(w, case)
        with pytest.raises(RuleViolation) as one:
            actions.record_verification(actor=w.u_officer, case=case, officers=[w.zhang],
                                        verified_on=dt.date(2026, 11, 2), spot="胜利路东侧地块",
                                        findings="现状与申请一致")
        assert one.value.field == "officers" and one.value.rule == "行政许可法 第34条"
        actions.record_verification(actor=w.u_officer, case=case, officers=[w.zhang, w.li],
                                    verified_on=dt.date(2026, 11, 2), spot="胜利路东侧地块", findings="现状与申请一致")
        with pytest.raises(RuleViolation, match="音像记录"):
            to_decide(w, case)
        actions.explain_no_av(actor=w.u_officer, case=case, av_stage="onsite", reason="执法记录仪故障，已拍照")
        to_decide(w, case)


# ---------------------------------------------------------------- the licence (第44、50条)


def decided(w):
    case = accepted_on(w, "2026-11-02")
    with at("2026-11-16"):
        grant(w, case)
    return Case.objects.get(pk=case.pk)


def test_the_licence_is_issued_within_ten_working_days_with_its_number_holder_and_term(w):
    case = decided(w)
    assert case.stage == "deliver" and last_day(live(case, "行政许可法 第44条")) == dt.date(2026, 11, 30)
    with at("2026-11-20"):
        licence = actions.issue_licence(actor=w.u_officer, case=case, recipient="孙立新")
    assert licence.holder == w.company and licence.number.startswith("鞍山市自然资源局许证字〔2026〕")
    assert (licence.valid_from, licence.valid_to) == (dt.date(2026, 12, 1), dt.date(2028, 11, 30))
    assert live(case, "行政许可法 第44条").state == ObligationState.MET
    case.refresh_from_db()
    assert case.stage == "close" and case.services.count() == 3  # 受理通知书, the decision and the licence


def test_a_refusal_is_served_and_issues_no_licence(w):
    case = accepted_on(w, "2026-11-02")
    with at("2026-11-16"):
        app = actions.decide_licence(actor=w.u_head, case=case, granted=False, findings="经审查",
                                     reason="设计方案容积率超过规划条件", review_body="鞍山市人民政府",
                                     court="鞍山市铁东区人民法院")
        assert app.decision.template == "licence_refusal"
        with pytest.raises(RuleViolation, match="只有准予"):
            actions.issue_licence(actor=w.u_officer, case=case, recipient="孙立新")
        with pytest.raises(RuleViolation, match="尚未送达"):
            actions.move(actor=w.u_officer, case=case, target="close")
        actions.record_service(actor=w.u_officer, case=case, document=app.decision, method="direct",
                               served_on=dt.date(2026, 11, 16), recipient="孙立新")
        actions.move(actor=w.u_officer, case=case, target="close")
    assert not Licence.objects.exists()


def test_a_renewal_is_its_own_case_linked_to_the_licence_thirty_days_before_expiry(w):
    case = decided(w)
    with at("2026-11-20"):
        licence = actions.issue_licence(actor=w.u_officer, case=case, recipient="孙立新")
    with at("2028-11-01"), pytest.raises(RuleViolation, match="30日前"):
        register(w, purpose="renewal", licence=licence, applicant=None)
    with at("2028-10-31"):  # 30 days before 2028-11-30
        renewal = register(w, purpose="renewal", licence=licence, applicant=None)
    assert renewal.pk != case.pk and renewal.application.licence == licence
    assert [link.party for link in renewal.party_links.all()] == [w.company]
    assert licence.applications.get() == renewal.application

