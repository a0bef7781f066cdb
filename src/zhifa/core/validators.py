"""Validators for the national identifiers zhifa takes: 统一社会信用代码 and 公民身份号码.

Each raises Django's ``ValidationError`` with a Chinese message naming the rule; forms and imports use
these and nothing else, so a number accepted in one place is accepted everywhere.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

# GB 32100-2015 — 统一社会信用代码 uses 31 characters: digits and capitals without I, O, S, V, Z.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 32100-2015: 第1位 登记管理部门代码 → the 第2位 机构类别代码 each may assign. 1 机构编制, 2 外交,
# 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商（市场监管）, A 中央军委改革和编制办公室,
# N 农业, Y 其他 (no categories: always 1).
USCC_CATEGORIES: dict[str, str] = {
    "1": "1239", "2": "19", "3": "1234569", "4": "19", "5": "1239", "6": "129", "7": "129", "8": "19",
    "9": "123", "A": "19", "N": "1239", "Y": "1",
}


def uscc_check_character(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 for its first 17 (GB 32100 附录, 模 31)."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    """Check a 统一社会信用代码 against GB 32100: length, characters, 登记管理部门代码, check character."""
    code = (value or "").strip()
    rule = "统一社会信用代码（GB 32100）"
    if len(code) != 18:
        raise ValidationError(f"{rule}应为18位，实际为{len(code)}位", code="uscc_length")
    bad = sorted({c for c in code if c not in USCC_CHARSET})
    if bad:
        raise ValidationError(
            f"{rule}含有不允许的字符：{'、'.join(bad)}（只能是数字和除 I、O、S、V、Z 外的大写字母）",
            code="uscc_charset")
    if code[0] not in USCC_CATEGORIES:
        raise ValidationError(f"{rule}第1位登记管理部门代码“{code[0]}”不存在", code="uscc_authority")
    if code[1] not in USCC_CATEGORIES[code[0]]:
        raise ValidationError(
            f"{rule}第2位机构类别代码“{code[1]}”不属于登记管理部门“{code[0]}”（可为：{'、'.join(USCC_CATEGORIES[code[0]])}）",
            code="uscc_category")
    if not code[2:8].isdigit():
        raise ValidationError(f"{rule}第3至8位应为行政区划代码（6位数字）", code="uscc_region")
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(f"{rule}校验码错误：第18位应为“{expected}”，实际为“{code[17]}”",
                              code="uscc_check")


# GB 11643-1999 — 公民身份号码: 17 digits and a check character computed mod 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# GB/T 2260 province-level codes, plus 71 台湾, 81 香港, 82 澳门 and 83 (台湾居民居住证).
ID_PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
    "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83",
})


def resident_id_check_character(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def validate_resident_id(value: str, *, today: dt.date | None = None) -> None:
    """Check a 18-digit 公民身份号码 against GB 11643: region, birth date and check character."""
    number = (value or "").strip().upper()
    rule = "公民身份号码（GB 11643）"
    if len(number) != 18:
        raise ValidationError(f"{rule}应为18位，实际为{len(number)}位", code="id_length")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(f"{rule}前17位应为数字，第18位为数字或X", code="id_charset")
    if number[:2] not in ID_PROVINCES:
        raise ValidationError(f"{rule}前两位省级行政区划代码“{number[:2]}”不存在", code="id_region")
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(f"{rule}第7至14位出生日期“{number[6:14]}”不是有效日期",
                              code="id_birth_date") from None
    if born.year < 1900 or born > (today or dt.date.today()):
        raise ValidationError(f"{rule}出生日期“{born.isoformat()}”不在合理范围内", code="id_birth_date")
    expected = resident_id_check_character(number[:17])
    if number[17] != expected:
        raise ValidationError(f"{rule}校验码错误：第18位应为“{expected}”，实际为“{number[17]}”",
                              code="id_check")
