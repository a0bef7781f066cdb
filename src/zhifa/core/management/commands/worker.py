"""``zhifa worker``: run the registered periodic sweeps every ``ZHIFA_SWEEP_SECONDS`` (default 300), and
those registered with ``every=`` that often in between (work a person is waiting for).

One line per sweep round goes to standard output, and one for an in-between run that did something; a failing
sweep is logged with its traceback and the others still run. SIGTERM or Ctrl-C stops the loop between rounds
(or cuts the wait short).
"""

from __future__ import annotations

import signal
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from zhifa.core import sweeps


class Command(BaseCommand):
    help = "运行周期性任务（期限逾期标记、登录失败记录清理等）；--once 只运行一次。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="运行一次后退出")
        parser.add_argument("--interval", type=int, default=None,
                            help="两次运行之间的秒数（默认 ZHIFA_SWEEP_SECONDS）")

    def handle(self, *args, once: bool = False, interval: int | None = None, **options):
        if once:
            self._round(fresh_connections=False)
            return
        seconds = max(1, interval or getattr(settings, "ZHIFA_SWEEP_SECONDS", 300))
        stop = threading.Event()
        previous = signal.getsignal(signal.SIGTERM)

        def _on_term(signum, frame):
            stop.set()

        signal.signal(signal.SIGTERM, _on_term)
        self.stdout.write(f"worker started: sweeps {', '.join(sweeps.registered()) or '-'} every {seconds}s")
        try:
            while not stop.is_set():
                self._round()
                self._between_rounds(stop, seconds)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            self.stdout.write("worker stopped")

    def _between_rounds(self, stop: threading.Event, seconds: float) -> None:
        """Wait until the next round, running the frequent sweeps when each falls due."""
        periods = sweeps.frequent()
        next_round = time.monotonic() + seconds
        last = dict.fromkeys(periods, time.monotonic())
        while not stop.is_set():
            now = time.monotonic()
            if now >= next_round:
                return
            due = [name for name, period in periods.items() if now >= last[name] + period]
            if not due:
                stop.wait(min([next_round, *(last[n] + p for n, p in periods.items())]) - now)
                continue
            close_old_connections()
            results = sweeps.run(due)
            close_old_connections()
            for name in due:
                last[name] = time.monotonic()
            if any(any(counts.values()) for counts in results.values()):
                self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M:%S} {sweeps.summary(results)}")

    def _round(self, *, fresh_connections: bool = True) -> dict[str, dict]:
        # A long-running loop drops connections that died or outlived CONN_MAX_AGE, as a request would.
        if fresh_connections:
            close_old_connections()
        results = sweeps.run_all()
        if fresh_connections:
            close_old_connections()
        self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M:%S} {sweeps.summary(results)}")
        return results
