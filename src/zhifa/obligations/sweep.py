"""The obligation sweep: open obligations past their due time turn late (red), in one UPDATE.

Yellow is not stored: ``Obligation.colour`` derives it from ``warn_from``. Running the sweep twice
changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction

from zhifa.agencies.models import Agency
from zhifa.ledger import chain as ledger
from zhifa.obligations.models import Obligation, ObligationState


def sweep(now: dt.datetime) -> dict[str, int]:
    """Mark open obligations with ``due_at < now`` late; an obligation due at ``now`` is not late yet."""
    with transaction.atomic():
        due = Obligation.objects.select_for_update().filter(state=ObligationState.OPEN, due_at__lt=now)
        by_agency: dict[int, list[int]] = defaultdict(list)
        for pk, agency_id in due.values_list("pk", "agency_id"):
            by_agency[agency_id].append(pk)
        late = Obligation.objects.filter(pk__in=[pk for pks in by_agency.values() for pk in pks]).update(
            state=ObligationState.LATE)
        # One entry per agency and sweep, not per row: the sweep is the system noticing time has passed.
        for agency in Agency.objects.filter(pk__in=by_agency).select_related("level"):
            ledger.append(actor=None, agency=agency, kind="obligation.marked_late", subject=None,
                          payload={"obligations": sorted(by_agency[agency.pk]), "at": now})
    return {"late": late}
