"""The legal review gates the other kinds' major decisions too (issue 13, 审核制度 第三条): a 强制拆除 the 目录清单
names (SH-06), a 征收 decision of a kind the 目录清单 names, a 撤销 of a licence and a 行政许可 decision under the
agency setting that reviews every decision outside the simple procedure — each refused without a passed round,
through its page and its write function, and made once a round for the case has passed; a decision the
目录清单 does not name (排除妨碍、恢复原状, a 收费) is not gated."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from tests.cases import test_coercion as coercion
from tests.cases import test_levy as levy
from tests.cases.test_case_engine import hand_in
from tests.cases.test_levy import levies  # noqa: F401  (fixture)
from tests.review.conftest import APPLICATION, agree, reviewers  # noqa: F401  (fixtures)

from zhifa.cases import actions
from zhifa.cases.models import CoercionDecision, Levy
from zhifa.catalog import actions as catalog
from zhifa.catalog.models import Article, ListKind
from zhifa.core.errors import RuleViolation
from zhifa.review import actions as review
from zhifa.review.guards import REQUIRED_OTHER

COERCION_DECISION = {"reason": "经催告逾期仍不履行", "review_body": "鞍山市人民政府", "court": "鞍山市铁东区人民法院"}


def publish_review(world, **criterion) -> None:
    catalog.save_entry(actor=world.u_head, agency=world.nr, kind=ListKind.REVIEW, code="SH-06",
                       name="须法制审核的执法决定", articles=[Article.objects.first()], **criterion)
    catalog.submit_list(actor=world.u_head, agency=world.nr, kind=ListKind.REVIEW)
    catalog.publish_list(actor=get_user_model().objects.get(username="nr_head2"), agency=world.nr,
                         kind=ListKind.REVIEW)


def passed(world, case, text: str):
    """A round for ``case``'s proposed decision, its text bound by its SM3, accepted and agreed."""
    actions.link_evidence(actor=world.u_officer, case=case, evidence=hand_in(world, kind="scan", title="现场照片"))
    r = review.submit(actor=world.u_officer, case=case, application=APPLICATION, explanation="属重大执法决定",
                      draft={"text": text}, bases=["《中华人民共和国行政强制法》第四十四条"])
    r = review.assign(actor=world.u_sun, round=r, reviewer=world.sun)
    return agree(world, review.accept(actor=world.u_sun, round=r))


def at_coercion_decision(world):
    """A 行政强制执行 case from outside, urged, the 催告 lapsed: at 强制执行决定 (the day returned)."""
    case = coercion.start_outside(world, served_on=coercion.TODAY - dt.timedelta(days=70))
    urge = actions.issue_urge(actor=world.u_officer, case=case, due_on=coercion.TODAY + dt.timedelta(days=5),
                              **coercion.URGE)
    actions.record_service(actor=world.u_officer, case=case, document=urge.document, method="direct",
                           served_on=coercion.TODAY, recipient="赵丽华")
    actions.move(actor=world.u_officer, case=case, target="statement")
    day = coercion.TODAY + dt.timedelta(days=6)
    with coercion.travel(day):
        actions.move(actor=world.u_officer, case=case, target="decide")
    return case, day


def test_a_forced_demolition_is_refused_without_a_passed_review_by_page_and_function_and_made_after(
        world, reviewers, login):  # noqa: F811
    publish_review(world, measures=["demolish_order", "forced_demolition"])
    case, day = at_coercion_decision(world)
    with coercion.travel(day):
        with pytest.raises(RuleViolation) as refused:
            actions.decide_coercion(actor=world.u_head, case=case, measure="demolish", execute_from=day,
                                    **COERCION_DECISION)
        assert "须经法制审核（《重大行政执法决定法制审核制度》第三条）" in refused.value.message
        assert "强制拆除" in refused.value.message and "尚未报送法制审核" in refused.value.message
        page = login(world.u_head).post(reverse("cases:coercion_decide", args=[case.pk]), {
            "measure": "demolish", "execute_from": day.isoformat(), **COERCION_DECISION})
        assert f"{REQUIRED_OTHER}：" in page.content.decode()
        assert not CoercionDecision.objects.filter(case=case).exists()
        # submitted but not yet agreed: still refused, saying where the round is
        passed_round = passed(world, case, "强制执行决定：强制拆除违法的建筑物。理由和依据：经催告逾期仍不履行。")
        assert passed_round.passed and passed_round.draft_sm3
        done = login(world.u_head).post(reverse("cases:coercion_decide", args=[case.pk]), {
            "measure": "demolish", "execute_from": day.isoformat(), **COERCION_DECISION})
        assert done.status_code == 302
    assert CoercionDecision.objects.get(case=case).measure == "demolish"


def test_a_round_in_progress_still_refuses_the_demolition(world, reviewers):  # noqa: F811
    publish_review(world, measures=["forced_demolition"])
    case, day = at_coercion_decision(world)
    actions.link_evidence(actor=world.u_officer, case=case, evidence=hand_in(world, kind="scan", title="现场照片"))
    review.submit(actor=world.u_officer, case=case, application=APPLICATION, explanation="属重大执法决定",
                  draft={"text": "强制拆除"}, bases=["《中华人民共和国行政强制法》第四十四条"])
    with coercion.travel(day), pytest.raises(RuleViolation) as refused:
        actions.decide_coercion(actor=world.u_head, case=case, measure="demolish", execute_from=day,
                                **COERCION_DECISION)
    assert "第1轮法制审核" in refused.value.message
    assert not CoercionDecision.objects.filter(case=case).exists()


def test_a_way_the_catalogue_does_not_name_is_decided_without_review(world):
    publish_review(world, measures=["forced_demolition"])
    case, day = at_coercion_decision(world)
    with coercion.travel(day):
        made = actions.decide_coercion(actor=world.u_head, case=case, measure="restore", execute_from=day,
                                       **COERCION_DECISION)
    assert made.measure == "restore" and not case.review_rounds.exists()


LEVY_DECISION = {"performance": "缴入鞍山市财政局非税收入专户", "review_body": "鞍山市人民政府",
                 "court": "鞍山市铁东区人民法院"}


def test_a_levy_of_a_kind_the_catalogue_names_is_refused_without_review_and_decided_after(
        levies, reviewers, login):  # noqa: F811
    world = levies
    publish_review(world, action_kinds=["zhengshou"])
    case = levy.start(world)
    levy.idle_land(world, case)
    actions.move(actor=world.u_officer, case=case, target="levy_decision")
    with pytest.raises(RuleViolation) as refused:
        actions.decide_levy(actor=world.u_head, case=case, **LEVY_DECISION)
    assert "须经法制审核（《重大行政执法决定法制审核制度》第三条）" in refused.value.message
    page = login(world.u_head).post(reverse("cases:levy_decide", args=[case.pk]),
                                    {**LEVY_DECISION, "charge_days": "15"})
    assert f"{REQUIRED_OTHER}：" in page.content.decode()
    assert Levy.objects.get(case=case).decision_id is None
    passed(world, case, "土地闲置费征收决定：按土地出让价款的百分之二十征缴土地闲置费1,720,000元。")
    doc = actions.decide_levy(actor=world.u_head, case=case, **LEVY_DECISION)
    case.refresh_from_db()
    assert case.stage == "levy_service" and Levy.objects.get(case=case).decision_id == doc.pk


def test_a_charge_the_catalogue_does_not_name_is_decided_without_review(levies):  # noqa: F811
    world = levies
    publish_review(world, action_kinds=["zhengshou"])
    case = levy.start(world, process="charge", item=levy.FEE, party=world.person)
    actions.assess_levy(actor=world.u_officer, case=case, base_label="登记件数", base=Decimal("1"), base_unit="件",
                        rate=Decimal("80"), rate_unit="per_unit", standard=levy.FEES)
    doc = levy.decided(world, case)
    assert doc.number and not case.review_rounds.exists()
