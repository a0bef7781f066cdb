"""`zhifa demo` twice loads the demo once (on an empty database: the other demo modules share one build)."""

from __future__ import annotations

import io

from django.core.management import call_command

from zhifa.records.models import Evidence


def test_zhifa_demo_twice_loads_once(db):
    # how long a load takes is a benchmark's question, not a test's (the machine's load decides it)
    out = io.StringIO()
    call_command("demo", stdout=out)
    call_command("demo", stdout=out)
    assert "演示数据已存在" in out.getvalue()
    # 〔2026〕12号's four, the site photos of the six cases brought to legal review (the reviews in every state),
    # the 收费's and the 征用's receipts, two inspections' photos
    assert Evidence.objects.count() == 14
