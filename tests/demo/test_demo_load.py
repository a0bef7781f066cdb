"""`zhifa demo` twice loads the demo once (on an empty database: the other demo modules share one build)."""

from __future__ import annotations

import io
import time

from django.core.management import call_command

from zhifa.records.models import Evidence


def test_zhifa_demo_twice_loads_once_and_quickly(db):
    out = io.StringIO()
    started = time.monotonic()
    call_command("demo", stdout=out)
    first = time.monotonic() - started
    call_command("demo", stdout=out)
    assert "演示数据已存在" in out.getvalue()
    assert Evidence.objects.count() == 4
    assert first < 30, first
