"""The canonical form of ledger data: the exact bytes that are hashed (REC-12).

Anyone can re-implement verification from this description (docs/ledger.md says the same):

- JSON (RFC 8259) encoded as UTF-8, no byte-order mark;
- every string, including object keys, in Unicode normalisation form NFC;
- object keys sorted by Unicode code point; no duplicate keys;
- no insignificant whitespace: separators are ``,`` and ``:``;
- non-ASCII characters written as themselves, not ``\\u`` escapes; the escapes JSON requires
  (``\\"``, ``\\\\``, control characters as ``\\u00XX`` except ``\\b \\f \\n \\r \\t``) as Python's
  ``json`` writes them;
- integers as plain decimal numbers; no floating-point numbers at all — decimals are strings in their
  plain decimal form (``"1234.50"``);
- times as strings in UTC, ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (always six fractional digits);
  dates as ``YYYY-MM-DD``;
- ``true``, ``false``, ``null`` as in JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from decimal import Decimal
from typing import Any


class NotCanonical(TypeError):
    """A value that has no canonical form (a float, a naive time, an unknown type)."""


def format_time(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise NotCanonical("时间必须带时区（naive datetime）")
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normalise(value: Any) -> Any:
    """The value reduced to JSON types in canonical form (strings NFC, times and decimals as text)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        raise NotCanonical("台账数据不得含浮点数：请以字符串或整数表示")
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NotCanonical("台账数据中的数值必须有限")
        return format(value, "f")
    if isinstance(value, dt.datetime):
        return format_time(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise NotCanonical(f"对象的键必须是字符串：{k!r}")
            key = unicodedata.normalize("NFC", k)
            if key in out:
                raise NotCanonical(f"规范化后出现重复的键：{key}")
            out[key] = normalise(v)
        return out
    if isinstance(value, list | tuple):
        return [normalise(v) for v in value]
    raise NotCanonical(f"台账数据不支持的类型：{type(value).__name__}")


def canonical_json(value: Any) -> bytes:
    """The canonical UTF-8 bytes of ``value``."""
    return json.dumps(normalise(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def canonical_text(value: Any) -> str:
    return canonical_json(value).decode("utf-8")
