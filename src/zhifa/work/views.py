"""我的待办 and its export. Thin: read the filters, ask the queue, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.agencies.permissions import can, grants_of, reach
from zhifa.core.paging import PAGE_SIZE, Page, page_number
from zhifa.work import export, queue
from zhifa.work.forms import WorkFilterForm

# The list counts this far and then says "more than"; paging goes on past it.
COUNT_CAP = 1000


def units_for(user: Any):  # -> AgencyQuerySet
    """The units a user may narrow 我的待办 to: where they hold a role, and what they manage below."""
    everything, roots = reach(user, "obligation.manage")
    if everything:
        return Agency.objects.order_by("path")
    return Agency.objects.within([*roots, *(g.agency for g in grants_of(user))]).order_by("path")


def _filters(request: HttpRequest) -> tuple[WorkFilterForm, queue.Filters]:
    form = WorkFilterForm(request.GET, units=units_for(request.user))
    form.is_valid()
    f = {name: form.cleaned_data.get(name) for name in form.fields}
    return form, queue.Filters(kinds=(f["kind"],) if f["kind"] else (), colour=f["state"] or "", unit=f["unit"],
                               due_by=f["due_by"], latest_first=f["sort"] == "-due")


def _page(request: HttpRequest, now, filters: queue.Filters) -> Page:
    number = page_number(request, PAGE_SIZE)
    total = queue.count(request.user, now, filters, cap=COUNT_CAP + 1)
    rows = queue.first_rows(request.user, now, filters, number * PAGE_SIZE + 1)[(number - 1) * PAGE_SIZE:]
    if not rows and number > 1:
        raise Http404("没有这一页")
    query = request.GET.copy()
    query.pop("page", None)
    return Page(rows=queue.present(request.user, now, rows[:PAGE_SIZE]), number=number,
                has_next=len(rows) > PAGE_SIZE, query=query.urlencode(), count=total,
                num_pages=-(-total // PAGE_SIZE) if total <= COUNT_CAP else None)


@login_required
def todo(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    form, filters = _filters(request)
    return render(request, "work/todo.html", {
        "page": _page(request, now, filters), "filters": form, "count_cap": COUNT_CAP,
        "may_manage_deadlines": can(request.user, "obligation.manage"),
    }, status=422 if form.errors else 200)


@login_required
def todo_export(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    _form, filters = _filters(request)
    rows = queue.first_rows(request.user, now, filters, export.MAX_ROWS + 1)
    items = queue.present(request.user, now, rows[:export.MAX_ROWS])
    return export.response(items, filename=f"我的待办-{timezone.localtime(now):%Y%m%d}.xlsx",
                           truncated=len(rows) > export.MAX_ROWS, now=now,
                           base_url=request.build_absolute_uri("/").rstrip("/"))
