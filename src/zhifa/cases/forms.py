"""Forms of the case pages, on the project's field layer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from zhifa.agencies.models import Agency, Officer
from zhifa.cases.models import PUNISHMENT_SOURCES, CaseState, ComplaintChannel, OpinionStep, ServiceMethod
from zhifa.cases.rules import PenaltyKind
from zhifa.catalog.models import AVStage
from zhifa.catalog.processes import CASE_PROCESSES, PUNISHMENT_GENERAL
from zhifa.core import fields
from zhifa.core.validators import validate_resident_id, validate_uscc
from zhifa.parties.access import normalise_number


def _set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class CaseRegisterForm(fields.Form):
    process = forms.ChoiceField(label="程序", choices=[(PUNISHMENT_GENERAL.code, PUNISHMENT_GENERAL.name)])
    unit = fields.ModelChoiceField(Agency.objects.none(), label="承办机构")
    source = forms.ChoiceField(label="案件来源", choices=[(c.value, c.label) for c in PUNISHMENT_SOURCES])
    source_note = fields.CharField(label="来源说明", max_length=300, required=False,
                                   help_text="如：投诉举报登记号、交办或移送文号")
    parties = fields.ModelMultipleChoiceField(None, label="当事人", widget=forms.SelectMultiple(attrs={"size": 4}),
                                              help_text="未登记的当事人先在“当事人”中登记（按证件号码查找）")
    item_code = forms.ChoiceField(label="执法事项", help_text="本机关现行行政执法事项清单中的事项")
    title = fields.CharField(label="案由", max_length=200, help_text="如：某公司未经批准占用耕地建房案")
    summary = fields.CharField(label="案情摘要", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    place = fields.ModelChoiceField(Agency.objects.none(), label="违法行为发生地")
    act_on = fields.DateField(label="违法行为发生日")
    act_ended_on = fields.DateField(label="违法行为终了日", required=False,
                                    help_text="违法行为有连续或者继续状态的填写")
    grave_harm = forms.BooleanField(label="涉及公民生命健康安全、金融安全且有危害后果", required=False)
    officers = fields.ModelMultipleChoiceField(Officer.objects.none(), label="承办人员",
                                               widget=forms.CheckboxSelectMultiple)
    lead = fields.ModelChoiceField(Officer.objects.none(), label="主办人员")
    opinion = fields.CharField(label="承办人意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    complaint = fields.ModelChoiceField(None, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, units: Any, items: list[tuple[str, str]], places: Any, officers: Any,
                 complaints: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "parties", parties)
        _set_queryset(self, "complaint", complaints)
        _set_queryset(self, "unit", units)
        _set_queryset(self, "place", places)
        _set_queryset(self, "officers", officers)
        _set_queryset(self, "lead", officers)
        item_field = self.fields["item_code"]
        assert isinstance(item_field, forms.ChoiceField)
        item_field.choices = [("", "请选择"), *items]


class OpinionForm(fields.Form):
    step = forms.ChoiceField(choices=OpinionStep.choices, widget=forms.HiddenInput)
    agrees = forms.TypedChoiceField(label="意见", choices=[("1", "同意"), ("0", "不同意")], coerce=lambda v: v == "1",
                                    widget=forms.RadioSelect)
    text = fields.CharField(label="意见内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class MoveForm(fields.Form):
    target = fields.CharField(max_length=40, widget=forms.HiddenInput)
    note = fields.CharField(label="说明", max_length=2000, required=False)


class EvidenceLinkForm(fields.Form):
    evidence = fields.ModelChoiceField(None, label="证据")
    av_stage = forms.ChoiceField(label="音像记录环节", required=False,
                                 choices=[("", "不是音像记录"), *AVStage.choices])

    def __init__(self, *args: Any, evidence: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "link-%s")  # its own ids: the case page holds stage forms with these names
        super().__init__(*args, **kwargs)
        _set_queryset(self, "evidence", evidence)


class NoAVForm(fields.Form):
    av_stage = forms.ChoiceField(label="音像记录环节", choices=AVStage.choices)
    reason = fields.CharField(label="不宜音像记录的原因", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "no-av-%s")  # its own ids, beside the evidence link form's on the page
        super().__init__(*args, **kwargs)


class CaseFilterForm(fields.Form):
    q = fields.CharField(label="案号或案由", max_length=100, required=False)
    party = fields.CharField(label="当事人", max_length=100, required=False, widget=forms.TextInput(attrs={
        "placeholder": "完整的证件号码，或名称的开头",
        "title": "居民身份证、统一社会信用代码等证件号码须完整；名称或姓名从头输入"}))
    stage = forms.ChoiceField(label="环节", required=False, error_messages={"invalid_choice": fields.INVALID_CHOICE})
    state = forms.ChoiceField(label="状态", required=False, error_messages={"invalid_choice": fields.INVALID_CHOICE})
    officer = fields.CharField(label="承办人员", max_length=50, required=False)
    overdue = forms.ChoiceField(label="期限", required=False, choices=[("", "全部"), ("yes", "已逾期")],
                                error_messages={"invalid_choice": fields.INVALID_CHOICE})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        stage_field, state_field = self.fields["stage"], self.fields["state"]
        assert isinstance(stage_field, forms.ChoiceField) and isinstance(state_field, forms.ChoiceField)
        # each process's stages under its name: processes share codes (decide, close) with labels of their own
        stage_field.choices = [("", "全部"), *((p.name, [(f"{p.code}.{s.code}", s.label) for s in p.stages])
                                             for p in CASE_PROCESSES)]
        state_field.choices = [("", "全部"), *CaseState.choices]

    def clean_party(self) -> dict[str, str] | None:
        """A number (no Chinese, a digit in it) is looked up whole, checked first when it has the 18 characters
        of a 公民身份号码 or a 统一社会信用代码; anything else is the start of a name."""
        text = (self.cleaned_data.get("party") or "").strip()
        if not text:
            return None
        number = normalise_number(text)
        if not (number.isascii() and any(c.isdigit() for c in number)):
            return {"name": text}
        if len(number) == 18:
            checks = (validate_resident_id, validate_uscc) if number[:17].isdigit() else (validate_uscc,)
            errors = []
            for check in checks:
                try:
                    check(number)
                    break
                except forms.ValidationError as e:
                    errors.append(e)
            else:
                raise errors[0]
        return {"number": number}


class ComplaintForm(fields.Form):
    unit = fields.ModelChoiceField(Agency.objects.none(), label="承办机构")
    channel = forms.ChoiceField(label="渠道", choices=ComplaintChannel.choices)
    reporter_name = fields.CharField(label="投诉举报人", max_length=100, required=False, help_text="匿名的不填")
    reporter_contact = fields.CharField(label="联系方式", max_length=200, required=False)
    about = fields.CharField(label="被投诉举报对象", max_length=200)
    content = fields.CharField(label="投诉举报内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "unit", units)


class ComplaintAnswerForm(fields.Form):
    reason = fields.CharField(label="不予立案的理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class NoticeForm(fields.Form):
    kinds = forms.MultipleChoiceField(label="拟处罚种类", choices=PenaltyKind.choices,
                                      widget=forms.CheckboxSelectMultiple)
    fine = fields.DecimalField(label="拟罚款（元）", max_digits=14, decimal_places=2, required=False, min_value=0)
    confiscated = fields.DecimalField(label="拟没收金额（元）", max_digits=14, decimal_places=2, required=False,
                                      min_value=0)
    facts = fields.CharField(label="违法事实", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = fields.CharField(label="证据", max_length=2000, help_text="逐项列明证明违法事实的证据")
    violated = fields.CharField(label="违反的规定", max_length=2000)
    penalty_basis = fields.CharField(label="处罚依据", max_length=2000)
    reason = fields.CharField(label="处罚理由", max_length=2000, help_text="含裁量理由")
    contact = fields.CharField(label="联系人及电话", max_length=2000)
    agency_address = fields.CharField(label="本机关地址", max_length=2000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["fine"] = data.get("fine") or Decimal(0)
        data["confiscated"] = data.get("confiscated") or Decimal(0)
        return data


class ServiceForm(fields.Form):
    document = fields.ModelChoiceField(None, label="文书")
    method = forms.ChoiceField(label="送达方式", choices=ServiceMethod.choices)
    served_on = fields.DateField(label="送达日期", required=False, help_text="公告送达的填写公告日期，视为30日后送达")
    recipient = fields.CharField(label="签收人", max_length=100, required=False)
    tracking_number = fields.CharField(label="邮件号码", max_length=60, required=False)
    witness = fields.CharField(label="见证人", max_length=100, required=False, help_text="留置送达时必填")
    reason = fields.CharField(label="情况说明", max_length=2000, required=False,
                              help_text="留置、委托、转交或公告送达的原因")
    medium = fields.CharField(label="公告媒介", max_length=200, required=False)
    published_on = fields.DateField(label="公告日期", required=False)

    def __init__(self, *args: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "document", documents)


class StatementForm(fields.Form):
    received_on = fields.DateField(label="提出日期")
    waived = forms.BooleanField(label="当事人明确放弃陈述申辩", required=False)
    hearing_requested = forms.BooleanField(label="当事人要求听证", required=False)
    content = fields.CharField(label="陈述申辩内容", max_length=5000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    review = fields.CharField(label="复核意见", max_length=5000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class ProposalForm(fields.Form):
    kinds = forms.MultipleChoiceField(label="处罚种类", choices=PenaltyKind.choices,
                                      widget=forms.CheckboxSelectMultiple)
    fine = fields.DecimalField(label="罚款（元）", max_digits=14, decimal_places=2, required=False, min_value=0)
    confiscated = fields.DecimalField(label="没收金额（元）", max_digits=14, decimal_places=2, required=False,
                                      min_value=0)
    outside_reason = fields.CharField(label="超出裁量幅度或无法对照的理由", max_length=2000, required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    complex = forms.BooleanField(label="情节复杂或者重大违法（须经负责人集体讨论）", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["fine"] = data.get("fine") or Decimal(0)
        data["confiscated"] = data.get("confiscated") or Decimal(0)
        return data


class DecisionForm(fields.Form):
    statement_summary = fields.CharField(label="陈述申辩、听证情况及采纳情况", max_length=2000)
    reason = fields.CharField(label="处罚理由（含裁量理由）", max_length=2000)
    performance = fields.CharField(label="履行方式和期限", max_length=2000,
                                   initial="自收到本决定书之日起十五日内缴纳罚款")
    payment = fields.CharField(label="罚款缴纳银行及账户", max_length=500, required=False)
    review_body = fields.CharField(label="行政复议机关", max_length=2000)
    court = fields.CharField(label="有管辖权的人民法院", max_length=2000)


class PaymentForm(fields.Form):
    paid_on = fields.DateField(label="缴纳日期")
    amount = fields.DecimalField(label="缴纳金额（元，含加处罚款）", max_digits=14, decimal_places=2, min_value=0)
