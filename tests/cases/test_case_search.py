"""The case list's search and filters across the cases in the user's reach: case number, party number or name,
stage, officer, overdue; pagination; a bad value answered beside its field; queries constant in the cases."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.cases.conftest import ITEM
from tests.conftest import resident_id

from zhifa.cases import actions
from zhifa.cases.models import Case
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.parties import actions as parties

TODAY = dt.date.today()


def opened(world, title: str, party, officers=None) -> Case:
    case = actions.register_case(
        actor=world.u_officer, unit=world.nr_team, process="punishment_general", source="inspection", title=title,
        summary="巡查发现。", item_code=ITEM, place=world.tiedong, act_on=TODAY - dt.timedelta(days=10),
        officers=officers or [world.zhang, world.li], lead=(officers or [world.zhang])[0], opinion="建议立案",
        parties=[party])
    actions.sign_opinion(actor=world.u_unit_head, case=case, step="open", agrees=True, text="同意")
    actions.sign_opinion(actor=world.u_head, case=case, step="open", agrees=True, text="同意")
    case.refresh_from_db()
    return case


def person(world, name: str, body: str):
    return parties.record_party(actor=world.u_officer, kind="person", name=name, id_kind="resident",
                                id_number=resident_id(body), address="鞍山市铁东区").party


def listed(response) -> list[str]:
    """The 案由 of the cases on the page, in order."""
    return re.findall(r'<td data-label="案由">([^<]*)</td>', response.content.decode())


@pytest.fixture
def three(world):
    """Three cases of 鞍山市自然资源局: two of the company, one of 王小明; and one of 辽阳's agency."""
    world.wang_xm = person(world, "王小明", "21030219850101001")
    a = opened(world, "建材公司占地案", world.company)
    b = opened(world, "王小明占地案", world.wang_xm, officers=[world.li, world.zhang])
    c = opened(world, "建材公司堆放案", world.company)
    return a, b, c


def test_a_party_number_finds_its_cases_exactly(world, three, login):
    client = login(world.u_head)
    assert listed(client.get("/cases/", {"party": world.company.id_number})) == ["建材公司堆放案", "建材公司占地案"]
    assert listed(client.get("/cases/", {"party": world.wang_xm.id_number.lower()})) == ["王小明占地案"]
    # a number is looked up whole: its first 17 characters are not a search
    response = client.get("/cases/", {"party": world.company.id_number[:17]})
    assert response.status_code == 200 and listed(response) == []


def test_the_start_of_a_party_name_finds_its_cases(world, three, login):
    client = login(world.u_officer)
    assert listed(client.get("/cases/", {"party": "鞍山某建材"})) == ["建材公司堆放案", "建材公司占地案"]
    assert listed(client.get("/cases/", {"party": "王小"})) == ["王小明占地案"]
    assert listed(client.get("/cases/", {"party": "建材"})) == []  # not the start of the name


def test_a_wrong_party_number_is_refused_beside_the_field_naming_the_rule(world, three, login):
    client = login(world.u_head)
    bad_code = world.company.id_number[:17] + ("0" if world.company.id_number[17] != "0" else "1")
    response = client.get("/cases/", {"party": bad_code})
    assert response.status_code == 422
    page = response.content.decode()
    beside = re.search(r'<input[^>]*name="party"[^>]*><ul class="errorlist"[^>]*>(.*?)</ul>', page).group(1)
    assert "统一社会信用代码（GB 32100）校验码错误" in beside and "未按此项查询" in beside
    assert len(listed(response)) == 3  # the list is shown unfiltered, as it says
    wrong_id = resident_id("21030219850101001")[:17] + "0"
    if wrong_id == world.wang_xm.id_number:
        wrong_id = wrong_id[:17] + "1"
    response = client.get("/cases/", {"party": wrong_id})
    assert response.status_code == 422 and "公民身份号码（GB 11643）校验码错误" in response.content.decode()


def test_a_stage_not_in_any_process_is_refused_beside_its_field(world, three, login):
    response = login(world.u_head).get("/cases/", {"stage": "nonsense"})
    assert response.status_code == 422
    assert re.search(r'name="stage".*?</select><ul class="errorlist"[^>]*><li>所选的项不在可选范围内',
                     response.content.decode(), re.S)


def test_stage_and_officer_narrow_the_list(world, three, login):
    a, _b, _c = three
    actions.move(actor=world.u_officer, case=a, target="investigate")
    client = login(world.u_head)
    assert listed(client.get("/cases/", {"stage": "punishment_general.investigate"})) == ["建材公司占地案"]
    assert listed(client.get("/cases/", {"stage": "inspection.inspect"})) == []
    world.zhou = world.officer("周杰", world.nr_team, number="21030009")
    opened(world, "周杰承办案", world.company, officers=[world.zhou, world.li])
    assert listed(client.get("/cases/", {"officer": "周杰"})) == ["周杰承办案"]
    assert listed(client.get("/cases/", {"officer": "周杰", "party": "王小明"})) == []


def test_overdue_lists_the_cases_with_an_open_time_limit_past_due(world, three, login):
    _a, b, c = three  # each has its 90-day limit (第60条) from 立案
    obligations.meet(subject=b, rule="行政处罚法 第60条")
    obligations.pause(actor=world.u_head, obligation=Obligation.objects.get(subject_id=c.pk, rule="行政处罚法 第60条",
                                                                          state=ObligationState.OPEN))
    client = login(world.u_head)
    assert listed(client.get("/cases/", {"overdue": "yes"})) == []  # none is due yet
    with time_machine.travel(TODAY + dt.timedelta(days=120)):
        client = login(world.u_head)
        assert listed(client.get("/cases/", {"overdue": "yes"})) == ["建材公司占地案"]  # met and paused are not
        assert len(listed(client.get("/cases/"))) == 3


def test_another_agencys_cases_are_not_searched(world, three, login):
    response = login(world.u_ly_head).get("/cases/", {"party": world.company.id_number})
    assert response.status_code == 200 and listed(response) == []
    assert listed(login(world.u_zj_head).get("/cases/", {"q": "占地"})) == []


def test_the_pages_keep_the_filters(world, three, login, monkeypatch):
    monkeypatch.setattr("zhifa.core.paging.PAGE_SIZE", 2)
    world.zhou = world.officer("周杰", world.nr_team, number="21030009")
    opened(world, "周杰承办案", world.company, officers=[world.zhou, world.li])
    client = login(world.u_head)
    first = client.get("/cases/", {"officer": "李娜"})  # all four cases, newest first, two a page
    assert listed(first) == ["周杰承办案", "建材公司堆放案"]
    assert 'href="?officer=%E6%9D%8E%E5%A8%9C&amp;page=2">下一页' in first.content.decode()
    second = client.get("/cases/", {"officer": "李娜", "page": "2"})
    assert listed(second) == ["王小明占地案", "建材公司占地案"]
    assert 'href="?officer=%E6%9D%8E%E5%A8%9C&amp;page=1">上一页' in second.content.decode()
    assert client.get("/cases/", {"officer": "李娜", "page": "3"}).status_code == 404


def test_the_search_costs_the_same_queries_however_many_cases(world, three, login):
    client = login(world.u_head)
    searches = [{}, {"party": world.company.id_number}, {"party": "鞍山某"}, {"stage": "punishment_general.open"},
                {"officer": "张伟"}, {"overdue": "yes"}, {"q": "占地"}]

    def counts() -> list[int]:
        out = []
        for params in searches:
            client.get("/cases/", params)  # warm: content types, the session
            with CaptureQueriesContext(connection) as ctx:
                assert client.get("/cases/", params).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    before = counts()
    for i in range(6):
        other = person(world, f"王{i}", f"2103021985020{i + 1}00{i}")
        opened(world, f"占地案{i}", other if i % 2 else world.company, officers=[world.li, world.zhang])
    assert counts() == before


def test_the_stage_filter_names_each_process_stages_under_the_process(world, login):
    page = login(world.u_head).get("/cases/").content.decode()
    select = page[page.index('name="stage"'):page.index("</select>", page.index('name="stage"'))]
    assert '<optgroup label="行政处罚（简易程序）">' in select and '<optgroup label="行政检查">' in select
    assert '<option value="punishment_general.decide">作出决定</option>' in select
    assert '<option value="punishment_simple.decide">当场作出决定</option>' in select
