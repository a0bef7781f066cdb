"""The sweep turns open obligations late after their due time, in one UPDATE; the worker runs it."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import signal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from zhifa.core import sweeps
from zhifa.obligations.actions import ensure_obligation
from zhifa.obligations.models import Obligation, ObligationState, PeriodUnit
from zhifa.obligations.sweep import sweep

CST = ZoneInfo("Asia/Shanghai")
DUE = dt.datetime(2026, 11, 4, 17, 0, tzinfo=CST)


def make(cast, *, rule="GEN-03", due_at=DUE, subject=None):
    return ensure_obligation(
        agency=cast.nr, subject=subject or cast.zhang.credentials.first(), rule=rule, title="办理",
        due_at=due_at, warn_from=due_at - dt.timedelta(days=3), unit=PeriodUnit.HOUR, assignee=cast.u_officer)


@pytest.mark.parametrize("now, state", [
    (DUE - dt.timedelta(seconds=1), ObligationState.OPEN),
    (DUE, ObligationState.OPEN),
    (DUE + dt.timedelta(microseconds=1), ObligationState.LATE),
])
def test_obligation_due_at_t_is_not_late_at_t_and_late_just_after(cast, now, state):
    ob = make(cast)
    sweep(now)
    ob.refresh_from_db()
    assert ob.state == state


def test_sweep_counts_what_turned_late_and_a_second_run_changes_nothing(cast):
    make(cast, rule="A")
    make(cast, rule="B")
    make(cast, rule="C", due_at=DUE + dt.timedelta(days=1))
    after = DUE + dt.timedelta(hours=1)
    assert sweep(after) == {"late": 2}
    assert sweep(after) == {"late": 0}
    assert Obligation.objects.filter(state=ObligationState.LATE).count() == 2


def test_sweep_leaves_paused_met_and_waived_obligations_alone(cast):
    paused = make(cast, rule="P")
    Obligation.objects.filter(pk=paused.pk).update(state=ObligationState.PAUSED, paused_at=DUE)
    met = make(cast, rule="M")
    Obligation.objects.filter(pk=met.pk).update(state=ObligationState.MET, met_at=DUE)
    sweep(DUE + dt.timedelta(days=5))
    states = set(Obligation.objects.values_list("state", flat=True))
    assert states == {ObligationState.PAUSED, ObligationState.MET}


def test_sweep_costs_the_same_whatever_the_number_of_obligations(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhifa.ledger.models import Entry

    counts = []
    for n, day in ((3, 1), (30, 2)):
        for i in range(n):
            make(cast, rule=f"R-{day}-{i}")
        with CaptureQueriesContext(connection) as ctx:
            assert sweep(DUE + dt.timedelta(days=day)) == {"late": n}
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    # One ledger entry per agency and sweep names every obligation it marked.
    marked = Entry.objects.filter(kind="obligation.marked_late").order_by("seq")
    assert [len(__import__("json").loads(e.payload)["obligations"]) for e in marked] == [3, 30]


def test_worker_once_runs_the_sweep_and_marks_late(cast):
    ob = make(cast)
    out = io.StringIO()
    with time_machine.travel(DUE + dt.timedelta(minutes=1), tick=False):
        call_command("worker", "--once", stdout=out)
    ob.refresh_from_db()
    assert ob.state == ObligationState.LATE
    assert "obligations late=1" in out.getvalue()
    assert "login_failures pruned=0" in out.getvalue()


def test_every_app_registers_its_sweep():
    assert {"obligations", "login_failures"} <= set(sweeps.registered())


def test_a_failing_sweep_is_logged_and_the_others_still_run(monkeypatch, caplog):
    def broken(now):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(sweeps, "_registry", {})
    sweeps.register("first", broken)
    sweeps.register("second", lambda now: {"done": 1})
    with caplog.at_level(logging.ERROR, logger="zhifa.core.sweeps"):
        results = sweeps.run_all(dt.datetime(2026, 11, 4, tzinfo=CST))
    assert results["second"] == {"done": 1}
    assert "磁盘已满" in results["first"]["error"]
    assert "sweep first failed" in caplog.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the loop refreshes connections
def test_worker_loop_stops_cleanly_on_sigterm(monkeypatch):
    calls = []

    def fake_run_all(now=None):
        calls.append(now)
        os.kill(os.getpid(), signal.SIGTERM)  # as a service manager would, mid-round
        return {"obligations": {"late": 0}}

    monkeypatch.setattr(sweeps, "run_all", fake_run_all)
    before = signal.getsignal(signal.SIGTERM)
    out = io.StringIO()
    call_command("worker", "--interval", "3600", stdout=out)
    assert len(calls) == 1
    assert "obligations late=0" in out.getvalue()
    assert out.getvalue().rstrip().endswith("worker stopped")
    assert signal.getsignal(signal.SIGTERM) == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_loop_stops_cleanly_on_ctrl_c(monkeypatch):
    def interrupted(now=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(sweeps, "run_all", interrupted)
    out = io.StringIO()
    call_command("worker", "--interval", "3600", stdout=out)
    assert "worker stopped" in out.getvalue()
