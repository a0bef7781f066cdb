"""The supervisor's region view (SUP-03, REV-11): region → 执法主体 → 内设机构 → the items, with filters, an xlsx
export and a chart of the last weeks.

Reads only: a supervisor writes nothing in an agency's work, so these pages have no forms that post.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from zhifa.agencies.models import name_of
from zhifa.agencies.permissions import can
from zhifa.agencies.staffing import staffing_for
from zhifa.core import labels
from zhifa.core.errors import rule_name
from zhifa.core.paging import page_of
from zhifa.core.spreadsheet import XLSX_CONTENT_TYPE
from zhifa.obligations.access import obligations_in_reach
from zhifa.supervision import chart, export
from zhifa.supervision.forms import read_filters
from zhifa.supervision.queries import (
    ACTION,
    STATE_CHOICES,
    STATE_LABELS,
    Counts,
    Filters,
    counts_by_agency,
    counts_by_unit,
    enclosing_agencies,
    history,
    items,
    place_q,
    supervised_agencies,
    units_of,
)

# REV-11 by its name from the label registry, with what it asks: the region page shows the rule, never its code.
REVIEWER_RATIO = ("原则上各级行政执法机关的法制审核人员不少于本单位执法人员总数的5%"
                  "（《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》，"
                  "国办发〔2018〕118号）")


def _require(user) -> None:
    if not can(user, ACTION):
        raise PermissionDenied("无权查看区域监督")


def _totals(rows: list[Counts]) -> dict[str, int]:
    return {c: sum(getattr(r, c) for r in rows) for c in ("green", "yellow", "red")}


def _chart(qs, now, label: str) -> dict[str, object]:
    points = history(qs, now)
    last = points[-1]
    return {"svg": chart.svg(points, label=f"{label}近{len(points)}周未结事项：本周未结{last.open}项，"
                                           f"其中临期{last.due_soon}项、逾期{last.late}项"),
            "points": points}


@login_required
def region(request):
    user = request.user
    _require(user)
    now = timezone.now()
    today = timezone.localdate(now)
    rows = counts_by_agency(user, now)
    staffing = staffing_for([r.agency for r in rows], today)
    for r in rows:
        r.staffing = staffing[r.agency.pk]  # type: ignore[attr-defined]  # the page's decoration
    return render(request, "supervision/region.html", {
        "rows": rows, "totals": _totals(rows), "today": today,
        "agencies": [r.agency for r in rows], "states": STATE_CHOICES,
        "chart": _chart(obligations_in_reach(user, ACTION), now, "本区域"),
        "reviewer_rule": labels.RULES["REV-11"].name, "reviewer_basis": REVIEWER_RATIO,
    })


@login_required
def agency(request, agency_pk: int):
    user = request.user
    _require(user)
    found = supervised_agencies(user).filter(pk=agency_pk).first()
    if found is None:
        raise Http404("没有这个执法主体")
    now = timezone.now()
    own, units = counts_by_unit(user, now, found)
    top = found.depth + 1  # the agency's direct units: with 机关本级 they add up to the agency's counts
    for r in units:
        r.indent = min(r.node.depth - top, 9)  # type: ignore[attr-defined]  # zhifa.css indents nine steps
    agency_filter = Filters(agency=found)
    return render(request, "supervision/agency.html", {
        "agency": found, "rows": [*units, own] if own.total else units,
        "totals": _totals([own, *(u for u in units if u.node.depth == top)]),
        "all_url": agency_filter.url(), "staffing": staffing_for([found], timezone.localdate(now))[found.pk],
        "chart": _chart(obligations_in_reach(user, ACTION).filter(place_q(agency_filter)), now, found.name),
        "reviewer_rule": labels.RULES["REV-11"].name, "reviewer_basis": REVIEWER_RATIO,
    })


def _decorate(rows, now) -> None:
    """Each row's badge, rule and basis in words, its 执法主体 and its assignee's name, without a query per row."""
    agencies = enclosing_agencies({ob.agency_id: ob.agency for ob in rows}.values())
    for ob in rows:
        ob.badge = ob.colour(now)
        ob.status = export.status_label(ob, now)
        ob.rule_words = rule_name(ob.rule)
        ob.basis_words = rule_name(ob.basis)
        ob.owner = agencies.get(ob.agency_id, ob.agency)
        ob.assignee_name = name_of(ob.assignee) if ob.assignee else ""


@login_required
def item_list(request):
    user = request.user
    _require(user)
    form, f = read_filters(request.GET, user)
    now = timezone.now()
    page = page_of(request, items(user, now, f), count=True)
    _decorate(page.rows, now)
    return render(request, "supervision/items.html", {
        "filters": form, "f": f, "raw": {k: request.GET.get(k, "") for k in form.fields}, "page": page,
        "state_label": STATE_LABELS.get(f.state, ""), "states": STATE_CHOICES,
        "agencies": list(supervised_agencies(user)), "units": units_of(user, f.agency) if f.agency else [],
        "export_url": f.url("supervision:export"), "max_rows": export.MAX_ROWS,
    }, status=422 if form.errors else 200)


@login_required
def item_export(request):
    user = request.user
    _require(user)
    _form, f = read_filters(request.GET, user)  # a refused value is left out, as on the page
    now = timezone.now()
    qs = items(user, now, f)
    data = export.workbook(qs, now, f, total=qs.count())
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    day = timezone.localdate(now).isoformat()
    # An ASCII name for old clients, then the Chinese name encoded per RFC 6266/5987.
    encoded = content_disposition_header(as_attachment=True, filename=f"{export.FILENAME}{day}.xlsx") or ""
    response["Content-Disposition"] = encoded.replace(
        "attachment;", f'attachment; filename="{export.ASCII_NAME}-{day}.xlsx";', 1)
    return response
