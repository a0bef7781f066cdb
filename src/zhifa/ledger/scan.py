"""The hot loop of ``zhifa verify``: a chain's rows, in ``seq`` order, checked and folded into its Merkle tree.

``Scanner`` is the C one (``_scan.c``) when it was built at install, else ``PyScanner`` below; both do the
same, and the tests run every verification case through each. A scanner only ever says "this row holds":
whatever it cannot settle it hands back (``STOP_ROW``) to ``verify.py``, which decides with the full
checks of ``check_entry``.

Rows are the columns of ``COLUMNS``, the time as text in Django's SQLite form (``verify._rows`` asks
PostgreSQL for the same text), so that one formatting rule serves both databases.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from zhifa.ledger import merkle
from zhifa.ledger.canonical import format_time
from zhifa.ledger.digest import ZERO

COLUMNS = ("seq", "prev_hash", "entry_hash", "kind", "subject_type", "subject_id", "subject_label", "actor_id",
           "actor_label", "recorded_at", "payload", "evidence", "corrects")
STOP_END, STOP_CHECKPOINT, STOP_ROW = 0, 1, 2

_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f]')
_is_nfc = unicodedata.is_normalized


def _js(s: str) -> str:
    """A JSON string exactly as ``canonical_json`` writes it."""
    if not _is_nfc("NFC", s):
        s = unicodedata.normalize("NFC", s)
    if _NEEDS_ESCAPE.search(s):
        return json.dumps(s, ensure_ascii=False)
    return '"' + s + '"'


def parse_time(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)
    parsed = parse_datetime(str(value))
    if parsed is None:
        raise ValueError(f"时间无法解析：{value}")
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=dt.UTC)


def _time_text(value: Any) -> str:
    """The canonical UTC time of a raw ``recorded_at`` (Django's SQLite text is UTC; an aware datetime)."""
    if isinstance(value, dt.datetime) and value.tzinfo is None:  # Django's SQLite columns hold UTC
        return value.isoformat(timespec="microseconds") + "Z"
    if isinstance(value, str):
        if len(value) == 26 and value[10] == " ":  # "YYYY-MM-DD HH:MM:SS.ffffff", UTC
            return value[:10] + "T" + value[11:] + "Z"
        if len(value) == 19 and value[10] == " ":
            return value[:10] + "T" + value[11:] + ".000000Z"
        value = parse_time(value)
    if value.utcoffset() == dt.timedelta(0):
        return value.isoformat(timespec="microseconds")[:-6] + "Z"
    return format_time(value)


def record_bytes(chain: int, row: tuple) -> bytes:
    """``canonical_json(entry.record())`` from a raw row, without building the record (same bytes)."""
    seq, _, _, kind, st, sid, sl, aid, al, at, payload, evidence, corrects = row
    plain = "|".join((kind, st, sid, sl, al, corrects or ""))
    if _NEEDS_ESCAPE.search(plain) is None and (plain.isascii() or _is_nfc("NFC", plain)):
        fixed = f'"{corrects}"' if corrects else "null"
        return (f'{{"actor":{{"id":{"null" if aid is None else int(aid)},"label":"{al}"}},'
                f'"at":"{_time_text(at)}","chain":{chain},"corrects":{fixed},'
                f'"evidence":{evidence},"kind":"{kind}","payload":{payload},"seq":{seq},'
                f'"subject":{{"id":"{sid}","label":"{sl}","type":"{st}"}},"v":1}}').encode()
    return (f'{{"actor":{{"id":{"null" if aid is None else int(aid)},"label":{_js(al)}}},"at":"{_time_text(at)}",'
            f'"chain":{chain},"corrects":{_js(corrects) if corrects else "null"},"evidence":{evidence},'
            f'"kind":{_js(kind)},"payload":{payload},"seq":{seq},'
            f'"subject":{{"id":{_js(sid)},"label":{_js(sl)},"type":{_js(st)}}},"v":1}}').encode()


class PyScanner:
    """``_scan.Scanner`` in Python: the same interface and the same answers, about three times slower."""

    def __init__(self, chain: int, check_from: int, key_kind: str) -> None:
        self.chain, self.check_from, self.key_kind = chain, check_from, key_kind
        self.seq, self.prev, self.size, self.checked = 1, ZERO, 0, 0
        self.stack: list[bytes] = []
        self.kept: dict[tuple[int, int], bytes] = {}
        self._watch: tuple[int, int] | None = None

    def watch(self, lo_hi: tuple[int, int] | None) -> None:
        """Keep the subtrees whose parent touches leaves [lo, hi] (a consistency proof's), in a fresh dict."""
        self._watch, self.kept = lo_hi, {}

    def accept(self, seq: int, entry_hash: str) -> None:
        """Fold in a row the caller has checked."""
        self._push(bytes.fromhex(entry_hash))
        self.seq, self.prev = seq + 1, entry_hash

    def feed(self, rows: list[tuple], start: int, stop_size: int) -> tuple[int, int]:
        """Check and fold in ``rows[start:]``: (next index, why it stopped)."""
        sm3 = merkle._sm3
        for i in range(start, len(rows)):
            row = rows[i]
            seq, prev, eh = row[0], row[1], row[2]
            if row[3] == self.key_kind:
                return i, STOP_ROW
            try:
                if seq >= self.check_from:
                    if seq != self.seq or prev != self.prev:
                        return i, STOP_ROW
                    h = sm3.copy()
                    h.update(bytes.fromhex(prev) + record_bytes(self.chain, row))
                    if h.hexdigest() != eh:
                        return i, STOP_ROW
                    self.checked += 1
                self._push(bytes.fromhex(eh))
            except (ValueError, TypeError):
                return i, STOP_ROW
            self.seq, self.prev = seq + 1, eh
            if stop_size and self.size == stop_size:
                return i + 1, STOP_CHECKPOINT
        return len(rows), STOP_END

    def _push(self, entry_hash: bytes) -> None:
        sm3 = merkle._sm3
        leaf = sm3.copy()
        leaf.update(b"\x00" + entry_hash)
        node, i, level = leaf.digest(), self.size, 0
        watch, stack = self._watch, self.stack
        if watch is not None and merkle._parent_touches(0, i, *watch):
            self.kept[(0, i)] = node
        while i & 1:
            parent = sm3.copy()
            parent.update(b"\x01" + stack.pop() + node)
            node, i, level = parent.digest(), i >> 1, level + 1
            if watch is not None and merkle._parent_touches(level, i, *watch):
                self.kept[(level, i)] = node
        stack.append(node)
        self.size += 1


try:
    from zhifa.ledger._scan import Scanner
except ImportError:  # built without a C compiler: the same checks, slower
    Scanner = PyScanner  # type: ignore[misc,assignment]
