"""The portal's search over current public snapshots: an application-side bigram index (``SearchToken``) of the
party name, the decision number and the USCC, so a two-character Chinese name is one indexed equality on SQLite
and PostgreSQL alike (pg_trgm and SQLite's trigram tokenizer need three characters). A query's bigrams must
all be present; the candidates are then checked against the column itself (the bigrams of 张三丰 are also those
of 张三 and 三丰 apart)."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Count, Q, QuerySet

from zhifa.publicity.models import PUBLIC_STATES, PublishedSnapshot, SearchToken

_NOISE = re.compile(r"[\s·•・\-－—()（）〔〕\[\]【】]+")


def _norm(text: str) -> str:
    return _NOISE.sub("", text or "").upper()


def grams(text: str) -> set[str]:
    """The bigrams of ``text`` (spaces and brackets dropped, letters upper-cased); a single character is its own."""
    t = _norm(text)
    return {t} if len(t) == 1 else {t[i:i + 2] for i in range(len(t) - 1)}


def index(snapshot: PublishedSnapshot) -> None:
    tokens = grams(snapshot.party_name) | grams(snapshot.decision_number) | grams(snapshot.uscc)
    SearchToken.objects.bulk_create([SearchToken(token=t, snapshot=snapshot) for t in sorted(tokens)],
                                    ignore_conflicts=True)


def unindex(snapshot: PublishedSnapshot) -> None:
    SearchToken.objects.filter(snapshot=snapshot).delete()


def public() -> QuerySet[PublishedSnapshot]:
    return PublishedSnapshot.objects.filter(current=True, state__in=PUBLIC_STATES)


def find(*, text: str = "", agency_id: int | None = None, kind: str = "", since: dt.date | None = None,
         until: dt.date | None = None) -> QuerySet[PublishedSnapshot]:
    """Current public snapshots matching every given criterion, newest decision first."""
    found = public()
    wanted = grams(text)
    if wanted:
        having = (SearchToken.objects.filter(token__in=wanted).values("snapshot")
                  .annotate(n=Count("token")).filter(n=len(wanted)).values("snapshot"))
        norm = text.strip()
        found = found.filter(pk__in=having).filter(
            Q(party_name__icontains=norm) | Q(decision_number__icontains=norm) | Q(uscc__iexact=norm.upper())
            | Q(decision_number__icontains=_norm(norm)))
    if agency_id:
        found = found.filter(agency_id=agency_id)
    if kind:
        found = found.filter(kind=kind)
    if since:
        found = found.filter(decided_on__gte=since)
    if until:
        found = found.filter(decided_on__lte=until)
    return found.order_by("-decided_on", "-pk")
