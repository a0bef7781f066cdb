"""Merkle trees in RFC 9162 shapes on SM3: roots, inclusion and consistency proofs, streaming and stored nodes."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhifa.ledger import merkle

# The certificate-transparency reference inputs and their SHA-256 roots (RFC 6962/9162 tree shape), used to
# check the shape of the tree independently of the hash function.
CT_LEAVES = [bytes.fromhex(h) for h in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                        "606162636465666768696a6b6c6d6e6f"]]
CT_ROOTS = ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"]


def leaves(n: int) -> list[bytes]:
    return [hashlib.new("sm3", str(i).encode()).digest() for i in range(n)]


def streamed(data: list[bytes], wanted) -> merkle.NodeStore:
    store = merkle.NodeStore(wanted)
    store.extend(merkle.leaf_hash(d) for d in data)
    return store


def test_the_tree_has_rfc_shape_checked_with_sha256_against_the_ct_reference_roots(monkeypatch):
    monkeypatch.setattr(merkle, "_h", lambda data: hashlib.sha256(data).digest())
    for n in range(1, 9):
        assert merkle.mth(CT_LEAVES[:n]).hex() == CT_ROOTS[n - 1]
        r = merkle.CompactRange()
        for d in CT_LEAVES[:n]:
            r.push(merkle.leaf_hash(d))
        assert r.root().hex() == CT_ROOTS[n - 1]


def test_leaf_and_node_hashes_are_sm3_with_prefixes_0_and_1():
    a, b = b"\xaa" * 32, b"\xbb" * 32
    assert merkle.leaf_hash(a) == hashlib.new("sm3", b"\x00" + a).digest()
    assert merkle.node_hash(a, b) == hashlib.new("sm3", b"\x01" + a + b).digest()
    assert merkle.mth([]) == hashlib.new("sm3", b"").digest()
    assert merkle.mth([a]) == merkle.leaf_hash(a)
    assert merkle.mth([a, b, a]) == merkle.node_hash(merkle.node_hash(merkle.leaf_hash(a), merkle.leaf_hash(b)),
                                                     merkle.leaf_hash(a))


@pytest.mark.parametrize("n", range(1, 21))
def test_every_inclusion_proof_verifies_and_a_tampered_one_does_not(n):
    data = leaves(n)
    root = merkle.mth(data)
    for i in range(n):
        p = merkle.inclusion_proof(i, data)
        leaf = merkle.leaf_hash(data[i])
        assert merkle.verify_inclusion(i, n, leaf, p, root)
        assert not merkle.verify_inclusion(i, n, merkle.leaf_hash(b"x"), p, root)
        assert not merkle.verify_inclusion(i, n, leaf, p, merkle.leaf_hash(b"x"))
        if p:
            assert not merkle.verify_inclusion(i, n, leaf, p[:-1], root)
            assert not merkle.verify_inclusion(i, n, leaf, [*p, p[0]], root)
            bad = [bytes([p[0][0] ^ 1]) + p[0][1:], *p[1:]]
            assert not merkle.verify_inclusion(i, n, leaf, bad, root)
            if n > 2:
                assert not merkle.verify_inclusion((i + 1) % n, n, leaf, p, root)
    assert not merkle.verify_inclusion(n, n, merkle.leaf_hash(data[0]), [], root)


@pytest.mark.parametrize("n", range(1, 21))
def test_every_consistency_proof_between_sizes_1_to_20_verifies_and_a_tampered_one_does_not(n):
    data = leaves(n)
    new_root = merkle.mth(data)
    for m in range(0, n + 1):
        p = merkle.consistency_proof(m, data)
        old_root = merkle.mth(data[:m])
        assert merkle.verify_consistency(m, n, old_root, new_root, p), (m, n)
        if 0 < m < n:
            assert not merkle.verify_consistency(m, n, merkle.leaf_hash(b"x"), new_root, p)
            assert not merkle.verify_consistency(m, n, old_root, merkle.leaf_hash(b"x"), p)
            assert not merkle.verify_consistency(m, n, old_root, new_root, [])
            assert not merkle.verify_consistency(m, n, old_root, new_root, p[:-1])
            bad = [*p[:-1], bytes([p[-1][0] ^ 1]) + p[-1][1:]]
            assert not merkle.verify_consistency(m, n, old_root, new_root, bad)
            # A tree that differs in one old leaf is not consistent with the new one.
            other = merkle.mth([*data[: m - 1], b"x"])
            assert not merkle.verify_consistency(m, n, other, new_root, p)


@given(st.integers(min_value=1, max_value=300), st.data())
def test_streamed_roots_and_stored_proofs_equal_the_rfc_definitions(n, draw):
    data = leaves(n)
    first = draw.draw(st.integers(min_value=0, max_value=n - 1))
    last = draw.draw(st.integers(min_value=first, max_value=n - 1))
    boundary = draw.draw(st.integers(min_value=1, max_value=n))
    store = streamed(data, merkle.for_leaves(first, last, boundary))
    assert store.root() == merkle.mth(data)
    for i in range(first, last + 1):
        assert store.inclusion(i) == merkle.inclusion_proof(i, data)
    assert store.consistency(boundary) == merkle.consistency_proof(boundary, data)
    # Far fewer nodes kept than the tree has.
    assert len(store.kept) <= 2 * (last - first + 1) + 8 * n.bit_length() + 8


def test_a_consistency_proof_needs_only_nodes_touching_the_boundary():
    for n in range(1, 70):
        data = leaves(n)
        for m in range(1, n + 1):
            store = streamed(data, merkle.for_boundary(m))
            assert store.consistency(m) == merkle.consistency_proof(m, data)


def test_compact_range_holds_at_most_log2_n_hashes():
    r = merkle.CompactRange()
    for i, d in enumerate(leaves(1025)):
        r.push(merkle.leaf_hash(d))
        assert len(r.stack) == bin(i + 1).count("1")
    assert [level for level, _, _ in r.nodes()] == [10, 0]
