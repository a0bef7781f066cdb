"""The forms of 行政执法公示: the portal's search, the reviewer's redaction, the revocation of a decision, the
credit platform's export and receiving address."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.agencies.models import Agency
from zhifa.core import fields
from zhifa.publicity import redaction, rules
from zhifa.publicity.models import DeliveryStatus, PublicationKind, PublicationState


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


class CreditEndpointForm(fields.Form):
    agency = fields.ModelChoiceField(label="执法主体", queryset=Agency.objects.none())
    url = fields.CharField(label="接收地址", max_length=500, required=False,
                           help_text="信用平台提供的接收网址（http:// 或 https://）；留空则使用系统统一设置的地址")
    token_env = fields.CharField(label="令牌所在的环境变量", max_length=100, required=False,
                                 help_text="令牌不保存在系统中：请由系统管理员在服务器上设置该环境变量，"
                                           "名称以 ZHIFA_CREDIT_TOKEN 开头")

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class DeliveryFilterForm(fields.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *DeliveryStatus.choices])
