"""The 工作台: what each user has to do today, by what their roles let them do; the public's way in.

Each part is one or two queries whatever the number of items behind it: the queue's counted, paged UNION,
cut to the first rows.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zhifa.agencies.permissions import can
from zhifa.records.models import Evidence
from zhifa.supervision.queries import counts_by_agency
from zhifa.work import queue, registry

SHOWN = 8  # rows of each part; the rest is one click away in 我的待办


COUNT_CAP = 1000


def _part(user, now, filters: queue.Filters) -> dict[str, object]:
    n = queue.count(user, now, filters, cap=COUNT_CAP + 1)
    return {"count": f"{COUNT_CAP} 余" if n > COUNT_CAP else n,
            "items": queue.present(user, now, queue.first_rows(user, now, filters, SHOWN)), "more": n > SHOWN}


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("portal:home")  # the public's front door is 公示; staff sign in from there
    now = timezone.now()
    context: dict[str, object] = {"today": timezone.localdate(), "mine": _part(user, now, queue.Filters())}
    if can(user, "evidence.upload"):
        context["may_upload"] = True
        undescribed = Evidence.objects.filter(uploaded_by=user, described_at__isnull=True).order_by("received_at")
        context["undescribed"] = list(undescribed[:SHOWN])
    approvals = [k for k in registry.approvals() if can(user, k.permission)]
    if approvals:
        context["approvals"] = _part(user, now, queue.Filters(kinds=tuple(k.code for k in approvals)))
    if can(user, "obligation.manage"):
        context["overdue"] = _part(user, now, queue.Filters(colour=queue.RED))
    if can(user, "region.supervise"):
        context["region"] = [c for c in counts_by_agency(user, now) if c.red or c.yellow]
    return render(request, "home/home.html", context)
