"""What is public now, for machines: the Atom feed parses and lists the newest publications and withdrawals with
links to their pages and nothing private; the CSV and JSON downloads read back with exactly the current public
snapshots (a withdrawn one's reason but not its items, no earlier version, no draft), the personal 证件号码 and
the witness nowhere, in a fixed number of queries however many rows."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.publicity.conftest import PARTY_ID, WITNESS, WITNESS_ID

from zhifa.publicity import actions, open_data
from zhifa.publicity.models import Publication, PublicationState, PublishedSnapshot

ATOM = "{http://www.w3.org/2005/Atom}"
PRIVATE = (PARTY_ID, WITNESS_ID, WITNESS, "13904121234", "138-4123-5678", "胜利路12号")


def _published(pub, reviewer):
    actions.mark(actor=reviewer, publication=pub, decisions=dict.fromkeys(range(len(pub.marks)), "accepted"))
    return actions.publish(actor=reviewer, publication=pub)


def _copy(snap: PublishedSnapshot, n: int, **changes) -> PublishedSnapshot:
    """Another current public snapshot like ``snap`` (a row as publishing writes it)."""
    values = {f.attname: getattr(snap, f.attname) for f in PublishedSnapshot._meta.concrete_fields if f.attname != "id"}
    return PublishedSnapshot.objects.create(**values | {"version": 100 + n, "party_name": f"鞍山第{n}号公司"} | changes)


@pytest.fixture
def public_now(world, decided, reviewer):
    """The decision published, then republished (a correction: version 1 is no longer current), a second
    publication withdrawn with its reason, and a third left a draft."""
    pub = Publication.objects.get(case_id=decided[0].pk)
    old = _published(pub, reviewer)
    Publication.objects.filter(pk=pub.pk).update(state=PublicationState.REVIEW)
    current = actions.publish(actor=reviewer, publication=Publication.objects.get(pk=pub.pk))
    PublishedSnapshot.objects.filter(pk=old.pk).update(text=old.text + "旧版本独有的文字")
    pub.refresh_from_db()
    values = {f.attname: getattr(pub, f.attname) for f in Publication._meta.concrete_fields if f.attname != "id"}
    other = Publication.objects.create(**values | {"source_id": 90_001, "state": PublicationState.REVIEW,
                                                   "party_name": "鞍山撤回公司"})
    withdrawn = actions.publish(actor=reviewer, publication=other)
    PublishedSnapshot.objects.filter(pk=withdrawn.pk).update(party_name="鞍山撤回公司", text="撤回前的正文")
    actions.record_revocation(actor=reviewer, publication=other, ground="revoked", revoked_on=timezone.localdate(),
                              reason="经行政复议决定撤销")
    withdrawn = actions.withdraw(actor=reviewer, publication=other)
    Publication.objects.create(**values | {"source_id": 90_002, "party_name": "草稿公司",
                                           "record": {**pub.record, "行政相对人名称": "草稿公司"}})
    return {"current": current, "old": old, "withdrawn": withdrawn}


def _download(client, fmt: str) -> str:
    response = client.get(f"/portal/publications/open-data.{fmt}")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_feed_is_atom_with_the_newest_publications_and_withdrawals_and_nothing_private(client, public_now):
    response = client.get("/portal/publications/feed/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert (root.findtext(f"{ATOM}{required}") or "").strip(), required
    entries = root.findall(f"{ATOM}entry")
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    current, withdrawn = public_now["current"], public_now["withdrawn"]
    assert links == [f"http://testserver/portal/publications/{withdrawn.pk}/",  # withdrawn last, so newest
                     f"http://testserver/portal/publications/{current.pk}/"]
    for entry in entries:
        for required in ("id", "title", "updated", "summary"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip(), required
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[0].startswith("撤回：") and "王大山" in titles[1]
    summaries = [e.findtext(f"{ATOM}summary") for e in entries]
    assert "经行政复议决定撤销" in summaries[0] and "撤回前的正文" not in body
    assert "罚款" in summaries[1]  # the outcome, from the snapshot's redacted items
    assert "旧版本独有的文字" not in body and "草稿公司" not in body
    for private in PRIVATE:
        assert private not in body, private
    assert client.get("/portal/").content.decode().count('type="application/atom+xml"') == 1  # discoverable


def test_the_csv_download_holds_exactly_the_current_public_snapshots(client, public_now):
    text = _download(client, "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    current, withdrawn = public_now["current"], public_now["withdrawn"]
    assert sorted(int(r["公示编号"]) for r in rows) == sorted([current.pk, withdrawn.pk])
    by_pk = {int(r["公示编号"]): r for r in rows}
    shown = by_pk[current.pk]
    assert shown["当事人"] == "王大山" and shown["版本"] == "2" and shown["处罚机关"] == current.fields["处罚机关"]
    assert shown["页面"] == f"http://testserver/portal/publications/{current.pk}/" and shown["公示正文"] == current.text
    gone = by_pk[withdrawn.pk]
    assert gone["状态"] == "已撤回" and "经行政复议决定撤销" in gone["撤回理由"]
    assert all(not gone[name] for name in (*open_data.ITEMS, open_data.TEXT))  # its items are no longer public
    assert "证件号码" not in rows[0] and "法定代表人证件号码" not in rows[0]
    for absent in ("旧版本独有的文字", "撤回前的正文", "草稿公司", *PRIVATE):
        assert absent not in text, absent


def test_the_json_download_holds_exactly_the_current_public_snapshots(client, public_now):
    rows = json.loads(_download(client, "json"))
    current, withdrawn = public_now["current"], public_now["withdrawn"]
    by_pk = {r["公示编号"]: r for r in rows}
    assert sorted(by_pk) == sorted([current.pk, withdrawn.pk])
    assert by_pk[current.pk]["信息项"] == dict(current.ordered_fields())
    assert list(by_pk[current.pk]["信息项"]) == [k for k, _v in current.ordered_fields()]  # the standard's order
    assert set(by_pk[withdrawn.pk]) == set(open_data.HEADING) and by_pk[withdrawn.pk]["撤回理由"]
    text = json.dumps(rows, ensure_ascii=False)
    for absent in ("旧版本独有的文字", "撤回前的正文", "草稿公司", *PRIVATE):
        assert absent not in text, absent


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_download_costs_the_same_queries_for_more_publications(client, public_now, fmt):
    _download(client, fmt)
    with CaptureQueriesContext(connection) as few:
        _download(client, fmt)
    for n in range(40):
        _copy(public_now["current"], n)
    with CaptureQueriesContext(connection) as many:
        assert _download(client, fmt).count("鞍山第") == 40
    assert len(many) == len(few)


def test_a_download_reads_in_chunks_and_gives_every_row_once(client, public_now, monkeypatch):
    for n in range(6):
        _copy(public_now["current"], n)
    monkeypatch.setattr(open_data, "CHUNK", 3)
    with CaptureQueriesContext(connection) as read:
        rows = json.loads(_download(client, "json"))
    assert len(rows) == len({r["公示编号"] for r in rows}) == 8
    assert len(read) == 3  # 8 rows in chunks of 3
