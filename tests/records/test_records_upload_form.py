"""The upload form for the field: the signed-in officer is chosen as 执法人员 and 摄录人, only officers who may
act today (持证上岗: in post, a credential valid that day) are offered, and the hand-in refuses anyone else by
name and reason, whatever a client sends. 王强's credential ends on 2026-10-14; 赵敏's is suspended."""

from __future__ import annotations

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from tests.records.conftest import Tus

from zhifa.agencies.models import Role
from zhifa.ledger.models import Entry
from zhifa.records.models import Evidence, Upload

CST = ZoneInfo("Asia/Shanghai")
DATA = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 4


def options(html: str, name: str) -> dict[str, bool]:
    """The choices of the select ``name`` as {label: selected}."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return {label: bool(selected) for selected, label in
            re.findall(r'<option value="\d+"( selected)?>([^<]+)</option>', select.group(1))}


def upload_page(client) -> str:
    r = client.get("/records/upload/")
    assert r.status_code == 200
    return r.content.decode()


@time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=CST), tick=False)
def test_the_signed_in_officer_is_chosen_as_officer_and_camera_operator(people, login):
    html = upload_page(login(people.u_officer))
    assert options(html, "officers") == {"张伟（执法监察支队）": True, "李娜（执法监察支队）": False}
    assert options(html, "camera_operator") == {"张伟（执法监察支队）": True, "李娜（执法监察支队）": False}


@time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=CST), tick=False)
def test_a_user_who_is_no_officer_has_nobody_chosen(people, login):
    html = upload_page(login(people.u_unit_head))
    assert options(html, "officers") == {"张伟（执法监察支队）": False, "李娜（执法监察支队）": False}


@pytest.mark.parametrize("today, offered", [
    (dt.date(2026, 10, 14), {"张伟", "李娜", "王强"}),   # 王强's last valid day
    (dt.date(2026, 10, 15), {"张伟", "李娜"}),           # the day after: 过期
])
def test_only_officers_with_a_credential_valid_today_are_offered(people, login, today, offered):
    with time_machine.travel(dt.datetime.combine(today, dt.time(9), tzinfo=CST), tick=False):
        html = upload_page(login(people.u_records))  # the custodian: every officer of the agency
    names = {label.split("（")[0] for label in options(html, "officers")}
    assert names == offered  # 赵敏 (suspended) never; 陈静 and 刘洋 belong to other agencies
    assert {label.split("（")[0] for label in options(html, "camera_operator")} == offered
    assert "只列出今日持有效执法证的在岗执法人员（持证上岗）" in html


@time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=CST), tick=False)
def test_an_officer_whose_own_credential_lapsed_is_not_chosen(people, login):
    u_wang = people.user("wangqiang", [(people.nr_team, Role.OFFICER)], person=people.wang.person)
    html = upload_page(login(u_wang))
    assert not any(options(html, "officers").values()) and "王强（执法监察支队）" not in html


@time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=CST), tick=False)
def test_the_hand_in_refuses_an_officer_without_a_valid_credential_by_name_and_rule(people, tus_as):
    tus: Tus = tus_as(people.u_officer)
    r = tus.create(len(DATA), officers=f"{people.zhang.pk},{people.wang.pk}")
    text = r.content.decode()
    assert r.status_code == 400
    assert "执法人员：王强：执法证21030003已于2026-10-14到期" in text and "（持证上岗）" in text
    assert "张伟" not in text  # the valid one is not blamed

    r = tus.create(len(DATA), camera_operator=str(people.zhao.pk))
    assert r.status_code == 400 and "摄录人：赵敏：执法证21030004已暂扣" in r.content.decode()
    assert not Upload.objects.exists()


def test_an_officer_valid_when_the_upload_began_stays_on_it_when_it_finishes_the_next_day(people, tus_as):
    tus = tus_as(people.u_officer)
    with time_machine.travel(dt.datetime(2026, 10, 14, 23, 50, tzinfo=CST), tick=False):
        url = tus.url(tus.create(len(DATA), officers=f"{people.zhang.pk},{people.wang.pk}",
                                 camera_operator=str(people.wang.pk)))
        assert tus.patch(url, DATA[:100], 0).status_code == 204
    with time_machine.travel(dt.datetime(2026, 10, 15, 0, 10, tzinfo=CST), tick=False):
        assert tus.patch(url, DATA[100:], 100).status_code == 204
    ev = Evidence.objects.get()
    assert set(ev.officers.all()) == {people.zhang, people.wang} and ev.camera_operator == people.wang


@time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=CST), tick=False)
def test_the_fields_used_less_are_folded_away_and_the_position_can_come_from_the_device(people, login):
    html = upload_page(login(people.u_officer))
    scene, more = html.split('<details class="more-fields"', 1)
    for name in ("kind", "title", "capture_start", "capture_end", "officers", "camera_operator", "place",
                 "latitude", "longitude"):
        assert f'name="{name}"' in scene, name
    for name in ("device", "case_number", "field_work", "interruption", "notes"):
        assert f'name="{name}"' in more.split("</details>")[0], name
    assert 'id="locate"' in scene and "upload_form.js" in html
    assert 'name="unit"' in more  # one unit to choose from: folded with the rest


@pytest.mark.parametrize("kind, filename, filetype, noted", [
    ("photo", "现场检查.mp4", "video/mp4", "video"),      # the file says 录像: noted beside the officer's 照片
    ("video", "现场检查.mp4", "video/mp4", None),
    ("scan", "询问笔录.pdf", "application/pdf", None),   # a scan is a picture or a document
])
def test_a_kind_that_disagrees_with_the_file_is_kept_and_noted_in_the_ledger(people, tus_as, kind, filename,
                                                                             filetype, noted):
    tus = tus_as(people.u_officer)
    tus.url(tus.create(len(DATA), filename, kind=kind, filetype=filetype))
    payload = json.loads(Entry.objects.get(kind="upload.created").payload)
    assert payload["kind"] == kind and payload.get("kind_from_file") == noted
