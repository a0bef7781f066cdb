"""The obligations of the units a user manages, with pause / resume / waive. Thin: parse, call one action,
render. (A user's own obligations are items of 我的待办, in the work app.)"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.agencies.permissions import require
from zhifa.core.errors import RuleViolation
from zhifa.core.paging import page_of
from zhifa.obligations import actions
from zhifa.obligations.access import access_obligation, obligations_in_reach, reach_checker
from zhifa.obligations.forms import WaiveForm
from zhifa.obligations.models import Obligation
from zhifa.obligations.queries import listed_q

ROW_RELATED = ("agency", "assignee", "assignee__person")


def _decorate(rows, now, may_manage) -> list[Obligation]:
    """Give each row its colour and whether the user may pause/resume/waive it, once, in Python."""
    rows = list(rows)
    for ob in rows:
        ob.badge = ob.colour(now)
        ob.may_manage = may_manage(ob)
    return rows


def _render_deadlines(request, *, error: str | None = None, status: int = 200):
    user = request.user
    require(user, "obligation.manage")
    now = timezone.now()
    team = (obligations_in_reach(user, "obligation.manage").filter(listed_q(now))
            .select_related(*ROW_RELATED).order_by("due_at", "pk"))
    page = page_of(request, team, count=True)
    page.rows = _decorate(page.rows, now, reach_checker(user, "obligation.manage"))
    return render(request, "obligations/deadlines.html", {"page": page, "error": error}, status=status)


@login_required
def deadlines(request):
    return _render_deadlines(request)


def _act(request, pk: int, do, done: str):
    ob = access_obligation(request.user, pk, "obligation.manage")
    try:
        do(ob)
    except RuleViolation as e:
        return _render_deadlines(request, error=str(e), status=422)
    messages.success(request, f"{ob.subject_label}：{ob.title}，{done}")
    return redirect("obligations:deadlines")


@require_POST
@login_required
def pause(request, pk: int):
    return _act(request, pk, lambda ob: actions.pause(actor=request.user, obligation=ob), "已中止计时")


@require_POST
@login_required
def resume(request, pk: int):
    return _act(request, pk, lambda ob: actions.resume(actor=request.user, obligation=ob), "已恢复计时")


@require_POST
@login_required
def waive(request, pk: int):
    access_obligation(request.user, pk, "obligation.manage")  # out of reach is 404 whatever the reason says
    form = WaiveForm(request.POST)
    if not form.is_valid():
        return _render_deadlines(request, error=f"免除理由：{form.errors['reason'][0]}", status=422)
    return _act(request, pk, lambda ob: actions.waive(actor=request.user, obligation=ob,
                                                      reason=form.cleaned_data["reason"]), "已免除")
