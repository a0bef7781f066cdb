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
    assert case.state == CaseState.ACTIVE and case.stage == "settle"  # paid, but the digger is not back
    with pytest.raises(RuleViolation, match="尚未登记被征用财产的返还"):
        actions.move(actor=levies.u_officer, case=case, target="close")
    actions.record_return(actor=levies.u_officer, case=case, returned_on=timezone.localdate(), state="damaged",
                          note="左侧履带轻微磨损，已按评估价值计入补偿")
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert (case.levy.return_state, case.levy.settled_amount) == ("damaged", Decimal("4800.00"))


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


def test_a_settlement_is_never_more_than_is_owed_and_needs_a_receipt_of_the_case(levies):
    case = start(levies)
    idle_land(levies, case)
    served(levies, case, decided(levies, case))
    today = timezone.localdate()
    with pytest.raises(RuleViolation, match=r"尚欠 1,720,000\.00 元，登记的是 1,720,000\.01 元"):
        actions.record_settlement(actor=levies.u_officer, case=case, settled_on=today,
                                  amount=Decimal("1720000.01"), receipt=receipt_of(levies, case))
    loose = hand_in(levies, kind="scan", title="别的回单")
    with pytest.raises(RuleViolation, match="凭证须先登记为本案证据"):
        actions.record_settlement(actor=levies.u_officer, case=case, settled_on=today,
                                  amount=Decimal("1720000.00"), receipt=loose)
    with pytest.raises(RuleViolation, match="数额须大于零"):
        actions.record_settlement(actor=levies.u_officer, case=case, settled_on=today, amount=Decimal(0),
                                  receipt=receipt_of(levies, case))
    case.refresh_from_db()
    assert case.stage == "settle" and case.levy.settled_on is None and not case.levy.payments.exists()


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


# ---------------------------------------------------------------- paid late, in parts, urged and taken to court


LATE_BASIS = "《鞍山市非税收入管理办法》第二十条"


@pytest.fixture
def on_2_march(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC), tick=False)  # a Monday
    return time_machine


def late_charge(w, rate="0.05"):
    """A 1,100 元 registration fee, its notice with a daily 滞纳金 of ``rate`` %, served on Monday 2 March 2026:
    15 days from the 3rd, so due on Tuesday 17 March."""
    case = start(w, "charge", FEE)
    actions.assess_levy(actor=w.u_officer, case=case, base_label="登记件数", base=Decimal(2), base_unit="件",
                        rate=Decimal(550), rate_unit="per_unit")
    doc = decided(w, case, charge_days=15, late_kind="late_fee", late_rate=Decimal(rate), late_basis=LATE_BASIS)
    served(w, case, doc, on=dt.date(2026, 3, 2))
    case.levy.refresh_from_db()
    assert case.levy.due_on == dt.date(2026, 3, 17)
    return case, doc


@pytest.mark.parametrize("on, rate, late, days, capped", [
    (dt.date(2026, 3, 17), "0.05", "0", 0, False),       # the last day: nothing yet
    (dt.date(2026, 3, 18), "0.05", "0.55", 1, False),    # the day after: 1,100 × 0.05%
    (dt.date(2026, 4, 19), "3", "1089.00", 33, False),   # 33 days × 33 元
    (dt.date(2026, 4, 20), "3", "1100.00", 34, True),    # 34 × 33 = 1,122: never above the amount (第45条)
])
def test_the_late_fee_runs_from_the_day_after_the_due_day_and_never_exceeds_the_amount(db, on, rate, late, days,
                                                                                        capped):
    b = levy_rules.balance(amount=Decimal(1100), due_on=dt.date(2026, 3, 17), late_rate=Decimal(rate), payments=[],
                           on=on)
    assert (b.late, b.late_days, b.capped, b.owed) == (Decimal(late), days, capped, Decimal(1100) + Decimal(late))


def test_the_charge_notice_tells_the_late_fee_and_its_basis(on_2_march, levies):
    _case, doc = late_charge(levies)
    assert f"依照{LATE_BASIS}的规定，自逾期之日起每日按未缴数额的0.05%加处滞纳金" in doc.values["履行"]
    assert "不超出应缴数额" in doc.values["履行"]


@pytest.mark.parametrize("kw, field, message", [
    ({"late_kind": "late_fee", "late_rate": Decimal("0.05")}, "late_basis", "请写明规定加处罚款或者滞纳金的法律依据"),
    ({"late_kind": "late_fee", "late_rate": Decimal("3.01"), "late_basis": LATE_BASIS}, "late_rate",
     "每日加处比例应大于0且不超过3%"),
    ({"late_kind": "late_fee", "late_rate": Decimal(0), "late_basis": LATE_BASIS}, "late_rate", "应大于0"),
    ({"late_kind": "late_fee", "late_basis": LATE_BASIS}, "late_rate", "请填写每日加处比例"),
])
def test_a_late_fee_without_its_basis_or_beyond_three_percent_is_refused(levies, kw, field, message):
    case = start(levies, "charge", FEE)
    actions.assess_levy(actor=levies.u_officer, case=case, base_label="登记件数", base=Decimal(1), base_unit="件",
                        rate=Decimal(80), rate_unit="per_unit")
    with pytest.raises(RuleViolation, match=message) as refused:
        decided(levies, case, **kw)
    assert refused.value.field == field
    case.refresh_from_db()
    assert case.levy.decision_id is None and case.number == ""


def test_a_requisition_bears_no_late_fee(levies):
    case = start(levies, item=REQUISITION, kind="requisition", title="抢险临时征用挖掘机")
    actions.assess_levy(actor=levies.u_officer, case=case, base_label="征用台班", base=Decimal(4), base_unit="台班",
                        rate=Decimal("1200"), rate_unit="per_unit", standard="每台班1200元")
    with pytest.raises(RuleViolation, match="征用由本机关支付补偿，不加处罚款或者滞纳金"):
        decided(levies, case, late_kind="late_fee", late_rate=Decimal("0.05"), late_basis=LATE_BASIS)


def test_parts_paid_are_summed_with_the_late_fee_on_the_unpaid_part_until_nothing_is_owed(on_2_march, levies,
                                                                                         login):
    case, _doc = late_charge(levies)
    url = reverse("cases:levy_settle", args=[case.pk])
    on_2_march.move_to(dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC), tick=False)
    client = login(levies.u_officer)
    first = receipt_of(levies, case)
    response = client.post(url, {"settled_on": "2026-03-10", "amount": "600", "receipt": first.pk,
                                 "receipt_number": "辽财非税001"})
    assert response.status_code == 302
    on_2_march.move_to(dt.datetime(2026, 3, 20, 2, 0, tzinfo=dt.UTC), tick=False)
    client = login(levies.u_officer)  # a session lasts a working day
    page = client.get(case.get_absolute_url()).content.decode()
    # 500 元 unpaid on 18, 19 and 20 March: 500 × 0.05% × 3 = 0.75
    assert "滞纳金 0.75 元（逾期 3 日）" in page and "尚欠 500.75 元" in page and "已逾期" in page
    second = receipt_of(levies, case)
    response = client.post(url, {"settled_on": "2026-03-20", "amount": "500.76", "receipt": second.pk})
    assert response.status_code == 422
    assert "截至2026年3月20日尚欠 500.75 元（含滞纳金 0.75 元），登记的是 500.76 元" in response.content.decode()
    response = client.post(url, {"settled_on": "2026-03-09", "amount": "100", "receipt": second.pk})
    assert "缴纳（支付）日期不能早于上一笔（2026年3月10日）" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.ACTIVE and case.levy.payments.count() == 1
    assert client.post(url, {"settled_on": "2026-03-20", "amount": "500.75", "receipt": second.pk}).status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.levy.settled_amount == Decimal("1100.75")
    assert [p.amount for p in case.levy.payments.all()] == [Decimal(600), Decimal("500.75")]
    assert Obligation.objects.get(rule="收费通知书 缴费期限").state == ObligationState.MET


def test_an_unpaid_charge_is_urged_then_taken_to_court_ten_working_days_after_the_urge(on_2_march, levies, login):
    """Served 2 March; the lawsuit period ends on 2 September, so the court may be applied to from the 3rd. The
    催告 served on Thursday 10 September: its 10 working days are 11, 14–18, the 调休 Sunday 20, 21, 22 and 23
    September — so the 23rd is refused and the 24th allowed (行政强制法 第53、54条)."""
    case, _doc = late_charge(levies)
    urge = dict(actor=levies.u_officer, case=case, performance="缴入非税收入专户", contact="张伟 0412-5550201",
                agency_address="鞍山市铁东区胜利南路1号")
    on_2_march.move_to(dt.datetime(2026, 3, 17, 2, 0, tzinfo=dt.UTC), tick=False)
    with pytest.raises(RuleViolation, match="尚未逾期或者已缴清，无需催告"):
        actions.issue_urge(**urge)
    on_2_march.move_to(dt.datetime(2026, 9, 10, 2, 0, tzinfo=dt.UTC), tick=False)
    client = login(levies.u_officer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert f'action="{reverse("cases:urge", args=[case.pk])}"' in page
    assert client.post(reverse("cases:urge", args=[case.pk]), {
        "performance": "缴入非税收入专户", "contact": "张伟 0412-5550201",
        "agency_address": "鞍山市铁东区胜利南路1号"}).status_code == 302
    notice = case.urges.get().document
    assert "未缴1,100.00元、滞纳金97.35元（截至2026年9月10日），合计1,197.35元" in notice.values["应缴金额"]
    actions.record_service(actor=levies.u_officer, case=case, document=notice, method="direct",
                           served_on=dt.date(2026, 9, 10), recipient="李明")
    court = reverse("cases:court", args=[case.pk])
    on_2_march.move_to(dt.datetime(2026, 9, 23, 2, 0, tzinfo=dt.UTC), tick=False)
    head = login(levies.u_head)
    response = head.post(court, {"applied_on": "2026-09-23", "court": "鞍山市铁东区人民法院"})
    assert response.status_code == 422 and "催告书送达满10个工作日后当事人仍未履行的，方可申请，最早为2026年9月24日" \
        in response.content.decode()
    assert not IssuedDocument.objects.filter(template="enforcement_application").exists()
    on_2_march.move_to(dt.datetime(2026, 9, 24, 2, 0, tzinfo=dt.UTC), tick=False)
    head = login(levies.u_head)
    assert head.post(court, {"applied_on": "2026-09-24", "court": "鞍山市铁东区人民法院"}).status_code == 302
    application = case.court_application
    assert application.applied_on == dt.date(2026, 9, 24)
    actions.record_court_ruling(actor=levies.u_officer, case=case, ruling="granted", ruled_on=dt.date(2026, 9, 24),
                                ruling_court="鞍山市铁东区人民法院")
    page = head.get(case.get_absolute_url()).content.decode()
    assert "2026-09-24 向鞍山市铁东区人民法院申请" in page and "准予执行" in page
