"""Legal bases: documents and their articles, entered through the pages; who may edit which."""

from __future__ import annotations

import datetime as dt

import pytest

from zhifa.catalog.models import Article, LegalDocument
from zhifa.core.numerals import article_label, parse_article


def law(**changes) -> dict:
    values = {"name": "中华人民共和国行政处罚法", "short_name": "行政处罚法",
              "issuing_body": "全国人民代表大会常务委员会", "number": "中华人民共和国主席令第七十号",
              "kind": "law", "in_force_from": "2021-07-15"}
    values.update(changes)
    return values


def test_system_administrator_enters_a_law_and_its_article(cast, login):
    client = login(cast.u_admin)
    r = client.post("/catalog/laws/new/", law())
    assert r.status_code == 302, r.content.decode()
    document = LegalDocument.objects.get(short_name="行政处罚法")
    assert document.owner is None
    r = client.post(f"/catalog/laws/{document.pk}/articles/new/",
                    {"seq": 42, "text": "行政处罚应当由具有行政执法资格的执法人员实施，执法人员不得少于两人。",
                     "is_summary": "on"})
    assert r.status_code == 302
    article = Article.objects.get(document=document)
    assert article.citation == "《行政处罚法》第四十二条"
    page = client.get(f"/catalog/laws/{document.pk}/").content.decode()
    assert "第四十二条" in page and "摘要" in page


def test_the_same_article_twice_is_refused(cast, login):
    client = login(cast.u_admin)
    client.post("/catalog/laws/new/", law())
    document = LegalDocument.objects.get()
    client.post(f"/catalog/laws/{document.pk}/articles/new/", {"seq": 33, "text": "不予处罚的情形"})
    r = client.post(f"/catalog/laws/{document.pk}/articles/new/", {"seq": 33, "text": "又一次"})
    assert r.status_code == 422
    assert "《行政处罚法》已有第33条" in r.content.decode()
    assert Article.objects.count() == 1


def test_a_revoked_document_needs_its_last_day(cast, login):
    r = login(cast.u_admin).post("/catalog/laws/new/", law(revoked="on"))
    assert r.status_code == 422
    assert "已废止的法律依据必须填写失效日期" in r.content.decode()


def test_an_agency_head_enters_its_own_document_but_cannot_edit_a_shared_law(cast, login):
    shared = LegalDocument.objects.create(name="中华人民共和国土地管理法", short_name="土地管理法",
                                          issuing_body="全国人民代表大会常务委员会", kind="law")
    client = login(cast.u_head)
    assert client.get(f"/catalog/laws/{shared.pk}/").status_code == 200
    assert client.get(f"/catalog/laws/{shared.pk}/edit/").status_code == 404
    assert client.post(f"/catalog/laws/{shared.pk}/articles/new/", {"seq": 77, "text": "x"}).status_code == 404
    r = client.post("/catalog/laws/new/", law(name="鞍山市自然资源局行政执法公示办法", short_name="公示办法",
                                               issuing_body="鞍山市自然资源局", kind="normative",
                                               number="鞍自然资发〔2020〕39号", owner=cast.nr.pk))
    assert r.status_code == 302, r.content.decode()
    own = LegalDocument.objects.get(short_name="公示办法")
    assert own.owner == cast.nr
    assert client.get(f"/catalog/laws/{own.pk}/edit/").status_code == 200
    # Another agency's head neither edits it nor enters a document for 鞍山's agency.
    other = login(cast.u_zj_head)
    assert other.get(f"/catalog/laws/{own.pk}/edit/").status_code == 404
    r = other.post("/catalog/laws/new/", law(name="某文件", owner=cast.nr.pk))
    assert r.status_code == 422


def test_an_officer_reads_laws_and_enters_none(cast, login):
    client = login(cast.u_officer)
    assert client.get("/catalog/laws/").status_code == 200
    assert client.get("/catalog/laws/new/").status_code == 403


@pytest.mark.parametrize("day, in_force", [
    (dt.date(2021, 7, 14), False), (dt.date(2021, 7, 15), True), (dt.date(2030, 1, 1), True)])
def test_an_article_is_in_force_from_its_documents_first_day(day, in_force, db):
    document = LegalDocument.objects.create(name="中华人民共和国行政处罚法", issuing_body="全国人大常委会",
                                            kind="law", in_force_from=dt.date(2021, 7, 15))
    article = Article.objects.create(document=document, seq=48, text="公示与撤回")
    assert article.in_force_on(day) is in_force


def test_an_article_that_ended_is_not_in_force_the_day_after():
    document = LegalDocument(name="旧法", issuing_body="x", kind="law", in_force_to=dt.date(2020, 12, 31))
    article = Article(document=document, seq=1, text="x")
    assert article.in_force_on(dt.date(2020, 12, 31)) and not article.in_force_on(dt.date(2021, 1, 1))


@pytest.mark.parametrize("seq, label", [(1, "第一条"), (10, "第十条"), (42, "第四十二条"), (101, "第一百零一条"),
                                        (110, "第一百一十条"), (1259, "第一千二百五十九条")])
def test_article_numbers_read_and_write_as_the_law_writes_them(seq, label):
    assert article_label(seq) == label
    assert parse_article(label) == seq
    assert parse_article(f"第{seq}条") == seq


def test_entering_an_article_is_recorded_in_the_ledger(cast, login):
    from zhifa.ledger.chain import entries_about

    client = login(cast.u_admin)
    client.post("/catalog/laws/new/", law())
    document = LegalDocument.objects.get()
    client.post(f"/catalog/laws/{document.pk}/articles/new/", {"seq": 42, "text": "两名执法人员"})
    article = Article.objects.get()
    assert [e.kind for e in entries_about(article)] == ["catalog.article.created"]
    assert [e.kind for e in entries_about(document)] == ["catalog.document.created"]
