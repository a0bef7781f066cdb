"""Bad input on the public portal: each answered with a clear Chinese sentence (never a 500), nothing written,
and the portal keeps serving — a huge, an empty or a disguised evidence file, a contact that is no contact, a
script typed in the search box, page numbers -1 and 10^12, a decision number that does not exist, a flood of
correction requests from one address."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.publicity.test_corrections import APPLICANT, PNG, published  # noqa: F401 — the fixture

from zhifa.publicity.models import CorrectionRequest
from zhifa.records.models import Blob


def _send(client, snap, evidence=None, address="198.51.100.7", **extra):
    data = APPLICANT | extra | ({"evidence": evidence} if evidence is not None else {})
    return client.post(f"/portal/publications/{snap.pk}/correction/", data, REMOTE_ADDR=address)


def _still_serving(client, snap):
    assert client.get("/portal/").status_code == 200
    assert client.get(f"/portal/publications/{snap.pk}/").status_code == 200


@pytest.mark.parametrize("name, content, said", [
    ("证明.pdf", b"", "证明材料是空文件"),
    ("证明.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "证明材料不能超过10 MB"),  # the default limit and a byte
    ("证明.exe", b"MZ\x90\x00", "证明材料只能是 PDF、JPG 或 PNG 文件"),
    ("证明.png", b"<html>not a picture</html>", "证明材料只能是 PDF、JPG 或 PNG 文件"),
])
def test_an_evidence_file_that_is_empty_huge_or_not_a_document_is_refused_beside_its_field(
        client, published, name, content, said):  # noqa: F811
    refused = _send(client, published, SimpleUploadedFile(name, content))
    html = refused.content.decode()
    assert refused.status_code == 422 and said in html
    assert html.index(said) > html.index('for="id_evidence"')  # beside the field it names
    assert not CorrectionRequest.objects.exists() and not Blob.objects.filter(size=len(content)).exists()
    _still_serving(client, published)


@pytest.mark.parametrize("extra, said", [
    ({"phone": "", "email": ""}, "请至少留下联系电话或电子邮箱"),
    ({"phone": "call me", "email": ""}, "联系电话应为电话号码"),
    ({"phone": "", "email": "zhang@"}, "电子邮箱格式不正确"),
    ({"should_be": ""}, "必填项"),
])
def test_contact_details_are_validated(client, published, extra, said):  # noqa: F811
    refused = _send(client, published, **extra)
    assert refused.status_code == 422 and said in refused.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_a_flood_from_one_address_is_answered_429_and_others_are_served(client, published, settings):  # noqa: F811
    settings.ZHIFA_CORRECTION_PER_HOUR = 3
    for n in range(3):
        assert _send(client, published, wrong=f"第{n}处有误").status_code == 302
    flood = _send(client, published, wrong="第4处有误")
    assert flood.status_code == 429 and "一小时内最多提交3件更正申请" in flood.content.decode()
    assert CorrectionRequest.objects.count() == 3
    assert _send(client, published, address="198.51.100.8").status_code == 302  # another address
    _still_serving(client, published)


def test_a_script_in_the_search_box_is_shown_escaped(client, published):  # noqa: F811
    page = client.get("/portal/publications/", {"q": "<script>alert(1)</script>"})
    html = page.content.decode()
    assert page.status_code == 200 and "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "没有找到符合条件的公示信息" in html
    track = client.get("/portal/corrections/track/", {"number": "<script>x</script>"})
    assert track.status_code == 404 and "<script>x" not in track.content.decode()


@pytest.mark.parametrize("page", ["-1", str(10**12), "0", "x"])
def test_a_page_number_that_is_no_page_is_answered_not_found(client, published, page):  # noqa: F811
    answer = client.get("/portal/publications/", {"page": page})
    assert answer.status_code == 404 and "页面不存在" in answer.content.decode()
    _still_serving(client, published)


def test_a_decision_number_that_does_not_exist_is_found_nowhere(client, published):  # noqa: F811
    html = client.get("/portal/publications/", {"q": "鞍山市自然资源局罚决字〔2099〕99999号"}).content.decode()
    assert "没有找到符合条件的公示信息" in html and f"/portal/publications/{published.pk}/" not in html
    assert client.get("/portal/publications/999999999/").status_code == 404
    assert client.get("/portal/publications/999999999/correction/").status_code == 404
    _still_serving(client, published)


@pytest.mark.parametrize("q", ["王", " 王 ", "a"])
def test_one_character_is_answered_with_the_two_it_needs_and_two_are_found(client, published, q):  # noqa: F811
    answer = client.get("/portal/publications/", {"q": q})
    html = answer.content.decode()
    assert answer.status_code == 422 and "请至少输入两个字" in html and "没有找到" not in html
    two = client.get("/portal/publications/", {"q": published.party_name[:2]}).content.decode()
    assert f"/portal/publications/{published.pk}/" in two
    _still_serving(client, published)
