"""Forms of the legal review around a case: the unit's answer to an opinion, the decision of its objection,
a criterion added by hand, a reviewer attached early, and the attached reviewer's comment. Their texts are not
required here: the write functions refuse an empty one naming the field and the rule."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from zhifa.core import fields
from zhifa.review.forms import _text
from zhifa.review.models import Resolution, ResolvedHow, Response


class RespondForm(fields.Form):
    kind = forms.ChoiceField(label="承办机构意见", choices=Response.choices, widget=forms.RadioSelect)
    reason = fields.CharField(label="处理情况或异议理由", max_length=5000, required=False, widget=_text(4))


class ResolveForm(fields.Form):
    how = forms.ChoiceField(label="决定方式", choices=ResolvedHow.choices, widget=forms.RadioSelect)
    resolution = forms.ChoiceField(label="决定结果", choices=Resolution.choices, widget=forms.RadioSelect)
    conclusion = fields.CharField(label="决定意见", max_length=5000, required=False, widget=_text(3))
    participants = fields.CharField(label="参加集体讨论的人员（每行一人）", max_length=2000, required=False,
                                    widget=_text(3))
    minutes = fields.CharField(label="集体讨论记录", max_length=10000, required=False, widget=_text(5))
    minutes_file = fields.ModelChoiceField(label="会议纪要文件（案卷中的材料，可不选）", queryset=None,
                                           required=False)

    def __init__(self, *args: Any, evidence: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["minutes_file"]
        field.queryset = evidence

    def resolution_args(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"how": d["how"], "resolution": d["resolution"], "conclusion": d["conclusion"],
                "minutes": d["minutes"], "participants": d["participants"].splitlines(),
                "minutes_file": d["minutes_file"]}


class CriterionForm(fields.Form):
    text = fields.CharField(label="须审核的情形", max_length=300, required=False)
    reason = fields.CharField(label="理由", max_length=2000, required=False, widget=_text(3))


class InvolveForm(fields.Form):
    reviewer = fields.ModelChoiceField(label="法制审核人员", queryset=None)
    reason = fields.CharField(label="提前介入理由（重大、敏感案件的情形）", max_length=2000, required=False,
                              widget=_text(3))

    def __init__(self, *args: Any, reviewers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["reviewer"]
        field.queryset = reviewers
        field.label_from_instance = lambda r: f"{r.person.name}（{r.get_qualification_kind_display()}）"


class _TokenForm(fields.Form):
    """A form with a one-time token: the same form sent twice acts once."""

    token = fields.CharField(max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)


class CommentForm(_TokenForm):
    text = fields.CharField(label="提前介入意见", max_length=5000, required=False, widget=_text(4))


class AskForm(_TokenForm):
    text = fields.CharField(label="向承办机构提出的问题", max_length=2000, required=False, widget=_text(3))


class AnswerForm(_TokenForm):
    answer = fields.CharField(label="答复", max_length=5000, required=False, widget=_text(3))
