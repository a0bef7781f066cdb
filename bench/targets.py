"""A benchmark's verdict: each target printed PASS or FAIL beside its figures, and exit status 1 when any was
missed, so that scripts/bench (``make bench``) fails with it."""

from __future__ import annotations

import sys
from typing import NoReturn


class Targets:
    def __init__(self) -> None:
        self.missed: list[str] = []

    def check(self, met: bool, text: str) -> bool:
        print(f"{'PASS' if met else 'FAIL'}  {text}")
        if not met:
            self.missed.append(text)
        return met

    def exit(self) -> NoReturn:
        if self.missed:
            print(f"未达到目标：{len(self.missed)} 项")
        sys.exit(1 if self.missed else 0)


def compare_sizes(targets: Targets, results: dict[tuple[str, int], tuple[int, float]], labels: list[str],
                  small: int, large: int, noun: str) -> list[str]:
    """The table of (queries, median ms) per label at ``small`` and ``large`` ``noun``s, and the two targets of
    each: the same number of queries, the time at most 2x. Returns the labels that were too slow."""
    print(f"\n{'页面':<20}{noun:>10}{'查询数':>8}{'中位数(ms)':>12}{'倍数':>8}")
    for label in labels:
        base_ms = results[(label, small)][1]
        for size in (small, large):
            q, ms = results[(label, size)]
            print(f"{label:<20}{size:>12,}{q:>9}{ms:>12.1f}{ms / base_ms:>9.2f}")
    print()
    slow = []
    for label in labels:
        (q1, ms1), (q2, ms2) = results[(label, small)], results[(label, large)]
        targets.check(q1 == q2, f"{label}：查询数不随{noun}增长（{q1} → {q2}）")
        if not targets.check(ms2 <= 2 * ms1, f"{label}：{noun}{large:,}时耗时不超过{small:,}时的 2 倍"
                             f"（{ms1:.1f} → {ms2:.1f} ms，{ms2 / ms1:.2f} 倍）"):
            slow.append(label)
    return slow
