from __future__ import annotations

from django import forms

from zhifa.core import fields


class DownloadForm(fields.Form):
    format = forms.ChoiceField(label="格式", choices=[("pdf", "PDF"), ("docx", "DOCX")], widget=forms.HiddenInput)


class VoidForm(fields.Form):
    reason = fields.CharField(label="作废理由", max_length=300, help_text="作废后文号保留，不再使用；记入台账")
