"""The suite's copy of a build (tests/snapshot.py, which the demo modules share): the copy is the build's rows —
ledger and all — and the database goes on from it as from the build itself."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from tests.conftest import build_cast
from tests.snapshot import _read, restored

from zhifa.agencies import actions
from zhifa.agencies.models import Officer
from zhifa.ledger.models import Entry


def _build() -> int:
    c = build_cast()
    return actions.create_officer(actor=c.u_head, unit=c.nr_team, name="欧阳明远").pk  # a ledger entry


def _rows(tables: dict) -> dict:
    """Each table's rows in an order of their own: a table written back may be read in another physical order
    (PostgreSQL's COPY gives heap order)."""
    return {t: sorted(rows.split(b"\n") if isinstance(rows, bytes) else rows, key=repr) for t, rows in tables.items()}


def test_a_copied_build_is_its_rows_and_later_writes_go_on_from_it(db):
    key = object()  # this test's own: the first call builds
    with transaction.atomic():
        built_pk = restored(key, _build)
        built = _rows(_read())
        transaction.set_rollback(True)
    assert not Officer.objects.exists() and not Entry.objects.exists()

    with transaction.atomic():
        assert restored(key, _build) == built_pk
        assert _rows(_read()) == built  # every table, row for row
        later = actions.create_officer(actor=get_user_model().objects.get(username="nr_head"),
                                       unit=Officer.objects.get(pk=built_pk).unit, name="上官思齐")
        assert later.pk > built_pk  # the keys go on past the copied ones (PostgreSQL's sequences too)
        out = io.StringIO()
        call_command("verify", stdout=out)  # the chain continues from the copied entries, signatures and all
        assert "校验通过" in out.getvalue()
        transaction.set_rollback(True)
