"""Forms of the investigation section (调查取证) of the case page, on the project's field layer."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.cases.models import PartyRight, RecordKind, RecusalSource
from zhifa.catalog.documents import PRESERVATION_OUTCOMES
from zhifa.core import fields


class DateTimeInput(forms.DateTimeInput):
    """A phone's own date-and-time picker."""

    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _moment(label: str, required: bool = True) -> fields.DateTimeField:
    return fields.DateTimeField(label=label, required=required, widget=DateTimeInput(),
                                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])


class _Section(fields.Form):
    """A form of the section: ids of its own, as several forms share the case page (one per row where a form
    acts on a row: ``row`` names the field that holds it)."""

    auto_id_prefix = ""
    row = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pk = kwargs.get("initial", {}).get(self.row, "") if self.row else ""
        kwargs.setdefault("auto_id", f"id_{self.auto_id_prefix}{pk}_%s")
        super().__init__(*args, **kwargs)


def _queryset(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def _text(label: str, max_length: int, **kwargs: Any) -> fields.CharField:
    """A text the write function checks: the form lets an empty one through so that the refusal names the rule it
    is asked for by; the page still marks it required (``asked``) and the browser asks for it."""
    field = fields.CharField(label=label, max_length=max_length, required=False, **kwargs)
    field.widget.attrs["required"] = "required"
    field.asked = True  # type: ignore[attr-defined]
    return field


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class RecusalForm(_Section):
    auto_id_prefix = "recusal"
    officer = fields.ModelChoiceField(None, label="应回避的执法人员")
    source = forms.ChoiceField(label="提出方式", choices=RecusalSource.choices)
    requested_by_name = _text("提出人", 100)
    requested_on = fields.DateField(label="提出日期")
    reason = _text("回避理由", 2000, widget=_area(2),
                              help_text="与本案有直接利害关系或者有其他关系可能影响公正执法的情形")

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "officer", officers)


class TeamForm(_Section):
    auto_id_prefix = "team"
    officers = fields.ModelMultipleChoiceField(None, label="承办人员", widget=forms.CheckboxSelectMultiple,
                                               help_text="须持有效执法证件，且不少于2人")
    lead = fields.ModelChoiceField(None, label="主办人员")

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "officers", officers)
        _queryset(self, "lead", officers)


class RecusalDecisionForm(_Section):
    auto_id_prefix = "recusal_decision"
    row = "recusal"
    recusal = fields.ModelChoiceField(None, widget=forms.HiddenInput)
    granted = forms.TypedChoiceField(label="决定", choices=[("1", "决定回避"), ("0", "不予回避")],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect)
    decision = _text("决定意见", 2000, widget=_area(2))

    def __init__(self, *args: Any, recusals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "recusal", recusals)


class RightsForm(_Section):
    auto_id_prefix = "rights"
    person = _text("当事人或有关人员", 200)
    told_at = _moment("告知时间")
    place = _text("地点", 200)
    officers = fields.ModelMultipleChoiceField(None, label="出示执法证件的执法人员",
                                               widget=forms.CheckboxSelectMultiple)
    credential_shown = forms.BooleanField(label="已主动出示执法证件", required=False)
    rights = forms.MultipleChoiceField(label="告知的权利", choices=PartyRight.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "officers", officers)


# Which fields each kind of record asks for, beyond those all kinds share.
KIND_FIELDS = {
    RecordKind.INQUIRY: ("ended_at", "recorder", "person_id_number", "recusal_requested"),
    RecordKind.ONSITE: ("ended_at", "recorder", "present", "av_note", "opinion", "recusal_requested"),
    RecordKind.SAMPLING: ("ended_at", "recorder", "present"),
    RecordKind.STATEMENT: ("recorder",),
    RecordKind.EXPERT: (),
}
OPTIONAL = ("ended_at", "recorder", "person_id_number", "present", "av_note", "opinion", "recusal_requested")


class RecordForm(fields.Form):
    """One kind of record; the fields the kind does not use are left out, so each kind has a form of its own."""

    kind = forms.ChoiceField(choices=RecordKind.choices, widget=forms.HiddenInput)
    started_at = _moment("开始时间")
    ended_at = _moment("结束时间", required=False)
    place = _text("地点", 200)
    officers = fields.ModelMultipleChoiceField(None, label="在场执法人员", widget=forms.CheckboxSelectMultiple)
    recorder = fields.ModelChoiceField(None, label="记录人", required=False)
    persons = _text("被询问人", 300)
    person_id_number = fields.CharField(label="被询问人身份证件号码", max_length=40, required=False)
    present = fields.CharField(label="在场人", max_length=300, required=False, help_text="姓名、职务、联系电话")
    content = _text("内容", 20000, widget=_area(5))
    av_note = fields.CharField(label="音像记录情况", max_length=500, required=False,
                               help_text="执法记录仪编号及起止时间；不宜音像记录的，写明原因")
    opinion = fields.CharField(label="当事人（在场人）意见", max_length=2000, required=False, widget=_area(2))
    recusal_requested = forms.BooleanField(label="被询问人（在场人）申请回避", required=False,
                                           help_text="申请回避的，另行登记回避申请")
    signed = forms.BooleanField(label="在场的人已核对并签名", required=False)
    refusal_reason = fields.CharField(label="拒绝签名的原因", max_length=2000, required=False)
    witness = fields.CharField(label="见证人", max_length=100, required=False, help_text="拒绝签名时由见证人签名")
    evidence = fields.ModelMultipleChoiceField(None, label="附件（证据）", required=False,
                                               widget=forms.SelectMultiple(attrs={"size": 4}),
                                               help_text="照片、录音录像、样品照片等，登记为本案证据")

    def __init__(self, *args: Any, kind: str, officers: Any, evidence: Any, **kwargs: Any) -> None:
        from zhifa.cases.actions.investigation import CONTENT_LABELS, PERSON_LABELS

        kwargs.setdefault("prefix", kind)
        kwargs.setdefault("initial", {})["kind"] = kind
        super().__init__(*args, **kwargs)
        kind = RecordKind(kind)
        _queryset(self, "officers", officers)
        _queryset(self, "recorder", officers)
        _queryset(self, "evidence", evidence)
        for name in OPTIONAL:
            if name not in KIND_FIELDS[kind]:
                del self.fields[name]
        self.fields["persons"].label = PERSON_LABELS[kind]
        self.fields["content"].label = CONTENT_LABELS[kind]
        if kind == RecordKind.EXPERT:
            self.fields["officers"].label = "接收的执法人员"
            self.fields["signed"].label = "鉴定人已签名或鉴定机构已盖章"
            for name in ("refusal_reason", "witness"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["kind"] = self.initial["kind"]  # the form's own kind, whatever was posted
        return data


class PreservationForm(_Section):
    auto_id_prefix = "preservation"
    items = _text("先行登记保存的证据", 5000, widget=_area(3),
                             help_text="名称、规格、数量、状况，逐项列明")
    method = _text("保存地点和方式", 300,
                              help_text="如：就地由当事人保存，加贴封条")
    reason = _text("证据可能灭失或者以后难以取得的情形", 2000,
                              widget=_area(2))
    contact = _text("联系人及电话", 200)


class PreservationApprovalForm(_Section):
    auto_id_prefix = "preservation_approval"
    row = "preservation"
    preservation = fields.ModelChoiceField(None, widget=forms.HiddenInput)
    agrees = forms.TypedChoiceField(label="审批", choices=[("1", "批准"), ("0", "不予批准")], coerce=lambda v: v == "1",
                                    widget=forms.RadioSelect)
    opinion = _text("审批意见", 2000, widget=_area(2))

    def __init__(self, *args: Any, preservations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "preservation", preservations)


class PreservationDecisionForm(_Section):
    auto_id_prefix = "preservation_decision"
    row = "preservation"
    preservation = fields.ModelChoiceField(None, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="处理方式", choices=[(o, o) for o in PRESERVATION_OUTCOMES])
    reason = _text("理由和依据", 2000, widget=_area(2))
    review_body = _text("行政复议机关", 200)
    court = _text("有管辖权的人民法院", 200)

    def __init__(self, *args: Any, preservations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "preservation", preservations)
