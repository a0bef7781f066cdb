"""Login throttling: after too many failures for one user name or one address, refuse for a while.

Counted in the database so that every server process sees the same count.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from zhifa.agencies.models import LoginFailure


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.ZHIFA_LOGIN_WINDOW_MINUTES)


def is_locked(username: str, address: str | None) -> bool:
    q = Q(username=username.lower())
    if address:
        q |= Q(address=address)
    return (LoginFailure.objects.filter(q, at__gte=_window_start()).count()
            >= settings.ZHIFA_LOGIN_MAX_FAILURES)


def record_failure(username: str, address: str | None) -> None:
    LoginFailure.objects.create(username=username.lower()[:150], address=address)


def clear(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()


def prune() -> int:
    """Forget failures older than the window; the sweep calls this."""
    return LoginFailure.objects.filter(at__lt=_window_start()).delete()[0]
