"""Write functions of 行政执法统计: the report of each agency opened (with its obligation) when a period ends,
and the agency's 报送, which freezes its figures and meets the obligation."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from zhifa.agencies.models import Agency, name_of
from zhifa.agencies.permissions import can, require
from zhifa.core.errors import RuleViolation
from zhifa.ledger import chain as ledger
from zhifa.ledger.canonical import canonical_json
from zhifa.ledger.digest import sm3
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import PeriodUnit
from zhifa.statistics import figures, rules
from zhifa.statistics.models import Report

if TYPE_CHECKING:
    from django.contrib.auth.models import User

REPORT = "statistics.report"
WARN_DAYS = 7


def _open(agency: Agency, p: rules.Period, now: dt.datetime) -> Report:
    """The agency's report of ``p``, with its obligation when it is new (in the caller's transaction)."""
    due = rules.report_due(p)
    report, created = Report.objects.get_or_create(agency=agency, year=p.year, half=p.half,
                                                   defaults={"due_on": due.last_day, "created_at": now})
    if created:
        obligations.ensure_obligation(
            agency=agency, subject=report, rule=rules.REPORT_RULE,
            title=f"报送{p.label}行政执法统计数据和分析报告（{due.last_day:%Y-%m-%d}前）", due_at=due.due_at,
            warn_from=due.due_at - dt.timedelta(days=WARN_DAYS), unit=PeriodUnit.DAY,
            basis="于每年7月10日和1月10日前公开上半年和上年度行政执法数据，并将统计分析报告报送司法局")
    return report


def open_due(now: dt.datetime | None = None) -> dict[str, int]:
    """The worker's sweep: every 执法主体's report of the period that ended last, where it has none yet."""
    now = now or timezone.now()
    p = rules.last_ended(timezone.localdate(now))
    done = Report.objects.filter(year=p.year, half=p.half).values("agency_id")
    opened = 0
    for agency in Agency.objects.filter(level__is_agency=True).exclude(pk__in=done).select_related("level"):
        with transaction.atomic():
            _open(agency, p, now)
        opened += 1
    return {"opened": opened}


def report(*, actor: User, agency: Agency, year: int, half: str) -> Report:
    """报送: the agency's figures of the period frozen (their JSON and SM3), recorded, and the obligation met.
    Once only: a period reported is not reported again."""
    p = rules.period(year, half)
    now = timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        if not can(actor, figures.READ, agency) or not agency.level.is_agency:
            raise Http404
        require(actor, REPORT, agency)
        if today <= p.end:
            raise RuleViolation(f"{p.label}尚未结束，{p.end + dt.timedelta(days=1):%Y-%m-%d}起方可报送",
                                field="half", rule=rules.REPORT_RULE)
        report = Report.objects.select_for_update().filter(pk=_open(agency, p, now).pk).get()
        if report.reported_at is not None:
            raise RuleViolation(f"{p.label}的统计数据已于{timezone.localtime(report.reported_at):%Y-%m-%d %H:%M}"
                                f"由{report.reported_by_name}报送，不能重复报送", field="half", rule=rules.REPORT_RULE)
        row = figures.compute(actor, [agency], p).agencies[0]
        report.figures = {"agency": agency.name, "period": p.code, "label": p.label, **row.frozen()}
        report.sm3 = sm3(canonical_json(report.figures))
        report.reported_at, report.reported_by, report.reported_by_name = now, actor, name_of(actor)
        report.save(update_fields=["figures", "sm3", "reported_at", "reported_by", "reported_by_name"])
        ledger.append(actor=actor, agency=agency, kind="statistics.reported", subject=report,
                      payload={"period": p.code, "sm3": report.sm3, "late": today > report.due_on})
        obligations.meet(subject=report, rule=rules.REPORT_RULE, at=now)
    return report
