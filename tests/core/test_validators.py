"""统一社会信用代码 (GB 32100-2015) and 公民身份号码 (GB 11643-1999) at their edges.

Every valid code below was checked by hand, with the arithmetic written beside it, not recomputed with the
code under test. 统一社会信用代码 character values: 0-9 → 0-9, A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20
M21 N22 P23 Q24 R25 T26 U27 W28 X29 Y30; weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28;
check = 31 − (Σ mod 31), 31 → 0. 公民身份号码 weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; check =
"10X98765432"[Σ mod 11].
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from zhifa.core.validators import validate_resident_id, validate_uscc


def message_of(validator, value, **kwargs) -> str:
    with pytest.raises(ValidationError) as e:
        validator(value, **kwargs)
    return e.value.messages[0]


# ---------------------------------------------------------------- 统一社会信用代码


@pytest.mark.parametrize("code", [
    # The published sample (工商 9 / 企业 1). Values 9 1 3 5 0 1 0 0 M21 0 0 0 1 0 0 Y30 4;
    # products 9 3 27 135 0 26 0 0 420 0 0 0 8 0 0 900 112 = 1640; 1640 mod 31 = 28; 31 − 28 = 3.
    "91350100M000100Y43",
    # 农业 N / 2: products 22 6 18 27 0 78 0 0 420 290 0 0 0 0 0 0 28 = 889; mod 31 = 21; 31 − 21 = 10 → A.
    "N2210300MA0000001A",
    # 其他 Y / 1: products 30 3 18 27 0 78 0 0 420 290 0 0 0 0 0 0 56 = 922; mod 31 = 23; 31 − 23 = 8.
    "Y1210300MA00000028",
    # 机构编制 1 / 机关 1: products 1 3 18 27 0 78 0 0 420 319 50 39 32 120 60 210 224 = 1601; mod 31 = 20;
    # 31 − 20 = 11 → B.
    "11210300MB2345678B",
])
def test_uscc_with_correct_check_character_is_accepted(code):
    validate_uscc(code)


def test_uscc_with_wrong_check_character_names_the_expected_one():
    message = message_of(validate_uscc, "91350100M000100Y44")
    assert "校验码" in message and "应为“3”" in message


def test_uscc_in_lowercase_is_refused_naming_the_characters():
    # Callers upper-case what a user types; the validator itself takes the code as the standard writes it.
    message = message_of(validate_uscc, "91350100m000100y43")
    assert "不允许的字符" in message and "m" in message and "y" in message


@pytest.mark.parametrize("code, length", [("91350100M000100Y4", 17), ("91350100M000100Y433", 19), ("", 0)])
def test_uscc_of_wrong_length_is_refused(code, length):
    assert f"应为18位，实际为{length}位" in message_of(validate_uscc, code)


@pytest.mark.parametrize("letter", list("IOSVZ"))
def test_uscc_with_a_letter_the_standard_leaves_out_is_refused(letter):
    message = message_of(validate_uscc, f"91350100M000100{letter}43")
    assert "不允许的字符" in message and letter in message


def test_uscc_with_unknown_registration_authority_is_refused():
    assert "第1位登记管理部门代码“B”不存在" in message_of(validate_uscc, "B1350100M000100Y43")


@pytest.mark.parametrize("code", ["14210300MB2345678B", "Y2210300MA00000028", "95350100M000100Y43"])
def test_uscc_with_category_its_authority_does_not_assign_is_refused(code):
    message = message_of(validate_uscc, code)
    assert f"第2位机构类别代码“{code[1]}”不属于登记管理部门“{code[0]}”" in message


def test_uscc_with_letters_in_the_region_code_is_refused():
    assert "行政区划代码" in message_of(validate_uscc, "9135A100M000100Y43")


# ---------------------------------------------------------------- 公民身份号码


@pytest.mark.parametrize("number", [
    # The published sample: products 7 9 0 5 0 20 2 9 24 27 7 18 30 5 0 0 4 = 167; 167 mod 11 = 2 → X.
    "11010519491231002X",
    # Lower-case x is the same character.
    "11010519491231002x",
    # 14 9 0 15 0 8 2 9 48 15 0 54 10 10 24 16 2 = 236; 236 mod 11 = 5 → 7.
    "210302198506123417",
    # 29 February of a leap year: 14 9 0 15 0 8 4 0 0 0 0 18 20 45 0 0 4 = 137; mod 11 = 5 → 7.
    "210302200002290027",
])
def test_resident_id_with_correct_check_character_is_accepted(number):
    validate_resident_id(number)


def test_resident_id_with_wrong_check_digit_names_the_expected_one():
    message = message_of(validate_resident_id, "210302198506123418")
    assert "校验码" in message and "应为“7”" in message


def test_resident_id_born_on_29_february_of_a_common_year_is_refused():
    # 1999 is not a leap year; the check character 7 is right (Σ = 225, mod 11 = 5), only the date is wrong.
    assert "出生日期“19990229”不是有效日期" in message_of(validate_resident_id, "210302199902290027")


def test_resident_id_born_tomorrow_is_refused_and_born_today_is_accepted():
    # 21030220250102 + 000: 14 9 0 15 0 8 4 0 12 15 0 9 0 10 0 0 0 = 96; 96 mod 11 = 8 → 4.
    tomorrow = "210302202501020004"
    assert "不在合理范围内" in message_of(validate_resident_id, tomorrow, today=dt.date(2025, 1, 1))
    validate_resident_id(tomorrow, today=dt.date(2025, 1, 2))


@pytest.mark.parametrize("number, length", [("11010519491231002", 17), ("11010519491231002X0", 19)])
def test_resident_id_of_wrong_length_is_refused(number, length):
    assert f"应为18位，实际为{length}位" in message_of(validate_resident_id, number)


def test_resident_id_with_letter_before_the_last_place_is_refused():
    assert "前17位应为数字" in message_of(validate_resident_id, "1101051949123100X2")


def test_resident_id_with_unknown_province_is_refused():
    assert "省级行政区划代码“99”不存在" in message_of(validate_resident_id, "99010519491231002X")
