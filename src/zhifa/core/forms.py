"""Glue between forms and write functions: a refused write becomes an error beside its field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhifa.core.errors import RuleViolation

T = TypeVar("T")


def add_violation(form: forms.Form, error: RuleViolation) -> None:
    """Show ``error`` beside the field it names, or above the form when it names none."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


def submit(request: HttpRequest, form: forms.Form, action: Callable[[dict[str, Any]], T]) -> T | None:
    """On a valid POST, call ``action`` with the cleaned data; a refusal becomes a form error.

    Returns what the action returned, or None when there was nothing to do or the write was refused.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except RuleViolation as e:
        add_violation(form, e)
        return None


def render_form(request: HttpRequest, template: str, form: forms.Form, **context: Any) -> HttpResponse:
    """Render a form page; 422 when it carries errors, so clients and tests see the refusal."""
    return render(request, template, {"form": form, **context}, status=422 if form.errors else 200)
