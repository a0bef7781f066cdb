"""Database triggers that refuse UPDATE, DELETE and TRUNCATE of ledger rows (REC-12).

The append-only tables: entries, checkpoints and the chains' public keys (``TABLES``).

The triggers let a change through only on a connection that was explicitly unlocked: on PostgreSQL the
session setting ``zhifa.ledger_unlocked = 'on'``; on SQLite the per-connection function
``zhifa_ledger_unlocked()`` returning 1. Nothing in zhifa unlocks; the test suite does, so that Django can
empty the tables between browser tests. A connection that lacks the function (the sqlite3 shell) cannot
even evaluate the trigger's condition, so it fails closed.
"""

from __future__ import annotations

from django.db.backends.signals import connection_created

TABLE = "ledger_entry"
TABLES = ("ledger_entry", "ledger_checkpoint", "ledger_agencykey")  # every append-only table
MESSAGE = "台账记录不可修改或删除（REC-12）"

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION zhifa_ledger_refuse() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('zhifa.ledger_unlocked', true), '') = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION '{MESSAGE}';
END;
$$ LANGUAGE plpgsql;
"""


def _postgres_install(table: str) -> str:
    prefix = table.removeprefix("ledger_")
    return f"""
CREATE TRIGGER ledger_{prefix}_refuse_change BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION zhifa_ledger_refuse();
CREATE TRIGGER ledger_{prefix}_refuse_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION zhifa_ledger_refuse();
"""


def _postgres_remove(table: str) -> str:
    prefix = table.removeprefix("ledger_")
    return f"""
DROP TRIGGER IF EXISTS ledger_{prefix}_refuse_truncate ON {table};
DROP TRIGGER IF EXISTS ledger_{prefix}_refuse_change ON {table};
"""


def _sqlite_install(table: str) -> list[str]:
    prefix = table.removeprefix("ledger_")
    return [
        f"""CREATE TRIGGER ledger_{prefix}_refuse_update BEFORE UPDATE ON {table}
        WHEN zhifa_ledger_unlocked() = 0 BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER ledger_{prefix}_refuse_delete BEFORE DELETE ON {table}
        WHEN zhifa_ledger_unlocked() = 0 BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    ]


def _sqlite_remove(table: str) -> list[str]:
    prefix = table.removeprefix("ledger_")
    return [f"DROP TRIGGER IF EXISTS ledger_{prefix}_refuse_update",
            f"DROP TRIGGER IF EXISTS ledger_{prefix}_refuse_delete"]


# The forms migration 0002 installed for ledger_entry (kept: trigger names must not change under it).
POSTGRES_INSTALL = POSTGRES_FUNCTION + _postgres_install(TABLE)
POSTGRES_REMOVE = _postgres_remove(TABLE) + "DROP FUNCTION IF EXISTS zhifa_ledger_refuse();\n"
SQLITE_INSTALL = _sqlite_install(TABLE)
SQLITE_REMOVE = _sqlite_remove(TABLE)

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


def install_triggers(schema_editor, table: str = TABLE) -> None:
    """Refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE) of ``table``'s rows."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION + _postgres_install(table))
    elif vendor == "sqlite":
        schema_editor.connection.ensure_connection()
        _on_connection_created(None, schema_editor.connection)
        for sql in _sqlite_install(table):
            schema_editor.execute(sql)


def remove_triggers(schema_editor, table: str = TABLE) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_postgres_remove(table))
        if table == TABLE:
            schema_editor.execute("DROP FUNCTION IF EXISTS zhifa_ledger_refuse();")
    elif vendor == "sqlite":
        for sql in _sqlite_remove(table):
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
