"""The 工作台 per role, and the public's way in at /."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zhifa.agencies.models import Person, Role
from zhifa.obligations.actions import ensure_obligation
from zhifa.obligations.models import Obligation, PeriodUnit
from zhifa.records import actions as records


@pytest.fixture
def store(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "blobs": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "f")}}}
    settings.ZHIFA_UPLOAD_DIR = tmp_path / "uploads"


def make(cast, *, title="执法证年审", rule="GEN-03", days=2, assignee=None, subject=None):
    due = timezone.now() + dt.timedelta(days=days)
    return ensure_obligation(agency=cast.nr_team, subject=subject or cast.zhang.credentials.first(), rule=rule,
                             title=title, due_at=due, warn_from=due - dt.timedelta(days=1), unit=PeriodUnit.HOUR,
                             assignee=assignee)


def hand_in(cast, **description):
    return records.ingest_stream(actor=cast.u_officer, unit=cast.nr_team, chunks=[b"RIFF" + bytes(64)],
                                 original_name="询问录音.wav", description={"kind": "audio", **description})


def test_the_public_at_the_root_reaches_the_portal_with_a_small_staff_sign_in(client, db):
    response = client.get("/", follow=True)
    assert response.redirect_chain == [(reverse("portal:home"), 302)]
    body = response.content.decode()
    assert f'<a class="staff-login" href="{reverse("login")}">工作人员登录</a>' in body
    assert 'name="password"' not in body


def test_the_sign_in_page_does_not_link_to_itself(client, db):
    assert "staff-login" not in client.get(reverse("login")).content.decode()


def test_an_officer_sees_their_items_the_evidence_to_describe_and_the_hand_in_button(cast, login, store):
    make(cast, title="我的事项", assignee=cast.u_officer)
    make(cast, title="别人的事项", rule="R2", assignee=cast.u_unit_head)
    ev = hand_in(cast)
    body = login(cast.u_officer).get("/").content.decode()
    assert "我的事项" in body and "别人的事项" not in body
    assert f'href="{reverse("records:describe", args=[ev.pk])}"' in body
    assert f'<a class="button" href="{reverse("records:upload")}">移交证据</a>' in body
    assert "待我审批" not in body and "所管单位逾期事项" not in body


def test_a_head_sees_the_approvals_waiting_and_the_units_overdue_items(cast, login, store):
    cast.u_li = cast.user("lina", [(cast.nr_team, Role.OFFICER)], person=cast.li.person)
    req = records.request_view(actor=cast.u_li, evidence=hand_in(cast), purpose="view", reason="核对询问内容")
    late = make(cast, title="超期未办的事项", days=-1)
    make(cast, title="尚未到期的事项", rule="R2", days=5)
    body = login(cast.u_head).get("/").content.decode()
    approvals = body[body.index('id="approvals-h"'):body.index('id="overdue-h"')]
    assert f'id="w-view_request-{req.pk}"' in approvals and "李娜" in approvals
    overdue = body[body.index('id="overdue-h"'):body.index('id="mine-h"')]
    assert f'id="w-obligation-{late.pk}"' in overdue and "尚未到期的事项" not in overdue
    assert "移交证据" not in body  # heads do not hand in


def _queries(cast, client, n):
    Obligation.objects.all().delete()
    for i in range(n):
        make(cast, rule=f"Q-{i}", subject=Person.objects.create(name=f"人员{n}-{i}"), days=(-1) ** i * (i + 1),
             assignee=cast.u_officer)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["u_officer", "u_unit_head", "u_head", "u_supervisor"])
def test_a_home_page_costs_the_same_queries_whatever_the_number_of_items(cast, login, who):
    client = login(getattr(cast, who))
    assert _queries(cast, client, 3) == _queries(cast, client, 30)


def test_a_supervisor_sees_the_regions_red_and_yellow_counts_per_agency_each_leading_to_its_items(cast, login):
    make(cast, title="超期未办的事项", days=-1)
    make(cast, title="临期的事项", rule="R2", days=0.5)
    make(cast, title="尚早的事项", rule="R3", days=9)
    body = login(cast.u_supervisor).get("/").content.decode()
    row = body[body.index(f'id="region-{cast.nr.pk}"'):]
    row = row[:row.index("</tr>")]
    red = reverse("supervision:items") + f"?agency={cast.nr.pk}&amp;state=red"
    assert f'<a class="badge red" href="{red}">1</a>' in row
    assert 'class="badge yellow"' in row
    assert f'id="region-{cast.ly_nr.pk}"' not in body  # 辽阳 is outside 鞍山's supervision
    late = login(cast.u_supervisor).get(reverse("supervision:items"), {"agency": cast.nr.pk, "state": "red"})
    assert "超期未办的事项" in late.content.decode() and "尚早的事项" not in late.content.decode()
