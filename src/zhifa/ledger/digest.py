"""SM3 (GB/T 32905) for every digest, from OpenSSL through hashlib."""

from __future__ import annotations

import hashlib

ZERO = "0" * 64


def sm3(data: bytes) -> str:
    return hashlib.new("sm3", data).hexdigest()


def entry_hash(prev_hash: str, canonical: bytes) -> str:
    """``entry_hash = SM3(prev_hash ‖ canonical bytes)``, prev_hash as its 32 raw bytes (REC-12)."""
    return hashlib.new("sm3", bytes.fromhex(prev_hash) + canonical).hexdigest()
