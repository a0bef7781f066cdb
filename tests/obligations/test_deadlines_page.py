"""本单位期限事项: the obligations of the units a user manages, with pause, resume and waive."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhifa.agencies.models import Person
from zhifa.obligations.actions import ensure_obligation
from zhifa.obligations.models import Obligation, PeriodUnit

CST = ZoneInfo("Asia/Shanghai")
DUE = dt.datetime(2026, 11, 4, 17, 0, tzinfo=CST)
PAGE = "/deadlines/"


def make(cast, *, rule="GEN-03", title="执法证年审", agency=None, assignee=None, subject=None, due_at=DUE):
    return ensure_obligation(
        agency=agency or cast.nr_team, subject=subject or cast.zhang.credentials.first(), rule=rule, title=title,
        due_at=due_at, warn_from=due_at - dt.timedelta(days=2), unit=PeriodUnit.HOUR, assignee=assignee)


def test_the_page_is_at_deadlines():
    assert reverse("obligations:deadlines") == PAGE


@pytest.mark.parametrize("who", ["u_officer", "u_supervisor"])
def test_who_manages_no_obligations_is_refused_with_the_reason(cast, login, who):
    response = login(getattr(cast, who)).get(PAGE)
    assert response.status_code == 403


def test_agency_head_sees_the_whole_agency_with_its_buttons_but_not_other_agencies(cast, login):
    mine = make(cast, title="支队的事项", agency=cast.nr_team)
    make(cast, rule="ZJ", title="住建局的事项", agency=cast.zj)
    make(cast, rule="LY", title="辽阳的事项", agency=cast.ly_nr)
    body = login(cast.u_head).get(PAGE).content.decode()
    assert "支队的事项" in body and "住建局的事项" not in body and "辽阳的事项" not in body
    assert reverse("obligations:pause", args=[mine.pk]) in body
    assert reverse("obligations:waive", args=[mine.pk]) in body


def test_the_page_is_paged_fifty_to_a_page(cast, login):
    for i in range(51):
        make(cast, rule=f"R-{i:02d}", title=f"事项{i:02d}", due_at=DUE + dt.timedelta(hours=i))
    client = login(cast.u_head)
    first = client.get(PAGE).content.decode()
    second = client.get(PAGE, {"page": 2}).content.decode()
    assert "事项49" in first and "事项50" not in first
    assert "事项50" in second and "事项49" not in second
    assert "第 1 / 2 页" in first


def _queries(cast, client, n):
    Obligation.objects.all().delete()
    for i in range(n):
        make(cast, rule=f"Q-{i}", subject=Person.objects.create(name=f"人员{n}-{i}"), assignee=cast.u_officer)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(PAGE)
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="ob-') == n
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["u_unit_head", "u_head"])
def test_the_page_costs_the_same_queries_whatever_its_length(cast, login, who):
    client = login(getattr(cast, who))
    assert _queries(cast, client, 5) == _queries(cast, client, 50)
