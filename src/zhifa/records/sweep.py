"""The records sweep (``zhifa worker``): expire abandoned uploads, finish interrupted ones, purge what the
retention rules allow (REC-11)."""

from __future__ import annotations

import datetime as dt

from zhifa.records import retention, uploads


def sweep(now: dt.datetime) -> dict[str, int]:
    expired = uploads.expire(now)
    finished = uploads.finish_pending()
    purged = retention.purge(now=now)
    return {"uploads_expired": expired, "uploads_finished": finished, "blobs_purged": len(purged)}
