"""Forms of 行政强制措施 (查封、扣押; 行政强制法 第18、19、24、25、28条): the start page and the measure's section of
the case page, on the project's field layer."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from zhifa.agencies.models import Agency, Officer
from zhifa.cases.execution_forms import _Form as SectionForm
from zhifa.cases.models import DisposalKind, MeasureKind, ReleaseGround, TestingKind
from zhifa.core import fields
from zhifa.records.forms import DATETIME_FORMATS, LocalDateTimeInput

YES_NO = [("1", "是"), ("0", "否")]


def _yes(value: str) -> bool:
    return value == "1"


def _set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class MeasureStartForm(fields.Form):
    token = fields.CharField(max_length=40, widget=forms.HiddenInput)
    punishment_case = fields.ModelChoiceField(None, required=False, widget=forms.HiddenInput)
    unit = fields.ModelChoiceField(Agency.objects.none(), label="承办机构")
    item_code = forms.ChoiceField(label="执法事项")
    kind = forms.ChoiceField(label="强制措施", choices=MeasureKind.choices, widget=forms.RadioSelect,
                             initial=MeasureKind.SEIZE)
    party = fields.ModelChoiceField(None, label="当事人", help_text="须先在“当事人”中登记")
    title = fields.CharField(label="案由", max_length=200, help_text="如：扣押非法占地施工机械")
    facts = fields.CharField(label="涉嫌违法的事实", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    act_on = fields.DateField(label="涉嫌违法行为发生日")
    place = fields.ModelChoiceField(Agency.objects.none(), label="所在区域")
    reason = fields.CharField(label="查封（扣押）的理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="为制止违法行为、防止证据损毁、避免危害发生、控制危险扩大等")
    basis = fields.CharField(label="查封（扣押）的依据", max_length=500,
                             help_text="如：《中华人民共和国土地管理法》第六十八条第四项")
    items = fields.CharField(label="查封（扣押）的场所、设施或者财物", max_length=5000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="查封、扣押的填写：逐项写明名称、数量、规格、状况（清单）")
    keeping = fields.CharField(label="保管方式和场所", max_length=300, required=False, help_text="查封、扣押的填写")
    bank = fields.CharField(label="金融机构", max_length=200, required=False, help_text="冻结存款、汇款的填写")
    account = fields.CharField(label="冻结的账号", max_length=60, required=False, help_text="冻结存款、汇款的填写")
    freeze_amount = fields.DecimalField(label="冻结数额（元）", required=False, max_digits=14, decimal_places=2,
                                        help_text="与违法行为涉及的金额相当（行政强制法第二十九条）")
    spot = fields.CharField(label="实施地点", max_length=200)
    officers = fields.ModelMultipleChoiceField(Officer.objects.none(), label="执法人员（不少于两名）",
                                               widget=forms.CheckboxSelectMultiple)
    emergency = forms.TypedChoiceField(label="情况紧急，需要当场实施", choices=[("0", "否，先报请负责人批准"),
                                                                      ("1", "是，已当场实施，24小时内报告")],
                                       coerce=_yes, widget=forms.RadioSelect, initial="0")
    emergency_reason = fields.CharField(label="情况紧急的理由", max_length=2000, required=False,
                                        widget=forms.Textarea(attrs={"rows": 2}), help_text="当场实施的填写")
    acted_at = fields.DateTimeField(label="当场实施的时间", required=False, input_formats=DATETIME_FORMATS,
                                    widget=LocalDateTimeInput(), help_text="当场实施的填写")

    def __init__(self, *args: Any, units: Any, items: list[tuple[str, str]], places: Any, officers: Any,
                 parties: Any, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
        for name, qs in (("unit", units), ("place", places), ("officers", officers), ("party", parties),
                         ("punishment_case", cases)):
            _set_queryset(self, name, qs)
        item_field = self.fields["item_code"]
        assert isinstance(item_field, forms.ChoiceField)
        item_field.choices = [("", "请选择"), *items]


class ReportForm(SectionForm):
    id_prefix = "measure-report"
    reported_at = fields.DateTimeField(label="向负责人报告的时间", input_formats=DATETIME_FORMATS,
                                       widget=LocalDateTimeInput())
    late_reason = fields.CharField(label="超过24小时报告的原因", max_length=2000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}), help_text="超过24小时报告的填写")


class ApprovalForm(SectionForm):
    id_prefix = "measure-approval"
    agrees = forms.TypedChoiceField(label="审批", choices=[("1", "批准"), ("0", "不予批准")], coerce=_yes,
                                    widget=forms.RadioSelect)
    opinion = fields.CharField(label="审批意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class OnsiteForm(SectionForm):
    id_prefix = "measure-onsite"
    acted_at = fields.DateTimeField(label="实施时间", required=False, input_formats=DATETIME_FORMATS,
                                    widget=LocalDateTimeInput(), help_text="经批准后实施的填写")
    party_present = forms.TypedChoiceField(label="当事人到场", choices=[("1", "当事人（或其代理人）到场"),
                                                                   ("0", "当事人不到场，邀请见证人")],
                                           coerce=_yes, widget=forms.RadioSelect, initial="1")
    present_name = fields.CharField(label="到场的当事人或其代理人", max_length=200, required=False)
    statement = fields.CharField(label="当事人的陈述和申辩", max_length=5000, required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    waived = forms.BooleanField(label="当事人不陈述、申辩", required=False)
    signed = forms.TypedChoiceField(label="现场笔录签名", choices=[("1", "当事人已签名"), ("0", "当事人拒绝签名")],
                                    coerce=_yes, widget=forms.RadioSelect, initial="1")
    refusal_reason = fields.CharField(label="拒绝签名的情况", max_length=2000, required=False)
    witness = fields.CharField(label="见证人", max_length=100, required=False,
                               help_text="当事人拒绝签名或者不到场的，写明见证人姓名")
    av_note = fields.CharField(label="音像记录情况", max_length=500, help_text="执法记录仪编号及起止时间")
    review_body = fields.CharField(label="行政复议机关", max_length=200)
    court = fields.CharField(label="有管辖权的人民法院", max_length=200)


class ExtensionForm(SectionForm):
    id_prefix = "measure-extension"
    last_day = fields.DateField(widget=forms.HiddenInput)
    reason = fields.CharField(label="延长理由（情况复杂的情形）", max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class TestingForm(SectionForm):
    id_prefix = "measure-testing"
    kind = forms.ChoiceField(label="种类", choices=TestingKind.choices)
    institution = fields.CharField(label="检测（鉴定）机构", max_length=200)
    from_on = fields.DateField(label="起始日期")
    to_on = fields.DateField(label="截止日期")


class ReleaseForm(SectionForm):
    id_prefix = "measure-release"
    ground = forms.ChoiceField(label="解除的理由", widget=forms.RadioSelect,
                               choices=[c for c in ReleaseGround.choices if c[0] != ReleaseGround.REFUSED])


class FreezeForm(SectionForm):
    id_prefix = "measure-freeze"
    acted_at = fields.DateTimeField(label="冻结时间", input_formats=DATETIME_FORMATS, widget=LocalDateTimeInput())
    bank_staff = fields.CharField(label="金融机构经办人", max_length=100, help_text="接收冻结通知书并在现场笔录上签名")
    av_note = fields.CharField(label="音像记录情况", max_length=500, help_text="执法记录仪编号及起止时间")
    review_body = fields.CharField(label="行政复议机关", max_length=200)
    court = fields.CharField(label="有管辖权的人民法院", max_length=200)


class DisposalForm(SectionForm):
    id_prefix = "measure-disposal"
    disposal = forms.ChoiceField(label="处理方式", choices=DisposalKind.choices, widget=forms.RadioSelect)
    on = fields.DateField(label="处理日期")
    note = fields.CharField(label="处理情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text="销毁的写明规定应当销毁的法律、行政法规条文；拍卖、变卖的写明所得款项")
    consent = fields.CharField(label="当事人同意拍卖、变卖的记录", max_length=300, required=False,
                               help_text="拍卖、变卖的填写：同意书或笔录")


class FreezeBasisForm(fields.Form):
    """The agency head's setting of 行政强制法 第29条: the law that lets this agency freeze deposits."""

    agency = fields.ModelChoiceField(Agency.objects.none(), label="执法主体")
    basis = fields.CharField(label="授权冻结存款、汇款的法律条文", max_length=300, required=False,
                             help_text="如《中华人民共和国税收征收管理法》第三十八条；留空表示本机关无权冻结")

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "agency", agencies)
