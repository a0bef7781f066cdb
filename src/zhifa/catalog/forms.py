"""Forms parse input into the arguments of a write function; the rules live in the actions."""

from __future__ import annotations

from django import forms

from zhifa.agencies.forms import date_field
from zhifa.catalog.models import DocumentKind


class LegalDocumentForm(forms.Form):
    name = forms.CharField(label="名称", max_length=200, help_text="全称，如“中华人民共和国行政处罚法”")
    short_name = forms.CharField(label="简称", max_length=60, required=False,
                                 help_text="引用时使用，如“行政处罚法”")
    issuing_body = forms.CharField(label="制定机关", max_length=100)
    number = forms.CharField(label="文号", max_length=100, required=False)
    kind = forms.ChoiceField(label="效力层级", choices=DocumentKind.choices)
    in_force_from = date_field("施行日期", required=False)
    in_force_to = date_field("失效日期", required=False)
    revoked = forms.BooleanField(label="已废止", required=False)


class ArticleForm(forms.Form):
    seq = forms.IntegerField(label="条号", min_value=1, max_value=9999,
                             help_text="阿拉伯数字，如 42 表示第四十二条",
                             error_messages={"invalid": "条号应为整数", "required": "此项不能为空"})
    text = forms.CharField(label="条文", widget=forms.Textarea)
    is_summary = forms.BooleanField(label="条文为摘要（非原文）", required=False)
    in_force_from = date_field("施行日期", required=False)
    in_force_to = date_field("失效日期", required=False)
