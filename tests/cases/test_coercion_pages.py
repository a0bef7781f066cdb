"""行政强制执行 through the pages: started from a decision made outside the system (and offered on a 行政处罚
case in 执行), the 催告 with its time limit, an enforcement on a holiday refused with its refusal shown on the
case page, bad input answered in Chinese beside its field, another agency's case not found."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from tests.cases import test_case_decision as _decision
from tests.cases import test_case_notice as _notice
from tests.cases.conftest import ITEM
from tests.cases.test_coercion import at, first, to_enforce, travel

from zhifa.cases.models import Case, EnforcementAct
from zhifa.workdays import calendar
from zhifa.workdays.calendar import SHANGHAI

TODAY = dt.datetime.now(SHANGHAI).date()
at_notify, at_decide, executing = _notice.at_notify, _decision.at_decide, _decision.executing


def start_data(world, **kw):
    return {"token": "page-1", "unit": world.nr_team.pk, "officers": [world.zhang.pk, world.li.pk],
            "party": world.company.pk, "item_code": ITEM, "decision_title": "责令限期拆除决定书",
            "decision_number": "鞍自然拆决字〔2026〕9号",
            "decision_served_on": (TODAY - dt.timedelta(days=30)).isoformat(),
            "obligation": "限期拆除违法建筑", **kw}


def test_the_start_page_starts_a_case_once_and_answers_bad_input_beside_its_field(world, login):
    officer = login(world.u_officer)
    url = reverse("cases:coercion_start")
    page = officer.get(url)
    assert page.status_code == 200 and "启动行政强制执行" in page.content.decode()
    bad = officer.post(url, start_data(world, decision_served_on=(TODAY + dt.timedelta(days=3)).isoformat()))
    assert bad.status_code == 422 and "decision_served_on" in bad.context["form"].errors
    assert "行政决定送达日期不能晚于今天" in bad.content.decode()
    assert not Case.objects.filter(process="coercive_enforcement").exists()
    done = officer.post(url, start_data(world))
    case = Case.objects.get(process="coercive_enforcement")
    assert done.status_code == 302 and done.url == case.get_absolute_url()
    officer.post(url, start_data(world))  # posted twice
    assert Case.objects.filter(process="coercive_enforcement").count() == 1
    body = officer.get(case.get_absolute_url()).content.decode()
    assert "行政强制执行" in body and "制作催告书" in body and "拟定处罚内容" not in body
    urge = officer.post(reverse("cases:coercion_urge", args=[case.pk]), {
        "due_on": TODAY.isoformat(), "performance": "自行拆除", "contact": "张伟 0412-0000000",
        "agency_address": "鞍山市铁东区某街1号"})
    assert urge.status_code == 422 and "履行期限应晚于催告之日" in urge.content.decode()
    listing = officer.get(reverse("cases:list")).content.decode()
    assert "启动强制执行" in listing and case.title in listing


def test_a_punishment_case_in_execution_offers_to_start_enforcement(world, executing, login):
    body = login(world.u_officer).get(executing.get_absolute_url()).content.decode()
    assert f"{reverse('cases:coercion_start')}?from={executing.pk}" in body


def test_an_enforcement_on_a_holiday_is_refused_on_the_page_and_the_refusal_shown(world, login):
    case, day = to_enforce(world, "restore", served_on=TODAY - dt.timedelta(days=10))
    holiday = first(calendar.is_holiday, day)
    with travel(holiday + dt.timedelta(days=1)):
        officer = login(world.u_officer)
        response = officer.post(reverse("cases:coercion_enforce", args=[case.pk]), {
            "at": at(holiday, 10).strftime("%Y-%m-%dT%H:%M"), "note": "清除堆放物", "completed": "on"})
        assert response.status_code == 422 and "法定节假日" in response.content.decode()
        page = officer.get(case.get_absolute_url()).content.decode()
    assert "未予准许" in page and EnforcementAct.objects.get().refused
    assert "第四十三条" in page


def test_another_agency_s_enforcement_case_is_not_found(world, login):
    case, _day = to_enforce(world, "restore", served_on=TODAY - dt.timedelta(days=10))
    other = login(world.u_ly_head)
    assert other.get(case.get_absolute_url()).status_code == 404
    assert other.post(reverse("cases:coercion_enforce", args=[case.pk]), {"note": "x"}).status_code == 404


def test_an_enforcement_at_night_is_refused_on_the_page_and_allowed_when_urgent_with_its_reason(world, login):
    case, day = to_enforce(world, "restore", served_on=TODAY - dt.timedelta(days=10))
    when = first(calendar.is_working_day, day)
    url = reverse("cases:coercion_enforce", args=[case.pk])
    night = {"at": at(when, 23).strftime("%Y-%m-%dT%H:%M"), "note": "清除堆放物", "completed": "on"}
    with travel(when + dt.timedelta(days=1)):
        officer = login(world.u_officer)
        refused = officer.post(url, night)
        assert refused.status_code == 422 and "夜间" in refused.content.decode()
        assert not EnforcementAct.objects.filter(refusal_rule="").exists()
        allowed = officer.post(url, {**night, "urgent_reason": "堆放物阻断泄洪通道，汛期将至"})
    assert allowed.status_code == 302
    assert EnforcementAct.objects.get(refusal_rule="").urgent_reason == "堆放物阻断泄洪通道，汛期将至"


def test_a_demolition_before_the_remedy_periods_end_is_refused_on_the_page(world, login):
    served = TODAY - dt.timedelta(days=100)
    case, day = to_enforce(world, "demolish", served_on=served)
    when = first(calendar.is_working_day, day + dt.timedelta(days=12))
    with travel(when):
        officer = login(world.u_officer)
        announced = officer.post(reverse("cases:coercion_demolition", args=[case.pk]), {
            "announced_on": day.isoformat(), "own_demolition_by": (day + dt.timedelta(days=10)).isoformat(),
            "target": "厂房约1200平方米", "medium": "张贴于现场"})
        assert announced.status_code == 302
        early = officer.post(reverse("cases:coercion_enforce", args=[case.pk]), {
            "at": at(when, 9).strftime("%Y-%m-%dT%H:%M"), "note": "拆除", "completed": "on"})
    assert early.status_code == 422 and "行政复议、行政诉讼期限" in early.content.decode()
    assert not EnforcementAct.objects.filter(refusal_rule="").exists()
