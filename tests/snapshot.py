"""Built once per test session, copied back where it is needed: the demo city (seconds of write functions) as the
rows it leaves in every table.

``restored(key, build)`` runs inside a transaction the caller opened on the migrated, otherwise empty test database
(a ``db`` test's, or ``tests.conftest.built_once``'s module transaction). The first time a key is asked for, it
runs ``build()`` and reads every table whole into memory; each later time it empties every table and writes those
rows back — the same rows, primary keys and all, that the build left — in a fraction of a second. The caller's
transaction is rolled back as before, so nothing of it outlives the test or module. What the build wrote outside
the database (evidence blobs, the ledger's signing keys) stays in the session's directories, where the autouse
fixtures of tests/conftest.py point every test.

The copy is exact on each database: SQLite's values as stored (read and written through the driver without
Django's conversions), PostgreSQL's in COPY's text format; afterwards PostgreSQL's sequences are moved past the
copied keys (SQLite's follow the rows by themselves). The ledger's append-only triggers are suspended while the
rows are written (``ledger.db.triggers_suspended``, as for the test flush), so every test still runs with them.
A key names everything the build depends on: the build itself and the moment it runs at (a frozen clock, or the
day of a running one).
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection


@dataclass
class _Copy:
    value: Any
    tables: dict[str, Any]  # table → its rows (SQLite: a list of tuples; PostgreSQL: COPY text)


_COPIES: dict[tuple[str, Hashable], _Copy] = {}


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _read() -> dict[str, Any]:
    qn = connection.ops.quote_name
    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor == "postgresql":
        out: dict[str, Any] = {}
        with raw.cursor() as cursor:
            for table in _tables():
                with cursor.copy(f"COPY {qn(table)} TO STDOUT") as copy:
                    out[table] = b"".join(bytes(chunk) for chunk in copy)
        return out
    cursor = raw.cursor()
    try:
        return {table: [tuple(map(_as_stored, row)) for row in cursor.execute(f"SELECT * FROM {qn(table)}")]
                for table in _tables()}
    finally:
        cursor.close()


def _as_stored(value: Any) -> Any:
    """A value read from SQLite as it is stored: Django's connection turns the text of date, time and datetime
    columns into objects, and 0/1 of bool columns into False/True, on every read (sqlite3's converters); its
    own writes store ``str()`` of them, which is what this gives back."""
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return str(value)
    if isinstance(value, bool):
        return int(value)
    return value


def _write(tables: dict[str, Any]) -> None:
    from zhifa.ledger.db import triggers_suspended

    qn = connection.ops.quote_name
    with triggers_suspended(connection):
        raw = connection.connection
        if connection.vendor == "postgresql":
            with raw.cursor() as cursor:
                for table in tables:
                    cursor.execute(f"DELETE FROM {qn(table)}")
                for table, data in tables.items():
                    if data:
                        with cursor.copy(f"COPY {qn(table)} FROM STDIN") as copy:
                            copy.write(data)
            models = apps.get_models(include_auto_created=True)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
            return
        cursor = raw.cursor()
        try:
            for table in tables:
                cursor.execute(f"DELETE FROM {qn(table)}")
            for table, rows in tables.items():
                if rows:
                    marks = ", ".join("?" * len(rows[0]))
                    cursor.executemany(f"INSERT INTO {qn(table)} VALUES ({marks})", rows)
        finally:
            cursor.close()


def key_of(build: Callable[[], Any]) -> tuple[str, int, str]:
    """A build function's key: where it is defined, so that the same function counts as one also when its module
    was imported twice (pytest's ``conftest`` and ``tests.conftest``)."""
    code = inspect.unwrap(build).__code__
    return code.co_filename, code.co_firstlineno, build.__qualname__


def restored(key: Hashable, build: Callable[[], Any]) -> Any:
    """``build()``'s value, and its rows in the database: built the first time this session asks for ``key`` on
    this database, copied back every later time. Call it inside an open transaction."""
    assert connection.in_atomic_block, "restored() writes every table: only inside a transaction rolled back"
    slot = (connection.vendor, key)
    if slot not in _COPIES:
        value = build()
        _COPIES[slot] = _Copy(value, _read())
        return value
    copy = _COPIES[slot]
    _write(copy.tables)
    return copy.value
