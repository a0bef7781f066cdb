"""Parties tests: the cast plus a reviewer, a records custodian, and numbers that pass or fail their checks."""

from __future__ import annotations

import pytest
from tests.conftest import resident_id, uscc

from zhifa.agencies.models import Role

# 辽宁省鞍山市铁东区, born 1990-01-01, sequence 123 (odd: 男)
ZHANG_SAN = resident_id("21030219900101123")
# born 1985-06-15, sequence 244 (even: 女)
LI_SI = resident_id("21030419850615244")
COMPANY = uscc("91210300MA0QA1234")
SHOP = uscc("92210300MA0QB5678")


def wrong_check(number: str) -> str:
    """The number with a check character that is not its own."""
    last = number[-1]
    return number[:-1] + ("1" if last != "1" else "2")


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    root = tmp_path / "data"
    settings.STORAGES = {**settings.STORAGES, "blobs": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root / "files")}}}
    settings.ZHIFA_UPLOAD_DIR = root / "uploads"
    return root


@pytest.fixture
def people(cast):
    cast.u_reviewer = cast.user("nr_reviewer", [(cast.nr_legal, Role.REVIEWER)])
    cast.u_records = cast.user("nr_records", [(cast.nr, Role.RECORDS)])
    return cast
