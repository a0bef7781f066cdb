"""The blob store: bytes content-addressed by SM3 under ``blobs/sm3/ab/cd/<digest>`` (REC-01, REC-10).

Bytes are streamed into a temporary file while SM3 and SHA-256 are computed as they arrive, then moved into
place under their digest; identical content is stored once. Memory stays constant whatever the size.

The storage is Django's storage API, alias ``blobs`` in ``settings.STORAGES`` (the filesystem under
``ZHIFA_DATA_DIR/files`` by default; S3-compatible object storage by setting ``ZHIFA_BLOB_STORAGE_BACKEND``
and ``ZHIFA_BLOB_STORAGE_OPTIONS``, see docs/architecture.md). On a filesystem storage the finished file is
hard-linked into place, so a blob appears whole or not at all and an existing blob is never overwritten;
on any other storage it is saved through the API (object stores make an object visible only once written).

Nothing here touches the database: ``zhifa.records.actions`` creates the ``Blob`` row in the same
transaction as the evidence that refers to it, after the bytes are in place.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import queue
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages

from zhifa.records.models import blob_name

CHUNK = 1 << 20


@dataclass(frozen=True)
class Digests:
    sm3: str
    sha256: str
    size: int


class Hasher:
    """SM3 and SHA-256 of a byte stream, fed piece by piece; ``copy`` forks the state (hashlib's copy)."""

    def __init__(self, sm3: Any = None, sha256: Any = None, size: int = 0) -> None:
        self.sm3 = sm3 if sm3 is not None else hashlib.new("sm3")
        self.sha256 = sha256 if sha256 is not None else hashlib.sha256()
        self.size = size

    def update(self, data: bytes | memoryview) -> None:
        self.sm3.update(data)
        self.sha256.update(data)
        self.size += len(data)

    def copy(self) -> Hasher:
        return Hasher(self.sm3.copy(), self.sha256.copy(), self.size)

    def digests(self) -> Digests:
        return Digests(self.sm3.hexdigest(), self.sha256.hexdigest(), self.size)


class Pipe:
    """Hand pieces of a stream to ``consume`` in a worker thread, in order, through a bounded queue.

    Used to overlap the steps of ingest: receiving, writing, SM3 (the slowest, ~300 MB/s) and SHA-256 each
    run on their own thread, and hashlib and file writes release the GIL, so they share the cores. Memory
    stays at a few pieces per pipe. ``close`` waits until every piece has been consumed and re-raises the
    first error; after an error the remaining pieces are dropped.
    """

    def __init__(self, consume: Callable[[bytes], Any], depth: int = 4) -> None:
        self._queue: queue.Queue[bytes | None] = queue.Queue(depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(consume,), daemon=True)
        self._thread.start()

    def _run(self, consume: Callable[[bytes], Any]) -> None:
        while (data := self._queue.get()) is not None:
            if self._error is None:
                try:
                    consume(data)
                except BaseException as e:  # handed to the caller by close()
                    self._error = e

    def feed(self, data: bytes) -> None:
        self._queue.put(data)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error


def storage() -> Storage:
    return storages["blobs"] if "blobs" in settings.STORAGES else storages["default"]


def temp_dir() -> Path:
    """Where partial and temporary files live: under the data dir, beside the blob store if it is local."""
    path = Path(settings.ZHIFA_UPLOAD_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def hash_file(path: str | os.PathLike[str], *, limit: int | None = None, hasher: Hasher | None = None) -> Hasher:
    """Digests of a file's first ``limit`` bytes (all of it when None), read in constant memory."""
    hasher = hasher or Hasher()
    with open(path, "rb") as f:
        hash_stream(f, hasher, limit)
    return hasher


def hash_stream(f: IO[bytes], hasher: Hasher, limit: int | None = None) -> Hasher:
    """Feed ``f`` (its first ``limit`` bytes) to ``hasher``: SM3 in a worker thread, SHA-256 here."""
    remaining = limit
    sm3 = Pipe(hasher.sm3.update)
    try:
        while remaining is None or remaining > 0:
            data = f.read(CHUNK if remaining is None else min(CHUNK, remaining))
            if not data:
                break
            sm3.feed(data)
            hasher.sha256.update(data)
            hasher.size += len(data)
            if remaining is not None:
                remaining -= len(data)
    finally:
        sm3.close()
    return hasher


def _local_path(st: Storage, name: str) -> Path | None:
    if isinstance(st, FileSystemStorage):
        return Path(st.path(name))
    return None


def exists(sm3: str) -> bool:
    return storage().exists(blob_name(sm3))


def place(path: str | os.PathLike[str], digests: Digests) -> bool:
    """Put the finished file at ``path`` into the store under its digest; ``path`` itself is left alone.

    Returns False when the blob was already there (deduplicated). The caller has computed ``digests`` from
    exactly these bytes.
    """
    st = storage()
    name = blob_name(digests.sm3)
    target = _local_path(st, name)
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)  # atomic, and refuses to replace an existing blob
        except FileExistsError:
            return False
        except OSError as e:
            if e.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                raise
            return _copy_into_place(path, target)
        _seal(target)
        return True
    if st.exists(name):
        return False
    with open(path, "rb") as f:
        saved = st.save(name, File(f, name=name))
    if saved != name:  # a concurrent writer stored the same bytes a moment ago: keep one copy
        st.delete(saved)
        return False
    return True


def _copy_into_place(path: str | os.PathLike[str], target: Path) -> bool:
    """Another filesystem: copy into a temporary file beside the target, then link it into place."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
            while chunk := src.read(CHUNK * 8):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(tmp, target)
        except FileExistsError:
            return False
        _seal(target)
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _seal(target: Path) -> None:
    """Read-only for everyone (a guard against slips, not against an attacker: verify is for that)."""
    with contextlib.suppress(OSError):
        target.chmod(0o444)
    _fsync_dir(target.parent)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def spooled(chunks: Iterable[bytes]) -> Iterator[tuple[Path, Digests]]:
    """Stream ``chunks`` into a temporary file, hashing as they arrive; yields (path, digests).

    The temporary file is removed when the block ends; ``place`` it inside the block to keep the bytes.
    """
    fd, tmp = tempfile.mkstemp(dir=temp_dir(), prefix="ingest-", suffix=".part")
    hasher = Hasher()
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
                hasher.update(chunk)
            out.flush()
            os.fsync(out.fileno())
        yield Path(tmp), hasher.digests()
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def read_chunks(f: IO[bytes], size: int = CHUNK) -> Iterator[bytes]:
    while chunk := f.read(size):
        yield chunk


def open_blob(sm3: str) -> IO[bytes]:
    return storage().open(blob_name(sm3), "rb")


def delete(sm3: str) -> None:
    """Remove a blob's bytes (the retention purge only)."""
    st = storage()
    name = blob_name(sm3)
    if st.exists(name):
        st.delete(name)


def rehash(sm3: str) -> Digests | None:
    """Digests of the stored bytes, re-read in constant memory; None when they are missing."""
    try:
        f = open_blob(sm3)
    except (FileNotFoundError, OSError):
        return None
    with f:
        return hash_stream(f, Hasher()).digests()
