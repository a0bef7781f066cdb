"""行政强制措施 through its pages: the start page on its own and from a 行政处罚 case (linked both ways), the head's
approval and the 现场笔录 on the case page, refusals beside their field in Chinese with nothing written, another
agency's case and measure 404."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from tests.cases.test_measure import START, emergency, holding, punishment_case, start

from zhifa.agencies.models import Role
from zhifa.cases import actions
from zhifa.cases.models import Case, Measure


def form_values(world, **kw):
    return {"token": "t-" + str(len(kw)) + kw.pop("suffix", ""), "unit": world.nr_team.pk, "item_code": "ZR-QZ-001",
            "kind": "seal", "party": world.company.pk, "title": "查封违法建设厂房", "facts": "未经批准占地建设厂房",
            "act_on": START.date().isoformat(), "place": world.tiedong.pk, "reason": "制止违法建设继续施工",
            "basis": "《中华人民共和国土地管理法》第六十八条第四项", "items": "钢结构厂房一座（约1200平方米）",
            "keeping": "就地查封，张贴封条", "spot": "千山区某村东侧", "officers": [world.zhang.pk, world.li.pk],
            "emergency": "0", **kw}


def test_the_start_page_asks_for_approval_and_the_case_page_shows_what_is_awaited(mworld, login):
    client = login(mworld.u_officer)
    page = client.get(reverse("cases:measure_start"))
    assert page.status_code == 200 and "实施行政强制措施" in page.content.decode()
    response = client.post(reverse("cases:measure_start"), form_values(mworld))
    case = Case.objects.get(process="coercive_measure")
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    body = client.get(case.get_absolute_url()).content.decode()
    assert "已报请行政机关负责人批准，批准前不得实施" in body and "实施前须向行政机关负责人报告并经批准" in body
    assert "measure_" not in body and "ZR-QZ" not in body.split("<main")[-1].split("执法事项")[0]


def test_the_case_list_offers_the_measure_start(mworld, login):
    body = login(mworld.u_officer).get(reverse("cases:list")).content.decode()
    assert reverse("cases:measure_start") in body and "实施行政强制措施" in body


def test_a_measure_without_approval_or_emergency_reason_is_refused_on_the_page(mworld, login):
    client = login(mworld.u_officer)
    response = client.post(reverse("cases:measure_start"), form_values(
        mworld, emergency="1", acted_at=timezone.localtime().strftime("%Y-%m-%dT%H:%M")))
    assert response.status_code == 422 and "情况紧急的理由不能为空" in response.content.decode()
    response = client.post(reverse("cases:measure_start"), form_values(
        mworld, suffix="b", act_on=(START.date() + dt.timedelta(days=1)).isoformat()))
    assert response.status_code == 422 and "涉嫌违法行为的发生日期不能晚于今天" in response.content.decode()
    assert not Case.objects.filter(process="coercive_measure").exists()


def test_the_head_approves_and_the_officer_records_the_spot_on_the_case_page(mworld, login):
    case = start(mworld)
    head = login(mworld.u_head)
    assert "行政机关负责人审批" in head.get(case.get_absolute_url()).content.decode()
    assert head.post(reverse("cases:measure_approve", args=[case.pk]),
                     {"agrees": "1", "opinion": "同意查封"}).status_code == 302
    officer = login(mworld.u_officer)
    assert officer.post(reverse("cases:move", args=[case.pk]), {"target": "implement"}).status_code == 302
    values = {"acted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "party_present": "1",
              "present_name": "赵丽华", "statement": "", "signed": "1", "av_note": "执法记录仪全程录像",
              "review_body": "鞍山市人民政府", "court": "鞍山市铁东区人民法院"}
    refused = officer.post(reverse("cases:measure_onsite", args=[case.pk]), values)
    assert refused.status_code == 422 and "请记录当事人的陈述和申辩" in refused.content.decode()
    assert officer.post(reverse("cases:measure_onsite", args=[case.pk]),
                        values | {"waived": "on"}).status_code == 302
    measure = Measure.objects.get(case=case)
    body = officer.get(case.get_absolute_url()).content.decode()
    assert measure.decision.number in body and "期限至 <strong>2026-10-01</strong>" in body and "尚余 30 日" in body


def test_a_punishment_case_starts_its_measure_and_lists_it(mworld, login):
    served = punishment_case(mworld)
    client = login(mworld.u_officer)
    assert "为本案实施查封、扣押" in client.get(served.get_absolute_url()).content.decode()
    page = client.get(reverse("cases:measure_start") + f"?case={served.pk}").content.decode()
    assert served.title in page
    response = client.post(reverse("cases:measure_start") + f"?case={served.pk}",
                           form_values(mworld, punishment_case=served.pk))
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert measure.punishment_case == served
    assert measure.case.get_absolute_url() in client.get(served.get_absolute_url()).content.decode()


def test_another_agencys_case_and_measure_are_404(mworld, login):
    served = punishment_case(mworld)
    case = holding(mworld)
    client = login(mworld.u_ly_head)
    assert client.get(case.get_absolute_url()).status_code == 404
    outsider = login(mworld.user("ly_officer", [(mworld.ly_nr, Role.OFFICER)]))  # may start measures, in 辽阳
    assert outsider.get(reverse("cases:measure_start")).status_code == 200
    assert outsider.get(reverse("cases:measure_start") + f"?case={served.pk}").status_code == 404
    assert outsider.get(reverse("cases:measure_start") + "?case=99999999999999999999").status_code == 404
    other = login(mworld.u_zj_head)
    assert other.post(reverse("cases:measure_extend", args=[case.pk]),
                      {"reason": "复杂", "last_day": "2026-10-01"}).status_code == 404
    assert Measure.objects.get(case=case).extension is None


def test_the_extension_form_is_offered_on_the_30th_day_only_to_the_head(mworld, login):
    case = holding(mworld)
    mworld.clock.move_to(dt.datetime(2026, 10, 1, 10, tzinfo=START.tzinfo), tick=False)
    assert "批准延长三十日" not in login(mworld.u_officer).get(case.get_absolute_url()).content.decode()
    head = login(mworld.u_head)
    assert "批准延长三十日" in head.get(case.get_absolute_url()).content.decode()
    assert head.post(reverse("cases:measure_extend", args=[case.pk]),
                     {"reason": "权属复杂", "last_day": "2026-10-01"}).status_code == 302
    mworld.clock.move_to(dt.datetime(2026, 11, 1, 10, tzinfo=START.tzinfo), tick=False)
    body = login(mworld.u_officer).get(case.get_absolute_url()).content.decode()
    assert "已届满，应当解除" in body


def test_the_heads_queue_holds_the_measures_awaiting_approval_before_and_after(mworld, login):
    before = start(mworld)
    urgent = start(mworld, emergency=True, emergency_reason="正在转移", acted_at=timezone.now())
    head = login(mworld.u_head)
    body = head.get(reverse("work:todo")).content.decode()
    assert f"measure_approval-{before.pk}" in body and f"measure_approval-{urgent.pk}" not in body  # not reported
    actions.report_emergency(actor=mworld.u_officer, case=urgent, reported_at=timezone.now())
    actions.approve_measure(actor=mworld.u_head, case=before, agrees=True, opinion="同意")
    body = head.get(reverse("work:todo")).content.decode()
    assert f"measure_approval-{before.pk}" not in body and f"measure_approval-{urgent.pk}" in body
    assert "批准行政强制措施" in body


def _local_minute(when: dt.datetime) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def test_an_emergency_report_on_hour_24_is_taken_and_on_hour_25_asks_its_reason_on_the_page(mworld, login):
    """第19条: the 24th hour is in time; the 25th is refused in Chinese beside the field until the reason is given,
    and nothing is written by the refusal."""
    on_time, late = emergency(mworld), emergency(mworld)
    acted = on_time.measure.acted_at
    mworld.clock.move_to(acted + dt.timedelta(hours=26), tick=False)
    client = login(mworld.u_officer)
    done = client.post(reverse("cases:measure_report", args=[on_time.pk]),
                       {"reported_at": _local_minute(acted + dt.timedelta(hours=24))})
    assert done.status_code == 302
    acted = late.measure.acted_at
    url = reverse("cases:measure_report", args=[late.pk])
    refused = client.post(url, {"reported_at": _local_minute(acted + dt.timedelta(hours=25))})
    assert refused.status_code == 422 and "未能在24小时内报告的原因" in refused.content.decode()
    assert Measure.objects.get(case=late).reported_at is None
    assert client.post(url, {"reported_at": _local_minute(acted + dt.timedelta(hours=25)),
                             "late_reason": "负责人在外地开会，电话未接通"}).status_code == 302
    assert Measure.objects.get(case=late).report_late_reason == "负责人在外地开会，电话未接通"
    assert Measure.objects.get(case=on_time).report_late_reason == ""
