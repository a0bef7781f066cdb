"""行政征收征用 and 行政收费: a case on an item of the 事项清单 carrying its basis (and, for 收费, its 收费标准), the
amount computed from base and standard and shown with its formula, the head's numbered 征收决定书 / 征用决定书 /
收费通知书 with the remedies, served through the cases' one service record (which sets the day it falls due),
and settled against a receipt — which closes the case. Bad input is refused in Chinese, nothing half-written."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.cases.test_case_engine import hand_in
from tests.conftest import resident_id

from zhifa.agencies.models import ActionKind, Credential, Role
from zhifa.cases import actions, levy_rules, rules
from zhifa.cases.models import Case, CaseState, Levy
from zhifa.catalog import actions as catalog
from zhifa.catalog.models import Article, LegalDocument, ListKind
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.ledger.models import Entry
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.parties import actions as parties

IDLE, FEE, REQUISITION = "ZR-ZS-001", "ZR-SF-001", "ZR-ZY-001"
FEES = "住宅类不动产登记每件80元，非住宅类不动产登记每件550元"
NAMES = {IDLE: "土地闲置费征收", FEE: "不动产登记费收取", REQUISITION: "抢险救灾临时征用"}
ALL_KINDS = [k.value for k in ActionKind if k != ActionKind.OTHER]


@pytest.fixture
def levies(world):
    """The items list republished with a 征收 item (土地闲置费), a 收费 item with its standard and a 征用 item;
    张伟 and 李娜 qualified for 征收 and 收费."""
    rule = LegalDocument.objects.create(name="闲置土地处置办法", short_name="闲置土地处置办法", kind="rule",
                                        issuing_body="国土资源部", in_force_from=dt.date(2012, 7, 1))
    a14 = Article.objects.create(document=rule, seq=14, text="按照土地出让或者划拨价款的百分之二十征缴土地闲置费",
                                 is_summary=True)
    code = LegalDocument.objects.create(name="中华人民共和国民法典", short_name="民法典", kind="law",
                                        issuing_body="全国人民代表大会", in_force_from=dt.date(2021, 1, 1))
    a223 = Article.objects.create(document=code, seq=223, text="不动产登记费按件收取", is_summary=True)
    common = {"handling_unit": world.nr_team, "domain": world.d_nr}
    for item, kind, articles, fees in ((IDLE, ActionKind.EXPROPRIATION, [a14], "按出让价款的20%征缴"),
                                       (FEE, ActionKind.CHARGE, [a223], FEES),
                                       (REQUISITION, ActionKind.EXPROPRIATION, [a14], "")):
        catalog.save_entry(actor=world.u_head, agency=world.nr, kind=ListKind.ITEMS, articles=articles, code=item,
                           name=NAMES[item], action_kind=kind, fees=fees, **common)
    catalog.submit_list(actor=world.u_head, agency=world.nr, kind=ListKind.ITEMS)
    catalog.publish_list(actor=world.user("nr_head3", [(world.nr, Role.AGENCY_HEAD)]), agency=world.nr,
                         kind=ListKind.ITEMS, note="新增征收、收费事项")
    Credential.objects.filter(officer__in=[world.zhang, world.li]).update(action_kinds=ALL_KINDS)
    world.person = parties.record_party(
        actor=world.u_officer, kind="person", name="王小明", id_kind="resident",
        id_number=resident_id("21030219800101001"), address="鞍山市铁东区胜利路1号").party
    return world


def start(w, process="expropriation", item=IDLE, kind=None, party=None, **kw):
    values = dict(actor=w.u_officer, unit=w.nr_team, token=uuid.uuid4().hex, process=process,
                  kind=kind or ("charge" if process == "charge" else "expropriate"), item_code=item,
                  title="某地块土地闲置费征收" if process != "charge" else "住宅转移登记收费",
                  facts="约定2024年9月1日前动工开发，至今未动工，闲置满一年", act_on=dt.date(2024, 9, 1),
                  place=w.tiedong, officers=[w.zhang, w.li], party=party or w.company, lead=w.zhang)
    return actions.start_levy_case(**(values | kw))


def idle_land(w, case, price="8600000", rate="20"):
    return actions.assess_levy(actor=w.u_officer, case=case, base_label="土地出让价款", base=Decimal(price),
                               base_unit="元", rate=Decimal(rate), rate_unit="percent",
                               standard="按照土地出让价款的百分之二十征缴")


def decided(w, case, **kw):
    actions.move(actor=w.u_officer, case=case, target="levy_decision")
    return actions.decide_levy(actor=w.u_head, case=case, performance="缴入鞍山市财政局非税收入专户",
                               review_body="鞍山市人民政府", court="鞍山市铁东区人民法院", **kw)


def served(w, case, doc, on=None):
    actions.record_service(actor=w.u_officer, case=case, document=doc, method="direct",
                           served_on=on or timezone.localdate(), recipient="李明")
    actions.move(actor=w.u_officer, case=case, target="settle")


def receipt_of(w, case):
    ev = hand_in(w, kind="scan", title="缴款回单")
    actions.link_evidence(actor=w.u_officer, case=case, evidence=ev)
    return ev


# ---------------------------------------------------------------- the amount and how it was computed


@pytest.mark.parametrize("base, rate, unit, amount, formula", [
    ("8600000", "20", "percent", "1720000.00", "土地出让价款 8,600,000元 × 20% = 1,720,000.00元"),
    ("1234567.89", "20", "percent", "246913.58", "土地出让价款 1,234,567.89元 × 20% = 246,913.58元"),  # half up
    ("3", "550", "per_unit", "1650.00", "土地出让价款 3元 × 550元/元 = 1,650.00元"),
])
def test_an_amount_is_base_times_standard_to_the_fen(base, rate, unit, amount, formula):
    a = levy_rules.assess(base_label="土地出让价款", base=Decimal(base), base_unit="元", rate=Decimal(rate),
                          rate_unit=unit)
    assert a.amount == Decimal(amount) and a.formula == formula


def test_an_idle_land_fee_is_computed_stored_and_shown_with_its_basis(levies, login):
    case = start(levies)
    levy = idle_land(levies, case)
    levy.refresh_from_db()
    assert (levy.amount, levy.base, levy.rate) == (Decimal("1720000.00"), Decimal(8600000), Decimal(20))
    assert levy.formula == "土地出让价款 8,600,000元 × 20% = 1,720,000.00元"
    assert "闲置土地处置办法" in levy.basis and "十四" in levy.basis
    entry = Entry.objects.filter(kind="case.levy_assessed").get()
    assert '"amount":"1720000.00"' in entry.payload.replace(" ", "")
    page = login(levies.u_officer).get(case.get_absolute_url()).content.decode()
    assert "1,720,000.00 元" in page and "1,720,000.00元" in page
    assert levy.basis in page and "按照土地出让价款的百分之二十征缴" in page


def test_a_charge_takes_its_standard_from_the_catalog_item_and_shows_it(levies, login):
    case = start(levies, "charge", FEE, party=levies.person)
    assert case.levy.standard == FEES
    client = login(levies.u_officer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "收费标准" in page and FEES in page and 'name="standard"' not in page  # shown, not typed
    response = client.post(reverse("cases:levy_assess", args=[case.pk]), {
        "base_label": "登记件数", "base": "1", "base_unit": "件", "rate": "80", "rate_unit": "per_unit"})
    assert response.status_code == 302
    case.levy.refresh_from_db()
    assert case.levy.amount == Decimal("80.00") and case.levy.standard == FEES
    assert "登记件数 1件 × 80元/件 = 80.00元" in client.get(case.get_absolute_url()).content.decode()


# ---------------------------------------------------------------- the whole way


def test_a_levy_is_decided_served_paid_against_its_receipt_and_closed(levies, login):
    case = start(levies)
    idle_land(levies, case)
    doc = decided(levies, case)
    case.refresh_from_db()
    assert doc.template == "levy_decision" and doc.title == "征收决定书" and case.number == doc.number
    assert case.stage == "levy_service" and "征决字" in doc.number
    text = "".join(str(v) for v in doc.values.values())
    assert "1,720,000.00" in text and "土地出让价款 8,600,000元 × 20%" in text and "闲置土地处置办法" in text
    assert "自收到本决定书之日起30日内" in doc.values["履行"]
    today = timezone.localdate()
    served(levies, case, doc, on=today)
    case.levy.refresh_from_db()
    due = levy_rules.payment_due("expropriate", today, 0)
    assert case.levy.due_on == due.last_day
    ob = Obligation.objects.get(rule="闲置土地处置办法 第十七条")
    assert ob.state == ObligationState.OPEN
    client = login(levies.u_officer)
    page = client.get(case.get_absolute_url()).content.decode()
    review_end, lawsuit_end = (d.date for d in rules.remedy_periods(today))
    assert f"{review_end:%Y-%m-%d} 前申请行政复议" in page and f"{lawsuit_end:%Y-%m-%d} 前提起行政诉讼" in page
    ev = receipt_of(levies, case)
    response = client.post(reverse("cases:levy_settle", args=[case.pk]), {
        "settled_on": today.isoformat(), "amount": "1720000.00", "receipt": ev.pk, "receipt_number": "辽财非税001"})
    assert response.status_code == 302
    case.refresh_from_db()
    ob.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.stage == "close" and ob.state == ObligationState.MET
    assert "辽财非税001" in client.get(case.get_absolute_url()).content.decode()
    actions.move(actor=levies.u_officer, case=case, target="archive")
    case.refresh_from_db()
    assert case.state == CaseState.ARCHIVED
    with pytest.raises(RuleViolation, match="已归档"):
        actions.assess_levy(actor=levies.u_officer, case=case, base_label="x", base=Decimal(1), base_unit="元",
                            rate=Decimal(1), rate_unit="percent", standard="x")


def test_a_requisition_is_decided_by_its_own_document_and_compensated(levies):
    case = start(levies, item=REQUISITION, kind="requisition", title="抢险临时征用挖掘机")
    actions.assess_levy(actor=levies.u_officer, case=case, base_label="征用台班", base=Decimal(4), base_unit="台班",
                        rate=Decimal("1200"), rate_unit="per_unit", standard="按市场台班价格每台班1200元补偿")
    doc = decided(levies, case)
    assert doc.title == "征用决定书" and "征用字" in doc.number
    served(levies, case, doc)
    assert not Obligation.objects.filter(rule__in=(levy_rules.IDLE_LAND_PAYMENT_RULE,
                                                   levy_rules.CHARGE_PAYMENT_RULE)).exists()
    actions.record_settlement(actor=levies.u_officer, case=case, settled_on=timezone.localdate(),
                              amount=Decimal("4800.00"), receipt=receipt_of(levies, case))
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED


@pytest.fixture
def on_20_november(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False)  # a Friday


def test_a_charge_notice_names_its_period_and_the_payment_is_due_then(on_20_november, levies):
    case = start(levies, "charge", FEE, party=levies.person)
    actions.assess_levy(actor=levies.u_officer, case=case, base_label="登记件数", base=Decimal(2), base_unit="件",
                        rate=Decimal(550), rate_unit="per_unit")
    doc = decided(levies, case, charge_days=10)
    assert doc.title == "收费通知书" and doc.values["履行"].startswith("自收到本通知书之日起10日内")
    served(levies, case, doc, on=dt.date(2026, 11, 20))
    case.levy.refresh_from_db()
    assert case.levy.due_on == dt.date(2026, 11, 30)  # a Monday
    assert Obligation.objects.get(rule="收费通知书 缴费期限").due_at.date() == dt.date(2026, 11, 30)


@pytest.mark.parametrize("served_on, last_day", [
    (dt.date(2026, 11, 2), dt.date(2026, 12, 2)),   # 30 days to a Wednesday
    (dt.date(2026, 9, 1), dt.date(2026, 10, 8)),    # 10-01 falls in 国庆 (1–7 October): the first working day after
    (dt.date(2026, 9, 5), dt.date(2026, 10, 8)),    # 10-05, inside the holiday too
    (dt.date(2026, 9, 10), dt.date(2026, 10, 10)),  # 10-10 is a 调休 Saturday, a working day: it ends there
    (dt.date(2026, 12, 2), dt.date(2027, 1, 4)),    # year-end: 1 January, then a weekend
])
def test_the_idle_land_fee_is_due_thirty_days_after_service_moved_past_a_holiday(db, served_on, last_day):
    due = levy_rules.payment_due("expropriate", served_on, 0)
    assert due is not None and due.last_day == last_day and due.rule == "闲置土地处置办法 第十七条"


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("base, rate, field, message", [
    ("0", "20", "base", "计征基数须大于零"),
    ("-100", "20", "base", "计征基数须大于零"),
    ("8600000", "0", "rate", "标准须大于零"),
    ("8600000", "-5", "rate", "标准须大于零"),
    ("8600000", "120", "rate", "不能超过100%"),
])
def test_a_zero_or_negative_amount_is_refused_and_nothing_is_written(levies, base, rate, field, message):
    case = start(levies)
    with pytest.raises(RuleViolation, match=message) as refused:
        idle_land(levies, case, price=base, rate=rate)
    assert refused.value.field == field
    assert Levy.objects.get(case=case).amount is None and not Entry.objects.filter(kind="case.levy_assessed")


def test_the_assessment_page_says_why_a_zero_base_is_refused(levies, login):
    case = start(levies)
    response = login(levies.u_officer).post(reverse("cases:levy_assess", args=[case.pk]), {
        "base_label": "土地出让价款", "base": "0", "base_unit": "元", "rate": "20", "rate_unit": "percent",
        "standard": "按20%"})
    assert response.status_code == 422 and "计征基数须大于零" in response.content.decode()


def test_no_levy_without_a_basis(levies, monkeypatch):
    """The list refuses an item without an article; a list entry that still carries none (an older version,
    an import) starts nothing; and a 征收's standard must be written."""
    with pytest.raises(RuleViolation, match="必须引用至少一条法律依据"):
        catalog.save_entry(actor=levies.u_head, agency=levies.nr, kind=ListKind.ITEMS, articles=[], code="ZR-ZS-009",
                           name="某项征收", action_kind=ActionKind.EXPROPRIATION, handling_unit=levies.nr_team,
                           domain=levies.d_nr)
    from zhifa.cases.actions import levy as levy_actions

    found = levy_actions.item_in_force
    monkeypatch.setattr(levy_actions, "item_in_force", lambda *a: {**found(*a), "basis": []})
    with pytest.raises(RuleViolation, match="未载明法律依据") as refused:
        start(levies)
    assert refused.value.field == "item_code" and not Case.objects.filter(process="expropriation").exists()
    monkeypatch.setattr(levy_actions, "item_in_force", found)
    case = start(levies)
    with pytest.raises(RuleViolation, match="标准不能为空"):
        actions.assess_levy(actor=levies.u_officer, case=case, base_label="土地出让价款", base=Decimal(1000),
                            base_unit="元", rate=Decimal(20), rate_unit="percent", standard=" ")


def test_a_punishment_item_cannot_start_a_levy(levies):
    with pytest.raises(RuleViolation, match="不是行政征收征用事项"):
        start(levies, item="ZR-CF-001")


def test_a_date_in_the_future_is_refused(levies):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(RuleViolation, match="事由发生日期不能晚于今天"):
        start(levies, act_on=tomorrow)
    case = start(levies)
    idle_land(levies, case)
    served(levies, case, decided(levies, case))
    with pytest.raises(RuleViolation, match="缴纳（支付）日期不能晚于今天"):
        actions.record_settlement(actor=levies.u_officer, case=case, settled_on=tomorrow,
                                  amount=Decimal("1720000.00"), receipt=receipt_of(levies, case))


def test_a_settlement_must_be_the_amount_against_a_receipt_of_the_case(levies):
    case = start(levies)
    idle_land(levies, case)
    served(levies, case, decided(levies, case))
    today = timezone.localdate()
    with pytest.raises(RuleViolation, match=r"应缴纳 1,720,000\.00 元，登记的是 1,000\.00 元"):
        actions.record_settlement(actor=levies.u_officer, case=case, settled_on=today, amount=Decimal(1000),
                                  receipt=receipt_of(levies, case))
    loose = hand_in(levies, kind="scan", title="别的回单")
    with pytest.raises(RuleViolation, match="凭证须先登记为本案证据"):
        actions.record_settlement(actor=levies.u_officer, case=case, settled_on=today,
                                  amount=Decimal("1720000.00"), receipt=loose)
    case.refresh_from_db()
    assert case.stage == "settle" and case.levy.settled_on is None


def test_a_case_cannot_move_on_before_its_amount_or_its_service(levies):
    case = start(levies)
    with pytest.raises(RuleViolation, match="尚未核定数额"):
        actions.move(actor=levies.u_officer, case=case, target="levy_decision")
    idle_land(levies, case)
    decided(levies, case)
    with pytest.raises(RuleViolation, match="尚未送达"):
        actions.move(actor=levies.u_officer, case=case, target="settle")


def test_only_the_head_decides_and_only_once(levies):
    from django.core.exceptions import PermissionDenied

    case = start(levies)
    idle_land(levies, case)
    actions.move(actor=levies.u_officer, case=case, target="levy_decision")
    with pytest.raises(PermissionDenied):
        actions.decide_levy(actor=levies.u_officer, case=case, performance="缴入专户", review_body="鞍山市人民政府",
                            court="鞍山市铁东区人民法院")
    assert not IssuedDocument.objects.filter(template="levy_decision").exists()
    decided_doc = actions.decide_levy(actor=levies.u_head, case=case, performance="缴入专户",
                                      review_body="鞍山市人民政府", court="鞍山市铁东区人民法院")
    with pytest.raises(RuleViolation):
        actions.decide_levy(actor=levies.u_head, case=case, performance="缴入专户", review_body="鞍山市人民政府",
                            court="鞍山市铁东区人民法院")
    assert IssuedDocument.objects.filter(template="levy_decision").get() == decided_doc


def test_the_start_form_sent_twice_starts_one_case(levies, login):
    client = login(levies.u_officer)
    data = {"token": uuid.uuid4().hex, "unit": levies.nr_team.pk, "kind": "expropriate", "item_code": IDLE,
            "party": levies.company.pk, "title": "某地块土地闲置费征收", "facts": "闲置满一年",
            "act_on": "2024-09-01", "place": levies.tiedong.pk, "officers": [levies.zhang.pk, levies.li.pk]}
    first = client.post(reverse("cases:levy_start_expropriation"), data)
    second = client.post(reverse("cases:levy_start_expropriation"), data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Case.objects.filter(process="expropriation").count() == 1


def test_the_start_pages_offer_only_their_own_items_and_refuse_in_chinese(levies, login):
    client = login(levies.u_officer)
    page = client.get(reverse("cases:levy_start_charge")).content.decode()
    assert FEE in page and IDLE not in page and "ZR-CF-001" not in page
    page = client.get(reverse("cases:levy_start_expropriation")).content.decode()
    assert IDLE in page and "征用" in page and FEE not in page
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(reverse("cases:levy_start_charge"), {
        "token": uuid.uuid4().hex, "unit": levies.nr_team.pk, "kind": "charge", "item_code": FEE,
        "party": levies.person.pk, "title": "收费", "facts": "申请登记", "act_on": tomorrow,
        "place": levies.tiedong.pk, "officers": [levies.zhang.pk, levies.li.pk]})
    assert response.status_code == 422 and "事由发生日期不能晚于今天" in response.content.decode()
    assert not Case.objects.exists()
    assert "征收征用" in client.get(reverse("cases:list")).content.decode()


def test_another_agencys_levy_case_is_not_found(levies, login):
    case = start(levies)
    client = login(levies.u_ly_head)
    assert client.get(case.get_absolute_url()).status_code == 404
    for name in ("levy_assess", "levy_decide", "levy_settle"):
        assert client.post(reverse(f"cases:{name}", args=[case.pk]), {}).status_code == 404
    assert Levy.objects.get(case=case).amount is None


def test_the_public_guide_of_a_charge_shows_its_standard_and_its_flow_chart(levies, client):
    page = client.get(f"/portal/agencies/{levies.nr.pk}/items/{FEE}/guide/").content.decode()
    assert FEES in page and "行政收费" in page and "核定数额" in page
    svg = client.get("/catalog/flow/expropriation.svg").content.decode()
    assert "缴纳或补偿" in svg and "征收收费" not in svg  # the guards' rules in words, never their codes
