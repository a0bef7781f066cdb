"""中止、恢复、终结执行 and 冻结 through the pages: the forms on the case page, a form sent twice acting once, bad
input answered beside its field in Chinese, another agency's case not found; the 强制执行 case page offers no
查封、扣押 (only a 行政处罚 case does)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from tests.cases.test_coercion import TODAY, to_enforce, travel
from tests.cases.test_measure import approved
from tests.cases.test_measure_freeze import FREEZE, authorised
from tests.cases.test_measure_pages import form_values

from zhifa.cases.models import Case, EnforcementSuspension, Measure


def test_enforcement_is_suspended_once_and_resumed_on_the_case_page(world, login):
    case, day = to_enforce(world, "restore", served_on=TODAY - dt.timedelta(days=10))
    with travel(day):
        head = login(world.u_head)
        page = head.get(case.get_absolute_url()).content.decode()
        assert "中止执行（" in page and "终结执行（" in page and "为本案实施查封、扣押" not in page
        url = reverse("cases:coercion_suspend", args=[case.pk])
        bad = head.post(url, {"ground": "hardship", "reason": "", "on": day.isoformat()})
        assert bad.status_code == 422 and "这个字段是必填项" in bad.content.decode()  # beside 具体情况
        form = {"ground": "hardship", "reason": "当事人企业停产", "on": day.isoformat()}
        assert head.post(url, form).status_code == 302
        again = head.post(url, form)  # the form sent twice
        assert again.status_code == 422 and EnforcementSuspension.objects.count() == 1
        page = head.get(case.get_absolute_url()).content.decode()
        assert "起中止执行：当事人履行行政决定确有困难或者暂无履行能力" in page and "恢复执行并制作决定书" in page
        assert "hardship" not in page and "第三十九条" in page
        done = head.post(reverse("cases:coercion_resume", args=[case.pk]),
                         {"reason": "已恢复生产", "on": day.isoformat()})
        assert done.status_code == 302
    assert Case.objects.get(pk=case.pk).stage == "enforce"


def test_another_agency_s_case_is_not_found_and_an_officer_may_not_suspend(world, login):
    case, day = to_enforce(world, "restore", served_on=TODAY - dt.timedelta(days=10))
    form = {"ground": "hardship", "reason": "停产", "on": day.isoformat()}
    with travel(day):
        for name in ("coercion_suspend", "coercion_resume", "coercion_terminate"):
            assert login(world.u_ly_head).post(reverse(f"cases:{name}", args=[case.pk]), form).status_code == 404
        assert login(world.u_officer).post(reverse("cases:coercion_suspend", args=[case.pk]), form).status_code == 403
    assert not EnforcementSuspension.objects.exists()


def test_a_freeze_is_asked_for_and_carried_out_on_its_pages(mworld, login):
    officer = login(mworld.u_officer)
    values = form_values(mworld, suffix="f", **FREEZE)
    refused = officer.post(reverse("cases:measure_start"), values)
    assert refused.status_code == 422 and "本机关未设置法律授权，不得冻结" in refused.content.decode()
    authorised(mworld)
    assert officer.post(reverse("cases:measure_start"), values).status_code == 302
    assert officer.post(reverse("cases:measure_start"), values).status_code == 302  # sent twice: one case
    assert Measure.objects.filter(kind="freeze").count() == 1
    case = approved(mworld, **FREEZE)
    page = officer.get(case.get_absolute_url()).content.decode()
    assert "实施冻结并制作文书" in page and "制作现场笔录和决定书" not in page
    url = reverse("cases:measure_freeze", args=[case.pk])
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    bad = officer.post(url, {"acted_at": now, "bank_staff": "", "av_note": "记录仪", "review_body": "鞍山市人民政府",
                             "court": "铁东区法院"})
    assert bad.status_code == 422 and "这个字段是必填项" in bad.content.decode()  # beside 金融机构经办人
    assert officer.post(url, {"acted_at": now, "bank_staff": "钱某某", "av_note": "记录仪",
                              "review_body": "鞍山市人民政府",
                              "court": "铁东区法院"}).status_code == 302
    page = officer.get(case.get_absolute_url()).content.decode()
    assert "冻结决定书应于" in page and "前交付当事人" in page and "第三十一条" in page
    assert login(mworld.u_ly_head).post(url, {"bank_staff": "钱某某"}).status_code == 404
