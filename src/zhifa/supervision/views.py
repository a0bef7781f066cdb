"""The supervisor's region view (SUP-03, REV-11): staffing and deadlines of every agency in the region.

Reads only: a supervisor writes nothing in an agency's work, so this page has no forms.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef
from django.shortcuts import render
from django.utils import timezone

from zhifa.agencies.permissions import agencies_in_reach, can
from zhifa.agencies.staffing import SubqueryCount, staffing_for
from zhifa.core.paging import page_of
from zhifa.obligations.access import obligations_in_reach
from zhifa.obligations.models import Colour, Obligation
from zhifa.obligations.queries import colour_q

ACTION = "region.supervise"


def _obligation_counts(now) -> dict[str, SubqueryCount]:
    """Live obligations of each agency's subtree by colour, as annotations on an Agency queryset."""
    in_subtree = Obligation.objects.filter(agency__path__startswith=OuterRef("path"))
    return {f"n_{c.value}": SubqueryCount(in_subtree.filter(colour_q(c, now)).values("pk"))
            for c in (Colour.GREEN, Colour.YELLOW, Colour.RED)}


@login_required
def region(request):
    user = request.user
    if not can(user, ACTION):
        raise PermissionDenied("无权查看区域监督")
    now = timezone.now()
    today = timezone.localdate(now)
    agencies_qs = (agencies_in_reach(user, ACTION).filter(level__is_agency=True)
                   .select_related("level").annotate(**_obligation_counts(now)).order_by("path"))
    agencies = list(agencies_qs)
    staffing = staffing_for(agencies, today)
    for a in agencies:
        a.staffing = staffing[a.pk]
    totals = {c: sum(getattr(a, f"n_{c}") for a in agencies) for c in ("green", "yellow", "red")}

    warned = (obligations_in_reach(user, ACTION)
              .filter(colour_q(Colour.RED, now) | colour_q(Colour.YELLOW, now))
              .select_related("agency", "assignee", "assignee__person").order_by("due_at", "pk"))
    page = page_of(request, warned, count=True)
    for ob in page.rows:
        ob.badge = ob.colour(now)
        ob.may_manage = False
    return render(request, "supervision/region.html",
                  {"agencies": agencies, "totals": totals, "page": page, "today": today})
