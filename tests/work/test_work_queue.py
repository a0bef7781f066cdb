"""我的待办, the one work queue: every kind of waiting item in one list, each linked to where it is done,
filtered, sorted by due time, paged, counted in the navigation and exported."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from zhifa.agencies.models import Person, Role
from zhifa.catalog import actions as catalog
from zhifa.catalog.models import Article, LegalDocument, ListKind
from zhifa.obligations.actions import ensure_obligation
from zhifa.obligations.models import Obligation, ObligationState, PeriodUnit
from zhifa.records import actions as records

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


def row(body: str, key: str) -> str:
    start = body.index(f'id="w-{key}"')
    return body[start:body.index("</tr>", start)]


def hand_in(cast, by=None):
    return records.ingest_stream(actor=by or cast.u_officer, unit=cast.nr_team, chunks=[b"RIFF" + bytes(64)],
                                 original_name="询问录音.wav", description={"kind": "audio"})


@pytest.fixture
def store(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "blobs": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "f")}}}
    settings.ZHIFA_UPLOAD_DIR = tmp_path / "uploads"


def test_the_queue_is_at_todo_and_needs_a_signed_in_user(client, db):
    assert reverse("work:todo") == TODO
    response = client.get(TODO)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("now, badge", [
    (WARN - dt.timedelta(seconds=1), '<span class="badge green">正常</span>'),
    (WARN, '<span class="badge yellow">临期</span>'),
    (DUE, '<span class="badge yellow">临期</span>'),
    (DUE + dt.timedelta(seconds=1), '<span class="badge red">逾期</span>'),
])
def test_an_obligation_is_coloured_around_its_warning_and_due_times(cast, login, now, badge):
    ob = make(cast)
    with time_machine.travel(now, tick=False):
        body = login(cast.u_officer).get(TODO).content.decode()
    assert badge in row(body, f"obligation-{ob.pk}")


def test_my_obligations_by_due_time_with_the_rule_in_words_the_subject_and_where_to_act(cast, login):
    later = make(cast, rule="行政处罚法 第61条", title="送达处罚决定书", due_at=DUE + dt.timedelta(days=2))
    sooner = make(cast, rule="GEN-03", title="执法证年审", provisional=True,
                  due_at=dt.datetime(2026, 11, 4, 1, 30, tzinfo=dt.UTC))  # 09:30 in 上海
    done = make(cast, rule="REC-07", title="已送达的事项")
    Obligation.objects.filter(pk=done.pk).update(state=ObligationState.MET)
    make(cast, rule="OTHER", title="别人的事项", assignee=cast.u_unit_head)

    with time_machine.travel(WARN - dt.timedelta(days=1), tick=False):
        body = login(cast.u_officer).get(TODO).content.decode()

    assert body.index(f'id="w-obligation-{sooner.pk}"') < body.index(f'id="w-obligation-{later.pk}"')
    first = row(body, f"obligation-{sooner.pk}")
    assert "2026-11-04 09:30" in first and "暂定" in first and "持证上岗" in first and "GEN-03" not in first
    assert "21030001" in first  # the subject: 张伟's credential
    assert f'href="{reverse("officer_detail", args=[cast.zhang.pk])}"' in first  # where the renewal is done
    assert "决定书送达期限（《中华人民共和国行政处罚法》第六十一条）" in row(body, f"obligation-{later.pk}")
    assert "已送达的事项" not in body and "别人的事项" not in body


def test_a_head_sees_the_obligations_of_the_agency_and_not_of_others(cast, login):
    make(cast, title="支队的事项", agency=cast.nr_team)
    make(cast, rule="ZJ", title="住建局的事项", agency=cast.zj, assignee=None)
    make(cast, rule="LY", title="辽阳的事项", agency=cast.ly_nr, assignee=None)
    body = login(cast.u_head).get(TODO).content.decode()
    assert "支队的事项" in body and "住建局的事项" not in body and "辽阳的事项" not in body
    assert reverse("obligations:deadlines") in body  # where heads pause, resume and waive
    officer = login(cast.u_officer).get(TODO).content.decode()
    assert reverse("obligations:deadlines") not in officer


def test_a_paused_obligation_is_neither_late_nor_due_soon_while_its_clock_stands_still(cast, login):
    paused = make(cast, title="中止的事项", due_at=DUE - dt.timedelta(days=1))
    running = make(cast, rule="R2", title="计时的事项")
    Obligation.objects.filter(pk=paused.pk).update(state=ObligationState.PAUSED)
    client = login(cast.u_officer)
    with time_machine.travel(DUE + dt.timedelta(hours=1), tick=False):
        body = client.get(TODO).content.decode()
        late = client.get(TODO, {"state": "red"}).content.decode()
    assert "中止计时" in row(body, f"obligation-{paused.pk}") and "badge" not in row(body, f"obligation-{paused.pk}")
    assert "badge red" in row(body, f"obligation-{running.pk}")
    assert f"obligation-{running.pk}" in late and f"obligation-{paused.pk}" not in late


def test_a_view_request_waits_for_the_head_and_its_answer_comes_back_to_the_applicant(cast, login, store):
    cast.u_li = cast.user("lina", [(cast.nr_team, Role.OFFICER)], person=cast.li.person)
    ev = hand_in(cast)
    req = records.request_view(actor=cast.u_li, evidence=ev, purpose="view", reason="核对询问内容")

    head = login(cast.u_head).get(TODO).content.decode()
    item = row(head, f"view_request-{req.pk}")
    assert "审批内部调阅查阅申请" in item and "李娜" in item and "lina" not in item
    assert f'href="{reverse("records:requests")}#req-{req.pk}"' in item
    assert f'id="req-{req.pk}"' in login(cast.u_head).get(reverse("records:requests")).content.decode()
    assert f"view_request-{req.pk}" not in login(cast.u_li).get(TODO).content.decode()  # not their own
    exported = list(load_workbook(io.BytesIO(login(cast.u_head).get(reverse("work:export")).content)).active
                    .iter_rows(values_only=True))
    assert ("待审批", "调阅审批", "审批内部调阅查阅申请") in [r[:3] for r in exported]  # an item with no time limit

    records.decide_view_request(actor=cast.u_head, request=req, approve=False, note="与本案无关")
    assert f"view_request-{req.pk}" not in login(cast.u_head).get(TODO).content.decode()
    back = row(login(cast.u_li).get(TODO).content.decode(), f"view_request_answered-{req.pk}")
    assert "不予批准：与本案无关" in back and ev.get_absolute_url() in back
    with time_machine.travel(dt.datetime.now(CST) + dt.timedelta(days=8)):  # a refusal is shown for a week
        assert f"view_request_answered-{req.pk}" not in login(cast.u_li).get(TODO).content.decode()


@pytest.fixture
def submitted_items(cast):
    """鞍山市自然资源局's 行政执法事项清单 edited and submitted by its head."""
    law = LegalDocument.objects.create(name="中华人民共和国土地管理法", short_name="土地管理法", kind="law",
                                       issuing_body="全国人民代表大会常务委员会", in_force_from=dt.date(2020, 1, 1))
    article = Article.objects.create(document=law, seq=77, text="未经批准非法占用土地的……", is_summary=True)
    catalog.save_entry(actor=cast.u_head, agency=cast.nr, kind=ListKind.ITEMS, entry=None, articles=[article],
                       code="ZR-CF-001", name="对非法占用土地的行政处罚", action_kind="chufa",
                       handling_unit=cast.nr_team, domain=cast.d_nr, time_limit="90日", remedy="行政复议或行政诉讼")
    return catalog.submit_list(actor=cast.u_head, agency=cast.nr, kind=ListKind.ITEMS)


def test_a_submitted_list_waits_for_a_second_person_and_a_returned_one_for_its_editors(cast, login,
                                                                                      submitted_items):
    lst = submitted_items
    publicity = cast.user("nr_publicity", [(cast.nr, Role.PUBLICITY)])
    item = row(login(publicity).get(TODO).content.decode(), f"list_to_publish-{lst.pk}")
    assert "审核并发布行政执法事项清单" in item and "公示前审核" in item
    assert reverse("catalog:list", args=[cast.nr.pk, "items"]) in item
    assert f"list_to_publish-{lst.pk}" not in login(cast.u_head).get(TODO).content.decode()  # the submitter

    catalog.return_list(actor=publicity, agency=cast.nr, kind=ListKind.ITEMS, reason="办理时限应写明工作日")
    assert f"list_to_publish-{lst.pk}" not in login(publicity).get(TODO).content.decode()
    back = row(login(cast.u_head).get(TODO).content.decode(), f"list_returned-{lst.pk}")
    assert "办理时限应写明工作日" in back and "被退回" in back


def test_the_filters_narrow_by_kind_state_unit_and_due_date(cast, login, submitted_items):
    late = make(cast, title="逾期的事项", due_at=DUE - dt.timedelta(days=3), warn_from=WARN - dt.timedelta(days=5),
                assignee=None)
    soon = make(cast, rule="R2", title="临期的事项", assignee=None)
    zj = make(cast, rule="R3", title="执法监察支队外的事项", agency=cast.nr, assignee=None,
              due_at=DUE + dt.timedelta(days=30), warn_from=DUE + dt.timedelta(days=20))
    publicity = cast.user("nr_both", [(cast.nr, Role.PUBLICITY), (cast.nr, Role.AGENCY_HEAD)])
    client = login(publicity)

    def keys(**params):
        with time_machine.travel(DUE - dt.timedelta(hours=1), tick=False):
            response = client.get(TODO, params)
        assert response.status_code == 200
        return {k for k in (f"obligation-{late.pk}", f"obligation-{soon.pk}", f"obligation-{zj.pk}",
                            f"list_to_publish-{submitted_items.pk}") if f'id="w-{k}"' in response.content.decode()}

    assert len(keys()) == 4
    assert keys(kind="list_to_publish") == {f"list_to_publish-{submitted_items.pk}"}
    assert keys(state="red") == {f"obligation-{late.pk}"}
    assert keys(state="yellow") == {f"obligation-{soon.pk}"}
    assert keys(state="green") == {f"obligation-{zj.pk}", f"list_to_publish-{submitted_items.pk}"}
    assert keys(unit=cast.nr_team.pk) == {f"obligation-{late.pk}", f"obligation-{soon.pk}"}
    assert keys(due_by="2026-11-04") == {f"obligation-{late.pk}", f"obligation-{soon.pk}"}


def test_latest_first_reverses_the_order(cast, login):
    a = make(cast, title="先到期", due_at=DUE)
    b = make(cast, rule="R2", title="后到期", due_at=DUE + dt.timedelta(days=1))
    body = login(cast.u_officer).get(TODO, {"sort": "-due"}).content.decode()
    assert body.index(f"obligation-{b.pk}") < body.index(f"obligation-{a.pk}")


@pytest.mark.parametrize("params, field", [({"state": "purple"}, "状态"), ({"unit": "99999999999999999999"}, "单位"),
                                           ({"due_by": "2026/11/04x"}, "期限截至"), ({"kind": "nothing"}, "类别")])
def test_a_bad_filter_is_named_beside_its_field_and_not_applied(cast, login, params, field):
    make(cast)
    response = login(cast.u_officer).get(TODO, params)
    assert response.status_code == 422
    body = response.content.decode()
    assert f"{field}：" in body and "未按此项查询" in body and "执法证年审" in body


def test_the_queue_is_paged_fifty_to_a_page(cast, login):
    for i in range(51):
        make(cast, rule=f"R-{i:02d}", title=f"事项{i:02d}", assignee=None, due_at=DUE + dt.timedelta(hours=i))
    client = login(cast.u_head)
    first = client.get(TODO).content.decode()
    second = client.get(TODO, {"page": 2}).content.decode()
    assert "事项49" in first and "事项50" not in first
    assert "事项50" in second and "事项49" not in second
    assert "第 1 / 2 页" in first and "共 51 项" in first


def test_the_navigation_counts_the_waiting_items(cast, login):
    for i in range(3):
        make(cast, rule=f"R-{i}", title=f"事项{i}")
    body = login(cast.u_officer).get(reverse("workdays:calculator")).content.decode()
    assert '<span class="count" title="待办事项数">3</span>' in body
    assert 'class="count"' not in login(cast.u_zj_head).get(reverse("workdays:calculator")).content.decode()


def test_the_export_holds_every_filtered_item_with_names_and_links(cast, login):
    for i in range(60):
        make(cast, rule=f"R-{i:02d}", title=f"事项{i:02d}", due_at=DUE + dt.timedelta(hours=i))
    response = login(cast.u_officer).get(reverse("work:export"), {"due_by": "2026-11-05"})
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("状态", "类别", "应办事项", "事项", "期限届满")
    # due by the end of 2026-11-05: 17:00 on the 4th plus up to 30 hours
    assert [r[2] for r in rows[1:]] == [f"事项{i:02d}" for i in range(31)]
    assert rows[1][4] == "2026-11-04 17:00" and rows[1][7] == "张伟"
    assert rows[1][8].startswith("http://testserver/officers/")


def _queries(cast, client, n):
    Obligation.objects.all().delete()
    for i in range(n):
        user = cast.u_officer if i % 2 else cast.u_unit_head
        person = Person.objects.create(name=f"人员{n}-{i}")
        make(cast, rule=f"Q-{i}", subject=person, assignee=user, agency=cast.nr_team)
        make(cast, rule=f"C-{i}", subject=cast.officer(f"官{n}{i}", cast.nr_team, number=f"2103{n:02d}{i:02d}")
             .credentials.first(), assignee=user, agency=cast.nr_team)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(TODO)
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="w-') >= n
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["u_officer", "u_unit_head", "u_head"])
def test_the_queue_costs_the_same_queries_whatever_its_length(cast, login, who):
    client = login(getattr(cast, who))
    assert _queries(cast, client, 4) == _queries(cast, client, 24)


@time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=CST), tick=False)
def test_credential_renewals_say_what_is_true_and_join_the_list_within_their_warning_window(cast, login):
    """A head's list: a renewal whose credential ended already does not say it “will” end, its due date is
    the one its title names, and a renewal years ahead waits until its warning time (持证上岗)."""
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
    ended = page[page.rindex("<tr", 0, page.index("21039001")):]
    ended = ended[:ended.index("</tr>")]
    assert "执法证21039001（有效期至2026-11-21）应于2026-10-22前申请换证" in ended
    assert "2026-10-22 23:59" in ended and "逾期" in ended
    assert "执法证21039004（有效期至2027-01-20）应于2026-12-21前申请换证" in page
    assert "21039002" not in page and "21030009" not in page  # not yet within their warning window
