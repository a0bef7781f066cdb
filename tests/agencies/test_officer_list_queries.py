"""The officer list costs the same number of queries whatever the number of officers on the page."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.agencies.models import ActionKind, Credential, Officer, Person


def add_officers(cast, unit, count: int, start: int) -> None:
    """``count`` officers in ``unit``, each with a credential carrying a domain and an area."""
    for i in range(start, start + count):
        officer = Officer.objects.create(person=Person.objects.create(name=f"测试{i:03d}"), unit=unit)
        cred = Credential.objects.create(
            officer=officer, number=f"2103{9000 + i}", issuing_body="辽宁省人民政府",
            valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2028, 12, 31),
            action_kinds=[ActionKind.PUNISHMENT, ActionKind.INSPECTION])
        cred.domains.set([cast.d_nr, cast.d_zj])
        cred.areas.set([cast.anshan, cast.tiedong])


def officer_page(client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_officer_list_queries_do_not_grow_with_officers(cast, client):
    client.force_login(cast.u_head)
    path = f"/officers/?unit={cast.nr_legal.pk}"
    officer_page(client, path)  # warm up: session, content types, anything cached per process

    add_officers(cast, cast.nr_legal, 3, start=0)
    queries_3, html_3 = officer_page(client, path)
    assert html_3.count('data-label="姓名"') == 3

    add_officers(cast, cast.nr_legal, 27, start=3)
    queries_30, html_30 = officer_page(client, path)
    assert html_30.count('data-label="姓名"') == 30
    assert "测试029" in html_30 and "住房城乡建设" in html_30 and "铁东区" in html_30

    assert queries_30 == queries_3, f"3 名执法人员 {queries_3} 次查询，30 名 {queries_30} 次"


def test_whole_agency_list_queries_do_not_grow(cast, client):
    client.force_login(cast.u_head)
    officer_page(client, "/officers/")
    queries_before, html = officer_page(client, "/officers/")
    assert html.count('data-label="姓名"') == 4  # 张伟、李娜、王强、赵敏
    add_officers(cast, cast.nr_team, 26, start=100)
    queries_after, html = officer_page(client, "/officers/")
    assert html.count('data-label="姓名"') == 30
    assert queries_after == queries_before


def test_officer_with_two_credentials_is_listed_once_under_each_filter(cast, client):
    """The credential filters are subqueries, not joins: no officer repeated, no DISTINCT needed."""
    Credential.objects.create(officer=cast.zhang, number="21030099", issuing_body="辽宁省人民政府",
                              valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2029, 6, 30),
                              action_kinds=[ActionKind.INSPECTION])
    client.force_login(cast.u_head)
    for query in ("", "?status=valid", "?q=21030099", "?q=张伟", f"?unit={cast.nr_team.pk}&status=valid"):
        html = client.get(f"/officers/{query}").content.decode()
        assert html.count(f'href="/officers/{cast.zhang.pk}/"') == 1, query
    html = client.get("/officers/?status=suspended").content.decode()
    assert f'href="/officers/{cast.zhao.pk}/"' in html and f'href="/officers/{cast.zhang.pk}/"' not in html
