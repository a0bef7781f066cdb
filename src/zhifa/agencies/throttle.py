"""Login throttling that slows a guesser down without letting anyone lock another person out.

Failures are counted per account *and* address: after ``ZHIFA_LOGIN_MAX_FAILURES`` of them that pair waits
``ZHIFA_LOGIN_DELAY_SECONDS`` before its next try, twice as long after each further failure, at most
``ZHIFA_LOGIN_MAX_DELAY_MINUTES``. An address that fails against many accounts is slowed the same way once its
failures reach ``ZHIFA_LOGIN_ADDRESS_MAX_FAILURES``. An account alone is never locked: a guesser at one address
does not stop its owner signing in from another. Failures are remembered ``ZHIFA_LOGIN_WINDOW_MINUTES`` and
counted in the database, so every server process sees the same count. Wrong second-factor codes count here too.

The client address is REMOTE_ADDR, or — only when REMOTE_ADDR is one of ``ZHIFA_TRUSTED_PROXIES`` — the
right-most hop of X-Forwarded-For that is not a trusted proxy: every hop to its right was written by a proxy we
trust, every hop to its left by the client, who could write anything.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
from functools import lru_cache

from django.conf import settings
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from zhifa.agencies.models import LoginFailure

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _ip(text: str | None) -> IPAddress | None:
    try:
        ip = ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None
    return (ip.ipv4_mapped or ip) if isinstance(ip, ipaddress.IPv6Address) else ip


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(ip: IPAddress) -> bool:
    return any(ip in net for net in _networks(tuple(settings.ZHIFA_TRUSTED_PROXIES)))


def client_address(request) -> str | None:
    remote = _ip(request.META.get("REMOTE_ADDR"))
    if remote is None or not _trusted(remote):
        return str(remote) if remote else None
    address = remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        ip = _ip(hop)
        if ip is None:  # not an address: whatever lies left of it is the client's word, not a proxy's
            break
        address = ip
        if not _trusted(ip):
            break
    return str(address)


def _wait(failures: QuerySet[LoginFailure], free: int, now: dt.datetime) -> dt.timedelta:
    agg = failures.aggregate(n=Count("pk"), last=Max("at"))
    if agg["n"] < free:
        return dt.timedelta(0)
    cap = dt.timedelta(minutes=settings.ZHIFA_LOGIN_MAX_DELAY_MINUTES)
    # The exponent is bounded so that a long run of failures cannot overflow timedelta before the cap applies.
    delay = min(cap, dt.timedelta(seconds=settings.ZHIFA_LOGIN_DELAY_SECONDS * 2 ** min(agg["n"] - free, 32)))
    return max(dt.timedelta(0), agg["last"] + delay - now)


def wait_for(username: str, address: str | None) -> dt.timedelta:
    """How long this account at this address must still wait before its next try (zero: it may try now)."""
    now = timezone.now()
    recent = LoginFailure.objects.filter(at__gte=now - dt.timedelta(minutes=settings.ZHIFA_LOGIN_WINDOW_MINUTES))
    wait = _wait(recent.filter(username=username.lower()[:150], address=address),
                 settings.ZHIFA_LOGIN_MAX_FAILURES, now)
    if address:
        wait = max(wait, _wait(recent.filter(address=address), settings.ZHIFA_LOGIN_ADDRESS_MAX_FAILURES, now))
    return wait


def wait_message(wait: dt.timedelta) -> str:
    seconds = math.ceil(wait.total_seconds())
    later = f"{seconds}秒" if seconds < 60 else f"{math.ceil(seconds / 60)}分钟"
    return f"登录失败次数过多，请{later}后再试。"


def record_failure(username: str, address: str | None) -> None:
    LoginFailure.objects.create(username=username.lower()[:150], address=address)


def clear(username: str, address: str | None) -> None:
    """A complete sign-in forgets this pair's failures, never those other addresses made against the account."""
    LoginFailure.objects.filter(username=username.lower()[:150], address=address).delete()


def prune() -> int:
    """Forget failures older than the window; the sweep calls this."""
    start = timezone.now() - dt.timedelta(minutes=settings.ZHIFA_LOGIN_WINDOW_MINUTES)
    return LoginFailure.objects.filter(at__lt=start).delete()[0]
