"""Eight processes appending to one agency's chain at once leave one unbroken chain."""

from __future__ import annotations

import multiprocessing

import pytest
from django.db import connections

from zhifa.agencies.models import Agency
from zhifa.ledger.chain import append
from zhifa.ledger.models import Entry
from zhifa.ledger.verify import verify

PROCESSES, EACH = 8, 25


def _writer(agency_pk: int) -> None:
    # A forked child must not share the parent's connection: drop it (without closing the parent's socket).
    for conn in connections.all():
        conn.connection = None
    agency = Agency.objects.select_related("level").get(pk=agency_pk)
    for n in range(EACH):
        append(actor=None, agency=agency, kind="test.concurrent", subject=None, payload={"n": n})
    for conn in connections.all():
        conn.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_processes_appending_at_once_leave_one_unbroken_chain(cast):
    if connections["default"].settings_dict["NAME"] in ("", ":memory:") or "mode=memory" in str(
            connections["default"].settings_dict["NAME"]):
        pytest.fail("the test database must be a file or a server for other processes to see it")
    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_writer, args=(cast.zj.pk,)) for _ in range(PROCESSES)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0] * PROCESSES
    seqs = list(Entry.objects.filter(chain=cast.zj.pk).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, PROCESSES * EACH + 1))
    assert verify(agency_ids=[cast.zj.pk]).ok
