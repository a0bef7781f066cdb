"""我的待办: the user's live obligations with colours; the unit's obligations for those who manage them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhifa.agencies.models import Person
from zhifa.obligations.actions import ensure_obligation
from zhifa.obligations.models import Obligation, ObligationState, PeriodUnit

CST = ZoneInfo("Asia/Shanghai")
DUE = dt.datetime(2026, 11, 4, 17, 0, tzinfo=CST)
WARN = dt.datetime(2026, 11, 2, 9, 0, tzinfo=CST)
TODO = "/todo/"


def make(cast, *, rule="GEN-03", title="执法证年审", due_at=DUE, warn_from=WARN, agency=None,
         assignee="officer", subject=None, **kw):
    return ensure_obligation(
        agency=agency or cast.nr_team, subject=subject or cast.zhang.credentials.first(), rule=rule,
        title=title, due_at=due_at, warn_from=warn_from, unit=PeriodUnit.HOUR,
        assignee=cast.u_officer if assignee == "officer" else assignee, **kw)


def test_todo_url_name_is_obligations_todo():
    assert reverse("obligations:todo") == TODO


def test_todo_needs_a_signed_in_user(client, db):
    response = client.get(TODO)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("now, badge", [
    (WARN - dt.timedelta(seconds=1), '<span class="badge green">正常</span>'),
    (WARN, '<span class="badge yellow">临期</span>'),
    (DUE, '<span class="badge yellow">临期</span>'),
    (DUE + dt.timedelta(seconds=1), '<span class="badge red">逾期</span>'),
])
def test_todo_colours_an_obligation_around_warn_from_and_due_at(cast, login, now, badge):
    make(cast)
    with time_machine.travel(now, tick=False):
        response = login(cast.u_officer).get(TODO)
    assert response.status_code == 200
    assert badge in response.content.decode()


def test_todo_lists_my_live_obligations_by_due_time_with_rule_basis_subject_and_local_time(cast, login):
    later = make(cast, rule="REV-05", title="法制审核", due_at=DUE + dt.timedelta(days=2),
                 basis="审核办法 第5条")
    sooner = make(cast, rule="GEN-03", title="执法证年审", provisional=True,
                  due_at=dt.datetime(2026, 11, 4, 1, 30, tzinfo=dt.UTC))  # 09:30 in 上海
    done = make(cast, rule="REC-07", title="送达")
    Obligation.objects.filter(pk=done.pk).update(state=ObligationState.MET)
    make(cast, rule="OTHER", title="别人的事项", assignee=cast.u_unit_head)

    with time_machine.travel(WARN - dt.timedelta(days=1), tick=False):
        body = login(cast.u_officer).get(TODO).content.decode()

    assert body.index(f'id="ob-{sooner.pk}"') < body.index(f'id="ob-{later.pk}"')
    assert "2026-11-04 09:30" in body
    assert "审核办法 第5条" in body and "REV-05" in body
    assert "21030001" in body  # the subject: 张伟's credential
    assert "暂定" in body
    assert "送达" not in body and "别人的事项" not in body


def test_an_officer_sees_no_unit_section_and_no_buttons(cast, login):
    make(cast)
    body = login(cast.u_officer).get(TODO).content.decode()
    assert "本单位期限事项" not in body
    assert "中止计时</button>" not in body and "/pause/" not in body and "/waive/" not in body


def test_agency_head_sees_the_whole_agency_but_not_other_agencies(cast, login):
    mine = make(cast, title="支队的事项", agency=cast.nr_team)
    make(cast, rule="ZJ", title="住建局的事项", agency=cast.zj, assignee=None)
    make(cast, rule="LY", title="辽阳的事项", agency=cast.ly_nr, assignee=None)
    body = login(cast.u_head).get(TODO).content.decode()
    assert "本单位期限事项" in body
    assert "支队的事项" in body and "住建局的事项" not in body and "辽阳的事项" not in body
    assert reverse("obligations:pause", args=[mine.pk]) in body
    assert reverse("obligations:waive", args=[mine.pk]) in body


def test_a_supervisor_sees_no_write_buttons_on_the_todo_page(cast, login):
    make(cast, assignee=cast.u_supervisor)
    body = login(cast.u_supervisor).get(TODO).content.decode()
    assert "执法证年审" in body
    assert "/pause/" not in body and "/waive/" not in body and "/resume/" not in body


def test_unit_section_is_paged_fifty_to_a_page(cast, login):
    for i in range(51):
        make(cast, rule=f"R-{i:02d}", title=f"事项{i:02d}", assignee=None,
             due_at=DUE + dt.timedelta(hours=i))
    client = login(cast.u_head)
    first = client.get(TODO).content.decode()
    second = client.get(TODO, {"page": 2}).content.decode()
    assert "事项49" in first and "事项50" not in first
    assert "事项50" in second and "事项49" not in second
    assert "第 1 / 2 页" in first


def _queries_for_todo(cast, client, n):
    Obligation.objects.all().delete()
    for i in range(n):
        user = cast.u_officer if i % 2 else cast.u_unit_head
        person = Person.objects.create(name=f"人员{n}-{i}")
        make(cast, rule=f"Q-{i}", subject=person, assignee=user, agency=cast.nr_team)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(TODO)
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="ob-') >= n // 2
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["u_officer", "u_unit_head", "u_head"])
def test_todo_query_count_does_not_grow_with_the_rows(cast, login, who):
    client = login(getattr(cast, who))
    assert _queries_for_todo(cast, client, 5) == _queries_for_todo(cast, client, 50)


@time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=CST), tick=False)
def test_credential_renewals_say_what_is_true_and_join_the_list_within_their_warning_window(cast, login):
    """A head's list: a renewal whose credential ended already does not say it “will” end, its due date is
    the one its title names, and a renewal years ahead waits until its warning time (GEN-03)."""
    from zhifa.agencies import actions

    def issue(officer, number, valid_to):
        return actions.issue_credential(actor=cast.u_head, officer=officer, number=number, issuing_body="辽宁",
                                        action_kinds=["chufa"], domains=[cast.d_nr], areas=[cast.anshan],
                                        valid_from=dt.date(2024, 1, 1), valid_to=valid_to)

    issue(cast.wang, "21039001", dt.date(2026, 11, 21))  # ended ten days ago: renewal was due 2026-10-22
    issue(cast.zhang, "21039002", dt.date(2031, 6, 30))  # years ahead
    soon = cast.officer("孙丽", cast.nr_team, number="21030009")
    issue(soon, "21039003", dt.date(2027, 1, 20))  # not its latest credential: the renewal follows 2028-12-31
    near = cast.officer("周凯", cast.nr_team, number="21030010", valid_to=dt.date(2025, 1, 1))
    issue(near, "21039004", dt.date(2027, 1, 20))  # renewal due 2026-12-21, warned from 2026-11-21
    assert Obligation.objects.filter(rule="GEN-03 执法证换证", state=ObligationState.OPEN).count() == 4

    page = login(cast.u_head).get(TODO).content.decode()
    assert "将于" not in page
    row = page[page.rindex("<tr", 0, page.index("21039001")):]
    row = row[:row.index("</tr>")]
    assert "执法证21039001（有效期至2026-11-21）应于2026-10-22前申请换证" in row
    assert "2026-10-22 23:59" in row and "逾期" in row
    assert "执法证21039004（有效期至2027-01-20）应于2026-12-21前申请换证" in page
    assert "21039002" not in page and "21030009" not in page  # not yet within their warning window
