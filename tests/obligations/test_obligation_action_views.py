"""Pause, resume and waive through the unit's deadlines page: POST only, inside the user's reach, errors in Chinese."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.http import Http404
from django.urls import reverse

from zhifa.obligations.access import access_obligation
from zhifa.obligations.actions import ensure_obligation
from zhifa.obligations.models import ObligationState, PeriodUnit

CST = ZoneInfo("Asia/Shanghai")
DUE = dt.datetime(2026, 11, 4, 17, 0, tzinfo=CST)


@pytest.fixture
def ob(cast):
    return ensure_obligation(
        agency=cast.nr_team, subject=cast.zhang.credentials.first(), rule="GEN-03", title="执法证年审",
        due_at=DUE, warn_from=DUE - dt.timedelta(days=2), unit=PeriodUnit.HOUR, assignee=cast.u_officer)


def url(action, ob):
    return reverse(f"obligations:{action}", args=[ob.pk])


@pytest.mark.parametrize("who", ["u_unit_head", "u_head", "u_admin"])
def test_a_manager_of_the_agency_pauses_and_resumes_from_the_deadlines_page(cast, login, ob, who):
    client = login(getattr(cast, who))
    with time_machine.travel(DUE - dt.timedelta(days=1), tick=False):
        response = client.post(url("pause", ob))
    assert response.status_code == 302 and response["Location"] == reverse("obligations:deadlines")
    ob.refresh_from_db()
    assert ob.state == ObligationState.PAUSED
    assert "恢复计时</button>" in client.get(reverse("obligations:deadlines")).content.decode()
    with time_machine.travel(DUE - dt.timedelta(hours=20), tick=False):
        client.post(url("resume", ob))
    ob.refresh_from_db()
    assert ob.state == ObligationState.OPEN
    assert ob.due_at == DUE + dt.timedelta(hours=4)


@pytest.mark.parametrize("who", ["u_zj_head", "u_ly_head", "u_supervisor", "u_officer"])
@pytest.mark.parametrize("action", ["pause", "resume", "waive"])
def test_a_user_cannot_touch_an_obligation_outside_their_manage_reach(cast, login, ob, who, action):
    response = login(getattr(cast, who)).post(url(action, ob), {"reason": "理由"})
    assert response.status_code == 404
    ob.refresh_from_db()
    assert ob.state == ObligationState.OPEN


def test_a_missing_obligation_looks_the_same_as_a_forbidden_one(cast, login, ob):
    response = login(cast.u_head).post(reverse("obligations:pause", args=[ob.pk + 1000]))
    assert response.status_code == 404


def test_waive_without_a_reason_is_refused_with_the_rule_named(cast, login, ob):
    response = login(cast.u_head).post(url("waive", ob), {"reason": "  "})
    assert response.status_code == 422
    assert "免除期限事项必须填写理由（执法活动网上监督）" in response.content.decode()
    ob.refresh_from_db()
    assert ob.state == ObligationState.OPEN


def test_waive_with_a_reason_takes_the_obligation_off_the_list(cast, login, ob):
    client = login(cast.u_head)
    response = client.post(url("waive", ob), {"reason": "当事人已死亡，终止调查"}, follow=True)
    assert "已免除" in response.content.decode()
    ob.refresh_from_db()
    assert ob.state == ObligationState.WAIVED
    assert ob.waived_reason == "当事人已死亡，终止调查"
    assert f'id="ob-{ob.pk}"' not in response.content.decode()


def test_pausing_twice_shows_the_rule_in_chinese(cast, login, ob):
    client = login(cast.u_head)
    client.post(url("pause", ob))
    response = client.post(url("pause", ob))
    assert response.status_code == 422
    assert "只有待办或逾期的事项可以中止计时" in response.content.decode()


def test_actions_take_post_only(cast, login, ob):
    assert login(cast.u_head).get(url("pause", ob)).status_code == 405


def test_the_assignee_can_read_their_obligation_but_not_manage_it(cast, ob):
    assert access_obligation(cast.u_officer, ob.pk) == ob
    with pytest.raises(Http404):
        access_obligation(cast.u_officer, ob.pk, "obligation.manage")
    with pytest.raises(Http404):
        access_obligation(cast.u_ly_head, ob.pk)
