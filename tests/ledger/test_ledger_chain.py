"""The ledger: every write function appends, the chain verifies, and nothing can be changed (REC-12)."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from zhifa.agencies import actions
from zhifa.ledger.canonical import NotCanonical, canonical_json
from zhifa.ledger.chain import append, chain_of
from zhifa.ledger.digest import ZERO, entry_hash
from zhifa.ledger.models import SYSTEM_CHAIN, Entry, Immutable
from zhifa.ledger.verify import verify


def issue(cast, number: str):
    return actions.issue_credential(actor=cast.u_head, officer=cast.li, number=number, issuing_body="辽宁省人民政府",
                                    action_kinds=["chufa"], domains=[cast.d_nr], areas=[cast.anshan],
                                    valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2030, 12, 31))


def test_canonical_form_is_sorted_compact_nfc_utf8_without_floats():
    # "é" composed (NFC) whatever form it arrives in; keys sorted; no spaces; no \\u escapes.
    assert canonical_json({"b": 1, "a": "e\u0301", "c": [True, None]}) == '{"a":"é","b":1,"c":[true,null]}'.encode()
    assert canonical_json({"t": dt.datetime(2026, 10, 1, 8, tzinfo=dt.timezone(dt.timedelta(hours=8)))}) == \
        b'{"t":"2026-10-01T00:00:00.000000Z"}'
    assert canonical_json({"d": dt.date(2026, 2, 14), "m": Decimal("1234.50")}) == b'{"d":"2026-02-14","m":"1234.50"}'
    with pytest.raises(NotCanonical):
        canonical_json({"x": 0.1})
    with pytest.raises(NotCanonical):
        canonical_json({"t": dt.datetime(2026, 1, 1)})


def test_every_write_function_appends_to_its_agencys_chain(cast):
    credential = issue(cast, "21037777")
    entries = list(Entry.objects.filter(chain=cast.nr.pk).order_by("seq"))
    kinds = [e.kind for e in entries]
    assert kinds[-1] == "credential.issued" and "obligation.opened" in kinds
    last = entries[-1]
    assert last.subject_type == "agencies.credential" and last.subject_id == str(credential.pk)
    assert last.actor_label == "nr_head"
    assert json.loads(last.payload)["number"] == "21037777"
    assert chain_of(cast.nr_team) == chain_of(cast.nr) == cast.nr.pk
    assert chain_of(cast.anshan) == SYSTEM_CHAIN


def test_entries_link_by_sm3_of_previous_hash_and_canonical_bytes(cast):
    first = append(actor=cast.u_head, agency=cast.zj, kind="test.one", subject=None, payload={"n": 1})
    second = append(actor=cast.u_head, agency=cast.zj, kind="test.two", subject=None, payload={"n": 2})
    assert (first.seq, first.prev_hash) == (1, ZERO)
    assert (second.seq, second.prev_hash) == (2, first.entry_hash)
    assert second.entry_hash == entry_hash(first.entry_hash, canonical_json(second.record()))


def test_a_refused_write_leaves_no_entry(cast):
    issue(cast, "21037777")
    before = Entry.objects.count()
    with pytest.raises(Exception, match="已存在"):
        issue(cast, "21037777")
    assert Entry.objects.count() == before


def test_the_orm_refuses_to_change_or_delete_an_entry(cast):
    entry = append(actor=None, agency=cast.nr, kind="test", subject=None, payload={})
    entry.kind = "forged"
    with pytest.raises(Immutable):
        entry.save()
    with pytest.raises(Immutable):
        entry.delete()
    with pytest.raises(Immutable):
        Entry.objects.filter(pk=entry.pk).update(kind="forged")
    with pytest.raises(Immutable):
        Entry.objects.all().delete()


@pytest.mark.parametrize("sql", ["UPDATE ledger_entry SET kind = 'forged'", "DELETE FROM ledger_entry"])
def test_the_database_refuses_update_and_delete(cast, sql):
    append(actor=None, agency=cast.nr, kind="test", subject=None, payload={})
    with pytest.raises(DatabaseError, match="台账记录不可修改或删除"), transaction.atomic(), connection.cursor() as c:
        c.execute(sql)
    assert Entry.objects.filter(kind="test").count() == 1


def test_the_database_refuses_truncate_on_postgresql(cast):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; its DELETE is refused above")
    append(actor=None, agency=cast.nr, kind="test", subject=None, payload={})
    with pytest.raises(DatabaseError, match="台账记录不可修改或删除"), transaction.atomic(), connection.cursor() as c:
        c.execute("TRUNCATE ledger_entry")


def test_verify_passes_on_an_honest_ledger_and_says_so(cast):
    issue(cast, "21037777")
    actions.grant_role(actor=cast.u_admin, user=cast.u_officer, agency=cast.nr, role="publicity")
    assert verify().ok
    out = io.StringIO()
    call_command("verify", stdout=out)
    assert "校验通过" in out.getvalue()


def test_verify_since_a_date_and_for_one_agency(cast):
    issue(cast, "21037777")
    out = io.StringIO()
    call_command("verify", "--agency", str(cast.nr.pk), "--since", "2020-01-01", stdout=out)
    assert "校验通过：1 条链" in out.getvalue()


def test_verify_refuses_a_malformed_date_in_chinese():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="日期格式应为"):
        call_command("verify", "--since", "2026-13-01")


EXTREME_DATES = ["0001-01-01", "9999-12-31"]


@pytest.mark.parametrize("args", [("verify", "--since"), ("export", "--agency", "1", "--since"),
                                  ("export", "--agency", "1", "--until")], ids=" ".join)
@pytest.mark.parametrize("day", EXTREME_DATES)
def test_verify_and_export_refuse_a_date_at_the_ends_of_the_calendar_in_chinese(args, day, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=f"{args[-1]}：日期须在1900-01-01至2199-12-31之间") as e:
        call_command(*args, day, *([str(tmp_path / "out")] if args[0] == "export" else []))
    assert e.value.returncode == 2


@pytest.mark.parametrize("day", EXTREME_DATES)
def test_the_command_line_gives_exit_2_not_a_traceback_for_an_extreme_date(day, tmp_path):
    env = {**os.environ, "ZHIFA_DATA_DIR": str(tmp_path), "ZHIFA_DATABASE_URL": f"sqlite:///{tmp_path}/zhifa.sqlite3"}
    for args in (["verify", "--since", day], ["export", "--agency", "1", "--until", day, str(tmp_path / "out")]):
        out = subprocess.run([sys.executable, "-m", "zhifa.cli", *args], env=env, capture_output=True, text=True)
        assert out.returncode == 2, out.stderr
        assert "日期须在" in out.stderr and "Traceback" not in out.stderr


def test_verify_on_an_empty_database_says_so_instead_of_a_traceback(tmp_path):
    env = {**os.environ, "ZHIFA_DATA_DIR": str(tmp_path), "ZHIFA_DATABASE_URL": f"sqlite:///{tmp_path}/zhifa.sqlite3"}
    out = subprocess.run([sys.executable, "-m", "zhifa.cli", "verify"], env=env, capture_output=True, text=True)
    assert out.returncode == 2
    assert "数据库中没有记录台账" in out.stderr and "zhifa migrate" in out.stderr and "Traceback" not in out.stderr
