"""Pages say rules, ledger entries and people in plain Chinese (issue 10, item 4): no requirement code, English
ledger kind or login name in the text a person reads, and digests and keys folded inside 技术信息. The crawl in
tests/e2e/test_crawl.py looks at every page in a browser; these pin the pages that leaked, one by one."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from tests.conftest import DEMO_NOW, built_once, demo_command

from zhifa.agencies.models import Agency
from zhifa.core import labels
from zhifa.demo.data import USERS
from zhifa.records.models import Evidence

CODE = re.compile(r"\b[A-Z]{3}-\d{2}\b")
LOGINS = [u for u, _r, _w in USERS]


class _Text(HTMLParser):
    """The text a person reads: outside tags and attributes, and outside a closed <details> but its summary."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []
        self.folded: list[str] = []
        self._details = 0
        self._summary = False
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "details":
            self._details += 1
        elif tag == "summary":
            self._summary = True
        elif tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "details":
            self._details -= 1
        elif tag == "summary":
            self._summary = False
        elif tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if self._skip:
            return
        (self.folded if self._details and not self._summary else self.shown).append(data)


def text_of(response) -> tuple[str, str]:
    """(the text shown, the text inside 技术信息 and other closed disclosures)."""
    parser = _Text()
    parser.feed(response.content.decode())
    return " ".join(parser.shown), " ".join(parser.folded)


demo_built = built_once(demo_command)


@pytest.fixture
def demo(demo_built, db, time_machine):
    time_machine.move_to(DEMO_NOW, tick=False)  # as when it was built
    return demo_built


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def assert_plain(response) -> str:
    assert response.status_code == 200
    shown, _folded = text_of(response)
    assert CODE.findall(shown) == []
    assert [k for k in re.findall(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\b", shown) if labels.is_kind(k)] == []
    assert [u for u in LOGINS if re.search(rf"(?<![A-Za-z0-9_]){u}(?![A-Za-z0-9_])", shown)] == []
    return shown


def test_the_public_list_index_names_no_requirement_code(demo):
    shown = assert_plain(Client().get("/portal/"))
    assert "行政执法公示" in shown


def test_the_reviewer_ratio_is_explained_in_words_with_the_code_only_in_a_tooltip(demo):
    response = client_of("nr_head").get("/reviewers/")
    shown = assert_plain(response)
    assert "法制审核人员不少于执法人员的 5%" in shown and 'title="REV-11"' in response.content.decode()


@pytest.mark.parametrize("path", ["/catalog/texts/", "/catalog/discretion/", "/records/settings/"])
def test_catalog_and_records_pages_name_no_requirement_code(demo, path):
    assert_plain(client_of("nr_head").get(path))


def test_a_document_sample_names_its_basis_in_words(demo):
    shown = assert_plain(client_of("nr_officer").get("/catalog/texts/documents/review_opinion/"))
    assert "依据：审核意见" in shown


def test_the_evidence_ledger_shows_what_happened_and_who_by_name_the_digests_inside_technical_detail(demo):
    ev = Evidence.objects.filter(unit__name__contains="").order_by("pk").first()
    response = client_of("nr_head").get(f"/records/{ev.pk}/")
    shown, folded = text_of(response)
    assert_plain(response)
    assert "移交存入" in shown and "evidence.ingested" in response.content.decode()  # the kind as a tooltip
    assert ev.blob.sm3 not in shown and ev.blob.sm3 in folded
    assert "技术信息" in shown


def test_the_agency_page_folds_its_signing_key_inside_technical_detail(demo):
    agency = Agency.objects.get(name="鞍山市自然资源局")
    response = client_of("nr_head").get(f"/agencies/{agency.pk}/")
    shown, folded = text_of(response)
    assert_plain(response)
    assert "签名公钥" in shown and "BEGIN PUBLIC KEY" not in shown and "BEGIN PUBLIC KEY" in folded


def test_every_signed_in_demo_account_is_named_by_its_person(demo):
    for username in LOGINS:
        response = client_of(username).get("/workdays/")
        assert_plain(response)


@pytest.mark.parametrize("code", ["punishment_general", "legal_review"])
def test_a_flow_chart_names_its_guards_and_bases_in_words(db, code):
    svg = Client().get(f"/catalog/flow/{code}.svg").content.decode()
    text = " ".join(re.findall(r">([^<>]+)<", svg))
    assert CODE.findall(text) == []
    if code == "punishment_general":
        assert "《行政处罚法》第四十二条" in text and "未经法制审核不得作出决定" in text


def test_a_hold_in_the_evidence_ledger_reads_by_its_reason_not_its_stored_value(demo):
    held = Evidence.objects.filter(holds__isnull=False).first()
    shown, _folded = text_of(client_of("nr_head").get(f"/records/{held.pk}/"))
    assert "设定长期保存：投诉举报" in shown and "complaint" not in shown
