"""Big spreadsheet imports, run by ``zhifa worker`` rather than during the request (issue 9 item 7).

An import page reads the upload within the limits (``zhifa.core.spreadsheet``); a file of more than
``ZHIFA_IMPORT_QUEUE_ROWS`` data rows is kept under ``ZHIFA_IMPORT_DIR`` and queued as an ``ImportRun``
(``actions.request_import``), and the page sends the user to the run's status page, which polls itself while
the run waits or runs, as the verification page does. ``run_queued``, a sweep the worker runs every few
seconds, takes queued runs one at a time and runs the same import function the page would have, telling the
run how many rows are checked; the import stays all or nothing, and the file is deleted when the run ends.

Each app that imports registers its kinds here (``register``) from its ``AppConfig.ready``, as it registers
its sweeps: the officers here, the lists in ``zhifa.catalog``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied

from zhifa.agencies.models import ImportRun, ImportState
from zhifa.core.errors import RuleViolation
from zhifa.core.spreadsheet import ImportRejected, Progress

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhifa.agencies.models import Agency

log = logging.getLogger(__name__)

SHOWN_ERRORS = 500
# A run still 导入中 this long after it started lost its worker (killed, machine restarted): it is closed as
# 未能完成 so that its page stops waiting. Far above what the largest import allowed takes.
ABANDONED_AFTER = dt.timedelta(hours=2)


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    permission: str
    run: Callable[[User, Agency | None, bytes, Progress], dict[str, int]]
    summary: Callable[[dict[str, int]], str]  # the result as the page says it
    back: Callable[[ImportRun], str]  # the page the user goes back to


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _kinds[kind.code] = kind


def kind_of(code: str) -> Kind:
    return _kinds[code]


def is_big(rows: int) -> bool:
    """Whether an import of ``rows`` data rows goes to the worker."""
    return rows > settings.ZHIFA_IMPORT_QUEUE_ROWS


def stored_path(name: str) -> Path:
    return Path(settings.ZHIFA_IMPORT_DIR) / name


def _progress(run: ImportRun) -> Progress:
    def tell(done: int, total: int) -> None:
        # A bare UPDATE in autocommit: the import tells it while no transaction is open, so the page sees it.
        ImportRun.objects.filter(pk=run.pk).update(rows_checked=done, rows_total=total)
    return tell


def execute(run: ImportRun) -> ImportRun:
    """Run the import of ``run`` and keep its result, its refusal, or the error that stopped it."""
    from zhifa.agencies import actions

    kind = kind_of(run.kind)
    try:
        data = stored_path(run.stored_as).read_bytes()
        actor = run.requested_by
        if actor is None or not actor.is_active:
            raise PermissionDenied
        counts = kind.run(actor, run.agency, data, _progress(run))
    except ImportRejected as e:
        return actions.finish_import(run=run, state=ImportState.REJECTED, message=e.message, errors=[
            [err.row, err.column, err.message] for err in e.errors[:SHOWN_ERRORS]], error_count=len(e.errors))
    except RuleViolation as e:
        return actions.finish_import(run=run, state=ImportState.REJECTED, message=e.message)
    except PermissionDenied:
        return actions.finish_import(run=run, state=ImportState.REJECTED, message="提交人已无权进行此项导入")
    except Exception as exc:  # the run must not stay 导入中 for ever; the worker logs the traceback
        log.exception("import run %s failed", run.pk)
        return actions.finish_import(run=run, state=ImportState.ERROR, message=f"{type(exc).__name__}: {exc}")
    return actions.finish_import(run=run, state=ImportState.DONE, message=kind.summary(counts))


def run_queued(now: dt.datetime) -> dict[str, Any]:
    """The worker's sweep: close abandoned runs, then run every queued one, oldest first."""
    from zhifa.agencies import actions

    closed = 0
    for stale in ImportRun.objects.filter(state=ImportState.RUNNING, started_at__lt=now - ABANDONED_AFTER):
        actions.finish_import(run=stale, state=ImportState.ERROR, message="工作进程在导入中停止，请重新上传文件")
        closed += 1
    done = 0
    while (run := actions.claim_import()) is not None:
        execute(run)
        done += 1
    return {"imported": done, "abandoned": closed} if closed else {"imported": done}
