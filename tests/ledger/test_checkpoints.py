"""Signing keys and signed checkpoints: made when due, append-only, checked by `zhifa verify` (REC-12)."""

from __future__ import annotations

import datetime as dt
import io
import stat
import unicodedata

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from zhifa.agencies import actions
from zhifa.core.validators import uscc_check_character
from zhifa.ledger import checkpoint, keys, merkle, sm2
from zhifa.ledger.canonical import canonical_json
from zhifa.ledger.chain import append
from zhifa.ledger.models import AgencyKey, Checkpoint, Entry, Immutable
from zhifa.ledger.scan import COLUMNS, record_bytes
from zhifa.ledger.verify import verify

# Each case with the C scanner and the Python one (tests/ledger/conftest.py).
pytestmark = pytest.mark.usefixtures("scanner")


def add(cast, n: int, agency=None):
    return [append(actor=cast.u_head, agency=agency or cast.zj, kind="test", subject=None, payload={"n": i})
            for i in range(n)]


def test_a_new_agency_gets_its_key_pair_private_key_in_the_keystore_only(cast, settings, login):
    agency = actions.create_agency(actor=cast.u_admin, parent=cast.anshan, level=cast.levels["agency"],
                                   name="鞍山市市场监督管理局",
                                   uscc="11210300MB5678901" + uscc_check_character("11210300MB5678901"))
    key = AgencyKey.objects.get(chain=agency.pk)
    path = settings.ZHIFA_KEYSTORE_DIR / f"{agency.pk}-{key.fingerprint}.pem"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "PRIVATE" not in key.public_key and sm2.PublicKey.from_pem(key.public_key).fingerprint() == key.fingerprint
    announced = Entry.objects.get(chain=agency.pk, kind="ledger.key_created")
    assert key.fingerprint in announced.payload
    # A unit inside it signs with the agency's key: no key of its own.
    actions.create_agency(actor=cast.u_admin, parent=agency, level=cast.levels["unit"], name="执法稽查科")
    assert AgencyKey.objects.filter(chain=agency.pk).count() == 1
    page = login(cast.u_admin).get(f"/agencies/{agency.pk}/").content.decode()
    assert "签名公钥" in page and key.fingerprint in page and "BEGIN PUBLIC KEY" in page


def test_an_agency_made_before_keys_existed_gets_one_when_first_needed(cast, login):
    assert not AgencyKey.objects.filter(chain=cast.nr.pk).exists()
    assert "尚未生成" in login(cast.u_head).get(f"/agencies/{cast.nr.pk}/").content.decode()
    key = keys.ensure_key(cast.nr)
    assert keys.ensure_key(cast.nr_team) == key  # the unit's acts are on the agency's chain
    assert keys.private_key(key).public.fingerprint() == key.fingerprint


def test_a_checkpoint_signs_the_merkle_root_and_head_of_the_chain(cast):
    entries = add(cast, 5)
    cp = checkpoint.make_checkpoint(cast.zj.pk)
    chain = list(Entry.objects.filter(chain=cast.zj.pk).order_by("seq"))
    assert cp.tree_size == len(chain) == chain[-1].seq and cp.head_hash == chain[-1].entry_hash
    assert cp.root_hash == merkle.mth([bytes.fromhex(e.entry_hash) for e in chain]).hex()
    assert entries[-1].entry_hash in {e.entry_hash for e in chain}
    signed = canonical_json({"chain": cast.zj.pk, "tree_size": cp.tree_size, "root_hash": cp.root_hash,
                             "head_hash": cp.head_hash, "signed_at": cp.signed_at})
    key = AgencyKey.objects.get(fingerprint=cp.key_fingerprint)
    assert sm2.verify(sm2.PublicKey.from_pem(key.public_key), signed, bytes.fromhex(cp.signature))
    assert checkpoint.make_checkpoint(cast.zj.pk) is None  # nothing new


def test_the_next_checkpoint_continues_from_the_last_and_agrees_with_a_full_recomputation(cast):
    add(cast, 3)
    first = checkpoint.make_checkpoint(cast.zj.pk)
    add(cast, 6)
    second = checkpoint.make_checkpoint(cast.zj.pk)
    leaves = [bytes.fromhex(h) for h in Entry.objects.filter(chain=cast.zj.pk).order_by("seq")
              .values_list("entry_hash", flat=True)]
    assert second.root_hash == merkle.mth(leaves).hex()
    assert merkle.verify_consistency(first.tree_size, second.tree_size, bytes.fromhex(first.root_hash),
                                     bytes.fromhex(second.root_hash),
                                     merkle.consistency_proof(first.tree_size, leaves))


@pytest.mark.parametrize("every, minutes, later, made", [
    (5, 60, 0, 0), (3, 60, 0, 1), (100, 60, 59, 0), (100, 60, 61, 1)])
def test_the_sweep_signs_every_n_entries_or_m_minutes(cast, settings, every, minutes, later, made):
    settings.ZHIFA_CHECKPOINT_EVERY, settings.ZHIFA_CHECKPOINT_MINUTES = every, minutes
    keys.ensure_key(cast.zj)
    Checkpoint.objects.filter(chain=cast.zj.pk).exists()
    first = checkpoint.make_checkpoint(cast.zj.pk)
    add(cast, 3)
    now = timezone.now() + dt.timedelta(minutes=later)
    result = checkpoint.sweep(now)
    assert result["refused"] == 0
    assert Checkpoint.objects.filter(chain=cast.zj.pk, tree_size__gt=first.tree_size).count() == made


def test_the_sweep_is_registered_for_the_worker():
    from zhifa.core import sweeps

    assert sweeps.registered()["ledger_checkpoints"] is checkpoint.sweep


def test_a_tampered_chain_is_never_signed(cast):
    entries = add(cast, 3)
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("ALTER TABLE ledger_entry DISABLE TRIGGER USER")
        else:
            c.execute("DROP TRIGGER ledger_entry_refuse_update")
        c.execute(f"UPDATE ledger_entry SET payload = '{{\"n\":9}}' WHERE id = {entries[1].pk}")
    with pytest.raises(checkpoint.ChainBroken, match="哈希不符"):
        checkpoint.make_checkpoint(cast.zj.pk)
    assert checkpoint.sweep(timezone.now() + dt.timedelta(days=1))["refused"] >= 1


def test_checkpoints_and_keys_cannot_be_changed_or_deleted(cast):
    add(cast, 2)
    cp = checkpoint.make_checkpoint(cast.zj.pk)
    cp.root_hash = "0" * 64
    with pytest.raises(Immutable):
        cp.save()
    with pytest.raises(Immutable):
        Checkpoint.objects.all().delete()
    with pytest.raises(Immutable):
        AgencyKey.objects.all().update(public_key="")
    for sql in ["UPDATE ledger_checkpoint SET root_hash = 'x'", "DELETE FROM ledger_checkpoint",
                "UPDATE ledger_agencykey SET public_key = 'x'", "DELETE FROM ledger_agencykey"]:
        with pytest.raises(DatabaseError, match="台账记录不可修改或删除"), transaction.atomic(), \
                connection.cursor() as c:
            c.execute(sql)


def test_verify_checks_checkpoints_and_says_how_many(cast):
    add(cast, 4)
    checkpoint.make_checkpoint(cast.zj.pk)
    add(cast, 4)
    checkpoint.make_checkpoint(cast.zj.pk)
    add(cast, 2)
    report = verify(agency_ids=[cast.zj.pk])
    assert report.ok and report.checkpoints == 2
    out = io.StringIO()
    call_command("verify", "--agency", str(cast.zj.pk), stdout=out)
    assert "2 个签名检查点" in out.getvalue()


def test_the_fast_record_bytes_equal_the_canonical_record(cast):
    tricky = ["引号\"与\\反斜杠", "换行\n制表\t", unicodedata.normalize("NFD", "é"), "\u2028", "\x7f"]
    for text in tricky:
        entry = append(actor=cast.u_head, agency=cast.zj, kind="test", subject=cast.zj, payload={"t": text})
        row = Entry.objects.filter(pk=entry.pk).values_list(*COLUMNS).first()
        with connection.cursor() as c:
            c.execute(f"SELECT {', '.join(COLUMNS)} FROM ledger_entry WHERE id = %s", [entry.pk])
            raw = c.fetchone()
        assert record_bytes(cast.zj.pk, raw) == canonical_json(entry.record())
        assert record_bytes(cast.zj.pk, row) == canonical_json(entry.record())
