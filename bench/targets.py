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
