"""The 法制审核意见书 as kept (REV-08): its DOCX and PDF read back with the number, the case, the outcome and the
reviewer, held as blobs whose SM3 the ledger holds and bound into the 案卷; the legal unit's register of opinions
(法制审核登记簿) and the statistics per reviewer and agency, with the working days each took kept at the
7th and 8th working day; and who submitted, reviewed and decided, read back from an exported bag alone (REV-10)."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import docx
import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.cases.test_case_dossier import approve_closing, blobs_sm3
from tests.documents.test_issued_documents import needs_poppler, pdf_text
from tests.review.conftest import TODAY, agree, decide, submit

from zhifa.agencies.models import name_of
from zhifa.cases import actions as cases
from zhifa.cases.dossier import contents_of, export_bag_to
from zhifa.cases.models import Case
from zhifa.ledger.bag import verify_bag
from zhifa.ledger.models import Entry
from zhifa.records import blobs
from zhifa.review import actions as review
from zhifa.review.accountability import account_of
from zhifa.review.models import ReviewRound, ReviewTally
from zhifa.review.stats import rebuild_tally
from zhifa.workdays.calendar import SHANGHAI

D = dt.date


def at(day: D, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def reviewed(world, case, *, submitted: D, opined: D, outcome: str = "agree", returned: bool = False,
             extended: bool = False) -> ReviewRound:
    """One round of ``case``: submitted, (returned and resubmitted the same day,) accepted, (extended,) and its
    opinion given on ``opined``."""
    with time_machine.travel(at(submitted), tick=False):
        r = review.assign(actor=world.u_sun, round=submit(world, case), reviewer=world.sun)
        if returned:
            r = review.return_incomplete(actor=world.u_sun, round=r, missing=["现场勘验图"])
            r = review.resubmit(actor=world.u_officer, round=r, supplement="已补充现场勘验图")
        r = review.accept(actor=world.u_sun, round=r)
        if extended:
            r = review.extend(actor=world.u_head, round=r, reason="案情复杂，需进一步核实证据")
    with time_machine.travel(at(opined, 15), tick=False):
        return agree(world, r, outcome)


# ---------------------------------------------------------------- the opinion as kept


def read_docx(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "".join([p.text for p in document.paragraphs] + cells).replace(" ", "")


@needs_poppler
def test_the_opinion_docx_and_pdf_read_back_with_number_case_outcome_and_reviewer(world, major, reviewers):
    r = reviewed(world, major, submitted=D(2026, 3, 2), opined=D(2026, 3, 6))
    doc = r.opinion
    assert doc.number == "鞍山市自然资源局法审〔2026〕1号"
    for text in (read_docx(blobs.open_blob(doc.docx.sm3).read()), pdf_text(blobs.open_blob(doc.pdf.sm3).read())):
        assert doc.number in text and major.title in text and major.number in text
        assert "同意" in text and "孙丽" in text
    # each file is a blob named by its SM3, and the ledger's entry of the opinion holds both digests
    assert blobs_sm3(blobs.open_blob(doc.pdf.sm3).read()) == doc.pdf.sm3
    issued = Entry.objects.get(kind="document.issued", payload__contains=f'"number":"{doc.number}"')
    assert {doc.docx.sm3, doc.pdf.sm3} <= set(json.loads(issued.evidence))
    assert doc.pdf.sm3 in json.loads(Entry.objects.get(kind="review.opinion").evidence)


# ---------------------------------------------------------------- the clock kept with the opinion


@pytest.mark.parametrize("opined, extended, days, on_time", [
    (D(2026, 3, 11), False, 7, True),    # received 3-02: the 7th working day, the last in time
    (D(2026, 3, 12), False, 8, False),   # the 8th, late
    (D(2026, 3, 12), True, 8, True),     # the 8th with the leader's +3 (to 3-16)
])
def test_the_working_days_taken_and_in_time_are_kept_at_the_seventh_and_eighth_day(world, major, reviewers, opined,
                                                                                     extended, days, on_time):
    r = reviewed(world, major, submitted=D(2026, 3, 2), opined=opined, extended=extended)
    assert (r.working_days, r.on_time) == (days, on_time)


def test_the_days_away_for_completion_are_not_taken(world, major, reviewers):
    # submitted 9-28, returned 9-29 (one working day run), resubmitted 10-09 after 国庆 (10-01..10-08) — the day
    # of resubmission not counted, as the day a period starts is not — opinion 10-12: 9-29, 10-10 (the 调休
    # Saturday) and 10-12; 9-30 and 10-09, away, not counted
    with time_machine.travel(at(D(2026, 9, 28)), tick=False):
        r = review.assign(actor=world.u_sun, round=submit(world, major), reviewer=world.sun)
    with time_machine.travel(at(D(2026, 9, 29)), tick=False):
        r = review.return_incomplete(actor=world.u_sun, round=r, missing=["现场勘验图"])
    with time_machine.travel(at(D(2026, 10, 9)), tick=False):
        r = review.resubmit(actor=world.u_officer, round=r, supplement="已补充现场勘验图")
        r = review.accept(actor=world.u_sun, round=r)
    with time_machine.travel(at(D(2026, 10, 12), 15), tick=False):
        r = agree(world, r)
    assert (r.working_days, r.on_time) == (3, True)


# ---------------------------------------------------------------- the register


@pytest.fixture
def three(world, major, reviewers):
    """Three rounds of one case: 重新调查 (returned once), 变更 (extended, late by a day), then 同意."""
    first = reviewed(world, major, submitted=D(2026, 3, 2), opined=D(2026, 3, 6), outcome="reinvestigate",
                     returned=True)
    second = reviewed(world, major, submitted=D(2026, 4, 1), opined=D(2026, 4, 17), outcome="change",
                      extended=True)
    third = reviewed(world, major, submitted=D(2026, 5, 6), opined=D(2026, 5, 8))
    return first, second, third


def test_the_register_lists_every_opinion_by_number_and_filters_by_year_and_outcome(world, three, login):
    client = login(world.u_sun)
    page = client.get(reverse("review:register")).content.decode()
    numbers = [r.opinion.number for r in three]
    assert numbers == [f"鞍山市自然资源局法审〔2026〕{n}号" for n in (1, 2, 3)]
    assert [page.index(n) for n in reversed(numbers)] == sorted(page.index(n) for n in numbers)  # newest first
    assert "孙丽" in page and "重新调查（或补充调查）" in page and "变更或修正行政执法决定" in page
    assert "11个工作日" in page and "逾期" in page  # the second: 4-01 to 4-17 is 11 working days, 10 allowed
    only = client.get(reverse("review:register"), {"year": "2026", "outcome": "change"}).content.decode()
    assert numbers[1] in only and numbers[0] not in only and numbers[2] not in only
    assert numbers[0] not in client.get(reverse("review:register"), {"year": "2025"}).content.decode()


def test_the_register_refuses_a_bad_year_or_outcome_in_chinese(world, three, login):
    client = login(world.u_sun)
    for params, message in (({"year": "二〇二六"}, "年度应为四位数字"),
                            ({"year": "1999"}, "年度应在2000年至2100年之间"),
                            ({"outcome": "pending_head"}, "审核意见只能从列表中选择")):
        response = client.get(reverse("review:register"), params)
        assert response.status_code == 422 and message in response.content.decode()
        assert "鞍山市自然资源局法审" not in response.content.decode()


def test_the_register_downloads_as_a_spreadsheet_of_the_filtered_rows(world, three, login):
    response = login(world.u_head).get(reverse("review:register_xlsx"), {"outcome": "agree"})
    assert response.status_code == 200 and "review-register" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("文号", "年度", "执法主体", "案件名称", "案件号", "审核意见")
    assert len(rows) == 2 and rows[1][0] == "鞍山市自然资源局法审〔2026〕3号"
    assert rows[1][5] == "同意" and rows[1][6] == "孙丽"


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def test_the_register_and_statistics_cost_the_same_queries_for_one_opinion_and_for_three(world, major, reviewers,
                                                                                       login):
    client = login(world.u_sun)
    reviewed(world, major, submitted=D(2026, 3, 2), opined=D(2026, 3, 6), outcome="reinvestigate")
    one = [queries(client, reverse(name), {"start": "2026-01"} if name == "review:statistics" else None)
           for name in ("review:register", "review:statistics")]
    reviewed(world, major, submitted=D(2026, 4, 1), opined=D(2026, 4, 8), outcome="change")
    reviewed(world, major, submitted=D(2026, 5, 6), opined=D(2026, 5, 8))
    three = [queries(client, reverse(name), {"start": "2026-01"} if name == "review:statistics" else None)
             for name in ("review:register", "review:statistics")]
    assert one == three


# ---------------------------------------------------------------- the statistics


def test_the_statistics_count_outcomes_days_returns_extensions_and_in_time_per_reviewer_and_agency(world, three,
                                                                                                 login):
    client = login(world.u_head)
    response = client.get(reverse("review:statistics"), {"start": "2026-01", "end": "2026-12"})
    figures = response.context["figures"]
    (sun,) = figures.reviewers
    (agency,) = figures.agencies
    # days: 4 (3-02→3-06), 11 (4-01→4-17, 清明 4-06 not counted; 10 allowed: late), 2 (5-06→5-08)
    for line in (sun, agency, figures.total):
        assert line.count == 3 and line.returns == 1 and line.extensions == 1
        assert dict(line.outcome_counts())["同意"] == 1 and dict(line.outcome_counts())["变更或修正行政执法决定"] == 1
        assert line.median == 4 and line.mean == pytest.approx(17 / 3) and line.on_time == 2 and line.timed == 3
    assert sun.label == "孙丽" and agency.label == "鞍山市自然资源局"
    page = response.content.decode()
    assert "<svg" in page and 'role="img"' in page and "style=" not in page.split("<svg", 1)[1].split("</svg>")[0]
    assert "67%" in page
    spring = client.get(reverse("review:statistics"), {"start": "2026-04", "end": "2026-04"})
    assert spring.context["figures"].total.count == 1
    # the tally, bumped opinion by opinion, is what counting the rounds again makes
    before = sorted(ReviewTally.objects.values_list("month", "outcome", "working_days", "count", "timed", "on_time",
                                                    "returns", "extensions"))
    rebuild_tally()
    assert sorted(ReviewTally.objects.values_list("month", "outcome", "working_days", "count", "timed", "on_time",
                                                  "returns", "extensions")) == before


def test_a_bad_period_is_refused_in_chinese(world, three, login):
    client = login(world.u_head)
    for params, message in (({"start": "2026-13"}, "起始月份应为“年-月”"),
                            ({"start": "2026-05", "end": "2026-04"}, "截止月份不能早于起始月份")):
        response = client.get(reverse("review:statistics"), params)
        assert response.status_code == 422 and message in response.content.decode()


def test_the_supervisor_sees_the_regions_agencies_an_officer_and_another_agency_do_not(world, three, login):
    response = login(world.u_supervisor).get(reverse("review:statistics"), {"start": "2026-01"})
    menu = login(world.u_supervisor).get(reverse("supervision:region")).content.decode()
    assert f'href="{reverse("review:statistics")}"' in menu  # the statistics are in the supervisor's menu
    assert [a.label for a in response.context["figures"].agencies] == ["鞍山市自然资源局"]
    assert login(world.u_officer).get(reverse("review:register")).status_code == 403
    other = login(world.u_ly_head).get(reverse("review:statistics"), {"start": "2026-01"})
    assert other.status_code == 200 and other.context["figures"].total.count == 0
    assert "鞍山市自然资源局法审" not in login(world.u_ly_head).get(reverse("review:register")).content.decode()


# ---------------------------------------------------------------- accountability, from the bag alone


def test_who_submitted_reviewed_and_decided_reads_back_from_the_exported_bag_alone(world, major, reviewers, login,
                                                                                 tmp_path, django_assert_num_queries):
    with time_machine.travel(at(TODAY, 9), tick=False):
        r = reviewed(world, major, submitted=TODAY, opined=TODAY)
    decision = decide(world, major)
    cases.record_service(actor=world.u_officer, case=major, document=decision, method="direct", served_on=TODAY,
                         recipient="赵丽华")
    cases.move(actor=world.u_officer, case=major, target="execute")
    cases.record_payment(actor=world.u_officer, case=major, paid_on=TODAY, amount=Decimal("150000"))
    approve_closing(world, major)
    cases.move(actor=world.u_officer, case=major, target="close")
    cases.move(actor=world.u_officer, case=major, target="archive", note="立卷归档")
    case = Case.objects.get(pk=major.pk)
    # the opinion is in the 案卷's catalogue
    assert any(item.number == r.opinion.number for item in contents_of(case).items)
    # the case page names the three, with the digests inside 技术信息
    page = login(world.u_head).get(case.get_absolute_url()).content.decode()
    section = page.split('id="accountability-h"', 1)[1]
    assert "报送：张伟" in section and "审核：孙丽" in section and r.draft_sm3 in section.split("技术信息", 1)[1]
    export_bag_to(actor=world.u_head, case=case, reason="复核决定的审核责任", out_dir=tmp_path / "bag")
    assert verify_bag(tmp_path / "bag") == []
    lines = (tmp_path / "bag" / "data" / "entries.jsonl").read_text().splitlines()
    with django_assert_num_queries(0):
        (account,) = account_of(json.loads(line)["record"] for line in lines)
    assert account.decision_number == decision.number and account.opinion_number == r.opinion.number
    assert [(a.role, a.actor) for a in account.acts] == [
        ("报送", world.u_officer.username), ("审核", world.u_sun.username), ("决定", world.u_head.username)]
    # and by the persons' names, as the entries recorded them: the bag needs no register of accounts
    assert [a.name for a in account.acts] == [name_of(world.u_officer), "孙丽", name_of(world.u_head)]
    assert all(a.name and a.name != a.actor for a in account.acts)
    assert account.bound and account.draft_sm3 == r.draft_sm3
    # what each saw: the submitted draft and evidence; the reviewer the same; the head the draft and the opinion
    evidence = [e["sm3"] for e in r.evidence]
    assert account.submitted.saw == (r.draft_sm3, *evidence) and account.submitted.made == (r.draft_sm3,)
    assert account.reviewed.saw == (r.draft_sm3, *evidence)
    assert account.reviewed.made == (r.opinion.docx.sm3, r.opinion.pdf.sm3)
    assert account.decided.saw == (r.draft_sm3, r.opinion.docx.sm3, r.opinion.pdf.sm3)
    assert decision.pdf.sm3 in account.decided.made
    # the files behind the digests are in the bag, each its SM3
    for digest in (r.opinion.pdf.sm3, decision.pdf.sm3, *evidence):
        assert blobs_sm3((tmp_path / "bag" / "data" / "evidence" / digest).read_bytes()) == digest


def test_the_migration_back_fills_the_tally_for_opinions_given_before_it(world, three, login):
    """Migration 0004 counts the opinions the tally (0003) did not see, over its historical models."""
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    counted = sorted(ReviewTally.objects.values_list("month", "outcome", "working_days", "count", "returns",
                                                     "extensions"))
    assert len(counted) == 3
    ReviewTally.objects.all().delete()  # as before 0003: the opinions given, no tally
    assert login(world.u_head).get(reverse("review:statistics"), {"start": "2026-01"}).context[
        "figures"].total.count == 0
    state = MigrationLoader(connection).project_state(("review", "0004_backfill_tally"))
    importlib.import_module("zhifa.review.migrations.0004_backfill_tally").backfill(state.apps, None)
    assert sorted(ReviewTally.objects.values_list("month", "outcome", "working_days", "count", "returns",
                                                  "extensions")) == counted
    figures = login(world.u_head).get(reverse("review:statistics"), {"start": "2026-01"}).context["figures"]
    assert figures.total.count == 3 and figures.total.returns == 1 and figures.total.extensions == 1
