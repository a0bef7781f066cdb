"""The forms of 行政执法公示: the portal's search, the reviewer's redaction, the revocation of a decision, the
credit platform's export and receiving address; the public's correction application and its answer, the
agency's publicity settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from zhifa.agencies.models import Agency
from zhifa.core import fields
from zhifa.publicity import redaction, rules
from zhifa.publicity.models import CorrectionResult, DeliveryStatus, PublicationKind, PublicationState


class SearchForm(fields.Form):
    q = fields.CharField(label="名称、统一社会信用代码或文书号", max_length=60, required=False,
                         help_text="行政相对人名称（两个字即可）、统一社会信用代码或决定文书号")
    agency = fields.ModelChoiceField(label="执法机关", required=False, empty_label="全部",
                                     queryset=Agency.objects.filter(level__is_agency=True).order_by("path"))
    kind = forms.ChoiceField(label="类别", choices=[("", "全部"), *PublicationKind.choices], required=False)
    since = fields.DateField(label="决定日期自", required=False)
    until = fields.DateField(label="决定日期至", required=False)


class MarkForm(fields.Form):
    """One choice per suggestion (处理 / 不处理), and the reviewer's own strings, one a line (原文 or 原文=替换为)."""

    manual = fields.CharField(label="人工标记", required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="每行一处：需要处理的原文，或“原文=替换为”；未写替换的以×××代替")

    def __init__(self, *args: Any, marks: list[dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.marks = marks
        for i, m in enumerate(marks):
            self.fields[f"m{i}"] = forms.ChoiceField(
                label=f"{m['reason']}：{m['text']} → {m['replacement']}",
                choices=[("accepted", "处理"), ("rejected", "不处理")],
                initial="rejected" if m["state"] == "rejected" else "accepted",
                help_text=redaction.ORIGINS.get(m["origin"], ""))

    def decisions(self) -> dict[int, str]:
        return {i: self.cleaned_data[f"m{i}"] for i in range(len(self.marks))}

    def manual_marks(self) -> list[tuple[str, str]]:
        out = []
        for line in self.cleaned_data["manual"].splitlines():
            text, _, replacement = line.partition("=")
            if text.strip():
                out.append((text.strip(), replacement.strip()))
        return out


class PublishForm(fields.Form):
    """Publishing, with the period a law sets where it sets one (PUB-05)."""

    period_months = fields.IntegerField(label="法律规定的公示期限（月）", required=False,
                                        help_text="法律对公示期限另有规定的填写；不填的，行政相对人为自然人的公示2年，"
                                                  "其他公示5年")
    period_basis = fields.CharField(label="公示期限的依据", required=False, max_length=200,
                                    help_text="法律名称和条款")


class RevocationForm(fields.Form):
    ground = forms.ChoiceField(label="情形", choices=list(rules.REVOCATION_GROUNDS.items()))
    revoked_on = fields.DateField(label="撤销等决定的日期")
    reason = fields.CharField(label="撤回理由（将一并公开）", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class RepairForm(fields.Form):
    severity = forms.ChoiceField(label="失信行为的严重程度", choices=list(rules.REPAIR_SEVERITIES.items()))
    reason = fields.CharField(label="信用修复情况", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="申请人、已履行的义务、作出的信用承诺")


class CreditExportForm(fields.Form):
    """The 双公示 file export's filters: one kind a file, the decision dates, the publication's state."""

    kind = forms.ChoiceField(label="类别", choices=[("penalty", "行政处罚"), ("licence", "行政许可")])
    since = fields.DateField(label="决定日期自", required=False)
    until = fields.DateField(label="决定日期至", required=False)
    state = forms.ChoiceField(label="公示状态", required=False, choices=[
        ("", "全部"), *((s.value, s.label) for s in PublicationState if s not in (PublicationState.DRAFT,
                                                                                  PublicationState.REVIEW))])


class AgencySettingForm(fields.Form):
    """A setting of one agency, chosen among those the user may set it for."""

    agency = fields.ModelChoiceField(Agency.objects.none(), label="执法主体")

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class CreditEndpointForm(AgencySettingForm):
    url = fields.CharField(label="接收地址", max_length=500, required=False,
                           help_text="信用平台提供的接收网址（http:// 或 https://）；留空则使用系统统一设置的地址")
    token_env = fields.CharField(label="令牌所在的环境变量", max_length=100, required=False,
                                 help_text="令牌不保存在系统中：请由系统管理员在服务器上设置该环境变量，"
                                           "名称以 ZHIFA_CREDIT_TOKEN 开头")


class CorrectionForm(fields.Form):
    """The public's application to correct a publication (PUB-07): no account, one evidence file."""

    name = fields.CharField(label="申请人姓名或名称", max_length=100)
    phone = fields.CharField(label="联系电话", max_length=40, required=False,
                             help_text="联系电话和电子邮箱至少填写一项，用于告知核实结果")
    email = fields.CharField(label="电子邮箱", max_length=254, required=False)
    wrong = fields.CharField(label="有误的内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="哪一项信息有误，公示的内容是什么")
    should_be = fields.CharField(label="应更正为", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label="证明材料", required=False, allow_empty_file=True,
                               widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = (f"PDF、JPG 或 PNG 文件一份，不超过"
                                             f"{settings.ZHIFA_CORRECTION_MAX_BYTES / 1024 / 1024:g} MB")


class TrackForm(fields.Form):
    number = fields.CharField(label="查询号", max_length=20, help_text="提交更正申请时取得的10位查询号")


class AnswerForm(fields.Form):
    result = forms.ChoiceField(label="核实结果", choices=CorrectionResult.choices, widget=forms.RadioSelect)
    changes = fields.CharField(label="更正的信息项", max_length=5000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="予以更正或部分更正时，每行一项：信息项=更正后的内容，"
                                         "如 违法行为类型=未经批准占用土地")
    reason = fields.CharField(label="理由（告知申请人）", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    remedy = fields.CharField(label="救济途径（告知申请人）", max_length=1000, initial=rules.CORRECTION_REMEDY,
                              widget=forms.Textarea(attrs={"rows": 2}))


class PublicitySettingsForm(AgencySettingForm):
    correction_workdays = fields.IntegerField(label="更正申请答复期限（工作日）", min_value=1, max_value=60,
                                              initial=rules.CORRECTION_WORKDAYS)
    publish_simple_penalties = forms.BooleanField(label="公示简易程序（当场）作出的行政处罚决定", required=False,
                                                  initial=True)


class DeliveryFilterForm(fields.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *DeliveryStatus.choices])
