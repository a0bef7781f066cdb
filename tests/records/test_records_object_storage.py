"""Evidence on an object store: blobs go through Django's storage API, and nothing assumes a local file.

S3-compatible stores (django-storages, ``ZHIFA_BLOB_STORAGE_BACKEND``) are reached through that API alone.
Django's InMemoryStorage stands in for one here: like S3 it is not a FileSystemStorage, so the code takes
the path an object store takes, and nothing lands on the local disk.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from tests.records.conftest import sm3
from tests.records.test_records_viewing import file_url, open_inline

from zhifa.ledger.verify import verify
from zhifa.records import blobs, retention
from zhifa.records.models import Blob, Evidence


@pytest.fixture
def object_store(settings, store):
    settings.STORAGES = {**settings.STORAGES, "blobs": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    st = blobs.storage()
    assert not isinstance(st, FileSystemStorage)
    return st


def test_an_upload_lands_on_the_object_store_verifies_and_is_caught_when_altered(people, object_store, store,
                                                                                  tus_as):
    data = os.urandom(300_000)
    tus_as(people.u_officer).upload(data, chunk=100_000)
    ev = Evidence.objects.get()
    assert ev.blob.sm3 == sm3(data) and object_store.exists(ev.blob.name)
    assert not (store / "files").exists() or not any(p.is_file() for p in (store / "files").rglob("*"))
    with blobs.open_blob(ev.blob.sm3) as f:
        assert f.read() == data
    assert verify().ok

    object_store.delete(ev.blob.name)
    object_store.save(ev.blob.name, ContentFile(b"\x00" + data[1:]))
    problems = [str(p) for p in verify().problems]
    assert any(ev.blob.sm3[:16] in p for p in problems), problems


def test_viewing_seeks_and_retention_purges_on_the_object_store(people, object_store, login, tus_as,
                                                                django_capture_on_commit_callbacks):
    data = os.urandom(200_000)
    tus_as(people.u_officer).upload(data, filename="询问录音.wav", chunk=200_000)
    ev = Evidence.objects.get()
    client = login(people.u_officer)
    url = file_url(client, open_inline(client, ev))
    r = client.get(url, headers={"Range": "bytes=1000-1999"})
    assert r.status_code == 206 and b"".join(r.streaming_content) == data[1000:2000]

    Evidence.objects.filter(pk=ev.pk).update(retain_until=dt.date(2026, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.purge(now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert Blob.objects.get(pk=ev.blob.pk).purged_at is not None
    assert not object_store.exists(ev.blob.name)
    assert verify().ok
