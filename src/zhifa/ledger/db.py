"""Database triggers that keep the ledger append-only (REC-12).

Entries, checkpoints and the chains' public keys (``APPEND_ONLY``) refuse every UPDATE, DELETE and (on
PostgreSQL) TRUNCATE. The chain head (``ledger_chainhead``) may only move forward with its chain: a new
chain starts at seq 0, and an UPDATE must advance ``seq`` to an entry that exists, past an entry that links
to the old head (``append_many`` moves it past a whole batch at once); a DELETE is refused.
So a tail cut and a head rewrite are refused like any other change.

There is no key: the triggers consult no session setting and no function a query could redefine. What
truly needs to change these tables — a migration, the test suite emptying them between browser tests —
uses ``triggers_suspended``, which works only where the database lets the session alter the tables
themselves: on PostgreSQL ``ALTER TABLE … DISABLE TRIGGER USER`` needs the table's owner or a superuser
(production runs the application as a role that is neither: docs/operations.md); on SQLite, whoever can
write the file can drop triggers anyway. Either way the change is inside one transaction, so nobody else
ever sees the tables unguarded, and a failure restores the triggers. Whoever gets past the triggers like
this is still caught by ``zhifa verify`` and by the checkpoints held outside the agency (witness.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction

TABLE = "ledger_entry"
APPEND_ONLY = ("ledger_entry", "ledger_checkpoint", "ledger_agencykey")
HEAD = "ledger_chainhead"
TABLES = (*APPEND_ONLY, HEAD)  # every guarded table
MESSAGE = "台账记录不可修改或删除（REC-12）"
HEAD_MESSAGE = "链头只能随新记录前移，不可删除或改写（REC-12）"
_ZERO = "0" * 64

# The chain head may move only forward, to an entry that exists, and only when the entry after the old head
# links to it (or start a new, empty chain): never back, never to a hash no entry has.
_HEAD_INSERT_OK = (f"NEW.seq = 0 AND NEW.head_hash = '{_ZERO}' "
                   "AND NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.chain = NEW.chain)")
_HEAD_UPDATE_OK = ("NEW.chain = OLD.chain AND NEW.seq > OLD.seq AND EXISTS (SELECT 1 FROM ledger_entry e "
                   "WHERE e.chain = NEW.chain AND e.seq = NEW.seq AND e.entry_hash = NEW.head_hash) "
                   "AND EXISTS (SELECT 1 FROM ledger_entry e WHERE e.chain = NEW.chain AND e.seq = OLD.seq + 1 "
                   "AND e.prev_hash = OLD.head_hash)")

POSTGRES_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION zhifa_ledger_refuse() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}';
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION zhifa_ledger_head_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' AND {_HEAD_INSERT_OK} THEN
        RETURN NEW;
    ELSIF TG_OP = 'UPDATE' AND {_HEAD_UPDATE_OK} THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{HEAD_MESSAGE}';
END;
$$ LANGUAGE plpgsql;
"""


def _prefix(table: str) -> str:
    return table.removeprefix("ledger_")


def _postgres_install(table: str) -> str:
    p = _prefix(table)
    if table == HEAD:
        return f"""
CREATE TRIGGER ledger_{p}_guard BEFORE INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION zhifa_ledger_head_guard();
CREATE TRIGGER ledger_{p}_refuse_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION zhifa_ledger_refuse();
"""
    return f"""
CREATE TRIGGER ledger_{p}_refuse_change BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION zhifa_ledger_refuse();
CREATE TRIGGER ledger_{p}_refuse_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION zhifa_ledger_refuse();
"""


def _postgres_remove(table: str) -> str:
    p = _prefix(table)
    return "".join(f"DROP TRIGGER IF EXISTS ledger_{p}_{name} ON {table};\n"
                   for name in ("refuse_truncate", "refuse_change", "guard"))


def _sqlite_install(table: str) -> list[str]:
    p = _prefix(table)
    if table == HEAD:
        return [
            f"""CREATE TRIGGER ledger_{p}_guard_insert BEFORE INSERT ON {table}
            WHEN NOT ({_HEAD_INSERT_OK}) BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END""",
            f"""CREATE TRIGGER ledger_{p}_guard_update BEFORE UPDATE ON {table}
            WHEN NOT ({_HEAD_UPDATE_OK}) BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END""",
            f"""CREATE TRIGGER ledger_{p}_refuse_delete BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END""",
        ]
    return [
        f"""CREATE TRIGGER ledger_{p}_refuse_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER ledger_{p}_refuse_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    ]


def _sqlite_remove(table: str) -> list[str]:
    p = _prefix(table)
    return [f"DROP TRIGGER IF EXISTS ledger_{p}_{name}"
            for name in ("refuse_update", "refuse_delete", "guard_insert", "guard_update")]


def install_triggers(schema_editor, table: str = TABLE) -> None:
    """Guard ``table`` (one of ``TABLES``): replaces whatever triggers of ours it had."""
    remove_triggers(schema_editor, table)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTIONS + _postgres_install(table))
    elif vendor == "sqlite":
        for sql in _sqlite_install(table):
            schema_editor.execute(sql)


def remove_triggers(schema_editor, table: str = TABLE) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_postgres_remove(table))
    elif vendor == "sqlite":
        for sql in _sqlite_remove(table):
            schema_editor.execute(sql)


@contextmanager
def triggers_suspended(connection, tables: Iterable[str] = TABLES) -> Iterator[None]:
    """Let the current transaction change the guarded ``tables``; the triggers are back when it leaves.

    For migrations and the test suite's table flush only. On PostgreSQL this needs the tables' owner (or a
    superuser) and fails for the application's own role in production; nothing else is unguarded meanwhile,
    because the DDL is part of the transaction (and holds the tables' lock until it ends).
    """
    tables = list(tables)

    def statements(enable: bool) -> list[str]:
        if connection.vendor == "postgresql":
            return [f"ALTER TABLE {t} {'ENABLE' if enable else 'DISABLE'} TRIGGER USER" for t in tables]
        return [sql for t in tables for sql in (_sqlite_install(t) if enable else _sqlite_remove(t))]

    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for sql in statements(enable=False):
            cursor.execute(sql)
        yield
        for sql in statements(enable=True):
            cursor.execute(sql)
