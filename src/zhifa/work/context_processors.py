"""The navigation's count of waiting items: asked only when a page draws it, once per request."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from zhifa.work.queue import count_for


def work_count(request: HttpRequest) -> dict:
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"work_count": SimpleLazyObject(lambda: count_for(user))}
