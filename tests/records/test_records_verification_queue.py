"""The verification page queues a run; `zhifa worker` runs it and keeps the result; the page polls while it waits
and keeps showing the last finished run. One queued run per scope; problems found are shown; a run never stays
运行中 for ever."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhifa.core import sweeps
from zhifa.core.management.commands.worker import Command as Worker
from zhifa.ledger.models import Entry
from zhifa.records import actions
from zhifa.records.models import VerificationRun, VerificationState
from zhifa.records.verify import run_queued


def hand_in(people, n: int = 2):
    return [actions.ingest_stream(actor=people.u_officer, unit=people.nr_team, chunks=[os.urandom(4000)],
                                  original_name=f"{i}.jpg", description={"kind": "document", "title": "现场检查"})
            for i in range(n)]


def page(client, htmx: bool = False) -> str:
    r = client.get("/records/verify/", headers={"HX-Request": "true"} if htmx else {})
    assert r.status_code == 200
    return r.content.decode()


def test_posting_queues_a_run_that_the_worker_completes(people, login):
    hand_in(people)
    client = login(people.u_records)
    assert "尚未校验" in page(client)

    r = client.post("/records/verify/", follow=True)
    body = r.content.decode()
    assert "已提交校验" in body and "排队中" in body and 'hx-trigger="every 2s"' in body
    run = VerificationRun.objects.get()
    assert (run.state, run.run_by, run.scope, run.ok) == (VerificationState.QUEUED, people.u_records,
                                                         str(people.nr.pk), None)
    requested = Entry.objects.get(kind="records.verification_requested")
    assert requested.chain == people.nr.pk and requested.actor_label == "nr_records"

    out = io.StringIO()
    call_command("worker", "--once", stdout=out)
    assert "records_verification verified=1" in out.getvalue()
    run.refresh_from_db()
    assert run.state == VerificationState.DONE and run.ok and run.blobs == 2 and run.entries > 0
    assert run.started_at is not None and run.finished_at >= run.started_at
    finished = json.loads(Entry.objects.get(kind="records.verification_finished").payload)
    assert finished["ok"] is True and finished["blobs"] == 2

    # The polling request gets the status part alone, finished, and no longer asks to be polled.
    with CaptureQueriesContext(connection) as ctx:
        part = page(client, htmx=True)
    assert "通过" in part and "hx-trigger" not in part and "<html" not in part
    assert len(ctx.captured_queries) < 15


def test_a_second_request_while_one_waits_is_refused_with_a_message(people, login):
    client = login(people.u_records)
    client.post("/records/verify/")
    body = client.post("/records/verify/", follow=True).content.decode()
    assert "该范围已有一次校验在排队" in body
    assert VerificationRun.objects.count() == 1
    # Another user with the same reach asks for the same scope: the same answer.
    assert "已有一次校验在排队" in login(people.u_head).post("/records/verify/", follow=True).content.decode()
    assert VerificationRun.objects.count() == 1


def test_while_a_run_is_under_way_the_page_says_so_and_another_may_queue(people, login):
    client = login(people.u_records)
    client.post("/records/verify/")
    running = actions.claim_verification()
    assert running.state == VerificationState.RUNNING
    assert "运行中" in page(client, htmx=True)
    assert actions.claim_verification() is None  # nothing else waits
    client.post("/records/verify/")
    assert VerificationRun.objects.filter(state=VerificationState.QUEUED).count() == 1


def test_the_last_finished_run_stays_shown_while_the_next_waits(people, login):
    hand_in(people, 1)
    client = login(people.u_records)
    client.post("/records/verify/")
    run_queued(timezone.now())
    client.post("/records/verify/")
    body = page(client)
    assert "排队中" in body and "通过" in body and "尚未校验" not in body


def test_problems_found_by_the_worker_are_shown(people, login, store):
    ev = hand_in(people, 1)[0]
    path = store / "files" / ev.blob.name
    data = bytearray(path.read_bytes())
    data[10] ^= 0x01
    path.chmod(0o600)
    path.write_bytes(bytes(data))

    client = login(people.u_head)
    client.post("/records/verify/")
    assert run_queued(timezone.now()) == {"verified": 1}
    run = VerificationRun.objects.get()
    assert run.state == VerificationState.DONE and run.ok is False
    body = page(client)
    assert "发现问题" in body and ev.blob.sm3 in body and "被改动" in body


def test_a_verification_that_fails_is_closed_with_the_error(people, login, monkeypatch):
    def broken(**kwargs):
        raise OSError("磁盘读取错误")

    monkeypatch.setattr("zhifa.ledger.verify.verify", broken)
    client = login(people.u_records)
    client.post("/records/verify/")
    run_queued(timezone.now())
    run = VerificationRun.objects.get()
    assert run.state == VerificationState.ERROR and run.ok is None
    body = page(client)
    assert "未能完成" in body and "磁盘读取错误" in body and "hx-trigger" not in body


def test_a_run_whose_worker_died_is_closed_after_twelve_hours(people, login):
    client = login(people.u_records)
    client.post("/records/verify/")
    run = actions.claim_verification()
    later = run.started_at + dt.timedelta(hours=12, minutes=1)
    assert run_queued(later) == {"verified": 0, "abandoned": 1}
    run.refresh_from_db()
    assert run.state == VerificationState.ERROR and "工作进程在运行中停止" in run.problems


def test_scope_follows_the_users_reach(people, login):
    login(people.u_supervisor).post("/records/verify/")
    login(people.u_admin).post("/records/verify/")
    runs = {r.run_by.username: r for r in VerificationRun.objects.select_related("run_by")}
    assert runs["as_supervisor"].scope == ",".join(str(a.pk) for a in (people.sfj, people.nr, people.zj))
    assert runs["sysadmin"].scope == "all"
    # A wider scope than one agency is recorded in the system chain.
    assert set(Entry.objects.filter(kind="records.verification_requested").values_list("chain", flat=True)) == {0}
    assert login(people.u_officer).post("/records/verify/").status_code == 403
    assert login(people.u_officer).get("/records/verify/").status_code == 403


@pytest.mark.django_db  # the worker refreshes connections between runs, as between requests
def test_the_worker_runs_a_frequent_sweep_between_rounds(monkeypatch):
    stop = threading.Event()
    calls = []

    def waiting_work(now):
        calls.append(now)
        stop.set()
        return {"verified": 1}

    monkeypatch.setattr(sweeps, "_registry", {})
    monkeypatch.setattr(sweeps, "_every", {})
    sweeps.register("slow", lambda now: pytest.fail("a round's sweep ran between rounds"))
    sweeps.register("quick", waiting_work, every=0.01)
    out = io.StringIO()
    worker = Worker(stdout=out)
    worker._between_rounds(stop, seconds=60)
    assert len(calls) == 1 and "quick verified=1" in out.getvalue()
