"""The verify scanners: the C one (``_scan.c``) agrees with OpenSSL's SM3 and with the Python one, and hands
back every row it cannot settle, so that it never accepts what the full checks would refuse."""

from __future__ import annotations

import hashlib
import io
import unicodedata

import pytest
from django.core.management import call_command
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st
from tests.ledger.test_ledger_tamper import attack, verify_fails

from zhifa.ledger import scan
from zhifa.ledger.chain import append
from zhifa.ledger.digest import ZERO
from zhifa.ledger.models import Entry
from zhifa.ledger.verify import KEY_CREATED, _select, verify_chain

_scan = pytest.importorskip("zhifa.ledger._scan")


def rows_of(chain: int) -> list[tuple]:
    with connection.cursor() as c:
        c.execute(*_select(chain))
        return c.fetchall()


@given(st.binary(max_size=300) | st.sampled_from([b"", b"abc", b"a" * 55, b"a" * 56, b"a" * 64, b"a" * 119]))
def test_the_c_sm3_agrees_with_openssl(data):
    assert _scan.sm3(data) == hashlib.new("sm3", data).digest()


def test_the_c_sm3_of_the_standards_example():
    # GB/T 32905-2016, 附录 A.1
    assert _scan.sm3(b"abc").hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


TRICKY = ['他说"停"', "反斜杠\\在此", "换行\n制表\t", unicodedata.normalize("NFD", "é"), "普通"]


def test_rows_needing_escapes_are_handed_back_and_the_chain_still_verifies(cast, monkeypatch):
    for text in TRICKY:
        append(actor=cast.u_head, agency=cast.zj, kind="test", subject=cast.zj, payload={"t": text})
        cast.zj.name = f"住建局 {text}"  # the subject label is a string field the scanner builds itself
        append(actor=cast.u_head, agency=cast.zj, kind="test", subject=cast.zj, payload={})
    entries = Entry.objects.filter(chain=cast.zj.pk)
    labels = list(entries.exclude(kind=KEY_CREATED).values_list("subject_label", flat=True))
    keys = list(entries.filter(kind=KEY_CREATED).values_list("subject_label", flat=True))
    escaped = [label for label in labels if any(c in label for c in '"\\\n')]
    nfd = [label for label in labels if not unicodedata.is_normalized("NFC", label)]
    # C neither escapes nor normalises: it hands those rows to Python, whose scanner does both itself
    for make, expected in ((_scan.Scanner, sorted(keys + escaped + nfd)), (scan.PyScanner, sorted(keys))):
        monkeypatch.setattr(scan, "Scanner", make)
        rows = rows_of(cast.zj.pk)  # as verify selects them for this scanner
        s, i, handed_back = make(cast.zj.pk, 1, KEY_CREATED), 0, []
        while i < len(rows):
            i, why = s.feed(rows, i, 0)
            if why == scan.STOP_ROW:
                label = rows[i][6]
                handed_back.append(label.decode() if isinstance(label, bytes) else label)
                s.accept(rows[i][0], rows[i][2])
                i += 1
        assert s.size == len(rows) and s.seq == len(rows) + 1 and s.prev == rows[-1][2]
        assert sorted(handed_back) == expected and len(escaped) >= 6
        assert verify_chain(cast.zj.pk).problem is None
    assert _scan.Scanner(cast.zj.pk, 1, KEY_CREATED).prev == ZERO


@pytest.mark.usefixtures("scanner")
def test_a_label_rewritten_as_its_own_escaped_form_is_caught(cast):
    """Pasting the escaped text back gives the same bytes to a scanner that does not escape: ours refuse it."""
    cast.zj.name = '住建局 他说"停"'
    entry = append(actor=cast.u_head, agency=cast.zj, kind="test", subject=cast.zj, payload={})
    attack(f"UPDATE ledger_entry SET subject_label = '住建局 他说\\\"停\\\"' WHERE id = {entry.pk}")
    with connection.cursor() as c:
        c.execute(f"SELECT subject_label FROM ledger_entry WHERE id = {entry.pk}")
        assert c.fetchone()[0] == '住建局 他说\\"停\\"'
    assert f"第 {entry.seq} 条：哈希不符" in verify_fails()


@pytest.mark.usefixtures("scanner")
def test_verify_counts_every_entry_it_checked(cast):
    for n in range(7):
        append(actor=cast.u_head, agency=cast.zj, kind="test", subject=None, payload={"n": n, "t": f'"{n}"'})
    out = io.StringIO()
    call_command("verify", "--agency", str(cast.zj.pk), stdout=out)
    seqs = len(rows_of(cast.zj.pk))
    assert f"{seqs} 条记录" in out.getvalue()
