"""``{% load masking %}`` then ``{{ number|mask_id }}``, ``{{ phone|mask_phone }}`` (``zhifa.core.masking``)."""

from django import template

from zhifa.core import masking

register = template.Library()
register.filter("mask_id", masking.mask_id)
register.filter("mask_phone", masking.mask_phone)
