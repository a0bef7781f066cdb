"""Personal numbers as lists show them: enough to tell two people apart, not enough to use (个人信息保护法 第51条).

``mask_id("210302199001011234")`` → ``210302********1234``; ``mask_phone("13812345678")`` → ``138****5678``.
Full numbers appear only where a person allowed to manage the record asks for that record, never in a list,
an export of lists, the ledger's payloads or anything public.
"""

from __future__ import annotations


def mask_id(number: str | None) -> str:
    """An identity number with its middle hidden: 18 or 15 characters keep the first 6 (the region) and the
    last 4; other documents keep the first 2 and last 2; very short ones show only stars."""
    n = (number or "").strip()
    if len(n) >= 15:
        return n[:6] + "*" * (len(n) - 10) + n[-4:]
    if len(n) >= 6:
        return n[:2] + "*" * (len(n) - 4) + n[-2:]
    return "*" * len(n)


def mask_phone(number: str | None) -> str:
    """A telephone number with all but its first 3 and last 4 digits hidden (short ones: the last 2)."""
    n = (number or "").strip()
    if len(n) >= 11:
        return n[:3] + "*" * (len(n) - 7) + n[-4:]
    if len(n) >= 4:
        return "*" * (len(n) - 2) + n[-2:]
    return "*" * len(n)
