"""SM2 signatures with SM3 (GB/T 32918.2), the one place that knows which library does the arithmetic.

The curve arithmetic comes from ``gmssl`` (``CryptSM2.sign``/``verify`` on a precomputed digest ``e``); this
module does everything around it, so the library can be swapped without touching callers:

- the message digest ``e = SM3(Z ‖ M)`` with ``Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA)`` and the
  default distinguishing ID ``1234567812345678`` — computed here with hashlib (OpenSSL), not by gmssl;
- the signing nonce ``k`` from ``secrets`` (gmssl's own ``sign_with_sm3`` draws it from Python's
  ``random`` when the caller gives none: that path is never used);
- keys: the private key ``d`` from ``secrets`` in [1, n-2]; the public key checked to lie on the curve;
- encodings: signatures as DER ``SEQUENCE { r INTEGER, s INTEGER }`` (what OpenSSL writes and reads);
  public keys as DER/PEM SubjectPublicKeyInfo (id-ecPublicKey, curve 1.2.156.10197.1.301); private keys as
  PEM PKCS#8, the form ``openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2`` writes, so that
  ``openssl dgst -sm3 -sign`` / ``-verify`` work on them directly.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import secrets
from dataclasses import dataclass

from gmssl.sm2 import CryptSM2, default_ecc_table

DEFAULT_ID = b"1234567812345678"

P = int(default_ecc_table["p"], 16)
A = int(default_ecc_table["a"], 16)
B = int(default_ecc_table["b"], 16)
N = int(default_ecc_table["n"], 16)
G = default_ecc_table["g"]  # xG ‖ yG, hex
_CURVE_BYTES = (bytes.fromhex(default_ecc_table["a"]) + bytes.fromhex(default_ecc_table["b"])
                + bytes.fromhex(G))

# SubjectPublicKeyInfo for an uncompressed SM2 point: SEQUENCE { SEQUENCE { id-ecPublicKey, sm2 },
# BIT STRING 04 ‖ x ‖ y } — everything but the 64 bytes of the point is fixed.
_SPKI_PREFIX = bytes.fromhex("3059301306072a8648ce3d020106082a811ccf5501822d03420004")
_ALGORITHM = bytes.fromhex("301306072a8648ce3d020106082a811ccf5501822d")


class SM2Error(ValueError):
    """A malformed key or signature."""


# ---------------------------------------------------------------- DER, only what is needed here


def _der_len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _tlv(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _der_len(len(body)) + body


def _der_int(value: int) -> bytes:
    body = value.to_bytes(value.bit_length() // 8 + 1, "big")  # a leading 00 when the top bit is set
    return _tlv(0x02, body)


def _read_tlv(data: bytes, pos: int) -> tuple[int, bytes, int]:
    """(tag, body, position after) of the element at ``pos``; strict DER lengths."""
    if pos + 2 > len(data):
        raise SM2Error("DER 数据不完整")
    tag, first = data[pos], data[pos + 1]
    pos += 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or pos + count > len(data):
            raise SM2Error("DER 长度无效")
        length = int.from_bytes(data[pos:pos + count], "big")
        if length < 0x80 or data[pos] == 0:
            raise SM2Error("DER 长度不是最短形式")
        pos += count
    if pos + length > len(data):
        raise SM2Error("DER 数据不完整")
    return tag, data[pos:pos + length], pos + length


def signature_to_der(r: int, s: int) -> bytes:
    return _tlv(0x30, _der_int(r) + _der_int(s))


def signature_from_der(der: bytes) -> tuple[int, int]:
    """(r, s) from a DER signature; anything but the one canonical encoding is refused."""
    tag, body, end = _read_tlv(der, 0)
    if tag != 0x30 or end != len(der):
        raise SM2Error("签名不是 DER SEQUENCE")
    values = []
    pos = 0
    while pos < len(body):
        tag, value, pos = _read_tlv(body, pos)
        if tag != 0x02 or not value:
            raise SM2Error("签名的 r、s 必须是 INTEGER")
        values.append(int.from_bytes(value, "big", signed=True))
    if len(values) != 2:
        raise SM2Error("签名必须恰好包含 r 和 s")
    r, s = values
    if r <= 0 or s <= 0 or signature_to_der(r, s) != der:
        raise SM2Error("签名不是规范 DER 编码，或 r、s 不为正")
    return r, s


def _pem(label: str, der: bytes) -> str:
    b64 = base64.b64encode(der).decode("ascii")
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"


def _unpem(label: str, text: str) -> bytes:
    begin, end = f"-----BEGIN {label}-----", f"-----END {label}-----"
    if begin not in text or end not in text:
        raise SM2Error(f"不是 PEM {label}")
    body = text.split(begin, 1)[1].split(end, 1)[0]
    try:
        return base64.b64decode("".join(body.split()), validate=True)
    except ValueError:
        raise SM2Error("PEM 内容不是有效的 Base64") from None


# ---------------------------------------------------------------- keys


def _on_curve(x: int, y: int) -> bool:
    return 0 <= x < P and 0 <= y < P and (y * y - (x * x * x + A * x + B)) % P == 0


@dataclass(frozen=True)
class PublicKey:
    point: bytes  # x ‖ y, 64 bytes

    def __post_init__(self) -> None:
        if len(self.point) != 64:
            raise SM2Error("SM2 公钥应为 64 字节（x ‖ y）")
        if not _on_curve(int.from_bytes(self.point[:32], "big"), int.from_bytes(self.point[32:], "big")):
            raise SM2Error("公钥不在 SM2 曲线上")

    def der(self) -> bytes:
        """SubjectPublicKeyInfo, DER."""
        return _SPKI_PREFIX + self.point

    def pem(self) -> str:
        return _pem("PUBLIC KEY", self.der())

    def fingerprint(self) -> str:
        """SM3 of the DER SubjectPublicKeyInfo, hex (``openssl pkey -pubin -outform DER | openssl dgst -sm3``)."""
        return hashlib.new("sm3", self.der()).hexdigest()

    @classmethod
    def from_der(cls, der: bytes) -> PublicKey:
        if len(der) != len(_SPKI_PREFIX) + 64 or not der.startswith(_SPKI_PREFIX):
            raise SM2Error("不是 SM2 公钥（SubjectPublicKeyInfo，未压缩点）")
        return cls(der[len(_SPKI_PREFIX):])

    @classmethod
    def from_pem(cls, text: str) -> PublicKey:
        return cls.from_der(_unpem("PUBLIC KEY", text))


@dataclass(frozen=True)
class PrivateKey:
    d: int
    public: PublicKey

    def pem(self) -> str:
        """PKCS#8 PrivateKeyInfo (the inner ECPrivateKey carries the public point), PEM."""
        inner = _tlv(0x30, _der_int(1) + _tlv(0x04, self.d.to_bytes(32, "big"))
                     + _tlv(0xA1, _tlv(0x03, b"\x00\x04" + self.public.point)))
        return _pem("PRIVATE KEY", _tlv(0x30, _der_int(0) + _ALGORITHM + _tlv(0x04, inner)))

    @classmethod
    def from_pem(cls, text: str) -> PrivateKey:
        der = _unpem("PRIVATE KEY", text)
        tag, body, end = _read_tlv(der, 0)
        if tag != 0x30 or end != len(der):
            raise SM2Error("不是 PKCS#8 私钥")
        _, version, pos = _read_tlv(body, 0)
        tag, algorithm, pos = _read_tlv(body, pos)
        if version != b"\x00" or _tlv(tag, algorithm) != _ALGORITHM:
            raise SM2Error("不是 SM2 私钥（PKCS#8）")
        tag, octets, _ = _read_tlv(body, pos)
        tag, inner, _ = _read_tlv(octets, 0)
        _, _, pos = _read_tlv(inner, 0)  # version 1
        _, d_bytes, _ = _read_tlv(inner, pos)
        d = int.from_bytes(d_bytes, "big")
        if not 1 <= d <= N - 2:
            raise SM2Error("SM2 私钥超出范围")
        return cls(d, _public_of(d))


def _public_of(d: int) -> PublicKey:
    return PublicKey(bytes.fromhex(CryptSM2(private_key="", public_key="")._kg(d, G)))


def generate() -> PrivateKey:
    """A fresh key pair; ``d`` uniformly from [1, n-2] drawn from the operating system's CSPRNG."""
    d = secrets.randbelow(N - 2) + 1
    return PrivateKey(d, _public_of(d))


# ---------------------------------------------------------------- sign and verify


def _e(public: PublicKey, message: bytes, ident: bytes) -> bytes:
    """``e = SM3(Z ‖ M)``, ``Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA)`` (GB/T 32918.2 §5.5, §6.1)."""
    z = hashlib.new("sm3", (len(ident) * 8).to_bytes(2, "big") + ident + _CURVE_BYTES + public.point).digest()
    return hashlib.new("sm3", z + message).digest()


def _engine(public: PublicKey, d: int | None = None) -> CryptSM2:
    engine = CryptSM2(private_key=f"{d:064x}" if d is not None else "", public_key="")
    engine.public_key = public.point.hex()  # set directly: gmssl's constructor strips "04" characters
    return engine


def sign(key: PrivateKey, message: bytes, *, ident: bytes = DEFAULT_ID) -> bytes:
    """The DER SM2 signature of ``message`` (SM3 with Z for ``ident``), nonce from ``secrets``."""
    e = _e(key.public, message, ident)
    engine = _engine(key.public, key.d)
    while True:
        k = secrets.randbelow(N - 1) + 1  # never gmssl's default, which uses Python's ``random``
        raw = engine.sign(e, f"{k:064x}")
        if raw is None:  # r = 0, r + k = n or s = 0: draw again (GB/T 32918.2 §6.1 A5, A6)
            continue
        return signature_to_der(int(raw[:64], 16), int(raw[64:], 16))


def verify(public: PublicKey, message: bytes, signature: bytes, *, ident: bytes = DEFAULT_ID) -> bool:
    """Whether ``signature`` (DER) is ``public``'s SM2 signature of ``message``; False for malformed ones."""
    try:
        r, s = signature_from_der(signature)
    except SM2Error:
        return False
    t = (r + s) % N
    if not (1 <= r < N and 1 <= s < N) or t == 0:
        return False
    e = int.from_bytes(_e(public, message, ident), "big")
    x1 = _combine(_table_of(_G_POINT), s, _table_of(public.point), t)  # (x1, y1) = [s]G + [t]P_A
    return x1 is not None and (e + x1) % N == r


# ---------------------------------------------------------------- verification arithmetic
#
# gmssl's verify costs ~16 ms (hex strings between every step); a chain has a checkpoint every few hundred
# entries, so `zhifa verify` spends most of its time there. Verification needs only [s]G + [t]P for a
# few keys, used again and again: each point gets a table of its multiples [j·256^i]Q (32 windows of 255),
# after which [k]Q is at most 32 additions and no doublings — about 0.25 ms per signature. The arithmetic is
# Jacobian (X/Z², Y/Z³) with SM2's a = p − 3; the tests check it against OpenSSL's signatures.

_G_POINT = bytes.fromhex(G)
_Jacobian = tuple[int, int, int]
_INFINITY: _Jacobian = (0, 1, 0)


def _double(X: int, Y: int, Z: int) -> _Jacobian:
    if not Y or not Z:
        return _INFINITY
    p = P
    zz = Z * Z % p
    m = 3 * (X - zz) * (X + zz) % p  # 3X² + aZ⁴ with a = −3
    yy = Y * Y % p
    s = 4 * X * yy % p
    x3 = (m * m - 2 * s) % p
    return x3, (m * (s - x3) - 8 * yy * yy) % p, 2 * Y * Z % p


def _add(X1: int, Y1: int, Z1: int, x2: int, y2: int) -> _Jacobian:
    """Jacobian + affine."""
    if not Z1:
        return x2, y2, 1
    p = P
    z1z1 = Z1 * Z1 % p
    h = (x2 * z1z1 - X1) % p
    r = (y2 * Z1 * z1z1 - Y1) % p
    if not h:
        return _double(X1, Y1, Z1) if not r else _INFINITY
    hh = h * h % p
    hhh = h * hh % p
    v = X1 * hh % p
    x3 = (r * r - hhh - 2 * v) % p
    return x3, (r * (v - x3) - Y1 * hhh) % p, Z1 * h % p


def _affine(X: int, Y: int, Z: int) -> tuple[int, int]:
    zi = pow(Z, -1, P)
    zi2 = zi * zi % P
    return X * zi2 % P, Y * zi2 * zi % P


def _affine_all(points: list[_Jacobian]) -> list[tuple[int, int]]:
    """Many points to affine with one inversion (Montgomery's trick)."""
    p = P
    prefix, acc = [], 1
    for _, _, z in points:
        prefix.append(acc)
        acc = acc * z % p
    inv = pow(acc, -1, p)
    out: list[tuple[int, int]] = [(0, 0)] * len(points)
    for i in range(len(points) - 1, -1, -1):
        x, y, z = points[i]
        zi = inv * prefix[i] % p  # 1/z_i
        inv = inv * z % p
        zi2 = zi * zi % p
        out[i] = (x * zi2 % p, y * zi2 * zi % p)
    return out


@functools.lru_cache(maxsize=16)
def _table_of(point: bytes) -> tuple[tuple[tuple[int, int], ...], ...]:
    """``[j·256^i]Q`` for i < 32, 1 ≤ j ≤ 255, affine (~40 ms to build, ~1 MB; kept for the few keys in use)."""
    base = (int.from_bytes(point[:32], "big"), int.from_bytes(point[32:], "big"))
    rows = []
    for _ in range(32):
        acc: _Jacobian = (base[0], base[1], 1)
        row = [acc]
        for _ in range(254):
            acc = _add(*acc, *base)
            row.append(acc)
        affine = _affine_all(row)
        rows.append(tuple(affine))
        base = _affine(*_add(*acc, *base))  # 256·base
    return tuple(rows)


def _combine(table_a: tuple, a: int, table_b: tuple, b: int) -> int | None:
    """The x of [a]A + [b]B, or None at infinity."""
    acc = _INFINITY
    for i in range(32):
        for table, k in ((table_a, a), (table_b, b)):
            j = k >> (8 * i) & 255
            if j:
                acc = _add(*acc, *table[i][j - 1])
    if not acc[2]:
        return None
    return _affine(*acc)[0]
