"""Forms of the hearing, the collective discussion, the other outcomes and the 第60条 extension, on the project's
field layer."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.agencies.models import name_of
from zhifa.cases.models import HearingOutcome, PrivateGround
from zhifa.catalog.documents import NO_PENALTY_GROUNDS, TRANSFER_REASONS
from zhifa.core import fields

MINUTES = "%Y-%m-%dT%H:%M"


def _moment(**attrs: Any) -> forms.DateTimeInput:
    """A date-and-time input a phone shows as its own picker."""
    return forms.DateTimeInput(attrs={"type": "datetime-local", **attrs}, format=MINUTES)


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class _OfficerChoice(fields.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.name}（{obj.unit.name}）"


class _PersonChoice(fields.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return name_of(obj)


class _PeopleChoice(fields.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return name_of(obj)


def _set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class HearingScheduleForm(fields.Form):
    starts_at = fields.DateTimeField(label="听证时间", widget=_moment(),
                                     help_text="听证通知书须在举行听证7个工作日前送达当事人")
    place = fields.CharField(label="听证地点", max_length=200)
    presiding = _OfficerChoice(None, label="听证主持人", help_text="由本机关指定的非本案调查人员担任")
    panel = _OfficerChoice(None, label="听证员", required=False)
    recorder = _OfficerChoice(None, label="记录员", help_text="非本案调查人员")
    public = forms.BooleanField(label="公开举行", required=False, initial=True)
    private_ground = forms.ChoiceField(label="不公开的情形", required=False,
                                       choices=[("", "（公开举行的不选）"), *PrivateGround.choices])
    private_reason = fields.CharField(label="不公开举行的理由", max_length=2000, required=False, widget=_text(2))
    contact = fields.CharField(label="联系人及电话", max_length=200)
    agency_address = fields.CharField(label="本机关地址", max_length=300)

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("presiding", "panel", "recorder"):
            _set_queryset(self, name, officers)


class HearingRecordForm(fields.Form):
    started_at = fields.DateTimeField(label="听证开始时间", widget=_moment())
    ended_at = fields.DateTimeField(label="听证结束时间", widget=_moment())
    agents = fields.CharField(label="委托代理人", max_length=300, required=False,
                              help_text="至多二人，以顿号分隔；当事人亲自参加的不填")
    recusal_requested = forms.BooleanField(label="当事人申请回避", required=False)
    investigators_case = fields.CharField(label="调查人员提出的违法事实、证据和处罚建议", max_length=5000,
                                          widget=_text())
    party_statement = fields.CharField(label="当事人的陈述、申辩和质证", max_length=5000, required=False,
                                       widget=_text())
    debate = fields.CharField(label="辩论情况", max_length=5000, required=False, widget=_text(2))
    final_statement = fields.CharField(label="当事人最后陈述", max_length=2000, required=False, widget=_text(2))
    walked_out = forms.BooleanField(label="当事人（代理人）未经许可中途退出（视为放弃听证权利）", required=False)
    party_signed = forms.BooleanField(label="当事人（代理人）已核对笔录并签字或者盖章", required=False, initial=True)
    refusal_note = fields.CharField(label="拒绝签字的情况", max_length=2000, required=False, widget=_text(2),
                                    help_text="未签字的，由主持人注明")
    refusal_witness = fields.CharField(label="见证人", max_length=100, required=False)


class HearingUnheldForm(fields.Form):
    outcome = forms.ChoiceField(label="情形", choices=[
        (HearingOutcome.ABSENT.value, HearingOutcome.ABSENT.label),
        (HearingOutcome.WITHDRAWN.value, HearingOutcome.WITHDRAWN.label)], widget=forms.RadioSelect)
    on = fields.DateField(label="日期", help_text="未出席的为通知的听证日期；撤回的为撤回申请的日期")
    note = fields.CharField(label="情况说明", max_length=2000, widget=_text(2))


class CollectiveDiscussionForm(fields.Form):
    held_at = fields.DateTimeField(label="讨论时间", widget=_moment())
    place = fields.CharField(label="讨论地点", max_length=200)
    presiding = _PersonChoice(None, label="主持人")
    participants = _PeopleChoice(None, label="出席的负责人", widget=forms.CheckboxSelectMultiple)
    attendees = fields.CharField(label="列席人员", max_length=300, required=False)
    recorder = fields.CharField(label="记录人", max_length=100)
    reporter = fields.CharField(label="案情汇报人", max_length=100)
    presented = fields.CharField(label="案情汇报（事实、证据、法律依据、处罚建议）", max_length=5000, widget=_text())
    review_opinion = fields.CharField(label="法制审核意见", max_length=2000, required=False, widget=_text(2))
    opinions = fields.CharField(label="讨论意见（逐人记录）", max_length=5000, widget=_text())
    conclusion = fields.CharField(label="讨论决定", max_length=2000, widget=_text(2))

    def __init__(self, *args: Any, heads: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "presiding", heads)
        _set_queryset(self, "participants", heads)


class NoPenaltyForm(fields.Form):
    ground = forms.ChoiceField(label="不予行政处罚的情形", choices=[(g, g) for g in NO_PENALTY_GROUNDS],
                               widget=forms.RadioSelect)
    facts = fields.CharField(label="经调查查明的事实", max_length=5000, widget=_text())
    evidence = fields.CharField(label="证据", max_length=2000, required=False)
    explanation = fields.CharField(label="理由和依据的说明", max_length=2000, widget=_text(2))
    education = fields.CharField(label="对当事人的教育", max_length=2000, widget=_text(2))
    review_body = fields.CharField(label="行政复议机关", max_length=300)
    court = fields.CharField(label="有管辖权的人民法院", max_length=300)


class TransferForm(fields.Form):
    receiver = fields.CharField(label="接收机关", max_length=200, help_text="如：鞍山市公安局")
    reason = forms.ChoiceField(label="移送理由", choices=[(r, r) for r in TRANSFER_REASONS], widget=forms.RadioSelect)
    facts = fields.CharField(label="案件基本情况", max_length=5000, widget=_text())
    basis = fields.CharField(label="移送的法律依据", max_length=2000)
    materials = fields.CharField(label="随附材料（名称、页数或件数）", max_length=2000, widget=_text(2))
    contact = fields.CharField(label="联系人及电话", max_length=200)


class TransferReceiptForm(fields.Form):
    received_on = fields.DateField(label="接收日期")
    received_by = fields.CharField(label="接收人", max_length=100)


class ExtensionForm(fields.Form):
    days = fields.IntegerField(label="延长日数", min_value=1, max_value=366)
    reason = fields.CharField(label="延长理由", max_length=2000, widget=_text(2),
                              help_text="如：案情复杂，需进一步鉴定")
    expected_last_day = fields.DateField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "extension-%s")  # its own ids, beside the stage's forms on the case page
        super().__init__(*args, **kwargs)
