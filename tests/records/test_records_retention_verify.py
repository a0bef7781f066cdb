"""Retention (REC-11) and verification (REC-12): a purge removes only eligible raw bytes and keeps the chain
verifying; held or filed evidence is never purged; an altered or missing blob is named by `zhifa verify`."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from tests.records.conftest import sm3

from zhifa.ledger.models import Entry
from zhifa.ledger.verify import verify
from zhifa.records import actions, blobs, retention
from zhifa.records.models import Blob, Evidence, HoldReason

CAPTURED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
AFTER_TWO_YEARS = dt.datetime(2028, 3, 3, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def hand_in(people, data: bytes, *, kind="video", name="现场.mp4", user=None) -> Evidence:
    return actions.ingest_stream(
        actor=user or people.u_officer, unit=people.nr_team, chunks=[data], original_name=name,
        description={"kind": kind, "capture_start": CAPTURED, "capture_end": CAPTURED + dt.timedelta(minutes=30)})


def test_raw_av_is_kept_two_years_by_default(people):
    ev = hand_in(people, os.urandom(1000))
    assert ev.retention_class.code == "raw_av" and ev.retention_class.months == 24
    assert ev.retain_until == dt.date(2028, 3, 2)
    doc = hand_in(people, os.urandom(1000), kind="document", name="笔录.pdf")
    assert doc.retain_until is None  # documents follow the case file: no limit here


def test_purge_removes_only_eligible_bytes_and_the_chain_still_verifies(people, store,
                                                                       django_capture_on_commit_callbacks):
    old = hand_in(people, b"old footage " * 100)
    doc = hand_in(people, b"a document " * 100, kind="document", name="文书.pdf")
    assert retention.purge(now=CAPTURED + dt.timedelta(days=30)) == []  # not yet
    with django_capture_on_commit_callbacks(execute=True):
        done = retention.purge(now=AFTER_TWO_YEARS)
    assert [c.blob.sm3 for c in done] == [old.blob.sm3]
    blob = Blob.objects.get(pk=old.blob.pk)
    assert blob.purged_at is not None and "保存期限届满" in blob.purge_reason
    assert not (store / "files" / blob.name).exists()
    assert (store / "files" / doc.blob.name).exists()
    entry = Entry.objects.get(kind="evidence.purged")
    assert blob.sm3 in entry.payload and str(blob.size) in entry.payload and blob.sm3 in entry.evidence
    report = verify()
    assert report.ok, [str(p) for p in report.problems]
    out = io.StringIO()
    call_command("verify", stdout=out)
    assert "校验通过" in out.getvalue()


@pytest.mark.parametrize("protect", ["hold", "filed"])
def test_held_or_filed_evidence_is_never_purged(people, store, protect, django_capture_on_commit_callbacks):
    ev = hand_in(people, os.urandom(2000))
    if protect == "hold":
        actions.place_hold(actor=people.u_records, evidence=ev, reason=HoldReason.LITIGATION, note="行政诉讼在审")
    else:
        actions.set_retention(actor=people.u_records, evidence=ev, retention_class=ev.retention_class, filed=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.purge(now=AFTER_TWO_YEARS + dt.timedelta(days=3650)) == []
    assert Blob.objects.get(pk=ev.blob.pk).purged_at is None
    assert (store / "files" / ev.blob.name).exists()


def test_a_released_hold_lets_the_purge_proceed(people):
    ev = hand_in(people, os.urandom(2000))
    hold = actions.place_hold(actor=people.u_records, evidence=ev, reason=HoldReason.COMPLAINT)
    assert retention.purge(now=AFTER_TWO_YEARS, dry_run=True) == []
    actions.release_hold(actor=people.u_records, hold=hold, reason="投诉已办结")
    assert [c.blob.pk for c in retention.purge(now=AFTER_TWO_YEARS, dry_run=True)] == [ev.blob.pk]


def test_bytes_shared_with_held_evidence_are_kept(people):
    data = os.urandom(3000)
    first = hand_in(people, data)
    second = hand_in(people, data, user=people.u_li)
    assert first.blob_id == second.blob_id
    actions.place_hold(actor=people.u_records, evidence=second, reason=HoldReason.OBJECTION)
    assert retention.purge(now=AFTER_TWO_YEARS) == []


def test_purge_command_dry_run_lists_and_keeps(people, store):
    ev = hand_in(people, os.urandom(4000))
    Evidence.objects.filter(pk=ev.pk).update(retain_until=dt.date(2020, 1, 1))
    out = io.StringIO()
    call_command("purge", "--dry-run", stdout=out)
    assert ev.blob.sm3 in out.getvalue() and "将清除 1 个文件" in out.getvalue()
    assert Blob.objects.get(pk=ev.blob.pk).purged_at is None
    assert (store / "files" / ev.blob.name).exists()


def test_only_records_staff_may_hold(people):
    ev = hand_in(people, os.urandom(100))
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.place_hold(actor=people.u_officer, evidence=ev, reason=HoldReason.COMPLAINT)


def test_altered_blob_on_disk_is_named_by_zhifa_verify(people, store):
    ev = hand_in(people, os.urandom(5000))
    path = store / "files" / ev.blob.name
    data = bytearray(path.read_bytes())
    data[100] ^= 0x01
    path.chmod(0o600)
    path.write_bytes(bytes(data))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify", stderr=err)
    assert ev.blob.sm3 in err.getvalue() and "被改动" in err.getvalue()
    entry = Entry.objects.filter(kind="evidence.ingested").get()
    assert f"链 {entry.chain} 第 {entry.seq} 条" in err.getvalue()


def test_missing_blob_is_named(people, store):
    ev = hand_in(people, os.urandom(5000))
    (store / "files" / ev.blob.name).unlink()
    problems = [str(p) for p in verify().problems]
    assert any(ev.blob.sm3 in p and "缺失" in p for p in problems), problems


def test_digest_in_the_ledger_without_a_blob_is_named(people):
    from zhifa.ledger import chain

    ghost = sm3(b"never stored")
    chain.append(actor=None, agency=people.nr, kind="test.ghost", subject=None, payload={}, evidence=[ghost])
    problems = [str(p) for p in verify().problems]
    assert any(ghost in p and "没有这个文件" in p for p in problems), problems


def test_a_clean_store_verifies_and_rehash_reads_in_constant_memory(people):
    ev = hand_in(people, os.urandom(3 * blobs.CHUNK + 17))
    assert blobs.rehash(ev.blob.sm3).sm3 == ev.blob.sm3
    assert verify().ok
    assert timezone.now()
