"""投诉举报登记: received, then a case opened or, with the reason, no case — and a real-name complainant told
within the agency's period (执法公示办法 第九条)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from tests.cases.conftest import ITEM

from zhifa.cases.models import Case, CaseSource, Complaint, ComplaintState
from zhifa.obligations.models import Obligation, ObligationState

TODAY = dt.date.today()


def receive(world, login, **overrides):
    data = {"unit": world.nr_team.pk, "channel": "phone", "reporter_name": "刘某", "reporter_contact": "13800000000",
            "about": "某村村民占用耕地建房", "content": "村东头耕地上正在建房。"} | overrides
    response = login(world.u_officer).post(reverse("cases:complaint_register"), data)
    assert response.status_code == 302, response.content.decode()
    return Complaint.objects.latest("pk")


def test_a_real_name_complaint_carries_the_duty_to_answer_within_thirty_days(world, login):
    complaint = receive(world, login)
    ob = Obligation.objects.get(rule="执法公示办法 第九条")
    assert ob.subject == complaint and ob.assignee == world.u_officer
    assert ob.due_at.date() >= TODAY + dt.timedelta(days=30)  # 30 days, moved past a holiday at its end
    assert f"obligation-{ob.pk}" in login(world.u_officer).get(reverse("work:todo")).content.decode()


def test_an_anonymous_complaint_has_no_one_to_tell(world, login):
    receive(world, login, reporter_name="", reporter_contact="")
    assert not Obligation.objects.exists()


def test_a_name_without_a_way_to_reach_them_is_refused(world, login):
    response = login(world.u_officer).post(reverse("cases:complaint_register"), {
        "unit": world.nr_team.pk, "channel": "phone", "reporter_name": "刘某", "reporter_contact": "",
        "about": "占地", "content": "占地建房"})
    assert response.status_code == 422 and "请填写联系方式" in response.content.decode()
    assert not Complaint.objects.exists()


def test_no_case_the_reason_is_recorded_and_the_duty_met(world, login):
    complaint = receive(world, login)
    response = login(world.u_officer).post(reverse("cases:complaint_answer", args=[complaint.pk]),
                                           {"reason": "经现场核查，系原有宅基地翻建，已依法审批"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.ANSWERED and complaint.answer.startswith("经现场核查")
    assert Obligation.objects.get().state == ObligationState.MET
    again = login(world.u_officer).post(reverse("cases:complaint_answer", args=[complaint.pk]), {"reason": "再答"})
    assert again.status_code == 422 and "已办结" in again.content.decode()


def test_a_case_opened_from_a_complaint_links_them_and_meets_the_duty(world, login):
    complaint = receive(world, login)
    page = login(world.u_officer).get(reverse("cases:register"), {"complaint": complaint.pk})
    assert page.context["form"].initial["source"] == CaseSource.COMPLAINT
    response = login(world.u_officer).post(reverse("cases:register"), {
        "process": "punishment_general", "unit": world.nr_team.pk, "source": "complaint",
        "source_note": "投诉举报", "item_code": ITEM, "title": "某村村民占用耕地建房案", "summary": "经举报查实。",
        "place": world.tiedong.pk, "act_on": (TODAY - dt.timedelta(days=3)).isoformat(),
        "officers": [world.zhang.pk, world.li.pk], "lead": world.zhang.pk, "opinion": "建议立案",
        "complaint": complaint.pk, "parties": [world.company.pk]})
    assert response.status_code == 302, response.content.decode()
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.CASE and complaint.case == Case.objects.get()
    assert Obligation.objects.get(rule="执法公示办法 第九条").state == ObligationState.MET


def test_another_agencys_complaint_answers_like_a_missing_one(world, login):
    complaint = receive(world, login)
    assert login(world.u_zj_head).get(reverse("cases:complaint", args=[complaint.pk])).status_code == 404
    assert login(world.u_zj_head).post(reverse("cases:complaint_answer", args=[complaint.pk]),
                                       {"reason": "x"}).status_code == 404
