"""Forms of 行政检查: the 检查计划, starting an inspection, and the inspection section of the case page."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from zhifa.agencies.models import Agency, Officer
from zhifa.core import fields
from zhifa.records.forms import DATETIME_FORMATS, LocalDateTimeInput


def _set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def _set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]], empty: str = "请选择") -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = [("", empty), *choices]


def _moment(label: str) -> fields.DateTimeField:
    return fields.DateTimeField(label=label, input_formats=DATETIME_FORMATS, widget=LocalDateTimeInput())


class _Form(fields.Form):
    """Ids of its own (``inspection-findings``): the section shares the case page with the others."""

    id_prefix = "inspection"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class PlanForm(fields.Form):
    name = fields.CharField(label="计划名称", max_length=200, help_text="如：2026年度土地利用情况双随机抽查")
    unit = fields.ModelChoiceField(Agency.objects.none(), label="检查机构")
    random_code = forms.ChoiceField(label="随机抽查事项", help_text="本机关现行随机抽查事项清单中的事项")
    starts_on = fields.DateField(label="检查期间自")
    ends_on = fields.DateField(label="检查期间至")

    def __init__(self, *args: Any, units: Any, random_items: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "unit", units)
        _set_choices(self, "random_code", random_items)


class InspectionStartForm(fields.Form):
    token = fields.CharField(max_length=40, widget=forms.HiddenInput)
    unit = fields.ModelChoiceField(Agency.objects.none(), label="检查机构")
    plan = fields.ModelChoiceField(None, label="检查计划", required=False, empty_label="不定期检查（不属检查计划）")
    item_code = forms.ChoiceField(label="执法事项", required=False,
                                  help_text="不定期检查的填写；按计划检查的取计划的事项")
    title = fields.CharField(label="检查事由", max_length=200, help_text="如：土地利用情况检查")
    party = fields.ModelChoiceField(None, label="检查对象", empty_label="请选择",
                                    help_text="未登记的先在“当事人”中登记（按证件号码查找）")
    place = fields.ModelChoiceField(Agency.objects.none(), label="所在区域")
    officers = fields.ModelMultipleChoiceField(Officer.objects.none(), label="检查人员（不少于两名，持有效执法证）",
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, units: Any, plans: Any, items: list[tuple[str, str]], parties: Any, places: Any,
                 officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
        _set_queryset(self, "unit", units)
        _set_queryset(self, "plan", plans)
        _set_queryset(self, "party", parties)
        _set_queryset(self, "place", places)
        _set_queryset(self, "officers", officers)
        _set_choices(self, "item_code", items)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("plan") and not data.get("item_code"):
            self.add_error("item_code", "不定期检查请选择执法事项；按计划检查的请选择检查计划")
        return data


class InspectionRecordForm(_Form):
    started_at = _moment("检查开始时间")
    ended_at = _moment("检查结束时间")
    place = fields.CharField(label="检查地点", max_length=200)
    officers = fields.ModelMultipleChoiceField(None, label="在场检查人员", widget=forms.CheckboxSelectMultiple)
    recorder = fields.ModelChoiceField(None, label="记录人")
    present = fields.CharField(label="在场人", max_length=300, help_text="被检查单位负责人或在场人：姓名、职务")
    items_checked = fields.CharField(label="检查事项", max_length=5000, widget=forms.Textarea(attrs={"rows": 2}),
                                     help_text="逐项写明检查了什么")
    findings = fields.CharField(label="检查发现", max_length=10000, widget=forms.Textarea(attrs={"rows": 3}),
                                help_text="现场状况、测量数据、发现的问题；未发现问题的写明")
    av_note = fields.CharField(label="音像记录情况", max_length=500,
                               help_text="执法记录仪编号及起止时间；不宜音像记录的，写明原因")
    opinion = fields.CharField(label="被检查人意见", max_length=2000, required=False)
    signed = forms.TypedChoiceField(label="签名", choices=[("1", "被检查人已核对并签名"), ("0", "被检查人拒绝签名")],
                                    coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="1")
    refusal_reason = fields.CharField(label="拒绝签名的原因", max_length=2000, required=False)
    witness = fields.CharField(label="见证人", max_length=100, required=False, help_text="拒绝签名时由见证人签名")

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "officers", officers)
        _set_queryset(self, "recorder", officers)


class CompliantForm(_Form):
    id_prefix = "compliant"
    conclusion = fields.CharField(label="检查结论", max_length=2000, required=False,
                                  initial="未发现违法违规行为，检查合格")


class InspectionRectificationForm(_Form):
    id_prefix = "rectify"
    due_on = fields.DateField(label="整改期限", help_text="到期复查")
    content = fields.CharField(label="整改内容和要求", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    violated = fields.CharField(label="违反的规定", max_length=2000)
    basis = fields.CharField(label="责令整改的依据", max_length=2000,
                             initial="《中华人民共和国行政处罚法》第二十八条第一款")
    consequence = fields.CharField(label="逾期不整改的后果", max_length=2000, required=False)
    contact = fields.CharField(label="联系人及电话", max_length=200)


class OpenCaseForm(_Form):
    id_prefix = "open-case"
    item_code = forms.ChoiceField(label="行政处罚事项")
    title = fields.CharField(label="案由", max_length=200)
    summary = fields.CharField(label="案情摘要", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    act_on = fields.DateField(label="违法行为发生日")
    opinion = fields.CharField(label="承办人意见", max_length=2000, initial="检查发现涉嫌违法，建议立案调查")

    def __init__(self, *args: Any, items: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "item_code", items)
