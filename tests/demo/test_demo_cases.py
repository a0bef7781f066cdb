"""The demo shows a living agency (issue 11, item 14): among its cases one is past its 90-day limit (行政处罚法
第60条) and one is stopped before its decision for legal review (第58条), each built through the write functions,
and the chains still verify."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.utils import timezone

from zhifa.cases.models import Case
from zhifa.obligations.models import Obligation


def test_the_demo_has_a_case_past_its_limit_and_one_stopped_for_legal_review(november_demo, client):
    late = Case.objects.get(title="鞍山市宏达混凝土有限公司擅自改变土地用途案")
    assert late.stage == "investigate" and late.opened_on == timezone.localdate() - dt.timedelta(days=95)
    limit = Obligation.objects.get(subject_id=late.pk, rule="行政处罚法 第60条", state="open")
    assert limit.due_at < timezone.now()

    major = Case.objects.get(title="鞍山市鑫源建材有限公司非法占用耕地采矿案")
    assert major.stage == "decide"
    client.force_login(major.assignments.get(lead=True).officer.person.user)
    page = client.get(f"/cases/{major.pk}/").content.decode()
    assert "须经法制审核（行政处罚法 第58条）" in page

    out = io.StringIO()
    call_command("verify", stdout=out)
    assert "校验通过" in out.getvalue()
