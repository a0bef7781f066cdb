"""`zhifa demo` twice loads the demo once (on an empty database: the other demo modules share one build), with the
number of generated publications asked for; `zhifa demo_publications N` adds N more. It loads at 01:30 in
Shanghai, when its acts of "two hours ago" would fall on yesterday: the others load in the day."""

from __future__ import annotations

import datetime as dt
import io

import time_machine
from django.core.management import call_command
from django.utils import timezone

from zhifa.demo.publications import SOURCE
from zhifa.publicity.models import Publication
from zhifa.records.models import Evidence
from zhifa.workdays.calendar import SHANGHAI


def test_zhifa_demo_twice_loads_once_even_in_the_small_hours(db):
    # how long a load takes is a benchmark's question, not a test's (the machine's load decides it)
    out = io.StringIO()
    small_hours = dt.datetime.combine(timezone.localdate(), dt.time(1, 30), tzinfo=SHANGHAI)
    with time_machine.travel(small_hours, tick=True):
        call_command("demo", "--publications", "25", stdout=out)  # `zhifa demo` makes 3,000: a demo's, not a test's
    # built as of the evening before, its acts of "two hours ago" on that day
    assert Evidence.objects.latest("received_at").received_at.astimezone(SHANGHAI).date() == (
        small_hours.date() - dt.timedelta(days=1))
    call_command("demo", stdout=out)
    assert "演示数据已存在" in out.getvalue()
    # 〔2026〕12号's four, the site photos of the six cases brought to legal review (the reviews in every state),
    # the 收费's and the 征用's receipts, two inspections' photos, the 强制拆除's site photo (reviewed, SH-06)
    assert Evidence.objects.count() == 15
    # the publications of the demo's decisions, and the generated ones
    assert Publication.objects.filter(source_model=SOURCE).count() == 25
    call_command("demo_publications", "10", stdout=out)
    assert Publication.objects.filter(source_model=SOURCE).count() == 35
    assert "已生成 10 条公示信息" in out.getvalue()
