"""Idle and absolute timeouts for signed-in sessions (等保 2.0：登录连接超时自动退出).

A session ends ``ZHIFA_SESSION_IDLE_MINUTES`` after the last request the person made and
``ZHIFA_SESSION_MAX_HOURS`` after signing in, whatever they did since. Requests a page makes by itself — the
verification page's status polling — carry the ``X-Zhifa-Background`` header and do not count as activity, so
a page left open does not keep its session alive; they still end a session that has timed out.

Django's own expiry (``SESSION_COOKIE_AGE`` with ``SESSION_SAVE_EVERY_REQUEST``) would count every request,
polling included, and write the session on each one; here the time of the last activity is written at most once
a minute, so an upload's many chunk requests do not each cost a session write.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django_htmx.http import HttpResponseClientRedirect

LOGIN_AT = "zhifa_login_at"
SEEN_AT = "zhifa_seen_at"
BACKGROUND_HEADER = "X-Zhifa-Background"
# How stale the stored time of the last activity may get before a request writes it again, in seconds: a
# session may so end up to this much before its idle time is quite over.
SEEN_RESOLUTION = 60


def started(request: HttpRequest | None, **kwargs) -> None:
    """``user_logged_in`` receiver: the absolute limit counts from here, not from the session's first use (a
    session a person signed in again on keeps its key and its data)."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT] = request.session[SEEN_AT] = int(time.time())


def expired(session, now: float) -> str | None:
    """Why a signed-in session is over at ``now``, in Chinese; None while it holds."""
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT)
    if login_at is not None and now - login_at > settings.ZHIFA_SESSION_MAX_HOURS * 3600:
        return f"登录已超过 {settings.ZHIFA_SESSION_MAX_HOURS} 小时，已自动退出，请重新登录。"
    if seen_at is not None and now - seen_at > settings.ZHIFA_SESSION_IDLE_MINUTES * 60:
        return f"超过 {settings.ZHIFA_SESSION_IDLE_MINUTES} 分钟未操作，已自动退出，请重新登录。"
    return None


class SessionTimeoutMiddleware:
    """After the authentication and message middleware: it signs the person out and leaves a message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY in session:
            now = time.time()
            # A session signed in before this middleware was deployed starts its clocks now.
            session.setdefault(LOGIN_AT, int(now))
            session.setdefault(SEEN_AT, int(now))
            if reason := expired(session, now):
                logout(request)
                messages.info(request, reason)
                if request.headers.get("HX-Request"):
                    # A fragment request would otherwise swap the sign-in page into the middle of the page.
                    page = urlsplit(request.headers.get("HX-Current-URL", ""))
                    back = (page.path + (f"?{page.query}" if page.query else "")) or request.get_full_path()
                    return HttpResponseClientRedirect(redirect_to_login(back)["Location"])
            elif not request.headers.get(BACKGROUND_HEADER) and now - session[SEEN_AT] >= SEEN_RESOLUTION:
                session[SEEN_AT] = int(now)
        return self.get_response(request)
