"""An attacker past the triggers cannot hide behind a signed checkpoint (REC-12).

As in test_ledger_tamper: a PostgreSQL superuser disables the triggers (on SQLite they are dropped), then
changes the tables. Truncating after a checkpoint is caught even when the chain head is rewritten to match;
a changed checkpoint, a checkpoint signed with another key, and a chain rewritten with recomputed hashes are
each caught and named.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from tests.ledger.conftest import attack

from zhifa.ledger import checkpoint, sm2
from zhifa.ledger.canonical import canonical_json, canonical_text
from zhifa.ledger.chain import append
from zhifa.ledger.digest import entry_hash
from zhifa.ledger.models import AgencyKey, Checkpoint, Entry

# Each case with the C scanner and the Python one (tests/ledger/conftest.py).
pytestmark = pytest.mark.usefixtures("scanner")


@pytest.fixture
def signed(cast):
    """住建局's chain: its key, 3 entries, a checkpoint, 4 more, a checkpoint, 2 more unsigned."""
    for n in range(1, 4):
        append(actor=cast.u_head, agency=cast.zj, kind="test", subject=None, payload={"n": n})
    first = checkpoint.make_checkpoint(cast.zj.pk)
    for n in range(4, 8):
        append(actor=cast.u_head, agency=cast.zj, kind="test", subject=None, payload={"n": n})
    second = checkpoint.make_checkpoint(cast.zj.pk)
    for n in range(8, 10):
        append(actor=cast.u_head, agency=cast.zj, kind="test", subject=None, payload={"n": n})
    return first, second


def verify_fails() -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as e:
        call_command("verify", stderr=err)
    assert e.value.returncode == 1
    return err.getvalue()


def test_the_signed_ledger_verifies(cast, signed):
    out = io.StringIO()
    call_command("verify", stdout=out)
    assert "2 个签名检查点" in out.getvalue()


def test_cutting_the_chain_after_a_checkpoint_and_rewriting_the_head_is_named(cast, signed):
    _, second = signed
    cut = second.tree_size - 2
    last = Entry.objects.get(chain=cast.zj.pk, seq=cut)
    attack(f"DELETE FROM ledger_entry WHERE chain = {cast.zj.pk} AND seq > {cut}",
           f"UPDATE ledger_chainhead SET seq = {cut}, head_hash = '{last.entry_hash}' WHERE chain = {cast.zj.pk}")
    message = verify_fails()
    assert f"链 {cast.zj.pk} 第 {cut + 1} 条：链在第 {cut} 条处结束，但有已签名的检查点记为前 {second.tree_size} 条" \
        in message
    assert "检查点之后的记录被截断或删除" in message


def test_cutting_the_chain_and_its_checkpoints_still_leaves_the_earlier_checkpoint(cast, signed):
    first, second = signed
    cut = first.tree_size - 1
    last = Entry.objects.get(chain=cast.zj.pk, seq=cut)
    attack(f"DELETE FROM ledger_entry WHERE chain = {cast.zj.pk} AND seq > {cut}",
           f"DELETE FROM ledger_checkpoint WHERE id = {second.pk}",
           f"UPDATE ledger_chainhead SET seq = {cut}, head_hash = '{last.entry_hash}' WHERE chain = {cast.zj.pk}")
    assert f"有已签名的检查点记为前 {first.tree_size} 条" in verify_fails()


def test_a_changed_checkpoint_root_is_named(cast, signed):
    first, _ = signed
    attack(f"UPDATE ledger_checkpoint SET root_hash = '{'a' * 64}' WHERE id = {first.pk}")
    assert f"链 {cast.zj.pk} 第 {first.tree_size} 条：检查点（前 {first.tree_size} 条" in (m := verify_fails())
    assert "SM2 签名无效" in m


def forge(cp: Checkpoint, key: sm2.PrivateKey, **changes) -> str:
    for name, value in changes.items():
        setattr(cp, name, value)
    return sm2.sign(key, canonical_json(cp.signed())).hex()


def test_a_checkpoint_re_signed_with_an_unregistered_key_is_named(cast, signed):
    first, _ = signed
    other = sm2.generate()
    signature = forge(first, other, root_hash="b" * 64)
    attack("UPDATE ledger_checkpoint SET root_hash = %s, signature = %s, key_fingerprint = %s WHERE id = %s",
           params=["b" * 64, signature, other.public.fingerprint(), first.pk])
    assert "不是本链登记的公钥（检查点被伪造）" in verify_fails()


def test_a_key_slipped_into_the_key_table_cannot_vouch_for_an_older_checkpoint(cast, signed):
    first, _ = signed
    other = sm2.generate()
    AgencyKey.objects.create(chain=cast.zj.pk, public_key=other.public.pem(), fingerprint=other.public.fingerprint(),
                             created_at=timezone.now())
    signature = forge(first, other, root_hash="c" * 64)
    attack("UPDATE ledger_checkpoint SET root_hash = %s, signature = %s, key_fingerprint = %s WHERE id = %s",
           params=["c" * 64, signature, other.public.fingerprint(), first.pk])
    assert "在检查点之前未在链中登记（检查点被伪造）" in verify_fails()


def test_a_chain_rewritten_with_recomputed_hashes_is_caught_by_the_checkpoint(cast, signed):
    """Change entry 2 and recompute every hash after it and the head: the chain links, the checkpoint doesn't."""
    first, _ = signed
    entries = list(Entry.objects.filter(chain=cast.zj.pk).order_by("seq"))
    statements, prev = [], entries[0].entry_hash
    for entry in entries[1:]:
        payload = canonical_text({"n": 99}) if entry.seq == 2 else entry.payload
        entry.payload, entry.prev_hash = payload, prev
        new_hash = entry_hash(prev, canonical_json(entry.record()))
        statements.append(f"UPDATE ledger_entry SET payload = '{payload}', prev_hash = '{prev}', "
                          f"entry_hash = '{new_hash}' WHERE id = {entry.pk}")
        prev = new_hash
    statements.append(f"UPDATE ledger_chainhead SET head_hash = '{prev}' WHERE chain = {cast.zj.pk}")
    attack(*statements)
    message = verify_fails()
    assert f"链 {cast.zj.pk} 第 {first.tree_size} 条：检查点（前 {first.tree_size} 条" in message
    assert "链头哈希不符" in message
