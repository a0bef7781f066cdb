"""Forms parse input into the arguments of a write function; the rules live in the actions."""

from __future__ import annotations

from django import forms
from django.db import models

from zhifa.agencies.models import (
    AccountStatus,
    ActionKind,
    Agency,
    CredentialState,
    CredentialStatus,
    Domain,
    OrgLevel,
    Person,
    QualificationKind,
    Role,
)
from zhifa.core import fields


class AgencyForm(fields.Form):
    level = fields.ModelChoiceField(OrgLevel.objects.all(), label="层级", empty_label=None)
    name = fields.CharField(label="名称", max_length=100)
    uscc = fields.CharField(label="统一社会信用代码", max_length=18, required=False,
                            help_text="机关必填；按 GB 32100 校验")
    duties = fields.CharField(label="职责", widget=forms.Textarea, required=False)
    jurisdiction = fields.CharField(label="管辖范围", widget=forms.Textarea, required=False)
    address = fields.CharField(label="地址", max_length=200, required=False)
    phone = fields.CharField(label="电话", max_length=40, required=False)
    domains = fields.ModelMultipleChoiceField(Domain.objects.all(), label="执法领域", required=False,
                                              widget=forms.CheckboxSelectMultiple)

    principal = fields.ModelChoiceField(Person.objects.none(), label="主要负责人", required=False,
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


class SupervisionForm(fields.Form):
    """Which region a 司法局 supervises; the choice offers the regions the user decides for."""

    supervises = fields.ModelChoiceField(Agency.objects.none(), label="监督区域", required=False,
                                         empty_label="（不负责监督）",
                                         help_text="本机关的监督人员可查看该区域内各机关的执法工作")

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["supervises"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = regions if regions is not None else Agency.objects.none()


class OfficerFilterForm(fields.Form):
    """The officer list's search (GET): a bad value is refused beside its field, never a query."""

    q = fields.CharField(label="姓名或证件编号", max_length=100, required=False)
    unit = fields.ModelChoiceField(Agency.objects.none(), label="单位", required=False)
    status = forms.ChoiceField(label="执法证状态", choices=[("", "全部"), *CredentialStatus.choices], required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units


class OfficerForm(fields.Form):
    name = fields.CharField(label="姓名", max_length=50)
    id_number = fields.CharField(label="公民身份号码", max_length=18, required=False)
    phone = fields.CharField(label="联系电话", max_length=40, required=False)
    post = fields.CharField(label="职务", max_length=50, required=False)
    unit = fields.ModelChoiceField(Agency.objects.none(), label="所在单位", empty_label=None)
    active = forms.BooleanField(label="在岗", required=False, initial=True)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units if units is not None else Agency.objects.none()


class CredentialForm(fields.Form):
    number = fields.CharField(label="证件编号", max_length=40)
    issuing_body = fields.CharField(label="发证机关", max_length=100)
    action_kinds = forms.MultipleChoiceField(label="执法类别（行为种类）", choices=ActionKind.choices,
                                             widget=forms.CheckboxSelectMultiple)
    domains = fields.ModelMultipleChoiceField(Domain.objects.all(), label="执法类别（领域）",
                                              widget=forms.CheckboxSelectMultiple)
    areas = fields.ModelMultipleChoiceField(Agency.objects.filter(level__is_region=True), label="执法区域")
    valid_from = fields.DateField(label="有效期起")
    valid_to = fields.DateField(label="有效期至")


class CredentialStateForm(fields.Form):
    state = forms.ChoiceField(label="状态", choices=CredentialState.choices)
    reason = fields.CharField(label="理由", max_length=200, required=False)


class RoleGrantForm(fields.Form):
    username = fields.CharField(label="用户名", max_length=150)
    role = forms.ChoiceField(label="角色", choices=Role.choices)


class ReviewerForm(fields.Form):
    name = fields.CharField(label="姓名", max_length=50)
    id_number = fields.CharField(label="公民身份号码", max_length=18, required=False)
    unit = fields.ModelChoiceField(Agency.objects.none(), label="审核机构", empty_label=None)
    qualification_kind = forms.ChoiceField(label="资格类别", choices=QualificationKind.choices)
    qualification_number = fields.CharField(label="法律职业资格证书编号", max_length=40, required=False)
    registered_with = fields.ModelChoiceField(Agency.objects.filter(supervises__isnull=False), label="备案司法局",
                                              required=False)
    registered_on = fields.DateField(label="备案日期", required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units if units is not None else Agency.objects.none()


class AccountForm(fields.Form):
    username = fields.CharField(label="用户名", max_length=150, help_text="字母、数字和 @ . + - _")
    password = fields.CharField(label="初始密码", widget=forms.PasswordInput(render_value=False), strip=False,
                                help_text="至少 8 位，不能全是数字或过于常见；请当面告知本人并提醒修改")


def _secret(label: str, help_text: str = "", autocomplete: str = "new-password") -> fields.CharField:
    return fields.CharField(label=label, max_length=128, strip=False, help_text=help_text,
                            widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": autocomplete}))


class PasswordChangeForm(fields.Form):
    """One's own new password; the rules (validators, not the old one) are the write function's."""

    old_password = _secret("原密码", autocomplete="current-password")
    new_password1 = _secret("新密码", "至少 8 位；不能全是数字、过于常见，或与用户名、本人姓名相近")
    new_password2 = _secret("再次输入新密码")

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password2") is not None \
                and data["new_password1"] != data["new_password2"]:
            self.add_error("new_password2", "两次输入的新密码不一致")
        return data


class AccountFilterForm(fields.Form):
    """The account list's search (GET)."""

    q = fields.CharField(label="姓名或登录名", max_length=150, required=False)
    unit = fields.ModelChoiceField(Agency.objects.none(), label="单位", required=False)
    state = forms.ChoiceField(label="状态", choices=[("", "全部"), *AccountStatus.choices], required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units


class ReasonForm(fields.Form):
    reason = fields.CharField(label="理由", max_length=200, help_text="记入台账")


class ResetPasswordForm(fields.Form):
    """The reset page's version of the password it was opened on: a second submit is recognised."""

    version = fields.IntegerField(widget=forms.HiddenInput, min_value=0)
