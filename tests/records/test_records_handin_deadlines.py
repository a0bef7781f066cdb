"""Hand-in and description deadlines (REC-10) as obligations: AV within 24 hours of capture (3 working days for
field work), described within 2 working days; red when late. Dates checked by hand against the 2026 schedule."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from zhifa.obligations.models import Colour, Obligation, ObligationState
from zhifa.obligations.sweep import sweep
from zhifa.records import actions
from zhifa.records.models import Evidence, Upload

CST = ZoneInfo("Asia/Shanghai")
DATA = os.urandom(4000)


def obligation(subject, rule) -> Obligation:
    ct = ContentType.objects.get_for_model(subject)
    return Obligation.objects.get(subject_type=ct, subject_id=subject.pk, rule=rule)


@time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=CST), tick=False)
def test_av_hand_in_is_due_24_hours_after_capture_and_turns_red_when_late(people, tus_as):
    # Captured until 09:40 on Friday 20 November: 24 hours from the next whole hour, Saturday 10:00.
    tus = tus_as(people.u_officer)
    url = tus.url(tus.create(len(DATA), kind="video", capture_start="2026-11-20T09:00",
                             capture_end="2026-11-20T09:40"))
    upload = Upload.objects.get()
    ob = obligation(upload, actions.HANDIN_RULE)
    assert timezone.localtime(ob.due_at) == dt.datetime(2026, 11, 21, 10, 0, tzinfo=CST)
    assert ob.assignee == people.u_officer
    sweep(dt.datetime(2026, 11, 21, 10, 1, tzinfo=CST))
    ob.refresh_from_db()
    assert ob.state == ObligationState.LATE and ob.colour() == Colour.RED
    with time_machine.travel(dt.datetime(2026, 11, 21, 11, 0, tzinfo=CST), tick=False):
        tus = tus_as(people.u_officer)  # the next day, signed in again (yesterday's session has timed out)
        assert tus.patch(url, DATA, 0).status_code == 204
    ob.refresh_from_db()
    assert ob.state == ObligationState.MET and ob.met_late
    ev = Evidence.objects.get()
    assert ev.handed_in_late and timezone.localtime(ev.handin_due) == dt.datetime(2026, 11, 21, 10, 0, tzinfo=CST)


@time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=CST), tick=False)
def test_field_work_has_the_agency_s_working_days(people, tus_as):
    # Field work ending Friday 20 November: 3 working days → Wednesday 25 November, end of day.
    tus_as(people.u_officer).create(len(DATA), kind="video", capture_start="2026-11-20T08:00",
                                    capture_end="2026-11-20T09:30", field_work="1")
    ob = obligation(Upload.objects.get(), actions.HANDIN_RULE)
    assert timezone.localtime(ob.due_at) == dt.datetime(2026, 11, 25, 23, 59, 59, tzinfo=CST)


@time_machine.travel(dt.datetime(2026, 9, 30, 15, 0, tzinfo=CST), tick=False)
def test_description_is_due_in_two_working_days_and_met_when_complete(people, tus_as):
    # Handed in on 30 September 2026, the eve of 国庆 (1–7 October off, 10 October a working Saturday):
    # two working days later is Friday 9 October.
    tus_as(people.u_officer).upload(DATA, kind="video", capture_start="2026-09-30T13:00",
                                    capture_end="2026-09-30T14:10")
    ev = Evidence.objects.get()
    assert set(ev.missing_description()) == {"摄录设备", "地点", "摄录人", "执法人员"}
    ob = obligation(ev, actions.DESCRIBE_RULE)
    assert timezone.localtime(ob.due_at) == dt.datetime(2026, 10, 9, 23, 59, 59, tzinfo=CST)
    assert "待著录" in ob.title
    actions.describe(actor=people.u_officer, evidence=ev, device="DSJ-0012", place="立山区", officers=[people.zhang,
                     people.li], camera_operator=people.li)
    ob.refresh_from_db()
    ev.refresh_from_db()
    assert ob.state == ObligationState.MET and ev.described_at is not None


def test_describe_page_saves_and_records_what_changed(people, login):
    ev = actions.ingest_stream(actor=people.u_officer, unit=people.nr_team, chunks=[DATA], original_name="a.pdf",
                               description={"kind": "document"})
    client = login(people.u_officer)
    assert client.get(f"/records/{ev.pk}/describe/").status_code == 200
    r = client.post(f"/records/{ev.pk}/describe/", {"kind": "document", "title": "询问笔录",
                                                    "officers": [people.zhang.pk, people.li.pk]})
    assert r.status_code == 302
    ev.refresh_from_db()
    assert ev.title == "询问笔录" and ev.described_at is not None
    from zhifa.ledger.models import Entry

    entry = Entry.objects.get(kind="evidence.described")
    assert "询问笔录" in entry.payload
    r = client.post(f"/records/{ev.pk}/describe/", {"kind": "video", "capture_start": "2026-11-02T10:00",
                                                    "capture_end": "2026-11-02T09:00"})
    assert r.status_code == 422 and "结束时间不能早于开始时间" in r.content.decode()
