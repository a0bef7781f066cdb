"""Small filters for snapshot values in the catalog's templates."""

from __future__ import annotations

from typing import Any

from django import template

from zhifa.catalog.models import Circumstance
from zhifa.catalog.snapshot import _yuan
from zhifa.catalog.snapshot import range_text as _range_text

register = template.Library()


@register.filter
def circumstance(value: str) -> str:
    return Circumstance(value).label if value in Circumstance.values else value


@register.filter
def range_text(level: dict[str, Any]) -> str:
    return _range_text(level)


@register.filter
def yuan(value: Any) -> str:
    """120000 → “120,000”; 1234.5 → “1,234.50”."""
    if value is None or value == "":
        return "—"
    return _yuan(str(value))
