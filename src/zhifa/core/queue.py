"""Work queued for ``zhifa worker``: rows with a state, ``requested_at`` and ``started_at`` (verification runs,
big imports), taken one at a time."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.utils import timezone

M = TypeVar("M", bound=models.Model)


def claim_oldest(model: type[M], *, queued: str, running: str, related: tuple[str, ...] = ()) -> M | None:
    """Take the oldest queued row and mark it running; None when none waits. A conditional UPDATE, so two
    workers never take the same row (the loser tries the next one)."""
    manager = model._default_manager
    while True:
        pk = (manager.filter(state=queued).order_by("requested_at", "pk").values_list("pk", flat=True).first())
        if pk is None:
            return None
        if manager.filter(pk=pk, state=queued).update(state=running, started_at=timezone.now()):
            return manager.select_related(*related).get(pk=pk)
