"""The portal before and during action (PUB-01, PUB-02, PUB-03), through its pages as the public opens them:
each agency as its published lists show it, its officers with their public fields only, the 岗位信息公示牌, and a
credential's live check and card with the QR code that opens it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import segno
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.catalog.conftest import cat, laws  # noqa: F401 — the catalog's cast and its list helpers
from tests.conftest import resident_id

from zhifa.agencies import actions as agency_actions
from zhifa.agencies.models import CredentialState
from zhifa.catalog.models import ListKind
from zhifa.publicity.portal_officers import token_of

TODAY = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)  # 王强's credential ran out on 2026-10-14
OFFICER_PHONE = "13904121234"
OFFICER_ID = resident_id("21030219850505123")
REPORT_PHONE = "0412-12345"
REMEDY = "对行政执法决定不服的，可以自知道该决定之日起60日内向鞍山市人民政府申请行政复议。"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def portal(cat):  # noqa: F811
    """鞍山市自然资源局 with its particulars, its subjects list and items list published; its officers carry a
    phone and an ID number the portal must never show."""
    c = cat.cast
    agency_actions.update_agency(actor=c.u_admin, agency=c.nr, duties="查处土地、矿产违法行为。",
                                 jurisdiction="鞍山市行政区域", address="鞍山市铁东区胜利南路1号", phone="0412-5550000")
    agency_actions.update_agency(actor=c.u_admin, agency=c.sfj, address="鞍山市铁东区园林路2号", phone="0412-5551111")
    for officer in (c.zhang, c.li, c.wang, c.zhao):
        agency_actions.update_officer(actor=c.u_head, officer=officer, name=officer.person.name,
                                      id_number=OFFICER_ID if officer == c.zhang else "", phone=OFFICER_PHONE,
                                      post="科员", unit=officer.unit, active=True)
    cat.item(supervision_phone=REPORT_PHONE, remedy=REMEDY, office_hours="工作日 8:30—17:00")
    cat.publish(ListKind.ITEMS)
    cat.publish(ListKind.SUBJECTS)
    return cat


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_home_page_offers_search_agencies_reporting_and_remedies(portal, client):
    html = text_of(client.get("/portal/"))
    assert 'lang="zh-CN"' in html
    assert re.search(rf'<form[^>]+action="{reverse("portal:search")}"[^>]*role="search"', html)
    assert '<label for="portal-q">' in html
    assert f'href="/portal/agencies/{portal.cast.nr.pk}/"' in html
    assert "鞍山市司法局" in html and "0412-5551111" in html  # where a violation is reported
    assert f'href="/portal/agencies/{portal.cast.nr.pk}/#remedy"' in html


def test_the_agency_page_shows_what_its_published_lists_hold(portal, client):
    html = text_of(client.get(f"/portal/agencies/{portal.cast.nr.pk}/"))
    for shown in ("查处土地、矿产违法行为。", "鞍山市行政区域", "鞍山市铁东区胜利南路1号", "0412-5550000",
                  "执法监察支队", "法规科", REPORT_PHONE, REMEDY, "《土地管理法》第七十七条", "鞍山市司法局",
                  "行政执法事项清单", "第1版"):
        assert shown in html, shown
    assert f'href="/portal/units/{portal.cast.nr_team.pk}/board/"' in html
    assert f'href="/portal/agencies/{portal.cast.nr.pk}/officers/"' in html


def test_the_agency_page_shows_the_subjects_list_in_force_not_an_unpublished_change(portal, client):
    agency_actions.update_agency(actor=portal.cast.u_admin, agency=portal.cast.nr, duties="尚未公布的新职责。")
    html = text_of(client.get(f"/portal/agencies/{portal.cast.nr.pk}/"))
    assert "查处土地、矿产违法行为。" in html and "尚未公布的新职责。" not in html
    portal.publish(ListKind.SUBJECTS, note="职责调整")
    html = text_of(client.get(f"/portal/agencies/{portal.cast.nr.pk}/"))
    assert "尚未公布的新职责。" in html
    history = text_of(client.get(f"/portal/agencies/{portal.cast.nr.pk}/subjects/"))
    assert "职责调整" in history and f'href="/portal/agencies/{portal.cast.nr.pk}/subjects/v1/"' in history


def test_an_agency_that_published_nothing_is_not_on_the_portal(portal, client):
    zj = portal.cast.zj
    assert client.get(f"/portal/agencies/{zj.pk}/").status_code == 404
    assert client.get(f"/portal/agencies/{zj.pk}/officers/").status_code == 404
    assert client.get(f"/portal/units/{portal.cast.zj_unit.pk}/board/").status_code == 404
    assert client.get(f"/portal/units/{portal.cast.anshan.pk}/board/").status_code == 404  # a region has none


def test_the_officers_page_shows_the_public_fields_and_nothing_private(portal, client):
    html = text_of(client.get(f"/portal/agencies/{portal.cast.nr.pk}/officers/"))
    for shown in ("张伟", "执法监察支队", "21030001", "行政处罚", "自然资源", "鞍山市", "2024-01-01 至 2028-12-31",
                  "有效", "暂扣", "过期"):
        assert shown in html, shown
    for private in (OFFICER_PHONE, OFFICER_ID, "zhangwei", "科员", "辽宁省人民政府"):
        assert private not in html, private
    assert "刘洋" not in html  # 住建局's officer


def test_every_portal_page_of_an_officer_keeps_their_phone_and_id_number_private(portal, client):
    c = portal.cast
    token = token_of(c.zhang.credentials.get())
    for path in (f"/portal/agencies/{c.nr.pk}/", f"/portal/agencies/{c.nr.pk}/officers/",
                 f"/portal/units/{c.nr_team.pk}/board/", f"/portal/credentials/{token}/",
                 f"/portal/credentials/{token}/card/", "/portal/"):
        html = text_of(client.get(path))
        assert OFFICER_PHONE not in html and OFFICER_ID not in html and "zhangwei" not in html, path


def test_the_officers_page_costs_the_same_queries_for_more_officers(portal, client):
    path = f"/portal/agencies/{portal.cast.nr.pk}/officers/"
    with CaptureQueriesContext(connection) as few:
        text_of(client.get(path))
    for n in range(12):
        portal.cast.officer(f"新人{n}", portal.cast.nr_legal, number=f"2103009{n:02d}")
    with CaptureQueriesContext(connection) as more:
        html = text_of(client.get(path))
    assert "新人11" in html
    assert len(more) == len(few) <= 8


@pytest.mark.parametrize("who, verdict, status", [
    ("zhang", "该执法证现在有效", "有效"),
    ("zhao", "该执法证现在无效：暂扣", "暂扣"),
    ("wang", "该执法证现在无效：过期", "过期"),
])
def test_the_live_check_answers_the_credentials_standing_today(portal, client, who, verdict, status):
    credential = getattr(portal.cast, who).credentials.get()
    html = text_of(client.get(f"/portal/credentials/{token_of(credential)}/"))
    assert verdict in html and f'<span class="badge {credential.status_on(TODAY.date())}">{status}</span>' in html
    assert credential.number in html and getattr(portal.cast, who).person.name in html


def test_a_revoked_credential_answers_revoked_with_no_reason_shown(portal, client):
    credential = portal.cast.li.credentials.get()
    agency_actions.set_credential_state(actor=portal.cast.u_head, credential=credential,
                                        state=CredentialState.REVOKED, reason="调离执法岗位，内部人事原因")
    html = text_of(client.get(f"/portal/credentials/{token_of(credential)}/"))
    assert "该执法证现在无效：注销" in html and "内部人事原因" not in html


def test_a_credential_is_reached_only_by_its_signed_token(portal, client):
    credential = portal.cast.zhang.credentials.get()
    token = token_of(credential)
    pk, signature = token.split(".")
    other = portal.cast.li.credentials.get()
    for forged in (f"{other.pk}.{signature}", f"{pk}.{signature[:-1]}x", pk, str(credential.pk), "999999999",
                   f"{'1' * 30}.{signature}", "a.b.c"):
        assert client.get(f"/portal/credentials/{forged}/").status_code == 404, forged
        assert client.get(f"/portal/credentials/{forged}/card/").status_code == 404, forged
    assert client.get(f"/portal/credentials/{token}/").status_code == 200


def _modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules of a segno SVG path (absolute M, relative m, horizontal h runs; lines at y + .5)."""
    path = re.search(r' d="([^"]+)"', svg)
    assert path is not None
    x = y = 0.0
    dark = set()
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path.group(1)):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark |= {(int(x) + i, int(y)) for i in range(int(a))}
            x += float(a)
    return dark


def test_the_card_carries_a_qr_code_of_the_credentials_live_check(portal, client):
    credential = portal.cast.zhang.credentials.get()
    token = token_of(credential)
    html = text_of(client.get(f"/portal/credentials/{token}/card/"))
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg is not None and "21030001" in html and "张伟" in html
    expected = segno.make(f"http://testserver/portal/credentials/{token}/", error="m")
    border = 4  # segno's quiet zone
    assert _modules(svg.group(0)) == {(x + border, y + border) for y, row in enumerate(expected.matrix)
                                      for x, dark in enumerate(row) if dark}
    assert "zhifa/print.js" in html and "data-print" in html


def test_the_board_of_a_unit_lists_its_officers_with_valid_credentials_items_and_complaint_line(portal, client):
    html = text_of(client.get(f"/portal/units/{portal.cast.nr_team.pk}/board/"))
    for shown in ("岗位信息公示牌", "鞍山市自然资源局", "执法监察支队", "张伟", "21030001", "对非法占用土地的行政处罚",
                  REPORT_PHONE, "工作日 8:30—17:00", "data-print"):
        assert shown in html, shown
    assert html.count("<svg") == 2  # a QR code per officer with a valid credential: 张伟 and 李娜
    assert "王强" not in html and "赵敏" not in html  # expired and suspended: not at the window
    assert " style=" not in html  # the Content-Security-Policy refuses style attributes


def test_the_catalogs_old_public_addresses_redirect_to_the_portal_for_good(portal, client):
    nr = portal.cast.nr.pk
    for old, new in (("/catalog/public/", "/portal/agencies/"),
                     (f"/catalog/public/{nr}/", f"/portal/agencies/{nr}/"),
                     (f"/catalog/public/{nr}/items/", f"/portal/agencies/{nr}/items/"),
                     (f"/catalog/public/{nr}/items/v1/", f"/portal/agencies/{nr}/items/v1/"),
                     (f"/catalog/public/{nr}/items/ZR-CF-001/guide/", f"/portal/agencies/{nr}/items/ZR-CF-001/guide/")):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old


def test_the_four_texts_are_public_with_the_document_samples(portal, client):
    html = text_of(client.get("/portal/texts/"))
    assert "流程图" in html and f'href="/portal/agencies/{portal.cast.nr.pk}/items/"' in html
    sample = re.search(r'href="(/portal/texts/documents/[^"]+/)"', html)
    assert sample is not None
    page = text_of(client.get(sample.group(1)))
    assert '<article class="document"' in page and "data-print" in page
    assert client.get("/portal/texts/documents/nothing/").status_code == 404


def test_the_public_home_page_is_served_from_the_cache_and_shows_a_new_list_within_a_minute(portal, client):
    text_of(client.get("/portal/"))
    with CaptureQueriesContext(connection) as cached:
        html = text_of(client.get("/portal/"))
    assert len(cached) == 0 and f'href="/portal/agencies/{portal.cast.nr.pk}/"' in html
    assert "X-CSRFToken" not in html and "csrftoken" not in client.cookies  # nothing of one visitor's in it
    portal.cast.nr.name = "鞍山市自然资源和规划局"
    portal.cast.nr.save(update_fields=["name"])
    assert "鞍山市自然资源和规划局" not in text_of(client.get("/portal/"))
    with time_machine.travel(TODAY + dt.timedelta(seconds=61), tick=False):
        assert "鞍山市自然资源和规划局" in text_of(client.get("/portal/"))


def test_a_signed_in_user_gets_the_home_page_rendered_for_them(portal, client):
    text_of(client.get("/portal/"))  # cached for the public
    client.force_login(portal.cast.u_head)
    html = text_of(client.get("/portal/"))
    assert "退出" in html and "X-CSRFToken" in html
