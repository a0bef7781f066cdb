"""Forms of 行政强制执行 (行政强制法 第34–60条): the start page and the section of the case page."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from zhifa.agencies.models import Agency, Officer
from zhifa.cases.execution_forms import UrgeForm, _Form, _set_queryset
from zhifa.cases.models import Case, CoercionMeasure, EnforcementAgreement, SuspensionGround, TerminationGround
from zhifa.core import fields
from zhifa.parties.models import Party
from zhifa.records.forms import DATETIME_FORMATS, LocalDateTimeInput


class CoercionStartForm(fields.Form):
    token = fields.CharField(max_length=40, widget=forms.HiddenInput)
    unit = fields.ModelChoiceField(Agency.objects.none(), label="承办机构")
    officers = fields.ModelMultipleChoiceField(Officer.objects.none(), label="执法人员（不少于两名）",
                                               widget=forms.CheckboxSelectMultiple)
    source_case = fields.ModelChoiceField(Case.objects.none(), label="所执行的行政处罚案件", required=False,
                                          help_text="处于“执行”环节、罚款逾期未缴的案件；选择后下列决定信息不必填写")
    party = fields.ModelChoiceField(Party.objects.none(), label="当事人", required=False)
    item_code = forms.ChoiceField(label="执法事项", required=False)
    decision_title = fields.CharField(label="行政决定名称", max_length=100, required=False,
                                      help_text="如：责令限期拆除决定书")
    decision_number = fields.CharField(label="行政决定文号", max_length=100, required=False)
    decision_served_on = fields.DateField(label="行政决定送达日期", required=False)
    obligation = fields.CharField(label="当事人应当履行的义务", max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    amount = fields.DecimalField(label="金钱给付数额（元）", required=False, max_digits=14, decimal_places=2)
    remedy_sought = forms.BooleanField(label="当事人已对该决定申请行政复议或者提起行政诉讼", required=False)
    residence = forms.BooleanField(label="执行涉及居民生活（住宅）", required=False,
                                   help_text="涉及的，不得采取停止供水、供电、供热、供燃气等方式（行政强制法第四十三条）")

    def __init__(self, *args: Any, units: Any, officers: Any, cases: Any, parties: Any,
                 items: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
        _set_queryset(self, "unit", units)
        _set_queryset(self, "officers", officers)
        _set_queryset(self, "source_case", cases)
        _set_queryset(self, "party", parties)
        item_field = self.fields["item_code"]
        assert isinstance(item_field, forms.ChoiceField)
        item_field.choices = [("", "请选择"), *items]


class CoercionUrgeForm(UrgeForm):
    id_prefix = "curge"
    due_on = fields.DateField(label="履行期限（截止日期）",
                              help_text="催告书载明的履行义务的期限（行政强制法第三十五条）")
    field_order = ["due_on", "performance", "contact", "agency_address"]


class DefenceForm(_Form):
    id_prefix = "defence"
    received_on = fields.DateField(label="提出日期")
    waived = forms.BooleanField(label="当事人明确放弃陈述、申辩", required=False)
    content = fields.CharField(label="陈述、申辩内容", max_length=5000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    review = fields.CharField(label="复核意见", max_length=5000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="当事人提出的事实、理由或者证据成立的，应当采纳（行政强制法第三十六条）")


class CoercionDecisionForm(_Form):
    id_prefix = "cdecision"
    measure = forms.ChoiceField(label="强制执行的方式", choices=[("", "请选择"), *CoercionMeasure.choices])
    reason = fields.CharField(label="强制执行的理由和依据", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    execute_from = fields.DateField(label="强制执行的时间（起）")
    review_body = fields.CharField(label="行政复议机关", max_length=200)
    court = fields.CharField(label="管辖的人民法院", max_length=200)
    performer = fields.CharField(label="代履行人", max_length=200, required=False, help_text="代履行的填写")
    target = fields.CharField(label="代履行的标的", max_length=500, required=False,
                              help_text="代履行的填写，如：堆放的建筑垃圾约300立方米（行政强制法第五十一条）")
    budget = fields.DecimalField(label="代履行费用预算（元）", required=False, max_digits=14, decimal_places=2)


class DemolitionNoticeForm(_Form):
    id_prefix = "demolition"
    announced_on = fields.DateField(label="公告日期")
    own_demolition_by = fields.DateField(label="限期自行拆除至")
    target = fields.CharField(label="需要拆除的建筑物、构筑物、设施", max_length=500)
    medium = fields.CharField(label="公告方式（张贴地点或媒介）", max_length=200)


class SubstituteNoticeForm(_Form):
    id_prefix = "substitute"
    served_on = fields.DateField(label="代履行催告送达日期")


class AgreementForm(_Form):
    id_prefix = "agreement"
    signed_on = fields.DateField(label="签订日期")
    terms = fields.CharField(label="协议内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="可以约定分阶段履行；当事人采取补救措施的，可以减免加处的罚款或者滞纳金")
    due_on = fields.DateField(label="约定的履行期限")
    public_interest_unharmed = forms.BooleanField(label="不损害公共利益和他人合法权益", required=False)


class AgreementEndForm(_Form):
    id_prefix = "agreement-end"
    agreement = fields.ModelChoiceField(EnforcementAgreement.objects.none(), label="执行协议")
    ended_on = fields.DateField(label="登记日期")
    fulfilled = forms.TypedChoiceField(label="履行情况", choices=[("1", "已履行"), ("0", "未履行，恢复强制执行")],
                                       coerce=lambda v: v == "1", widget=forms.RadioSelect)
    note = fields.CharField(label="说明", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, agreements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "agreement", agreements)


class EnforceForm(_Form):
    id_prefix = "enforce"
    at = fields.DateTimeField(label="实施时间", input_formats=DATETIME_FORMATS, widget=LocalDateTimeInput())
    note = fields.CharField(label="实施情况", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    completed = forms.BooleanField(label="执行完毕", required=False, initial=True)
    urgent_reason = fields.CharField(label="情况紧急的书面理由", max_length=2000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}),
                                     help_text="夜间或者法定节假日实施的，须写明紧急情况（行政强制法第四十三条）")


class SuspendForm(_Form):
    id_prefix = "suspend"
    ground = forms.ChoiceField(label="中止执行的情形（行政强制法第三十九条第一款）", choices=SuspensionGround.choices,
                               widget=forms.RadioSelect)
    reason = fields.CharField(label="具体情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    on = fields.DateField(label="中止日期")


class ResumeForm(_Form):
    id_prefix = "resume"
    reason = fields.CharField(label="中止的情形消失的情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    on = fields.DateField(label="恢复执行日期")


class TerminateForm(_Form):
    id_prefix = "terminate"
    ground = forms.ChoiceField(label="终结执行的情形（行政强制法第四十条）", choices=TerminationGround.choices,
                               widget=forms.RadioSelect)
    reason = fields.CharField(label="具体情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    on = fields.DateField(label="终结日期")
