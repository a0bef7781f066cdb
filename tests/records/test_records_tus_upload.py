"""The tus 1.0.0 endpoint through Django's test client: the protocol, and every bad input refused clearly with
nothing wrong stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from urllib.parse import unquote

import pytest
from django.utils import timezone
from tests.records.conftest import TUS, b64, sm3

from zhifa.ledger.models import Entry
from zhifa.obligations.models import ACTIVE_STATES, Obligation
from zhifa.records import uploads
from zhifa.records.models import Blob, Evidence, Upload, UploadState
from zhifa.records.sweep import sweep

DATA = os.urandom(300_000)


def blob_files(store) -> list[str]:
    root = store / "files" / "blobs"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_options_announce_version_extensions_size_and_checksums(client):
    r = client.options("/records/tus/")
    assert r.status_code == 204
    assert r["Tus-Resumable"] == "1.0.0"
    assert r["Tus-Version"] == "1.0.0"
    assert set(r["Tus-Extension"].split(",")) == {"creation", "checksum", "termination", "expiration"}
    assert int(r["Tus-Max-Size"]) > 2**30
    assert {"sha1", "sm3"} <= set(r["Tus-Checksum-Algorithm"].split(","))
    assert "Access-Control-Allow-Origin" not in r  # no CORS: a cross-site page cannot send Tus-Resumable


def test_upload_in_chunks_stores_blob_records_evidence_and_ledger_entry(people, tus_as, store):
    tus = tus_as(people.u_officer)
    created = tus.create(len(DATA), kind="video", device="DSJ-V9 编号 0012")
    assert created.status_code == 201
    assert created["Upload-Expires"].endswith("GMT")
    url = tus.url(created)
    assert tus.head(url)["Upload-Offset"] == "0"

    r = tus.patch(url, DATA[:100_000], 0)
    assert r.status_code == 204 and r["Upload-Offset"] == "100000"
    head = tus.head(url)
    assert head.status_code == 200
    assert (head["Upload-Offset"], head["Upload-Length"]) == ("100000", str(len(DATA)))
    assert head["Cache-Control"] == "no-store"
    assert not Evidence.objects.exists() and not Blob.objects.exists() and blob_files(store) == []

    r = tus.patch(url, DATA[100_000:], 100_000)
    assert r.status_code == 204 and r["Upload-Offset"] == str(len(DATA))
    ev = Evidence.objects.get()
    assert r["Zhifa-Evidence"] == f"/records/{ev.pk}/"
    assert ev.blob.sm3 == sm3(DATA) and ev.blob.sha256 == hashlib.sha256(DATA).hexdigest()
    assert ev.blob.size == len(DATA) and ev.original_name == "现场检查.mp4" and ev.device == "DSJ-V9 编号 0012"
    assert ev.unit == people.nr_team and ev.uploaded_by == people.u_officer
    assert blob_files(store) == [sm3(DATA)]
    stored = store / "files" / ev.blob.name
    assert stored.read_bytes() == DATA
    entry = Entry.objects.get(kind="evidence.ingested")
    assert sm3(DATA) in entry.evidence and entry.chain == people.nr.pk
    assert Upload.objects.get().state == UploadState.FINISHED
    assert tus.head(url)["Upload-Offset"] == str(len(DATA))


def test_sm3_and_sha1_checksums_accepted(people, tus_as):
    tus = tus_as(people.u_officer)
    url = tus.url(tus.create(len(DATA)))
    first, second = DATA[:150_000], DATA[150_000:]
    r = tus.patch(url, first, 0, checksum="sm3 " + b64(hashlib.new("sm3", first).digest()))
    assert r.status_code == 204
    r = tus.patch(url, second, 150_000, checksum="sha1 " + b64(hashlib.sha1(second).digest()))
    assert r.status_code == 204
    assert Evidence.objects.get().blob.sm3 == sm3(DATA)


def test_wrong_checksum_is_460_and_the_chunk_is_discarded(people, tus_as):
    tus = tus_as(people.u_officer)
    url = tus.url(tus.create(len(DATA)))
    assert tus.patch(url, DATA[:1000], 0).status_code == 204
    wrong = "sha1 " + b64(hashlib.sha1(b"something else").digest())
    r = tus.patch(url, DATA[1000:50_000], 1000, checksum=wrong)
    assert r.status_code == 460
    assert "校验值不符" in r.content.decode()
    assert tus.head(url)["Upload-Offset"] == "1000"
    # The same chunk again, right this time, continues from where the good bytes end.
    right = "sha1 " + b64(hashlib.sha1(DATA[1000:]).digest())
    assert tus.patch(url, DATA[1000:], 1000, checksum=right).status_code == 204
    assert Evidence.objects.get().blob.sm3 == sm3(DATA)


def test_unknown_checksum_algorithm_is_400(people, tus_as):
    tus = tus_as(people.u_officer)
    url = tus.url(tus.create(len(DATA)))
    r = tus.patch(url, DATA[:10], 0, checksum="md5 " + b64(hashlib.md5(DATA[:10]).digest()))
    assert r.status_code == 400 and "不支持的校验算法" in r.content.decode()
    assert tus.head(url)["Upload-Offset"] == "0"


def test_more_bytes_than_declared_is_refused_and_nothing_stored(people, tus_as, store):
    tus = tus_as(people.u_officer)
    url = tus.url(tus.create(1000))
    r = tus.patch(url, DATA[:1001], 0)
    assert r.status_code == 413
    assert "超出声明的文件大小" in r.content.decode()
    assert tus.head(url)["Upload-Offset"] == "0"
    assert tus.patch(url, DATA[:600], 0).status_code == 204
    assert tus.patch(url, DATA[600:1200], 600).status_code == 413
    assert tus.head(url)["Upload-Offset"] == "600"
    assert not Blob.objects.exists() and blob_files(store) == []


def test_another_users_upload_id_is_404(people, tus_as):
    mine = tus_as(people.u_officer)
    url = mine.url(mine.create(len(DATA)))
    assert mine.patch(url, DATA[:10], 0).status_code == 204
    other = tus_as(people.u_li)
    assert other.head(url).status_code == 404
    assert other.patch(url, DATA[10:20], 10).status_code == 404
    assert other.delete(url).status_code == 404
    assert mine.head(url)["Upload-Offset"] == "10"
    # A made-up id looks the same.
    assert mine.head("/records/tus/" + "x" * 32).status_code == 404


def test_expired_upload_is_410_and_the_sweep_removes_its_partial_file(people, tus_as):
    tus = tus_as(people.u_officer)
    url = tus.url(tus.create(len(DATA)))
    assert tus.patch(url, DATA[:5000], 0).status_code == 204
    upload = Upload.objects.get()
    part = uploads.part_path(upload.token)
    assert part.stat().st_size == 5000
    Upload.objects.filter(pk=upload.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert tus.head(url).status_code == 410
    r = tus.patch(url, DATA[5000:6000], 5000)
    assert r.status_code == 410 and "过期" in r.content.decode()
    assert sweep(timezone.now())["uploads_expired"] == 1
    assert Upload.objects.get().state == UploadState.EXPIRED
    assert Entry.objects.filter(kind="upload.expired").count() == 1


def test_sweep_removes_expired_partial_file_after_commit(people, tus_as, django_capture_on_commit_callbacks):
    tus = tus_as(people.u_officer)
    url = tus.url(tus.create(len(DATA)))
    tus.patch(url, DATA[:5000], 0)
    upload = Upload.objects.get()
    Upload.objects.filter(pk=upload.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        sweep(timezone.now())
    assert not uploads.part_path(upload.token).exists()


def test_empty_file_is_refused_in_chinese(people, tus_as):
    r = tus_as(people.u_officer).create(0)
    assert r.status_code == 400
    assert "文件为空" in r.content.decode()
    assert not Upload.objects.exists()


@pytest.mark.parametrize("name", ["../../etc/passwd", "..", "a/b.mp4", "..\\现场.mp4", "/tmp/x.mp4"])
def test_file_name_with_a_path_is_refused(people, tus_as, name):
    r = tus_as(people.u_officer).create(100, filename=name)
    assert r.status_code == 400
    assert "文件名不得包含路径" in r.content.decode()
    assert not Upload.objects.exists()


def test_identical_content_is_stored_once(people, tus_as, store):
    tus_as(people.u_officer).upload(DATA, filename="一.mp4")
    tus_as(people.u_li).upload(DATA, filename="二.mp4")
    assert Blob.objects.count() == 1
    assert Evidence.objects.count() == 2
    assert blob_files(store) == [sm3(DATA)]
    second = Entry.objects.filter(kind="evidence.ingested").order_by("seq").last()
    assert '"deduplicated":true' in second.payload


def test_the_same_hand_in_sent_again_is_answered_with_the_evidence_already_recorded(people, tus_as):
    """A second tap on 开始上传 after a finished hand-in: the same bytes, unit and description again. No second
    evidence record, no second to-do; the answer names the evidence there is, and says so in Chinese."""
    tus = tus_as(people.u_officer)
    act = {"kind": "video", "capture_start": "2026-03-02T09:00", "capture_end": "2026-03-02T09:40",
           "device": "执法记录仪 DSJ-0012"}
    first = tus.upload(DATA, **act)
    assert "Zhifa-Notice" not in first
    ev = Evidence.objects.get()
    live = set(Obligation.objects.filter(state__in=ACTIVE_STATES).values_list("pk", flat=True))
    assert len(live) == 1  # the first one's description is due

    again = tus.upload(DATA, **act)
    assert again["Zhifa-Evidence"] == first["Zhifa-Evidence"] == f"/records/{ev.pk}/"
    notice = unquote(again["Zhifa-Notice"])
    assert "此前已于" in notice and "未重复登记" in notice
    assert Evidence.objects.count() == 1
    assert set(Obligation.objects.filter(state__in=ACTIVE_STATES).values_list("pk", flat=True)) == live
    repeat = Upload.objects.order_by("pk").last()
    assert repeat.state == UploadState.FINISHED and repeat.evidence == ev
    assert Entry.objects.filter(kind="evidence.ingested").count() == 1
    assert Entry.objects.filter(kind="upload.repeated").count() == 1
    assert tus.head(f"/records/tus/{repeat.token}")["Zhifa-Evidence"] == f"/records/{ev.pk}/"

    # The same bytes for another act (another capture) are that act's own evidence.
    tus.upload(DATA, **(act | {"capture_start": "2026-03-03T09:00", "capture_end": "2026-03-03T09:40"}))
    assert Evidence.objects.count() == 2


def test_requests_without_tus_resumable_or_session_are_refused(people, tus_as, client):
    tus = tus_as(people.u_officer)
    r = tus.client.post("/records/tus/", headers={"Upload-Length": "10", "Upload-Metadata": "filename YS5tcDQ="})
    assert r.status_code == 412 and r["Tus-Version"] == "1.0.0"
    r = client.post("/records/tus/", headers={**TUS, "Upload-Length": "10", "Upload-Metadata": "filename YS5tcDQ="})
    assert r.status_code == 403
    assert not Upload.objects.exists()


def test_wrong_content_type_and_wrong_offset(people, tus_as):
    tus = tus_as(people.u_officer)
    url = tus.url(tus.create(len(DATA)))
    r = tus.client.generic("PATCH", url, data=DATA[:10], content_type="application/octet-stream",
                           headers={**TUS, "Upload-Offset": "0"})
    assert r.status_code == 415
    r = tus.patch(url, DATA[:10], 5)
    assert r.status_code == 409 and r["Upload-Offset"] == "0"


def test_termination_removes_the_partial_upload(people, tus_as, django_capture_on_commit_callbacks):
    tus = tus_as(people.u_officer)
    url = tus.url(tus.create(len(DATA)))
    tus.patch(url, DATA[:100], 0)
    token = Upload.objects.get().token
    with django_capture_on_commit_callbacks(execute=True):
        assert tus.delete(url).status_code == 204
    assert not uploads.part_path(token).exists()
    assert tus.head(url).status_code == 404
    assert Upload.objects.get().state == UploadState.TERMINATED
    assert Entry.objects.filter(kind="upload.terminated").exists()


def test_method_override_lets_a_post_act_as_patch(people, tus_as):
    tus = tus_as(people.u_officer)
    url = tus.url(tus.create(10))
    r = tus.client.post(url, data=b"0123456789", content_type="application/offset+octet-stream",
                        headers={**TUS, "Upload-Offset": "0", "X-HTTP-Method-Override": "PATCH"})
    assert r.status_code == 204
    assert Evidence.objects.get().blob.size == 10


def test_metadata_describes_the_evidence(people, tus_as):
    officers = f"{people.zhang.pk},{people.li.pk}"
    tus_as(people.u_officer).upload(DATA, kind="video", title="现场检查", capture_start="2026-03-02T09:00",
                                    capture_end="2026-03-02T09:40", device="执法记录仪 DSJ-0012",
                                    officers=officers, camera_operator=str(people.li.pk), place="铁东区园林路",
                                    latitude="41.108000", longitude="122.994000", case_number="鞍自然资罚〔2026〕3号")
    ev = Evidence.objects.get()
    assert ev.title == "现场检查" and ev.case_number == "鞍自然资罚〔2026〕3号"
    assert set(ev.officers.all()) == {people.zhang, people.li} and ev.camera_operator == people.li
    assert str(ev.latitude) == "41.108000"
    assert ev.missing_description() == [] and ev.described_at is not None


def test_bad_metadata_is_refused_before_any_byte_is_sent(people, tus_as):
    tus = tus_as(people.u_officer)
    r = tus.create(100, capture_start="2026-03-02T10:00", capture_end="2026-03-02T09:00")
    assert r.status_code == 400 and "结束时间不能早于开始时间" in r.content.decode()
    r = tus.create(100, officers=str(people.chen.pk))  # an officer of 辽阳, outside the uploader's reach
    assert r.status_code == 400 and "执法人员" in r.content.decode()
    assert not Upload.objects.exists()


def test_supervisor_may_not_hand_in(people, tus_as):
    r = tus_as(people.u_supervisor).create(100)
    assert r.status_code == 403


def test_a_stale_request_never_writes_after_another_took_over(people, tus_as):
    """Two requests on one upload (a client resumed while its old request still hangs): whoever finds the file
    ending where it expects writes; the other stops with 409 and never writes over or after the other's bytes."""
    tus = tus_as(people.u_officer)
    tus.url(tus.create(4 << 20))
    upload = Upload.objects.get()
    part = uploads.part_path(upload.token)

    class Body:
        """Pieces of a PATCH body; after the first, another request appends its own bytes."""

        def __init__(self) -> None:
            self.reads = 0

        def read(self, n: int) -> bytes:
            self.reads += 1
            if self.reads == 2:
                # The other request appends as a real PATCH does: under the upload's file lock.
                with open(part, "ab", buffering=0) as f, uploads._locked(f):
                    f.write(b"other request" * 10)
            return b"\0" * n

    with pytest.raises(uploads.TusError) as refused:
        uploads.append(upload, offset_header="0", content_length=3 << 20, body=Body(), checksum_header=None)
    assert refused.value.status == 409
    assert part.read_bytes().endswith(b"other request" * 10)


def test_pipe_hands_on_the_first_error():
    from zhifa.records.blobs import Pipe

    seen = []

    def consume(data: bytes) -> None:
        if data == b"bad":
            raise ValueError("broken")
        seen.append(data)

    pipe = Pipe(consume, depth=1)
    for piece in (b"a", b"bad", b"c"):
        pipe.feed(piece)
    with pytest.raises(ValueError):
        pipe.close()
    assert seen == [b"a"]
