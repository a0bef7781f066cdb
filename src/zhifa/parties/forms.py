"""Forms of the party pages, all from ``core.fields``. The party form takes its fields from the party's kind,
grouped in fieldsets (``fieldsets``) so a phone shows one group under the other."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.core import fields
from zhifa.parties.models import PERSON_ID_KINDS, AgentScope, PartyKind, Sex

BLANK = [("", "—")]
TEL = forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"})
NUMBER = forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})

NAME_LABELS = {PartyKind.PERSON: "姓名", PartyKind.LEGAL: "名称", PartyKind.OTHER: "名称",
               PartyKind.INDIVIDUAL: "字号名称"}
ADDRESS_LABELS = {PartyKind.PERSON: "住址", PartyKind.LEGAL: "住所（注册地址）", PartyKind.OTHER: "住所（注册地址）",
                  PartyKind.INDIVIDUAL: "经营场所"}


class PartyFilterForm(fields.Form):
    """The party search (GET): a name (part of it) or a whole number."""

    q = fields.CharField(label="名称、姓名或证件号码", max_length=100, required=False)
    kind = forms.ChoiceField(label="类型", choices=[("", "全部"), *PartyKind.choices], required=False)


class PartyForm(fields.Form):
    name = fields.CharField(label="名称或姓名", max_length=200)
    id_kind = forms.ChoiceField(label="证件类型", choices=PERSON_ID_KINDS, initial="resident")
    id_number = fields.CharField(label="证件号码", max_length=40, widget=NUMBER,
                                 help_text="居民身份证按 GB 11643 校验；性别和出生日期可留空，由号码读出")
    sex = forms.ChoiceField(label="性别", choices=BLANK + list(Sex.choices), required=False)
    birth_date = fields.DateField(label="出生日期", required=False)
    uscc = fields.CharField(label="统一社会信用代码", max_length=40, widget=NUMBER, help_text="18位，按 GB 32100 校验")
    rep_name = fields.CharField(label="法定代表人（负责人）姓名", max_length=100)
    rep_position = fields.CharField(label="职务", max_length=60, required=False)
    rep_id_kind = forms.ChoiceField(label="证件类型", choices=BLANK + PERSON_ID_KINDS, required=False,
                                    initial="resident")
    rep_id_number = fields.CharField(label="证件号码", max_length=40, required=False, widget=NUMBER)
    address = fields.CharField(label="住址", max_length=300, required=False)
    phone = fields.CharField(label="联系电话", max_length=30, required=False, widget=TEL)
    agency = fields.ModelChoiceField(label="登记机关", queryset=None, required=True)

    GROUPS = {
        PartyKind.PERSON: [("基本情况", ["agency", "name", "id_kind", "id_number", "sex", "birth_date"]),
                           ("联系方式", ["address", "phone"])],
        PartyKind.LEGAL: [("基本情况", ["agency", "name", "uscc", "address", "phone"]),
                          ("法定代表人（负责人）", ["rep_name", "rep_position", "rep_id_kind", "rep_id_number"])],
        PartyKind.INDIVIDUAL: [("基本情况", ["agency", "name", "uscc", "address", "phone"]),
                               ("经营者", ["rep_name", "rep_id_kind", "rep_id_number"])],
    }

    def __init__(self, *args: Any, kind: str, agencies: list | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = self.GROUPS[PartyKind.LEGAL if kind == PartyKind.OTHER else PartyKind(kind)]
        keep = {name for _, names in groups for name in names}
        if not agencies or len(agencies) < 2:
            keep.discard("agency")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "agency" in self.fields:
            from zhifa.agencies.models import Agency

            field = self.fields["agency"]
            assert isinstance(field, fields.ModelChoiceField)
            field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies or []])
        self.fields["name"].label = NAME_LABELS[PartyKind(kind)]
        self.fields["address"].label = ADDRESS_LABELS[PartyKind(kind)]
        if kind == PartyKind.INDIVIDUAL:
            self.fields["name"].required = False
            self.fields["name"].help_text = "营业执照上的名称；没有字号的可留空"
            self.fields["uscc"].required = False
            self.fields["uscc"].help_text = "营业执照上有的填写（18位，GB 32100）；没有的以经营者证件号码识别"
            self.fields["rep_name"].label = "经营者姓名"
            self.fields["rep_id_kind"].required = True
            self.fields["rep_id_number"].required = True
        self.fieldsets = [(legend, [self[n] for n in names if n in self.fields]) for legend, names in groups]

    def values(self) -> dict[str, Any]:
        """The cleaned data as ``record_party``/``update_party`` take it."""
        data = dict(self.cleaned_data)
        data.pop("agency", None)
        return data


class AgentForm(fields.Form):
    name = fields.CharField(label="代理人姓名", max_length=100)
    id_kind = forms.ChoiceField(label="证件类型", choices=PERSON_ID_KINDS, initial="resident")
    id_number = fields.CharField(label="证件号码", max_length=40, widget=NUMBER)
    phone = fields.CharField(label="联系电话", max_length=30, required=False, widget=TEL)
    relation = fields.CharField(label="与当事人关系", max_length=60, required=False,
                                help_text="如：律师、本单位工作人员、近亲属")
    scope = forms.ChoiceField(label="代理权限", choices=AgentScope.choices)
    scope_text = fields.CharField(label="授权事项", max_length=500, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="特别授权须写明，如：代为陈述申辩、代为签收文书、代为申请听证")
    valid_from = fields.DateField(label="授权起始日")
    valid_to = fields.DateField(label="授权截止日", required=False, help_text="留空表示至案件办结")
    authorisation = fields.IntegerField(label="授权委托书（证据编号）", required=False, min_value=1,
                                        help_text="已移交为证据的，填写其编号（证据页面地址中的数字）")


class ServiceAddressForm(fields.Form):
    address = fields.CharField(label="送达地址", max_length=300)
    postcode = fields.CharField(label="邮政编码", max_length=6, required=False,
                                widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    recipient = fields.CharField(label="收件人", max_length=100)
    phone = fields.CharField(label="收件人电话", max_length=30, widget=TEL)
    electronic_address = fields.CharField(label="电子送达地址", max_length=200, required=False,
                                          help_text="电子邮箱或手机号码")
    electronic_consent = forms.BooleanField(label="受送达人书面同意电子送达", required=False)
    consent_evidence = fields.IntegerField(label="同意电子送达的书面材料（证据编号）", required=False, min_value=1,
                                           help_text="确认书未签字的，须提供")
    confirmed_on = fields.DateField(label="确认日期")
    signed = forms.BooleanField(label="受送达人已在确认书上签字", required=False)
    signed_by = fields.CharField(label="签字人", max_length=100, required=False)
