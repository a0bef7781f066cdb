"""The legal unit's register of opinions (法制审核登记簿, REV-08) and the statistics of legal review (issue 13 UI): read
only, the rounds of the cases in the reader's reach (a supervisor's: the agencies of its region)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zhifa.core import fields
from zhifa.core.paging import page_of
from zhifa.core.spreadsheet import table_bytes, xlsx_response
from zhifa.review import stats
from zhifa.review.models import Outcome

# The register as a spreadsheet: this many rows at most (a year of a large agency), the rest said in a note.
XLSX_ROWS = 10_000
HEADER = ("文号", "年度", "执法主体", "案件名称", "案件号", "审核意见", "法制审核人员", "报送日期", "出具意见日期",
          "用时（工作日）", "按期")


class RegisterFilter(fields.Form):
    year = fields.IntegerField(label="年度", required=False, min_value=2000, max_value=2100,
                              error_messages={"invalid": "年度应为四位数字，如2026",
                                              "min_value": "年度应在2000年至2100年之间",
                                              "max_value": "年度应在2000年至2100年之间"})
    outcome = forms.ChoiceField(label="审核意见", required=False, choices=[("", "全部"), *Outcome.choices],
                                error_messages={"invalid_choice": "审核意见只能从列表中选择"})


class PeriodFilter(fields.Form):
    """Whole months: the statistics are kept by month."""

    start = fields.MonthField(label="起始月份", required=False,
                              error_messages={"invalid": "起始月份应为“年-月”，如2026-01"})
    end = fields.MonthField(label="截止月份", required=False,
                            error_messages={"invalid": "截止月份应为“年-月”，如2026-12"})

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "截止月份不能早于起始月份")
        return data


def _register(request, form: RegisterFilter):  # -> QuerySet[ReviewRound]
    qs = (stats.opinions_for(request.user)
          .select_related("case__agency", "reviewer__person", "opinion")
          .order_by("-decided_at", "-pk"))  # newest first: the numbers are given in that order
    if form.is_valid():
        if form.cleaned_data["year"]:
            qs = qs.filter(opinion__year=form.cleaned_data["year"])
        if form.cleaned_data["outcome"]:
            qs = qs.filter(outcome=form.cleaned_data["outcome"])
    return qs


@login_required
def register(request) -> HttpResponse:
    """Every opinion by number and year: the case, the outcome, the reviewer, the dates and the days taken."""
    stats.require_reader(request.user)
    form = RegisterFilter(request.GET or None)
    page = page_of(request, _none(request) if form.errors else _register(request, form))
    return render(request, "review/register.html", {"form": form, "page": page},
                  status=422 if form.errors else 200)


def _none(request):  # -> QuerySet[ReviewRound]
    return stats.opinions_for(request.user).none()


@login_required
def register_xlsx(request) -> HttpResponse:
    stats.require_reader(request.user)
    form = RegisterFilter(request.GET or None)
    if form.errors:
        return render(request, "review/register.html", {"form": form, "page": page_of(request, _none(request))},
                      status=422)
    rows = list(_register(request, form)[:XLSX_ROWS + 1])
    note = f"仅列出前{XLSX_ROWS}条，请按年度或审核意见筛选后分别导出" if len(rows) > XLSX_ROWS else ""
    data = table_bytes("法制审核登记簿", HEADER, [(
        r.opinion.number, r.opinion.year, r.case.agency.name, r.case.title, r.case.number, r.get_outcome_display(),
        r.reviewer.person.name if r.reviewer else "", f"{timezone.localtime(r.submitted_at):%Y-%m-%d}",
        f"{timezone.localtime(r.decided_at):%Y-%m-%d}" if r.decided_at else "",
        r.working_days, "" if r.on_time is None else ("是" if r.on_time else "否"))
        for r in rows[:XLSX_ROWS]], widths=(24, 6, 24, 36, 24, 20, 12, 12, 12, 12, 6), note=note)
    day = timezone.localdate().isoformat()
    return xlsx_response(data, f"法制审核登记簿{day}.xlsx", f"review-register-{day}.xlsx")


@login_required
def statistics(request) -> HttpResponse:
    """The statistics per reviewer and per agency over whole months (this year's by default), with the chart."""
    stats.require_reader(request.user)
    today = timezone.localdate()
    start, end = dt.date(today.year, 1, 1), today.replace(day=1)
    form = PeriodFilter(request.GET or None, initial={"start": start, "end": end})
    if form.is_valid():
        start, end = form.cleaned_data["start"] or start, form.cleaned_data["end"] or end
    figures = stats.statistics(request.user, start, end) if not form.errors else None
    context: dict[str, Any] = {"form": form, "figures": figures, "start": start, "end": end,
                               "outcomes": stats.outcome_heads()}
    if figures is not None:
        context["reviewer_chart"] = stats.chart(figures.reviewers, label="各法制审核人员出具意见数，按审核意见分色")
        context["agency_lines"] = [*figures.agencies, figures.total]
        context["agency_chart"] = stats.chart(figures.agencies, label="各执法主体法制审核意见数，按审核意见分色")
    return render(request, "review/stats.html", context, status=422 if form.errors else 200)
