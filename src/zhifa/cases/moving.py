"""The one way a page takes a case along a transition: every workspace's "move" button posts here through
``move_posted``, so what a refusal says and what a success reports is the same on every kind's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages

from zhifa.cases import actions
from zhifa.cases.forms import MoveForm
from zhifa.cases.models import Case
from zhifa.core.forms import submit


def form_errors(form: Any) -> str:
    """A form's errors as the one line a workspace shows beside its buttons."""
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


def move_posted(request, case: Case) -> str:
    """Move ``case`` as the posted MoveForm asks: "" when it moved (and the user is told), else the refusal."""
    form = MoveForm(request.POST)
    if submit(request, form, lambda d: actions.move(actor=request.user, case=case, **d)) is None:
        return form_errors(form) or "请选择要转入的环节"
    case.refresh_from_db()
    messages.success(request, f"案件已进入“{case.stage_label}”环节")
    return ""
