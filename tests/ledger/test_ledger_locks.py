"""The ledger's triggers have no key a session can turn (issue 9, item 5).

Before: on PostgreSQL any session could ``SET zhifa.ledger_unlocked = 'on'`` and then change or delete
entries; ``ledger_chainhead`` had no trigger at all, so a tail cut with a rewritten head went through as
soon as the entries' trigger was out of the way. Now the triggers consult nothing a session can set, and
the chain head only moves forward with its chain. What must change the tables (a migration, the test
suite's flush) suspends the triggers inside its own transaction, which needs the tables' owner.
"""

from __future__ import annotations

import contextlib
import os

import pytest
from django.db import DatabaseError, connection, transaction

from zhifa.ledger import checkpoint
from zhifa.ledger.chain import append
from zhifa.ledger.db import HEAD_MESSAGE, MESSAGE, triggers_suspended
from zhifa.ledger.models import ChainHead, Entry

postgresql_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="a PostgreSQL role and setting")


@pytest.fixture
def chain(cast):
    return [append(actor=cast.u_head, agency=cast.zj, kind="test", subject=None, payload={"n": n})
            for n in range(1, 4)]


def refused(sql: str, params: list | None = None) -> str:
    """Run ``sql`` in a savepoint and return the database's refusal."""
    with pytest.raises(DatabaseError) as e, transaction.atomic(), connection.cursor() as c:
        c.execute(sql, params)
    return str(e.value)


@contextlib.contextmanager
def ordinary_session():
    """This connection as an ordinary role with every table privilege, as the application's role in
    production: not a superuser and not the tables' owner. The role goes with the test's transaction."""
    role = f"zhifa_app_{os.getpid()}_{connection.settings_dict['NAME']}".replace("-", "_")[:60]
    with connection.cursor() as c:
        c.execute(f"CREATE ROLE {role} NOLOGIN NOSUPERUSER")
        c.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO {role}")
        c.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}")
        c.execute(f"SET ROLE {role}")
    try:
        yield
    finally:
        with connection.cursor() as c:
            c.execute("RESET ROLE")


@postgresql_only
def test_the_old_session_setting_unlocks_nothing_for_an_ordinary_session(cast, chain):
    checkpoint.make_checkpoint(cast.zj.pk)
    with ordinary_session():
        with connection.cursor() as c:
            c.execute("SET zhifa.ledger_unlocked = 'on'")
        assert MESSAGE in refused(f"UPDATE ledger_entry SET payload = '{{}}' WHERE id = {chain[1].pk}")
        assert MESSAGE in refused(f"DELETE FROM ledger_entry WHERE id = {chain[-1].pk}")
        assert MESSAGE in refused("TRUNCATE ledger_entry")
        assert MESSAGE in refused("DELETE FROM ledger_checkpoint")
        assert HEAD_MESSAGE in refused(f"DELETE FROM ledger_chainhead WHERE chain = {cast.zj.pk}")
        # Nor can the session take the triggers away: that takes the tables' owner or a superuser.
        assert "owner" in refused("ALTER TABLE ledger_entry DISABLE TRIGGER USER")
        assert "permission denied" in refused("SET session_replication_role = replica")
        with pytest.raises(DatabaseError), triggers_suspended(connection):
            pass
        # Appending still works for the ordinary role.
        append(actor=cast.u_head, agency=cast.zj, kind="test", subject=None, payload={"n": 4})
    assert list(Entry.objects.filter(chain=cast.zj.pk).values_list("seq", flat=True)) == [1, 2, 3, 4, 5]


@postgresql_only
def test_the_old_session_setting_unlocks_nothing_for_the_owner_either(cast, chain):
    with connection.cursor() as c:
        c.execute("SET zhifa.ledger_unlocked = 'on'")
    assert MESSAGE in refused(f"DELETE FROM ledger_entry WHERE id = {chain[-1].pk}")


def test_no_unlock_function_is_left_on_sqlite(cast, chain):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's per-connection function")
    assert "no such function" in refused("SELECT zhifa_ledger_unlocked()")
    assert MESSAGE in refused(f"DELETE FROM ledger_entry WHERE id = {chain[-1].pk}")


def head() -> ChainHead:
    return ChainHead.objects.get(chain=Entry.objects.values_list("chain", flat=True).first())


@pytest.mark.parametrize("what", ["delete", "back", "forged", "skip", "other chain"])
def test_the_chain_head_cannot_be_deleted_or_rewritten(cast, chain, what):
    c, two = cast.zj.pk, chain[1]
    sql = {
        "delete": f"DELETE FROM ledger_chainhead WHERE chain = {c}",
        "back": f"UPDATE ledger_chainhead SET seq = 2, head_hash = '{two.entry_hash}' WHERE chain = {c}",
        "forged": f"UPDATE ledger_chainhead SET seq = 4, head_hash = '{'e' * 64}' WHERE chain = {c}",
        "skip": f"UPDATE ledger_chainhead SET seq = 5 WHERE chain = {c}",
        "other chain": f"UPDATE ledger_chainhead SET chain = {c + 1000} WHERE chain = {c}",
    }[what]
    assert HEAD_MESSAGE in refused(sql)
    assert (head().seq, head().head_hash) == (3, chain[-1].entry_hash)


def test_a_new_chain_head_starts_empty(cast, chain):
    assert HEAD_MESSAGE in refused("INSERT INTO ledger_chainhead (chain, seq, head_hash) VALUES (999, 7, %s)",
                                   ["a" * 64])
    assert HEAD_MESSAGE in refused(f"DELETE FROM ledger_chainhead WHERE chain = {cast.zj.pk}")
    # A chain that has entries cannot start over at zero (the trigger fires before the key is checked).
    assert HEAD_MESSAGE in refused("INSERT INTO ledger_chainhead (chain, seq, head_hash) VALUES (%s, 0, %s)",
                                   [cast.zj.pk, "0" * 64])


def test_a_tail_cut_with_a_rewritten_head_is_refused(cast, chain):
    assert MESSAGE in refused(f"DELETE FROM ledger_entry WHERE id = {chain[-1].pk}")
    assert HEAD_MESSAGE in refused(f"UPDATE ledger_chainhead SET seq = 2, head_hash = '{chain[1].entry_hash}' "
                                   f"WHERE chain = {cast.zj.pk}")
    entry = append(actor=cast.u_head, agency=cast.zj, kind="test", subject=None, payload={"n": 4})
    assert (head().seq, head().head_hash) == (4, entry.entry_hash)


def test_a_migration_suspends_the_triggers_inside_its_own_transaction(cast, chain):
    with triggers_suspended(connection, ["ledger_entry"]), connection.cursor() as c:
        c.execute(f"UPDATE ledger_entry SET kind = 'renamed' WHERE id = {chain[0].pk}")
    assert Entry.objects.get(pk=chain[0].pk).kind == "renamed"
    assert MESSAGE in refused(f"UPDATE ledger_entry SET kind = 'again' WHERE id = {chain[0].pk}")
    with pytest.raises(RuntimeError), triggers_suspended(connection):
        raise RuntimeError("a failing migration")
    assert HEAD_MESSAGE in refused(f"DELETE FROM ledger_chainhead WHERE chain = {cast.zj.pk}")


def test_a_writer_that_missed_a_chain_started_and_committed_by_another_appends_after_it(cast, chain):
    # The race the eight-process test found: this writer looked, saw no head, and before its INSERT another
    # writer committed the head with entries — the head guard, not the key, refuses the second start.
    from zhifa.ledger.chain import _start_chain

    _start_chain(cast.zj.pk)
    assert (head().seq, head().head_hash) == (3, chain[-1].entry_hash)
    entry = append(actor=cast.u_head, agency=cast.zj, kind="test", subject=None, payload={"n": 4})
    assert entry.seq == 4 and entry.prev_hash == chain[-1].entry_hash


def test_a_failing_start_of_a_chain_that_no_one_started_is_not_swallowed(cast):
    from zhifa.ledger.chain import _start_chain

    # A chain number below zero breaks the head's own check constraint, and no other writer has that head.
    with pytest.raises(DatabaseError), transaction.atomic():
        _start_chain(-1)
