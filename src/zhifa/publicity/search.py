"""The portal's search over current public snapshots, each kind of query through an index of its own, on SQLite
and PostgreSQL alike, and newest decision first at a cost that does not grow with the table:

- a USCC (18 characters of the code's alphabet): the ``uscc`` column, exactly;
- a text with a digit: the start of a decision number, by its normalised ``number_key`` (brackets and spaces
  dropped: 鞍自然罚[2026]3号 finds 鞍自然罚〔2026〕3号, 鞍自然罚〔2026〕 the year's);
- anything else, a party's name: an application-side bigram index (``SearchToken``), since pg_trgm and
  SQLite's trigram tokenizer need three characters. A two-character name is one bigram, whose index entries are
  kept newest first (search_token_newest), so a page reads its rows and stops. A longer name walks its rarest
  bigram's entries, checks the others (EXISTS, an exact lookup in the same index) and the name itself (the
  bigrams of 张三丰 are also those of 张三 and 三丰 apart).
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from zhifa.core.errors import RuleViolation
from zhifa.core.validators import USCC_CHARSET
from zhifa.publicity.models import PUBLIC_STATES, PublishedSnapshot, SearchToken, search_key

USCC_SHAPE = re.compile(f"[{USCC_CHARSET}]{{18}}")  # GB 32100's alphabet: digits and capitals but I, O, S, V, Z
# A longer name's bigrams are compared by how many entries each has, counted up to this: enough to tell the
# rare from the common, at a bounded cost.
RARITY_CAP = 1000
# The bigram index's unit: a single character is in most names and has no entries of its own, so the public is
# asked for two (a surname and a given name's first character, say) rather than shown an empty page.
MIN_CHARS = 2
TOO_SHORT = "请至少输入两个字：行政相对人名称中连续的两个字（如“张伟”），或统一社会信用代码、决定文书号"


def grams(text: str) -> set[str]:
    """The bigrams of ``text`` (spaces and brackets dropped, letters upper-cased); a single character is its own."""
    t = search_key(text)
    return {t} if len(t) == 1 else {t[i:i + 2] for i in range(len(t) - 1)}


def tokens_of(snapshot: PublishedSnapshot) -> list[SearchToken]:
    """The index entries of a snapshot (unsaved): what ``index`` writes and a bulk load inserts."""
    return [SearchToken(token=t, snapshot=snapshot, decided_on=snapshot.decided_on)
            for t in sorted(grams(snapshot.party_name))]


def index(snapshot: PublishedSnapshot) -> None:
    SearchToken.objects.bulk_create(tokens_of(snapshot))


def unindex(snapshot: PublishedSnapshot) -> None:
    SearchToken.objects.filter(snapshot=snapshot).delete()


def public() -> QuerySet[PublishedSnapshot]:
    # current__in, not current=True: Django writes the latter as a bare "current", which SQLite does not take
    # for the equality that lets snapshot_public serve the newest-first order; "current" IN (1) it does.
    return PublishedSnapshot.objects.filter(current__in=[True], state__in=PUBLIC_STATES)


def _number_prefix(key: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(number_key__startswith=key)  # LIKE 'key%' through the varchar_pattern_ops index
    # SQLite compares text by its bytes (BINARY), where the strings starting with ``key`` are exactly this range;
    # its LIKE would not use the index (it folds case).
    return Q(number_key__gte=key, number_key__lt=key + "\U0010ffff")


def _by_name(text: str, since: dt.date | None, until: dt.date | None) -> QuerySet[PublishedSnapshot]:
    wanted = sorted(grams(text))
    drive = wanted[0] if len(wanted) == 1 else min(
        wanted, key=lambda t: SearchToken.objects.filter(token=t)[:RARITY_CAP].count())
    on: dict[str, object] = {"tokens__token": drive}  # one filter(): one join, the one the order walks
    if since:
        on["tokens__decided_on__gte"] = since
    if until:
        on["tokens__decided_on__lte"] = until
    found = public().filter(**on)
    for other in wanted:
        if other != drive:
            found = found.filter(Exists(SearchToken.objects.filter(  # search_token_newest, exactly
                token=other, decided_on=OuterRef("decided_on"), snapshot=OuterRef("pk"))))
    if len(wanted) > 1:
        found = found.filter(party_name__contains=text.strip())
    return found.order_by("-tokens__decided_on", "-tokens__snapshot_id")


def find(*, text: str = "", agency_id: int | None = None, kind: str = "", since: dt.date | None = None,
         until: dt.date | None = None) -> QuerySet[PublishedSnapshot]:
    """Current public snapshots matching every given criterion, newest decision first; a text of one character
    is refused (``MIN_CHARS``)."""
    key = search_key(text)
    if 0 < len(key) < MIN_CHARS:
        raise RuleViolation(TOO_SHORT, field="q")
    if key and not USCC_SHAPE.fullmatch(key) and not any(c.isdigit() for c in key):
        found = _by_name(text, since, until)
    else:
        found = public().order_by("-decided_on", "-pk")
        if key:
            found = found.filter(uscc=key) if USCC_SHAPE.fullmatch(key) else found.filter(_number_prefix(key))
        if since:
            found = found.filter(decided_on__gte=since)
        if until:
            found = found.filter(decided_on__lte=until)
    if agency_id:
        found = found.filter(agency_id=agency_id)
    if kind:
        found = found.filter(kind=kind)
    return found
