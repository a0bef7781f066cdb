"""A long import no longer blocks every other write on SQLite (issue 9 item 7): the rows are checked with no
transaction open, so the write lock is held only while the checked rows are written, and a login that comes
while they are written waits for the lock rather than failing. Ordered by events, not by time."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from tests.agencies.test_officer_import import row, upload, workbook
from tests.conftest import PASSWORD

from zhifa.agencies import excel
from zhifa.agencies.models import Credential
from zhifa.ledger import chain

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_rows_are_checked_while_another_connection_can_take_the_write_lock(cast, head, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's one write lock; PostgreSQL locks rows")
    seen: list[str] = []
    check = excel._Importer.parse_valid_from

    def probe(self, value, column):
        if not seen:
            other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)  # fails at once if locked
            try:
                other.execute("BEGIN IMMEDIATE")
                other.rollback()
                seen.append("free")
            except sqlite3.OperationalError as e:
                seen.append(str(e))
            finally:
                other.close()
        return check(self, value, column)

    monkeypatch.setattr(excel._Importer, "parse_valid_from", probe)

    response = upload(head, workbook([row()]))

    assert response.status_code == 200
    assert seen == ["free"]


def test_a_login_while_the_rows_are_written_waits_and_succeeds(cast, head, monkeypatch):
    writing = threading.Event()
    result: dict = {}

    def sign_in() -> None:
        def mark(execute, sql, params, many, context):
            if sql.lstrip().upper().startswith(("BEGIN", "INSERT", "UPDATE")):
                writing.set()  # from here on this connection wants the write lock the import holds
            return execute(sql, params, many, context)

        try:
            with connection.execute_wrapper(mark):
                result["response"] = Client().post("/login/", {"username": "zhangwei", "password": PASSWORD})
        finally:
            connection.close()

    login = threading.Thread(target=sign_in)
    append_many = chain.append_many  # called inside the import's one write transaction

    def while_writing(**kwargs):
        if login.ident is None:
            login.start()
            writing.wait(60)  # a bound for a broken test, not a measurement
        return append_many(**kwargs)

    monkeypatch.setattr(chain, "append_many", while_writing)

    response = upload(head, workbook([row()]))
    login.join(120)

    assert response.status_code == 200
    assert Credential.objects.filter(number="21030101").exists()
    assert writing.is_set()
    assert result["response"].status_code == 302
    assert get_user_model().objects.get(username="zhangwei").last_login is not None
