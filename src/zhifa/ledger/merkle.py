"""Merkle trees over a chain's entries, in the shapes of RFC 9162 §2.1, hashed with SM3.

- The leaves of a chain's tree are its entries in ``seq`` order: leaf ``i`` (0-based) is entry ``seq = i + 1``,
  and its data is the entry's ``entry_hash`` as 32 raw bytes (not the hex text).
- Leaf hash: ``SM3(0x00 ‖ entry_hash bytes)``; interior node: ``SM3(0x01 ‖ left ‖ right)``.
- The tree of ``n`` leaves is RFC 9162's: split at the largest power of two smaller than ``n``.
  The empty tree's hash is ``SM3()`` of nothing.

Three ways to get at the tree, all agreeing (the tests check it):

- ``mth``/``inclusion_proof``/``consistency_proof`` on a list of leaf data: the RFC's recursive definitions,
  for tests and small trees;
- ``CompactRange``: leaves streamed in order, keeping only the roots of the perfect subtrees not yet merged
  (at most log2 n hashes), so the root of a chain of any length is computed in constant memory;
- ``NodeStore``: a stream that also keeps the few nodes some proofs need, then answers those proofs.

Verification follows RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) step by step.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

_sm3 = hashlib.new("sm3")


def _h(data: bytes) -> bytes:
    h = _sm3.copy()
    h.update(data)
    return h.digest()


EMPTY_ROOT = hashlib.new("sm3", b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return _h(b"\x00" + data)


def node_hash(left: bytes, right: bytes) -> bytes:
    return _h(b"\x01" + left + right)


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


# ---------------------------------------------------------------- proofs over any source of subtree hashes

Mth = Callable[[int, int], bytes]  # mth(lo, hi): the hash of leaves [lo, hi)


def _path(m: int, lo: int, hi: int, mth: Mth) -> list[bytes]:
    """RFC 9162 §2.1.3.1 PATH(m, D[lo:hi]), ``m`` absolute."""
    if hi - lo <= 1:
        return []
    k = _split(hi - lo)
    if m < lo + k:
        return [*_path(m, lo, lo + k, mth), mth(lo + k, hi)]
    return [*_path(m, lo + k, hi, mth), mth(lo, lo + k)]


def _subproof(m: int, lo: int, hi: int, complete: bool, mth: Mth) -> list[bytes]:
    """RFC 9162 §2.1.4.1 SUBPROOF(m, D[lo:hi], b), ``m`` absolute."""
    if m == hi:
        return [] if complete else [mth(lo, hi)]
    k = _split(hi - lo)
    if m <= lo + k:
        return [*_subproof(m, lo, lo + k, complete, mth), mth(lo + k, hi)]
    return [*_subproof(m, lo + k, hi, False, mth), mth(lo, lo + k)]


def path(index: int, size: int, mth: Mth) -> list[bytes]:
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    return _path(index, 0, size, mth)


def proof(old: int, new: int, mth: Mth) -> list[bytes]:
    if not 0 <= old <= new:
        raise ValueError(f"no consistency proof from {old} to {new}")
    if old == 0 or old == new:
        return []
    return _subproof(old, 0, new, True, mth)


# ---------------------------------------------------------------- the RFC's definitions over a list


def _list_mth(hashes: list[bytes]) -> Mth:
    def mth(lo: int, hi: int) -> bytes:
        if hi - lo == 0:
            return EMPTY_ROOT
        if hi - lo == 1:
            return hashes[lo]
        k = _split(hi - lo)
        return node_hash(mth(lo, lo + k), mth(lo + k, hi))

    return mth


def mth(leaves: list[bytes]) -> bytes:
    """MTH(D[n]) of the leaf data ``leaves``."""
    return _list_mth([leaf_hash(d) for d in leaves])(0, len(leaves))


def inclusion_proof(index: int, leaves: list[bytes]) -> list[bytes]:
    return path(index, len(leaves), _list_mth([leaf_hash(d) for d in leaves]))


def consistency_proof(old: int, leaves: list[bytes]) -> list[bytes]:
    return proof(old, len(leaves), _list_mth([leaf_hash(d) for d in leaves]))


# ---------------------------------------------------------------- verification (RFC 9162 §2.1.3.2, §2.1.4.2)


def verify_inclusion(index: int, size: int, leaf: bytes, proof_path: list[bytes], root: bytes) -> bool:
    """Whether ``proof_path`` shows the leaf hash ``leaf`` at ``index`` in the tree of ``size`` with ``root``."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof_path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(old: int, new: int, old_root: bytes, new_root: bytes, proof_path: list[bytes]) -> bool:
    """Whether ``proof_path`` shows the tree of ``old`` leaves with ``old_root`` is a prefix of ``new``'s."""
    if not 0 <= old <= new:
        return False
    if old == new:
        return not proof_path and old_root == new_root
    if old == 0:
        return not proof_path and old_root == EMPTY_ROOT
    if not proof_path:
        return False
    path_ = list(proof_path)
    if old & (old - 1) == 0:  # an exact power of two: the old root is the first node
        path_.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path_[0]
    for c in path_[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0


# ---------------------------------------------------------------- streaming


class CompactRange:
    """The roots of the perfect subtrees covering leaves [0, size), left to right (RFC 9162's tree fold).

    ``push`` takes a leaf *hash*; at most log2(size) hashes are held. ``on_node(level, index, hash)``, when
    given, sees every perfect subtree as it is completed (level 0 = the leaves themselves).
    """

    __slots__ = ("on_node", "size", "stack")

    def __init__(self, on_node: Callable[[int, int, bytes], None] | None = None) -> None:
        self.size = 0
        self.stack: list[bytes] = []
        self.on_node = on_node

    def push(self, h: bytes) -> None:
        i = self.size
        self.size = i + 1
        stack = self.stack
        on_node = self.on_node
        if on_node is None:
            while i & 1:
                h = _h(b"\x01" + stack.pop() + h)
                i >>= 1
        else:
            level = 0
            on_node(0, i, h)
            while i & 1:
                h = _h(b"\x01" + stack.pop() + h)
                i >>= 1
                level += 1
                on_node(level, i, h)
        stack.append(h)

    def nodes(self) -> list[tuple[int, int, bytes]]:
        """The held subtree roots as (level, index, hash), left to right."""
        out: list[tuple[int, int, bytes]] = []
        start = 0
        for level in range(self.size.bit_length() - 1, -1, -1):
            if self.size >> level & 1:
                out.append((level, start >> level, self.stack[len(out)]))
                start += 1 << level
        return out

    def root(self) -> bytes:
        if not self.stack:
            return EMPTY_ROOT
        r = self.stack[-1]
        for h in reversed(self.stack[:-1]):
            r = node_hash(h, r)
        return r


class NodeStore:
    """A stream of leaf hashes that keeps the perfect subtrees some proofs need, then answers them.

    ``wanted(level, index)`` chooses which completed subtrees to keep; ``for_leaves`` and ``for_boundary``
    build the usual choices. After the stream (``size`` leaves), ``inclusion(i)`` and ``consistency(m)``
    answer from the kept nodes and the compact range; a proof that needs a node that was not kept raises
    KeyError (choose ``wanted`` to cover it).
    """

    def __init__(self, wanted: Callable[[int, int], bool]) -> None:
        self.kept: dict[tuple[int, int], bytes] = {}
        self.wanted = wanted
        self.range = CompactRange(self._on_node)

    def _on_node(self, level: int, index: int, h: bytes) -> None:
        if self.wanted(level, index):
            self.kept[(level, index)] = h

    def push(self, h: bytes) -> None:
        self.range.push(h)

    def extend(self, hashes: Iterable[bytes]) -> None:
        for h in hashes:
            self.range.push(h)

    @property
    def size(self) -> int:
        return self.range.size

    def root(self) -> bytes:
        return self.range.root()

    def _mth(self) -> Mth:
        return stored_mth(self.kept, self.range)

    def inclusion(self, index: int) -> list[bytes]:
        return path(index, self.size, self._mth())

    def consistency(self, old: int) -> list[bytes]:
        return proof(old, self.size, self._mth())


def stored_mth(kept: dict[tuple[int, int], bytes], rng: CompactRange) -> Mth:
    """Subtree hashes of the tree of ``rng.size`` leaves from kept perfect subtrees and the compact range."""
    nodes = dict(kept)
    for level, index, h in rng.nodes():
        nodes[(level, index)] = h
    size = rng.size

    def mth(lo: int, hi: int) -> bytes:
        width = hi - lo
        if width & (width - 1) == 0 and lo % width == 0:
            return nodes[(width.bit_length() - 1, lo // width)]
        if hi != size:
            raise KeyError((lo, hi))
        k = _split(width)
        return node_hash(mth(lo, lo + k), mth(lo + k, hi))

    return mth


def _parent_touches(level: int, index: int, lo: int, hi: int) -> bool:
    """Whether the parent of subtree (level, index) overlaps the leaf interval [lo, hi] (inclusive)."""
    span = 2 << level
    p_lo = (index >> 1) * span
    return p_lo <= hi and lo < p_lo + span


def for_leaves(first: int, last: int, boundary: int | None = None) -> Callable[[int, int], bool]:
    """Keep what inclusion proofs of leaves [first, last] need, and a consistency proof from ``boundary``."""

    def wanted(level: int, index: int) -> bool:
        if _parent_touches(level, index, first, last):
            return True
        return boundary is not None and _parent_touches(level, index, boundary - 1, boundary)

    return wanted


def for_boundary(boundary: int) -> Callable[[int, int], bool]:
    """Keep what a consistency proof from a tree of ``boundary`` leaves needs."""
    return lambda level, index: _parent_touches(level, index, boundary - 1, boundary)
