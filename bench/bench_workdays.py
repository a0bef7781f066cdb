"""How working-day arithmetic scales: add_working_days(d, 1000) should cost about what (d, 5) does.

Run: .venv/bin/python bench/bench_workdays.py
Sets up Django on a throw-away SQLite data dir, migrates (which seeds 2024–2026), then times both calls
over many start days spread across entered and provisional years, and prints both figures and the ratio
(target: at most 3; exits 1 when missed). Each call includes the one cheap query that checks the calendar's
revision token. The data dir is removed at the end.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time

from targets import Targets


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="zhifa-bench-") as data_dir:
        targets = measure(data_dir)
    targets.exit()


def measure(data_dir: str) -> Targets:
    os.environ["ZHIFA_DATA_DIR"] = data_dir
    os.environ.pop("ZHIFA_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    from zhifa.workdays.calendar import add_working_days

    starts = [dt.date(2024, 1, 1) + dt.timedelta(days=i * 7) for i in range(200)]  # 2024 … late 2027
    for n in (5, 1000):  # warm the caches (entered years, provisional years from the lunar tables)
        for d in starts:
            add_working_days(d, n)

    def per_call(n: int, rounds: int = 7) -> float:
        timings = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            for d in starts:
                add_working_days(d, n)
            timings.append((time.perf_counter() - t0) / len(starts))
        return statistics.median(timings)

    from zhifa.workdays import calendar

    state = calendar._load()

    def arithmetic(n: int, rounds: int = 7) -> float:
        """The search alone, without the token query: what would grow if it walked day by day."""
        timings = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            for d in starts:
                a = d.toordinal()
                removed, added = state.span(d.year, dt.date.fromordinal(a + 2 * n + 40).year)
                calendar._nth_working_day(a, n, removed, added)
            timings.append((time.perf_counter() - t0) / len(starts))
        return statistics.median(timings)

    five, thousand = per_call(5), per_call(1000)
    ratio = thousand / five
    a5, a1000 = arithmetic(5), arithmetic(1000)
    print(f"arithmetic only, n=5:      {a5 * 1e6:8.1f} µs per call")
    print(f"arithmetic only, n=1000:   {a1000 * 1e6:8.1f} µs per call   (ratio {a1000 / a5:.2f})")
    print(f"add_working_days(d, 5):    {five * 1e6:8.1f} µs per call")
    print(f"add_working_days(d, 1000): {thousand * 1e6:8.1f} µs per call")
    targets = Targets()
    targets.check(ratio <= 3, f"ratio 1000/5: {ratio:.2f} (target ≤ 3)")
    return targets


if __name__ == "__main__":
    main()
