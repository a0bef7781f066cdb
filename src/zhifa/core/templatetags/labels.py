"""``{% load labels %}``: rules and ledger entry kinds in words, from the one registry (``core.labels``).

``{{ ob.rule|rule }}`` — the rule's name and legal basis, never its code (put the code in a tooltip with
``title="{{ ob.rule|rule_code }}"`` where people who cite it need it); ``{{ entry.kind|kind }}`` — what the
entry records; ``{{ ob.basis|nocodes }}`` — free text with any requirement code taken out.
"""

from __future__ import annotations

from django import template

from zhifa.core import labels

register = template.Library()


@register.filter(name="rule")
def rule(value: object) -> str:
    return labels.rule_label(str(value or ""))


@register.filter
def rule_short(value: object) -> str:
    return labels.rule_name(str(value or ""))


@register.filter
def rule_code(value: object) -> str:
    return labels.rule_code(str(value or ""))


@register.filter(name="kind")
def kind(value: object) -> str:
    return labels.kind_label(str(value or ""))


@register.filter
def nocodes(value: object) -> str:
    return labels.strip_codes(str(value or ""))
