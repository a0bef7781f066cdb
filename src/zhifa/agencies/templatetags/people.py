"""``{% load people %}``: ``{{ user|person_name }}`` names an account's holder as pages do (``name_of``): the
person's name, never the login name where a person is known. ``{{ user|person_name:"系统" }}`` for no user."""

from __future__ import annotations

from django import template

from zhifa.agencies.models import name_of

register = template.Library()


@register.filter
def person_name(user: object, default: str = "—") -> str:
    return default if user is None or user == "" else name_of(user)
