"""Benchmark: the role × URL matrix test (tests/security/test_url_matrix.py) stays under 3 minutes on 2 cores.

    .venv/bin/python bench/bench_url_matrix.py                      # SQLite in a temporary data dir
    .venv/bin/python bench/bench_url_matrix.py --postgres postgres://postgres@127.0.0.1:5432/zhifa

Runs the matrix's module with pytest in a child process (pytest-django creates and drops test_<name> on the
PostgreSQL server; its temporary files go to a directory removed at the end) and prints its wall-clock time and
the CPU time it used. On a machine shared with other work the wall-clock time grows with the load and the CPU
time does not, so both are printed, with the load average (the matrix is one process, so on an idle machine the
two are close); the target is on the wall clock, the issue's 3 minutes. Exits 1 when the matrix's tests fail or
the target is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from targets import Targets

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 180


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--postgres", metavar="URL", help="run on PostgreSQL")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ZHIFA_DATA_DIR": tmp,
               "ZHIFA_DATABASE_URL": args.postgres or f"sqlite:///{tmp}/zhifa.sqlite3"}
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                 f"--basetemp={tmp}/pytest", "tests/security/test_url_matrix.py"], cwd=ROOT, env=env,
                                capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    print(result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-500:])
    load = os.getloadavg()[0]
    print(f"matrix on {'PostgreSQL' if args.postgres else 'SQLite'}: {wall:.0f} s wall clock, {cpu:.0f} s CPU "
          f"(load average {load:.1f} on {os.cpu_count()} cores); target {TARGET_SECONDS} s")
    targets = Targets()
    targets.check(result.returncode == 0, f"矩阵的测试通过（pytest exit {result.returncode}）")
    targets.check(wall <= TARGET_SECONDS, f"矩阵用时 {wall:.0f} 秒（目标 ≤ {TARGET_SECONDS} 秒）")
    targets.exit()


if __name__ == "__main__":
    main()
