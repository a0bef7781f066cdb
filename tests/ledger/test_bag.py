"""Export as a BagIt bag; `zhifa verify --bag` and the openssl commands in docs/ledger.md check it offline."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from zhifa.ledger import checkpoint, keys
from zhifa.ledger.bag import verify_bag
from zhifa.ledger.chain import append
from zhifa.ledger.models import Checkpoint, Entry

DOCS = Path(__file__).resolve().parents[2] / "docs" / "ledger.md"


def documented(kind: str) -> str:
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(rf"<!-- check:{kind} -->\n```\w+\n(.*?)```\n<!-- /check:{kind} -->", text, re.S)
    assert block, f"docs/ledger.md has no {kind} block"
    return block.group(1)


@pytest.fixture
def ledger(cast):
    """住建局's chain with awkward content, two checkpoints and two unsigned entries after them."""
    texts = ["现场检查笔录", "引号\"与\\反斜杠", "换行\n制表\t", "e\u0301", "金额"]
    for n, text in enumerate(texts):
        append(actor=cast.u_zj_head, agency=cast.zj, kind="test.act", subject=cast.zj_unit,
               payload={"n": n, "text": text, "amount": "1234.50"}, evidence=["ab" * 32] if n == 2 else [])
    checkpoint.make_checkpoint(cast.zj.pk)
    for n in range(5, 9):
        append(actor=cast.u_zj_head, agency=cast.zj, kind="test.act", subject=None, payload={"n": n})
    checkpoint.make_checkpoint(cast.zj.pk)
    for n in range(9, 11):
        append(actor=None, agency=cast.zj, kind="test.act", subject=None, payload={"n": n})
    return cast.zj


def export(agency, out: Path, *args: str) -> str:
    stdout = io.StringIO()
    call_command("export", "--agency", str(agency.pk), *args, str(out), stdout=stdout)
    return stdout.getvalue()


def verify_bag_command(path: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify", "--bag", str(path), stdout=out, stderr=err)
    except CommandError as e:
        return e.returncode, err.getvalue()
    return 0, out.getvalue()


def test_an_exported_bag_verifies_offline_without_the_database(ledger, tmp_path, django_db_blocker):
    out = tmp_path / "bag"
    message = export(ledger, out)
    entries = Entry.objects.filter(chain=ledger.pk).count()
    assert f"共 {entries} 条" in message
    # A checkpoint was made on the spot to cover the two unsigned entries.
    assert Checkpoint.objects.filter(chain=ledger.pk).order_by("-tree_size").first().tree_size == entries
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sorted([
        "bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sm3.txt", "tagmanifest-sha256.txt",
        "tagmanifest-sm3.txt", "data/entries.jsonl", "data/checkpoint.json", "data/checkpoint.signed",
        "data/checkpoint.sig", "data/public_key.pem", "data/proofs.json", "data/evidence-missing.json"])
    assert len((out / "data/entries.jsonl").read_text().splitlines()) == entries
    # The digest one entry names was never in the store: listed as missing, so the bag still verifies.
    missing = json.loads((out / "data/evidence-missing.json").read_text())
    assert [(m["sm3"], m["reason"]) for m in missing] == [("ab" * 32, "not_held")]
    proofs = json.loads((out / "data/proofs.json").read_text())
    assert proofs["consistency"]["from"] < proofs["consistency"]["to"] == entries
    with django_db_blocker.block():  # no database: any query would raise
        assert verify_bag(out) == []
        code, text = verify_bag_command(out)
    assert code == 0 and "校验通过" in text


def test_a_time_range_exports_only_its_days_with_proofs_against_the_latest_checkpoint(cast, tmp_path):
    tz = dt.timezone(dt.timedelta(hours=8))
    for day, count in [(1, 3), (2, 4), (3, 2)]:
        with time_machine.travel(dt.datetime(2026, 3, day, 23, 30, tzinfo=tz), tick=False):
            keys.ensure_key(cast.zj)
            for n in range(count):
                append(actor=None, agency=cast.zj, kind="test.act", subject=None, payload={"day": day, "n": n})
            if day == 2:
                checkpoint.make_checkpoint(cast.zj.pk)
    with pytest.raises(CommandError, match="该时间范围内没有记录"):
        export(cast.zj, tmp_path / "empty", "--since", "2026-03-04")
    export(cast.zj, tmp_path / "bag", "--since", "2026-03-02", "--until", "2026-03-02")
    lines = [json.loads(line) for line in (tmp_path / "bag/data/entries.jsonl").read_text().splitlines()]
    assert [(r["record"]["payload"]["day"], r["record"]["payload"]["n"]) for r in lines] == [(2, n) for n in range(4)]
    proofs = json.loads((tmp_path / "bag/data/proofs.json").read_text())
    # Day 2's own checkpoint covers the range: no new one is made for day 3's unsigned entries.
    assert proofs["tree_size"] == 8 and Checkpoint.objects.filter(chain=cast.zj.pk).count() == 1
    assert [p["seq"] for p in proofs["inclusion"]] == [r["record"]["seq"] for r in lines]
    assert verify_bag(tmp_path / "bag") == []


def test_one_flipped_byte_in_the_entries_is_named(ledger, tmp_path):
    out = tmp_path / "bag"
    export(ledger, out)
    path = out / "data/entries.jsonl"
    data = bytearray(path.read_bytes())
    at = data.index("现场检查笔录".encode())
    data[at + 1] ^= 0x01
    path.write_bytes(bytes(data))
    code, message = verify_bag_command(out)
    assert code == 1
    assert "data/entries.jsonl 的 SHA256 摘要与 manifest-sha256.txt 不符" in message
    assert "data/entries.jsonl 的 SM3 摘要与 manifest-sm3.txt 不符" in message


def test_a_changed_entry_is_named_even_when_the_manifests_are_rewritten(ledger, tmp_path):
    from zhifa.ledger.bag import _write_manifests

    out = tmp_path / "bag"
    export(ledger, out)
    path = out / "data/entries.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace('"n":3', '"n":7')
    path.write_text("".join(lines), encoding="utf-8")
    _write_manifests(out, "manifest", ["data/" + p.name for p in (out / "data").iterdir()])
    _write_manifests(out, "tagmanifest", ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sm3.txt"])
    problems = verify_bag(out)
    assert any(p.startswith(f"entries.jsonl 第 4 行（链 {ledger.pk} 第 4 条）：哈希不符") for p in problems), problems


def test_a_removed_line_or_file_is_named(ledger, tmp_path):
    out = tmp_path / "bag"
    export(ledger, out)
    (out / "data/proofs.json").unlink()
    code, message = verify_bag_command(out)
    assert code == 1 and "缺少文件 data/proofs.json" in message


def test_a_forged_checkpoint_signature_in_the_bag_is_named(ledger, tmp_path):
    out = tmp_path / "bag"
    export(ledger, out)
    document = json.loads((out / "data/checkpoint.json").read_text())
    document["checkpoint"]["signed"]["root_hash"] = "0" * 64
    (out / "data/checkpoint.json").write_text(json.dumps(document))
    problems = verify_bag(out)
    assert "检查点的 SM2 签名无效" in problems
    assert "checkpoint.signed 与 checkpoint.json 中的签名内容不符" in problems


def run(script: list[str], cwd: Path) -> str:
    result = subprocess.run(script, cwd=cwd, capture_output=True, text=True, env={"LANG": "C.UTF-8",
                                                                                   "PATH": "/usr/bin:/bin"})
    return result.stdout + result.stderr


def test_the_documented_openssl_commands_check_a_bag(ledger, tmp_path):
    out = tmp_path / "bag"
    export(ledger, out)
    shell = run(["bash", "-c", documented("shell")], out)
    assert "Verified OK" in shell and "FAILED" not in shell, shell
    entries = Entry.objects.filter(chain=ledger.pk).count()
    assert shell.count("entries.jsonl line") == entries and "data/entries.jsonl: OK" in shell
    python = run([sys.executable, "-c", documented("python")], out)
    assert python.count(": OK") == entries and "FAILED" not in python, python

    # The same commands see a changed record, its line, and a forged signature.
    path = out / "data/entries.jsonl"
    path.write_bytes(path.read_bytes().replace(b'"n":3', b'"n":4', 1))
    signed = out / "data/checkpoint.signed"
    signed.write_bytes(signed.read_bytes().replace(b'"tree_size":', b'"tree_size":1', 1))
    shell = run(["bash", "-c", documented("shell")], out)
    assert "entries.jsonl line 4: FAILED (hash)" in shell
    assert "data/entries.jsonl: FAILED" in shell and "Verification failure" in shell
