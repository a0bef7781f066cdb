"""Article numbers as the law writes them: 第四十二条 ⇄ 42.

Only what article numbers need: whole numbers from 1 to 9999, in the forms the official texts use
(十 for 10, 一百零一 for 101, 一百一十 for 110, 一千零一 for 1001).
"""

from __future__ import annotations

import re

DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
_DIGIT_VALUE = {c: i for i, c in enumerate(DIGITS)} | {"〇": 0, "两": 2}
_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000}
_ARTICLE = re.compile(r"^\s*第?\s*([0-9]+|[零〇一二两三四五六七八九十百千]+)\s*条?\s*$")


def to_chinese(n: int) -> str:
    """42 → 四十二; 10 → 十; 101 → 一百零一; 110 → 一百一十."""
    if not 1 <= n <= 9999:
        raise ValueError(f"条号超出范围：{n}")
    out: list[str] = []
    rest = n
    zero_pending = False
    for value, unit in _UNITS:
        digit, rest = divmod(rest, value)
        if digit:
            if zero_pending:
                out.append("零")
                zero_pending = False
            out.append(DIGITS[digit] + unit)
        elif out:
            zero_pending = True
    if rest:
        if zero_pending:
            out.append("零")
        out.append(DIGITS[rest])
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text


def from_chinese(text: str) -> int:
    """四十二 → 42; 十 → 10; 一百零一 → 101. Raises ValueError for anything else."""
    if not text or any(c not in _DIGIT_VALUE and c not in _UNIT_VALUE for c in text):
        raise ValueError(f"“{text}”不是中文数字")
    total, digit, last_unit = 0, None, 10_000
    for c in text:
        if c in _DIGIT_VALUE:
            if digit is not None and digit != 0 and _DIGIT_VALUE[c] != 0:
                raise ValueError(f"“{text}”不是中文数字")
            digit = _DIGIT_VALUE[c]
        else:
            unit = _UNIT_VALUE[c]
            if unit >= last_unit:
                raise ValueError(f"“{text}”不是中文数字")
            total += (1 if digit is None else digit) * unit
            last_unit, digit = unit, None
    total += digit or 0
    if total < 1 or to_chinese(total) not in (text, "一" + text):
        raise ValueError(f"“{text}”不是规范的中文数字")
    return total


def article_label(seq: int) -> str:
    return f"第{to_chinese(seq)}条"


def parse_article(text: str) -> int:
    """“第四十二条”, “第42条”, “四十二”, “42” → 42."""
    m = _ARTICLE.match(text or "")
    if not m:
        raise ValueError(f"“{text}”不是条号，应写成“第四十二条”或“第42条”")
    token = m[1]
    return int(token) if token.isdigit() else from_chinese(token)
