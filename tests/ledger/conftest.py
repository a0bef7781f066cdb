from __future__ import annotations

import os

import pytest

from zhifa.ledger import scan


@pytest.fixture(params=["c", "python"])
def scanner(request, monkeypatch):
    """Run the test with the C scanner and with the Python one: they must give the same answers."""
    if request.param == "c":
        try:
            from zhifa.ledger._scan import Scanner
        except ImportError:
            if os.environ.get("CI") == "true":
                pytest.fail("zhifa.ledger._scan 未编译：CI 上必须有 C 扫描器（pip install -e . 会编译它）")
            pytest.skip("zhifa.ledger._scan 未编译（没有 C 编译器）：只测 Python 扫描器")
        monkeypatch.setattr(scan, "Scanner", Scanner)
    else:
        monkeypatch.setattr(scan, "Scanner", scan.PyScanner)
    return request.param


def attack(*statements: str, params: list | None = None) -> None:
    """Run SQL as a database superuser who first turns the ledger's triggers off, in the test's transaction:
    on PostgreSQL ALTER TABLE … DISABLE TRIGGER (the superuser's power, not a session setting); on SQLite
    the triggers are dropped, as anyone with the file can."""
    from django.db import connection

    from zhifa.ledger.db import TABLES

    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            for table in TABLES:
                c.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        else:
            c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ledger_%'")
            for (name,) in c.fetchall():
                c.execute(f"DROP TRIGGER {name}")
        for sql in statements:
            c.execute(sql, params)
