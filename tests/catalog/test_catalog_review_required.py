"""Whether a proposed decision needs legal review (REV-01, REV-02): the catalogue's criteria as data, at both
sides of every threshold. 以上 includes the number itself (民法典 第1259条); 超过 does not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from zhifa.agencies.models import ActionKind
from zhifa.catalog import actions
from zhifa.catalog.evaluate import ProposedDecision, review_required
from zhifa.catalog.models import ListKind, Measure, ReviewCriterion

REVIEW = ListKind.REVIEW
PUNISH = ActionKind.PUNISHMENT
DAY = dt.date(2026, 3, 2)

CRITERIA = [
    dict(code="SH-01", name="罚款数额在10万元以上的行政处罚", action_kinds=[PUNISH], min_fine=Decimal("100000")),
    dict(code="SH-02", name="没收违法所得、没收非法财物价值在5万元以上的", min_confiscated=Decimal("50000")),
    dict(code="SH-03", name="责令限期拆除、强制拆除建筑物的",
         measures=[Measure.DEMOLISH_ORDER, Measure.FORCED_DEMOLITION]),
    dict(code="SH-04", name="吊销许可证件、责令停产停业的",
         measures=[Measure.REVOKE_LICENCE, Measure.SUSPEND_BUSINESS]),
    dict(code="SH-05", name="经过听证程序作出的行政执法决定", after_hearing=True),
    dict(code="SH-06", name="案件情况疑难复杂，涉及多个法律关系的", several_legal_relations=True),
    dict(code="SH-07", name="罚款数额超过50万元的行政处罚", action_kinds=[PUNISH], min_fine=Decimal("500000"),
         inclusive=False),
    dict(code="SH-08", name="不予行政许可且申请人提出异议的", action_kinds=[ActionKind.LICENSING],
         major_rights=True),
    dict(code="SH-09", name="其他法律、法规、规章规定应当进行法制审核的", manual=True),
]


@pytest.fixture
def catalogue(cat):
    with time_machine.travel(dt.datetime(2026, 3, 2, 2, tzinfo=dt.UTC), tick=False):
        for values in CRITERIA:
            actions.save_entry(actor=cat.editor, agency=cat.cast.nr, kind=REVIEW, articles=[cat.laws["处罚58"]],
                               **values)
        cat.publish(REVIEW, effective_from=DAY)
    return cat


def codes(answer) -> list[str]:
    return [m.split(" ")[0] for m in answer.matched]


def decide(cat, **facts):
    return review_required(cat.cast.nr, ProposedDecision(**({"action_kind": PUNISH} | facts)), DAY)


@pytest.mark.parametrize("fine, expected", [
    ("99999.99", []), ("100000", ["SH-01"]), ("100000.01", ["SH-01"]),
    ("500000", ["SH-01"]), ("500000.01", ["SH-01", "SH-07"]),
])
def test_fine_thresholds_include_the_number_for_yishang_and_exclude_it_for_chaoguo(catalogue, fine, expected):
    answer = decide(catalogue, fine=Decimal(fine))
    assert codes(answer) == expected
    assert answer.required is bool(expected)


def test_the_matched_criterion_says_why(catalogue):
    [reason] = decide(catalogue, fine=Decimal("100000")).matched
    assert reason == "SH-01 罚款数额在10万元以上的行政处罚（行政处罚；罚款100,000元≥100,000元（以上，含本数））"


@pytest.mark.parametrize("value, expected", [("49999.99", []), ("50000", ["SH-02"]), ("80000", ["SH-02"])])
def test_confiscated_value_threshold(catalogue, value, expected):
    assert codes(decide(catalogue, confiscated=Decimal(value))) == expected


def test_a_penalty_without_a_fine_does_not_reach_a_fine_threshold(catalogue):
    answer = decide(catalogue, measures=frozenset())
    assert answer.required is False and answer.matched == []


@pytest.mark.parametrize("measures, expected", [
    ({Measure.DEMOLISH_ORDER}, ["SH-03"]), ({Measure.FORCED_DEMOLITION}, ["SH-03"]),
    ({Measure.SUSPEND_BUSINESS}, ["SH-04"]), ({Measure.CONFISCATE_GAINS}, []),
])
def test_measures(catalogue, measures, expected):
    assert codes(decide(catalogue, measures=frozenset(measures))) == expected


def test_after_a_hearing_and_several_legal_relations(catalogue):
    assert codes(decide(catalogue, after_hearing=True)) == ["SH-05"]
    # 行政处罚法 第58条 第三项 applies to every penalty whatever the catalogue says, and the catalogue says it too.
    answer = decide(catalogue, several_legal_relations=True)
    assert answer.matched[0].startswith("行政处罚法第58条第三项") and codes(answer)[1:] == ["SH-06"]


def test_a_criterion_for_another_kind_of_action_does_not_match(catalogue):
    assert codes(decide(catalogue, major_rights=True)) == []
    answer = decide(catalogue, action_kind=ActionKind.LICENSING, major_rights=True)
    assert codes(answer) == ["SH-08"]


def test_criteria_applied_by_hand_are_listed_for_the_reviewer(catalogue):
    answer = decide(catalogue)
    assert answer.manual == ["SH-09 其他法律、法规、规章规定应当进行法制审核的"]
    assert answer.version == 1 and len(answer.digest) == 64


def test_the_agency_may_review_every_decision_outside_the_simple_procedure(catalogue):
    actions.set_review_all_non_simple(actor=catalogue.editor, agency=catalogue.cast.nr, value=True)
    # Not yet: the setting is part of the catalogue, and applies once published.
    assert decide(catalogue, fine=Decimal("500")).required is False
    catalogue.publish(REVIEW, effective_from=dt.date.today())
    today = dt.date.today()
    simple = review_required(catalogue.cast.nr, ProposedDecision(PUNISH, simple_procedure=True, fine=Decimal(200)),
                             today)
    general = review_required(catalogue.cast.nr, ProposedDecision(PUNISH, fine=Decimal(500)), today)
    assert simple.required is False
    assert general.required is True and general.matched == ["本机关对简易程序以外的执法决定一律进行法制审核"]


def test_without_a_published_catalogue_the_statute_still_applies(cat):
    assert review_required(cat.cast.nr, ProposedDecision(PUNISH, fine=Decimal("900000")), DAY).required is False
    answer = review_required(cat.cast.nr, ProposedDecision(PUNISH, public_interest=True), DAY)
    assert answer.required is True
    assert answer.matched == ["行政处罚法第58条第一项：涉及重大公共利益"] and answer.version is None


def test_the_catalogue_in_force_on_the_day_decides(catalogue):
    later = dt.date.today() + dt.timedelta(days=30)
    sh01 = ReviewCriterion.objects.get(code="SH-01")
    actions.save_entry(actor=catalogue.editor, agency=catalogue.cast.nr, kind=REVIEW, entry=sh01,
                       articles=[catalogue.laws["处罚58"]],
                       **(CRITERIA[0] | {"name": "罚款数额在5万元以上的行政处罚", "min_fine": Decimal("50000")}))
    catalogue.publish(REVIEW, effective_from=later, note="门槛由10万元调整为5万元")
    proposed = ProposedDecision(PUNISH, fine=Decimal("60000"))
    assert review_required(catalogue.cast.nr, proposed, later - dt.timedelta(days=1)).required is False
    after = review_required(catalogue.cast.nr, proposed, later)
    assert after.required is True and after.version == 2


def test_a_criterion_without_any_condition_is_refused(cat):
    from zhifa.core.errors import RuleViolation

    with pytest.raises(RuleViolation, match="至少设定一个条件"):
        actions.save_entry(actor=cat.editor, agency=cat.cast.nr, kind=REVIEW, code="SH-X", name="重大的")
    with pytest.raises(RuleViolation, match="不得为负数"):
        actions.save_entry(actor=cat.editor, agency=cat.cast.nr, kind=REVIEW, code="SH-X", name="罚款",
                           min_fine=Decimal("-1"))
