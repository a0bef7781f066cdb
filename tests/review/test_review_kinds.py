"""The legal review gates the other kinds' major decisions too (issue 13, 审核制度 第三条): a 强制拆除 the 目录清单
names (SH-06), a 征收 decision of a kind the 目录清单 names, a 撤销 of a licence and a 行政许可 decision under the
agency setting that reviews every decision outside the simple procedure — each refused without a passed round,
through its page and its write function, and made once a round for the case has passed; a decision the
目录清单 does not name (排除妨碍、恢复原状, a 收费) is not gated. The round binds the document the kind's decision
would issue, drawn from the decision's own fields (REV-01, REV-03): issued with one character changed it is
refused before any number is taken, nothing written; issued unchanged it is made."""

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
from zhifa.cases.models import Application, Case, CoercionDecision, Levy
from zhifa.catalog import actions as catalog
from zhifa.catalog.models import Article, ListKind
from zhifa.core.errors import RuleViolation
from zhifa.documents.access import documents_about
from zhifa.documents.models import DocumentCounter
from zhifa.ledger.chain import entries_about
from zhifa.review import actions as review
from zhifa.review.accountability import account_of
from zhifa.review.guards import REQUIRED_OTHER

COERCION_DECISION = {"reason": "经催告逾期仍不履行", "review_body": "鞍山市人民政府", "court": "鞍山市铁东区人民法院"}


def publish_review(world, **criterion) -> None:
    catalog.save_entry(actor=world.u_head, agency=world.nr, kind=ListKind.REVIEW, code="SH-06",
                       name="须法制审核的执法决定", articles=[Article.objects.first()], **criterion)
    catalog.submit_list(actor=world.u_head, agency=world.nr, kind=ListKind.REVIEW)
    catalog.publish_list(actor=get_user_model().objects.get(username="nr_head2"), agency=world.nr,
                         kind=ListKind.REVIEW)


def passed(world, case, **decision):
    """A round for ``case``'s decision with ``decision``'s fields (the document drawn from them bound by its SM3),
    accepted and agreed."""
    actions.link_evidence(actor=world.u_officer, case=case, evidence=hand_in(world, kind="scan", title="现场照片"))
    r = review.submit(actor=world.u_officer, case=case, application=APPLICATION, explanation="属重大执法决定",
                      draft=decision, bases=["《中华人民共和国行政强制法》第四十四条"])
    r = review.assign(actor=world.u_sun, round=r, reviewer=world.sun)
    return agree(world, review.accept(actor=world.u_sun, round=r))


def written(case: Case):
    """What a refused decision leaves as it was: the case's documents and every series' last number."""
    return (sorted(documents_about(case).values_list("pk", flat=True)),
            sorted(DocumentCounter.objects.values_list("agency", "kind", "year", "last")))


def refused_as_changed(case: Case, decide, **changed) -> None:
    """``decide`` with ``changed`` fields is refused as not the reviewed draft, and writes nothing."""
    before = written(case)
    with pytest.raises(RuleViolation, match="与第1轮法制审核通过的文本不一致"):
        decide(**changed)
    assert written(case) == before


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
        passed_round = passed(world, case, measure="demolish", execute_from=day, **COERCION_DECISION)
        assert passed_round.passed and "强制拆除" in passed_round.draft_text
        done = login(world.u_head).post(reverse("cases:coercion_decide", args=[case.pk]), {
            "measure": "demolish", "execute_from": day.isoformat(), **COERCION_DECISION})
        assert done.status_code == 302
    assert CoercionDecision.objects.get(case=case).measure == "demolish"


def test_a_round_in_progress_still_refuses_the_demolition(world, reviewers):  # noqa: F811
    publish_review(world, measures=["forced_demolition"])
    case, day = at_coercion_decision(world)
    actions.link_evidence(actor=world.u_officer, case=case, evidence=hand_in(world, kind="scan", title="现场照片"))
    with coercion.travel(day):
        r = review.submit(actor=world.u_officer, case=case, application=APPLICATION, explanation="属重大执法决定",
                          draft={"measure": "demolish", "execute_from": day, **COERCION_DECISION},
                          bases=["《中华人民共和国行政强制法》第四十四条"])
        assert "强制拆除" in "；".join(r.criteria)  # the way drafted is what the catalogue read
        with pytest.raises(RuleViolation) as refused:
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


def test_a_reviewed_demolition_changed_by_one_character_or_decided_another_way_is_refused(world, reviewers):  # noqa: F811
    publish_review(world, measures=["forced_demolition"])
    case, day = at_coercion_decision(world)
    with coercion.travel(day):
        passed(world, case, measure="demolish", execute_from=day, **COERCION_DECISION)

        def decide(**changed):
            return actions.decide_coercion(actor=world.u_head, case=case, **{
                "measure": "demolish", "execute_from": day, **COERCION_DECISION, **changed})

        refused_as_changed(case, decide, reason="经催告逾期仍未履行")  # 不 → 未
        # the way the catalogue does not name is still the case's reviewed decision: not the draft, refused
        refused_as_changed(case, decide, measure="restore")
        assert not CoercionDecision.objects.filter(case=case).exists()
        made = decide()
    assert made.measure == "demolish" and made.document.number
    # REV-10: who submitted, reviewed and decided it, by name, and what each saw — from the ledger's records alone
    (account,) = account_of(e.record() for e in entries_about(case))
    assert account.decision_number == made.document.number and account.bound
    assert [(a.role, a.name) for a in account.acts] == [("报送", "张伟"), ("审核", "孙丽"), ("决定", "孙立国")]
    assert made.document.pdf.sm3 in account.decided.made


def test_a_reviewed_demolition_whose_time_has_gone_by_goes_back_for_review(world, reviewers):  # noqa: F811
    """The time of the 强制执行 is part of the decision (行政强制法 第37条): reviewed for a day that has gone by, it
    is decided neither as reviewed nor with a new day, until a round for the new day passes."""
    publish_review(world, measures=["forced_demolition"])
    case, day = at_coercion_decision(world)
    with coercion.travel(day):
        first = passed(world, case, measure="demolish", execute_from=day, **COERCION_DECISION)
    later = day + dt.timedelta(days=3)
    with coercion.travel(later):
        def decide(**changed):
            return actions.decide_coercion(actor=world.u_head, case=case, **{
                "measure": "demolish", "execute_from": later, **COERCION_DECISION, **changed})

        with pytest.raises(RuleViolation, match="强制执行的时间不能早于今天"):
            decide(execute_from=day)
        refused_as_changed(case, decide)
        second = review.submit(actor=world.u_officer, case=case, application=APPLICATION, explanation="执行时间顺延",
                               draft={"measure": "demolish", "execute_from": later, **COERCION_DECISION},
                               bases=["《中华人民共和国行政强制法》第四十四条"])
        assert second.previous == first
        agree(world, review.accept(actor=world.u_sun, round=review.assign(actor=world.u_sun, round=second,
                                                                            reviewer=world.sun)))
        made = decide()
    assert made.measure == "demolish" and made.document.number


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
    passed(world, case, **LEVY_DECISION)

    def decide(**changed):
        return actions.decide_levy(actor=world.u_head, case=case, **{**LEVY_DECISION, **changed})

    refused_as_changed(case, decide, performance="缴入鞍山市财政局非税收入账户")  # 专户 → 账户
    refused_as_changed(case, decide, late_kind="surcharge", late_rate=Decimal("0.05"),
                       late_basis="《中华人民共和国城市房地产管理法》第二十六条")
    assert Levy.objects.get(case=case).decision_id is None
    doc = decide()
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


GRANT = {"granted": "1", "findings": "符合规划条件", "basis": "《中华人民共和国城乡规划法》第四十条",
         "content": "同意建设综合楼", "valid_from": "2026-12-01", "valid_to": "2028-11-30"}


def at_licence_decision(w):
    """An application under the setting that reviews every decision, accepted on 2 November, at 作出决定."""
    licence_catalogue(w, review_all=True)
    with at("2026-11-02"):
        case = register(w)
        accept(w, case)
        to_decide(w, case)
    return case


def test_under_the_agency_setting_a_licence_grant_is_refused_without_review_by_page_and_function(w, login):
    case = at_licence_decision(w)
    with at("2026-11-16"):
        with pytest.raises(RuleViolation) as refused:
            grant(w, case)
        assert "本机关对简易程序以外的执法决定一律进行法制审核" in refused.value.message
        page = login(w.u_head).post(reverse("cases:permit_decide", args=[case.pk]),
                                    {f"decide-{k}": v for k, v in GRANT.items()})
        assert f"{REQUIRED_OTHER}：" in page.content.decode()
        assert Application.objects.get(case=case).decision_id is None
        passed(w, case, granted=True, findings="申请材料齐全、符合法定形式，设计方案符合规划条件",
               basis="《中华人民共和国城乡规划法》第四十条", content="同意建设综合楼一栋，建筑面积12,000平方米",
               valid_from=dt.date(2026, 12, 1), valid_to=dt.date(2028, 11, 30))
        refused_as_changed(case, lambda **kw: grant(w, case, **kw), content="同意建设综合楼一栋，建筑面积12,500平方米")
        refused_as_changed(case, lambda **kw: grant(w, case, **kw), valid_to=dt.date(2028, 12, 31))
        grant(w, case)
    case.refresh_from_db()
    assert case.stage == "deliver"


def test_through_the_pages_a_licence_is_submitted_with_its_decision_fields_and_issued_from_the_prefilled_form(
        w, login):
    """The submission page asks the licence decision's own fields; the reviewer reads the 准予行政许可决定书 drawn
    from them; the head's decision form starts from them: one character changed is refused, as reviewed it is
    issued."""
    case = at_licence_decision(w)
    with at("2026-11-16"):
        actions.link_evidence(actor=w.u_officer, case=case, evidence=hand_in(w, kind="scan", title="现场照片"))
        officer = login(w.u_officer)
        form = officer.get(reverse("review:submit", args=[case.pk])).content.decode()
        assert 'name="findings"' in form and 'name="valid_to"' in form and 'name="reason"' in form
        assert 'name="text"' not in form and 'name="late_reason"' not in form  # the decision's words only
        sent = officer.post(reverse("review:submit", args=[case.pk]), {
            **APPLICATION, "explanation": "本机关对简易程序以外的执法决定一律审核",
            "bases": "《中华人民共和国城乡规划法》第四十条", **GRANT})
        assert sent.status_code == 302, sent.content.decode()[:2000]
        r = case.review_rounds.get()
        assert r.draft_fields["content"] == "同意建设综合楼" and r.draft_fields["granted"] == "1"
        reviewer = login(w.u_sun)
        r = review.assign(actor=w.u_sun, round=r, reviewer=w.sun)
        workspace = reviewer.get(reverse("review:workspace", args=[r.pk])).content.decode()
        assert "同意建设综合楼" in workspace and "2026年12月1日至2028年11月30日" in workspace  # the draft as rendered
        agree(w, review.accept(actor=w.u_sun, round=r))
        head = login(w.u_head)
        page = head.get(case.get_absolute_url()).content.decode()
        assert 'name="decide-content"' in page and "同意建设综合楼" in page  # the form starts from the draft
        assert 'value="2028-11-30"' in page
        before = written(case)
        changed = head.post(reverse("cases:permit_decide", args=[case.pk]),
                            {f"decide-{k}": v for k, v in {**GRANT, "content": "同意建设综合楼房"}.items()})
        assert "与第1轮法制审核通过的文本不一致" in changed.content.decode()
        assert written(case) == before
        issued_now = head.post(reverse("cases:permit_decide", args=[case.pk]),
                               {f"decide-{k}": v for k, v in GRANT.items()})
        assert issued_now.status_code == 302
    app = Application.objects.get(case=case)
    assert app.granted and app.decision is not None and app.licence_content == "同意建设综合楼"


def test_the_case_page_warns_when_the_licences_20_working_days_end_before_a_review_could(w, login):
    """Accepted 2 November, the decision is due 30 November (行政许可法 第42条): a review sent on the 16th ends on
    the 25th, one sent on the 24th only on 3 December — too late, and the page says so."""
    case = at_licence_decision(w)
    warning = "本案作出决定的期限至2026-11-30届满，早于今日报送的法制审核期限"
    with at("2026-11-16"):
        assert warning not in login(w.u_officer).get(case.get_absolute_url()).content.decode()
    with at("2026-11-24"):
        page = login(w.u_officer).get(case.get_absolute_url()).content.decode()
    assert warning in page and "作出行政许可决定期限" in page


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
        passed(w, revoking, **end_decision)  # no_public_harm is the head's confirmation, not the draft's words

        def decide(**changed):
            return actions.decide_licence_end(actor=w.u_head, case=revoking, **{**end_decision, **changed})

        refused_as_changed(revoking, decide, answer="申辩理由均不成立")
        refused_as_changed(revoking, decide, review_body="辽宁省人民政府")
        licence.refresh_from_db()
        assert licence.state == "valid"
        ended = decide()
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
