"""Forms parse input into the arguments of a write function; the rules live in the actions."""

from __future__ import annotations

from django import forms
from django.db import models

from zhifa.agencies.models import (
    ActionKind,
    Agency,
    CredentialState,
    Domain,
    OrgLevel,
    Person,
    QualificationKind,
    Role,
)

DATE_ERRORS = {"invalid": "日期格式应为 YYYY-MM-DD，如 2026-09-30", "required": "此项不能为空"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), error_messages=DATE_ERRORS)


class AgencyForm(forms.Form):
    level = forms.ModelChoiceField(OrgLevel.objects.all(), label="层级", empty_label=None)
    name = forms.CharField(label="名称", max_length=100)
    uscc = forms.CharField(label="统一社会信用代码", max_length=18, required=False,
                           help_text="机关必填；按 GB 32100 校验")
    duties = forms.CharField(label="职责", widget=forms.Textarea, required=False)
    jurisdiction = forms.CharField(label="管辖范围", widget=forms.Textarea, required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)
    phone = forms.CharField(label="电话", max_length=40, required=False)
    domains = forms.ModelMultipleChoiceField(Domain.objects.all(), label="执法领域", required=False,
                                             widget=forms.CheckboxSelectMultiple)
    principal = forms.ModelChoiceField(Person.objects.none(), label="主要负责人", required=False,
                                       help_text="本机构的执法人员或在本机构担任角色的人员")

    def __init__(self, *args, agency: Agency | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency is None:
            del self.fields["principal"]
        else:
            del self.fields["level"]
            subtree = Agency.objects.filter(path__startswith=agency.path)
            principal = self.fields["principal"]
            assert isinstance(principal, forms.ModelChoiceField)
            principal.queryset = Person.objects.filter(
                models.Q(officer__unit__in=subtree) | models.Q(user__role_grants__agency__in=subtree)
                | models.Q(pk=agency.principal_id)).distinct()


class SupervisionForm(forms.Form):
    """Which region a 司法局 supervises; the choice offers the regions the user decides for."""

    supervises = forms.ModelChoiceField(Agency.objects.none(), label="监督区域", required=False,
                                        empty_label="（不负责监督）",
                                        help_text="本机关的监督人员可查看该区域内各机关的执法工作")

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["supervises"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = regions if regions is not None else Agency.objects.none()


class OfficerForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="公民身份号码", max_length=18, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    post = forms.CharField(label="职务", max_length=50, required=False)
    unit = forms.ModelChoiceField(Agency.objects.none(), label="所在单位", empty_label=None)
    active = forms.BooleanField(label="在岗", required=False, initial=True)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units if units is not None else Agency.objects.none()


class CredentialForm(forms.Form):
    number = forms.CharField(label="证件编号", max_length=40)
    issuing_body = forms.CharField(label="发证机关", max_length=100)
    action_kinds = forms.MultipleChoiceField(label="执法类别（行为种类）", choices=ActionKind.choices,
                                             widget=forms.CheckboxSelectMultiple)
    domains = forms.ModelMultipleChoiceField(Domain.objects.all(), label="执法类别（领域）",
                                             widget=forms.CheckboxSelectMultiple)
    areas = forms.ModelMultipleChoiceField(Agency.objects.filter(level__is_region=True), label="执法区域")
    valid_from = date_field("有效期起")
    valid_to = date_field("有效期至")


class CredentialStateForm(forms.Form):
    state = forms.ChoiceField(label="状态", choices=CredentialState.choices)
    reason = forms.CharField(label="理由", max_length=200, required=False)


class RoleGrantForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    role = forms.ChoiceField(label="角色", choices=Role.choices)


class ReviewerForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="公民身份号码", max_length=18, required=False)
    unit = forms.ModelChoiceField(Agency.objects.none(), label="审核机构", empty_label=None)
    qualification_kind = forms.ChoiceField(label="资格类别", choices=QualificationKind.choices)
    qualification_number = forms.CharField(label="法律职业资格证书编号", max_length=40, required=False)
    registered_with = forms.ModelChoiceField(Agency.objects.filter(supervises__isnull=False), label="备案司法局",
                                             required=False)
    registered_on = date_field("备案日期", required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units if units is not None else Agency.objects.none()


class AccountForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150, help_text="字母、数字和 @ . + - _")
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput(render_value=False), strip=False,
                               help_text="至少 8 位，不能全是数字或过于常见；请当面告知本人并提醒修改")
