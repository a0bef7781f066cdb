"""Closing and the 案卷 (REC-09, REC-15): the head's 结案 approval issues the 结案审批表; closing opens the archive
deadline (agency setting, days or working days) and archiving meets it; the 案卷 is one PDF — cover, catalogue,
the documents in order, the evidence list and the AV record list — kept as a blob whose SM3 the archive's entry
holds, and the records' BagIt bag carries it; the 案卷 page shows cover and catalogue to whoever may view the case."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from tests.cases.test_case_decision import at_decide, executing  # noqa: F401  (fixtures)
from tests.cases.test_case_notice import at_notify  # noqa: F401  (fixture)
from tests.documents.test_issued_documents import needs_poppler, pdf_text

from zhifa.cases import actions, rules
from zhifa.cases.models import Case, CaseDossier, CaseSettings, CaseState
from zhifa.cases.rules import Period
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.ledger.bag import verify_bag
from zhifa.ledger.chain import entries_about
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.records import blobs
from zhifa.records.models import Evidence

TODAY = dt.date.today()
D = dt.date


def approve_closing(world, case, text="同意结案，按期立卷归档"):
    actions.sign_opinion(actor=world.u_unit_head, case=case, step="close", agrees=True, text="材料齐全，建议结案")
    actions.sign_opinion(actor=world.u_head, case=case, step="close", agrees=True, text=text)


@pytest.fixture
def closed(world, executing):  # noqa: F811
    actions.record_payment(actor=world.u_officer, case=executing, paid_on=TODAY, amount=Decimal("5000"))
    approve_closing(world, executing)
    actions.move(actor=world.u_officer, case=executing, target="close")
    return Case.objects.get(pk=executing.pk)


@pytest.fixture
def archived(world, closed):
    actions.move(actor=world.u_officer, case=closed, target="archive", note="立卷归档")
    return Case.objects.get(pk=closed.pk)


def closing_forms(case):
    return IssuedDocument.objects.filter(template="case_closing", subject_id=case.pk)


# ---------------------------------------------------------------- 结案审批


def test_the_heads_close_approval_issues_the_closing_form_from_the_case(world, executing):  # noqa: F811
    actions.record_payment(actor=world.u_officer, case=executing, paid_on=TODAY, amount=Decimal("5000"))
    actions.sign_opinion(actor=world.u_unit_head, case=executing, step="close", agrees=True, text="材料齐全，建议结案")
    assert not closing_forms(executing).exists()  # the unit's opinion alone issues nothing
    actions.sign_opinion(actor=world.u_head, case=executing, step="close", agrees=True, text="同意结案")
    form = closing_forms(executing).get()
    executing.refresh_from_db()
    v = form.values
    assert form.title == "结案审批表" and v["案件号"] == executing.number and v["案由"] == executing.title
    assert v["当事人名称"] == "鞍山某建材有限公司" and v["处理结果"] == "罚款5,000.00元"
    assert v["决定书文号"].startswith("《行政处罚决定书》") and "罚决字" in v["决定书文号"]
    assert v["执行情况"] == f"当事人于{TODAY.year}年{TODAY.month}月{TODAY.day}日缴纳罚款5000.00元"
    assert v["结案理由"] == "行政处罚决定已执行完毕"
    assert v["承办机构意见"] == "材料齐全，建议结案" and v["负责人审批意见"] == "同意结案"
    assert v["承办人"] == "张伟、李娜"
    approval = [e for e in entries_about(executing) if e.kind == "case.opinion"][-1]
    assert json.loads(approval.payload)["document"] == form.pk  # one entry: the approval and its form
    # a second approval (a form submitted twice) is refused and issues no second form
    with pytest.raises(RuleViolation, match="已由行政机关负责人审批"):
        actions.sign_opinion(actor=world.u_head, case=executing, step="close", agrees=True, text="同意结案")
    assert closing_forms(executing).count() == 1


def test_an_unpaid_fine_is_on_the_closing_form_as_unexecuted(world, executing):  # noqa: F811
    approve_closing(world, executing)
    v = closing_forms(executing).get().values
    assert v["执行情况"] == "罚款尚未缴纳" and v["结案理由"] == "其他依法应当结案的情形"


def test_a_refused_closing_issues_no_form(world, executing):  # noqa: F811
    actions.sign_opinion(actor=world.u_unit_head, case=executing, step="close", agrees=True, text="建议结案")
    actions.sign_opinion(actor=world.u_head, case=executing, step="close", agrees=False, text="罚款未缴纳，不同意结案")
    assert not closing_forms(executing).exists()
    with pytest.raises(RuleViolation, match="结案尚未经行政机关负责人批准"):
        actions.move(actor=world.u_officer, case=executing, target="close")


# ---------------------------------------------------------------- the archive deadline


def archive_obligation(case):
    return Obligation.objects.get(subject_id=case.pk, rule=rules.ARCHIVE_RULE)


def test_closing_opens_the_thirty_day_archive_deadline_and_archiving_meets_it(world, closed):
    ob = archive_obligation(closed)
    assert ob.state == ObligationState.OPEN and ob.assignee == world.u_officer
    assert ob.due_at.date() == rules.archive_due(TODAY).last_day == TODAY + dt.timedelta(days=30)
    actions.move(actor=world.u_officer, case=closed, target="archive")
    ob.refresh_from_db()
    assert ob.state == ObligationState.MET


def test_the_agency_sets_the_archive_period_in_working_days(world, executing):  # noqa: F811
    actions.set_dossier_settings(actor=world.u_head, agency=world.nr, archive_n=30, archive_unit="workday",
                                 retention="permanent")
    actions.record_payment(actor=world.u_officer, case=executing, paid_on=TODAY, amount=Decimal("5000"))
    approve_closing(world, executing)
    actions.move(actor=world.u_officer, case=executing, target="close")
    ob = archive_obligation(executing)
    assert ob.unit == "workday" and ob.due_at.date() == rules.archive_due(TODAY, Period(30, "workday")).last_day


def test_the_dossier_settings_are_checked_and_a_repeat_records_nothing(world):
    with pytest.raises(RuleViolation) as refused:
        actions.set_dossier_settings(actor=world.u_head, agency=world.nr, archive_n=0, archive_unit="day",
                                     retention="30y")
    assert refused.value.field == "archive_n" and refused.value.rule == rules.ARCHIVE_RULE
    with pytest.raises(RuleViolation) as refused:
        actions.set_dossier_settings(actor=world.u_head, agency=world.nr, archive_n=30, archive_unit="month",
                                     retention="30y")
    assert refused.value.field == "archive_unit"
    for _ in range(2):
        s = actions.set_dossier_settings(actor=world.u_head, agency=world.nr, archive_n=20, archive_unit="workday",
                                         retention="10y")
    assert s.archive_period == Period(20, "workday")
    assert [e.kind for e in entries_about(s)] == ["case.settings"]  # the repeat changed nothing
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.set_dossier_settings(actor=world.u_officer, agency=world.nr, archive_n=30, archive_unit="day",
                                     retention="30y")


# The archive period at its edges (2026's schedule, counted by hand: 中秋 9-25..27, 国庆 10-1..7, 调休 Sunday
# 9-20 and Saturday 10-10 are working days; 2027 is not entered yet, so only its statutory 元旦 is known).
@pytest.mark.parametrize("closed_on, period, last_day, provisional", [
    (D(2026, 9, 10), Period(30, "workday"), D(2026, 10, 28), False),  # across 中秋 and 国庆, both 调休 days counted
    (D(2026, 10, 9), Period(1, "workday"), D(2026, 10, 10), False),  # a 调休 Saturday is a working day
    (D(2026, 9, 30), Period(1, "workday"), D(2026, 10, 8), False),  # the first working day after 国庆
    (D(2026, 12, 2), Period(30, "day"), D(2027, 1, 1), False),  # the agency's last day is not moved past 元旦
    (D(2026, 12, 20), Period(30, "workday"), D(2027, 2, 1), True),  # across the year-end, into an unentered year
])
def test_the_archive_deadline_at_its_edges(db, closed_on, period, last_day, provisional):
    due = rules.archive_due(closed_on, period)
    assert (due.last_day, due.provisional, due.rule) == (last_day, provisional, "行政处罚法 第47条")
    assert due.met_by(last_day) and not due.met_by(last_day + dt.timedelta(days=1))


# ---------------------------------------------------------------- the 案卷 PDF


def test_archiving_binds_one_pdf_kept_as_a_blob_whose_sm3_the_archive_entry_holds(world, archived):
    dossier = CaseDossier.objects.select_related("pdf").get(case=archived)
    move = next(e for e in entries_about(archived) if e.kind == "case.moved" and '"archive"' in e.payload)
    assert json.loads(move.evidence) == [dossier.pdf.sm3]
    assert json.loads(move.payload)["dossier_sm3"] == dossier.pdf.sm3
    with blobs.open_blob(dossier.pdf.sm3) as f:
        data = f.read()
    assert blobs.rehash(dossier.pdf.sm3).sm3 == dossier.pdf.sm3 and data.startswith(b"%PDF")
    assert dossier.closed_on == TODAY == dossier.archived_on and dossier.retention == "30y"
    # the documents in the order they were issued, then the two lists; pages numbered on from the first document
    titles = [item["title"] for item in dossier.catalogue]
    assert titles == ["立案审批表", "行政处罚事先告知书", "行政处罚决定书", "结案审批表", "证据清单", "音像记录清单"]
    assert dossier.catalogue[0]["first_page"] == 1
    for before, after in zip(dossier.catalogue, dossier.catalogue[1:], strict=False):
        assert after["first_page"] == before["last_page"] + 1
    assert dossier.pages == dossier.catalogue[-1]["last_page"]
    # the case's evidence is filed with it: kept with the 案卷, not purged as raw footage
    filed = Evidence.objects.filter(case_links__case=archived)
    assert set(filed.values_list("filed", flat=True)) == {True}
    assert json.loads(move.payload)["filed_evidence"] == sorted(filed.values_list("pk", flat=True))


@needs_poppler
def test_the_pdf_reads_back_with_the_cover_the_catalogue_and_the_av_list(world, archived):
    from pypdf import PdfReader

    dossier = CaseDossier.objects.select_related("pdf").get(case=archived)
    with blobs.open_blob(dossier.pdf.sm3) as f:
        data = f.read()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == dossier.pages + 2  # the cover and the catalogue carry no page number
    text = pdf_text(data)
    number = archived.number
    assert "行政执法案卷" in text and number in text and "鞍山市自然资源局" in text and "鞍山某建材有限公司" in text
    assert "罚款5,000.00元" in text and "保管期限30年" in text and "张伟（21030001）" in text
    assert f"共{dossier.pages}页" in text
    docs = list(IssuedDocument.objects.filter(subject_id=archived.pk).order_by("issued_at", "pk"))
    catalogue = pdf_text(_page(data, 2))
    for item in dossier.catalogue:
        assert item["title"] in catalogue
    for doc in docs:
        if doc.number:
            assert doc.number in catalogue
    # each numbered page carries its number; the documents are there in full
    assert pdf_text(_page(data, 3)).startswith("1") and "立案审批表" in pdf_text(_page(data, 3))
    ev = Evidence.objects.get(case_links__case=archived)
    av = pdf_text(_page(data, len(reader.pages)))
    assert "音像记录清单" in av and ev.blob.sm3 in av and "录像" in av and "摄录：" in av and "李娜" in av
    assert "执法记录仪DSJ-01" in av and "至" in av  # the device and the recording's time


def _page(data: bytes, n: int) -> bytes:
    """Page ``n`` (from 1) of a PDF, alone."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(data)).pages[n - 1])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_refused_archive_binds_nothing(world, executing):  # noqa: F811
    approve_closing(world, executing)
    actions.move(actor=world.u_officer, case=executing, target="close")
    with pytest.raises(RuleViolation, match="罚款尚无缴纳记录"):
        actions.move(actor=world.u_officer, case=executing, target="archive")
    assert not CaseDossier.objects.exists()
    assert Case.objects.get(pk=executing.pk).state == CaseState.CLOSED


# ---------------------------------------------------------------- the pages


def test_the_case_page_links_to_the_dossier_and_the_dossier_page_shows_cover_and_catalogue(world, closed, login):
    client = login(world.u_officer)
    url = reverse("cases:dossier", args=[closed.pk])
    assert url in client.get(closed.get_absolute_url()).content.decode()
    page = client.get(url).content.decode()
    assert "待归档" in page and "卷宗封面" in page and closed.number in page and "结案审批表" in page
    draft = client.post(reverse("cases:dossier_pdf", args=[closed.pk]))
    assert draft.status_code == 200 and draft["Content-Type"] == "application/pdf"
    assert draft.content.startswith(b"%PDF")
    assert not CaseDossier.objects.exists()  # a draft is not kept
    actions.move(actor=world.u_officer, case=closed, target="archive")
    page = client.get(url).content.decode()
    dossier = CaseDossier.objects.select_related("pdf").get()
    assert "已归档" in page and dossier.pdf.sm3 in page and "行政处罚决定书" in page and "音像记录清单" in page
    assert "张伟（21030001）" in page  # handlers by name
    download = client.post(reverse("cases:dossier_pdf", args=[closed.pk]))
    assert download.status_code == 200 and blobs_sm3(download.content) == dossier.pdf.sm3
    kinds = [e.kind for e in entries_about(closed)]
    assert kinds.count("case.dossier_downloaded") == 2


def blobs_sm3(data: bytes) -> str:
    hasher = blobs.Hasher()
    hasher.update(data)
    return hasher.digests().sm3


def test_an_active_case_has_no_dossier_yet(world, executing, login):  # noqa: F811
    client = login(world.u_officer)
    url = reverse("cases:dossier", args=[executing.pk])
    assert url not in client.get(executing.get_absolute_url()).content.decode()
    page = client.get(url)
    assert page.status_code == 200 and "结案后立卷" in page.content.decode()
    refused = client.post(reverse("cases:dossier_pdf", args=[executing.pk]))
    assert refused.status_code == 422 and "案件尚未结案" in refused.content.decode()


def test_another_agencys_dossier_is_missing(world, archived, login):
    client = login(world.u_ly_head)
    for name in ("dossier", "dossier_pdf", "dossier_bag"):
        url = reverse(f"cases:{name}", args=[archived.pk])
        response = client.get(url) if name == "dossier" else client.post(url, {"reason": "查阅"})
        assert response.status_code == 404, name
    assert not [e for e in entries_about(archived) if e.kind.startswith("case.dossier_")]


def test_the_dossier_page_is_served_in_bounded_queries(world, archived, login, django_assert_max_num_queries):
    client = login(world.u_officer)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("cases:dossier", args=[archived.pk])).status_code == 200


# ---------------------------------------------------------------- the BagIt bag


def test_the_archived_case_exports_as_a_bag_that_carries_the_dossier_and_verifies(world, archived, login, tmp_path):
    client = login(world.u_officer)
    url = reverse("cases:dossier_bag", args=[archived.pk])
    refused = client.post(url, {"reason": " "})
    assert refused.status_code == 422 and "导出案卷须写明事由" in refused.content.decode()
    response = client.post(url, {"reason": "移送人民法院强制执行"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as zf:
        zf.extractall(tmp_path / "out")
    (bag,) = list((tmp_path / "out").iterdir())
    assert verify_bag(bag) == []
    dossier = CaseDossier.objects.select_related("pdf").get()
    ev = Evidence.objects.get(case_links__case=archived)
    manifest = (bag / "manifest-sm3.txt").read_text()
    for sm3 in (dossier.pdf.sm3, ev.blob.sm3):
        assert f"{sm3}  data/evidence/{sm3}" in manifest
        assert blobs_sm3((bag / "data/evidence" / sm3).read_bytes()) == sm3
    assert json.loads((bag / "data/evidence-missing.json").read_text()) == []
    kinds = [json.loads(line)["record"]["kind"] for line in (bag / "data/entries.jsonl").read_text().splitlines()]
    assert {"case.moved", "document.issued", "evidence.exported", "case.dossier_exported"} <= set(kinds)
    # tampering with the 案卷 in the bag is found
    (bag / "data/evidence" / dossier.pdf.sm3).write_bytes(b"%PDF-1.4 altered")
    assert any("被改动" in p for p in verify_bag(bag))


def test_a_closed_case_is_not_exported_before_it_is_archived(world, closed, login):
    response = login(world.u_officer).post(reverse("cases:dossier_bag", args=[closed.pk]), {"reason": "查阅"})
    assert response.status_code == 422 and "归档后方可导出" in response.content.decode()


def test_the_default_settings_are_the_national_ones(world):
    s = CaseSettings.of(world.nr)
    assert s.archive_period == Period(30, "day") and s.get_dossier_retention_display() == "30年"
