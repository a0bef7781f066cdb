"""The legal review's forms: the submission (附件1), the reviewer's acts, the opinion with its checklist."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils import timezone

from zhifa.cases import drafts
from zhifa.cases.coercion_forms import CoercionDecisionForm
from zhifa.cases.forms import DecisionForm
from zhifa.cases.levy_forms import LevyDecisionForm
from zhifa.cases.measure_forms import OnsiteForm
from zhifa.cases.models import Case, Levy, Measure
from zhifa.cases.permit_forms import EndDecisionForm, LicenceDecisionForm
from zhifa.catalog.processes import (
    CHARGE,
    COERCIVE_ENFORCEMENT,
    COERCIVE_MEASURE,
    EXPROPRIATION,
    LICENCE_END,
    LICENSING,
    PUNISHMENT_GENERAL,
)
from zhifa.core import fields
from zhifa.review.models import Finding, Outcome
from zhifa.review.rules import POINTS


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ApplicationForm(fields.Form):
    """附件1 法制审核申请表 and the 情况说明; a submission adds the case's decision form (``submission_form``)."""

    contact = fields.CharField(label="联系人", max_length=50)
    phone = fields.CharField(label="联系电话", max_length=40)
    summary = fields.CharField(label="案件基本情况", max_length=2000, widget=_text())
    proposed = fields.CharField(label="拟处理意见及依据", max_length=2000, widget=_text())
    unit_head = fields.CharField(label="承办机构负责人", max_length=50)
    explanation = fields.CharField(label="情况说明", max_length=5000, widget=_text(4))
    bases = fields.CharField(label="法律依据（每行一条）", max_length=5000, widget=_text())

    field_order = ["contact", "phone", "summary", "proposed", "unit_head", "explanation", "bases"]
    draft_fields: tuple[str, ...] = ()  # the decision's own fields the draft is drawn from

    def draft(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.draft_fields if k in self.cleaned_data}

    def submission(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"application": {k: d[k] for k in ("contact", "phone", "summary", "proposed", "unit_head")},
                "explanation": d["explanation"], "bases": d["bases"].splitlines(), "draft": self.draft()}


def _levy_kind(case: Case) -> dict[str, Any]:
    levy = Levy.objects.filter(case=case).first()
    return {"kind": levy.kind if levy is not None else ""}


def _measure_remedies(case: Case) -> dict[str, Any]:
    """A measure taken on the spot in an emergency had its 决定书 handed over there: the draft starts from it."""
    issued = Measure.objects.filter(case=case).select_related("decision").first()
    if issued is None or issued.decision is None:
        return {}
    return {"initial": {"review_body": issued.decision.values.get("复议机关", ""),
                        "court": issued.decision.values.get("管辖法院", "")}}


# Each kind's decision form, as its decision page shows it, with the arguments it takes for the case: the
# submission asks the very words the decision will (the draft drawn from them is what the head issues).
DECISION_FORMS: dict[str, tuple[type[forms.Form], Callable[[Case], dict[str, Any]]]] = {
    PUNISHMENT_GENERAL.code: (DecisionForm, lambda case: {}),
    LICENSING.code: (LicenceDecisionForm, lambda case: {}),
    LICENCE_END.code: (EndDecisionForm, lambda case: {}),
    COERCIVE_ENFORCEMENT.code: (CoercionDecisionForm,
                                lambda case: {"initial": {"execute_from": timezone.localdate()}}),
    EXPROPRIATION.code: (LevyDecisionForm, _levy_kind),
    CHARGE.code: (LevyDecisionForm, _levy_kind),
    COERCIVE_MEASURE.code: (OnsiteForm, _measure_remedies),
}


def submission_form(case: Case, data: Any = None, initial: dict[str, Any] | None = None) -> ApplicationForm:
    """The 申请表 with the case's decision form: only the fields its draft is drawn from (``cases.drafts``)."""
    decision, arguments = DECISION_FORMS[case.process]
    own = drafts.DRAFTS[case.process].fields
    cls = type(f"{decision.__name__}Submission", (ApplicationForm, decision), {"draft_fields": own})
    extra = arguments(case)
    form = cls(data, **{**extra, "initial": {**extra.get("initial", {}), **(initial or {})}})
    for name in list(form.fields):
        if name not in ApplicationForm.base_fields and name not in own:
            del form.fields[name]  # the decision's own acts (逾期原因, 公共利益的确认), not the draft's words
    return form


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
