"""The statistics page (staff: their agency's figures; a supervisor: its region's), its xlsx and the draft
analysis report, and the agency's 报送. Thin: the figures come from ``figures``, the files from ``export``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from zhifa.agencies.permissions import can
from zhifa.core import charts, fields
from zhifa.core.errors import RuleViolation
from zhifa.core.spreadsheet import xlsx_response
from zhifa.statistics import actions, export, figures, rules
from zhifa.statistics.models import Report

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# 行政许可 blue, 行政处罚 red, 行政强制 purple, 征收征用 brown, 行政检查 green; 按期 green, 逾期 red.
KIND_COLOURS = ("#0b5cad", "#b3261e", "#8e44ad", "#a0522d", "#1e7b34")
TIME_COLOURS = ("#1e7b34", "#b3261e")


class PeriodForm(fields.Form):
    year = fields.IntegerField(label="年度", min_value=2000, max_value=2100,
                               error_messages={"invalid": "年度应为四位数字，如2026", "required": "请填写年度",
                                               "min_value": "年度应在2000年至2100年之间",
                                               "max_value": "年度应在2000年至2100年之间"})
    half = forms.ChoiceField(label="期间", choices=list(rules.HALVES.items()),
                             error_messages={"invalid_choice": "期间只能是上半年或全年", "required": "请选择期间"})


def _period(request) -> tuple[PeriodForm, rules.Period | None]:
    """The period asked for (the one that ended last by default), or None with the form's errors."""
    last = rules.last_ended(timezone.localdate())
    if request.method == "POST":  # a report names its period
        form = PeriodForm(request.POST)
    elif "year" in request.GET or "half" in request.GET:
        form = PeriodForm(request.GET)
    else:
        form = PeriodForm({"year": last.year, "half": last.half})
    if not form.is_valid():
        return form, None
    return form, rules.Period(form.cleaned_data["year"], form.cleaned_data["half"])


def _agencies(request) -> list:
    if not can(request.user, figures.READ):
        raise Http404
    return list(figures.agencies_for(request.user))


def scope_name(f: figures.Figures) -> str:
    if len(f.agencies) == 1:
        return f.agencies[0].label
    return f.regions[0].agency.name if len(f.regions) == 1 and f.regions[0].agency else "各执法主体"


@login_required
def index(request) -> HttpResponse:
    agencies = _agencies(request)
    form, period = _period(request)
    context: dict[str, Any] = {"form": form, "period": period, "groups": figures.groups(),
                               "kind_swatches": [], "time_swatches": []}
    if period is not None:
        f = figures.compute(request.user, agencies, period)
        decisions = [c for c in figures.COUNTERS if c.group == figures.DECISIONS]
        reports = {r.agency_id: r for r in Report.objects.filter(agency__in=agencies, year=period.year,
                                                                 half=period.half)}
        context.update(
            figures=f, lines=export.lines(f), query=f"?year={period.year}&half={period.half}",
            due=rules.report_due(period).last_day, ended=timezone.localdate() > period.end,
            kinds_chart=charts.bars([(row.label, [row.values.get(c.key, 0) for c in decisions]) for row in f.agencies],
                                    KIND_COLOURS, label="各执法主体作出的行政执法决定，按类别分色"),
            time_chart=charts.bars([(row.label, [row.on_time, row.late]) for row in f.agencies], TIME_COLOURS,
                                   label="各执法主体公示信息，按期与逾期分色"),
            kind_swatches=[(c.label, charts.swatch(colour)) for c, colour in zip(decisions, KIND_COLOURS, strict=True)],
            time_swatches=[(label, charts.swatch(colour)) for label, colour in zip(("按期", "逾期"), TIME_COLOURS,
                                                                                     strict=True)],
            reports=[(a, reports.get(a.pk), can(request.user, actions.REPORT, a)) for a in agencies])
    return render(request, "statistics/index.html", context, status=422 if form.errors else 200)


def _figures_or_422(request):
    agencies = _agencies(request)
    form, period = _period(request)
    if period is None:
        return None, render(request, "statistics/index.html", {"form": form, "period": None,
                                                                "groups": figures.groups()}, status=422)
    return figures.compute(request.user, agencies, period), None


@login_required
def xlsx(request) -> HttpResponse:
    f, refused = _figures_or_422(request)
    if f is None:
        return refused
    return xlsx_response(export.xlsx(f), f"{f.period.label}行政执法统计.xlsx", f"statistics-{f.period.code}.xlsx")


@login_required
def docx(request) -> HttpResponse:
    f, refused = _figures_or_422(request)
    if f is None:
        return refused
    response = HttpResponse(export.docx(f, scope_name(f)), content_type=DOCX_TYPE)
    name = f"{scope_name(f)}{f.period.label}行政执法情况分析报告.docx"
    encoded = content_disposition_header(as_attachment=True, filename=name) or ""
    response["Content-Disposition"] = encoded.replace(
        "attachment;", f'attachment; filename="analysis-{f.period.code}.docx";', 1)
    return response


@login_required
@require_POST
def report(request, agency_pk: int) -> HttpResponse:
    """报送: the agency's figures of the period frozen and the obligation met; refused, the reason as a message."""
    agencies = {a.pk: a for a in _agencies(request)}
    agency = agencies.get(agency_pk)
    if agency is None:  # outside the reader's reach
        raise Http404
    form, period = _period(request)
    back = reverse("statistics:index") + (f"?year={period.year}&half={period.half}" if period else "")
    if period is None:
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(back)
    try:
        done = actions.report(actor=request.user, agency=agency, year=period.year, half=period.half)
    except RuleViolation as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"{agency.name}{period.label}行政执法统计数据已报送（SM3 {done.sm3[:16]}…）")
    return redirect(back)
