"""The portal's search over the demo's generated publications (``zhifa.demo.publications``): a two-character name,
a USCC, a decision number however its brackets are typed, and the start of one, each through its own index and
newest first, at a page's cost whatever the number of publications; and what the generator makes — USCCs that
pass their check character, numbers in each agency's style, withdrawn and corrected publications as the portal
shows them, no 身份证号 and no mobile number anywhere in what is published."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.core.validators import validate_uscc
from zhifa.demo import publications
from zhifa.publicity import actions
from zhifa.publicity.models import PUBLIC_STATES, Publication, PublicationState, PublishedSnapshot, SearchToken
from zhifa.publicity.redaction import ID_PATTERN, MOBILE_PATTERN, valid_resident_id

TODAY = dt.date(2026, 11, 2)
SEARCH = "/portal/publications/"


@pytest.fixture
def generated(cast):
    made = publications.build(120, today=TODAY)
    assert sum(made.values()) == 120
    return made


def _found(client, q: str, **params) -> list[int]:
    page = client.get(SEARCH, {"q": q, **params})
    assert page.status_code == 200
    return [int(pk) for pk in re.findall(r'href="/portal/publications/(\d+)/"', page.content.decode())]


def _current(**filters) -> PublishedSnapshot:
    return PublishedSnapshot.objects.filter(current=True, state=PublicationState.PUBLISHED, **filters).order_by(
        "pk").first()


def test_the_generator_makes_published_withdrawn_corrected_and_expired_publications(generated):
    assert generated[PublicationState.PUBLISHED] > 60
    assert generated[PublicationState.WITHDRAWN] >= 2 and generated[PublicationState.EXPIRED] >= 1
    corrected = Publication.objects.filter(snapshots__version=2).distinct()
    assert corrected.count() >= 3
    for pub in corrected:
        first, second = pub.snapshots.order_by("version")
        assert not first.current and second.current and "更正" in second.fields["违法事实"]
        assert "更正" not in first.fields["违法事实"]
    for snap in PublishedSnapshot.objects.select_related("publication"):
        # the digest publishing gives, over what is stored
        assert snap.sm3 == actions._digest(snap.fields, snap.text, snap.version, snap.publication, snap.published_at)
        assert TODAY - dt.timedelta(days=3 * 365 + 7) <= snap.decided_on < TODAY
        if snap.uscc:
            validate_uscc(snap.uscc)
        assert re.fullmatch(r"鞍(自然|住建)(罚|许)〔20\d\d〕\d+号", snap.decision_number)
    # the index holds the current public snapshots only, by name
    indexed = set(SearchToken.objects.values_list("snapshot_id", flat=True))
    assert indexed == set(PublishedSnapshot.objects.filter(current=True, state__in=PUBLIC_STATES)
                          .values_list("pk", flat=True))


def test_nothing_generated_holds_a_resident_id_or_a_mobile_number(generated):
    texts = [s.text for s in PublishedSnapshot.objects.all()]
    texts += [str(v) for s in PublishedSnapshot.objects.all() for v in s.fields.values()]
    texts += [str(v) for p in Publication.objects.all() for v in p.record.values()]
    assert not [m.group() for t in texts for m in ID_PATTERN.finditer(t) if valid_resident_id(m.group())]
    assert not [m.group() for t in texts for m in MOBILE_PATTERN.finditer(t)]


def test_a_two_character_name_is_found_newest_first(client, generated):
    snap = _current(publication__natural_person=True)
    name = snap.party_name[:2]
    found = _found(client, name)
    assert snap.pk in found or len(found) == 20
    rows = list(PublishedSnapshot.objects.filter(pk__in=found))
    assert all(name in r.party_name for r in rows)
    dates = [r.decided_on for r in sorted(rows, key=lambda r: found.index(r.pk))]
    assert dates == sorted(dates, reverse=True)
    # within a date range, through the same index
    assert snap.pk in _found(client, name, since=f"{snap.decided_on:%Y-%m-%d}", until=f"{snap.decided_on:%Y-%m-%d}")


def test_a_longer_name_needs_its_characters_together(client, generated):
    snap = _current(publication__natural_person=False)
    assert snap.pk in _found(client, snap.party_name)
    assert snap.pk in _found(client, snap.party_name[3:9])
    assert not _found(client, snap.party_name[3:5] + snap.party_name[7:9])  # its bigrams, apart


def test_a_uscc_and_a_decision_number_are_found_however_typed(client, generated):
    snap = _current(publication__natural_person=False)
    assert _found(client, snap.uscc) == [snap.pk]
    assert _found(client, snap.uscc.lower()) == [snap.pk]
    typed = snap.decision_number.replace("〔", "[").replace("〕", "] ")
    assert _found(client, typed) == [snap.pk]
    year = snap.decision_number.split("〕")[0] + "〕"
    found = PublishedSnapshot.objects.filter(pk__in=_found(client, year))
    assert found and all(s.decision_number.startswith(year) for s in found)
    assert _found(client, "鞍自然罚〔2019〕1号") == []  # a number that does not exist: an empty page


def test_a_withdrawn_publication_is_found_with_its_reason_and_an_expired_one_is_not(client, generated):
    withdrawn = PublishedSnapshot.objects.filter(state=PublicationState.WITHDRAWN).first()
    assert withdrawn.pk in _found(client, withdrawn.decision_number)
    page = client.get(f"/portal/publications/{withdrawn.pk}/").content.decode()
    assert publications.WITHDRAWN_REASON in page
    expired = PublishedSnapshot.objects.filter(state=PublicationState.EXPIRED).first()
    assert _found(client, expired.decision_number) == []
    assert client.get(f"/portal/publications/{expired.pk}/").status_code == 404


def test_an_earlier_version_of_a_corrected_publication_links_to_the_current_one(client, generated):
    first = PublishedSnapshot.objects.filter(version=1, current=False).first()
    second = PublishedSnapshot.objects.get(publication=first.publication_id, current=True)
    assert _found(client, first.decision_number) == [second.pk]
    page = client.get(f"/portal/publications/{first.pk}/").content.decode()
    assert f"/portal/publications/{second.pk}/" in page


def test_a_search_costs_the_same_queries_for_more_publications(client, generated):
    snap = _current(publication__natural_person=False)
    queries = {}
    for label, q in (("name", "鞍山"), ("longer name", snap.party_name), ("uscc", snap.uscc),
                     ("number", snap.decision_number)):
        with CaptureQueriesContext(connection) as ctx:
            _found(client, q)
        queries[label] = len(ctx)
    publications.build(80, today=TODAY)
    for label, q in (("name", "鞍山"), ("longer name", snap.party_name), ("uscc", snap.uscc),
                     ("number", snap.decision_number)):
        with CaptureQueriesContext(connection) as ctx:
            _found(client, q)
        assert len(ctx) == queries[label], label
