"""`zhifa run` starts the worker beside the server, so a verification asked for on a page gets run, and stops it
with the server; `--no-worker` leaves it to a worker run separately."""

from __future__ import annotations

import io
import signal
import sys

import pytest
from django.core.management import call_command

from zhifa.demo.management.commands import run


class FakeWorker:
    started: list[list[str]] = []

    def __init__(self, args):
        self.started.append(args)
        self.stopped = False

    def terminate(self):
        self.stopped = True
        FakeWorker.last = self

    def wait(self, timeout=None):
        return 0


@pytest.fixture
def served(db, monkeypatch):
    calls = []
    FakeWorker.started = []
    monkeypatch.setattr(run.subprocess, "Popen", FakeWorker)

    def fake_call_command(name, *args, **kwargs):
        calls.append(name)

    monkeypatch.setattr(run, "call_command", fake_call_command)
    return calls


def test_run_starts_the_worker_and_stops_it_with_the_server(served):
    before = signal.getsignal(signal.SIGTERM)
    call_command("run", "--no-demo", stdout=io.StringIO())
    assert served == ["migrate", "runserver"]
    assert signal.getsignal(signal.SIGTERM) == before
    assert FakeWorker.started == [[sys.executable, "-m", "zhifa", "worker"]]
    assert FakeWorker.last.stopped


def test_run_without_the_worker(served):
    call_command("run", "--no-demo", "--no-worker", stdout=io.StringIO())
    assert FakeWorker.started == [] and served == ["migrate", "runserver"]
