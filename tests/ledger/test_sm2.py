"""SM2 with SM3 (GB/T 32918) checked against OpenSSL's own implementation, both ways."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhifa.ledger import sm2

DISTID = "distid:1234567812345678"


def openssl(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def key() -> sm2.PrivateKey:
    return sm2.generate()


def test_a_zhifa_signature_verifies_with_openssl_dgst_and_pkeyutl(key, tmp_path):
    message = "检查点 {\"tree_size\":3}".encode()
    (tmp_path / "pub.pem").write_text(key.public.pem())
    (tmp_path / "msg").write_bytes(message)
    (tmp_path / "sig.der").write_bytes(sm2.sign(key, message))
    dgst = openssl("dgst", "-sm3", "-verify", "pub.pem", "-sigopt", DISTID, "-signature", "sig.der", "msg",
                   cwd=tmp_path)
    assert dgst.returncode == 0 and "Verified OK" in dgst.stdout, dgst.stderr
    pkeyutl = openssl("pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey", "pub.pem",
                      "-pkeyopt", DISTID, "-in", "msg", "-sigfile", "sig.der", cwd=tmp_path)
    assert pkeyutl.returncode == 0 and "Signature Verified Successfully" in pkeyutl.stdout, pkeyutl.stderr
    (tmp_path / "msg").write_bytes(message + b"!")
    assert openssl("dgst", "-sm3", "-verify", "pub.pem", "-sigopt", DISTID, "-signature", "sig.der", "msg",
                   cwd=tmp_path).returncode == 1


def test_an_openssl_signature_verifies_with_zhifa(tmp_path):
    assert openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "k.pem",
                   cwd=tmp_path).returncode == 0
    assert openssl("pkey", "-in", "k.pem", "-pubout", "-out", "pub.pem", cwd=tmp_path).returncode == 0
    (tmp_path / "msg").write_bytes("行政处罚决定书".encode())
    assert openssl("dgst", "-sm3", "-sign", "k.pem", "-sigopt", DISTID, "-out", "sig.der", "msg",
                   cwd=tmp_path).returncode == 0
    public = sm2.PublicKey.from_pem((tmp_path / "pub.pem").read_text())
    signature = (tmp_path / "sig.der").read_bytes()
    assert sm2.verify(public, "行政处罚决定书".encode(), signature)
    assert not sm2.verify(public, "行政处罚决定书。".encode(), signature)
    assert not sm2.verify(public, "行政处罚决定书".encode(), signature, ident=b"another-id")
    # OpenSSL's private key file is the same PKCS#8 form zhifa writes.
    assert sm2.PrivateKey.from_pem((tmp_path / "k.pem").read_text()).public == public


def test_keys_written_by_zhifa_are_read_by_openssl_and_fingerprinted_like_it(key, tmp_path):
    (tmp_path / "k.pem").write_text(key.pem())
    out = openssl("pkey", "-in", "k.pem", "-pubout", cwd=tmp_path)
    assert out.stdout == key.public.pem()
    der = subprocess.run(["openssl", "pkey", "-in", "k.pem", "-pubout", "-outform", "DER"], cwd=tmp_path,
                         capture_output=True, check=True).stdout
    digest = subprocess.run(["openssl", "dgst", "-sm3", "-r"], input=der, capture_output=True, check=True).stdout
    assert digest.split()[0].decode() == key.public.fingerprint()


def test_signatures_are_der_and_use_a_fresh_nonce_each_time(key):
    a, b = sm2.sign(key, b"same"), sm2.sign(key, b"same")
    assert a != b and a[0] == 0x30
    r, s = sm2.signature_from_der(a)
    assert 1 <= r < sm2.N and 1 <= s < sm2.N


@pytest.mark.parametrize("bad", [b"", b"\x30\x00", b"\x30\x06\x02\x01\x00\x02\x01\x01", b"garbage"])
def test_malformed_signatures_are_refused_not_raised(key, bad):
    assert not sm2.verify(key.public, b"m", bad)


def test_a_signature_with_padding_in_its_der_is_refused(key):
    sig = sm2.sign(key, b"m")
    r, s = sm2.signature_from_der(sig)
    padded = bytes([0x30, len(sig) - 2 + 1]) + b"\x02" + bytes([len(sm2._der_int(r)) - 1]) + b"\x00" \
        + sm2._der_int(r)[2:] + sm2._der_int(s)
    assert not sm2.verify(key.public, b"m", padded)


def test_a_point_off_the_curve_is_not_a_public_key():
    with pytest.raises(sm2.SM2Error):
        sm2.PublicKey(b"\x01" * 64)


@settings(max_examples=25)
@given(message=st.binary(max_size=200), flip=st.integers(min_value=0, max_value=63))
def test_our_verification_arithmetic_agrees_with_gmssls(key, message, flip):
    """Verification has its own curve arithmetic (fixed-base tables); gmssl's is an independent check."""
    signature = sm2.sign(key, message)
    r, s = sm2.signature_from_der(signature)
    e = sm2._e(key.public, message, sm2.DEFAULT_ID)
    gmssl = sm2._engine(key.public)
    assert sm2.verify(key.public, message, signature) and gmssl.verify(f"{r:064x}{s:064x}", e)
    bad_s = s ^ (1 << flip)
    if 1 <= bad_s < sm2.N:
        bad = sm2.signature_to_der(r, bad_s)
        assert sm2.verify(key.public, message, bad) is False
        assert not gmssl.verify(f"{r:064x}{bad_s:064x}", e)
    assert sm2.verify(sm2.generate().public, message, signature) is False
