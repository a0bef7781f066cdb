"""A scratch database for a benchmark: SQLite in a temporary data dir, or a PostgreSQL database made for the
run and dropped after it. Django is set up and migrated inside the ``with`` block."""

from __future__ import annotations

import argparse
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


def sizes_parser(doc: str, noun: str, small: int, large: int, runs: int = 15) -> argparse.ArgumentParser:
    """The options of a benchmark that measures pages at two sizes: --postgres, --small, --large, --runs and
    --explain (the script may add its own)."""
    p = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--postgres", metavar="URL", help="run on PostgreSQL (a scratch database on this server)")
    p.add_argument("--small", type=int, default=small, help=f"{noun} for the baseline (default {small})")
    p.add_argument("--large", type=int, default=large, help=f"{noun} for the large run (default {large})")
    p.add_argument("--runs", type=int, default=runs, help="fetches per measurement; the median is kept")
    p.add_argument("--explain", action="store_true", help="print the query plans of every fetch")
    return p


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


def agency_tree(with_officer: bool = True) -> dict:
    """辽宁省 / 鞍山市 / 鞍山市自然资源局 with five units; the agency's head and (``with_officer``) an officer of
    the first unit, both with a login (set-up only)."""
    from django.contrib.auth import get_user_model

    from zhifa.agencies.models import OrgLevel, Role, RoleGrant

    levels = {lv.code: lv for lv in OrgLevel.objects.all()}
    missing = {"province", "city", "agency", "unit"} - set(levels)
    if missing:
        sys.exit(f"迁移没有建立层级 {sorted(missing)}")
    province = tree_node(levels, None, "province", "辽宁省")
    city = tree_node(levels, province, "city", "鞍山市")
    agency = tree_node(levels, city, "agency", "鞍山市自然资源局")
    units = [tree_node(levels, agency, "unit", n) for n in ("执法监察支队", "法规科", "办公室", "测绘科", "矿产科")]
    User = get_user_model()
    head = User.objects.create_user("bench_head", password="bench-pass-1")
    RoleGrant.objects.create(user=head, agency=agency, role=Role.AGENCY_HEAD)
    tree = {"province": province, "city": city, "agency": agency, "units": units, "head": head}
    if with_officer:
        officer = User.objects.create_user("bench_officer", password="bench-pass-1")
        RoleGrant.objects.create(user=officer, agency=units[0], role=Role.OFFICER)
        tree["officer"] = officer
    return tree


def analyze() -> None:
    """Fresh planner statistics after a bulk insert, as autovacuum (PostgreSQL) or ``zhifa migrate`` would."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def signed_in(user):
    """A client past both steps of signing in: the password (force_login) and, where the user's role asks for
    it, the second factor, given as the code step would give it."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zhifa.agencies import two_factor

    client = Client()
    client.force_login(user)
    if two_factor.required(user):
        device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"name": "基准测试", "confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def measure(user, path: str, runs: int, *, expect: str | None = None) -> tuple[int, float, list[str]]:
    """(queries, median ms of ``runs`` fetches, the SQL of one) of GET ``path`` as ``user``, after two warm-up
    fetches (templates, the session, caches). ``expect``: text the page must hold, or the benchmark stops."""
    import statistics
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(user)
    for _ in range(2):
        response = client.get(path)
        if response.status_code != 200:
            sys.exit(f"GET {path} 返回 {response.status_code}：{response.content[:500]!r}")
        if expect is not None and expect not in response.content.decode():
            sys.exit(f"GET {path} 的页面上没有“{expect}”")
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    sqls = [q["sql"] for q in ctx.captured_queries]  # now: the next request resets connection.queries
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    return len(sqls), statistics.median(times), sqls


def explain(sqls: list[str]) -> list[str]:
    """Each SELECT's plan, printed and returned (its lines): EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on
    PostgreSQL."""
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    lines: list[str] = []
    for sql in sqls:
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        print(f"\n-- {sql[:300]}{'…' if len(sql) > 300 else ''}")
        with connection.cursor() as cur:
            try:
                cur.execute(prefix + sql)
            except Exception as e:  # a captured query with literal params the driver re-quotes differently
                print(f"   (EXPLAIN 失败：{e})")
                continue
            for row in cur.fetchall():
                lines.append(" | ".join(str(c) for c in row))
                print("   ", lines[-1])
    return lines
