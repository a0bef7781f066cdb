"""期限计算器 and 工作日历 pages. Thin: parse, call one action, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.agencies.permissions import require
from zhifa.core.errors import RuleViolation
from zhifa.workdays import actions, calendar
from zhifa.workdays.answers import answer
from zhifa.workdays.forms import CalculatorForm, YearEditForm, YearForm, YearImportForm
from zhifa.workdays.models import CalendarYear


@login_required
def calculator(request):
    """Any signed-in user: the end of a period in working days, days or hours (GEN-04)."""
    data = request.POST if request.method == "POST" else (request.GET if "start" in request.GET else None)
    form = CalculatorForm(data, initial={"unit": "workday"})
    result = None
    if data is not None and form.is_valid():
        c = form.cleaned_data
        start = (dt.datetime.combine(c["start"], c["time"], tzinfo=calendar.SHANGHAI) if c["unit"] == "hour"
                 else c["start"])
        try:
            result = answer(start, c["n"], c["unit"])
        except ValueError as e:
            form.add_error("start", str(e))
    template = "workdays/_calculator.html" if request.htmx else "workdays/calculator.html"
    return render(request, template, {"form": form, "result": result})


def _manager(request) -> None:
    require(request.user, "calendar.manage")  # PermissionDenied: 403


def _year_or_404(year: int) -> None:
    if not calendar.MIN_YEAR <= year <= calendar.MAX_YEAR:
        raise Http404


@login_required
def calendar_list(request):
    """The years of the calendar: entered (official) or provisional (statutory holidays only)."""
    _manager(request)
    asked = YearForm(request.GET) if "year" in request.GET else None
    if asked is not None:
        if asked.is_valid():
            return redirect("workdays:year", year=asked.cleaned_data["year"])
        messages.error(request, f"年度：{asked.errors['year'][0]}")
    this_year = timezone.localdate().year
    entered = {y.year: y for y in CalendarYear.objects.all()}
    years = sorted(set(entered) | set(range(this_year - 1, this_year + 3)), reverse=True)
    rows = [{"year": y, "entered": entered.get(y)} for y in years]
    return render(request, "workdays/calendar_list.html", {"rows": rows, "this_year": this_year},
                  status=422 if asked is not None else 200)


def _year_page(request, year: int, *, edit_form=None, import_form=None, status: int = 200):
    yc = calendar.year_calendar(year)
    row = CalendarYear.objects.filter(year=year).first()
    if edit_form is None:
        initial: dict[str, object] = {"days": actions.schedule_text(year) if row else "日期,类型,名称\n"}
        if row:
            initial |= {"source": row.source, "published_on": row.published_on, "notes": row.notes}
        edit_form = YearEditForm(initial=initial)
    context = {
        "year": year, "cal": yc, "row": row, "holidays": yc.holidays(), "workdays": yc.workdays(),
        "edit_form": edit_form, "import_form": import_form or YearImportForm(),
    }
    return render(request, "workdays/calendar_year.html", context, status=status)


@login_required
def calendar_year(request, year: int):
    _manager(request)
    _year_or_404(year)
    return _year_page(request, year)


def _attach(form, e: RuleViolation, field: str) -> None:
    """Put a refusal beside the field it concerns (all lines at fault listed)."""
    target = e.field if e.field in form.fields else field
    if e.field == "year":
        target = None
    form.add_error(target, e.sentence)
    for detail in e.details:
        form.add_error(target, detail)


@require_POST
@login_required
def year_edit(request, year: int):
    return _save_year(request, year, YearEditForm(request.POST), data_field="days", form_key="edit_form",
                      done=f"已保存{year}年的放假安排")


@require_POST
@login_required
def year_import(request, year: int):
    return _save_year(request, year, YearImportForm(request.POST, request.FILES), data_field="upload",
                      form_key="import_form", done=f"已导入{year}年的放假安排")


def _save_year(request, year: int, form, *, data_field: str, form_key: str, done: str):
    """Replace a year's schedule from the typed lines or the uploaded CSV; errors go beside that field."""
    _manager(request)
    _year_or_404(year)
    if not form.is_valid():
        return _year_page(request, year, status=422, **{form_key: form})
    c = form.cleaned_data
    try:
        actions.import_year_schedule(actor=request.user, year=year, data=c[data_field], source=c["source"],
                                     published_on=c["published_on"], notes=c["notes"])
    except RuleViolation as e:
        _attach(form, e, data_field)
        return _year_page(request, year, status=422, **{form_key: form})
    messages.success(request, done)
    return redirect("workdays:year", year=year)


@require_POST
@login_required
def year_delete(request, year: int):
    _manager(request)
    _year_or_404(year)
    try:
        actions.delete_year_schedule(actor=request.user, year=year)
    except RuleViolation as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"已删除{year}年录入的放假安排，该年度改按法定节日暂定计算")
    return redirect(reverse("workdays:year", kwargs={"year": year}))


@login_required
def year_export(request, year: int):
    _manager(request)
    _year_or_404(year)
    response = HttpResponse(actions.schedule_text(year).encode("utf-8-sig"),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="workdays-{year}.csv"'
    return response
