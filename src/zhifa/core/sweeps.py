"""A tiny registry of periodic sweeps: each app registers its own in ``AppConfig.ready()``.

A sweep is ``func(now) -> {"what": count}``; ``zhifa worker`` calls ``run_all`` every
``ZHIFA_SWEEP_SECONDS``. One failing sweep is logged and does not stop the others.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.utils import timezone

log = logging.getLogger(__name__)

Sweep = Callable[[dt.datetime], dict[str, int]]

_registry: dict[str, Sweep] = {}


def register(name: str, func: Sweep) -> None:
    """Register ``func`` under ``name``; the same name again replaces it, so reloads are harmless."""
    _registry[name] = func


def registered() -> dict[str, Sweep]:
    return dict(_registry)


def run_all(now: dt.datetime | None = None) -> dict[str, dict]:
    """Run every sweep once at ``now``; the result maps each name to its counts or to {"error": text}."""
    now = now or timezone.now()
    results: dict[str, dict] = {}
    for name, func in list(_registry.items()):
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
