"""行政检查 through its pages: the plans list (its queries do not grow with its rows), the start page, the inspection
section of the case page; a refusal answers in Chinese beside the form and writes nothing; another agency's
inspection is not found (404)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from tests.cases.test_case_engine import hand_in
from tests.cases.test_inspection import CHECK_ITEM, RANDOM_ITEM, checks, plan_of, start  # noqa: F401  (fixture)

from zhifa.cases import actions
from zhifa.cases.models import Case, Inspection
from zhifa.cases.starts import STARTS
from zhifa.core.errors import RuleViolation


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_case_list_offers_the_inspection_start_page(checks, login):  # noqa: F811
    assert any(s.process == "inspection" and s.name == "行政检查" for s in STARTS)
    page = login(checks.u_officer).get(reverse("cases:list"))
    assert reverse("cases:inspection_start") in page.content.decode()


def test_the_plans_list_costs_the_same_queries_for_one_plan_or_six(checks, login):  # noqa: F811
    client = login(checks.u_officer)
    plan_of(checks)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("cases:inspection_plans")).status_code == 200
    for n in range(5):
        plan_of(checks, name=f"专项检查{n}")
    with CaptureQueriesContext(connection) as six:
        page = client.get(reverse("cases:inspection_plans"))
    assert page.content.decode().count('<tr id="plan-') == 6
    assert len(six.captured_queries) == len(one.captured_queries)


def test_a_plan_made_through_the_page_and_a_bad_period_refused_in_chinese(checks, login):  # noqa: F811
    client = login(checks.u_officer)
    today = timezone.localdate()
    data = {"name": "2026年度抽查", "unit": checks.nr_team.pk, "random_code": RANDOM_ITEM,
            "starts_on": today.isoformat(), "ends_on": (today - dt.timedelta(days=1)).isoformat()}
    refused = client.post(reverse("cases:inspection_plans"), data)
    assert refused.status_code == 422 and "检查期间的结束日不能早于开始日" in refused.content.decode()
    assert client.post(reverse("cases:inspection_plans"),
                       data | {"ends_on": (today + dt.timedelta(days=90)).isoformat()}).status_code == 302


def test_starting_with_fewer_than_two_valid_officers_is_refused_beside_the_form(checks, login):  # noqa: F811
    client = login(checks.u_officer)
    assert client.get(reverse("cases:inspection_start")).status_code == 200
    data = {"token": uuid.uuid4().hex, "unit": checks.nr_team.pk, "item_code": CHECK_ITEM, "title": "土地利用情况检查",
            "party": checks.company.pk, "place": checks.tiedong.pk, "officers": [checks.zhang.pk]}
    refused = client.post(reverse("cases:inspection_start"), data)
    assert refused.status_code == 422 and "执法人员不得少于2人，当前只有1人" in refused.content.decode()
    expired = client.post(reverse("cases:inspection_start"), data | {"officers": [checks.zhang.pk, checks.wang.pk]})
    assert expired.status_code == 422 and "王强" in expired.content.decode()
    assert not Case.objects.filter(process="inspection").exists()
    started = client.post(reverse("cases:inspection_start"), data | {"officers": [checks.zhang.pk, checks.li.pk]})
    case = Case.objects.get(process="inspection")
    assert started.status_code == 302 and started["Location"] == case.get_absolute_url()
    assert client.post(reverse("cases:inspection_start"), data | {"officers": [checks.zhang.pk, checks.li.pk]}
                       ).status_code == 302  # sent twice: the same inspection
    assert Case.objects.filter(process="inspection").count() == 1


def _record(checks, **kw):  # noqa: F811
    now = timezone.now()
    return {"started_at": _local(now - dt.timedelta(hours=1)), "ended_at": _local(now - dt.timedelta(minutes=10)),
            "place": "铁西区兴盛路116号厂区", "officers": [checks.zhang.pk, checks.li.pk], "recorder": checks.li.pk,
            "present": "赵丽华（法定代表人）", "items_checked": "用地批准文件；土地用途",
            "findings": "未发现违法用地", "av_note": "执法记录仪全程录像", "signed": "1"} | kw


def test_the_record_and_a_compliant_result_through_the_case_page(checks, login):  # noqa: F811
    case = start(checks)
    client = login(checks.u_officer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "制作现场检查笔录" in page and "不定期检查" in page and "待立案" not in page
    later = timezone.now() + dt.timedelta(hours=2)
    refused = client.post(reverse("cases:inspection_record", args=[case.pk]),
                          _record(checks, started_at=_local(later), ended_at=_local(later + dt.timedelta(hours=1))))
    assert refused.status_code == 422 and "检查开始时间不能晚于现在" in refused.content.decode()
    one = client.post(reverse("cases:inspection_record", args=[case.pk]), _record(checks, officers=[checks.zhang.pk]))
    assert one.status_code == 422 and "执法人员不得少于2人" in one.content.decode()
    assert Inspection.objects.get(case=case).record_id is None
    assert client.post(reverse("cases:inspection_record", args=[case.pk]), _record(checks)).status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    # the 现场检查笔录 is the inspection's own section; a 行政检查 has no 调查取证 stage, so no such section
    assert "现场检查笔录" in page
    assert 'id="investigation-h"' not in page
    assert client.post(reverse("cases:link_evidence", args=[case.pk]),
                       {"evidence": hand_in(checks).pk, "av_stage": "onsite"}).status_code == 302
    assert client.post(reverse("cases:inspection_compliant", args=[case.pk]), {"conclusion": ""}).status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    assert "未发现违法违规行为，检查合格" in page and "执法对象 鞍山某建材有限公司" in page
    assert "行政检查结果20个工作日内公示" in page


def test_another_agencys_inspection_is_not_found(checks, login):  # noqa: F811
    case = start(checks)
    outsider = checks.u_ly_head
    client = login(outsider)
    assert client.get(case.get_absolute_url()).status_code == 404
    for name in ("inspection_record", "inspection_compliant", "inspection_rectify", "inspection_open_case"):
        assert client.post(reverse(f"cases:{name}", args=[case.pk]), _record(checks)).status_code == 404
    assert Inspection.objects.get(case=case).record_id is None


def test_the_inspection_urls_of_a_case_that_is_no_inspection_are_not_found(checks, login):  # noqa: F811
    from tests.cases.test_case_engine import opened

    case = opened(checks)
    client = login(checks.u_officer)
    for name in ("inspection_record", "inspection_compliant", "inspection_rectify", "inspection_open_case"):
        assert client.post(reverse(f"cases:{name}", args=[case.pk]), {}).status_code == 404
    with pytest.raises(RuleViolation) as refused:
        actions.find_compliant(actor=checks.u_officer, case=case)
    assert refused.value.message == "本案不是行政检查"
