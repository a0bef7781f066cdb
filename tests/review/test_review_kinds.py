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
from tests.cases.conftest import store  # noqa: F401  (fixture)
from tests.cases.permit_world import accept, at, build_permit_world, grant, issued, register, to_decide
from tests.cases.test_case_engine import hand_in
from tests.cases.test_levy import levies  # noqa: F401  (fixture)
from tests.cases.test_permit_changes import start_end
from tests.review.conftest import APPLICATION, agree, register_reviewers, reviewers  # noqa: F401  (fixtures)

from zhifa.cases import actions
from zhifa.cases.models import Application, CoercionDecision, Levy
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


# ---------------------------------------------------------------- 行政许可 and its 撤销


@pytest.fixture
def w(db, store):  # noqa: F811
    return build_permit_world()


def licence_catalogue(w, *, review_all: bool = False) -> None:
    with at("2026-10-01"):
        if review_all:
            catalog.set_review_all_non_simple(actor=w.u_head, agency=w.nr, value=True)
        publish_review(w, measures=["revoke_permit"])
        register_reviewers(w)


def test_under_the_agency_setting_a_licence_grant_is_refused_without_review_by_page_and_function(w, login):
    licence_catalogue(w, review_all=True)
    with at("2026-11-02"):
        case = register(w)
        accept(w, case)
        to_decide(w, case)
    with at("2026-11-16"):
        with pytest.raises(RuleViolation) as refused:
            grant(w, case)
        assert "本机关对简易程序以外的执法决定一律进行法制审核" in refused.value.message
        page = login(w.u_head).post(reverse("cases:permit_decide", args=[case.pk]), {f"decide-{k}": v for k, v in {
            "granted": "1", "findings": "符合规划条件", "basis": "《中华人民共和国城乡规划法》第四十条",
            "content": "同意建设综合楼", "valid_from": "2026-12-01", "valid_to": "2028-11-30"}.items()})
        assert f"{REQUIRED_OTHER}：" in page.content.decode()
        assert Application.objects.get(case=case).decision_id is None
        form = login(w.u_officer).get(reverse("review:submit", args=[case.pk])).content.decode()
        assert 'name="text"' in form and 'name="statement_summary"' not in form  # the proposed decision's text
        passed(w, case, "准予行政许可决定：同意建设综合楼一栋，建筑面积12,000平方米。")
        grant(w, case)
    case.refresh_from_db()
    assert case.stage == "deliver"


def test_a_revocation_the_catalogue_names_waits_for_review_and_a_withdrawal_does_not(w):
    licence_catalogue(w)
    licence = issued(w)
    with at("2027-05-10"):
        revoking = start_end(w, licence, kind="revoke", token="end-r",
                             basis="《中华人民共和国行政许可法》第六十九条第二款")
        actions.notify_licence_end(actor=w.u_officer, case=revoking, recipient="孙立新", contact="张伟")
        actions.hear_licence_holder(actor=w.u_officer, case=revoking, heard_on=dt.date(2027, 5, 10),
                                    statement="不同意撤销")
        end_decision = {"answer": "申辩理由不成立", "review_body": "鞍山市人民政府", "court": "鞍山市铁东区人民法院",
                        "no_public_harm": True}
        with pytest.raises(RuleViolation) as refused:
            actions.decide_licence_end(actor=w.u_head, case=revoking, **end_decision)
        assert "撤销行政许可" in refused.value.message and REQUIRED_OTHER in refused.value.message
        licence.refresh_from_db()
        assert licence.state == "valid"
        passed(w, revoking, "撤销行政许可决定：撤销建设工程规划许可证。")
        ended = actions.decide_licence_end(actor=w.u_head, case=revoking, **end_decision)
    assert ended.state == "revoked"


def test_a_withdrawal_the_catalogue_does_not_name_is_not_gated(w):
    licence_catalogue(w)
    licence = issued(w)
    with at("2027-05-10"):
        case = start_end(w, licence)
        actions.notify_licence_end(actor=w.u_officer, case=case, recipient="孙立新", contact="张伟")
        actions.hear_licence_holder(actor=w.u_officer, case=case, heard_on=dt.date(2027, 5, 10), statement="不同意")
        ended = actions.decide_licence_end(actor=w.u_head, case=case, answer="依法补偿", review_body="鞍山市人民政府",
                                           court="鞍山市铁东区人民法院")
    assert ended.state == "withdrawn" and not case.review_rounds.exists()
