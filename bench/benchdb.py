"""A scratch database for a benchmark: SQLite in a temporary data dir, or a PostgreSQL database made for the
run and dropped after it. Django is set up and migrated inside the ``with`` block."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SRC = Path(__file__).resolve().parents[1] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))


def _with_db(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def create_pg_database(url: str) -> tuple[str, str]:
    import psycopg

    name = f"zhifa_bench_{os.getpid()}"
    with psycopg.connect(_with_db(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return _with_db(url, name), name


def drop_pg_database(url: str, name: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(_with_db(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def scratch_database(postgres_url: str | None) -> Iterator[None]:
    """The data dir (keys, files) and the database are gone afterwards, whatever ended the benchmark."""
    with tempfile.TemporaryDirectory(prefix="zhifa-bench-") as tmp:
        os.environ["ZHIFA_DATA_DIR"] = tmp
        pg_name = None
        if postgres_url:
            db_url, pg_name = create_pg_database(postgres_url)
            os.environ["ZHIFA_DATABASE_URL"] = db_url
        else:
            os.environ["ZHIFA_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
        try:
            import django

            django.setup()
            from django.core.management import call_command
            from django.db import connection

            call_command("migrate", verbosity=0)
            print(f"数据库：{connection.vendor}（{connection.settings_dict['NAME']}）")
            yield
        finally:
            if pg_name and postgres_url:
                drop_pg_database(postgres_url, pg_name)


def tree_node(levels: dict, parent, level: str, name: str, **fields):
    """An agency-tree node with its materialised path, as the write functions would leave it (set-up only)."""
    from zhifa.agencies.models import Agency

    a = Agency.objects.create(parent=parent, level=levels[level], name=name, **fields)
    a.path = f"{parent.path if parent else '/'}{a.pk}/"
    a.save(update_fields=["path"])
    return a
