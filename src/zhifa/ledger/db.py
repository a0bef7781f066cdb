"""Database triggers that refuse UPDATE, DELETE and TRUNCATE of ledger entries (REC-12).

The triggers let a change through only on a connection that was explicitly unlocked: on PostgreSQL the
session setting ``zhifa.ledger_unlocked = 'on'``; on SQLite the per-connection function
``zhifa_ledger_unlocked()`` returning 1. Nothing in zhifa unlocks; the test suite does, so that Django can
empty the tables between browser tests. A connection that lacks the function (the sqlite3 shell) cannot
even evaluate the trigger's condition, so it fails closed.
"""

from __future__ import annotations

from django.db.backends.signals import connection_created

TABLE = "ledger_entry"
MESSAGE = "台账记录不可修改或删除（REC-12）"

POSTGRES_INSTALL = f"""
CREATE OR REPLACE FUNCTION zhifa_ledger_refuse() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('zhifa.ledger_unlocked', true), '') = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION '{MESSAGE}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_entry_refuse_change BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION zhifa_ledger_refuse();
CREATE TRIGGER ledger_entry_refuse_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION zhifa_ledger_refuse();
"""
POSTGRES_REMOVE = f"""
DROP TRIGGER IF EXISTS ledger_entry_refuse_truncate ON {TABLE};
DROP TRIGGER IF EXISTS ledger_entry_refuse_change ON {TABLE};
DROP FUNCTION IF EXISTS zhifa_ledger_refuse();
"""
SQLITE_INSTALL = [
    f"""CREATE TRIGGER ledger_entry_refuse_update BEFORE UPDATE ON {TABLE}
        WHEN zhifa_ledger_unlocked() = 0 BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER ledger_entry_refuse_delete BEFORE DELETE ON {TABLE}
        WHEN zhifa_ledger_unlocked() = 0 BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_REMOVE = ["DROP TRIGGER IF EXISTS ledger_entry_refuse_update",
                 "DROP TRIGGER IF EXISTS ledger_entry_refuse_delete"]

_unlocked = False


def _on_connection_created(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("zhifa_ledger_unlocked", 0, lambda: 1 if _unlocked else 0,
                                              deterministic=False)
    elif connection.vendor == "postgresql" and _unlocked:
        _apply_postgres(connection)


def _apply_postgres(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('zhifa.ledger_unlocked', %s, false)", ["on" if _unlocked else ""])


def install_connection_hooks() -> None:
    connection_created.connect(_on_connection_created, dispatch_uid="zhifa_ledger_connection_created")


def install_triggers(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_INSTALL)
    elif vendor == "sqlite":
        schema_editor.connection.ensure_connection()
        _on_connection_created(None, schema_editor.connection)
        for sql in SQLITE_INSTALL:
            schema_editor.execute(sql)


def remove_triggers(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": [POSTGRES_REMOVE], "sqlite": SQLITE_REMOVE}.get(vendor, []):
        schema_editor.execute(sql)


def set_unlocked(unlocked: bool) -> None:
    """Let this process change ledger rows, or stop it again — on every connection, present and future.

    Only the test suite calls this, so that Django can empty the tables between browser tests.
    """
    global _unlocked
    from django.db import connections

    _unlocked = unlocked
    for connection in connections.all(initialized_only=True):
        if connection.vendor == "postgresql" and connection.connection is not None:
            _apply_postgres(connection)
