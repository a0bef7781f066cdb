"""Reads of obligations shared by the to-do list, the region view and dashboards.

Colours are derived, never stored except red-by-sweep (state ``late``); these ``Q`` objects give the same
answer as ``Obligation.colour`` so a count and a badge never disagree.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from zhifa.agencies import rules
from zhifa.obligations.models import ACTIVE_STATES, Colour, ObligationState

# Reminders of a duty that can be done only near its date (a credential's renewal, perhaps years ahead): they
# join a to-do list when their warning time comes, not the day they are scheduled.
REMINDER_RULES = (rules.RENEWAL_RULE,)


def live_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}state__in": ACTIVE_STATES})


def colour_q(colour: Colour, now: dt.datetime, prefix: str = "") -> Q:
    """Rows that ``Obligation.colour(now)`` would paint ``colour`` (live ones only for green/yellow/red)."""
    p = prefix
    open_ = Q(**{f"{p}state": ObligationState.OPEN})
    red = Q(**{f"{p}state": ObligationState.LATE}) | (open_ & Q(**{f"{p}due_at__lt": now}))
    yellow = open_ & Q(**{f"{p}due_at__gte": now, f"{p}warn_from__lte": now})
    if colour == Colour.RED:
        return red
    if colour == Colour.YELLOW:
        return yellow
    if colour == Colour.GREEN:
        return live_q(p) & ~red & ~yellow
    return Q(**{f"{p}state__in": [ObligationState.MET, ObligationState.WAIVED]})


def listed_q(now: dt.datetime, prefix: str = "") -> Q:
    """Live rows a to-do list shows at ``now``: every one, except reminders before their warning time."""
    return live_q(prefix) & (~Q(**{f"{prefix}rule__in": REMINDER_RULES}) | Q(**{f"{prefix}warn_from__lte": now}))
