"""调查取证 (REC-03; 行政处罚法 第43、55、56条): 回避 decided by the head, credentials shown and rights told, records
made by two qualified officers and signed — or refused before a witness —, their attachments filed as evidence, the
证据清单, and 先行登记保存 with the head's approval and its decision within 7 working days."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from tests.cases.conftest import ITEM, hand_in
from tests.cases.test_case_engine import opened

from zhifa.cases import actions, guards
from zhifa.cases.models import Case, CaseState, InvestigationRecord, Preservation, Recusal, RightsNotice
from zhifa.catalog import processes as p
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.ledger.models import Entry
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.obligations.sweep import sweep
from zhifa.workdays.calendar import SHANGHAI


@pytest.fixture
def investigating(world, store) -> Case:
    case = opened(world)
    actions.move(actor=world.u_officer, case=case, target="investigate")
    case.refresh_from_db()
    return case


def an_hour_ago() -> dt.datetime:
    """An hour ago, but not before today began in Shanghai (the case was opened today: nothing before it)."""
    midnight = dt.datetime.combine(timezone.localdate(), dt.time(0), tzinfo=SHANGHAI)
    return max(timezone.now() - dt.timedelta(hours=1), midnight)


def inquiry(world, case, **given):
    start = an_hour_ago()
    values = {"kind": "inquiry", "started_at": start, "ended_at": timezone.now(),
              "place": "执法监察支队询问室", "officers": [world.zhang, world.li], "recorder": world.li,
              "persons": "赵丽华", "person_id_number": "210302198001011234",
              "content": "问：厂房是否办理用地审批手续？答：没有办理。", "signed": True} | given
    return actions.make_record(actor=world.u_officer, case=case, **values)


def kinds(case) -> list[str]:
    return [e.kind for e in Entry.objects.filter(subject_id=case.pk).order_by("pk")]


# ---------------------------------------------------------------- records


def test_an_inquiry_by_two_officers_is_written_on_its_template_and_its_attachment_becomes_evidence(world,
                                                                                                  investigating):
    photo = hand_in(world, kind="photo", title="询问现场")
    rec = inquiry(world, investigating, evidence=[photo])
    assert rec.document is not None and rec.document.template == "inquiry_record"
    assert rec.document.values["询问人"] == "张伟（21030001）、李娜（21030002）"
    assert rec.document.values["被询问人"] == "赵丽华" and rec.document.values["回避"] == "不申请回避"
    link = investigating.evidence_links.get()
    assert link.evidence == photo and link.stage == "investigate" and list(rec.attachments.all()) == [link]
    assert kinds(investigating)[-3:] == ["case.evidence_linked", "document.issued", "case.record_made"]
    assert rec.signature_label == "已签名"


def test_an_inquiry_by_one_officer_is_refused_naming_article_42_and_nothing_is_written(world, investigating):
    documents = IssuedDocument.objects.count()
    with pytest.raises(RuleViolation) as refused:
        inquiry(world, investigating, officers=[world.zhang], recorder=world.zhang,
                evidence=[hand_in(world, kind="photo")])
    assert refused.value.field == "officers" and "执法人员不得少于2人" in str(refused.value)
    assert "第四十二条" in str(refused.value)  # the rule named
    assert not InvestigationRecord.objects.exists() and IssuedDocument.objects.count() == documents
    assert not investigating.evidence_links.exists()  # the attachment's link was undone with the rest


def test_a_written_statement_is_received_by_one_officer(world, investigating):
    rec = actions.make_record(actor=world.u_officer, case=investigating, kind="statement", started_at=an_hour_ago(),
                              place="执法监察支队", officers=[world.zhang], persons="村民刘某（证人）",
                              content="我看见该公司五月开始施工。", signed=True)
    assert rec.document is None and rec.get_kind_display() == "当事人陈述或证人证言"


def test_an_officer_with_a_credential_expired_the_day_before_the_record_does_not_count(world, investigating):
    start = an_hour_ago()
    world.li.credentials.update(valid_to=timezone.localdate(start) - dt.timedelta(days=1))
    with pytest.raises(RuleViolation) as refused:
        inquiry(world, investigating)
    assert "李娜" in str(refused.value) and refused.value.field == "officers"


@pytest.mark.parametrize("given, field", [
    ({"refusal_reason": "", "witness": "村委会主任王某"}, "refusal_reason"),
    ({"refusal_reason": "当事人称不认可检查结论", "witness": " "}, "witness"),
])
def test_a_refusal_to_sign_needs_its_reason_and_a_witness(world, investigating, given, field):
    with pytest.raises(RuleViolation) as refused:
        onsite(world, investigating, signed=False, **given)
    assert refused.value.field == field
    assert "笔录核对签名" in str(refused.value)  # the rule by name
    assert not InvestigationRecord.objects.exists()


def onsite(world, case, **given):
    start = an_hour_ago()
    values = {"kind": "onsite", "started_at": start, "ended_at": timezone.now(),
              "place": "千山区某某村东侧", "officers": [world.zhang, world.li], "recorder": world.li,
              "persons": "鞍山某建材有限公司", "present": "赵丽华，法定代表人",
              "content": "现场有新建钢结构厂房一座，占地约1200平方米。", "av_note": "执法记录仪DSJ-01全程录像",
              "signed": True} | given
    return actions.make_record(actor=world.u_officer, case=case, **values)


def test_a_refusal_noted_with_a_witness_is_recorded_on_the_onsite_record(world, investigating):
    rec = onsite(world, investigating, signed=False, refusal_reason="当事人拒绝签名", witness="村委会主任王某")
    assert rec.signature_label == "拒绝签名：当事人拒绝签名（见证人村委会主任王某签名）"
    assert rec.document.template == "onsite_record"
    assert rec.document.values["拒签情况"] == "当事人拒绝签名；见证人：村委会主任王某"
    assert rec.document.values["当事人签名"] == ""


def test_an_expert_opinion_must_be_signed_by_the_experts(world, investigating):
    with pytest.raises(RuleViolation, match="鉴定人签名"):
        actions.make_record(actor=world.u_officer, case=investigating, kind="expert", started_at=an_hour_ago(),
                            place="鞍山市某测绘院", officers=[world.zhang], persons="鞍山市某测绘院 鉴定人孙某",
                            content="占地面积1203.5平方米", signed=False, refusal_reason="x", witness="y")


def test_a_record_dated_before_the_case_was_opened_is_refused_naming_the_field_and_rule(world, investigating):
    before = dt.datetime.combine(investigating.opened_on - dt.timedelta(days=1), dt.time(10), tzinfo=SHANGHAI)
    with pytest.raises(RuleViolation) as refused:
        inquiry(world, investigating, started_at=before, ended_at=before + dt.timedelta(hours=1))
    assert refused.value.field == "started_at" and "不能早于立案日期" in str(refused.value)
    assert refused.value.rule == "行政处罚法 第54条" and not InvestigationRecord.objects.exists()


def test_records_are_made_only_at_the_investigation(world, store):
    case = opened(world)  # 立案 approved, not yet moved to 调查取证
    with pytest.raises(RuleViolation, match="须在“调查取证”环节进行"):
        inquiry(world, case)


# ---------------------------------------------------------------- 回避 (第43条)


def test_a_granted_withdrawal_takes_the_officer_off_the_team_and_off_later_records(world, investigating):
    recusal = actions.request_recusal(actor=world.u_officer, case=investigating, officer=world.li, source="party",
                                      requested_by_name="赵丽华", reason="李娜系当事人近亲属",
                                      requested_on=timezone.localdate())
    with pytest.raises(RuleViolation, match="尚待负责人决定"):  # the same request sent twice
        actions.request_recusal(actor=world.u_officer, case=investigating, officer=world.li, source="party",
                                requested_by_name="赵丽华", reason="李娜系当事人近亲属",
                                requested_on=timezone.localdate())
    with pytest.raises(PermissionDenied):  # only the agency head decides
        actions.decide_recusal(actor=world.u_officer, recusal=recusal, granted=True, decision="同意回避")
    actions.decide_recusal(actor=world.u_head, recusal=recusal, granted=True, decision="同意回避")
    assert [a.officer for a in investigating.assignments.all()] == [world.zhang]
    with pytest.raises(RuleViolation, match="已于"):
        actions.decide_recusal(actor=world.u_head, recusal=recusal, granted=False, decision="改变主意")
    with pytest.raises(RuleViolation) as refused:
        inquiry(world, investigating)
    assert "在场执法人员须为本案承办人员：李娜" in str(refused.value)
    assert kinds(investigating)[-2:] == ["case.recusal_requested", "case.recusal_decided"]


def test_a_refused_withdrawal_leaves_the_team_as_it_was(world, investigating):
    recusal = actions.request_recusal(actor=world.u_officer, case=investigating, officer=world.zhang, source="self",
                                      requested_by_name="张伟", reason="曾与当事人有业务往来",
                                      requested_on=timezone.localdate())
    actions.decide_recusal(actor=world.u_head, recusal=recusal, granted=False, decision="不构成回避情形")
    assert {a.officer for a in investigating.assignments.all()} == {world.zhang, world.li}
    assert Recusal.objects.get().granted is False


def test_a_withdrawal_only_of_an_officer_of_the_case(world, investigating):
    with pytest.raises(RuleViolation) as refused:
        actions.request_recusal(actor=world.u_officer, case=investigating, officer=world.wang, source="party",
                                requested_by_name="赵丽华", reason="理由", requested_on=timezone.localdate())
    assert refused.value.field == "officer" and "第四十三条" in str(refused.value)


# ---------------------------------------------------------------- credentials and rights (第55条)


def test_each_contact_records_who_was_told_which_rights_by_officers_who_showed_credentials(world, investigating):
    told = dict(person="赵丽华（法定代表人）", told_at=an_hour_ago(), place="千山区某某村东侧",
                officers=[world.zhang, world.li], rights=["statement", "defence", "recusal"])
    with pytest.raises(RuleViolation) as refused:
        actions.record_rights_told(actor=world.u_officer, case=investigating, credential_shown=False, **told)
    assert refused.value.field == "credential_shown" and "出示执法证件" in str(refused.value)
    notice = actions.record_rights_told(actor=world.u_officer, case=investigating, credential_shown=True, **told)
    assert notice.rights_label == "陈述、申辩、申请回避"
    with pytest.raises(RuleViolation, match="已经记录"):
        actions.record_rights_told(actor=world.u_officer, case=investigating, credential_shown=True, **told)
    assert RightsNotice.objects.count() == 1 and kinds(investigating)[-1] == "case.rights_told"
    payload = Entry.objects.filter(kind="case.rights_told").get().payload
    assert "张伟（21030001）" in payload


# ---------------------------------------------------------------- 先行登记保存 (第56条)


@pytest.fixture
def september(db):
    """The clock on 2026-09-30, the day before 国庆 (10-01…10-07 off; 10-10 a 调休 Saturday)."""
    with time_machine.travel(dt.datetime(2026, 9, 30, 9, 0, tzinfo=SHANGHAI), tick=False) as clock:
        yield clock


@pytest.fixture
def preserved(september, world, store) -> Preservation:
    case = actions.register_case(
        actor=world.u_officer, unit=world.nr_team, process="punishment_general", source="inspection",
        title="某公司未经批准占用耕地案", summary="巡查发现。", item_code=ITEM, place=world.tiedong,
        act_on=dt.date(2026, 9, 20), officers=[world.zhang, world.li], lead=world.zhang, opinion="建议立案",
        parties=[world.company])
    actions.sign_opinion(actor=world.u_unit_head, case=case, step="open", agrees=True, text="同意")
    actions.sign_opinion(actor=world.u_head, case=case, step="open", agrees=True, text="同意")
    actions.move(actor=world.u_officer, case=case, target="investigate")
    asked = actions.request_preservation(actor=world.u_officer, case=case, items="施工日志1本；挖掘机1台",
                                         method="就地由当事人保存，加贴封条", reason="当事人可能转移施工设备",
                                         contact="张伟 0412-0000000")
    with pytest.raises(PermissionDenied):  # the handler does not approve their own request
        actions.approve_preservation(actor=world.u_officer, preservation=asked, agrees=True, opinion="同意")
    return actions.approve_preservation(actor=world.u_head, preservation=asked, agrees=True, opinion="同意先行登记保存")


def obligation_of(preservation) -> Obligation:
    return Obligation.objects.get(rule="行政处罚法 第56条", subject_id=preservation.pk)


def test_the_heads_approval_issues_the_notice_and_opens_the_seven_working_day_obligation(september, world,
                                                                                            preserved):
    assert preserved.notice.template == "preservation_notice" and "登保字〔2026〕1号" in preserved.notice.number
    assert preserved.notice.values["批准人"] and preserved.preserved_on == dt.date(2026, 9, 30)
    # 国庆 ahead: 10-08 1, 10-09 2, 10-10 调休 Sat 3, 10-12 4, 10-13 5, 10-14 6, 10-15 7
    assert preserved.due_on == dt.date(2026, 10, 15)
    ob = obligation_of(preserved)
    assert ob.state == ObligationState.OPEN and timezone.localdate(ob.due_at) == dt.date(2026, 10, 15)
    actions.link_evidence(actor=world.u_officer, case=preserved.case, evidence=hand_in(world, kind="photo"))
    result = guards.evaluate(p.EVIDENCE_LISTED, preserved.case, dt.date(2026, 9, 30))
    assert not result.ok and "先行登记保存的证据尚未作出处理决定：" + preserved.notice.number in result.missing
    decide(world, preserved)
    assert guards.evaluate(p.EVIDENCE_LISTED, preserved.case, dt.date(2026, 9, 30)).ok


def decide(world, preserved):
    return actions.decide_preservation(actor=world.u_head, preservation=preserved, outcome="解除先行登记保存",
                                       reason="证据已拍照固定", review_body="鞍山市人民政府",
                                       court="鞍山市铁东区人民法院")


def test_a_decision_on_the_seventh_working_day_is_in_time(september, world, preserved):
    september.move_to(dt.datetime(2026, 10, 15, 17, 0, tzinfo=SHANGHAI))
    sweep(timezone.now())
    assert obligation_of(preserved).state == ObligationState.OPEN
    done = decide(world, preserved)
    assert done.decided_late is False and done.decision.template == "preservation_decision"
    assert done.decision.values["通知书文号"] == preserved.notice.number
    ob = obligation_of(preserved)
    assert ob.state == ObligationState.MET and not ob.met_late
    with pytest.raises(RuleViolation, match="只能对已先行登记保存的证据"):  # the form sent twice
        decide(world, preserved)


def test_a_decision_on_the_eighth_working_day_is_recorded_but_flagged_late(september, world, preserved, login):
    september.move_to(dt.datetime(2026, 10, 16, 9, 0, tzinfo=SHANGHAI))
    sweep(timezone.now())
    assert obligation_of(preserved).state == ObligationState.LATE
    page = login(world.u_officer).get(preserved.case.get_absolute_url()).content.decode()
    assert "应于2026-10-15前作出处理决定，已逾期" in page
    done = decide(world, preserved)
    assert done.decided_late is True and done.state == "decided"
    ob = obligation_of(preserved)
    assert ob.state == ObligationState.MET and ob.met_late
    page = login(world.u_officer).get(preserved.case.get_absolute_url()).content.decode()
    assert "逾期作出（超过7个工作日，期限2026-10-15）" in page
    assert '"late":true' in Entry.objects.filter(kind="case.preservation_decided").get().payload.replace(" ", "")


def test_a_refused_preservation_issues_nothing(world, investigating):
    asked = actions.request_preservation(actor=world.u_officer, case=investigating, items="施工日志1本",
                                         method="就地保存", reason="可能灭失", contact="张伟")
    done = actions.approve_preservation(actor=world.u_head, preservation=asked, agrees=False, opinion="不必保存")
    assert done.state == "refused" and done.notice is None
    assert not Obligation.objects.filter(rule="行政处罚法 第56条").exists()
    with pytest.raises(RuleViolation, match="已审批"):
        actions.approve_preservation(actor=world.u_head, preservation=asked, agrees=True, opinion="同意")


# ---------------------------------------------------------------- archived, pages


def test_an_archived_case_refuses_every_investigation_write(world, investigating):
    asked = actions.request_preservation(actor=world.u_officer, case=investigating, items="施工日志1本",
                                         method="就地保存", reason="可能灭失", contact="张伟")
    recusal = actions.request_recusal(actor=world.u_officer, case=investigating, officer=world.li, source="party",
                                      requested_by_name="赵丽华", reason="近亲属", requested_on=timezone.localdate())
    Case.objects.filter(pk=investigating.pk).update(state=CaseState.ARCHIVED)
    writes = [
        lambda: inquiry(world, investigating),
        lambda: actions.request_recusal(actor=world.u_officer, case=investigating, officer=world.zhang,
                                        source="self", requested_by_name="张伟", reason="x",
                                        requested_on=timezone.localdate()),
        lambda: actions.decide_recusal(actor=world.u_head, recusal=recusal, granted=True, decision="同意"),
        lambda: actions.record_rights_told(actor=world.u_officer, case=investigating, person="赵丽华",
                                           told_at=an_hour_ago(), place="现场", officers=[world.zhang, world.li],
                                           rights=["statement"], credential_shown=True),
        lambda: actions.request_preservation(actor=world.u_officer, case=investigating, items="另一批", method="x",
                                             reason="x", contact="x"),
        lambda: actions.approve_preservation(actor=world.u_head, preservation=asked, agrees=True, opinion="同意"),
    ]
    for write in writes:
        with pytest.raises(RuleViolation, match="已归档"):
            write()


def record_post(world, **given) -> dict[str, object]:
    start = timezone.localtime(an_hour_ago())
    data = {"record_kind": "inquiry", "inquiry-kind": "inquiry",
            "inquiry-started_at": start.strftime("%Y-%m-%dT%H:%M"),
            "inquiry-ended_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "inquiry-place": "询问室", "inquiry-officers": [world.zhang.pk, world.li.pk],
            "inquiry-recorder": world.li.pk, "inquiry-persons": "赵丽华",
            "inquiry-person_id_number": "210302198001011234", "inquiry-content": "问：……答：……",
            "inquiry-signed": "on"}
    return data | given


def test_through_the_page_an_inquiry_is_made_once_however_often_it_is_sent(world, investigating, login):
    client = login(world.u_officer)
    page = client.get(investigating.get_absolute_url()).content.decode()
    assert "制作询问笔录" in page and "制作现场检查（勘验）笔录" in page and "证据清单" in page
    url = reverse("cases:record", args=[investigating.pk])
    data = record_post(world)
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 422 and "相同的询问笔录已经登记" in again.content.decode()
    assert InvestigationRecord.objects.count() == 1
    page = client.get(investigating.get_absolute_url()).content.decode()
    assert "签名：已签名" in page and "《询问笔录》" in page


def test_through_the_page_an_empty_content_or_a_refusal_without_a_witness_is_a_chinese_error(world, investigating,
                                                                                              login):
    client = login(world.u_officer)
    url = reverse("cases:record", args=[investigating.pk])
    empty = client.post(url, record_post(world, **{"inquiry-content": "  "}))
    assert empty.status_code == 422 and "询问内容（问答）不能为空（调查取证记录）" in empty.content.decode()
    no_witness = client.post(url, record_post(world, **{"inquiry-signed": "", "inquiry-refusal_reason": "拒签"}))
    assert no_witness.status_code == 422
    assert "拒绝签名的，应当由见证人签名：请填写见证人姓名（笔录核对签名" in no_witness.content.decode()
    assert not InvestigationRecord.objects.exists()


def test_another_agencys_case_is_not_found_on_every_investigation_page(world, investigating, login):
    from zhifa.agencies.models import Role

    outsider = world.user("zj_officer", [(world.zj, Role.OFFICER)])
    client = login(outsider)
    for name in ("record", "rights", "recusal", "recusal_decide", "preservation", "preservation_approve",
                 "preservation_decide"):
        assert client.post(reverse(f"cases:{name}", args=[investigating.pk]), record_post(world)).status_code == 404
    assert client.get(reverse("cases:evidence_list", args=[investigating.pk])).status_code == 404
    assert not InvestigationRecord.objects.exists()


def test_the_head_approves_a_preservation_through_the_page(world, investigating, login):
    officer = login(world.u_officer)
    assert officer.post(reverse("cases:preservation", args=[investigating.pk]), {
        "items": "施工日志1本", "method": "就地保存", "reason": "可能灭失", "contact": "张伟"}).status_code == 302
    asked = Preservation.objects.get()
    head = login(world.u_head)
    assert "审批先行登记保存" in head.get(investigating.get_absolute_url()).content.decode()
    bad = head.post(reverse("cases:preservation_approve", args=[investigating.pk]),
                    {"preservation": asked.pk, "agrees": "1", "opinion": " "})
    assert bad.status_code == 422 and "审批意见不能为空" in bad.content.decode()
    assert head.post(reverse("cases:preservation_approve", args=[investigating.pk]),
                     {"preservation": asked.pk, "agrees": "1", "opinion": "同意"}).status_code == 302
    again = head.post(reverse("cases:preservation_approve", args=[investigating.pk]),
                      {"preservation": asked.pk, "agrees": "1", "opinion": "同意"})
    assert again.status_code == 422  # no longer waiting: nothing approved twice
    assert IssuedDocument.objects.filter(template="preservation_notice").count() == 1


def test_the_evidence_list_costs_the_same_queries_for_one_or_many_pieces(world, investigating, login,
                                                                        django_assert_max_num_queries):
    client = login(world.u_officer)
    inquiry(world, investigating, evidence=[hand_in(world, kind="photo", title="照片1")])
    url = reverse("cases:evidence_list", args=[investigating.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert "照片1" in client.get(url).content.decode()
    onsite(world, investigating, evidence=[hand_in(world, kind="photo", title=f"照片{n}") for n in (2, 3, 4)])
    with CaptureQueriesContext(connection) as four:
        page = client.get(url).content.decode()
    assert "照片4" in page and "现场检查（勘验）笔录" in page
    assert len(four) == len(one)


def test_after_a_withdrawal_the_team_is_made_up_again_but_never_with_the_officer_who_withdrew(world, investigating,
                                                                                              login):
    recusal = actions.request_recusal(actor=world.u_officer, case=investigating, officer=world.li, source="party",
                                      requested_by_name="赵丽华", reason="李娜系当事人近亲属",
                                      requested_on=timezone.localdate())
    actions.decide_recusal(actor=world.u_head, recusal=recusal, granted=True, decision="同意回避")
    client = login(world.u_officer)
    assert "调整承办人员" in client.get(investigating.get_absolute_url()).content.decode()
    url = reverse("cases:team", args=[investigating.pk])
    back = client.post(url, {"officers": [world.zhang.pk, world.li.pk], "lead": world.zhang.pk})
    assert back.status_code == 422 and "已决定回避的执法人员不得再承办本案：李娜" in back.content.decode()
    sun = world.officer("孙磊", world.nr_team, number="21030009")
    made_up = client.post(url, {"officers": [world.zhang.pk, sun.pk], "lead": world.zhang.pk})
    assert made_up.status_code == 302
    assert {a.officer for a in investigating.assignments.all()} == {world.zhang, sun}
    rec = inquiry(world, investigating, officers=[world.zhang, sun], recorder=sun)
    assert rec.document.values["询问人"] == "张伟（21030001）、孙磊（21030009）"
