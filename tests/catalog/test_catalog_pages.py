"""The catalog's pages: editing a draft, submitting, publishing by a second person, the history and the
difference, the discretion lookup, the texts, and what the public reads."""

from __future__ import annotations

import datetime as dt

import pytest

from zhifa.agencies.models import Role
from zhifa.catalog.models import EnforcementItem, ListVersion

ITEM = {
    "code": "ZR-CF-001", "name": "对非法占用土地的行政处罚", "action_kind": "chufa", "time_limit": "立案之日起90日内",
    "articles": "《土地管理法》第七十七条", "fees": "不收费", "remedy": "行政复议或行政诉讼",
}


@pytest.fixture
def editor(cat, login):
    return login(cat.editor)


def add_item(client, cat, **changes):
    data = ITEM | {"handling_unit": cat.cast.nr_team.pk} | changes
    return client.post(f"/catalog/a/{cat.cast.nr.pk}/items/new/", data)


def test_an_item_is_entered_with_its_legal_basis_as_citations(cat, editor):
    r = add_item(editor, cat)
    assert r.status_code == 302, r.content.decode()
    item = EnforcementItem.objects.get(code="ZR-CF-001")
    assert [a.citation for a in item.articles.all()] == ["《土地管理法》第七十七条"]
    page = editor.get(f"/catalog/a/{cat.cast.nr.pk}/items/").content.decode()
    assert "对非法占用土地的行政处罚" in page and "新增1项" in page


def test_an_article_not_entered_is_refused_beside_the_field(cat, editor):
    r = add_item(editor, cat, articles="《土地管理法》第七十四条")
    assert r.status_code == 422
    assert "《土地管理法》第74条尚未录入" in r.content.decode()
    r = add_item(editor, cat, articles="")
    assert r.status_code == 422 and "请填写法律依据" in r.content.decode()


def test_a_unit_outside_the_agency_cannot_handle_its_item(cat, editor):
    r = add_item(editor, cat, handling_unit=cat.cast.zj_unit.pk)
    assert r.status_code == 422


def test_submit_then_publish_by_another_head_then_history_and_difference(cat, editor, login):
    nr = cat.cast.nr.pk
    add_item(editor, cat)
    r = editor.post(f"/catalog/a/{nr}/items/submit/", follow=True)
    assert "已提交审核" in r.content.decode()
    # The editor sees that someone else must publish.
    assert "您是最后编辑人" in editor.get(f"/catalog/a/{nr}/items/").content.decode()
    publisher = login(cat.publisher)
    page = publisher.get(f"/catalog/a/{nr}/items/publish/")
    assert page.status_code == 200 and "新增1项" in page.content.decode()
    r = publisher.post(f"/catalog/a/{nr}/items/publish/", {"effective_from": dt.date.today().isoformat(), "note": ""})
    assert r.status_code == 302
    v1 = ListVersion.objects.get()
    # A second version changes the time limit.
    item = EnforcementItem.objects.get()
    r = publisher.post(f"/catalog/a/{nr}/items/{item.pk}/edit/",
                       ITEM | {"handling_unit": cat.cast.nr_team.pk, "time_limit": "立案之日起九十日内"})
    assert r.status_code == 302
    publisher.post(f"/catalog/a/{nr}/items/submit/")
    login(cat.editor).post(f"/catalog/a/{nr}/items/publish/",
                           {"effective_from": dt.date.today().isoformat(), "note": "规范办理时限的写法"})
    v2 = ListVersion.objects.get(number=2)
    history = editor.get(f"/catalog/a/{nr}/items/versions/").content.decode()
    assert "第1版" in history and "第2版" in history and "规范办理时限的写法" in history
    diff = editor.get(f"/catalog/a/{nr}/items/diff/?from=1&to=2").content.decode()
    assert "办理时限" in diff and "立案之日起90日内" in diff and "立案之日起九十日内" in diff
    assert editor.get(f"/catalog/v/{v1.pk}/").status_code == 200
    assert v2.digest in editor.get(f"/catalog/v/{v2.pk}/").content.decode()


def test_submission_is_offered_only_when_the_draft_differs_from_the_published_version(cat, editor):
    nr = cat.cast.nr.pk
    cat.item()
    submit_button = f'action="/catalog/a/{nr}/items/submit/"'
    assert submit_button in editor.get(f"/catalog/a/{nr}/items/").content.decode()  # new: something to submit
    cat.publish("items")
    page = editor.get(f"/catalog/a/{nr}/items/").content.decode()
    assert submit_button not in page and "草稿与第1版相同" in page
    cat.item(time_limit="立案之日起六十日内")  # an edit: submittable again
    assert submit_button in editor.get(f"/catalog/a/{nr}/items/").content.decode()


def test_the_last_editor_is_refused_on_the_publish_page(cat, editor):
    add_item(editor, cat)
    editor.post(f"/catalog/a/{cat.cast.nr.pk}/items/submit/")
    r = editor.post(f"/catalog/a/{cat.cast.nr.pk}/items/publish/", {"effective_from": dt.date.today().isoformat()})
    assert r.status_code == 422 and "发布人不能是草稿的最后编辑人" in r.content.decode()
    assert "（公示前审核）" in r.content.decode() and "PUB-09" not in r.content.decode()  # the rule by its name


def test_the_agencys_publicity_reviewer_publishes_what_its_head_edited_and_submitted(cat, login):
    """The head edits and submits, and cannot publish alone; the agency's 公示审核员 checks and publishes, no
    provincial administrator needed (PUB-09)."""
    cast, nr = cat.cast, cat.cast.nr.pk
    head = login(cast.u_head)
    assert add_item(head, cat).status_code == 302
    assert "已提交审核" in head.post(f"/catalog/a/{nr}/items/submit/", follow=True).content.decode()
    alone = head.post(f"/catalog/a/{nr}/items/publish/", {"effective_from": dt.date.today().isoformat()})
    assert alone.status_code == 422 and "发布人不能是草稿的最后编辑人或提交审核人" in alone.content.decode()
    assert not ListVersion.objects.exists()

    reviewer = login(cast.user("nr_publicity", [(cast.nr, Role.PUBLICITY)]))
    listed = reviewer.get(f"/catalog/a/{nr}/items/").content.decode()
    assert f'href="/catalog/a/{nr}/items/publish/"' in listed and "退回修改" in listed
    assert reviewer.get(f"/catalog/a/{nr}/items/publish/").status_code == 200
    r = reviewer.post(f"/catalog/a/{nr}/items/publish/", {"effective_from": dt.date.today().isoformat(), "note": ""})
    assert r.status_code == 302
    version = ListVersion.objects.get()
    assert version.published_by.username == "nr_publicity" and version.submitted_by_name == "孙立国"
    # Publishing is all the role adds: the draft is still edited by those who manage the catalog.
    assert reviewer.post(f"/catalog/a/{nr}/items/new/", ITEM | {"code": "X-1"}).status_code in (403, 404)


def test_other_agencies_lists_are_not_found(cat, login):
    client = login(cat.cast.u_zj_head)
    assert client.get(f"/catalog/a/{cat.cast.nr.pk}/items/").status_code == 404
    assert client.post(f"/catalog/a/{cat.cast.nr.pk}/items/new/", ITEM).status_code == 404
    officer = login(cat.cast.u_officer)
    assert officer.get(f"/catalog/a/{cat.cast.nr.pk}/items/").status_code == 200
    assert officer.get(f"/catalog/a/{cat.cast.nr.pk}/items/new/").status_code == 404


def test_the_supervisor_reads_every_list_of_its_region(cat, login):
    client = login(cat.cast.u_supervisor)
    page = client.get("/catalog/").content.decode()
    assert "鞍山市自然资源局" in page and "鞍山市住房和城乡建设局" in page and "辽阳市自然资源局" not in page
    assert client.get(f"/catalog/a/{cat.cast.ly_nr.pk}/items/").status_code == 404


def test_the_subjects_list_is_drawn_from_the_agency_tree(cat, editor):
    page = editor.get(f"/catalog/a/{cat.cast.nr.pk}/subjects/").content.decode()
    assert "执法监察支队" in page and "法规科" in page and "取自" in page


def test_the_discretion_lookup_shows_the_range_and_why(cat, login):
    item = cat.item()
    cat.level(item, "general", "per_sqm", "300", "700", other="责令退还非法占用的土地")
    cat.level(item, "lighter", "per_sqm", "100", "300", conditions="主动消除或者减轻违法行为危害后果")
    cat.publish("items")
    client = login(cat.cast.u_officer)
    r = client.get("/catalog/discretion/", {"agency": cat.cast.nr.pk, "item": "ZR-CF-001", "f_area": "1200",
                                            "f_eliminated_harm": "on", "fine": "500000"})
    page = r.content.decode()
    assert r.status_code == 200
    assert "从轻处罚" in page and "120,000 – 360,000 元" in page
    assert "超出裁量幅度" in page
    assert "适用“从轻处罚”：主动消除或者减轻违法行为危害后果：是" in page


def test_flow_charts_are_svg_drawn_from_the_process_definitions(client):
    r = client.get("/catalog/flow/punishment_general.svg")
    assert r.status_code == 200 and r["Content-Type"].startswith("image/svg+xml")
    svg = r.content.decode()
    assert svg.startswith("<svg") and "法制审核" in svg and "《行政处罚法》第四十二条" in svg
    assert client.get("/catalog/flow/nothing.svg").status_code == 404


def test_the_public_reads_the_version_in_force_and_its_history_never_the_draft(cat, client):
    cat.item()
    cat.publish("items")
    cat.item("ZR-CF-002", "对破坏耕地的行政处罚")  # a draft change, not published
    nr = cat.cast.nr.pk
    page = client.get(f"/portal/agencies/{nr}/items/").content.decode()
    assert "对非法占用土地的行政处罚" in page and "对破坏耕地的行政处罚" not in page and "第1版" in page
    guide = client.get(f"/portal/agencies/{nr}/items/ZR-CF-001/guide/")
    assert guide.status_code == 200 and "服务指南" in guide.content.decode()
    assert "《土地管理法》第七十七条" in guide.content.decode()
    assert client.get(f"/portal/agencies/{nr}/items/ZR-CF-002/guide/").status_code == 404
    assert client.get(f"/portal/agencies/{cat.cast.zj.pk}/").status_code == 404  # nothing published there


def test_the_public_reaches_each_published_version_of_the_items_list_from_its_history(cat, client):
    cat.item("v1", "对编码像版本号的事项的行政处罚")  # a code that looks like a version: still its own guide
    cat.publish("items")
    cat.item("ZR-CF-002", "对破坏耕地的行政处罚")
    cat.publish("items", note="新增破坏耕地事项")
    nr = cat.cast.nr.pk
    history = client.get(f"/portal/agencies/{nr}/items/").content.decode()
    assert f'href="/portal/agencies/{nr}/items/v1/"' in history
    first = client.get(f"/portal/agencies/{nr}/items/v1/")
    assert first.status_code == 200
    page = first.content.decode()
    assert "第1版" in page and "对编码像版本号的事项的行政处罚" in page and "对破坏耕地的行政处罚" not in page
    assert client.get(f"/portal/agencies/{nr}/items/v2/").status_code == 200
    assert client.get(f"/portal/agencies/{nr}/items/v3/").status_code == 404
    guide = client.get(f"/portal/agencies/{nr}/items/v1/guide/")
    assert guide.status_code == 200 and "对编码像版本号的事项的行政处罚" in guide.content.decode()


def test_the_public_agency_page_links_its_checkpoints_once_and_keeps_its_title_plain(cat, client):
    cat.item()
    cat.publish("items")
    html = client.get(f"/portal/agencies/{cat.cast.nr.pk}/").content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title == "鞍山市自然资源局 · 执法"  # no markup in the window title
    assert html.count(f'href="/public/ledger/{cat.cast.nr.pk}/checkpoints/"') == 1


def test_the_texts_page_lists_flow_charts_and_document_samples(cat, login):
    page = login(cat.cast.u_officer).get("/catalog/texts/").content.decode()
    assert "行政处罚（普通程序）流程图" in page and "行政处罚决定书" in page
