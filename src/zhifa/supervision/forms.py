"""The region view's one form: the filters of its items list and export (GET)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, QueryDict

from zhifa.agencies.models import Agency
from zhifa.agencies.permissions import agencies_in_reach
from zhifa.core import fields
from zhifa.supervision.queries import ACTION, STATE_CHOICES, Filters, supervised_agencies


class ItemFilterForm(fields.Form):
    agency = fields.ModelChoiceField(label="执法主体", queryset=Agency.objects.none(), required=False,
                                     empty_label="全部")
    unit = fields.ModelChoiceField(label="内设机构", queryset=Agency.objects.none(), required=False,
                                   empty_label="全部")
    state = forms.ChoiceField(label="状态", choices=STATE_CHOICES, required=False)
    due_from = fields.DateField(label="期限届满自", required=False)
    due_to = fields.DateField(label="至", required=False)
    created_from = fields.DateField(label="生成日期自", required=False)
    created_to = fields.DateField(label="至", required=False)

    def __init__(self, data: QueryDict | None = None, *, user: Any, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["agency"].queryset = supervised_agencies(user)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = (agencies_in_reach(user, ACTION)  # type: ignore[attr-defined]
                                        .filter(level__is_region=False).select_related("level"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for start, end in (("due_from", "due_to"), ("created_from", "created_to")):
            if data.get(start) and data.get(end) and data[start] > data[end]:
                self.add_error(end, "截止日期不能早于起始日期")
                data.pop(end, None)
        return data


def read_filters(data: QueryDict, user: Any) -> tuple[ItemFilterForm, Filters]:
    """The filters a request asks for. An agency or unit outside the user's region (or none at all, or a unit
    of another agency than the one named) is 404, as a missing one; any other refused value is shown beside
    its field and not applied."""
    form = ItemFilterForm(data, user=user)
    form.is_valid()
    if "agency" in form.errors or "unit" in form.errors:
        raise Http404("没有这个机构")
    c = form.cleaned_data
    agency: Agency | None = c.get("agency")
    unit: Agency | None = c.get("unit")
    if unit is not None:
        if agency is None:
            agency = unit if unit.level.is_agency else unit.enclosing_agency()
        if not unit.is_within(agency) or (unit.level.is_agency and unit != agency):
            raise Http404("没有这个机构")
        if not agency.level.is_agency:
            raise Http404("没有这个机构")
    return form, Filters(agency=agency, unit=unit, state=c.get("state") or "",
                         due_from=c.get("due_from"), due_to=c.get("due_to"),
                         created_from=c.get("created_from"), created_to=c.get("created_to"))
