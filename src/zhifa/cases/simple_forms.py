"""Forms of the 简易程序 workspace (行政处罚法 第51、52条), on the project's field layer: short, for a phone."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django import forms

from zhifa.agencies.models import Agency, Officer
from zhifa.cases.rules import OnsiteGround
from zhifa.core import fields
from zhifa.parties.models import PartyKind
from zhifa.records.forms import DATETIME_FORMATS, LocalDateTimeInput


def _set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class TypedPartyForm(fields.Form):
    """A form whose party is either found (``party``, from the party lookup) or typed into these fields: the
    简易程序's 当事人 and a licence's 申请人 (``ROLE``), kept as one set so both pages ask the same things."""

    ROLE = "当事人"
    DEFAULT_KIND: str = PartyKind.PERSON
    PARTY_FIELDS = ("kind", "name", "id_number", "uscc", "rep_name", "address", "phone")

    token = fields.CharField(max_length=40, widget=forms.HiddenInput)
    party = fields.ModelChoiceField(None, required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=PartyKind.choices, required=False)
    name = fields.CharField(max_length=200, required=False)
    id_number = fields.CharField(label="居民身份证号码", max_length=40, required=False, help_text="自然人填写")
    uscc = fields.CharField(label="统一社会信用代码", max_length=40, required=False,
                            help_text="法人、其他组织、个体工商户填写")
    rep_name = fields.CharField(label="法定代表人（负责人、经营者）", max_length=100, required=False)
    address = fields.CharField(label="住所（地址）", max_length=200, required=False)
    phone = fields.CharField(label="联系电话", max_length=40, required=False)

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
        self.fields["kind"].label = f"{self.ROLE}类型"
        self.fields["kind"].initial = self.DEFAULT_KIND
        self.fields["name"].label = f"{self.ROLE}姓名或名称"
        _set_queryset(self, "party", parties)

    def typed_party(self) -> dict[str, Any] | None:
        """The party typed, as ``parties.record_party`` takes it; None when one was found."""
        d = self.cleaned_data
        return None if d.get("party") else typed_party({k: d.get(k, "") for k in self.PARTY_FIELDS},
                                                       self.DEFAULT_KIND)


class SimpleStartForm(TypedPartyForm):
    unit = fields.ModelChoiceField(Agency.objects.none(), label="承办机构")
    item_code = forms.ChoiceField(label="执法事项")
    title = fields.CharField(label="案由", max_length=200, help_text="如：擅自占用道路堆放物料")
    facts = fields.CharField(label="违法事实", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    spot = fields.CharField(label="违法地点", max_length=200)
    act_at = fields.DateTimeField(label="违法时间", input_formats=DATETIME_FORMATS, widget=LocalDateTimeInput())
    place = fields.ModelChoiceField(Agency.objects.none(), label="所在区域")
    officers = fields.ModelMultipleChoiceField(Officer.objects.none(), label="执法人员（不少于两名）",
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, units: Any, items: list[tuple[str, str]], places: Any, officers: Any,
                 parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, parties=parties, **kwargs)
        _set_queryset(self, "unit", units)
        _set_queryset(self, "place", places)
        _set_queryset(self, "officers", officers)
        item_field = self.fields["item_code"]
        assert isinstance(item_field, forms.ChoiceField)
        item_field.choices = [("", "请选择"), *items]

    def action_kwargs(self) -> dict[str, Any]:
        """The cleaned data as ``start_simple_case`` takes it: the party found, or the one typed."""
        new = self.typed_party()
        d = {k: v for k, v in self.cleaned_data.items() if k not in self.PARTY_FIELDS}
        if new is not None:
            d["new_party"] = new
        return d


def typed_party(typed: dict[str, Any], default_kind: str) -> dict[str, Any]:
    """A party typed into a form's party fields, as ``parties.record_party`` takes it (the 简易程序's party, a
    licence applicant)."""
    kind = typed["kind"] or default_kind
    values: dict[str, Any] = {"kind": kind, "name": typed["name"], "address": typed["address"],
                              "phone": typed["phone"]}
    if kind == PartyKind.PERSON:
        values |= {"id_kind": "resident", "id_number": typed["id_number"]}
    else:
        values |= {"uscc": typed["uscc"], "rep_name": typed["rep_name"]}
    return values


class LookupForm(fields.Form):
    number = fields.CharField(label="按证件号码查找当事人", max_length=40, required=False,
                              help_text="居民身份证号码或统一社会信用代码；登记过的不必重新录入")


class TellForm(fields.Form):
    kind = forms.ChoiceField(label="拟作出的处罚", choices=[("fine", "罚款"), ("warning", "警告")],
                             widget=forms.RadioSelect, initial="fine")
    fine = fields.DecimalField(label="罚款数额（元）", max_digits=14, decimal_places=2, required=False, min_value=0,
                               help_text="公民二百元以下，法人或者其他组织三千元以下（行政处罚法第五十一条）")
    violated = fields.CharField(label="违反的规定", max_length=2000)
    penalty_basis = fields.CharField(label="处罚依据", max_length=2000)
    statement = fields.CharField(label="当事人陈述、申辩", max_length=5000, required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    waived = forms.BooleanField(label="当事人放弃陈述、申辩", required=False)

    def action_kwargs(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["kinds"] = [d.pop("kind")]
        d["fine"] = d.get("fine") or Decimal(0)
        return d


class OnsiteDecisionForm(fields.Form):
    review_body = fields.CharField(label="行政复议机关", max_length=200)
    court = fields.CharField(label="有管辖权的人民法院", max_length=200)
    payment = fields.CharField(label="罚款缴纳方式", max_length=500, required=False,
                               initial="自收到本决定书之日起十五日内到指定银行或者通过电子支付系统缴纳")


class HandOverForm(fields.Form):
    signed = forms.TypedChoiceField(label="当事人签收", choices=[("1", "当事人已签名签收"), ("0", "当事人拒绝签收")],
                                    coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="1")
    refusal_note = fields.CharField(label="拒绝签收情况", max_length=2000, required=False,
                                    help_text="拒绝签收的，注明情况")
    witness = fields.CharField(label="见证人", max_length=100, required=False, help_text="拒绝签收的，写明见证人")


class SimplePaymentForm(fields.Form):
    onsite = forms.TypedChoiceField(label="缴纳方式", choices=[("0", "十五日内到银行或电子支付缴纳"),
                                                         ("1", "当场收缴")],
                                    coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="0")
    paid_on = fields.DateField(label="缴纳日期", required=False, help_text="银行或电子支付缴纳的填写")
    ground = forms.ChoiceField(label="当场收缴的情形", required=False,
                               choices=[("", "不是当场收缴"), *OnsiteGround.choices])
    receipt_number = fields.CharField(label="票据号码", max_length=60, required=False,
                                      help_text="当场收缴的，填写省级财政部门统一制发的罚款收据号码")


class FilingForm(fields.Form):
    note = fields.CharField(label="备案说明", max_length=300, required=False, help_text="如：已报法规科")
