"""A breadcrumb ends with the page it leads to, never with a dangling “›”. No database: reads the templates."""

from __future__ import annotations

import re
from pathlib import Path

import zhifa

TEMPLATES = Path(zhifa.__file__).parent / "templates"
DANGLING = re.compile(r"›\s*(</p>|$)", re.MULTILINE)


def test_no_breadcrumb_ends_in_a_separator():
    found = [f"{path.relative_to(TEMPLATES)}:{text[:m.start()].count(chr(10)) + 1}"
             for path in sorted(TEMPLATES.rglob("*.html"))
             for text in [path.read_text(encoding="utf-8")] for m in DANGLING.finditer(text)]
    assert found == []
