"""Forms of 行政征收征用 and 行政收费, on the project's field layer."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from zhifa.agencies.models import Agency, Officer
from zhifa.cases.levy_rules import LateKind, LevyKind, RateUnit, ReturnState
from zhifa.core import fields
from zhifa.parties.models import Party
from zhifa.records.models import Evidence


def _set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class LevyStartForm(fields.Form):
    token = fields.CharField(max_length=40, widget=forms.HiddenInput)
    unit = fields.ModelChoiceField(Agency.objects.none(), label="承办机构")
    kind = forms.ChoiceField(label="类别")
    item_code = forms.ChoiceField(label="执法事项", help_text="法律依据和收费标准按现行事项清单载明")
    party = fields.ModelChoiceField(Party.objects.none(), label="当事人", help_text="本机关已登记的当事人")
    title = fields.CharField(label="事由", max_length=200)
    facts = fields.CharField(label="事实", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    act_on = fields.DateField(label="事由发生日期", help_text="如约定动工开发日期、申请登记日期")
    place = fields.ModelChoiceField(Agency.objects.none(), label="所在区域")
    officers = fields.ModelMultipleChoiceField(Officer.objects.none(), label="执法人员（不少于两名）",
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], units: Any, items: list[tuple[str, str]],
                 parties: Any, places: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
        for name, qs in (("unit", units), ("party", parties), ("place", places), ("officers", officers)):
            _set_queryset(self, name, qs)
        kind, item = self.fields["kind"], self.fields["item_code"]
        assert isinstance(kind, forms.ChoiceField) and isinstance(item, forms.ChoiceField)
        kind.choices = kinds
        if len(kinds) == 1:
            kind.widget = forms.HiddenInput()
            self.initial.setdefault("kind", kinds[0][0])
        item.choices = [("", "请选择"), *items]


class AssessForm(fields.Form):
    base_label = fields.CharField(label="计征基数名称", max_length=60, help_text="如：土地出让价款、登记件数")
    base = fields.DecimalField(label="计征基数", max_digits=18, decimal_places=4)
    base_unit = fields.CharField(label="基数单位", max_length=10, help_text="如：元、件、平方米")
    rate = fields.DecimalField(label="标准", max_digits=12, decimal_places=4, help_text="百分比或每单位金额")
    rate_unit = forms.ChoiceField(label="计算方式", choices=RateUnit.choices)
    standard = fields.CharField(label="标准依据的文字", max_length=500, required=False,
                                widget=forms.Textarea(attrs={"rows": 2}),
                                help_text="征收、征用写明标准，如：按照土地出让价款的百分之二十征缴")

    def __init__(self, *args: Any, charge: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if charge:  # the 事项清单's 收费标准 is the standard; it is shown, not typed
            del self.fields["standard"]


class LevyDecisionForm(fields.Form):
    performance = fields.CharField(label="缴纳（支付）方式", max_length=500,
                                   initial="到本机关指定的代收银行缴入国库，或通过非税收入电子缴款系统缴纳")
    charge_days = fields.IntegerField(label="缴费期限（日）", min_value=1, max_value=90, initial=15,
                                      help_text="自收到收费通知书之日起")
    review_body = fields.CharField(label="行政复议机关", max_length=200, initial="鞍山市人民政府")
    court = fields.CharField(label="有管辖权的人民法院", max_length=200, initial="鞍山市铁东区人民法院")
    late_kind = forms.ChoiceField(label="逾期加处", required=False,
                                  choices=[("", "依据未规定加处"), *LateKind.choices])
    late_rate = fields.DecimalField(label="每日加处比例（%）", max_digits=7, decimal_places=4, required=False,
                                    help_text="如万分之五填 0.05；加处的数额不超出应缴数额（行政强制法第四十五条）")
    late_basis = fields.CharField(label="加处依据", max_length=300, required=False,
                                  help_text="规定加处罚款或者滞纳金的法律、法规条款")

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind != LevyKind.CHARGE:
            del self.fields["charge_days"]
        if kind == LevyKind.REQUISITION:
            self.fields["performance"].initial = "征用结束后十五日内将补偿款支付至被征用人账户"
            for name in ("late_kind", "late_rate", "late_basis"):
                del self.fields[name]


class SettlementForm(fields.Form):
    settled_on = fields.DateField(label="缴纳（支付）日期")
    amount = fields.DecimalField(label="数额（元）", max_digits=14, decimal_places=2)
    receipt = fields.ModelChoiceField(Evidence.objects.none(), label="缴款（支付）凭证",
                                      help_text="银行回单或票据，先在下方“证据”中登记为本案证据；分次缴纳的，每次一张")
    receipt_number = fields.CharField(label="票据号码", max_length=60, required=False)

    def __init__(self, *args: Any, receipts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "receipt", receipts)


class ReturnForm(fields.Form):
    returned_on = fields.DateField(label="返还日期")
    state = forms.ChoiceField(label="返还时状态", choices=ReturnState.choices, widget=forms.RadioSelect)
    note = fields.CharField(label="返还情况", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text="毁损、灭失的，写明情况，作为补偿的依据")
