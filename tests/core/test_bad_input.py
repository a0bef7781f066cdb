"""Bad input through the pages (issue 9, item 8): every value that gave a 500 on SQLite (OverflowError) or on
PostgreSQL (DataError: out of range, NUL in text) is now refused with a Chinese message — a 4xx, or the form
page again (422, or the calculator's and the discretion lookup's own page) with the error beside its field —
and nothing is stored: not a row in any table of the project, not a ledger entry."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from tests.records.conftest import TUS

from zhifa.agencies.models import Role
from zhifa.obligations.actions import ensure_obligation
from zhifa.obligations.models import PeriodUnit
from zhifa.records import actions as records
from zhifa.records.names import encode_upload_metadata

BIG = "1" * 30  # beyond 64 bits
D0, D9 = "0001-01-01", "9999-12-31"
OUT_OF_RANGE = "日期须在1900-01-01至2199-12-31之间"
INVALID_CHOICE = "所选的项不在可选范围内"
APPS = ("agencies", "catalog", "records", "obligations", "workdays", "ledger")


def stored() -> dict[str, int]:
    """Rows of every table of the project."""
    return {m._meta.label: m.objects.count() for label in APPS for m in apps.get_app_config(label).get_models()}


@pytest.fixture
def world(cast):
    """The cast plus a custodian, one piece of evidence handed in by 张伟 and one open obligation."""
    cast.u_records = cast.user("nr_records", [(cast.nr, Role.RECORDS)])
    cast.ev = records.ingest_stream(actor=cast.u_officer, unit=cast.nr_team, chunks=[os.urandom(64)],
                                    original_name="现场检查.mp4", description={"kind": "video"})
    due = dt.datetime(2026, 11, 4, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    cast.ob = ensure_obligation(agency=cast.nr_team, subject=cast.zhang.credentials.first(), rule="GEN-03",
                                title="执法证年审", due_at=due, warn_from=due - dt.timedelta(days=2),
                                unit=PeriodUnit.HOUR, assignee=cast.u_officer)
    return cast


@dataclass
class Bad:
    """One bad request: who sends it, where, what; the answer's status and a piece of its Chinese message."""

    who: str
    path: Callable[[Any], str]
    data: Callable[[Any], dict[str, Any]] | None = None  # None: a GET
    status: int = 422
    message: str = ""
    headers: dict[str, str] = field(default_factory=dict)


def _credential(c, **changes) -> dict[str, Any]:
    return {"number": "21039999", "issuing_body": "辽宁省人民政府", "action_kinds": ["chufa"],
            "domains": [c.d_nr.pk], "areas": [c.anshan.pk], "valid_from": "2026-01-01",
            "valid_to": "2028-12-31"} | changes


def _agency(c, **changes) -> dict[str, Any]:
    return {"name": c.nr.name, "uscc": c.nr.uscc} | changes


def _settings(**changes) -> dict[str, Any]:
    return {"handin_hours": 24, "field_work_workdays": 3, "describe_workdays": 2, "approval_valid_days": 30,
            "av_months": 24} | changes


def _describe(**changes) -> dict[str, Any]:
    return {"kind": "video"} | changes


def _random(c, **changes) -> dict[str, Any]:
    return {"code": "ZR-CC-001", "name": "土地利用情况抽查", "subject_unit": c.nr_team.pk, "articles": "x",
            "method": "双随机", "frequency": "每年1次"} | changes


BAD: dict[str, Bad] = {
    # a 30-digit id in a multi-select (SQLite: OverflowError binding the IN list)
    "multi-select: 执法领域 of an agency": Bad(
        "u_head", lambda c: f"/agencies/{c.nr.pk}/edit/", lambda c: _agency(c, domains=[BIG]), message=INVALID_CHOICE),
    "multi-select: 执法区域 of a credential": Bad(
        "u_head", lambda c: f"/officers/{c.zhang.pk}/credentials/new/", lambda c: _credential(c, areas=[BIG]),
        message=INVALID_CHOICE),
    "multi-select: 执法人员 of evidence": Bad(
        "u_officer", lambda c: f"/records/{c.ev.pk}/describe/", lambda c: _describe(officers=[BIG]),
        message=INVALID_CHOICE),
    "select: a non-digit 所在单位": Bad(
        "u_head", lambda c: "/officers/new/", lambda c: {"name": "孙丽", "unit": "1 OR 1=1"}, message=INVALID_CHOICE),
    # NaN, Infinity and sNaN in decimal fields (the ratio's own message held “%”: a 500 formatting it)
    "decimal: NaN 抽查比例": Bad(
        "u_head", lambda c: f"/catalog/a/{c.nr.pk}/random/new/", lambda c: _random(c, ratio="NaN"),
        message="请填写数值"),
    "decimal: Infinity 罚款数额": Bad(
        "u_head", lambda c: f"/catalog/a/{c.nr.pk}/review/new/",
        lambda c: {"code": "SH-1", "name": "重大罚款", "min_fine": "Infinity"}, message="请填写数值"),
    "decimal: sNaN 纬度": Bad(
        "u_officer", lambda c: f"/records/{c.ev.pk}/describe/", lambda c: _describe(latitude="sNaN"),
        message="请填写数值"),
    "decimal: a huge exponent 经度": Bad(
        "u_officer", lambda c: f"/records/{c.ev.pk}/describe/", lambda c: _describe(longitude="1e999999999")),
    "decimal: NaN 拟罚款金额 in the discretion lookup": Bad(
        "u_officer", lambda c: f"/catalog/discretion/?agency={c.nr.pk}&item=x&fine=NaN", status=200,
        message="请填写数值"),
    # a 30-digit number in an integer setting (SQLite: OverflowError; PostgreSQL: integer out of range)
    "integer: 30 digits of 保存月数": Bad(
        "u_records", lambda c: "/records/settings/", lambda c: _settings(av_months=BIG), message="小于或等于"),
    "integer: 保存月数 past the months a date can count": Bad(
        "u_records", lambda c: "/records/settings/", lambda c: _settings(av_months=10**12), message="小于或等于"),
    "integer: 30 digits of a hidden 调阅申请": Bad(
        "u_officer", lambda c: f"/records/{c.ev.pk}/download/", lambda c: {"reason": "核查", "view_request": BIG}),
    "integer: a year before the calendar": Bad("u_admin", lambda c: "/workdays/calendar/?year=-5",
                                              message="年度：年度须在1950—2199年之间"),
    # ?page= beyond 64 bits, negative or not a number: 404, never a 500
    **{f"page: ?page={p} of {where}": Bad(who, lambda c, where=where, p=p: f"{where}?page={p}", status=404)
       for p in (BIG, str(2**63), "-5", "0", "abc")
       for who, where in (("u_head", "/officers/"), ("u_head", "/records/"), ("u_head", "/todo/"),
                          ("u_supervisor", "/supervision/items/"))},
    "page: past the end of an uncounted list": Bad("u_head", lambda c: "/officers/?page=9", status=404),
    # dates at 0001-01-01 and 9999-12-31 (OverflowError in date arithmetic and time-zone conversion)
    "date: 摄录日期自 0001-01-01 in the evidence filter": Bad(
        "u_head", lambda c: f"/records/?date_from={D0}", message="摄录日期自：" + OUT_OF_RANGE),
    "date: 摄录日期至 9999-12-31 in the evidence filter": Bad(
        "u_head", lambda c: f"/records/?date_to={D9}", message="摄录日期至：" + OUT_OF_RANGE),
    "date: 期限届满自 0001-01-01 in the region's items filter": Bad(
        "u_supervisor", lambda c: f"/supervision/items/?due_from={D0}", message="期限届满自：" + OUT_OF_RANGE),
    "date: 生成日期至 9999-12-31 in the region's items filter": Bad(
        "u_supervisor", lambda c: f"/supervision/items/?created_to={D9}", message="至：" + OUT_OF_RANGE),
    **{f"date: the deadline calculator from {d} in {unit}": Bad(
        "u_officer", lambda c, d=d, unit=unit: f"/workdays/?start={d}&time=10:00&n=5&unit={unit}", status=200,
        message=OUT_OF_RANGE) for d in (D0, D9) for unit in ("workday", "day", "hour")},
    "date: 摄录开始 at 0001-01-01 00:00": Bad(
        "u_officer", lambda c: f"/records/{c.ev.pk}/describe/", lambda c: _describe(capture_start=f"{D0}T00:00"),
        message=OUT_OF_RANGE),
    "date: a credential valid 0001-01-01 to 9999-12-31": Bad(
        "u_head", lambda c: f"/officers/{c.zhang.pk}/credentials/new/",
        lambda c: _credential(c, valid_from=D0, valid_to=D9), message=OUT_OF_RANGE),
    "date: 施行日期 0001-01-01 of a legal document": Bad(
        "u_admin", lambda c: "/catalog/laws/new/",
        lambda c: {"name": "某条例", "issuing_body": "某人大常委会", "kind": "law", "in_force_from": D0},
        message=OUT_OF_RANGE),
    # the publish page of a list that was never submitted
    "publish: the page of a list never submitted": Bad(
        "u_head", lambda c: f"/catalog/a/{c.nr.pk}/items/publish/", status=409, message="尚未提交审核"),
    "publish: posting to a list never submitted": Bad(
        "u_head", lambda c: f"/catalog/a/{c.nr.pk}/random/publish/", lambda c: {"effective_from": "2026-12-01"},
        status=409, message="尚未提交审核"),
    "publish: the subjects list, drawn from the tree and never submitted": Bad(
        "u_head", lambda c: f"/catalog/a/{c.nr.pk}/subjects/publish/", status=409, message="尚未提交审核"),
    # control characters and bidi overrides (PostgreSQL: NUL in text is a DataError)
    "text: NUL in the officer search": Bad("u_head", lambda c: "/officers/?q=%00",
                                           message="姓名或证件编号：不能包含控制字符"),
    "text: NUL in the law search": Bad("u_head", lambda c: "/catalog/laws/?q=%00", message="不能包含控制字符"),
    "text: NUL in the evidence search": Bad("u_head", lambda c: "/records/?case=a%00",
                                            message="案件编号：不能包含控制字符"),
    "text: NUL in the reason a time limit is waived": Bad(
        "u_head", lambda c: f"/deadlines/{c.ob.pk}/waive/", lambda c: {"reason": "重复\x00"},
        message="免除理由：不能包含控制字符"),
    "text: NUL in the case number of an export": Bad(
        "u_head", lambda c: "/records/export/case/", lambda c: {"case": "a\x00", "reason": "移送"}, status=404),
    "text: U+202E in an officer's name": Bad(
        "u_head", lambda c: "/officers/new/", lambda c: {"name": "张\u202e伟", "unit": c.nr_team.pk},
        message="不能包含文字方向控制符（第2个字符，U+202E）"),
    "text: U+2066 in an agency's duties": Bad(
        "u_head", lambda c: f"/agencies/{c.nr.pk}/edit/", lambda c: _agency(c, duties="职责\u2066"),
        message="文字方向控制符"),
    "text: ESC in the notes of evidence": Bad(
        "u_officer", lambda c: f"/records/{c.ev.pk}/describe/", lambda c: _describe(notes="备注\x1b[31m"),
        message="不能包含控制字符"),
    "text: a tab in a one-line field": Bad(
        "u_officer", lambda c: f"/records/{c.ev.pk}/describe/", lambda c: _describe(device="DSJ\t0001"),
        message="不能包含控制字符"),
    # lengths: a field that names no limit has one
    "length: a one-line field without max_length": Bad(
        "u_head", lambda c: f"/officers/{c.zhang.pk}/account/",
        lambda c: {"username": "zhangwei2", "password": "x" * 501}, message="不能超过500个字"),
    "length: a multi-line field without max_length": Bad(
        "u_head", lambda c: f"/agencies/{c.nr.pk}/edit/", lambda c: _agency(c, duties="职" * 20_001),
        message="不能超过20000个字"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_input_is_refused_in_chinese_and_nothing_is_stored(world, login, name):
    bad = BAD[name]
    client = login(getattr(world, bad.who))
    before = stored()
    path = bad.path(world)
    response = client.get(path) if bad.data is None else client.post(path, bad.data(world))
    assert response.status_code == bad.status, response.content.decode()[:2000]
    if bad.message:
        assert bad.message in response.content.decode()
    assert stored() == before


TUS_BAD = {
    "a 30-digit officer id": ({"officers": BIG}, "执法人员：所选的项不在可选范围内"),
    "a 30-digit unit id": ({"unit": BIG}, "所属单位：所选的项不在可选范围内"),
    "a 30-digit camera operator id": ({"camera_operator": f"{BIG}"}, "摄录人：所选的项不在可选范围内"),
    "摄录开始 at 0001-01-01 00:00": ({"capture_start": f"{D0}T00:00"}, "摄录开始：" + OUT_OF_RANGE),
    "摄录结束 at 9999-12-31 23:59": ({"capture_end": f"{D9}T23:59"}, "摄录结束：" + OUT_OF_RANGE),
    "NaN 纬度": ({"latitude": "NaN"}, "纬度：请填写数值"),
    "U+202E in the 事项": ({"title": "现场\u202e检查"}, "Upload-Metadata 中“title”的值不能包含文字方向控制符"),
    "a tab in the one-line 摄录设备": ({"device": "DSJ\t1"}, "摄录设备：不能包含控制字符"),
    # PostgreSQL: a NUL in the upload's JSON metadata is “unsupported Unicode escape sequence”, a 500
    "NUL in the file type": ({"filetype": "video/mp4\x00"}, "“filetype”的值不能包含控制字符"),
    "NUL under a key the form does not know": ({"client": "uppy\x00"}, "“client”的值不能包含控制字符"),
    "100,000 characters under a key the form does not know": ({"client": "x" * 100_000}, "不能超过20000个字"),
}


@pytest.mark.parametrize("name", TUS_BAD)
def test_bad_tus_metadata_is_a_400_in_chinese_and_nothing_is_stored(world, login, name):
    meta, message = TUS_BAD[name]
    client = login(world.u_officer)
    before = stored()
    response = client.post("/records/tus/", headers={
        **TUS, "Upload-Length": "10", "Upload-Metadata": encode_upload_metadata({"filename": "现场.mp4", **meta})})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert stored() == before


def test_multi_line_text_keeps_tabs_and_newlines_and_reads_cr_lf_as_lf(world, login):
    client = login(world.u_officer)
    response = client.post(f"/records/{world.ev.pk}/describe/", _describe(notes="第一行\r\n\t第二行\r第三行"))
    assert response.status_code == 302
    world.ev.refresh_from_db()
    assert world.ev.notes == "第一行\n\t第二行\n第三行"


def test_the_last_page_of_a_counted_list_answers_a_page_past_its_end(world, login):
    response = login(world.u_head).get("/deadlines/?page=999")
    assert response.status_code == 200
    assert response.context["page"].number == 1
