"""The pages: the portal's search finds a two-character name through the bigram index, escapes a script typed
in the box, answers 404 for page -1 and 10^12; a publication page reads its snapshot; the staff list costs a
fixed number of queries; the reviewer marks and publishes through the workspace."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.publicity.conftest import WITNESS, WITNESS_ID

from zhifa.publicity import actions
from zhifa.publicity.models import Publication, PublicationState


def _published(pub, reviewer):
    actions.mark(actor=reviewer, publication=pub, decisions=dict.fromkeys(range(len(pub.marks)), "accepted"))
    return actions.publish(actor=reviewer, publication=pub)


def test_the_reviewer_marks_and_publishes_through_the_workspace(client, world, decided, reviewer):
    pub = Publication.objects.get(case_id=decided[0].pk)
    client.force_login(reviewer)
    page = client.get(f"/publicity/{pub.pk}/")
    assert page.status_code == 200 and "孙某某" in page.content.decode()  # the suggestion, to confirm
    body = page.content.decode()  # the record in the standard's order, whatever order the database keeps
    assert body.index("行政相对人名称") < body.index("数据来源单位")  # jsonb puts the shorter key first
    form = {f"m{i}": "accepted" for i in range(len(pub.marks))} | {"manual": "某村=××村"}
    assert client.post(f"/publicity/{pub.pk}/", form).status_code == 302
    assert client.post(f"/publicity/{pub.pk}/publish/").status_code == 302
    pub.refresh_from_db()
    assert pub.state == PublicationState.PUBLISHED
    client.logout()
    snap = pub.snapshots.get()
    shown = client.get(f"/portal/publications/{snap.pk}/").content.decode()
    assert "王大山" in shown and WITNESS not in shown and WITNESS_ID not in shown and "某村" not in shown
    assert shown.index("行政相对人名称") < shown.index("处罚机关")


def test_an_officer_does_not_see_the_workspace(client, world, decided):
    pub = Publication.objects.get(case_id=decided[0].pk)
    client.force_login(world.u_officer)
    assert client.get(f"/publicity/{pub.pk}/").status_code == 404


def test_the_portal_finds_a_two_character_name_and_a_decision_number(client, world, decided, reviewer):
    snap = _published(Publication.objects.get(case_id=decided[0].pk), reviewer)
    for q in ("王大", "大山", snap.decision_number):
        page = client.get("/portal/publications/", {"q": q})
        assert page.status_code == 200 and f"/portal/publications/{snap.pk}/" in page.content.decode(), q
    assert f"/portal/publications/{snap.pk}/" not in client.get("/portal/publications/", {"q": "王山"}).content.decode()


def test_bad_input_on_the_portal_is_answered_and_escaped(client, world, decided, reviewer):
    _published(Publication.objects.get(case_id=decided[0].pk), reviewer)
    page = client.get("/portal/publications/", {"q": "<script>alert(1)</script>"})
    assert page.status_code == 200 and "<script>alert(1)" not in page.content.decode()
    assert "&lt;script&gt;" in page.content.decode()
    for bad in ("-1", str(10**12), "x"):
        assert client.get("/portal/publications/", {"page": bad}).status_code == 404
    assert client.get("/portal/publications/999999999/").status_code == 404
    assert client.get("/portal/publications/", {"since": "2026-13-40"}).status_code == 422


def test_a_withdrawn_publication_shows_its_reason_only(client, world, decided, reviewer):
    pub = Publication.objects.get(case_id=decided[0].pk)
    snap = _published(pub, reviewer)
    actions.record_revocation(actor=reviewer, publication=pub, ground="illegal", revoked_on=timezone.localdate(),
                              reason="人民法院判决确认违法")
    actions.withdraw(actor=reviewer, publication=pub)
    shown = client.get(f"/portal/publications/{snap.pk}/").content.decode()
    assert "人民法院判决确认违法" in shown and "被确认违法" in shown and "违法事实" not in shown


def test_the_staff_list_costs_the_same_queries_for_more_publications(client, world, decided, reviewer):
    client.force_login(reviewer)
    client.get("/publicity/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/publicity/").status_code == 200
    first = Publication.objects.get()
    for n in range(5):
        Publication.objects.create(**{f.attname: getattr(first, f.attname) for f in Publication._meta.concrete_fields
                                      if f.attname != "id"} | {"source_id": 10_000 + n})
    with CaptureQueriesContext(connection) as six:
        page = client.get("/publicity/")
    assert page.content.decode().count("/publicity/") >= 6 and len(six) == len(one)


def test_a_revocation_without_its_reason_is_refused_beside_the_field(client, world, decided, reviewer):
    pub = Publication.objects.get(case_id=decided[0].pk)
    _published(pub, reviewer)
    client.force_login(reviewer)
    today = f"{timezone.localdate():%Y-%m-%d}"
    refused = client.post(f"/publicity/{pub.pk}/revocation/", {"ground": "revoked", "revoked_on": today, "reason": ""})
    assert refused.status_code == 422 and "撤回理由" in refused.content.decode()
    done = client.post(f"/publicity/{pub.pk}/revocation/", {"ground": "revoked", "revoked_on": today,
                                                            "reason": "复议撤销"})
    assert done.status_code == 302
    assert client.post(f"/publicity/{pub.pk}/withdraw/").status_code == 302
    pub.refresh_from_db()
    assert pub.state == PublicationState.WITHDRAWN
