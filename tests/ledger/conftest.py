from __future__ import annotations

import os

import pytest

from zhifa.ledger import scan


@pytest.fixture(params=["c", "python"])
def scanner(request, monkeypatch):
    """Run the test with the C scanner and with the Python one: they must give the same answers."""
    if request.param == "c":
        try:
            from zhifa.ledger._scan import Scanner
        except ImportError:
            if os.environ.get("CI") == "true":
                pytest.fail("zhifa.ledger._scan 未编译：CI 上必须有 C 扫描器（pip install -e . 会编译它）")
            pytest.skip("zhifa.ledger._scan 未编译（没有 C 编译器）：只测 Python 扫描器")
        monkeypatch.setattr(scan, "Scanner", Scanner)
    else:
        monkeypatch.setattr(scan, "Scanner", scan.PyScanner)
    return request.param
