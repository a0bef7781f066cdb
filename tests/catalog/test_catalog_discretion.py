"""Discretion standards (GEN-08): the range for each circumstance level, and why; refusals of overlapping
ranges and negative amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhifa.agencies.models import ActionKind
from zhifa.catalog.discretion import discretion_range, format_conditions, parse_conditions
from zhifa.catalog.evaluate import item_in_force
from zhifa.catalog.models import ListKind
from zhifa.core.errors import RuleViolation

TODAY = __import__("datetime").date.today()


@pytest.fixture
def land(cat):
    """对非法占用土地的行政处罚: 每平方米 50–100 (减轻), 100–300 (从轻), 300–700 (一般), 700–1000 (从重)."""
    item = cat.item()
    cat.level(item, "none", conditions="违法行为轻微；及时改正；没有造成危害后果", articles=("处罚33",))
    cat.level(item, "first_offence", conditions="初次违法；危害后果轻微；及时改正", articles=("处罚33",))
    cat.level(item, "mitigated", "per_sqm", "50", "100", conditions="受他人胁迫或者诱骗实施违法行为",
              articles=("处罚32", "土地77"))
    cat.level(item, "lighter", "per_sqm", "100", "300", conditions="主动消除或者减轻违法行为危害后果",
              articles=("处罚32", "土地77"))
    cat.level(item, "heavier", "per_sqm", "700", "1000", conditions="再次违法")
    cat.level(item, "heavier", "per_sqm", "700", "1000", conditions="土地类型=耕地、永久基本农田；面积≥10000")
    cat.level(item, "general", "per_sqm", "300", "700", other="责令退还非法占用的土地，限期拆除新建的建筑物和其他设施")
    cat.publish(ListKind.ITEMS)
    return item_in_force(cat.cast.nr, "ZR-CF-001", TODAY)


@pytest.mark.parametrize("facts, level, low, high", [
    ({"minor_violation": True, "corrected": True, "no_harm": True}, "none", None, None),
    ({"first_offence": True, "minor_harm": True, "corrected": True}, "first_offence", None, None),
    ({"coerced": True, "area": 100}, "mitigated", "5000.00", "10000.00"),
    ({"eliminated_harm": True, "area": 100}, "lighter", "10000.00", "30000.00"),
    ({"repeat": True, "area": 100}, "heavier", "70000.00", "100000.00"),
    ({"land_type": "cultivated", "area": 10000}, "heavier", "7000000.00", "10000000.00"),
    ({"land_type": "cultivated", "area": 9999}, "general", "2999700.00", "6999300.00"),
    ({"area": 1200}, "general", "360000.00", "840000.00"),
])
def test_the_range_for_each_circumstance_level(land, facts, level, low, high):
    found, reasons = discretion_range(land, facts)
    assert found is not None and found.level == level, reasons
    assert (str(found.amount_low) if found.amount_low is not None else None,
            str(found.amount_high) if found.amount_high is not None else None) == (low, high)


def test_the_reasons_say_which_levels_did_not_apply_and_which_did(land):
    found, reasons = discretion_range(land, {"first_offence": True, "minor_harm": True, "area": 1200})
    assert found.level == "general"
    assert reasons[1] == "不适用“首违不罚”（初次违法；危害后果轻微；及时改正）：及时改正：否"
    assert reasons[-2] == "适用“一般处罚”：无附加条件"
    assert reasons[-1] == "罚款金额：面积 1,200平方米 × 300–700元/平方米 = 360,000–840,000 元"
    assert found.other_penalties.startswith("责令退还")
    assert found.basis == ["《土地管理法》第七十七条"]


def test_mitigation_is_tried_before_aggravation(land):
    found, _ = discretion_range(land, {"eliminated_harm": True, "repeat": True, "area": 10})
    assert found.level == "lighter"


def test_without_the_area_the_range_stays_per_square_metre(land):
    found, reasons = discretion_range(land, {})
    assert (found.low, found.high, found.amount_low) == (Decimal("300.00"), Decimal("700.00"), None)
    assert "未填写面积，无法换算为罚款金额" in reasons
    assert found.contains(Decimal(500)) is None


def test_a_fine_inside_and_outside_the_range(land):
    found, _ = discretion_range(land, {"area": 100})
    assert found.contains(Decimal("30000")) and found.contains(Decimal("70000"))
    assert found.contains(Decimal("29999.99")) is False and found.contains(Decimal("70000.01")) is False


def test_an_item_without_a_standard(cat):
    cat.item("ZR-CF-009", "对拒不履行土地复垦义务的行政处罚")
    cat.publish(ListKind.ITEMS)
    assert discretion_range(item_in_force(cat.cast.nr, "ZR-CF-009", TODAY), {}) == (
        None, ["“对拒不履行土地复垦义务的行政处罚”未制定裁量基准"])


def test_multiples_of_illegal_gains_and_percent_of_building_cost(cat):
    item = cat.item("ZJ-CF-001", "对未取得建设工程规划许可证进行建设的行政处罚", articles=("城乡64",))
    cat.level(item, "general", "pct_building", "5", "10", articles=("城乡64",))
    gains = cat.item("ZR-CF-004", "对非法转让土地的行政处罚")
    cat.level(gains, "general", "gains_multiple", "0.1", "0.5")
    found, _ = discretion_range({"discretion": [e for e in _entries(cat, "ZJ-CF-001")]}, {"building_cost": 2000000})
    assert (found.amount_low, found.amount_high) == (Decimal("100000.00"), Decimal("200000.00"))
    found, _ = discretion_range({"discretion": _entries(cat, "ZR-CF-004")}, {"illegal_gains": "80000"})
    assert (found.amount_low, found.amount_high) == (Decimal("8000.00"), Decimal("40000.00"))


def _entries(cat, code):
    from zhifa.catalog.models import EnforcementItem
    from zhifa.catalog.snapshot import item_entry, items_of

    return item_entry(items_of(EnforcementItem.objects.get(code=code).list).get(code=code))["discretion"]


def test_overlapping_ranges_within_one_item_are_refused(cat):
    item = cat.item()
    cat.level(item, "general", "per_sqm", "300", "700")
    cat.level(item, "lighter", "per_sqm", "100", "300")  # touching at 300 is allowed
    with pytest.raises(RuleViolation) as e:
        cat.level(item, "heavier", "per_sqm", "600", "1000")
    assert e.value.message == ("“从重处罚”（600–1,000 元/平方米）与“一般处罚”（300–700 元/平方米）的罚款幅度重叠："
                               "同一事项各情节的幅度不得重叠")
    assert e.value.rule == "GEN-08"


@pytest.mark.parametrize("low, high, message", [
    ("-1", "100", "下限不得为负数（现为-1）"), ("100", "-5", "上限不得为负数（现为-5）"),
    ("300", "100", "上限（100）小于下限（300）")])
def test_negative_or_inverted_amounts_are_refused(cat, low, high, message):
    item = cat.item()
    with pytest.raises(RuleViolation, match=message.replace("（", r"\（").replace("）", r"\）")):
        cat.level(item, "general", "yuan", low, high)


def test_a_standard_only_for_a_penalty_item(cat):
    item = cat.item("ZR-JC-001", "土地利用情况监督检查", kind=ActionKind.INSPECTION)
    with pytest.raises(RuleViolation, match="只适用于行政处罚事项"):
        cat.level(item, "general", "yuan", "100", "200")


def test_not_punishing_has_no_fine_range(cat):
    item = cat.item()
    with pytest.raises(RuleViolation, match="不设罚款幅度"):
        cat.level(item, "none", "yuan", "0", "100")


@pytest.mark.parametrize("text, canonical", [
    ("初次违法;危害后果轻微；及时改正", "初次违法；危害后果轻微；及时改正"),
    ("非再次违法", "非再次违法"), ("再次违法=否", "非再次违法"),
    ("面积>=1000平方米", "面积≥1000平方米"), ("违法所得＞5000", "违法所得>5000元"),
    ("土地类型=耕地/永久基本农田", "土地类型=耕地、永久基本农田"),
])
def test_conditions_read_and_write_as_text(text, canonical):
    assert format_conditions(parse_conditions(text)) == canonical


@pytest.mark.parametrize("text, message", [
    ("面积=1000", "数值条件请用"), ("心情不好", "无法识别条件"), ("面积≥-1", "不得为负数"),
    ("土地类型=草地", "可选"), ("初次违法=可能", "只能写“是”或“否”")])
def test_unreadable_conditions_are_refused(text, message):
    with pytest.raises(ValueError, match=message):
        parse_conditions(text)


@pytest.mark.parametrize("condition", ["面积≥1e999999999", "面积≥1e-999999999", "违法所得>1000000000000000"])
def test_a_number_too_large_to_write_out_is_refused_on_the_page_and_nothing_is_stored(cat, login, condition):
    """1e999999999 is a finite decimal, but written out as the canonical text it is a billion digits (SQLite:
    “string or blob too big”, a 500)."""
    item = cat.item()
    response = login(cat.editor).post(f"/catalog/a/{cat.cast.nr.pk}/item/{item.pk}/levels/new/", {
        "level": "general", "unit": "yuan", "low": "1", "high": "2", "conditions_text": condition,
        "articles": "《土地管理法》第七十七条"})
    assert response.status_code == 422
    assert "超出可用的范围（至多15位整数、6位小数）" in response.content.decode()
    assert not item.discretion.exists()
