"""The reports (PUB-12): when a period ends the worker's sweep opens each agency's report with its obligation
(due 10 July or 10 January); the agency's 报送 freezes its figures (JSON and SM3, a ledger entry) and meets it —
once; the 司法局 and other agencies cannot report for it."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from zhifa.core import sweeps
from zhifa.ledger.canonical import canonical_json
from zhifa.ledger.digest import sm3
from zhifa.ledger.models import Entry
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.statistics import rules
from zhifa.statistics.models import Report
from zhifa.workdays.calendar import SHANGHAI

JULY = dt.datetime(2026, 7, 1, 2, 0, tzinfo=SHANGHAI)
H1 = {"year": "2026", "half": "h1"}


def obligation_of(report: Report) -> Obligation:
    return Obligation.objects.get(subject_type=ContentType.objects.get_for_model(Report), subject_id=report.pk,
                                  rule=rules.REPORT_RULE)


def test_the_sweep_opens_each_agency_s_report_once_when_the_half_ends(season):
    assert "statistics_reports" in sweeps.registered()
    assert sweeps.run(["statistics_reports"], dt.datetime(2026, 6, 30, 12, tzinfo=SHANGHAI)) == {
        "statistics_reports": {"opened": 4}}  # 30 June: last year's annual reports (late already)
    assert set(Report.objects.values_list("year", "half")) == {(2025, "year")}
    assert sweeps.run(["statistics_reports"], JULY) == {"statistics_reports": {"opened": 4}}
    report = Report.objects.get(agency=season.nr, year=2026, half="h1")
    ob = obligation_of(report)
    assert ob.state == ObligationState.OPEN and ob.agency == season.nr
    assert ob.due_at == dt.datetime(2026, 7, 10, 23, 59, 59, tzinfo=SHANGHAI)
    assert "2026年上半年" in ob.title and report.get_absolute_url() == "/statistics/?year=2026&half=h1"
    entries = Entry.objects.count()
    assert sweeps.run(["statistics_reports"], JULY + dt.timedelta(days=3)) == {"statistics_reports": {"opened": 0}}
    assert Entry.objects.count() == entries  # nothing moved, nothing recorded again


def test_the_agency_reports_once_its_figures_frozen_and_the_obligation_met(season, login):
    sweeps.run(["statistics_reports"], JULY)
    season.clock.move_to(dt.datetime(2026, 7, 6, 9, 0, tzinfo=SHANGHAI), tick=False)
    client = login(season.u_head)
    page = client.get(reverse("statistics:index"), H1).content.decode()
    assert "报送2026年上半年数据" in page
    url = reverse("statistics:report", args=[season.nr.pk])
    response = client.post(url, H1, follow=True)
    assert "行政执法统计数据已报送" in response.content.decode()
    report = Report.objects.get(agency=season.nr, year=2026, half="h1")
    assert report.figures["agency"] == "鞍山市自然资源局" and report.figures["on_time_rate"] == "100.0%"
    values = {c["key"]: c["value"] for c in report.figures["counters"]}
    assert values["penalty"] == 1 and values["reviewed"] == 3 and values["corrected"] == 1
    assert report.sm3 == sm3(canonical_json(report.figures)) and report.reported_by_name == "孙立国"
    assert obligation_of(report).state == ObligationState.MET
    entry = Entry.objects.get(kind="statistics.reported")
    assert entry.chain == season.nr.pk and json.loads(entry.payload)["sm3"] == report.sm3
    assert json.loads(entry.payload)["late"] is False

    again = client.post(url, H1, follow=True).content.decode()
    assert "不能重复报送" in again and Entry.objects.filter(kind="statistics.reported").count() == 1
    assert "已于2026-07-06 09:00报送" in again


def test_a_period_not_yet_over_cannot_be_reported(season, login):
    response = login(season.u_head).post(reverse("statistics:report", args=[season.nr.pk]), H1, follow=True)
    assert "2026年上半年尚未结束，2026-07-01起方可报送" in response.content.decode()
    assert not Report.objects.exists()


def test_only_the_agency_reports_its_own(season, login):
    season.clock.move_to(JULY, tick=False)
    url = reverse("statistics:report", args=[season.nr.pk])
    assert login(season.u_supervisor).post(url, H1).status_code == 403  # the 司法局 reads, the agency reports
    assert login(season.u_ly_head).post(url, H1).status_code == 404     # another city's agency: not in reach
    assert login(season.u_head).get(url).status_code == 405
    refused = login(season.u_head).post(url, {}, follow=True).content.decode()  # no period named: nothing reported
    assert "请填写年度" in refused
    assert not Report.objects.filter(reported_at__isnull=False).exists()


def test_a_report_after_10_january_is_recorded_as_late(season, login):
    season.clock.move_to(dt.datetime(2027, 1, 11, 9, 0, tzinfo=SHANGHAI), tick=False)
    sweeps.run(["statistics_reports"])
    report = Report.objects.get(agency=season.nr, year=2026, half="year")
    assert report.due_on == dt.date(2027, 1, 10) and obligation_of(report).state == ObligationState.OPEN
    login(season.u_head).post(reverse("statistics:report", args=[season.nr.pk]), {"year": "2026", "half": "year"})
    assert json.loads(Entry.objects.get(kind="statistics.reported").payload)["late"] is True
    assert obligation_of(report).state == ObligationState.MET
