"""A database superuser who gets past the triggers is still caught by ``zhifa verify`` (REC-12).

The attacker turns the triggers off (PostgreSQL: ALTER TABLE … DISABLE TRIGGER, as a superuser can; SQLite:
drops them, as anyone with the file can), changes the table, and `zhifa verify` must name the first bad
entry. Each test runs in a transaction that rolls back, triggers included.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.ledger.conftest import attack

from zhifa.ledger.chain import append

# Each case with the C scanner and the Python one (tests/ledger/conftest.py).
pytestmark = pytest.mark.usefixtures("scanner")


@pytest.fixture
def chain(cast):
    return [append(actor=cast.u_head, agency=cast.zj, kind="test", subject=None, payload={"n": n, "text": "现场检查"})
            for n in range(1, 6)]


def verify_fails() -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as e:
        call_command("verify", stderr=err)
    assert e.value.returncode == 1
    return err.getvalue()


def test_one_changed_byte_of_a_payload_is_named(cast, chain):
    attack(f"UPDATE ledger_entry SET payload = replace(payload, '\"n\":3', '\"n\":8') WHERE id = {chain[2].pk}")
    message = verify_fails()
    assert f"链 {cast.zj.pk} 第 3 条：哈希不符" in message


def test_a_deleted_entry_is_named(cast, chain):
    attack(f"DELETE FROM ledger_entry WHERE id = {chain[1].pk}")
    assert f"链 {cast.zj.pk} 第 2 条：序号不连续" in verify_fails()


def test_two_swapped_entries_are_named(cast, chain):
    a, b = chain[1], chain[3]
    attack(f"UPDATE ledger_entry SET seq = 1000 WHERE id = {a.pk}",
           f"UPDATE ledger_entry SET seq = 2 WHERE id = {b.pk}",
           f"UPDATE ledger_entry SET seq = 4 WHERE id = {a.pk}")
    assert f"链 {cast.zj.pk} 第 2 条：前一条哈希不符" in verify_fails()


def test_an_inserted_entry_is_named(cast, chain):
    c = chain[2]
    attack(f"UPDATE ledger_entry SET seq = seq + 100 WHERE chain = {cast.zj.pk} AND seq >= 3",
           f"UPDATE ledger_entry SET seq = seq - 99 WHERE chain = {cast.zj.pk} AND seq >= 103",
           "INSERT INTO ledger_entry (chain, seq, prev_hash, entry_hash, kind, subject_type, subject_id, subject_label,"
           " actor_id, actor_label, recorded_at, payload, evidence, corrects) SELECT chain, 3, prev_hash,"
           f" '{'f' * 64}', kind, subject_type, subject_id, subject_label, actor_id, actor_label, recorded_at,"
           f" payload, evidence, corrects FROM ledger_entry WHERE id = {c.pk}")
    assert f"链 {cast.zj.pk} 第 3 条：哈希不符" in verify_fails()


def test_a_cut_tail_is_named(cast, chain):
    attack(f"DELETE FROM ledger_entry WHERE id = {chain[-1].pk}")
    assert "链尾被截断" in verify_fails()
