"""Issued documents (REC-17): numbered per agency, kind and year with no gap and no duplicate; rendered to a
DOCX Word opens and an A4 PDF whose Chinese text reads back; kept as SM3 blobs the ledger entry names; a voided
document keeps its number; a refused issue uses none; the page answers only within the agency's reach."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess

import docx
import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from zhifa.catalog.documents import DECISION, PRIOR_NOTICE, TEMPLATES, sample_values
from zhifa.core.errors import RuleViolation
from zhifa.documents import actions
from zhifa.documents.models import DocumentCounter, IssuedDocument
from zhifa.ledger.models import Entry
from zhifa.ledger.verify import verify
from zhifa.records import blobs
from zhifa.records.models import Blob


def values_for(template, **over):
    v = {k: str(val).removeprefix("〔示例〕") if isinstance(val, str) else val
         for k, val in sample_values(template).items() if k not in ("year", "n")}
    v["agency_short"] = "鞍自然资"
    return v | over


def issue(cast, template=DECISION, *, on=dt.date(2026, 3, 5), actor=None, **over):
    return actions.issue(actor=actor or cast.u_officer, agency=cast.nr, template=template,
                         values=values_for(template, **over), subject=cast.zhang, on=on)


def numbers(cast, template=DECISION, year=2026):
    return list(IssuedDocument.objects.filter(agency=cast.nr, template=template.code, year=year)
                .order_by("seq").values_list("seq", flat=True))


def payload(entry) -> dict:
    return json.loads(entry.payload)


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
                                   reason="poppler-utils (pdftotext, pdftoppm) is not installed: make browser")


def pdf_text(data: bytes) -> str:
    """The text as a PDF reader extracts it, lines joined (poppler: pypdf and pdfminer mis-decode the embedded
    CMap of a CID-keyed CFF font such as Noto Serif SC, though the file is valid and readers show it right)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True,
                         timeout=60).stdout.decode()
    return out.replace("\n", "").replace(" ", "")


def test_numbers_run_from_one_without_gap_per_agency_kind_and_year(cast):
    first = [issue(cast) for _ in range(3)]
    notice = issue(cast, PRIOR_NOTICE)
    other = actions.issue(actor=cast.u_zj_head, agency=cast.zj, template=DECISION, values=values_for(DECISION),
                          subject=None, on=dt.date(2026, 3, 5))
    assert [d.number for d in first] == [f"鞍自然资罚决字〔2026〕{n}号" for n in (1, 2, 3)]
    assert notice.number == "鞍自然资罚告字〔2026〕1号" and other.seq == 1
    assert numbers(cast) == [1, 2, 3]


def test_a_voided_document_keeps_its_number_and_the_next_issue_takes_the_next(cast):
    first = issue(cast)
    with pytest.raises(RuleViolation) as no_reason:
        actions.void(actor=cast.u_head, document=first, reason="  ")
    assert no_reason.value.field == "reason"
    voided = actions.void(actor=cast.u_head, document=first, reason="当事人名称写错，重新制作")
    second = issue(cast)
    assert voided.number == "鞍自然资罚决字〔2026〕1号" and voided.voided_at is not None
    assert second.seq == 2 and numbers(cast) == [1, 2]
    entry = Entry.objects.filter(kind="document.voided").get()
    assert payload(entry)["number"] == voided.number and payload(entry)["reason"] == "当事人名称写错，重新制作"
    with pytest.raises(PermissionDenied):   # an officer issues but does not void
        actions.void(actor=cast.u_officer, document=second, reason="试一试")


def test_a_refused_issue_uses_no_number(cast, monkeypatch):
    issue(cast)
    with pytest.raises(RuleViolation) as missing:
        issue(cast, 复议机关="")
    assert missing.value.field == "复议机关"

    def broken(*args, **kwargs):
        raise RuntimeError("渲染失败")

    monkeypatch.setattr(actions, "render_pdf", broken)     # a failure after the number was taken
    with pytest.raises(RuntimeError):
        issue(cast)
    monkeypatch.undo()
    assert issue(cast).seq == 2
    assert numbers(cast) == [1, 2]
    assert DocumentCounter.objects.get(agency=cast.nr, kind=DECISION.code, year=2026).last == 2
    assert Entry.objects.filter(kind="document.issued").count() == 2


def test_a_subjects_documents_are_listed_in_the_order_issued(cast):
    from zhifa.documents.access import documents_about

    notice, decision = issue(cast, PRIOR_NOTICE), issue(cast)
    actions.issue(actor=cast.u_head, agency=cast.nr, template=DECISION, values=values_for(DECISION), subject=cast.li)
    assert list(documents_about(cast.zhang)) == [notice, decision]
    assert decision.subject == cast.zhang


def test_the_year_rolls_over_at_midnight_and_the_new_year_starts_at_one(cast):
    with time_machine.travel(dt.datetime(2026, 12, 31, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=8))),
                             tick=False):
        last = [issue(cast, on=None) for _ in range(2)][-1]
    with time_machine.travel(dt.datetime(2027, 1, 1, 0, 1, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        first = issue(cast, on=None)
    assert last.number == "鞍自然资罚决字〔2026〕2号" and first.number == "鞍自然资罚决字〔2027〕1号"


def test_a_user_without_the_permission_or_outside_the_agency_cannot_issue(cast):
    for user in (cast.u_supervisor, cast.u_ly_head):
        with pytest.raises(PermissionDenied):
            issue(cast, actor=user)
    with pytest.raises(RuleViolation):   # a unit is not a 执法主体
        actions.issue(actor=cast.u_head, agency=cast.nr_team, template=DECISION, values=values_for(DECISION),
                      subject=None)
    assert not IssuedDocument.objects.exists()


def test_the_docx_and_pdf_are_blobs_whose_sm3_the_ledger_entry_holds(cast):
    doc = issue(cast)
    entry = Entry.objects.filter(kind="document.issued").get()
    assert set(json.loads(entry.evidence)) == {doc.docx.sm3, doc.pdf.sm3}
    assert payload(entry)["docx_sm3"] == doc.docx.sm3 and payload(entry)["number"] == doc.number
    for blob in (doc.docx, doc.pdf):
        assert blobs.rehash(blob.sm3).sm3 == blob.sm3
    assert Blob.objects.count() == 2
    assert verify(agency_ids=[cast.nr.pk]).ok


def test_the_docx_opens_in_python_docx_and_holds_the_number(cast):
    doc = issue(cast)
    with blobs.open_blob(doc.docx.sm3) as f:
        opened = docx.Document(io.BytesIO(f.read()))
    assert [p.text for p in opened.paragraphs[:2]] == ["行政处罚决定书", "鞍自然资罚决字〔2026〕1号"]
    assert any("鞍山某建材有限公司" in p.text for p in opened.paragraphs)


@needs_poppler
def test_the_pdf_is_a4_with_its_chinese_text_and_number_extractable_and_the_font_embedded(cast):
    doc = issue(cast)
    with blobs.open_blob(doc.pdf.sm3) as f:
        data = f.read()
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = pdf_text(data)
    for phrase in ("行政处罚决定书", "鞍自然资罚决字〔2026〕1号", "当事人：鞍山某建材有限公司",
                   "六十日内向鞍山市人民政府申请行政复议", "（印章）"):
        assert phrase in text, phrase
    font = reader.pages[0]["/Resources"]["/Font"]
    descendant = next(iter(font.values())).get_object()["/DescendantFonts"][0].get_object()
    descriptor = descendant["/FontDescriptor"].get_object()
    assert "NotoSerifSC" in str(descendant["/BaseFont"])
    assert any(k in descriptor for k in ("/FontFile2", "/FontFile3"))   # embedded, not referenced
    assert len(data) < 300_000                                          # a subset, not the 11 MB font


@needs_poppler
def test_every_template_renders_as_a_pdf_with_its_title(cast):
    from zhifa.documents.pdf import render_pdf

    for template in TEMPLATES.values():
        values = sample_values(template)
        assert template.title in pdf_text(render_pdf(template, values)), template.code


@needs_poppler
def test_the_pdf_renders_to_an_image(cast, tmp_path):
    doc = issue(cast)
    with blobs.open_blob(doc.pdf.sm3) as f:
        (tmp_path / "d.pdf").write_bytes(f.read())
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(tmp_path / "d.pdf"),
                    str(tmp_path / "page")], check=True, capture_output=True, timeout=60)
    assert (tmp_path / "page-1.png").stat().st_size > 5_000


# ---------------------------------------------------------------- the page


@needs_poppler
def test_the_page_shows_number_and_state_and_downloads_are_recorded(cast, login, django_assert_max_num_queries):
    doc = issue(cast)
    client = login(cast.u_officer)
    with django_assert_max_num_queries(12):
        page = client.get(f"/documents/{doc.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "鞍自然资罚决字〔2026〕1号" in html and "有效" in html
    assert "张伟" in html and "作废文书" not in html     # the issuer by name; an officer cannot void
    pdf = client.post(f"/documents/{doc.pk}/download/", {"format": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "鞍自然资罚决字〔2026〕1号" in pdf_text(b"".join(pdf.streaming_content))
    word = client.post(f"/documents/{doc.pk}/download/", {"format": "docx"})
    assert docx.Document(io.BytesIO(b"".join(word.streaming_content))).paragraphs[1].text == doc.number
    assert [payload(e)["format"] for e in Entry.objects.filter(kind="document.downloaded").order_by("pk")] == [
        "pdf", "docx"]
    assert client.post(f"/documents/{doc.pk}/download/", {"format": "exe"}).status_code == 422


def test_the_head_voids_from_the_page_with_a_reason(cast, login):
    doc = issue(cast)
    client = login(cast.u_head)
    refused = client.post(f"/documents/{doc.pk}/void/", {"reason": ""})
    assert refused.status_code == 422 and "作废理由" in refused.content.decode()
    done = client.post(f"/documents/{doc.pk}/void/", {"reason": "文书送达前发现笔误"}, follow=True)
    html = done.content.decode()
    assert "已作废" in html and "文书送达前发现笔误" in html and doc.number in html


def test_another_agencys_document_is_404_like_a_missing_one(cast, login):
    doc = issue(cast)
    client = login(cast.u_ly_head)
    for url in (f"/documents/{doc.pk}/", "/documents/999999999/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/documents/{doc.pk}/download/", {"format": "pdf"}).status_code == 404
    assert client.post(f"/documents/{doc.pk}/void/", {"reason": "x"}).status_code == 404
    assert not Entry.objects.filter(kind__in=["document.downloaded", "document.voided"]).exists()
    assert login(cast.u_supervisor).get(f"/documents/{doc.pk}/").status_code == 200   # the region's supervisor
