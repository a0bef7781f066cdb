"""A tiny registry of periodic sweeps: each app registers its own in ``AppConfig.ready()``.

A sweep is ``func(now) -> {"what": count}``; ``zhifa worker`` calls ``run_all`` every
``ZHIFA_SWEEP_SECONDS``. A sweep that takes work someone is waiting for (a verification asked for on a page)
registers with ``every=`` a few seconds, and the worker also runs it that often in between. One failing
sweep is logged and does not stop the others.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.utils import timezone

log = logging.getLogger(__name__)

Sweep = Callable[[dt.datetime], dict[str, int]]

_registry: dict[str, Sweep] = {}
_every: dict[str, float] = {}


def register(name: str, func: Sweep, *, every: float | None = None) -> None:
    """Register ``func`` under ``name``; the same name again replaces it, so reloads are harmless.

    ``every``: seconds between runs when it must run more often than the worker's round.
    """
    _registry[name] = func
    if every is None:
        _every.pop(name, None)
    else:
        _every[name] = every


def registered() -> dict[str, Sweep]:
    return dict(_registry)


def frequent() -> dict[str, float]:
    """The sweeps that run more often than the round, with their periods in seconds."""
    return {name: seconds for name, seconds in _every.items() if name in _registry}


def run_all(now: dt.datetime | None = None) -> dict[str, dict]:
    """Run every sweep once at ``now``; the result maps each name to its counts or to {"error": text}."""
    return run(list(_registry), now)


def run(names: list[str], now: dt.datetime | None = None) -> dict[str, dict]:
    """Run the named sweeps once at ``now``, as ``run_all`` does."""
    now = now or timezone.now()
    results: dict[str, dict] = {}
    for name, func in [(n, _registry[n]) for n in names if n in _registry]:
        try:
            results[name] = dict(func(now) or {})
        except Exception as exc:  # a broken sweep must not stop the others
            log.exception("sweep %s failed", name)
            results[name] = {"error": f"{type(exc).__name__}: {exc}"}
    return results


def summary(results: dict[str, dict]) -> str:
    """One line: ``obligations late=3; login_failures pruned=0``."""
    parts = []
    for name, counts in results.items():
        inner = " ".join(f"{k}={v}" for k, v in counts.items()) or "-"
        parts.append(f"{name} {inner}")
    return "; ".join(parts) or "no sweeps registered"
