"""The gate (行政处罚法 第58条, REV-01): a major decision is neither made nor moved on without a passed legal
review, whichever path tries; and what is issued is byte for byte the draft the review passed."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from tests.review.conftest import TEXTS, TODAY, agree, decide, passed, submit

from zhifa.cases import actions
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.ledger.models import Entry


def test_without_a_review_the_decision_is_refused_by_the_write_function_and_nothing_is_issued(world, major):
    before = IssuedDocument.objects.count()
    with pytest.raises(RuleViolation, match=r"须经法制审核（行政处罚法 第58条）.*罚款数额10万元以上.*尚未报送"):
        decide(world, major)
    major.refresh_from_db()
    assert major.stage == "decide" and IssuedDocument.objects.count() == before


def test_a_direct_move_to_service_is_refused_too(world, major):
    with pytest.raises(RuleViolation, match="须经法制审核"):
        actions.move(actor=world.u_officer, case=major, target="serve")


def test_a_review_under_way_still_holds_the_decision(world, major, reviewers):
    submit(world, major)
    with pytest.raises(RuleViolation, match="第1轮法制审核在“审查送审材料”环节"):
        decide(world, major)


def test_after_a_passed_review_the_reviewed_draft_is_issued(world, major, reviewers):
    r = passed(world, major)
    doc = decide(world, major)
    major.refresh_from_db()
    assert major.stage == "serve" and doc.template == "penalty_decision"
    decided = Entry.objects.filter(kind="case.decided").latest("pk")
    assert json.loads(decided.payload)["draft_sm3"] == r.draft_sm3


def test_one_character_changed_after_the_review_is_refused(world, major, reviewers):
    passed(world, major)
    before = IssuedDocument.objects.count()
    with pytest.raises(RuleViolation, match="与第1轮法制审核通过的文本不一致"):
        decide(world, major, reason=TEXTS["reason"].replace("较", "很"))  # one character changed
    with pytest.raises(RuleViolation, match="不一致"):
        decide(world, major, court="鞍山市铁西区人民法院")
    major.refresh_from_db()
    assert major.stage == "decide" and IssuedDocument.objects.count() == before


def test_a_new_proposal_after_the_review_is_refused_until_a_new_round_for_it_passes(world, major, reviewers, login):
    from zhifa.review import actions as review
    from zhifa.review.models import ReviewRound

    first = passed(world, major)
    with pytest.raises(RuleViolation, match="与第1轮法制审核通过的文本相同，按该文本作出决定即可，无须重新报送"):
        submit(world, major)  # the passed draft sent again: nothing to review
    assert ReviewRound.objects.count() == 1
    actions.propose_decision(actor=world.u_officer, case=major, kinds=["fine"], fine=Decimal("140000"),
                             confiscated=Decimal(0), outside_reason="参照同类案件")
    with pytest.raises(RuleViolation, match="不一致"):
        decide(world, major)
    page = login(world.u_officer).get(major.get_absolute_url()).content.decode()
    assert "决定文本须变更的，重新报送法制审核" in page  # it goes back for review
    second = submit(world, major)
    assert second.seq == 2 and second.previous == first and second.draft_sm3 != first.draft_sm3
    with pytest.raises(RuleViolation, match="第2轮法制审核在“审查送审材料”环节，尚未出具意见"):
        decide(world, major)  # the first round's pass no longer opens the gate
    agree(world, review.accept(actor=world.u_sun, round=review.assign(actor=world.u_sun, round=second,
                                                                        reviewer=world.sun)))
    assert decide(world, major).template == "penalty_decision"


def test_a_decision_issued_past_the_review_is_caught_at_the_move_to_service(world, major, reviewers):
    """A decision document made by another path (an import) than ``decide``: the guard reads its text."""
    from zhifa.cases.actions.decision import _decision_values
    from zhifa.cases.rules import Penalty
    from zhifa.documents import actions as documents

    passed(world, major)
    values = _decision_values(major, Penalty(frozenset({"fine"}), __import__("decimal").Decimal("150000")),
                              {**TEXTS, "reason": "另行起草的理由"}, __import__("datetime").date.today())
    documents.issue(actor=world.u_head, agency=world.nr, template="penalty_decision", subject=major, values=values)
    with pytest.raises(RuleViolation, match="与法制审核通过的决定文本不一致"):
        actions.move(actor=world.u_officer, case=major, target="serve")


def test_through_the_decision_page_it_is_refused_without_a_review(world, major, login):
    from django.urls import reverse

    head = login(world.u_head)
    refused = head.post(reverse("cases:decide", args=[major.pk]), TEXTS)
    assert refused.status_code == 422 and "须经法制审核" in refused.content.decode()
    major.refresh_from_db()
    assert major.stage == "decide"


def test_the_decision_page_starts_from_the_reviewed_texts_and_issues_them_unchanged(world, major, reviewers, login):
    from django.urls import reverse

    r = passed(world, major)
    head = login(world.u_head)
    page = head.get(major.get_absolute_url())
    form = page.context["decision_form"]
    assert {name: form[name].value() for name in TEXTS} == {name: value.strip() for name, value in TEXTS.items()}
    sent = head.post(reverse("cases:decide", args=[major.pk]),
                     {name: form[name].value() or "" for name in form.fields})
    assert sent.status_code == 302
    major.refresh_from_db()
    assert major.stage == "serve"
    assert json.loads(Entry.objects.filter(kind="case.decided").latest("pk").payload)["draft_sm3"] == r.draft_sm3


def test_a_measure_the_catalogue_names_makes_a_small_fine_need_review(world, store, login):
    """REV-02: the catalogue reads the decision's measures, not only its amount: 没收违法所得 beside a 5,000 元
    fine matches “没收违法所得、没收非法财物的行政处罚决定”."""
    from django.contrib.auth import get_user_model
    from tests.review.conftest import at_decision

    from zhifa.catalog import actions as catalog
    from zhifa.catalog.models import Article, ListKind

    catalog.save_entry(actor=world.u_head, agency=world.nr, kind=ListKind.REVIEW, code="SH-05",
                       name="没收违法所得、没收非法财物的行政处罚决定",
                       measures=["confiscate_gains", "confiscate_property"], articles=[Article.objects.get()])
    catalog.submit_list(actor=world.u_head, agency=world.nr, kind=ListKind.REVIEW)
    catalog.publish_list(actor=get_user_model().objects.get(username="nr_head2"), agency=world.nr,
                         kind=ListKind.REVIEW)
    confiscating = at_decision(world, "5000", kinds=("fine", "confiscate_gains"), confiscated="3000")
    page = login(world.u_officer).get(confiscating.get_absolute_url()).content.decode()
    assert "SH-05" in page and "没收违法所得" in page
    with pytest.raises(RuleViolation, match=r"须经法制审核.*SH-05"):
        decide(world, confiscating)
    confiscating.refresh_from_db()
    assert confiscating.stage == "decide"


def test_a_complex_case_needs_review_under_the_criterion_of_a_difficult_case(world, store, reviewers, login):
    """行政处罚法 第58条第三项 and 审核制度 第三条第四项: a proposal marked 情节复杂 (第57条第二款) is the
    catalogue's “案件情况疑难复杂，涉及多个法律关系” — a 5,000 元 fine the amount alone would let through is held
    for review, and the case shows that criterion; the same fine not marked complex is not."""
    from django.contrib.auth import get_user_model
    from tests.review.conftest import at_decision

    from zhifa.cases import guards
    from zhifa.catalog import actions as catalog
    from zhifa.catalog.models import Article, ListKind

    catalog.save_entry(actor=world.u_head, agency=world.nr, kind=ListKind.REVIEW, code="SH-04",
                       name="案件情况疑难复杂，涉及多个法律关系的行政执法决定", several_legal_relations=True,
                       articles=[Article.objects.get()])
    catalog.submit_list(actor=world.u_head, agency=world.nr, kind=ListKind.REVIEW)
    catalog.publish_list(actor=get_user_model().objects.get(username="nr_head2"), agency=world.nr,
                         kind=ListKind.REVIEW)
    case = at_decision(world, "5000")
    assert not guards.review_answer(case, TODAY).required
    actions.propose_decision(actor=world.u_officer, case=case, kinds=["fine"], fine=Decimal("5000"),
                             confiscated=Decimal("0"), outside_reason="参照同类案件", complex=True)
    answer = guards.review_answer(case, TODAY)
    assert answer.required
    assert "SH-04 案件情况疑难复杂，涉及多个法律关系的行政执法决定（涉及多个法律关系）" in answer.matched
    assert "行政处罚法第58条第三项：案件情况疑难复杂、涉及多个法律关系" in answer.matched
    page = login(world.u_officer).get(case.get_absolute_url()).content.decode()
    assert "须经法制审核：" in page and "SH-04 案件情况疑难复杂，涉及多个法律关系的行政执法决定" in page
    with pytest.raises(RuleViolation, match=r"须经法制审核.*SH-04"):
        decide(world, case)
    # reviewed, it still waits for the heads' 集体讨论 (第57条第二款), and nothing is issued
    assert passed(world, case).passed
    with pytest.raises(RuleViolation, match="集体讨论"):
        decide(world, case)
    case.refresh_from_db()
    assert case.stage == "decide" and not IssuedDocument.objects.filter(template="penalty_decision").exists()
