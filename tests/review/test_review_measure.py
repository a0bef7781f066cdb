"""The legal review gates the 行政强制措施 too (审核制度 第三条): a 查封、扣押 the 目录清单 names (or any measure, under
the agency setting) is approved by the head only after a passed round — through the write function, the engine's
move to 实施 and the case page. Taken on the spot in an emergency (行政强制法 第19条) it cannot wait: the
measure, its 现场笔录 and 决定书 go ahead, and the review comes before the head's 补办批准; a refusal, which releases
at once, needs none. A measure the 目录清单 does not name is untouched."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.cases.conftest import mworld  # noqa: F401  (fixture)
from tests.cases.test_measure import emergency, onsite, start
from tests.review.conftest import APPLICATION, agree, register_reviewers
from tests.review.test_review_kinds import passed, publish_review, written

from zhifa.cases import actions, drafts
from zhifa.cases.models import Case, CaseState, Measure
from zhifa.catalog import actions as catalog
from zhifa.catalog import processes as p
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.ledger.digest import sm3
from zhifa.ledger.models import Entry
from zhifa.review import actions as review
from zhifa.review.guards import REQUIRED_OTHER

# the 决定书's own words the unit gives (as on the 现场 form); the rest is the measure as asked for
DRAFT = {"review_body": "鞍山市人民政府", "court": "鞍山市铁东区人民法院"}


@pytest.fixture
def named(mworld):  # noqa: F811
    """The catalogue names 查封、扣押 (SH-06); 孙丽 reviews."""
    publish_review(mworld, measures=["seal_seize"])
    return register_reviewers(mworld)


def approvals(case: Case) -> int:
    return Entry.objects.filter(kind="case.measure_approved", subject_id=str(case.pk)).count()


def test_a_major_seizure_is_not_approved_nor_carried_out_without_a_passed_review(named):
    world = named
    case = start(world)
    with pytest.raises(RuleViolation) as refused:
        actions.approve_measure(actor=world.u_head, case=case, agrees=True, opinion="同意扣押")
    assert refused.value.message.startswith(f"{REQUIRED_OTHER}，经审核通过后方可批准实施：")
    assert "查封、扣押" in refused.value.message and "尚未报送法制审核" in refused.value.message
    assert refused.value.rule == p.MEASURE_REVIEWED_IF_MAJOR.rule and refused.value.field == "opinion"
    assert Measure.objects.get(case=case).approved is None and approvals(case) == 0
    # nor moved to 实施 (the approval's own guard refuses first; the review's guard beside it shows on the page)
    with pytest.raises(RuleViolation, match="实施前须向行政机关负责人报告并经批准"):
        actions.move(actor=world.u_officer, case=case, target="implement")
    # submitted at 报请批准, not yet agreed: still refused, saying where the round is
    actions.link_evidence(actor=world.u_officer, case=case, evidence=_photo(world))
    review.submit(actor=world.u_officer, case=case, application=APPLICATION, explanation="扣押施工机械，属重大执法决定",
                  draft=DRAFT, bases=["《中华人民共和国行政强制法》第十八条"])
    with pytest.raises(RuleViolation, match="第1轮法制审核"):
        actions.approve_measure(actor=world.u_head, case=case, agrees=True, opinion="同意扣押")
    assert approvals(case) == 0


def test_a_major_seizure_with_a_passed_review_is_approved_carried_out_and_its_decision_issued(named):
    world = named
    case = start(world)
    r = passed(world, case, **DRAFT)
    assert r.passed and "查封、扣押" in "；".join(r.criteria)
    measure = actions.approve_measure(actor=world.u_head, case=case, agrees=True, opinion="同意扣押")
    assert measure.approved is True and approvals(case) == 1
    assert actions.move(actor=world.u_officer, case=case, target="implement").stage == "implement"
    measure = onsite(world, case)
    assert measure.decision.template == "seizure_decision" and measure.decision.number


def test_a_refusal_needs_no_review(named):
    world = named
    case = start(world)
    actions.approve_measure(actor=world.u_head, case=case, agrees=False, opinion="证据不足，不宜扣押")
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and not case.review_rounds.exists()


def test_an_emergency_seizure_goes_ahead_on_the_spot_and_waits_for_review_only_at_its_approval(named):
    world = named
    case = emergency(world)
    assert case.stage == "implement"  # 第19条: taken on the spot, no review first
    measure = onsite(world, case)  # its 现场笔录 and 决定书 handed over there
    assert measure.decision.template == "seizure_decision"
    actions.report_emergency(actor=world.u_officer, case=case, reported_at=timezone.now())
    with pytest.raises(RuleViolation) as refused:
        actions.approve_measure(actor=world.u_head, case=case, agrees=True, opinion="同意")
    assert refused.value.message.startswith(f"{REQUIRED_OTHER}，经审核通过后方可补办批准：")
    assert Measure.objects.get(case=case).approved is None and approvals(case) == 0
    # the review is submitted while the measure holds, before the 补办批准
    r = passed(world, case, **DRAFT)
    assert r.passed
    assert actions.approve_measure(actor=world.u_head, case=case, agrees=True, opinion="同意").approved is True


def test_an_emergency_seizure_refused_afterwards_is_released_at_once_without_review(named):
    world = named
    case = emergency(world)
    onsite(world, case)
    actions.report_emergency(actor=world.u_officer, case=case, reported_at=timezone.now())
    measure = actions.approve_measure(actor=world.u_head, case=case, agrees=False, opinion="不应当采取扣押")
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and measure.release_ground == "refused"
    assert not case.review_rounds.exists()


def test_a_measure_the_catalogue_does_not_name_is_approved_without_review(mworld):  # noqa: F811
    publish_review(mworld, measures=["forced_demolition"])
    case = start(mworld)
    actions.approve_measure(actor=mworld.u_head, case=case, agrees=True, opinion="同意扣押")
    assert actions.move(actor=mworld.u_officer, case=case, target="implement").stage == "implement"
    assert not case.review_rounds.exists()


def test_under_the_agency_setting_every_measure_is_reviewed(mworld):  # noqa: F811
    catalog.set_review_all_non_simple(actor=mworld.u_head, agency=mworld.nr, value=True)
    publish_review(mworld, measures=["forced_demolition"])
    case = start(mworld)
    with pytest.raises(RuleViolation, match="本机关对简易程序以外的执法决定一律进行法制审核"):
        actions.approve_measure(actor=mworld.u_head, case=case, agrees=True, opinion="同意扣押")


def test_the_case_page_shows_the_gate_and_refuses_the_approval_until_the_review_passed(named, login):
    world = named
    case = start(world)
    officer = login(world.u_officer)
    body = officer.get(case.get_absolute_url()).content.decode()
    assert "须经法制审核：" in body and "查封、扣押" in body
    assert "《重大行政执法决定法制审核制度》第三条" in body and "行政处罚法》第五十八条" not in body
    # the way to 实施 shows the gate by its name, unmet, saying why
    assert p.MEASURE_REVIEWED_IF_MAJOR.label in body and "重大行政强制措施批准（紧急实施的补办批准）前法制审核" in body
    assert f"{REQUIRED_OTHER}，经审核通过后方可批准实施：" in body
    assert reverse("review:submit", args=[case.pk]) in body  # the unit may submit at 报请批准
    head = login(world.u_head)
    page = head.post(reverse("cases:measure_approve", args=[case.pk]), {"agrees": "1", "opinion": "同意扣押"})
    assert page.status_code == 422 and f"{REQUIRED_OTHER}，经审核通过后方可批准实施" in page.content.decode()
    assert approvals(case) == 0
    r = passed(world, case, **DRAFT)
    assert r.passed
    done = head.post(reverse("cases:measure_approve", args=[case.pk]), {"agrees": "1", "opinion": "同意扣押"})
    assert done.status_code == 302 and Measure.objects.get(case=case).approved is True


def test_the_emergency_measure_page_says_its_review_comes_before_the_late_approval(named, login):
    world = named
    case = emergency(world)
    onsite(world, case)
    actions.report_emergency(actor=world.u_officer, case=case, reported_at=timezone.now())
    body = login(world.u_head).get(case.get_absolute_url()).content.decode()
    assert "补办批准" in body and "情况紧急当场实施不能等待审核，审核在补办批准前完成" in body
    assert "须经法制审核：" in body and "查封、扣押" in body


def _photo(world):
    from tests.cases.test_case_engine import hand_in

    return hand_in(world, kind="scan", title="现场照片")


def test_the_unit_submits_the_seizure_from_its_page_and_the_decision_carried_out_is_the_draft_reviewed(named, login):
    world = named
    case = start(world)
    actions.link_evidence(actor=world.u_officer, case=case, evidence=_photo(world))
    officer = login(world.u_officer)
    url = reverse("review:submit", args=[case.pk])
    assert "有管辖权的人民法院" in officer.get(url).content.decode()
    sent = officer.post(url, {**APPLICATION, "explanation": "扣押施工机械，属重大执法决定",
                              "bases": "《中华人民共和国行政强制法》第十八条", **DRAFT})
    assert sent.status_code == 302
    r = case.review_rounds.get()
    assert r.draft_fields == DRAFT and "查封、扣押" in "；".join(r.criteria)
    # the 决定书 as it will be issued: the measure as asked for, its period's dates those of the day carried out
    assert "挖掘机1台（卡特320）" in r.draft_text and "自（实施之日的次日）起至（期限届满之日）止" in r.draft_text
    r = review.assign(actor=world.u_sun, round=r, reviewer=world.sun)
    agree(world, review.accept(actor=world.u_sun, round=r))
    head = login(world.u_head)
    assert head.post(reverse("cases:measure_approve", args=[case.pk]),
                     {"agrees": "1", "opinion": "同意扣押"}).status_code == 302
    officer = login(world.u_officer)
    assert officer.post(reverse("cases:move", args=[case.pk]), {"target": "implement"}).status_code == 302
    assert 'value="鞍山市铁东区人民法院"' in officer.get(case.get_absolute_url()).content.decode()  # as reviewed
    spot = {"acted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "party_present": "1",
            "present_name": "赵丽华", "waived": "on", "signed": "1", "av_note": "执法记录仪全程录像", **DRAFT}
    before = written(case)
    changed = officer.post(reverse("cases:measure_onsite", args=[case.pk]), {**spot, "court": "鞍山市中级人民法院"})
    assert changed.status_code == 422 and "与第1轮法制审核通过的文本不一致" in changed.content.decode()
    assert written(case) == before  # neither the 现场笔录 nor the 决定书 took a number
    assert officer.post(reverse("cases:measure_onsite", args=[case.pk]), spot).status_code == 302
    decision = Measure.objects.get(case=case).decision
    assert decision.values["起始日期"] != "（实施之日的次日）"  # the issued one has its dates
    assert sm3(drafts.draft_text(decision.template, decision.values).encode()) == r.draft_sm3


def test_a_reviewed_seizure_carried_out_with_one_character_changed_is_refused_and_nothing_written(named):
    world = named
    case = start(world)
    passed(world, case, **DRAFT)
    actions.approve_measure(actor=world.u_head, case=case, agrees=True, opinion="同意扣押")
    actions.move(actor=world.u_officer, case=case, target="implement")
    before = written(case)
    with pytest.raises(RuleViolation, match="与第1轮法制审核通过的文本不一致") as refused:
        onsite(world, case, review_body="鞍山市人民政付")
    assert refused.value.rule == p.MEASURE_REVIEWED_IF_MAJOR.rule and refused.value.field == "review_body"
    assert written(case) == before and Measure.objects.get(case=case).record_id is None
    assert onsite(world, case).decision.template == "seizure_decision"


def test_an_emergency_seizures_review_binds_the_decision_handed_over_on_the_spot(named):
    world = named
    case = emergency(world)
    handed = onsite(world, case).decision
    actions.report_emergency(actor=world.u_officer, case=case, reported_at=timezone.now())
    actions.link_evidence(actor=world.u_officer, case=case, evidence=_photo(world))
    with pytest.raises(RuleViolation, match="载明的管辖法院为“鞍山市铁东区人民法院”，送审的决定文本应与之一致") as no:
        review.submit(actor=world.u_officer, case=case, application=APPLICATION, explanation="当场扣押",
                      draft={**DRAFT, "court": "鞍山市中级人民法院"}, bases=["《中华人民共和国行政强制法》第十九条"])
    assert no.value.field == "court" and not case.review_rounds.exists()
    r = passed(world, case, **DRAFT)
    assert sm3(drafts.draft_text(handed.template, handed.values).encode()) == r.draft_sm3
    # a 决定书 made by another path than the measure's own, after the review: the 补办批准 reads its text
    IssuedDocument.objects.filter(pk=handed.pk).update(values={**handed.values, "保管": "由当事人自行保管"})
    with pytest.raises(RuleViolation, match="与法制审核通过的决定文本不一致，须重新报送法制审核"):
        actions.approve_measure(actor=world.u_head, case=case, agrees=True, opinion="同意")
    assert approvals(case) == 0


def test_a_freeze_reviewed_under_the_agency_setting_is_carried_out_only_as_reviewed(mworld):  # noqa: F811
    from tests.cases.test_measure_freeze import FREEZE, authorised

    world = register_reviewers(mworld)
    catalog.set_review_all_non_simple(actor=world.u_head, agency=world.nr, value=True)
    publish_review(world, measures=["forced_demolition"])
    authorised(world)
    case = start(world, **FREEZE)
    r = passed(world, case, **DRAFT)
    assert "冻结期限自（实施之日的次日）起至（期限届满之日）止" in r.draft_text
    actions.approve_measure(actor=world.u_head, case=case, agrees=True, opinion="同意冻结")
    actions.move(actor=world.u_officer, case=case, target="implement")
    freeze = dict(actor=world.u_officer, case=case, acted_at=timezone.now(), bank_staff="钱某某",
                  av_note="执法记录仪AS-NR-0007", **DRAFT)
    before = written(case)
    with pytest.raises(RuleViolation, match="与第1轮法制审核通过的文本不一致"):
        actions.carry_out_freeze(**{**freeze, "court": "鞍山市中级人民法院"})
    assert written(case) == before
    assert actions.carry_out_freeze(**freeze).decision.template == "freeze_decision"
