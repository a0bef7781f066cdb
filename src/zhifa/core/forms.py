"""Glue between forms and write functions: a refused write becomes an error beside its field."""

from __future__ import annotations

from django import forms

from zhifa.core.errors import RuleViolation


def add_violation(form: forms.Form, error: RuleViolation) -> None:
    """Show ``error`` beside the field it names, or above the form when it names none."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))
