"""Evidence in exported bags (REC-12, REC-13): a case's records with their files, from the command line and
from the evidence list; `zhifa verify --bag` and the documented openssl commands check them offline."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.ledger.test_bag import documented, run, verify_bag_command
from tests.records.conftest import sm3

from zhifa.ledger.bag import verify_bag
from zhifa.ledger.models import Entry
from zhifa.records import actions, retention
from zhifa.records.export_views import bag_name
from zhifa.records.models import Evidence

CASE = "鞍自然罚〔2026〕12号"
CAPTURED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
AFTER_TWO_YEARS = dt.datetime(2028, 3, 3, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def hand_in(people, data: bytes, *, case: str = CASE, kind: str = "document", name: str = "笔录.pdf",
            unit=None) -> Evidence:
    description = {"kind": kind, "case_number": case}
    if kind == "video":
        description |= {"capture_start": CAPTURED, "capture_end": CAPTURED + dt.timedelta(minutes=30)}
    return actions.ingest_stream(actor=people.u_officer if unit is None else people.u_records,
                                 unit=unit or people.nr_team, chunks=[data], original_name=name,
                                 description=description)


@pytest.fixture
def case(people):
    """Two pieces of evidence of the case (a recording and a record), one of another case, and a few
    entries about other things in between, so the case's entries are scattered through the chain."""
    video = hand_in(people, os.urandom(300_000), kind="video", name="现场.mp4")
    actions.record_view(actor=people.u_records, evidence=video)
    other = hand_in(people, os.urandom(5000), case="鞍自然罚〔2026〕13号", name="另案.pdf")
    record = hand_in(people, "询问笔录：当事人对违法事实无异议。".encode() * 50)
    actions.place_hold(actor=people.u_records, evidence=record, reason="objection", note="当事人申请复核")
    return video, record, other


def export(agency, out: Path, *args: str) -> str:
    stdout = io.StringIO()
    call_command("export", "--agency", str(agency.pk), *args, str(out), stdout=stdout)
    return stdout.getvalue()


def export_case(people, out: Path, user=None, reason: str = "移送人民法院强制执行") -> str:
    return export(people.nr, out, "--case", CASE, "--user", (user or people.u_records).username,
                  "--reason", reason)


def entries_of(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "data/entries.jsonl").read_text(encoding="utf-8").splitlines()]


def test_a_case_bag_holds_its_evidence_files_and_only_its_entries_and_verifies_offline(
        people, case, store, tmp_path, django_db_blocker):
    video, record, other = case
    out = tmp_path / "bag"
    message = export_case(people, out)
    assert f"案件 {CASE}" in message and "证据文件 2 个，未随包 0 个" in message

    for ev in (video, record):
        assert (out / "data/evidence" / ev.blob.sm3).read_bytes() == (store / "files" / ev.blob.name).read_bytes()
    assert not (out / "data/evidence" / other.blob.sm3).exists()
    manifest = (out / "manifest-sm3.txt").read_text()
    assert f"{video.blob.sm3}  data/evidence/{video.blob.sm3}" in manifest
    assert json.loads((out / "data/evidence-missing.json").read_text()) == []

    lines = entries_of(out)
    subjects = {line["record"]["subject"]["id"] for line in lines}
    assert subjects == {str(video.pk), str(record.pk)}
    seqs = [line["record"]["seq"] for line in lines]
    assert seqs == sorted(seqs) and seqs[-1] - seqs[0] + 1 > len(seqs)  # scattered through the chain
    assert {line["record"]["kind"] for line in lines} >= {"evidence.ingested", "evidence.viewed",
                                                          "evidence.hold_placed", "evidence.exported"}
    assert json.loads((out / "data/proofs.json").read_text())["selection"] == "subjects"

    with django_db_blocker.block():  # no database: any query would raise
        assert verify_bag(out) == []
        code, text = verify_bag_command(out)
    assert code == 0 and "校验通过" in text


def test_each_export_appends_an_exported_entry_per_evidence_naming_who_and_why(people, case, tmp_path):
    video, record, _other = case
    export_case(people, tmp_path / "bag", reason="移送人民法院强制执行")
    exported = Entry.objects.filter(kind="evidence.exported").order_by("seq")
    assert sorted(e.subject_id for e in exported) == sorted([str(video.pk), str(record.pk)])
    for e in exported:
        payload = json.loads(e.payload)
        assert payload == {"what": f"导出 BagIt 包（案件 {CASE}）", "reason": "移送人民法院强制执行"}
        assert e.actor_label == people.u_records.username and e.chain == people.nr.pk
    # The bag carries the record of its own export.
    kinds = [(line["record"]["kind"], line["record"]["subject"]["id"]) for line in entries_of(tmp_path / "bag")]
    assert ("evidence.exported", str(video.pk)) in kinds and ("evidence.exported", str(record.pk)) in kinds
    export_case(people, tmp_path / "again", reason="复议机关调卷")
    assert Entry.objects.filter(kind="evidence.exported").count() == 4


def test_a_flipped_byte_in_an_evidence_file_is_caught_and_named(people, case, tmp_path):
    video = case[0]
    out = tmp_path / "bag"
    export_case(people, out)
    path = out / "data/evidence" / video.blob.sm3
    data = bytearray(path.read_bytes())
    data[100_000] ^= 0x01
    path.write_bytes(bytes(data))
    code, message = verify_bag_command(out)
    assert code == 1
    name = f"data/evidence/{video.blob.sm3}"
    assert f"{name} 的 SHA256 摘要与 manifest-sha256.txt 不符（文件被改动）" in message
    assert f"{name} 的 SM3 摘要与 manifest-sm3.txt 不符（文件被改动）" in message
    assert f"{name} 的 SM3 与文件名不符" in message


def test_a_changed_evidence_file_is_named_even_when_the_manifests_are_rewritten(people, case, tmp_path):
    from zhifa.ledger.bag import _write_manifests

    video = case[0]
    out = tmp_path / "bag"
    export_case(people, out)
    (out / "data/evidence" / video.blob.sm3).write_bytes(b"another recording")
    _write_manifests(out, "manifest", [p.relative_to(out).as_posix() for p in (out / "data").rglob("*")
                                       if p.is_file()])
    _write_manifests(out, "tagmanifest", ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sm3.txt"])
    assert [p for p in verify_bag(out) if "与文件名不符" in p] == [
        f"data/evidence/{video.blob.sm3} 的 SM3 与文件名不符：重算为 {sm3(b'another recording')}（文件被改动）"]


def test_a_removed_evidence_file_is_named_by_the_entry_that_names_it(people, case, tmp_path):
    from zhifa.ledger.bag import _write_manifests

    record = case[1]
    out = tmp_path / "bag"
    export_case(people, out)
    (out / "data/evidence" / record.blob.sm3).unlink()
    _write_manifests(out, "manifest", [p.relative_to(out).as_posix() for p in (out / "data").rglob("*")
                                       if p.is_file()])
    _write_manifests(out, "tagmanifest", ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sm3.txt"])
    problems = verify_bag(out)
    assert any(f"引用的证据文件 {record.blob.sm3} 既不在 data/evidence/ 中，也未列入 evidence-missing.json" in p
               for p in problems), problems


def test_a_broken_link_between_adjoining_entries_of_a_case_is_caught(people, case, tmp_path):
    from zhifa.ledger.bag import _write_manifests

    out = tmp_path / "bag"
    export_case(people, out)
    path = out / "data/entries.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    seqs = [json.loads(line)["record"]["seq"] for line in lines]
    at = next(i for i in range(1, len(seqs)) if seqs[i] == seqs[i - 1] + 1)
    lines[at - 1], lines[at] = lines[at], lines[at - 1]
    path.write_bytes(b"".join(lines))
    _write_manifests(out, "manifest", [p.relative_to(out).as_posix() for p in (out / "data").rglob("*")
                                       if p.is_file()])
    _write_manifests(out, "tagmanifest", ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sm3.txt"])
    assert any("序号不连续，应大于" in p for p in verify_bag(out))


def test_a_purged_file_is_listed_as_missing_and_the_bag_still_verifies(people, tmp_path, store,
                                                                      django_capture_on_commit_callbacks):
    video = hand_in(people, os.urandom(4000), kind="video", name="现场.mp4")
    record = hand_in(people, b"record " * 100)
    with django_capture_on_commit_callbacks(execute=True):
        assert [c.blob.pk for c in retention.purge(now=AFTER_TWO_YEARS)] == [video.blob.pk]
    assert not (store / "files" / video.blob.name).exists()
    out = tmp_path / "bag"
    assert "证据文件 1 个，未随包 1 个" in export_case(people, out)
    assert not (out / "data/evidence" / video.blob.sm3).exists()
    assert (out / "data/evidence" / record.blob.sm3).is_file()
    [missing] = json.loads((out / "data/evidence-missing.json").read_text(encoding="utf-8"))
    assert missing["sm3"] == video.blob.sm3 and missing["size"] == 4000 and missing["reason"] == "purged"
    assert "按保存期限清除" in missing["detail"]
    assert verify_bag(out) == []
    # The purge itself is one of the case's entries; the export of the purged evidence is recorded too.
    kinds = [line["record"]["kind"] for line in entries_of(out)]
    assert "evidence.purged" in kinds and kinds.count("evidence.exported") == 2


def test_an_export_without_a_reason_or_a_user_is_refused_in_chinese_and_records_nothing(people, case, tmp_path):
    with pytest.raises(CommandError, match="--reason：导出证据须写明事由"):
        export_case(people, tmp_path / "a", reason="  ")
    with pytest.raises(CommandError, match="--user：按案件导出须指明导出人"):
        export(people.nr, tmp_path / "b", "--case", CASE, "--reason", "移送")
    # A time range that names evidence needs them too; one that names none does not (test_bag.py).
    with pytest.raises(CommandError, match="--user：所导出的记录涉及证据文件，须指明导出人"):
        export(people.nr, tmp_path / "c")
    with pytest.raises(CommandError, match="--case 导出整个案件的记录，不与 --since、--until 同用"):
        export(people.nr, tmp_path / "d", "--case", CASE, "--since", "2026-01-01")
    assert not Entry.objects.filter(kind="evidence.exported").exists()
    assert not any((tmp_path / name).exists() for name in "abcd")


def test_a_case_is_what_of_it_lies_in_the_user_s_reach(people, tmp_path):
    hand_in(people, b"team " * 100)
    hand_in(people, b"legal " * 100, unit=people.nr_legal)
    out = tmp_path / "bag"
    export_case(people, out, user=people.u_officer)  # an officer of 执法监察支队 sees only its evidence
    assert len(list((out / "data/evidence").iterdir())) == 1
    assert Entry.objects.filter(kind="evidence.exported").count() == 1
    with pytest.raises(CommandError, match=f"没有案件编号为“{CASE}”的证据"):
        export_case(people, tmp_path / "outsider", user=people.u_zj_head)


def test_a_time_range_carries_the_files_the_user_may_view_and_lists_the_others(people, tmp_path):
    team = hand_in(people, b"team " * 100)
    legal = hand_in(people, b"legal " * 100, unit=people.nr_legal)
    out = tmp_path / "bag"
    message = export(people.nr, out, "--user", people.u_officer.username, "--reason", "年度归档")
    assert "证据文件 1 个，未随包 1 个" in message
    assert (out / "data/evidence" / team.blob.sm3).is_file()
    [missing] = json.loads((out / "data/evidence-missing.json").read_text(encoding="utf-8"))
    assert (missing["sm3"], missing["reason"]) == (legal.blob.sm3, "not_permitted")
    assert verify_bag(out) == []
    assert [e.subject_id for e in Entry.objects.filter(kind="evidence.exported")] == [str(team.pk)]


def test_the_documented_openssl_commands_check_the_evidence_files(people, case, tmp_path,
                                                                 django_capture_on_commit_callbacks):
    hand_in(people, os.urandom(3000), kind="video", name="已清除.mp4")
    with django_capture_on_commit_callbacks(execute=True):
        assert len(retention.purge(now=AFTER_TWO_YEARS)) == 2  # the case's video and this one
    out = tmp_path / "bag"
    export_case(people, out)
    files = sorted((out / "data/evidence").iterdir())
    assert len(files) == 1
    entries = len(entries_of(out))
    shell = run(["bash", "-c", documented("shell")], out)
    assert "Verified OK" in shell and "FAILED" not in shell, shell
    assert shell.count("entries.jsonl line") == entries and shell.count(": OK (SM3 = name)") == 1
    python = run([sys.executable, "-c", documented("python")], out)
    assert "FAILED" not in python, python
    assert python.count(": OK") == entries + 1 and python.count("not in the bag, purged") == 2

    path = files[0]
    data = bytearray(path.read_bytes())
    data[10] ^= 0x80
    path.write_bytes(bytes(data))
    shell = run(["bash", "-c", documented("shell")], out)
    assert f"data/evidence/{path.name}: FAILED" in shell


# ---------------------------------------------------------------- the page


def post_export(client, case: str = CASE, reason: str = "移送人民法院强制执行", **extra: str):
    return client.post("/records/export/case/", {"case": case, "reason": reason, **extra})


def test_the_evidence_list_filtered_by_a_case_offers_the_export(people, case, login):
    client = login(people.u_records)
    page = client.get("/records/", {"case": CASE}).content.decode()
    assert "导出本案记录（BagIt）" in page and 'name="reason"' in page
    assert "导出本案记录（BagIt）" not in client.get("/records/").content.decode()


def test_the_page_sends_the_case_bag_as_a_zip_that_verifies(people, case, login, store, tmp_path):
    video, record, _other = case
    response = post_export(login(people.u_records))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    name = bag_name(CASE)
    assert name == "鞍自然罚〔2026〕12号-bag"
    assert "attachment" in response["Content-Disposition"] and "filename*=utf-8''" in response["Content-Disposition"]
    archive = tmp_path / "bag.zip"
    archive.write_bytes(b"".join(response.streaming_content))
    with zipfile.ZipFile(archive) as zf:
        assert zf.testzip() is None
        zf.extractall(tmp_path / "unzipped")
    bag = tmp_path / "unzipped" / name
    assert verify_bag(bag) == []
    assert {p.name for p in (bag / "data/evidence").iterdir()} == {video.blob.sm3, record.blob.sm3}
    assert Entry.objects.filter(kind="evidence.exported", actor_label=people.u_records.username).count() == 2
    assert not list((store / "uploads").glob("bag-*"))  # the temporary bag went once the zip was sent


def test_the_page_refuses_an_export_without_a_reason_in_chinese(people, case, login):
    response = post_export(login(people.u_records), reason="")
    assert response.status_code == 422
    assert "导出证据须写明事由" in response.content.decode()
    assert not Entry.objects.filter(kind="evidence.exported").exists()


@pytest.mark.parametrize("who", ["u_zj_head", "u_ly_head"])
def test_a_user_outside_the_unit_gets_404(people, case, login, who):
    client = login(getattr(people, who))
    assert post_export(client).status_code == 404
    assert post_export(client, case="没有这个案件").status_code == 404
    assert not Entry.objects.filter(kind="evidence.exported").exists()


def test_a_case_number_with_slashes_makes_a_safe_file_name():
    assert bag_name('鞍/自然\\罚:2026*12?"<>|') == "鞍_自然_罚_2026_12-bag"
    assert bag_name("../..") == "case-bag"
