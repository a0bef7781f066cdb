"""行政处罚法 第42条 and 持证上岗 (GEN-03): who may act together, at the edges of each rule."""

from __future__ import annotations

import datetime as dt

import pytest

from zhifa.agencies.models import ActionKind
from zhifa.agencies.rules import Act, check_enforcement_team
from zhifa.core.errors import RuleViolation

DAY = dt.date(2026, 10, 15)


def act(cast, *, on=DAY, kind=ActionKind.PUNISHMENT, domain=None, place=None) -> Act:
    return Act(kind=kind, domain=domain or cast.d_nr, place=place or cast.tiedong, on=on)


def test_two_officers_with_covering_credentials_may_act(cast):
    check_enforcement_team([cast.zhang, cast.li], act(cast))


def test_a_single_officer_is_refused_naming_the_two_officer_rule(cast):
    with pytest.raises(RuleViolation) as e:
        check_enforcement_team([cast.zhang], act(cast))
    assert e.value.rule == "行政处罚法 第42条"
    assert "不得少于2人" in e.value.message


def test_the_same_officer_twice_is_still_one_officer(cast):
    with pytest.raises(RuleViolation, match="当前只有1人"):
        check_enforcement_team([cast.zhang, cast.zhang], act(cast))


def test_credential_is_valid_on_its_last_day(cast):
    # 王强's credential ends 2026-10-14: still valid that day.
    check_enforcement_team([cast.zhang, cast.wang], act(cast, on=dt.date(2026, 10, 14)))


def test_credential_that_expired_the_day_before_is_refused_naming_officer_and_date(cast):
    with pytest.raises(RuleViolation) as e:
        check_enforcement_team([cast.zhang, cast.wang], act(cast, on=dt.date(2026, 10, 15)))
    assert e.value.details == ["王强：执法证21030003已于2026-10-14到期"]
    assert "第42条" in e.value.rule and "GEN-03" in e.value.rule


def test_suspended_credential_is_refused(cast):
    with pytest.raises(RuleViolation) as e:
        check_enforcement_team([cast.zhang, cast.zhao], act(cast))
    assert e.value.details == ["赵敏：执法证21030004已暂扣"]


def test_category_not_covered_is_refused(cast):
    with pytest.raises(RuleViolation) as e:
        check_enforcement_team([cast.zhang, cast.li], act(cast, kind=ActionKind.LICENSING))
    assert "张伟：执法证21030001的执法类别不含“行政许可”" in e.value.details
    assert len(e.value.details) == 2


def test_domain_not_covered_is_refused(cast):
    with pytest.raises(RuleViolation) as e:
        check_enforcement_team([cast.zhang, cast.liu], act(cast))
    assert e.value.details == ["刘洋：执法证21030005的执法领域不含“自然资源”"]


def test_place_outside_the_area_is_refused(cast):
    with pytest.raises(RuleViolation) as e:
        check_enforcement_team([cast.zhang, cast.chen], act(cast))
    assert e.value.details == ["陈静：执法证21100001的执法区域不含“铁东区”"]


def test_place_inside_a_sub_region_of_the_area_is_covered(cast):
    # Credentials cover 鞍山市; 铁东区 lies within it; 辽阳市 does not.
    check_enforcement_team([cast.zhang, cast.li], act(cast, place=cast.tiedong))
    with pytest.raises(RuleViolation):
        check_enforcement_team([cast.zhang, cast.li], act(cast, place=cast.liaoyang))


def test_credential_not_yet_valid_is_refused(cast):
    with pytest.raises(RuleViolation, match="执法人员不具备执法资格") as e:
        check_enforcement_team([cast.zhang, cast.li], act(cast, on=dt.date(2023, 12, 31)))
    assert all("2024-01-01起才生效" in d for d in e.value.details)


def test_officer_not_in_post_is_refused(cast):
    cast.li.active = False
    cast.li.save()
    with pytest.raises(RuleViolation) as e:
        check_enforcement_team([cast.zhang, cast.li], act(cast))
    assert e.value.details == ["李娜：不在岗"]


def test_a_renewed_credential_lets_the_officer_act_again(cast):
    from zhifa.agencies import actions

    actions.issue_credential(actor=cast.u_admin, officer=cast.wang, number="21030003-2", issuing_body="辽宁省人民政府",
                             action_kinds=[ActionKind.PUNISHMENT], domains=[cast.d_nr], areas=[cast.anshan],
                             valid_from=dt.date(2026, 10, 15), valid_to=dt.date(2031, 10, 14))
    check_enforcement_team([cast.zhang, cast.wang], act(cast, on=dt.date(2026, 10, 15)))
