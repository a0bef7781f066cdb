"""The navigation's count of waiting items: asked only when a page draws it, once per request."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from zhifa.work import queue

# The badge counts this far, then reads "99+".
BADGE_CAP = 99


def _badge(user) -> str:
    n = queue.count(user, timezone.now(), cap=BADGE_CAP + 1)
    return f"{BADGE_CAP}+" if n > BADGE_CAP else str(n) if n else ""


def work_count(request: HttpRequest) -> dict:
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"work_count": SimpleLazyObject(lambda: _badge(user))}
