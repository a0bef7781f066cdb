"""Forms parse input into the arguments of a write function; the rules live in the actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from zhifa.agencies.models import ActionKind, Agency, Domain
from zhifa.catalog.citations import ArticleIndex, CitationError, format_citations
from zhifa.catalog.discretion import FACTS
from zhifa.catalog.models import (
    ALL_ITEMS,
    Article,
    AVStage,
    Circumstance,
    DocumentKind,
    Measure,
    RangeUnit,
)
from zhifa.core import fields


class LawFilterForm(fields.Form):
    q = fields.CharField(label="名称、简称或文号", max_length=200, required=False)


class LegalDocumentForm(fields.Form):
    name = fields.CharField(label="名称", max_length=200, help_text="全称，如“中华人民共和国行政处罚法”")
    short_name = fields.CharField(label="简称", max_length=60, required=False,
                                  help_text="引用时使用，如“行政处罚法”")
    issuing_body = fields.CharField(label="制定机关", max_length=100)
    number = fields.CharField(label="文号", max_length=100, required=False)
    kind = forms.ChoiceField(label="效力层级", choices=DocumentKind.choices)
    in_force_from = fields.DateField(label="施行日期", required=False)
    in_force_to = fields.DateField(label="失效日期", required=False)
    revoked = forms.BooleanField(label="已废止", required=False)


class ArticleForm(fields.Form):
    seq = fields.IntegerField(label="条号", min_value=1, max_value=9999,
                              help_text="阿拉伯数字，如 42 表示第四十二条",
                              error_messages={"invalid": "条号应为整数", "required": "此项不能为空"})
    text = fields.CharField(label="条文", widget=forms.Textarea)
    is_summary = forms.BooleanField(label="条文为摘要（非原文）", required=False)
    in_force_from = fields.DateField(label="施行日期", required=False)
    in_force_to = fields.DateField(label="失效日期", required=False)


# ---------------------------------------------------------------- entries of the lists


class ArticlesField(fields.CharField):
    """Citations as text, read into the articles they name; an article not entered yet is an error."""

    def __init__(self, *, required: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("label", "法律依据")
        kwargs.setdefault("help_text", "写成“《土地管理法》第七十七条”，同一法律的多条写成“《行政处罚法》第三十二条、"
                                       "第三十三条”，不同法律用“；”分隔。条文须已在“法律依据”中录入。")
        kwargs.setdefault("error_messages", {"required": "请填写法律依据：至少引用一条已录入的条文"})
        super().__init__(required=required, widget=forms.Textarea(attrs={"rows": 2}), **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple) and all(isinstance(a, Article) for a in value):
            return format_citations(value)
        return value

    def to_python(self, value: Any) -> list[Article]:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return []
        try:
            return ArticleIndex(on=timezone.localdate()).parse(text)
        except CitationError as e:
            raise forms.ValidationError(str(e)) from None


def _units(agency: Agency):
    return Agency.objects.filter(path__startswith=agency.path, level__is_region=False).order_by("path")


def _textarea(label: str, rows: int = 3, **kwargs: Any) -> fields.CharField:
    return fields.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class ItemForm(fields.Form):
    code = fields.CharField(label="事项编码", max_length=40, help_text="本清单内唯一，如“ZR-CF-001”")
    name = fields.CharField(label="事项名称", max_length=200)
    action_kind = forms.ChoiceField(label="行为类别", choices=ActionKind.choices)
    domain = fields.ModelChoiceField(Domain.objects.all(), label="执法领域", required=False)
    handling_unit = fields.ModelChoiceField(Agency.objects.none(), label="承办机构", empty_label=None)
    articles = ArticlesField()
    conditions = _textarea("受理条件（实施条件）")
    materials = _textarea("申请材料（所需材料）")
    process = _textarea("办理流程")
    time_limit = fields.CharField(label="办理时限", max_length=200, required=False, help_text="如“20个工作日”")
    fees = fields.CharField(label="收费标准", max_length=200, required=False, initial="不收费")
    supervision_phone = fields.CharField(label="监督投诉电话", max_length=100, required=False)
    accountability = _textarea("责任追究", rows=2)
    remedy = _textarea("救济渠道", rows=2, initial="对行政执法决定不服的，可以自知道之日起60日内申请行政复议，"
                                                     "或者自知道之日起6个月内提起行政诉讼。")
    office_hours = fields.CharField(label="办公时间", max_length=200, required=False)
    address = fields.CharField(label="办公地址", max_length=200, required=False)
    phone = fields.CharField(label="咨询电话", max_length=100, required=False)
    guide_notes = _textarea("服务指南补充说明", rows=2)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = self.fields["handling_unit"]
        assert isinstance(units, forms.ModelChoiceField)
        units.queryset = _units(agency)
        for key, value in (("address", agency.address), ("phone", agency.phone)):
            self.fields[key].initial = value


class RandomForm(fields.Form):
    code = fields.CharField(label="编码", max_length=40)
    name = fields.CharField(label="抽查事项", max_length=200)
    item_code = forms.ChoiceField(label="对应执法事项", required=False)
    subject_unit = fields.ModelChoiceField(Agency.objects.none(), label="抽查主体", empty_label=None)
    articles = ArticlesField(label="抽查依据")
    objects_text = _textarea("抽查对象")
    content = _textarea("抽查内容")
    ratio = fields.DecimalField(label="抽查比例（%）", max_digits=5, decimal_places=2,
                                error_messages={"invalid": "请填写数值，如 5 表示5%"})
    method = fields.CharField(label="抽查方式", max_length=200, initial="双随机抽取检查对象和执法检查人员，现场检查")
    frequency = fields.CharField(label="抽查频次", max_length=100, initial="每年不少于1次")

    def __init__(self, *args: Any, agency: Agency, items: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = self.fields["subject_unit"]
        assert isinstance(units, forms.ModelChoiceField)
        units.queryset = _units(agency)
        item_field = self.fields["item_code"]
        assert isinstance(item_field, forms.ChoiceField)
        item_field.choices = [("", "（不对应具体事项）"), *((c, f"{c} {n}") for c, n in items.items())]


class AVForm(fields.Form):
    code = forms.ChoiceField(label="执法事项")
    stages = forms.MultipleChoiceField(label="需音像记录的环节", choices=AVStage.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    full_process = forms.BooleanField(label="全过程音像记录（涉及人身自由、生命健康、重大财产权益的现场执法）",
                                      required=False)
    articles = ArticlesField(label="依据", required=False)
    note = _textarea("说明", rows=2)

    def __init__(self, *args: Any, items: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        assert isinstance(code, forms.ChoiceField)
        code.choices = [(ALL_ITEMS, "本机关全部执法事项"), *((c, f"{c} {n}") for c, n in items.items())]


class ReviewForm(fields.Form):
    code = fields.CharField(label="编码", max_length=40)
    name = fields.CharField(label="审核标准", max_length=300, help_text="如“罚款数额在10万元以上的行政处罚”")
    action_kinds = forms.MultipleChoiceField(label="行为类别（不选：任何类别）", choices=ActionKind.choices,
                                             required=False, widget=forms.CheckboxSelectMultiple)
    domains = forms.MultipleChoiceField(label="执法领域（不选：任何领域）", required=False,
                                        widget=forms.CheckboxSelectMultiple)
    min_fine = fields.DecimalField(label="罚款数额达到（元）", required=False, max_digits=14, decimal_places=2)
    min_confiscated = fields.DecimalField(label="没收违法所得、非法财物价值达到（元）", required=False, max_digits=14,
                                          decimal_places=2)
    inclusive = forms.BooleanField(label="含本数（“以上”；不勾选为“超过”，不含本数）", required=False, initial=True)
    measures = forms.MultipleChoiceField(label="处理措施（任一）", choices=Measure.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    after_hearing = forms.BooleanField(label="经过听证程序", required=False)
    several_legal_relations = forms.BooleanField(label="案情疑难复杂、涉及多个法律关系", required=False)
    public_interest = forms.BooleanField(label="涉及重大公共利益、可能造成重大社会影响或引发社会风险", required=False)
    major_rights = forms.BooleanField(label="直接关系当事人或第三人重大权益", required=False)
    manual = forms.BooleanField(label="由审核人员人工判断（不自动适用）", required=False)
    articles = ArticlesField(label="依据", required=False)
    note = _textarea("说明", rows=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        domains = self.fields["domains"]
        assert isinstance(domains, forms.MultipleChoiceField)
        domains.choices = list(Domain.objects.values_list("code", "name"))


class ReviewSettingForm(fields.Form):
    review_all_non_simple = forms.BooleanField(label="简易程序以外的执法决定一律进行法制审核", required=False)


class LevelForm(fields.Form):
    level = forms.ChoiceField(label="情节", choices=Circumstance.choices)
    conditions_text = fields.CharField(
        label="适用条件", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="每个条件用“；”分隔，如“初次违法；危害后果轻微；及时改正”“非再次违法”“面积≥1000”"
                  "“土地类型=耕地、永久基本农田”。可用的事实：" + "、".join(f.label for f in FACTS))
    unit = forms.ChoiceField(label="裁量单位", choices=RangeUnit.choices, initial=RangeUnit.YUAN)
    low = fields.DecimalField(label="下限", required=False, max_digits=14, decimal_places=2)
    high = fields.DecimalField(label="上限", required=False, max_digits=14, decimal_places=2)
    other_penalties = _textarea("其他处罚", rows=2, help_text="如“责令退还非法占用的土地，限期拆除新建的建筑物”")
    articles = ArticlesField()
    note = _textarea("说明", rows=2)


class SubmitForm(fields.Form):
    pass


class PublishForm(fields.Form):
    effective_from = fields.DateField(label="生效日期")
    note = _textarea("调整说明", rows=3,
                     help_text="本版与上一版相比改了什么、为什么（法律法规立改废、职能调整等）；首版可不填")


class ReturnForm(fields.Form):
    reason = _textarea("退回意见", rows=3)
