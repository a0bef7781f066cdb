"""Django's superuser flag grants nothing in the enforcement work (issue 9, item 3): a superuser with no role
is refused what the table refuses to someone with no role — here, the three things the demo ``admin`` did
outside its 系统管理员 role: approving another agency's view request, placing a hold, handing in evidence."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.contrib.auth import get_user_model

from zhifa.agencies.permissions import ACTIONS, reach
from zhifa.ledger.models import Entry
from zhifa.records import actions
from zhifa.records.models import Evidence, Hold, Upload, ViewRequest, ViewRequestState

CAPTURED = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def root(people):
    return get_user_model().objects.create_superuser("root", password="zhifa-test-1")


@pytest.fixture
def recording(people):
    return actions.ingest_stream(
        actor=people.u_officer, unit=people.nr_team, chunks=[os.urandom(5000)], original_name="现场.mp4",
        description={"kind": "video", "capture_start": CAPTURED, "capture_end": CAPTURED + dt.timedelta(minutes=5)})


def test_a_superuser_reaches_nothing_by_the_table(root):
    assert all(reach(root, action) == (False, []) for action in ACTIONS)


def test_a_superuser_without_roles_cannot_approve_a_view_request(people, root, recording, login):
    req = actions.request_view(actor=people.u_li, evidence=recording, purpose="view", reason="核对现场情况")
    client = login(root)
    assert client.get("/records/requests/").status_code in (403, 404)
    assert client.post(f"/records/requests/{req.pk}/decide/", {"approve": "1", "note": "同意"}).status_code == 404
    req.refresh_from_db()
    assert req.state == ViewRequestState.PENDING and req.decided_by is None
    assert not Entry.objects.filter(kind="evidence.view_decided").exists()
    assert ViewRequest.objects.count() == 1


def test_a_superuser_without_roles_cannot_place_a_hold(people, root, recording, login):
    r = login(root).post(f"/records/{recording.pk}/holds/", {"reason": "complaint", "note": "投诉"})
    assert r.status_code == 404
    assert not Hold.objects.exists()


def test_a_superuser_without_roles_cannot_hand_in_evidence_for_any_unit(people, root, tus_as, login):
    client = login(root)
    assert client.get("/records/upload/").status_code in (403, 404)
    tus = tus_as(root)
    for unit in (people.nr_team, people.zj_unit, people.ly_nr):
        r = tus.create(1000, unit=str(unit.pk))
        assert r.status_code in (400, 403), r.content.decode()
    assert not Upload.objects.exists() and Evidence.objects.count() == 0


def test_a_superuser_sees_no_agency_officer_or_evidence(people, root, recording, login):
    client = login(root)
    for url in (f"/agencies/{people.nr.pk}/", f"/officers/{people.zhang.pk}/", f"/records/{recording.pk}/"):
        assert client.get(url).status_code == 404, url
