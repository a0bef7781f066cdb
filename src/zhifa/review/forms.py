"""The legal review's forms: the submission (附件1), the reviewer's acts, the opinion with its checklist."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.cases.forms import DecisionForm
from zhifa.core import fields
from zhifa.review.models import Finding, Outcome
from zhifa.review.rules import POINTS


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ApplicationForm(fields.Form):
    """附件1 法制审核申请表 and the 情况说明, with the draft decision's text (the other kinds' decisions)."""

    contact = fields.CharField(label="联系人", max_length=50)
    phone = fields.CharField(label="联系电话", max_length=40)
    summary = fields.CharField(label="案件基本情况", max_length=2000, widget=_text())
    proposed = fields.CharField(label="拟处理意见及依据", max_length=2000, widget=_text())
    unit_head = fields.CharField(label="承办机构负责人", max_length=50)
    explanation = fields.CharField(label="情况说明", max_length=5000, widget=_text(4))
    bases = fields.CharField(label="法律依据（每行一条）", max_length=5000, widget=_text())

    field_order = ["contact", "phone", "summary", "proposed", "unit_head", "explanation", "bases"]

    def draft(self) -> dict[str, str]:
        return {"text": self.cleaned_data["text"]}

    def submission(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"application": {k: d[k] for k in ("contact", "phone", "summary", "proposed", "unit_head")},
                "explanation": d["explanation"], "bases": d["bases"].splitlines(), "draft": self.draft()}


class DraftTextForm(ApplicationForm):
    text = fields.CharField(label="拟作出的决定文本", max_length=20000, widget=_text(12))


class SubmitForm(ApplicationForm, DecisionForm):
    """The 行政处罚's submission: the draft is the decision form's own words (the 行政处罚决定书 drawn from them)."""

    def draft(self) -> dict[str, str]:
        return {k: self.cleaned_data[k] for k in DecisionForm.base_fields}


class AssignForm(fields.Form):
    reviewer = fields.ModelChoiceField(label="法制审核人员", queryset=None)

    def __init__(self, *args: Any, reviewers: Any, load: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["reviewer"]
        field.queryset = reviewers
        field.label_from_instance = lambda r: (f"{r.person.name}（{r.get_qualification_kind_display()}，"
                                               f"在审{load.get(r.pk, 0)}件）")


class ReturnForm(fields.Form):
    missing = fields.CharField(label="缺少的材料（每行一项）", max_length=5000, widget=_text())


class ResubmitForm(fields.Form):
    supplement = fields.CharField(label="补充材料说明", max_length=5000, widget=_text())


class ExtendForm(fields.Form):
    reason = fields.CharField(label="延长理由", max_length=500)


class OpinionForm(fields.Form):
    outcome = forms.ChoiceField(label="审核意见", choices=Outcome.choices)
    reasons = fields.CharField(label="理由及依据", max_length=5000, widget=_text(4))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in POINTS:
            self.fields[f"finding_{code}"] = forms.ChoiceField(label=label, choices=[("", "—"), *Finding.choices],
                                                               required=False)
            self.fields[f"note_{code}"] = fields.CharField(label=f"{label}：说明", max_length=1000, required=False)

    def opinion(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"outcome": d["outcome"], "reasons": d["reasons"],
                "findings": {code: {"finding": d[f"finding_{code}"], "note": d[f"note_{code}"]} for code, _ in POINTS}}
