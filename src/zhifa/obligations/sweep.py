"""The obligation sweep: open obligations past their due time turn late (red), in one UPDATE.

Yellow is not stored: ``Obligation.colour`` derives it from ``warn_from``. Running the sweep twice
changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt

from zhifa.obligations.models import Obligation, ObligationState


def sweep(now: dt.datetime) -> dict[str, int]:
    """Mark open obligations with ``due_at < now`` late; an obligation due at ``now`` is not late yet."""
    late = Obligation.objects.filter(state=ObligationState.OPEN, due_at__lt=now).update(
        state=ObligationState.LATE)
    return {"late": late}
