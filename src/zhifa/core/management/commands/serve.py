"""``zhifa serve``: the production web server, gunicorn serving ``zhifa.wsgi:application`` (docs/operations.md).

The process becomes gunicorn (exec), so a supervisor's signals reach its master directly: SIGTERM finishes
the requests in flight and stops, SIGHUP reloads the workers. Further gunicorn options go in
``GUNICORN_CMD_ARGS``.
"""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand


def _default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1  # gunicorn's own advice


class Command(BaseCommand):
    help = "以生产方式（gunicorn）提供服务：监听地址、进程数、线程数取自 ZHIFA_BIND、ZHIFA_WORKERS、ZHIFA_THREADS"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("ZHIFA_BIND", "127.0.0.1:8000"),
                            help="监听地址（默认 ZHIFA_BIND 或 127.0.0.1:8000：只供本机的反向代理连接）")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("ZHIFA_WORKERS", _default_workers())),
                            help="工作进程数（默认 ZHIFA_WORKERS 或 2×CPU 核数+1）")
        parser.add_argument("--threads", type=int, default=int(os.environ.get("ZHIFA_THREADS", "4")),
                            help="每个工作进程的线程数（默认 ZHIFA_THREADS 或 4）")

    def handle(self, *args, bind: str, workers: int, threads: int, **options):
        os.execv(sys.executable, [
            sys.executable, "-m", "gunicorn", "zhifa.wsgi:application",
            "--bind", bind, "--workers", str(workers), "--threads", str(threads),
            # Threaded workers: an upload's chunk or a recording streamed to a slow client may take longer than
            # gunicorn's worker timeout, which a synchronous worker would be killed at.
            "--worker-class", "gthread",
            # Not needed here, and its one default path per user would be shared by every gunicorn on the host.
            "--no-control-socket",
        ])
