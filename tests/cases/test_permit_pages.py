"""The 受理 desk and the licence sections of the case page, through the test client: register with the 服务指南's
materials ticked, an application with none refused beside its field, the deemed acceptance said in words, the
receipt printed, the licence page and its renewal, another agency's application 404, and the desk's list in a fixed
number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from tests.cases.permit_world import (
    BARE_ITEM,
    ITEM,
    MATERIALS,
    accept,
    at,
    build_permit_world,
    grant,
    issued,
    register,
    to_decide,
)

from zhifa.cases import actions
from zhifa.cases.models import Application, Case, Licence, LicenceEnd
from zhifa.obligations.models import Obligation, ObligationState


@pytest.fixture
def w(db, store):
    return build_permit_world()


def desk_post(w, **kw):
    data = {"token": "tok-1", "item_code": ITEM, "party": w.company.pk, "unit": w.nr_team.pk,
            "request": "建设综合楼一栋", "materials": MATERIALS, "other_materials": ""}
    return data | kw


def test_the_desk_lists_the_items_materials_and_registers_an_application(w, login):
    client = login(w.u_officer)
    with at("2026-09-28"):
        page = client.get(reverse("cases:permit_desk"), {"item": ITEM})
        assert page.status_code == 200
        text = page.content.decode()
        assert all(m in text for m in MATERIALS) and "受理窗口" in text
        done = client.post(reverse("cases:permit_desk"), desk_post(w, materials=MATERIALS[:2]))
    case = Case.objects.get()
    assert done.status_code == 302 and done["Location"].endswith(f"/cases/{case.pk}/#permit-h")
    assert case.application.missing == [MATERIALS[2]]
    with at("2026-09-28"):
        detail = client.get(case.get_absolute_url()).content.decode()
    assert "建设工程设计方案" in detail and "未提交" in detail and "一次告知补正（补正材料通知书）" in detail
    assert "2026-10-10" in detail  # the 5th working day, in words around it


def test_an_application_with_no_materials_is_refused_beside_the_field(w, login):
    client = login(w.u_officer)
    with at("2026-09-28"):
        page = client.post(reverse("cases:permit_desk"), desk_post(w, materials=[]))
    assert page.status_code == 422 and "申请材料不能为空" in page.content.decode()
    assert not Application.objects.exists()


def test_an_item_without_a_material_list_says_so(w, login):
    client = login(w.u_officer)
    with at("2026-09-28"):
        page = client.get(reverse("cases:permit_desk"), {"item": BARE_ITEM}).content.decode()
    assert "服务指南未列明申请材料" in page


def test_past_the_fifth_working_day_the_page_says_the_application_is_accepted_and_prints_the_receipt(w, login):
    with at("2026-09-28"):
        case = register(w, materials=MATERIALS[:1])
    client = login(w.u_officer)
    with at("2026-10-12"):
        page = client.get(case.get_absolute_url()).content.decode()
        assert "依法自收到申请材料之日（2026-09-28）起即为受理" in page
        assert "一次告知补正（补正材料通知书）" in page  # offered, and refused when tried
        refused = client.post(reverse("cases:permit_notify", args=[case.pk]), {"notify-contact": "张伟"})
        assert refused.status_code == 422 and "即为受理" in refused.content.decode()
        done = client.post(reverse("cases:permit_accept", args=[case.pk]),
                           {"accept-contact": "张伟 0412-5550101"})
        assert done.status_code == 302
        page = client.get(case.get_absolute_url()).content.decode()
    app = Application.objects.get()
    assert app.deemed and "打印《行政许可受理通知书》" in page and app.acceptance.number in page
    assert client.get(app.acceptance.get_absolute_url()).status_code == 200


def test_the_decision_and_the_licence_from_the_page(w, login):
    with at("2026-11-02"):
        case = register(w)
        accept(w, case)
        to_decide(w, case)
    head = login(w.u_head)
    with at("2026-11-16"):
        done = head.post(reverse("cases:permit_decide", args=[case.pk]), {f"decide-{k}": v for k, v in {
            "granted": "1", "findings": "符合规划条件", "basis": "《中华人民共和国城乡规划法》第四十条",
            "content": "建设综合楼一栋", "valid_from": "2026-12-01", "valid_to": "2028-11-30"}.items()})
        assert done.status_code == 302
        officer = login(w.u_officer)
        assert officer.post(reverse("cases:permit_issue", args=[case.pk]),
                            {"issue-recipient": "孙立新"}).status_code == 302
        licence = Case.objects.get(pk=case.pk).licence
        page = officer.get(licence.get_absolute_url()).content.decode()
    assert licence.number in page and "2028-10-31" in page  # the last day to apply for renewal


def test_another_agencys_application_and_licence_are_404(w, login):
    licence = issued(w, "2026-11-02", "2026-11-16")
    case = licence.case
    outsider = login(w.u_ly_head)
    assert outsider.get(case.get_absolute_url()).status_code == 404
    assert outsider.post(reverse("cases:permit_accept", args=[case.pk]), {"contact": "x"}).status_code == 404
    assert outsider.get(reverse("cases:licence", args=[licence.pk])).status_code == 404


def test_the_desks_waiting_list_costs_the_same_queries_for_one_or_many(w, login):
    client = login(w.u_officer)
    with at("2026-09-28"):
        register(w)
        with CaptureQueriesContext(connection) as one:
            client.get(reverse("cases:permit_desk"))
        for _ in range(5):
            register(w)
        with CaptureQueriesContext(connection) as six:
            page = client.get(reverse("cases:permit_desk"))
    assert page.content.decode().count("/#permit-h") == 6
    assert len(six) == len(one)


def test_the_register_form_of_punishment_sends_a_licence_to_the_desk(w):
    with at("2026-09-28"), pytest.raises(Exception, match="受理窗口"):
        actions.register_case(actor=w.u_officer, unit=w.nr_team, process="licensing", source="inspection",
                              title="案", summary="摘要", item_code=ITEM, place=w.tiedong, act_on=dt.date(2026, 9, 1),
                              officers=[w.zhang, w.li], opinion="建议", parties=[w.company])


def test_a_renewal_is_registered_from_the_licence_page_and_too_late_is_refused(w, login):
    with at("2026-11-02"):
        case = register(w)
        accept(w, case)
        to_decide(w, case)
    with at("2026-11-16"):
        grant(w, case, valid_to=dt.date(2027, 1, 20))
        licence = actions.issue_licence(actor=w.u_officer, case=case, recipient="孙立新")
        client = login(w.u_officer)
        data = {"token": "renew-1", "unit": w.nr_team.pk, "request": "申请延续有效期", "other_materials": "延续申请书"}
        done = client.post(licence.get_absolute_url(), data)
    renewal = Application.objects.get(purpose="renewal")
    assert done.status_code == 302 and renewal.licence == licence
    assert renewal.case.title.startswith("鞍山某置业有限公司延续申请")
    with at("2026-12-22"):  # 29 days before 2027-01-20
        client = login(w.u_officer)
        late = client.post(licence.get_absolute_url(), data | {"token": "renew-2"})
    assert late.status_code == 422 and "30日前" in late.content.decode()


# ---------------------------------------------------------------- the licence page (第49、50、8、69条)


def test_the_licence_page_offers_change_renewal_and_withdrawal_and_lists_the_cases(w, login):
    from tests.cases.permit_world import issued

    licence = issued(w)
    with at("2027-05-10"):
        page = login(w.u_officer).get(licence.get_absolute_url()).content.decode()
        assert all(word in page for word in ("变更：登记被许可人的变更申请", "延续：登记被许可人的延续申请",
                                            "撤回、撤销：依职权启动", "行政许可法》第四十九条"))
        data = {"end-token": "end-page-1", "end-unit": w.nr_team.pk, "end-kind": "withdraw", "end-ground": "",
                "end-basis": "《中华人民共和国行政许可法》第八条"}
        client = login(w.u_officer)
        bad = client.post(reverse("cases:licence_end", args=[licence.pk]), data)
        assert bad.status_code == 422 and "事实和理由" in bad.content.decode()
        data["end-ground"] = "控制性详细规划已依法修改"
        first = client.post(reverse("cases:licence_end", args=[licence.pk]), data)
        again = client.post(reverse("cases:licence_end", args=[licence.pk]), data)
        assert first.status_code == again.status_code == 302
        end = LicenceEnd.objects.get()  # sent twice, started once
        page = client.get(licence.get_absolute_url()).content.decode()
        assert end.case.title in page and "撤回" in page
        case_page = client.get(end.case.get_absolute_url()).content.decode()
        assert "制作并送达告知书" in case_page
        done = client.post(reverse("cases:permit_end_notify", args=[end.case.pk]),
                           {"end_notify-recipient": "孙立新", "end_notify-contact": "张伟"})
        assert done.status_code == 302 and LicenceEnd.objects.get().notice is not None
        # an act of the licensing process is not one of this case's
        assert client.post(reverse("cases:permit_accept", args=[end.case.pk]), {}).status_code == 404


def test_another_agencys_licence_cannot_be_changed_or_withdrawn(w, login):
    from tests.cases.permit_world import issued

    licence = issued(w)
    outsider = login(w.u_ly_head)
    for name in ("cases:licence_change", "cases:licence_end"):
        assert outsider.post(reverse(name, args=[licence.pk]), {}).status_code == 404
    assert not LicenceEnd.objects.exists()


def test_a_withdrawn_licence_offers_nothing_and_says_why(w, login):
    from tests.cases.permit_world import issued

    licence = issued(w)
    Licence.objects.filter(pk=licence.pk).update(state="withdrawn", ended_on=dt.date(2027, 5, 12),
                                                 end_reason="规划已依法修改")
    with at("2027-05-13"):
        client = login(w.u_officer)
        page = client.get(licence.get_absolute_url()).content.decode()
        assert "已撤回" in page and "规划已依法修改" in page and "登记变更申请" not in page
        assert client.post(reverse("cases:licence_change", args=[licence.pk]), {}).status_code == 403


def test_the_page_says_the_renewal_is_due_by_expiry_and_then_counts_as_granted(w, login):
    from tests.cases.permit_world import issued

    licence = issued(w)
    with at("2028-10-31"):
        case = register(w, purpose="renewal", licence=licence, applicant=None)
        accept(w, case)
    with at("2028-11-30"):
        page = login(w.u_officer).get(licence.get_absolute_url()).content.decode()
        assert "前作出是否准予延续的决定" in page and "视为准予延续</strong>" not in page
    with at("2028-12-01"):
        page = login(w.u_officer).get(licence.get_absolute_url()).content.decode()
        assert "视为准予延续</strong>" in page and "行政许可法》第五十条" in page



def test_the_handler_stops_and_restarts_the_decision_clock_from_the_case_page(w, login):
    """张伟 handles the application and may manage no deadline: the expert review's pause (第45条) is his to
    record, through the page, and the decision deadline stands still with it."""
    with at("2026-09-21"):
        case = register(w)
        accept(w, case)
    client = login(w.u_officer)
    with at("2026-09-28"):
        assert "检验、检测、鉴定或专家评审开始（不计入期限）" in client.get(case.get_absolute_url()).content.decode()
        done = client.post(reverse("cases:permit_pause", args=[case.pk]), {
            "pause-kind": "expert", "pause-started_on": "2026-09-28", "pause-note": "组织专家评审建设工程设计方案"})
        assert done.status_code == 302
    assert Obligation.objects.get(rule="行政许可法 第42条").state == ObligationState.PAUSED
    with at("2026-10-09"):
        done = client.post(reverse("cases:permit_resume", args=[case.pk]), {
            "resume-ended_on": "2026-10-09", "resume-result": "专家评审意见：设计方案可行"})
        assert done.status_code == 302
    ob = Obligation.objects.get(rule="行政许可法 第42条")
    # 9/28, 9/29, 9/30, 10/8, 10/9 stood still: the 26 October of 20 working days becomes 2 November
    assert ob.state == ObligationState.OPEN and timezone.localtime(ob.due_at).date() == dt.date(2026, 11, 2)
