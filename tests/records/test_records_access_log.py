"""Access (REC-13): every view and download is a ledger entry with who, what and why; viewing AV needs an
approval where the agency says so; a party's application is recorded with its approval; scope is 404."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from zhifa.ledger.models import Entry
from zhifa.records import actions
from zhifa.records.models import Evidence, ViewRequest, ViewRequestState

CAPTURED = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
DATA = os.urandom(20_000)


def hand_in(people, kind="video") -> Evidence:
    return actions.ingest_stream(actor=people.u_officer, unit=people.nr_team, chunks=[DATA], original_name="现场.mp4",
                                 description={"kind": kind, "capture_start": CAPTURED,
                                              "capture_end": CAPTURED + dt.timedelta(minutes=5)})


def payload(entry: Entry) -> dict:
    return json.loads(entry.payload)


def test_download_needs_a_reason_and_is_recorded(people, login):
    ev = hand_in(people, kind="document")
    client = login(people.u_li)
    r = client.post(f"/records/{ev.pk}/download/", {"reason": ""})
    assert r.status_code == 422
    assert not Entry.objects.filter(kind="evidence.downloaded").exists()
    r = client.post(f"/records/{ev.pk}/download/", {"reason": "制作案卷"})
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == DATA
    assert "attachment" in r["Content-Disposition"]
    entry = Entry.objects.get(kind="evidence.downloaded")
    assert entry.actor_label == "lina" and payload(entry)["reason"] == "制作案卷"
    assert entry.subject_id == str(ev.pk) and ev.blob.sm3 in entry.evidence


def test_viewing_the_detail_and_the_printed_form_is_recorded(people, login):
    ev = hand_in(people)
    client = login(people.u_unit_head)
    assert client.get(f"/records/{ev.pk}/").status_code == 200
    assert client.get(f"/records/{ev.pk}/form/").status_code == 200
    whats = [payload(e)["what"] for e in Entry.objects.filter(kind="evidence.viewed").order_by("seq")]
    assert whats == ["详情", "摄录情况记录表"]
    assert {e.actor_label for e in Entry.objects.filter(kind="evidence.viewed")} == {"nr_team_head"}


def test_av_needs_approval_then_the_approved_request_is_named(people, login):
    ev = hand_in(people)
    client = login(people.u_li)
    r = client.post(f"/records/{ev.pk}/download/", {"reason": "核对现场情况"})
    assert r.status_code == 422 and "须经批准" in r.content.decode()
    assert not Entry.objects.filter(kind="evidence.downloaded").exists()

    client.post(f"/records/{ev.pk}/requests/", {"purpose": "view", "reason": "核对现场情况"})
    req = ViewRequest.objects.get()
    assert req.state == ViewRequestState.PENDING and req.requested_by == people.u_li
    # An officer cannot approve; the agency head can.
    assert login(people.u_officer).post(f"/records/requests/{req.pk}/decide/", {"approve": "1"}).status_code == 404
    head = login(people.u_head)
    assert req.evidence.pk == ev.pk
    assert "核对现场情况" in head.get("/records/requests/").content.decode()
    head.post(f"/records/requests/{req.pk}/decide/", {"approve": "1", "note": "同意"})
    req.refresh_from_db()
    assert req.state == ViewRequestState.APPROVED and req.decided_by == people.u_head and req.valid_until

    client = login(people.u_li)
    r = client.post(f"/records/{ev.pk}/download/", {"reason": "核对现场情况", "inline": "1"})
    assert r.status_code == 302 and client.get(r["Location"]).status_code == 200
    entry = Entry.objects.get(kind="evidence.downloaded")
    assert payload(entry)["view_request"] == req.pk and payload(entry)["what"] == "在线查看"
    assert Entry.objects.filter(kind="evidence.view_decided", subject_id=str(ev.pk)).exists()


def test_the_uploader_needs_no_approval_and_the_setting_can_be_turned_off(people, login):
    ev = hand_in(people)
    assert login(people.u_officer).post(f"/records/{ev.pk}/download/", {"reason": "自查"}).status_code == 200
    actions.update_settings(actor=people.u_records, agency=people.nr, handin_hours=24, field_work_workdays=3,
                            describe_workdays=2, av_view_needs_approval=False, approval_valid_days=7, av_months=24)
    assert login(people.u_li).post(f"/records/{ev.pk}/download/", {"reason": "核对"}).status_code == 200


def test_party_application_is_recorded_with_its_approval_and_the_copy(people, login):
    ev = hand_in(people)
    records = login(people.u_records)
    records.post(f"/records/{ev.pk}/party/", {"party_name": "鞍山某建材有限公司", "party_id_number": "",
                                             "purpose": "copy", "reason": "申请复制现场录像"})
    req = ViewRequest.objects.get()
    assert req.is_party and req.requested_by == people.u_records
    applied = Entry.objects.get(kind="evidence.view_requested")
    assert payload(applied)["party"] == "鞍山某建材有限公司"
    actions.decide_view_request(actor=people.u_head, request=req, approve=True, note="同意复制")
    r = login(people.u_records).post(f"/records/{ev.pk}/download/", {"reason": "为当事人复制",
                                                                      "view_request": req.pk})
    assert r.status_code == 200
    copied = Entry.objects.get(kind="evidence.downloaded")
    assert payload(copied)["party"] == "鞍山某建材有限公司" and payload(copied)["purpose"] == "copy"


def test_a_refused_request_gives_no_access(people, login):
    ev = hand_in(people)
    req = actions.request_view(actor=people.u_li, evidence=ev, purpose="view", reason="想看")
    actions.decide_view_request(actor=people.u_head, request=req, approve=False, note="理由不充分")
    r = login(people.u_li).post(f"/records/{ev.pk}/download/", {"reason": "想看", "view_request": req.pk})
    assert r.status_code == 422


def test_nobody_approves_their_own_request(people):
    from zhifa.core.errors import RuleViolation

    ev = hand_in(people)
    req = actions.request_view(actor=people.u_head, evidence=ev, purpose="view", reason="复核")
    with pytest.raises(RuleViolation):
        actions.decide_view_request(actor=people.u_head, request=req, approve=True)


def test_outside_the_reach_evidence_is_404_like_missing(people, login):
    ev = hand_in(people)
    assert login(people.u_zj_head).get(f"/records/{ev.pk}/").status_code == 404
    assert login(people.u_ly_head).post(f"/records/{ev.pk}/download/", {"reason": "x"}).status_code == 404
    assert login(people.u_head).get("/records/999999/").status_code == 404
    # The supervisor of 鞍山 reads it (and that read is recorded too).
    assert login(people.u_supervisor).get(f"/records/{ev.pk}/").status_code == 200
    assert Entry.objects.filter(kind="evidence.viewed", actor_label="as_supervisor").exists()
    assert not Entry.objects.filter(kind="evidence.viewed", actor_label__in=["zj_head", "ly_head"]).exists()
