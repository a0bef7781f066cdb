"""Who witnesses an agency's ledger checkpoints: the 司法局 supervising the region it lies in (issue 9).

The ledger asks through ``zhifa.ledger.witness.directory``, set in ``AgenciesConfig.ready``: it sits below
the agencies and knows chains only by number.
"""

from __future__ import annotations

from zhifa.agencies.models import Agency
from zhifa.ledger.models import SYSTEM_CHAIN


class AgencyDirectory:
    @staticmethod
    def _agency(chain: int) -> Agency | None:
        # An id past 64 bits matches nothing and must not reach the database as one.
        if not 0 < chain < 2**63:
            return None
        return Agency.objects.filter(pk=chain, level__is_agency=True).first()

    def name(self, chain: int) -> str | None:
        if chain == SYSTEM_CHAIN:
            return "系统链"
        agency = self._agency(chain)
        return agency.name if agency is not None else None

    def witness(self, chain: int) -> int | None:
        """The supervisor of the innermost region around the agency, other than the agency itself."""
        agency = self._agency(chain)
        if agency is None:
            return None
        regions = [int(p) for p in agency.path.strip("/").split("/") if p]
        supervisors = (Agency.objects.filter(supervises_id__in=regions, level__is_agency=True)
                       .exclude(pk=agency.pk).select_related("supervises"))
        best = max(supervisors, key=lambda s: (len(s.supervises.path) if s.supervises else 0, -s.pk), default=None)
        return best.pk if best is not None else None
