"""Checkpoints leave the agency's reach (issue 9, item 6): published on the portal, co-signed by the
supervising 司法局 in its own chain, and checked by ``zhifa verify`` against both.

The attack: a database superuser disables the triggers, deletes the tail of a chain, rewrites its head and
deletes the agency's checkpoints too. The agency's own tables then agree with each other; the witness's
copy and a checkpoint file saved from the public feed before the cut do not.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from tests.ledger.conftest import attack

from zhifa.ledger import checkpoint, keys, sm2, witness
from zhifa.ledger.canonical import canonical_json, canonical_text
from zhifa.ledger.chain import append
from zhifa.ledger.digest import entry_hash
from zhifa.ledger.models import AgencyKey, Checkpoint, Entry

LATER = dt.timedelta(hours=2)  # past ZHIFA_CHECKPOINT_MINUTES: every chain with new entries is due


def add(agency, n: int, user=None) -> list[Entry]:
    return [append(actor=user, agency=agency, kind="test", subject=None, payload={"n": i}) for i in range(n)]


def sweep() -> dict[str, int]:
    return checkpoint.sweep(timezone.now() + LATER)


def copies(cast, chain: int) -> list[witness.Copy]:
    return witness.copies_of(chain, witness=cast.sfj.pk)


def verify_out(*args: str) -> str:
    out = io.StringIO()
    call_command("verify", *args, stdout=out)
    return out.getvalue()


def verify_fails(*args: str) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as e:
        call_command("verify", *args, stdout=io.StringIO(), stderr=err)
    assert e.value.returncode == 1
    return err.getvalue()


def test_the_sweep_signs_and_the_supervising_sfj_cosigns_in_its_own_chain(cast):
    add(cast.nr, 4)
    result = sweep()
    assert result["witnessed"] >= 1 and result["witness_refused"] == 0
    cp = Checkpoint.objects.filter(chain=cast.nr.pk).latest("tree_size")
    [copy] = copies(cast, cast.nr.pk)
    entry = Entry.objects.get(chain=cast.sfj.pk, seq=copy.seq)
    assert entry.kind == witness.WITNESSED
    assert (copy.payload["tree_size"], copy.payload["root_hash"], copy.payload["signature"]) == (
        cp.tree_size, cp.root_hash, cp.signature)
    sfj_key = AgencyKey.objects.get(chain=cast.sfj.pk, fingerprint=copy.payload["witness_key"])
    assert copy.cosignature_holds(sfj_key)
    assert sweep()["witnessed"] == 0  # already held: nothing twice
    # 辽阳 lies outside 鞍山: nobody supervises it, and verify says so instead of failing.
    add(cast.ly_nr, 2)
    sweep()
    assert witness.copies_of(cast.ly_nr.pk) == []
    out = verify_out()
    assert f"见证：链 {cast.nr.pk}（鞍山市自然资源局）鞍山市司法局见证至前 {cp.tree_size} 条" in out
    assert f"未见证：链 {cast.ly_nr.pk}（辽阳市自然资源局）：无监督司法局" in out
    assert "校验通过" in out


def forged(cp: Checkpoint, **changes) -> Checkpoint:
    """The agency's own key signing something else (what a compromised agency could do)."""
    fake = Checkpoint(chain=cp.chain, tree_size=cp.tree_size, root_hash=cp.root_hash, head_hash=cp.head_hash,
                      signed_at=timezone.now(), key_fingerprint=cp.key_fingerprint)
    for name, value in changes.items():
        setattr(fake, name, value)
    key = AgencyKey.objects.get(fingerprint=cp.key_fingerprint)
    fake.signature = sm2.sign(keys.private_key(key), checkpoint.signed_bytes(fake)).hex()
    return fake


def test_the_witness_refuses_a_rollback_a_fork_a_bad_signature_and_a_chain_that_does_not_extend(cast):
    add(cast.nr, 3)
    first = checkpoint.make_checkpoint(cast.nr.pk)
    add(cast.nr, 3)
    second = checkpoint.make_checkpoint(cast.nr.pk)
    assert witness.cosign(second, cast.sfj.pk) is not None
    with pytest.raises(witness.WitnessRefused, match="拒绝回退"):
        witness.cosign(first, cast.sfj.pk)
    # What the witness last co-signed comes from its own chain: deleting the agency's checkpoints changes nothing.
    attack(f"DELETE FROM ledger_checkpoint WHERE chain = {cast.nr.pk} AND tree_size > {first.tree_size}")
    with pytest.raises(witness.WitnessRefused, match="拒绝回退"):
        witness.cosign(first, cast.sfj.pk)
    with pytest.raises(witness.WitnessRefused, match="拒绝分叉"):
        witness.cosign(forged(second, root_hash="a" * 64), cast.sfj.pk)
    bad = forged(second, tree_size=second.tree_size + 1)
    bad.signature = "00" + bad.signature[2:]
    with pytest.raises(witness.WitnessRefused, match="签名无效"):
        witness.cosign(bad, cast.sfj.pk)
    add(cast.nr, 2)
    with pytest.raises(witness.WitnessRefused, match="不一致"):
        witness.cosign(forged(second, tree_size=second.tree_size + 2, root_hash="b" * 64), cast.sfj.pk)
    assert len(copies(cast, cast.nr.pk)) == 1


@pytest.fixture
def witnessed(cast, client):
    """鞍山自然资源局's chain signed and witnessed, then more entries signed and witnessed; 辽阳's signed
    (unwitnessed); each one's public feed saved by an auditor, anonymously."""
    for _ in range(2):
        add(cast.nr, 4, cast.u_head)
        add(cast.ly_nr, 4, cast.u_ly_head)
        sweep()
    feeds = {}
    for agency in (cast.nr, cast.ly_nr):
        response = client.get(f"/public/ledger/{agency.pk}/checkpoints.json")
        assert response.status_code == 200
        feeds[agency.pk] = response.content.decode()
    return feeds


def cut(chain: int, keep: int) -> None:
    """As a database superuser: cut the chain after ``keep`` entries, rewrite its head to match and delete
    the agency's checkpoints of the cut part, so that the agency's own tables agree again."""
    last = Entry.objects.get(chain=chain, seq=keep)
    attack(f"DELETE FROM ledger_entry WHERE chain = {chain} AND seq > {keep}",
           f"DELETE FROM ledger_checkpoint WHERE chain = {chain} AND tree_size > {keep}",
           f"UPDATE ledger_chainhead SET seq = {keep}, head_hash = '{last.entry_hash}' WHERE chain = {chain}")


@pytest.mark.usefixtures("scanner")
def test_a_tail_cut_with_the_agencys_checkpoints_deleted_is_caught_from_the_witnesss_copy(cast, witnessed):
    chain = cast.nr.pk
    witnessed_size = copies(cast, chain)[-1].tree_size
    keep = witnessed_size - 3
    cut(chain, keep)
    assert not Checkpoint.objects.filter(chain=chain, tree_size__gt=keep).exists()
    message = verify_fails("--agency", str(chain))
    assert f"链 {chain} 第 {keep + 1} 条：链在第 {keep} 条处结束，但监督机关鞍山市司法局的见证副本" in message
    assert f"记为前 {witnessed_size} 条" in message and "截断" in message


@pytest.mark.usefixtures("scanner")
def test_a_rewrite_after_a_witnessed_checkpoint_is_caught_from_the_witnesss_copy(cast, witnessed):
    chain = cast.nr.pk
    size = copies(cast, chain)[-1].tree_size
    entry = Entry.objects.get(chain=chain, seq=size)
    # Rewrite the last witnessed entry with a recomputed hash, head to match, the agency's checkpoints gone.
    entry.payload = canonical_text({"n": 99})
    new_hash = entry_hash(entry.prev_hash, canonical_json(entry.record()))
    attack(f"UPDATE ledger_entry SET payload = '{entry.payload}', entry_hash = '{new_hash}' WHERE id = {entry.pk}",
           f"DELETE FROM ledger_checkpoint WHERE chain = {chain}",
           f"UPDATE ledger_chainhead SET head_hash = '{new_hash}' WHERE chain = {chain}")
    message = verify_fails("--agency", str(chain))
    assert f"链 {chain} 第 {size} 条：与监督机关鞍山市司法局的见证副本" in message and "不符" in message


@pytest.mark.usefixtures("scanner")
def test_a_tail_cut_of_an_unwitnessed_chain_is_caught_from_a_checkpoint_file_saved_from_the_feed(
        cast, witnessed, tmp_path):
    chain = cast.ly_nr.pk
    feed = tmp_path / "ly-checkpoints.json"
    feed.write_text(witnessed[chain], encoding="utf-8")
    saved = json.loads(witnessed[chain])["checkpoints"][0]["signed"]["tree_size"]
    keep = saved - 2
    cut(chain, keep)
    # Nobody witnesses 辽阳: its own tables agree after the cut, and verify alone cannot see it …
    assert "校验通过" in (out := verify_out("--agency", str(chain)))
    assert f"未见证：链 {chain}（辽阳市自然资源局）：无监督司法局" in out
    # … but the auditor's copy of the feed can.
    message = verify_fails("--agency", str(chain), "--checkpoint", str(feed))
    assert f"链 {chain} 第 {keep + 1} 条：链在第 {keep} 条处结束，但检查点文件 {feed}" in message
    assert f"记为前 {saved} 条" in message


def test_a_checkpoint_file_that_holds_is_counted_and_a_forged_one_is_refused(cast, witnessed, tmp_path):
    chain = cast.nr.pk
    good = tmp_path / "nr.json"
    good.write_text(witnessed[chain], encoding="utf-8")
    assert "个见证副本或检查点文件中的检查点，全部一致" in verify_out("--checkpoint", str(good))
    doc = json.loads(witnessed[chain])
    doc["checkpoints"][0]["signed"]["tree_size"] += 1
    bad = tmp_path / "forged.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    for path, why in [(bad, "SM2 签名无效"), (tmp_path / "missing.json", "无法读取")]:
        with pytest.raises(CommandError, match=why) as e:
            call_command("verify", "--checkpoint", str(path))
        assert e.value.returncode == 2
    (tmp_path / "junk.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="不是 JSON"):
        call_command("verify", "--checkpoint", str(tmp_path / "junk.json"))


def test_a_forged_witness_copy_is_named(cast, witnessed):
    copy = copies(cast, cast.nr.pk)[-1]
    entry = Entry.objects.get(chain=cast.sfj.pk, seq=copy.seq)
    attack(f"UPDATE ledger_entry SET payload = replace(payload, '\"cosignature\":\"', '\"cosignature\":\"00') "
           f"WHERE id = {entry.pk}")
    message = verify_fails()
    assert "的见证签名无效" in message


def test_the_public_page_and_feed(cast, witnessed, client):
    cp = Checkpoint.objects.filter(chain=cast.nr.pk).latest("tree_size")
    page = client.get(f"/public/ledger/{cast.nr.pk}/checkpoints/")
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("鞍山市自然资源局", str(cp.tree_size), cp.root_hash, "技术信息", cp.signature, "鞍山市司法局"):
        assert text in html
    assert "nr_head" not in html  # no personal data: no actor of any entry
    doc = json.loads(client.get(f"/public/ledger/{cast.nr.pk}/checkpoints.json").content)
    assert doc["format"] == "zhifa-checkpoints/1" and doc["chain"] == cast.nr.pk
    newest = doc["checkpoints"][0]
    assert newest["signed"] == cp.signed() and newest["signature"] == cp.signature
    assert [w["name"] for w in newest["witnesses"]] == ["鞍山市司法局"]
    assert "nr_head" not in json.dumps(doc, ensure_ascii=False)
    for missing in (cast.nr_team.pk, cast.anshan.pk, 987654, 10**29 + 7):
        for url in (f"/public/ledger/{missing}/checkpoints/", f"/public/ledger/{missing}/checkpoints.json"):
            assert client.get(url).status_code == 404
    assert client.get(f"/public/ledger/{cast.zj.pk}/checkpoints/").status_code == 200  # none yet: still a page
    assert client.post(f"/public/ledger/{cast.nr.pk}/checkpoints/").status_code == 405


def test_the_public_page_asks_the_same_number_of_queries_however_many_checkpoints_were_witnessed(
        cast, client):
    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/public/ledger/{cast.nr.pk}/checkpoints/").status_code == 200
        return len(captured)

    add(cast.nr, 4, cast.u_head)
    sweep()
    few = queries()
    for _ in range(4):
        add(cast.nr, 4, cast.u_head)
        sweep()
    assert Checkpoint.objects.filter(chain=cast.nr.pk).count() == 5
    assert queries() == few
