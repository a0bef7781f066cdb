"""Each chain's SM2 signing key: the private key in the keystore, the public key in ``AgencyKey``.

A 执法主体 gets its key pair when it is created (``agencies.actions.create_agency`` calls ``ensure_key``), and
any chain without one gets it when first needed (the first checkpoint). The private key is written to
``settings.ZHIFA_KEYSTORE_DIR`` as ``<chain>-<fingerprint>.pem`` (PEM PKCS#8, mode 0600, in a 0700
directory) and never to the database; the public key and its SM3 fingerprint go to ``AgencyKey`` and are
announced in the chain itself by a ``ledger.key_created`` entry, so a key that was slipped into the table
later cannot vouch for older checkpoints.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhifa.ledger import sm2
from zhifa.ledger.chain import _locked_head, append, chain_of
from zhifa.ledger.models import AgencyKey

if TYPE_CHECKING:
    from zhifa.agencies.models import Agency

KEY_CREATED = "ledger.key_created"


class KeyMissing(RuntimeError):
    """The private key of a chain's current public key is not in the keystore."""


def keystore_dir() -> Path:
    return Path(getattr(settings, "ZHIFA_KEYSTORE_DIR", Path(settings.BASE_DIR) / "keys"))


def _key_path(chain: int, fingerprint: str) -> Path:
    return keystore_dir() / f"{chain}-{fingerprint}.pem"


def _write_private(chain: int, key: sm2.PrivateKey) -> Path:
    directory = keystore_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = _key_path(chain, key.public.fingerprint())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key.pem())
        f.flush()
        os.fsync(f.fileno())
    return path


def current_key(chain: int) -> AgencyKey | None:
    """The chain's newest public key, or None before it has one."""
    return AgencyKey.objects.filter(chain=chain).order_by("-created_at", "-pk").first()


def ensure_key(agency: Agency | None = None, *, chain: int | None = None) -> AgencyKey:
    """The signing key of ``agency``'s chain (or of ``chain``), making the pair if there is none yet."""
    if chain is None:
        chain = chain_of(agency)
    key = current_key(chain)
    if key is not None:
        return key
    with transaction.atomic():
        _locked_head(chain)  # one key per chain even when two processes ask at once
        key = current_key(chain)
        if key is not None:
            return key
        private = sm2.generate()
        _write_private(chain, private)
        fingerprint = private.public.fingerprint()
        key = AgencyKey.objects.create(chain=chain, public_key=private.public.pem(), fingerprint=fingerprint,
                                       created_at=timezone.now())
        append(actor=None, agency=None, kind=KEY_CREATED, subject=None, payload={
            "algorithm": "SM2/SM3", "fingerprint": fingerprint, "public_key": key.public_key}, chain=chain)
    return key


def private_key(key: AgencyKey) -> sm2.PrivateKey:
    path = _key_path(key.chain, key.fingerprint)
    try:
        private = sm2.PrivateKey.from_pem(path.read_text())
    except FileNotFoundError:
        raise KeyMissing(f"链 {key.chain} 的签名私钥不在密钥库中：{path}") from None
    if private.public.fingerprint() != key.fingerprint:
        raise KeyMissing(f"密钥库文件 {path} 与登记的公钥不符")
    return private


def public_key(key: AgencyKey) -> sm2.PublicKey:
    return sm2.PublicKey.from_pem(key.public_key)
