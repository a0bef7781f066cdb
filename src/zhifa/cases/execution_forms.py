"""Forms of the execution section of the case page (行政处罚法 第66–73条; 行政强制法 第53、54条)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from zhifa.cases.models import CourtRuling, PaymentPlanKind, RemedyKind, RemedyResult
from zhifa.core import fields
from zhifa.core.labels import rule_name

PLAN = rule_name("行政处罚法 第66条")
MONEY_ERRORS = {"invalid": f"请填写数值（元），如 2500.00，不能含字母或其他文字（{rule_name('行政处罚法 第67条')}）"}
_LINE = re.compile(r"^\s*(\S+)\s+(\S+)\s*$")
MAX_INSTALMENTS = 36


def _set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def parse_instalments(text: str) -> list[tuple[dt.date, Decimal]]:
    """Lines of ``YYYY-MM-DD amount``: one instalment each; a bad line is refused by its number."""
    rows: list[tuple[dt.date, Decimal]] = []
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_INSTALMENTS:
        raise ValidationError(f"最多分为{MAX_INSTALMENTS}期（{PLAN}）")
    for n, line in enumerate(lines, start=1):
        m = _LINE.match(line.replace("，", " ").replace(",", " ").replace("元", ""))
        if m is None:
            raise ValidationError(f"第{n}行应为“缴纳期限 金额”，如 2027-01-15 2500（{PLAN}）")
        day_text, amount_text = m.groups()
        try:
            day = fields.DateField().clean(day_text)
        except ValidationError:
            raise ValidationError(f"第{n}行的缴纳期限“{day_text[:20]}”不是日期，应如 2027-01-15（{PLAN}）") from None
        try:
            amount = Decimal(amount_text) if len(amount_text) <= fields.NUMBER_CHARS else Decimal("NaN")
        except InvalidOperation:
            amount = Decimal("NaN")
        if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            raise ValidationError(f"第{n}行的金额“{amount_text[:20]}”不是大于零、最多两位小数的数值（{PLAN}）")
        rows.append((day, amount))
    return rows


class _Form(fields.Form):
    """The section's forms share the case page with the others: ids of their own (``plan-reason``), the field
    names unchanged."""

    id_prefix = "x"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class PaymentPlanForm(_Form):
    id_prefix = "plan"
    kind = forms.ChoiceField(label="申请方式", choices=PaymentPlanKind.choices, widget=forms.RadioSelect)
    applied_on = fields.DateField(label="书面申请日期")
    reason = fields.CharField(label="申请理由（确有经济困难的情况）", max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    deferred_to = fields.DateField(label="延期至", required=False, help_text="延期缴纳的填写")
    instalments = fields.CharField(label="各期期限和金额", max_length=2000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text="分期缴纳的填写，每行一期：缴纳期限 金额，如 2027-01-15 2500")

    def clean_instalments(self) -> list[tuple[dt.date, Decimal]]:
        return parse_instalments(self.cleaned_data.get("instalments") or "")


class PlanDecisionForm(_Form):
    id_prefix = "plan-decision"
    plan = fields.ModelChoiceField(None, widget=forms.HiddenInput)
    approve = forms.TypedChoiceField(label="审批", choices=[("1", "批准"), ("0", "不予批准")],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect)
    opinion = fields.CharField(label="审批意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, plans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "plan", plans)


class InstalmentPaymentForm(_Form):
    id_prefix = "instalment"
    instalment = fields.ModelChoiceField(None, label="期次")
    paid_on = fields.DateField(label="缴纳日期")
    amount = fields.DecimalField(label="缴纳金额（元，含加处罚款）", max_digits=14, decimal_places=2, min_value=0,
                                 error_messages=MONEY_ERRORS)

    def __init__(self, *args: Any, instalments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "instalment", instalments)


class RemedyForm(_Form):
    id_prefix = "remedy"
    kind = forms.ChoiceField(label="类别", choices=RemedyKind.choices)
    filed_on = fields.DateField(label="申请（起诉）日期")
    body = fields.CharField(label="复议机关或人民法院", max_length=200)


class RemedyEndForm(_Form):
    id_prefix = "remedy-end"
    remedy = fields.ModelChoiceField(None, widget=forms.HiddenInput)
    ended_on = fields.DateField(label="结果送达日期")
    result = forms.ChoiceField(label="结果", choices=RemedyResult.choices)
    note = fields.CharField(label="结果说明", max_length=2000, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, remedies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "remedy", remedies)


class RectificationForm(_Form):
    id_prefix = "rectification"
    immediate = forms.TypedChoiceField(label="改正方式", choices=[("0", "限期改正"), ("1", "立即改正")],
                                       coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="0")
    due_on = fields.DateField(label="改正期限", required=False, help_text="限期改正的填写；到期复查")
    violation = fields.CharField(label="违法行为（时间、地点、事实）", max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    violated = fields.CharField(label="违反的规定", max_length=2000)
    basis = fields.CharField(label="责令改正的依据", max_length=2000)
    content = fields.CharField(label="改正的内容和要求", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    consequence = fields.CharField(label="逾期不改正的后果及依据", max_length=2000, required=False)
    contact = fields.CharField(label="联系人及电话", max_length=2000)


class RecheckForm(_Form):
    id_prefix = "recheck"
    rectification = fields.ModelChoiceField(None, widget=forms.HiddenInput)
    checked_on = fields.DateField(label="复查日期")
    rectified = forms.TypedChoiceField(label="复查结果", choices=[("1", "已改正"), ("0", "未改正")],
                                       coerce=lambda v: v == "1", widget=forms.RadioSelect)
    note = fields.CharField(label="复查情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, rectifications: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "rectification", rectifications)


class UrgeForm(_Form):
    id_prefix = "urge"
    performance = fields.CharField(label="履行方式（缴款方式）", max_length=500)
    contact = fields.CharField(label="联系人及电话", max_length=200)
    agency_address = fields.CharField(label="本机关地址（陈述申辩）", max_length=200)


class CourtApplicationForm(_Form):
    id_prefix = "court"
    applied_on = fields.DateField(label="申请日期")
    court = fields.CharField(label="人民法院", max_length=200)


class CourtRulingForm(_Form):
    id_prefix = "ruling"
    ruling = forms.ChoiceField(label="裁定", choices=CourtRuling.choices, widget=forms.RadioSelect)
    ruled_on = fields.DateField(label="裁定日期")
    ruling_court = fields.CharField(label="作出裁定的法院", max_length=200)
    note = fields.CharField(label="裁定说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text="不准予执行的，写明理由")
