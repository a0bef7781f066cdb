"""A refusal names its rule as a person reads it: a legal citation in words, a requirement code by its name."""

from __future__ import annotations

import pytest

from zhifa.core.errors import RuleViolation, rule_name


@pytest.mark.parametrize("rule, shown", [
    ("PUB-09", "公示前审核"),
    ("行政处罚法 第42条", "《行政处罚法》第四十二条"),
    ("行政处罚法 第42条、GEN-03 持证上岗", "《行政处罚法》第四十二条、持证上岗"),  # a name already follows the code
    ("行政处罚法 第58条；XYZ-98", "《行政处罚法》第五十八条"),  # a code without a name is left out, never shown
    ("XYZ-99", ""),
])
def test_rule_names(rule, shown):
    assert rule_name(rule) == shown


def test_a_violation_reads_with_its_rules_name_and_its_details():
    refusal = RuleViolation("草稿不能提交", rule="PUB-09", details=["缺少事项"])
    assert str(refusal) == "草稿不能提交（公示前审核）：缺少事项"
    assert str(RuleViolation("用户名已被使用", rule="XYZ-99")) == "用户名已被使用"
