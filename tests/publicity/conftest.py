"""A 行政处罚 decision of 鞍山市自然资源局 against a natural person, whose notice was left with a witness and whose
facts name that witness, a phone number and an ID; and the agency's 公示审核员 孙丽."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from tests.cases.conftest import investigated, store, world  # noqa: F401  (fixtures)
from tests.conftest import resident_id

from zhifa.agencies.models import Person, Role
from zhifa.cases import actions
from zhifa.parties import actions as parties
from zhifa.workdays.calendar import SHANGHAI

WITNESS = "孙建国"
PARTY_ID = resident_id("21030219800101123")
WITNESS_ID = resident_id("21030319751203456")
FACTS = (f"当事人于2026年3月在铁东区某村未经批准占用集体土地1200平方米建设厂房。见证人{WITNESS}（身份证号{WITNESS_ID}，"
         "联系电话138-4123-5678）证实该厂房由当事人出资建设；当事人另留电话0412 5551234，车辆辽C·D12345停于现场")


@pytest.fixture
def reviewer(world):  # noqa: F811
    return world.user("sunli", [(world.nr, Role.PUBLICITY)], person=Person.objects.create(name="孙丽"))


@pytest.fixture
def person_party(world):  # noqa: F811
    return parties.record_party(actor=world.u_officer, kind="person", name="王大山", id_kind="resident",
                                id_number=PARTY_ID, address="辽宁省鞍山市铁东区胜利路12号3单元401室",
                                phone="13904121234").party


@pytest.fixture
def decided(world, person_party, store):  # noqa: F811
    today = dt.datetime.now(SHANGHAI).date()
    case = investigated(world, title="王大山未经批准占用土地案", parties=[person_party])
    actions.move(actor=world.u_officer, case=case, target="notify")
    notice = actions.issue_notice(
        actor=world.u_officer, case=case, kinds=["fine"], fine=Decimal("500"), confiscated=Decimal(0), facts=FACTS,
        evidence="现场检查笔录、现场照片、证人证言", violated="《中华人民共和国土地管理法》第四十四条",
        penalty_basis="《中华人民共和国土地管理法》第七十七条", reason="属一般情节", contact="张伟 0412-2220000",
        agency_address="鞍山市铁东区某街1号")
    actions.record_service(actor=world.u_officer, case=case, document=notice.document, method="left",
                           served_on=today, witness=WITNESS, reason="当事人拒绝签收")
    actions.move(actor=world.u_officer, case=case, target="statement")
    actions.record_statement(actor=world.u_officer, case=case, received_on=today, waived=True)
    actions.move(actor=world.u_officer, case=case, target="decide")
    actions.propose_decision(actor=world.u_officer, case=case, kinds=["fine"], fine=Decimal("500"),
                             confiscated=Decimal(0), outside_reason="参照同类案件")
    doc = actions.decide(actor=world.u_head, case=case, statement_summary="当事人放弃陈述申辩", reason="属一般情节",
                         performance="自收到本决定书之日起十五日内缴纳罚款", payment="鞍山市财政局非税收入专户",
                         review_body="鞍山市人民政府", court="鞍山市铁东区人民法院")
    case.refresh_from_db()
    return case, doc
