"""Forms of the records pages; the tus endpoint validates its metadata with ``DescriptionForm`` too."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from zhifa.agencies.models import Agency, Officer
from zhifa.agencies.rules import officer_standing_problem
from zhifa.core import fields
from zhifa.records.models import MAX_RETENTION_MONTHS, EvidenceKind, HoldReason, RetentionClass, ViewPurpose

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class OfficerChoice(fields.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.name}（{obj.unit.name}）"


class OfficersChoice(fields.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.name}（{obj.unit.name}）"


class EvidenceFilterForm(fields.Form):
    """The evidence list's search (GET): a bad value is refused beside its field, never a query."""

    case = fields.CharField(label="案件编号", max_length=60, required=False)
    officer = fields.CharField(label="执法人员", max_length=50, required=False)
    device = fields.CharField(label="摄录设备", max_length=100, required=False)
    kind = forms.ChoiceField(label="类别", choices=[("", "全部"), *EvidenceKind.choices], required=False)
    date_from = fields.DateField(label="摄录日期自", required=False)
    date_to = fields.DateField(label="摄录日期至", required=False)


class DescriptionForm(fields.Form):
    """The 同步录音录像摄录情况记录表 (REC-15), as filled in at hand-in or afterwards."""

    kind = forms.ChoiceField(label="类别", choices=EvidenceKind.choices)
    title = fields.CharField(label="事项", max_length=200, required=False,
                             help_text="如：现场检查、查封扣押、听证、留置送达")
    capture_start = fields.DateTimeField(label="摄录开始", required=False, input_formats=DATETIME_FORMATS,
                                         widget=LocalDateTimeInput())
    capture_end = fields.DateTimeField(label="摄录结束", required=False, input_formats=DATETIME_FORMATS,
                                       widget=LocalDateTimeInput())
    device = fields.CharField(label="摄录设备", max_length=100, required=False, help_text="品牌型号或执法记录仪编号")
    officers = OfficersChoice(label="执法人员", queryset=Officer.objects.none(), required=False,
                              widget=forms.SelectMultiple(attrs={"size": 5}))
    camera_operator = OfficerChoice(label="摄录人", queryset=Officer.objects.none(), required=False)
    place = fields.CharField(label="地点", max_length=200, required=False)
    latitude = fields.DecimalField(label="纬度", max_digits=9, decimal_places=6, required=False,
                                   min_value=-90, max_value=90)
    longitude = fields.DecimalField(label="经度", max_digits=9, decimal_places=6, required=False,
                                    min_value=-180, max_value=180)
    case_number = fields.CharField(label="案件编号", max_length=60, required=False)
    field_work = forms.BooleanField(label="外勤或连续工作（返回后移交）", required=False)
    interruption = fields.CharField(label="中断情况说明", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text="摄录中断的，写明原因（阻挠、天气、设备故障、存储满、电量）")
    notes = fields.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, officers: QuerySet[Officer] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = (officers if officers is not None else Officer.objects.none()).filter(active=True).select_related(
            "person", "unit")
        self.fields["officers"].queryset = qs  # type: ignore[attr-defined]
        self.fields["camera_operator"].queryset = qs  # type: ignore[attr-defined]


QUALIFIED_RULE = "持证上岗"


class UploadForm(DescriptionForm):
    """The upload page's form: where the evidence belongs, then its description; the file goes by tus.

    Short for the field: the first fields are those filled in at the scene (``MAIN``), the rest fold away
    (``MORE``). 执法人员 and 摄录人 offer only officers who may act on ``on`` (持证上岗: in post, a credential
    valid that day — ``agencies.rules.officer_standing_problem``), and refuse anyone else by name and reason;
    the signed-in officer is chosen for both when they are one of them (``me``).
    """

    unit = fields.ModelChoiceField(label="所属单位", queryset=Agency.objects.none(), required=False)

    field_order = ["unit", "kind"]
    MAIN = ("kind", "title", "capture_start", "capture_end", "officers", "camera_operator", "place",
            "latitude", "longitude")
    MORE = ("unit", "device", "case_number", "field_work", "interruption", "notes")

    def __init__(self, *args: Any, units: QuerySet[Agency] | None = None, on: dt.date | None = None,
                 me: Officer | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Agency.objects.none()  # type: ignore[attr-defined]
        self.on = on or timezone.localdate()
        officers = self.fields["officers"]
        assert isinstance(officers, OfficersChoice)
        self.qualified = [o for o in (officers.queryset or []) if officer_standing_problem(o, self.on) is None]
        choices = [(str(o.pk), officers.label_from_instance(o)) for o in self.qualified]
        officers.widget.choices = choices
        self.fields["camera_operator"].widget.choices = [("", "请选择"), *choices]  # type: ignore[attr-defined]
        if me is not None and me in self.qualified and not self.is_bound:
            self.initial.setdefault("officers", [me.pk])
            self.initial.setdefault("camera_operator", me.pk)

    def _refuse_unqualified(self, chosen: list[Officer]) -> None:
        problems = [f"{o.person.name}：{problem}" for o in chosen
                    if (problem := officer_standing_problem(o, self.on)) is not None]
        if problems:
            raise forms.ValidationError(
                "；".join(problems) + f"。只能选择{self.on.isoformat()}持有效执法证的在岗执法人员（{QUALIFIED_RULE}）",
                code="unqualified")

    def clean_officers(self) -> list[Officer]:
        chosen = list(self.cleaned_data.get("officers") or [])
        self._refuse_unqualified(chosen)
        return chosen

    def clean_camera_operator(self) -> Officer | None:
        chosen = self.cleaned_data.get("camera_operator")
        if chosen is not None:
            self._refuse_unqualified([chosen])
        return chosen

    @cached_property
    def several_units(self) -> bool:
        return len(self.fields["unit"].queryset[:2]) > 1  # type: ignore[attr-defined]

    def main_fields(self) -> list[Any]:
        """The fields filled in at the scene; 所属单位 among them only when there is a choice to make."""
        names = ("unit", *self.MAIN) if self.several_units else self.MAIN
        return [self[name] for name in names]

    def more_fields(self) -> list[Any]:
        names = self.MORE[1:] if self.several_units else self.MORE
        return [self[name] for name in names]

    def more_has_errors(self) -> bool:
        return any(field.errors for field in self.more_fields())


def metadata_data(meta: dict[str, str]) -> dict[str, Any]:
    """The tus metadata as form data: ``officers`` is a comma-separated list of ids."""
    data: dict[str, Any] = {k: v for k, v in meta.items() if k in UploadForm.base_fields}
    if "officers" in data:
        data["officers"] = [v.strip() for v in data["officers"].split(",") if v.strip()]
    if "field_work" in data and data["field_work"].lower() in ("", "0", "false", "off", "no"):
        del data["field_work"]
    return data


class DownloadForm(fields.Form):
    reason = fields.CharField(label="调取事由", max_length=300, help_text="记入台账")
    view_request = fields.IntegerField(required=False, widget=forms.HiddenInput)
    inline = forms.BooleanField(required=False, widget=forms.HiddenInput)


class HoldForm(fields.Form):
    reason = forms.ChoiceField(label="事由", choices=HoldReason.choices)
    note = fields.CharField(label="说明", max_length=300, required=False)


class ReleaseForm(fields.Form):
    reason = fields.CharField(label="解除理由", max_length=300)


class RetentionForm(fields.Form):
    retention_class = fields.ModelChoiceField(label="保存类别", queryset=RetentionClass.objects.none())
    filed = forms.BooleanField(label="已归入案卷（随案卷保存）", required=False)

    def __init__(self, *args: Any, classes: QuerySet[RetentionClass], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["retention_class"].queryset = classes  # type: ignore[attr-defined]


class ViewRequestForm(fields.Form):
    purpose = forms.ChoiceField(label="用途", choices=ViewPurpose.choices)
    reason = fields.CharField(label="理由", max_length=300)


class PartyApplicationForm(fields.Form):
    party_name = fields.CharField(label="当事人", max_length=100)
    party_id_number = fields.CharField(label="证件号码", max_length=30, required=False)
    purpose = forms.ChoiceField(label="申请事项", choices=ViewPurpose.choices)
    reason = fields.CharField(label="申请理由", max_length=300)


class DecisionForm(fields.Form):
    approve = forms.TypedChoiceField(label="审批", choices=[("1", "批准"), ("0", "不予批准")],
                                     coerce=lambda v: v == "1")
    note = fields.CharField(label="审批意见", max_length=300, required=False)


class SettingsForm(fields.Form):
    handin_hours = fields.IntegerField(label="音像记录移交时限（小时）", min_value=1, max_value=24)
    field_work_workdays = fields.IntegerField(label="外勤或连续工作移交时限（工作日）", min_value=0, max_value=3)
    describe_workdays = fields.IntegerField(label="分类著录时限（工作日）", min_value=1, max_value=2)
    av_view_needs_approval = forms.BooleanField(label="调阅音像记录须经批准", required=False)
    approval_valid_days = fields.IntegerField(label="批准有效天数", min_value=1, max_value=90)
    av_months = fields.IntegerField(label="原始音像记录保存月数", min_value=6, max_value=MAX_RETENTION_MONTHS,
                                    help_text="至少 6 个月（记录仪办法 第十二条），至多 1200 个月（100 年）；"
                                              "默认 24 个月")
