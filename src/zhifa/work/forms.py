"""我的待办's filters (GET): a bad value is refused beside its field and not applied."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.core import fields
from zhifa.work.queue import COLOURS
from zhifa.work.registry import kinds

SORTS = [("due", "期限由近及远"), ("-due", "期限由远及近")]


class WorkFilterForm(fields.Form):
    kind = forms.ChoiceField(label="类别", required=False)
    state = forms.ChoiceField(label="状态", choices=[("", "全部"), *COLOURS.items()], required=False)
    unit = fields.ModelChoiceField(None, label="单位", required=False, empty_label="全部")
    due_by = fields.DateField(label="期限截至", required=False)
    sort = forms.ChoiceField(label="排序", choices=SORTS, required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [("", "全部"), *((k.code, k.label) for k in kinds())]
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units
