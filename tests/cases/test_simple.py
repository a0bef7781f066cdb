"""简易程序 (行政处罚法 第51、52条): started on the spot by two qualified officers, the credential shown, AV
or a reason, the rights told and the party heard, a warning or a fine within 200 / 3,000 yuan, the pre-numbered
当场行政处罚决定书 handed over and signed (or the refusal witnessed), paid in 15 days or collected on the spot
(第68–70条), filed with the agency within its period (an obligation), then archived and read-only."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.cases.conftest import ITEM, hand_in
from tests.conftest import resident_id

from zhifa.cases import actions
from zhifa.cases.models import Case, CaseState, SimpleRecord
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.parties import actions as parties

NOW = timezone.now()


@pytest.fixture
def person(world):
    return parties.record_party(actor=world.u_officer, kind="person", name="王小明", id_kind="resident",
                                id_number=resident_id("21030219800101001"), address="鞍山市铁东区胜利路1号").party


def start(world, party, officers=None, token=None, **kw):
    values = dict(actor=world.u_officer, unit=world.nr_team, token=token or uuid.uuid4().hex, item_code=ITEM,
                  title="擅自占用土地堆放建材", facts="在铁东区胜利路东侧空地擅自堆放建材约20平方米",
                  spot="铁东区胜利路东侧",
                  act_at=NOW - dt.timedelta(hours=1), place=world.tiedong, party=party,
                  officers=officers or [world.zhang, world.li], lead=world.zhang)
    return actions.start_simple_case(**(values | kw))


def at_tell(world, case):
    actions.show_credential(actor=world.u_officer, case=case)
    actions.explain_no_av(actor=world.u_officer, case=case, av_stage="onsite", reason="执法记录仪电量耗尽")
    actions.move(actor=world.u_officer, case=case, target="tell")
    return case


def tell(world, case, fine="200", kinds=("fine",), **kw):
    return actions.tell_rights(actor=world.u_officer, case=case, kinds=list(kinds), fine=Decimal(fine),
                               violated="《中华人民共和国土地管理法》第四十四条",
                               penalty_basis="《中华人民共和国土地管理法》第七十七条", **({"waived": True} | kw))


def decided(world, party, fine="200"):
    case = at_tell(world, start(world, party))
    tell(world, case, fine=fine)
    actions.move(actor=world.u_officer, case=case, target="decide")
    actions.decide_onsite(actor=world.u_officer, case=case, review_body="鞍山市人民政府", court="鞍山市铁东区人民法院")
    return case


# ---------------------------------------------------------------- start


def test_a_simple_case_is_opened_on_the_spot_without_approval(world, person):
    case = start(world, person)
    assert case.process == "punishment_simple" and case.stage == "onsite" and case.opened_on == timezone.localdate()
    assert case.simple.spot == "铁东区胜利路东侧" and [p.party for p in case.party_links.all()] == [person]
    assert str(case) == "擅自占用土地堆放建材（简易程序）"


def test_the_register_form_sends_a_simple_case_to_the_spot(world, person):
    with pytest.raises(RuleViolation) as refused:
        actions.register_case(actor=world.u_officer, unit=world.nr_team, process="punishment_simple",
                              source="inspection", title="案", summary="摘要", item_code=ITEM, place=world.tiedong,
                              act_on=dt.date.today(), officers=[world.zhang, world.li], opinion="建议",
                              parties=[person])
    assert refused.value.field == "process" and "不经立案审批" in str(refused.value)


def test_one_officer_cannot_start_a_simple_case(world, person):
    with pytest.raises(RuleViolation) as refused:
        start(world, person, officers=[world.zhang])
    assert refused.value.field == "officers" and "执法人员不得少于2人" in str(refused.value)
    assert not Case.objects.exists()


def test_an_officer_whose_credential_expired_the_day_before_cannot_start_it(world, person):
    world.li.credentials.update(valid_to=dt.date.today() - dt.timedelta(days=1))
    with pytest.raises(RuleViolation) as refused:
        start(world, person)
    assert "李娜" in str(refused.value) and "执法人员不具备执法资格" in str(refused.value)
    assert not Case.objects.exists()


def test_an_officer_whose_credential_ends_today_still_may(world, person):
    world.li.credentials.update(valid_to=dt.date.today())
    assert start(world, person).stage == "onsite"


def test_the_start_form_sent_twice_starts_one_case(world, person):
    token = uuid.uuid4().hex
    assert start(world, person, token=token).pk == start(world, person, token=token).pk
    assert Case.objects.count() == 1


def test_an_act_in_the_future_is_refused_naming_the_field(world, person):
    with pytest.raises(RuleViolation) as refused:
        start(world, person, act_at=NOW + dt.timedelta(hours=1))
    assert refused.value.field == "act_at" and "违法时间不能晚于现在" in str(refused.value)


# ---------------------------------------------------------------- on the spot


def test_the_credential_and_av_or_a_reason_come_before_the_telling(world, person, store):
    case = start(world, person)
    with pytest.raises(RuleViolation) as refused:
        actions.move(actor=world.u_officer, case=case, target="tell")
    assert "尚未记录向当事人出示执法证件" in str(refused.value)
    actions.show_credential(actor=world.u_officer, case=case)
    assert SimpleRecord.objects.get(case=case).credentials == "张伟（21030001）、李娜（21030002）"
    with pytest.raises(RuleViolation, match="已于"):
        actions.show_credential(actor=world.u_officer, case=case)  # a second tap records nothing more
    with pytest.raises(RuleViolation) as refused:
        actions.move(actor=world.u_officer, case=case, target="tell")
    assert "缺少音像记录" in str(refused.value) and "现场检查" in str(refused.value)
    actions.link_evidence(actor=world.u_officer, case=case, evidence=hand_in(world), av_stage="onsite")
    actions.move(actor=world.u_officer, case=case, target="tell")
    case.refresh_from_db()
    assert case.stage == "tell"


def test_a_written_reason_stands_for_the_missing_av(world, person):
    case = start(world, person)
    actions.show_credential(actor=world.u_officer, case=case)
    with pytest.raises(RuleViolation) as refused:
        actions.explain_no_av(actor=world.u_officer, case=case, av_stage="onsite", reason="  ")
    assert refused.value.field == "reason"
    actions.explain_no_av(actor=world.u_officer, case=case, av_stage="onsite", reason="执法记录仪故障")
    actions.move(actor=world.u_officer, case=case, target="tell")


@pytest.mark.parametrize("amount, ok", [("200", True), ("200.01", False), ("201", False)])
def test_a_person_may_be_fined_up_to_200_yuan_on_the_spot(world, person, amount, ok):
    case = at_tell(world, start(world, person))
    if ok:
        tell(world, case, fine=amount)
        actions.move(actor=world.u_officer, case=case, target="decide")
    else:
        with pytest.raises(RuleViolation) as refused:
            tell(world, case, fine=amount)
        assert refused.value.rule == "行政处罚法 第51条" and refused.value.field == "fine"
        assert "不得超过200元" in str(refused.value) and "第五十一条" in str(refused.value)
        assert SimpleRecord.objects.get(case=case).rights_told_at is None


@pytest.mark.parametrize("amount, ok", [("3000", True), ("3001", False)])
def test_an_organisation_may_be_fined_up_to_3000_yuan_on_the_spot(world, amount, ok):
    case = at_tell(world, start(world, world.company))
    if ok:
        tell(world, case, fine=amount)
        actions.move(actor=world.u_officer, case=case, target="decide")
    else:
        with pytest.raises(RuleViolation) as refused:
            tell(world, case, fine=amount)
        assert refused.value.rule == "行政处罚法 第51条" and "3,000元" in str(refused.value)


def test_a_warning_is_given_on_the_spot_and_other_kinds_are_not(world, person):
    case = at_tell(world, start(world, person))
    with pytest.raises(RuleViolation) as refused:
        tell(world, case, fine="0", kinds=("criticism",))
    assert refused.value.field == "kinds" and "须适用普通程序" in str(refused.value)
    tell(world, case, fine="0", kinds=("warning",))
    actions.move(actor=world.u_officer, case=case, target="decide")


def test_the_party_is_heard_or_gives_it_up(world, person):
    case = at_tell(world, start(world, person))
    with pytest.raises(RuleViolation) as refused:
        tell(world, case, waived=False)
    assert refused.value.field == "statement" and "陈述、申辩" in str(refused.value)
    tell(world, case, waived=False, statement="当事人称建材当天即可清走")
    assert SimpleRecord.objects.get(case=case).statement == "当事人称建材当天即可清走"


# ---------------------------------------------------------------- the decision


def test_the_onsite_decision_is_numbered_handed_over_and_the_filing_opened(world, person):
    case = decided(world, person, fine="50")
    case.refresh_from_db()
    doc = IssuedDocument.objects.get(template="onsite_decision")
    assert doc.number == case.number and "当罚字〔" in doc.number and doc.values["罚款数额"] == "50.00"
    assert doc.values["执法人员"] == "张伟（21030001）、李娜（21030002）" and doc.values["当事人名称"] == "王小明"
    filing = Obligation.objects.get(rule="行政处罚法 第52条")
    assert filing.state == ObligationState.OPEN and filing.assignee == world.u_officer
    with pytest.raises(RuleViolation, match="已制作当场行政处罚决定书"):  # the form sent twice: no second number
        actions.decide_onsite(actor=world.u_officer, case=case, review_body="鞍山市人民政府", court="铁东区法院")
    assert IssuedDocument.objects.filter(template="onsite_decision").count() == 1
    with pytest.raises(RuleViolation) as refused:
        actions.move(actor=world.u_officer, case=case, target="execute")
    assert "尚未交付当事人" in str(refused.value)
    actions.hand_over(actor=world.u_officer, case=case, signed=True)
    case.refresh_from_db()
    assert case.stage == "execute" and case.services.get().document == doc
    assert Obligation.objects.get(rule="行政处罚法 第67条").state == ObligationState.OPEN


def test_a_refusal_to_sign_is_noted_with_a_witness(world, person):
    case = decided(world, person)
    with pytest.raises(RuleViolation) as refused:
        actions.hand_over(actor=world.u_officer, case=case, signed=False, refusal_note="当事人拒绝签名")
    assert refused.value.field == "refusal_note" and "见证人" in str(refused.value)
    actions.hand_over(actor=world.u_officer, case=case, signed=False, refusal_note="当事人拒绝签名",
                      witness="社区工作人员刘某")
    simple = SimpleRecord.objects.get(case=case)
    assert not simple.party_signed and simple.witness == "社区工作人员刘某"
    with pytest.raises(RuleViolation, match="案件现在“执行”环节"):  # the repeat finds the case moved on
        actions.hand_over(actor=world.u_officer, case=case, signed=True)


@pytest.mark.parametrize("fine, ok", [("100", True), ("100.01", False)])
def test_a_fine_of_100_yuan_or_less_may_be_collected_on_the_spot(world, person, fine, ok):
    case = decided(world, person, fine=fine)
    actions.hand_over(actor=world.u_officer, case=case, signed=True)
    if ok:
        payment = actions.record_simple_payment(actor=world.u_officer, case=case, onsite=True, ground="small",
                                                receipt_number="辽财00012345")
        assert payment.fine == Decimal(fine) and SimpleRecord.objects.get(case=case).receipt_number == "辽财00012345"
        assert Obligation.objects.get(rule="行政处罚法 第67条").state == ObligationState.MET
        with pytest.raises(RuleViolation, match="已登记缴纳"):
            actions.record_simple_payment(actor=world.u_officer, case=case, onsite=True, ground="small",
                                          receipt_number="辽财00012345")
    else:
        with pytest.raises(RuleViolation) as refused:
            actions.record_simple_payment(actor=world.u_officer, case=case, onsite=True, ground="small",
                                          receipt_number="辽财00012345")
        assert refused.value.rule == "行政处罚法 第68条" and refused.value.field == "ground"
        # where paying later would be hard to enforce, 第68条第二项 still allows it
        actions.record_simple_payment(actor=world.u_officer, case=case, onsite=True, ground="hard_later",
                                      receipt_number="辽财00012346")


def test_collecting_on_the_spot_needs_the_receipt_number(world, person):
    case = decided(world, person, fine="50")
    actions.hand_over(actor=world.u_officer, case=case, signed=True)
    with pytest.raises(RuleViolation) as refused:
        actions.record_simple_payment(actor=world.u_officer, case=case, onsite=True, ground="small")
    assert refused.value.rule == "行政处罚法 第70条" and refused.value.field == "receipt_number"


def test_filing_meets_its_obligation_and_lets_the_case_be_archived_read_only(world, person):
    case = decided(world, person, fine="50")
    actions.hand_over(actor=world.u_officer, case=case, signed=True)
    actions.record_simple_payment(actor=world.u_officer, case=case, onsite=False, paid_on=dt.date.today())
    actions.move(actor=world.u_officer, case=case, target="file")
    with pytest.raises(RuleViolation) as refused:
        actions.move(actor=world.u_officer, case=case, target="archive")
    assert "尚未报所属行政机关备案" in str(refused.value)
    actions.file_with_agency(actor=world.u_li, case=case, note="已报法规科")
    simple = SimpleRecord.objects.get(case=case)
    assert simple.filed_by == world.u_li and simple.filed_at is not None
    assert Obligation.objects.get(rule="行政处罚法 第52条").state == ObligationState.MET
    with pytest.raises(RuleViolation, match="已于"):
        actions.file_with_agency(actor=world.u_li, case=case)
    actions.move(actor=world.u_officer, case=case, target="archive")
    case.refresh_from_db()
    assert case.state == CaseState.ARCHIVED
    for write in (lambda: actions.file_with_agency(actor=world.u_officer, case=case),
                  lambda: actions.show_credential(actor=world.u_officer, case=case),
                  lambda: tell(world, case),
                  lambda: actions.hand_over(actor=world.u_officer, case=case, signed=True),
                  lambda: actions.record_simple_payment(actor=world.u_officer, case=case, onsite=False,
                                                        paid_on=dt.date.today())):
        with pytest.raises(RuleViolation, match="已归档"):
            write()


def test_an_unpaid_fine_keeps_a_filed_case_from_the_archive(world, person):
    case = decided(world, person, fine="50")
    actions.hand_over(actor=world.u_officer, case=case, signed=True)
    actions.file_with_agency(actor=world.u_li, case=case)  # 备案 does not wait for the 15 days to pay
    with pytest.raises(RuleViolation) as refused:
        actions.move(actor=world.u_officer, case=case, target="file")
    assert refused.value.rule == "行政处罚法 第67条" and "罚款50.00元尚未缴纳" in str(refused.value)
    actions.record_simple_payment(actor=world.u_officer, case=case, onsite=False, paid_on=dt.date.today())
    actions.move(actor=world.u_officer, case=case, target="file")
    assert actions.move(actor=world.u_officer, case=case, target="archive").state == CaseState.ARCHIVED


def test_the_filing_period_is_the_agencys_setting(world, person):
    from zhifa.cases.models import CaseSettings

    CaseSettings.objects.create(agency=world.nr, filing_n=5, filing_unit="day")
    decided(world, person)
    filing = Obligation.objects.get(rule="行政处罚法 第52条")
    assert timezone.localdate(filing.due_at) == dt.date.today() + dt.timedelta(days=5)


# ---------------------------------------------------------------- the pages


def start_data(world, **kw):
    data = {"token": uuid.uuid4().hex, "kind": "person", "name": "李小红",
            "id_number": resident_id("21030219900202002"),
            "unit": world.nr_team.pk, "item_code": ITEM, "title": "擅自占用土地堆放建材",
            "facts": "在胜利路东侧空地堆放建材", "spot": "铁东区胜利路东侧",
            "act_at": timezone.localtime(NOW - dt.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
            "place": world.tiedong.pk, "officers": [world.zhang.pk, world.li.pk]}
    return data | kw


def test_a_case_is_started_on_the_phone_with_a_typed_party_and_the_form_sent_twice_starts_one(world, login):
    client = login(world.u_officer)
    assert client.get(reverse("cases:simple_start")).status_code == 200
    data = start_data(world)
    response = client.post(reverse("cases:simple_start"), data)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:simple", args=[case.pk])
    assert client.post(reverse("cases:simple_start"), data).status_code == 302
    assert Case.objects.count() == 1 and case.party_links.get().party.name == "李小红"
    page = client.get(response["Location"]).content.decode()
    assert "已向当事人出示执法证件" in page and 'id="upload-form"' in page and "capture=" in page
    assert reverse("cases:simple_link", args=[case.pk]) in page  # the upload files the photo with the case


def test_a_party_seen_before_is_found_by_number_not_typed_again(world, person, login):
    client = login(world.u_officer)
    page = client.get(reverse("cases:simple_start"), {"number": person.id_number}).content.decode()
    assert "已登记的当事人" in page and "王小明" in page
    data = start_data(world, party=person.pk, name="", id_number="")
    assert client.post(reverse("cases:simple_start"), data).status_code == 302
    assert Case.objects.get().party_links.get().party == person


def test_a_wrong_id_number_is_refused_beside_its_field_and_nothing_is_written(world, login):
    from zhifa.parties.models import Party

    before = Party.objects.count()
    response = login(world.u_officer).post(reverse("cases:simple_start"),
                                           start_data(world, id_number="210302199002020020"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "校验码" in page or "身份证" in page
    assert not Case.objects.exists() and Party.objects.count() == before


def test_one_officer_on_the_start_page_is_refused_naming_the_rule(world, login):
    response = login(world.u_officer).post(reverse("cases:simple_start"), start_data(world, officers=[world.zhang.pk]))
    assert response.status_code == 422 and "执法人员不得少于2人" in response.content.decode()
    assert not Case.objects.exists()


def test_a_simple_case_is_carried_through_its_stages_on_the_workspace(world, person, login, store):
    case = start(world, person)
    client = login(world.u_officer)
    url = lambda name: reverse(f"cases:{name}", args=[case.pk])  # noqa: E731
    assert client.post(url("simple_credential")).status_code == 302
    again = client.post(url("simple_credential"))  # a second tap
    assert again.status_code == 422 and "已于" in again.content.decode()
    ev = hand_in(world, kind="photo", title="现场照片")
    assert client.post(url("simple_link"), {"evidence": ev.pk}).status_code == 302
    assert case.evidence_links.get().av_stage == "onsite"
    assert client.post(url("simple_move"), {"target": "tell"}).status_code == 302
    tell_data = {"kind": "fine", "fine": "201", "violated": "《土地管理法》第四十四条", "penalty_basis": "第七十七条",
                 "waived": "on"}
    over = client.post(url("simple_tell"), tell_data)
    assert over.status_code == 422 and "不得超过200元" in (text := over.content.decode()) and "第五十一条" in text
    letters = client.post(url("simple_tell"), tell_data | {"fine": "二百"})
    assert letters.status_code == 422 and "罚款数额" in letters.content.decode()
    assert client.post(url("simple_tell"), tell_data | {"fine": "200"}).status_code == 302
    assert client.post(url("simple_move"), {"target": "decide"}).status_code == 302
    decision = {"review_body": "鞍山市人民政府", "court": "鞍山市铁东区人民法院", "payment": ""}
    assert client.post(url("simple_decide"), decision).status_code == 302
    twice = client.post(url("simple_decide"), decision)
    assert twice.status_code == 422 and IssuedDocument.objects.filter(template="onsite_decision").count() == 1
    page = client.get(url("simple")).content.decode()
    doc = IssuedDocument.objects.get(template="onsite_decision")
    assert doc.number in page and "打开 PDF" in page
    pdf = client.post(reverse("documents:download", args=[doc.pk]), {"format": "pdf"})
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.post(url("simple_hand_over"), {"signed": "0", "refusal_note": "拒绝签名"}).status_code == 422
    assert client.post(url("simple_hand_over"), {"signed": "1"}).status_code == 302
    wrong = client.post(url("simple_payment"), {"onsite": "1", "ground": "small", "receipt_number": "辽财001"})
    assert wrong.status_code == 422 and "超过一百元" in wrong.content.decode()
    assert client.post(url("simple_payment"), {"onsite": "1", "ground": "hard_later",
                                               "receipt_number": "辽财001"}).status_code == 302
    assert client.post(url("simple_move"), {"target": "file"}).status_code == 302
    refused = client.post(url("simple_move"), {"target": "archive"})
    assert refused.status_code == 422 and "尚未报所属行政机关备案" in refused.content.decode()
    assert client.post(url("simple_file"), {"note": "已报法规科"}).status_code == 302
    assert client.post(url("simple_move"), {"target": "archive"}).status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.ARCHIVED
    archived = client.post(url("simple_no_av"), {"av_stage": "onsite", "reason": "补记"})
    assert archived.status_code == 422 and "已归档" in archived.content.decode()
    page = client.get(url("simple")).content.decode()
    assert "报所属行政机关备案（张伟）" in page or "已报所属行政机关备案（张伟）" in page
    assert 'id="upload-form"' not in page and "zhangwei" not in page


def test_the_case_page_leads_to_the_workspace(world, person, login):
    case = start(world, person)
    page = login(world.u_officer).get(case.get_absolute_url()).content.decode()
    assert reverse("cases:simple", args=[case.pk]) in page


def test_another_agencys_simple_case_is_not_found(world, person, login):
    case = start(world, person)
    client = login(world.u_zj_head)
    missing = client.get(reverse("cases:simple", args=[case.pk + 1000]))
    assert client.get(reverse("cases:simple", args=[case.pk])).status_code == missing.status_code == 404
    assert client.post(reverse("cases:simple_credential", args=[case.pk])).status_code == 404
    assert SimpleRecord.objects.get(case=case).credential_shown_at is None


def test_a_general_case_has_no_onsite_workspace(world, login):
    from tests.cases.test_case_engine import opened

    case = opened(world)
    assert login(world.u_officer).get(reverse("cases:simple", args=[case.pk])).status_code == 404


def test_a_decision_on_new_years_eve_is_filed_by_the_third_working_day_of_the_new_year(world, person):
    import time_machine

    from zhifa.workdays.calendar import SHANGHAI

    with time_machine.travel(dt.datetime(2026, 12, 31, 10, 0, tzinfo=SHANGHAI), tick=False):
        case = decided(world, person)
        filing = Obligation.objects.get(rule="行政处罚法 第52条")
        # 01-01 is 元旦; 01-02 and 01-03 a weekend: Monday 01-04, 01-05, 01-06
        assert timezone.localdate(filing.due_at) == dt.date(2027, 1, 6)
    with time_machine.travel(dt.datetime(2027, 1, 6, 23, 0, tzinfo=SHANGHAI), tick=False):
        actions.hand_over(actor=world.u_officer, case=case, signed=True)
        actions.file_with_agency(actor=world.u_officer, case=case)
        filing.refresh_from_db()
        assert filing.state == ObligationState.MET and timezone.localdate(filing.met_at) == dt.date(2027, 1, 6)


def test_the_case_page_of_a_simple_case_asks_for_no_approval(world, person, login):
    case = decided(world, person)
    actions.hand_over(actor=world.u_officer, case=case, signed=True)
    page = login(world.u_unit_head).get(case.get_absolute_url()).content.decode()
    assert "立案审批" not in page and "结案审批" not in page and "签署" not in page


def test_a_number_not_found_is_put_in_the_field_it_looks_like(world, login):
    from tests.cases.conftest import uscc

    client = login(world.u_officer)
    code = uscc("91210300MA0QC9999")
    page = client.get(reverse("cases:simple_start"), {"number": code}).content.decode()
    assert "未找到以该号码登记的当事人" in page and f'name="uscc" value="{code}"' in page
    number = resident_id("21030219850505005")
    page = client.get(reverse("cases:simple_start"), {"number": number}).content.decode()
    assert f'name="id_number" value="{number}"' in page


def test_the_case_list_offers_the_onsite_start(world, login):
    page = login(world.u_officer).get(reverse("cases:list")).content.decode()
    assert reverse("cases:simple_start") in page
