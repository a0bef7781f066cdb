"""A major case of 鞍山市自然资源局 at 作出决定 (a 150,000 元 fine the review catalogue marks for review), and its
legal unit's registered reviewers with logins."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from tests.cases.conftest import store, world  # noqa: F401  (fixtures)
from tests.cases.test_case_notice import notify

from zhifa.agencies import actions as agencies
from zhifa.agencies.models import Role
from zhifa.cases import actions
from zhifa.catalog import actions as catalog
from zhifa.catalog.models import Article, ListKind
from zhifa.review import actions as review
from zhifa.review.rules import POINTS
from zhifa.workdays.calendar import SHANGHAI

TODAY = dt.datetime.now(SHANGHAI).date()
TEXTS = {"statement_summary": "当事人提出罚款过高，经复核不予采纳", "reason": "占用耕地面积较大",
         "performance": "自收到本决定书之日起十五日内缴纳罚款", "payment": "鞍山市财政局非税收入专户",
         "review_body": "鞍山市人民政府", "court": "鞍山市铁东区人民法院"}
APPLICATION = {"contact": "张伟", "phone": "0412-0000000", "summary": "未经批准占用集体土地1200平方米建设厂房",
               "proposed": "罚款150,000元，依据《中华人民共和国土地管理法》第七十七条", "unit_head": "王某某"}


def review_catalogue(world):  # noqa: F811
    from django.contrib.auth import get_user_model

    catalog.save_entry(actor=world.u_head, agency=world.nr, kind=ListKind.REVIEW, code="SH-01",
                       name="罚款数额10万元以上的行政处罚", action_kinds=["chufa"], min_fine=Decimal("100000"),
                       articles=[Article.objects.get()])
    catalog.submit_list(actor=world.u_head, agency=world.nr, kind=ListKind.REVIEW)
    catalog.publish_list(actor=get_user_model().objects.get(username="nr_head2"), agency=world.nr,
                         kind=ListKind.REVIEW)


@pytest.fixture
def major(world, store):  # noqa: F811
    review_catalogue(world)
    return at_decision(world, "150000")


def at_decision(world, fine: str, kinds=("fine",), confiscated="0"):  # noqa: F811
    """The investigated case notified of a fine of ``fine`` 元 (and the other ``kinds``), its statement heard,
    proposed at 作出决定."""
    from tests.cases.conftest import investigated

    case = investigated(world)
    actions.move(actor=world.u_officer, case=case, target="notify")
    notice = notify(world, case, fine=fine, kinds=kinds, confiscated=confiscated)
    actions.record_service(actor=world.u_officer, case=case, document=notice.document, method="direct",
                           served_on=TODAY, recipient="赵丽华")
    actions.move(actor=world.u_officer, case=case, target="statement")
    actions.record_statement(actor=world.u_officer, case=case, received_on=TODAY, content="罚款过高",
                             review="不予采纳")
    with time_machine.travel(TODAY + dt.timedelta(days=20)):  # the hearing request period run out
        actions.move(actor=world.u_officer, case=case, target="decide")
    actions.propose_decision(actor=world.u_officer, case=case, kinds=list(kinds), fine=Decimal(fine),
                             confiscated=Decimal(confiscated), outside_reason="参照同类案件")
    case.refresh_from_db()
    return case


@pytest.fixture
def reviewers(world):  # noqa: F811
    return register_reviewers(world)


def register_reviewers(world):  # noqa: F811
    """孙丽 (法律职业资格) and 周军 (法律顾问, no 法律职业资格) of the 法规科, each with a reviewer's login."""
    sun = agencies.register_reviewer(actor=world.u_head, name="孙丽", id_number="", unit=world.nr_legal,
                                     qualification_kind="lpq", qualification_number="A20190001")
    zhou = agencies.register_reviewer(actor=world.u_head, name="周军", id_number="", unit=world.nr_legal,
                                      qualification_kind="counsel")
    world.sun, world.zhou = sun, zhou
    world.u_sun = world.user("sunli", [(world.nr_legal, Role.REVIEWER)], person=sun.person)
    world.u_zhou = world.user("zhoujun", [(world.nr_legal, Role.REVIEWER)], person=zhou.person)
    return world


def submit(world, case, **kw):  # noqa: F811
    return review.submit(actor=world.u_officer, case=case, application=APPLICATION,
                         explanation="本案拟罚款15万元，属重大执法决定", draft={**TEXTS, **kw.pop("draft", {})},
                         bases=["《中华人民共和国土地管理法》第七十七条"], **kw)


def agree(world, r, outcome="agree"):  # noqa: F811
    return review.give_opinion(actor=world.u_sun, round=r, outcome=outcome, reasons="事实清楚，证据确凿，程序合法",
                               findings={p: {"finding": "yes", "note": ""} for p, _ in POINTS})


def passed(world, case):  # noqa: F811
    r = submit(world, case)
    r = review.assign(actor=world.u_sun, round=r, reviewer=world.sun)
    r = review.accept(actor=world.u_sun, round=r)
    return agree(world, r)


def decide(world, case, **texts):  # noqa: F811
    return actions.decide(actor=world.u_head, case=case, **{**TEXTS, **texts})

