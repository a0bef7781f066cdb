"""What happens to a licence after it is issued, through the write functions: 延续 applied for 30 days (or the
law's own number) before expiry and decided before it, else deemed granted (行政许可法 第50条); 变更 (第49条);
撤回 (第8条) and 撤销 (第69条) with the holder told and heard (第7条); and the licence hearing's notice seven
working days ahead with its 公告 on a public-interest matter (第46、48条)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from tests.cases.permit_world import accept, at, build_permit_world, grant, issued, register, to_decide

from zhifa.cases import actions
from zhifa.cases import permit_rules as rules
from zhifa.cases.models import Case, CaseSettings, Licence, LicenceEnd
from zhifa.core.errors import RuleViolation
from zhifa.ledger.models import Entry
from zhifa.obligations.models import Obligation, ObligationState

RENEWED = dict(content="同意建设综合楼一栋，建筑面积12,000平方米（延续）", valid_from=dt.date(2028, 12, 1),
               valid_to=dt.date(2030, 11, 30))
REFUSE = dict(granted=False, findings="经审查", reason="不再符合规划条件", review_body="鞍山市人民政府",
              court="鞍山市铁东区人民法院", late_reason="专家意见迟延")


@pytest.fixture
def w(db, store):
    return build_permit_world()


def renewal_on(w, licence, day):
    with at(day):
        case = register(w, purpose="renewal", licence=licence, applicant=None)
        accept(w, case)
        to_decide(w, case)
    return Case.objects.get(pk=case.pk)


def renewal_deadline(case):
    return Obligation.objects.get(subject_id=case.pk, rule="行政许可法 第50条")


# ---------------------------------------------------------------- 延续 (第50条)


def test_a_renewal_on_the_thirtieth_day_before_expiry_is_in_time_and_on_the_twenty_ninth_it_is_refused(w):
    licence = issued(w)  # valid to 2028-11-30
    rules.check_renewal_in_time(licence.valid_to, dt.date(2028, 10, 30))  # the 31st day before
    with at("2028-11-01"), pytest.raises(RuleViolation, match="30日前") as late:  # the 29th
        register(w, purpose="renewal", licence=licence, applicant=None)
    assert late.value.rule == "行政许可法 第50条" and late.value.field == "received_on"
    with at("2028-10-31"):  # the 30th
        case = register(w, purpose="renewal", licence=licence, applicant=None)
    ob = renewal_deadline(case)
    assert timezone.localdate(ob.due_at) == dt.date(2028, 11, 30) and "视为准予延续" in ob.basis


def test_a_law_that_sets_sixty_days_is_the_agencys_setting(w):
    licence = issued(w)
    CaseSettings.objects.update_or_create(agency=w.nr, defaults={"renewal_lead_days": 60})
    with at("2028-10-02"), pytest.raises(RuleViolation, match="60日前"):  # 59 days before
        register(w, purpose="renewal", licence=licence, applicant=None)
    with at("2028-10-01"):
        register(w, purpose="renewal", licence=licence, applicant=None)


def test_a_granted_renewal_moves_the_licence_on_with_the_decision_and_the_certificate_follows(w):
    licence = issued(w)
    case = renewal_on(w, licence, "2028-10-31")
    with at("2028-11-20"):
        grant(w, case, **RENEWED)
        licence.refresh_from_db()
        assert licence.valid_to == dt.date(2030, 11, 30)  # changed with the decision, before the certificate
        assert renewal_deadline(case).state == ObligationState.MET
        entry = Entry.objects.filter(kind="case.licence_decided", subject_id=case.pk).get()
        assert "2028-11-30" in str(entry.payload) and "changed" in str(entry.payload)
        old_document = licence.document_id
        again = actions.issue_licence(actor=w.u_officer, case=case, recipient="孙立新")
    assert again.pk == licence.pk and again.document_id != old_document and again.number == licence.number


def test_on_the_expiry_day_the_renewal_may_still_be_refused_and_the_day_after_it_counts_as_granted(w):
    licence = issued(w)
    case = renewal_on(w, licence, "2028-10-31")
    with at("2028-11-30"):  # the expiry day: still the agency's to decide
        assert not actions.deemed_renewed(case.application, dt.date(2028, 11, 30))
    with at("2028-12-01"):
        assert actions.deemed_renewed(case.application, dt.date(2028, 12, 1))
        with pytest.raises(RuleViolation, match="视为准予延续") as refused:
            actions.decide_licence(actor=w.u_head, case=case, **REFUSE)
        assert refused.value.rule == "行政许可法 第50条"
    assert Case.objects.get(pk=case.pk).application.decision is None  # nothing half-written
    ob = renewal_deadline(case)  # due on the expiry day, and not met: the page says the licence counts as renewed
    assert timezone.localdate(ob.due_at) == dt.date(2028, 11, 30) and ob.state != ObligationState.MET


def test_a_refusal_on_the_expiry_day_is_made(w):
    licence = issued(w)
    case = renewal_on(w, licence, "2028-10-31")
    with at("2028-11-30"):
        app = actions.decide_licence(actor=w.u_head, case=case, **REFUSE)
    assert app.decision.template == "licence_refusal"
    licence.refresh_from_db()
    assert licence.valid_to == dt.date(2028, 11, 30)


# ---------------------------------------------------------------- 变更 (第49条)


def test_a_change_changes_the_content_and_keeps_the_term(w):
    licence = issued(w)
    with at("2027-03-01"):
        case = register(w, purpose="change", licence=licence, applicant=None, request="建筑面积变更为13,000平方米")
        accept(w, case)
        to_decide(w, case)
        grant(w, case, content="同意建设综合楼一栋，建筑面积13,000平方米", valid_from=dt.date(2026, 12, 1),
              valid_to=dt.date(2028, 11, 30))
    licence.refresh_from_db()
    assert "13,000" in licence.content and licence.valid_to == dt.date(2028, 11, 30)
    assert case.application.licence == licence and case.title.startswith("鞍山某置业有限公司变更申请")


# ---------------------------------------------------------------- 撤回 (第8条)、撤销 (第69条)


def start_end(w, licence, kind="withdraw", token="end-1", **kw):
    values = dict(actor=w.u_officer, licence=licence, unit=w.nr_team, token=token, kind=kind,
                  ground="该地块控制性详细规划已依法修改，原许可依据的客观情况发生重大变化",
                  basis="《中华人民共和国行政许可法》第八条")
    return actions.start_licence_end(**(values | kw))


def test_a_withdrawal_tells_and_hears_the_holder_and_its_decision_ends_the_licence(w):
    licence = issued(w)
    with at("2027-05-10"):
        case = start_end(w, licence)
        assert start_end(w, licence).pk == case.pk  # the form sent twice starts one case
        assert case.process == "licence_end" and case.stage == "end_notice"
        with pytest.raises(RuleViolation, match="尚未制作并送达告知书"):
            actions.move(actor=w.u_officer, case=case, target="end_heard")
        end = actions.notify_licence_end(actor=w.u_officer, case=case, recipient="孙立新", contact="张伟　0412-5550101")
        assert end.notice.number and end.reply_by == dt.date(2027, 5, 17)  # 5 working days, the agency's setting
        with pytest.raises(RuleViolation, match="陈述申辩期限至2027-05-17"):
            actions.move(actor=w.u_officer, case=case, target="end_decide")
    with at("2027-05-12"):
        with pytest.raises(RuleViolation, match="告知之日"):
            actions.hear_licence_holder(actor=w.u_officer, case=case, heard_on=dt.date(2027, 5, 9),
                                        statement="不同意撤回")
        actions.hear_licence_holder(actor=w.u_officer, case=case, heard_on=dt.date(2027, 5, 12),
                                    statement="已投入建设资金，请求补偿")
        with pytest.raises(PermissionDenied):  # an officer does not sign the decision
            actions.decide_licence_end(actor=w.u_officer, case=case, answer="依法补偿", review_body="鞍山市人民政府",
                                       court="鞍山市铁东区人民法院")
        licence = actions.decide_licence_end(actor=w.u_head, case=case, answer="对其财产损失依法给予补偿",
                                             review_body="鞍山市人民政府", court="鞍山市铁东区人民法院")
    assert (licence.state, licence.ended_on) == ("withdrawn", dt.date(2027, 5, 12))
    assert "控制性详细规划" in licence.end_reason
    end = LicenceEnd.objects.get(case=case)
    assert end.decision.template == "licence_withdrawal" and "许回字" in end.decision.number
    assert Entry.objects.filter(kind="case.licence_ended", subject_id=case.pk).count() == 1
    with at("2027-05-13"):
        with pytest.raises(RuleViolation, match="尚未送达"):
            actions.move(actor=w.u_officer, case=case, target="close")
        actions.record_service(actor=w.u_officer, case=case, document=end.decision, method="direct",
                               served_on=dt.date(2027, 5, 13), recipient="孙立新")
        actions.move(actor=w.u_officer, case=case, target="close")
        with pytest.raises(RuleViolation, match="已撤回"):
            register(w, purpose="change", licence=licence, applicant=None)
        with pytest.raises(RuleViolation, match="已撤回"):
            start_end(w, licence, kind="revoke", token="end-2")


def test_without_a_statement_the_decision_waits_for_the_end_of_the_period(w):
    licence = issued(w)
    with at("2027-05-10"):
        case = start_end(w, licence)
        actions.notify_licence_end(actor=w.u_officer, case=case, recipient="孙立新", contact="张伟")
    with at("2027-05-17"), pytest.raises(RuleViolation, match="陈述申辩"):  # the last day of the period
        actions.move(actor=w.u_officer, case=case, target="end_decide")
    with at("2027-05-18"):
        actions.move(actor=w.u_officer, case=case, target="end_decide")
        actions.decide_licence_end(actor=w.u_head, case=case, answer="依法补偿", review_body="鞍山市人民政府",
                                   court="鞍山市铁东区人民法院")
    assert "未提出陈述、申辩" in "".join(LicenceEnd.objects.get(case=case).decision.values.values())


def test_a_revocation_needs_the_public_interest_confirmed_and_nothing_is_half_written(w):
    licence = issued(w)
    with at("2027-05-10"):
        case = start_end(w, licence, kind="revoke", basis="《中华人民共和国行政许可法》第六十九条第二款",
                         ground="被许可人以伪造的土地证明文件取得许可")
        actions.notify_licence_end(actor=w.u_officer, case=case, recipient="孙立新", contact="张伟")
        actions.hear_licence_holder(actor=w.u_officer, case=case, heard_on=dt.date(2027, 5, 10), statement="无异议")
        entries = Entry.objects.count()
        with pytest.raises(RuleViolation, match="公共利益") as e:
            actions.decide_licence_end(actor=w.u_head, case=case, answer="申辩不成立", review_body="鞍山市人民政府",
                                       court="鞍山市铁东区人民法院")
        assert e.value.rule == "行政许可法 第69条" and Entry.objects.count() == entries
        assert Licence.objects.get(pk=licence.pk).state == "valid"
        actions.decide_licence_end(actor=w.u_head, case=case, answer="申辩不成立", review_body="鞍山市人民政府",
                                   court="鞍山市铁东区人民法院", no_public_harm=True)
    assert Licence.objects.get(pk=licence.pk).state == "revoked"


def test_bad_input_is_refused_in_chinese(w):
    licence = issued(w)
    with at("2027-05-10"):
        with pytest.raises(RuleViolation, match="事实和理由") as e:
            start_end(w, licence, ground="  ")
        assert e.value.field == "ground"
        with pytest.raises(RuleViolation, match="请选择撤回或撤销"):
            start_end(w, licence, kind="cancel")
    assert not LicenceEnd.objects.exists()


# ---------------------------------------------------------------- 听证 (第46–48条)


def test_a_public_interest_hearing_is_announced_and_noticed_seven_working_days_ahead_across_the_holiday(w):
    with at("2026-09-21"):
        case = register(w)
        accept(w, case)
        app = actions.tell_licence_hearing_right(actor=w.u_officer, case=case, matter="相邻住户采光",
                                                 contact="张伟")
        assert app.hearing_right.number and app.hearing_told_on == dt.date(2026, 9, 21)
        actions.request_licence_hearing(actor=w.u_unit_head, case=case, requested_on=dt.date(2026, 9, 21),
                                        public_interest=True, note="涉及片区公共绿地")
        actions.move(actor=w.u_officer, case=case, target="hearing")
    with at("2026-09-29"):
        notice = dict(actor=w.u_officer, case=case, hour="上午9时", place="三楼听证室", contact="张伟")
        # from 9/29: 9/30, 10/8 … 10/10 (调休 Saturday), 10/12, 10/13, 10/14 — the 国庆 break not counted
        with pytest.raises(RuleViolation, match="最早于2026年10月14日"):
            actions.notify_licence_hearing(hearing_on=dt.date(2026, 10, 13), **notice)
        pause = actions.notify_licence_hearing(hearing_on=dt.date(2026, 10, 14), **notice)
        with pytest.raises(RuleViolation, match="已通知听证"):
            actions.notify_licence_hearing(hearing_on=dt.date(2026, 10, 16), **notice)
    assert pause.announcement.template == "licence_hearing_announcement" and pause.notice.number
    with at("2026-10-13"), pytest.raises(RuleViolation, match="听证通知书载明的日期"):
        actions.record_licence_hearing(actor=w.u_unit_head, case=case, held_on=dt.date(2026, 10, 13), result="x")
    with at("2026-10-14"):
        actions.record_licence_hearing(actor=w.u_unit_head, case=case, held_on=dt.date(2026, 10, 14),
                                       result="听证笔录：各方意见已记录")


def test_a_hearing_cannot_be_recorded_without_its_notice(w):
    with at("2026-11-02"):
        case = register(w)
        accept(w, case)
        actions.request_licence_hearing(actor=w.u_unit_head, case=case, requested_on=dt.date(2026, 11, 2),
                                        told_on=dt.date(2026, 11, 2), requested_by="相邻住户王某", note="采光")
        actions.move(actor=w.u_officer, case=case, target="hearing")
        with pytest.raises(RuleViolation, match="尚未制作听证通知书") as e:
            actions.record_licence_hearing(actor=w.u_unit_head, case=case, held_on=dt.date(2026, 11, 2), result="x")
    assert e.value.rule == "行政许可法 第48条"


def test_a_renewal_token_is_unique_per_form(w):
    licence = issued(w)
    token = uuid.uuid4().hex
    with at("2028-10-01"):
        first = register(w, purpose="renewal", licence=licence, applicant=None, token=token)
        again = register(w, purpose="renewal", licence=licence, applicant=None, token=token)
    assert first.pk == again.pk
