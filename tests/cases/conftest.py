"""Cases of 鞍山市自然资源局: its 行政执法事项清单 published with one item, and 李娜 with a login."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from zhifa.agencies.models import Role
from zhifa.catalog import actions as catalog
from zhifa.catalog.models import Article, LegalDocument, ListKind
from zhifa.core.validators import uscc_check_character
from zhifa.parties import actions as parties
from zhifa.workdays.calendar import SHANGHAI

ITEM = "ZR-CF-001"


def uscc(body: str) -> str:
    return body + uscc_check_character(body)


@pytest.fixture
def store(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "blobs": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "f")}}}
    settings.ZHIFA_UPLOAD_DIR = tmp_path / "uploads"


@pytest.fixture
def world(cast):
    """The cast with the items list in force and 李娜's login."""
    law = LegalDocument.objects.create(name="中华人民共和国土地管理法", short_name="土地管理法", kind="law",
                                       issuing_body="全国人民代表大会常务委员会", in_force_from=dt.date(2020, 1, 1))
    article = Article.objects.create(document=law, seq=77, text="未经批准非法占用土地的……", is_summary=True)
    catalog.save_entry(actor=cast.u_head, agency=cast.nr, kind=ListKind.ITEMS, entry=None, articles=[article],
                       code=ITEM, name="对非法占用土地的行政处罚", action_kind="chufa", handling_unit=cast.nr_team,
                       domain=cast.d_nr)
    catalog.submit_list(actor=cast.u_head, agency=cast.nr, kind=ListKind.ITEMS)
    catalog.publish_list(actor=cast.user("nr_head2", [(cast.nr, Role.AGENCY_HEAD)]), agency=cast.nr,
                         kind=ListKind.ITEMS)
    cast.u_li = cast.user("lina", [(cast.nr_team, Role.OFFICER)], person=cast.li.person)
    cast.company = parties.record_party(actor=cast.u_officer, kind="legal", name="鞍山某建材有限公司",
                                        uscc=uscc("91210300MA0QC2399"), address="鞍山市铁西区兴盛路116号",
                                        rep_name="赵丽华").party
    return cast


def hand_in(world, kind="video", title="现场检查"):
    """A recording of 张伟 and 李娜's, handed in to the team a moment ago."""
    from zhifa.records import actions as records

    now = dt.datetime.now(dt.UTC)
    return records.ingest_stream(
        actor=world.u_officer, unit=world.nr_team, chunks=[b"\x00\x00\x00\x18ftypmp42" + bytes(64)],
        original_name=f"{title}.mp4", description={
            "kind": kind, "title": title, "capture_start": now - dt.timedelta(hours=2),
            "capture_end": now - dt.timedelta(hours=1), "device": "执法记录仪 DSJ-01", "place": "某村",
            "officers": [world.zhang, world.li], "camera_operator": world.li})


def investigated(world, *, title="某公司未经批准占用耕地案", days_ago=10, parties=None):
    """A case of 张伟 and 李娜 against the company, opened, investigated (the recording of the site linked, the
    other AV stages explained) and at 案件审核; the act ``days_ago`` days before the agency's today."""
    from django.utils import timezone

    from zhifa.cases import actions

    case = actions.register_case(
        actor=world.u_officer, unit=world.nr_team, process="punishment_general", source="inspection",
        title=title, summary="巡查发现。", item_code=ITEM, place=world.tiedong,
        act_on=timezone.localdate() - dt.timedelta(days=days_ago), officers=[world.zhang, world.li],
        lead=world.zhang, opinion="建议立案", parties=parties or [world.company])
    actions.sign_opinion(actor=world.u_unit_head, case=case, step="open", agrees=True, text="同意")
    actions.sign_opinion(actor=world.u_head, case=case, step="open", agrees=True, text="同意")
    actions.move(actor=world.u_officer, case=case, target="investigate")
    actions.link_evidence(actor=world.u_officer, case=case, evidence=hand_in(world), av_stage="onsite")
    for stage in ("sampling", "seizure"):
        actions.explain_no_av(actor=world.u_officer, case=case, av_stage=stage, reason="本案未进行该环节")
    actions.move(actor=world.u_officer, case=case, target="unit_review")
    case.refresh_from_db()
    return case
# 1 September 2026, 10:00: the 30th day of a 查封、扣押 begun then is 1 October, 国庆节 (tests/cases/test_measure*.py)
MEASURE_START = dt.datetime(2026, 9, 1, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def mworld(db, time_machine, request, store):
    """The cases' world on 1 September 2026, its items list also carrying the 查封、扣押 of ZR-QZ-001."""
    time_machine.move_to(MEASURE_START, tick=False)
    world = request.getfixturevalue("world")
    catalog.save_entry(actor=world.u_head, agency=world.nr, kind=ListKind.ITEMS, entry=None,
                       articles=[Article.objects.first()], code="ZR-QZ-001",
                       name="对涉嫌土地违法的场所、设施、财物的查封、扣押", action_kind="qiangzhi",
                       handling_unit=world.nr_team, domain=world.d_nr)
    catalog.submit_list(actor=world.u_head, agency=world.nr, kind=ListKind.ITEMS)
    catalog.publish_list(actor=get_user_model().objects.get(username="nr_head2"), agency=world.nr, kind=ListKind.ITEMS,
                         note="增加查封、扣押事项")
    world.clock = time_machine
    return world
