"""Eight processes issuing 200 documents of one kind at once on PostgreSQL: 200 numbers, unique, without gap."""

from __future__ import annotations

import datetime as dt
import multiprocessing

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections

from zhifa.agencies.models import Agency
from zhifa.catalog.documents import PRIOR_NOTICE, sample_values
from zhifa.documents import actions
from zhifa.documents.models import IssuedDocument
from zhifa.ledger.models import Entry
from zhifa.ledger.verify import verify

PROCESSES, EACH = 8, 25


def _issuer(agency_pk: int, user_pk: int, render: bool) -> None:
    for conn in connections.all():   # a forked child must not share the parent's connection
        conn.connection = None
    if not render:  # the numbering is under test; rendering every PDF would only make the run long
        actions.render_pdf = lambda template, values, created=None: f"{values['n']}".encode()
        actions.render_docx = lambda template, values: f"docx {values['n']}".encode()
    agency = Agency.objects.select_related("level").get(pk=agency_pk)
    user = get_user_model().objects.get(pk=user_pk)
    values = {k: v for k, v in sample_values(PRIOR_NOTICE).items() if k not in ("year", "n")}
    for _ in range(EACH):
        actions.issue(actor=user, agency=agency, template=PRIOR_NOTICE, values=values, subject=None,
                      on=dt.date(2026, 6, 1))
    for conn in connections.all():
        conn.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_processes_issuing_at_once_get_200_unique_numbers_without_gap(cast):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under concurrent issuers: PostgreSQL only (SQLite has one writer)")
    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_issuer, args=(cast.nr.pk, cast.u_officer.pk, i == 0)) for i in range(PROCESSES)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(300)
    assert [w.exitcode for w in workers] == [0] * PROCESSES
    seqs = list(IssuedDocument.objects.filter(agency=cast.nr, template=PRIOR_NOTICE.code)
                .order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, PROCESSES * EACH + 1))
    numbers = set(IssuedDocument.objects.values_list("number", flat=True))
    assert len(numbers) == PROCESSES * EACH and "鞍自然罚告字〔2026〕200号" in numbers
    assert Entry.objects.filter(kind="document.issued").count() == PROCESSES * EACH
    assert verify(agency_ids=[cast.nr.pk]).ok
