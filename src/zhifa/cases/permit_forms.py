"""Forms of the 受理 desk and the 行政许可 workspace (行政许可法 第29–50条), on the project's field layer."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from zhifa.agencies.models import Agency, Officer
from zhifa.cases.models import LicenceEndKind, PauseKind
from zhifa.cases.simple_forms import TypedPartyForm
from zhifa.core import fields
from zhifa.parties.models import PartyKind


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def _set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class _OfficerChoice(fields.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.name}（{obj.unit.name}）"


class DeskItemForm(fields.Form):
    """The desk's first step: which item the application is for, so its 服务指南 material list can be ticked."""

    item = forms.ChoiceField(label="申请事项", required=False)

    def __init__(self, *args: Any, items: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "item", [("", "请选择"), *items])


class ApplicationForm(TypedPartyForm):
    ROLE = "申请人"
    DEFAULT_KIND = PartyKind.LEGAL

    item_code = fields.CharField(max_length=60, widget=forms.HiddenInput)
    unit = fields.ModelChoiceField(Agency.objects.none(), label="承办机构")
    request = fields.CharField(label="申请事项和内容", max_length=2000, widget=_text(),
                               help_text="如：在某地块建设综合楼一栋，建筑面积12,000平方米")
    materials = forms.MultipleChoiceField(label="申请人提交的材料（按服务指南核对）", required=False,
                                          widget=forms.CheckboxSelectMultiple)
    other_materials = fields.CharField(label="其他材料", max_length=2000, required=False, widget=_text(2),
                                       help_text="服务指南未列出的材料，一行一件")

    def __init__(self, *args: Any, units: Any, parties: Any, materials: list[str], **kwargs: Any) -> None:
        super().__init__(*args, parties=parties, **kwargs)
        _set_queryset(self, "unit", units)
        _set_choices(self, "materials", [(m, m) for m in materials])

    def action_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"unit": d["unit"], "token": d["token"], "item_code": d["item_code"], "request": d["request"],
                "materials": d["materials"], "other_materials": _lines(d["other_materials"]),
                "applicant": d.get("party"), "new_applicant": self.typed_party()}


class RenewalForm(fields.Form):
    token = fields.CharField(max_length=40, widget=forms.HiddenInput)
    unit = fields.ModelChoiceField(Agency.objects.none(), label="承办机构")
    request = fields.CharField(label="延续申请事项", max_length=2000, widget=_text(2),
                               initial="申请延续行政许可有效期")
    materials = forms.MultipleChoiceField(label="申请人提交的材料（按服务指南核对）", required=False,
                                          widget=forms.CheckboxSelectMultiple)
    other_materials = fields.CharField(label="其他材料", max_length=2000, required=False, widget=_text(2),
                                       help_text="一行一件，如：延续申请书")

    def __init__(self, *args: Any, units: Any, materials: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
        _set_queryset(self, "unit", units)
        _set_choices(self, "materials", [(m, m) for m in materials])

    def action_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"unit": d["unit"], "token": d["token"], "request": d["request"], "materials": d["materials"],
                "other_materials": _lines(d["other_materials"])}


class ChangeForm(RenewalForm):
    """变更 (第49条): the holder's application to change what the licence allows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["request"].label = "变更申请事项"
        self.fields["request"].initial = ""
        self.fields["request"].help_text = "变更的内容和理由"
        self.fields["other_materials"].help_text = "一行一件，如：变更申请书"


class LicenceEndForm(fields.Form):
    """撤回 (第8条) or 撤销 (第69条), started by the agency."""

    token = fields.CharField(max_length=40, widget=forms.HiddenInput)
    unit = fields.ModelChoiceField(Agency.objects.none(), label="承办机构")
    kind = forms.ChoiceField(label="处理", choices=LicenceEndKind.choices, widget=forms.RadioSelect)
    ground = fields.CharField(label="事实和理由", max_length=2000, widget=_text(2),
                              help_text="撤回：依据的法律、法规、规章修改或废止，或客观情况发生重大变化（第八条）；"
                                        "撤销：第六十九条所列情形")
    basis = fields.CharField(label="依据", max_length=500)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
        _set_queryset(self, "unit", units)


class HearingRightForm(fields.Form):
    matter = fields.CharField(label="听证事项（涉及的重大利益关系）", max_length=500)
    contact = fields.CharField(label="联系人及电话", max_length=100)


class HearingNoticeForm(fields.Form):
    hearing_on = fields.DateField(label="举行听证日期", help_text="应在通知之日起七个工作日以后")
    hour = fields.CharField(label="时间", max_length=40, initial="上午9时")
    place = fields.CharField(label="听证地点", max_length=200)
    contact = fields.CharField(label="联系人及电话", max_length=100)


class EndNoticeForm(fields.Form):
    recipient = fields.CharField(label="签收人", max_length=100, help_text="被许可人或其委托代理人")
    contact = fields.CharField(label="联系人及电话", max_length=100)


class HolderHeardForm(fields.Form):
    heard_on = fields.DateField(label="听取日期")
    statement = fields.CharField(label="陈述申辩意见", max_length=5000, widget=_text())


class EndDecisionForm(fields.Form):
    answer = fields.CharField(label="对陈述申辩的处理（复核意见）", max_length=2000, widget=_text(2))
    no_public_harm = forms.BooleanField(label="经审查，撤销不会对公共利益造成重大损害（撤销的，第六十九条第三款）",
                                        required=False)
    review_body = fields.CharField(label="行政复议机关", max_length=200)
    court = fields.CharField(label="有管辖权的人民法院", max_length=200)


class AcceptForm(fields.Form):
    contact = fields.CharField(label="联系人及电话", max_length=100)


class NoticeForm(fields.Form):
    contact = fields.CharField(label="联系人及电话", max_length=100)
    others = fields.CharField(label="其他需要补正的内容", max_length=2000, required=False, widget=_text(2),
                              help_text="未勾选的材料自动列入；材料不符合法定形式的，一行一项写明")

    def action_kwargs(self) -> dict[str, Any]:
        return {"contact": self.cleaned_data["contact"], "others": _lines(self.cleaned_data["others"])}


class RefuseForm(fields.Form):
    reason = fields.CharField(label="不予受理的理由和依据", max_length=2000, widget=_text())
    review_body = fields.CharField(label="行政复议机关", max_length=200)
    court = fields.CharField(label="有管辖权的人民法院", max_length=200)


class CorrectionForm(fields.Form):
    what = fields.CharField(label="更正的材料或事项", max_length=200)
    before = fields.CharField(label="更正前", max_length=500)
    after = fields.CharField(label="更正后", max_length=500)


class SupplementForm(fields.Form):
    materials = forms.MultipleChoiceField(label="补正提交的材料", widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, missing: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "materials", [(m, m) for m in missing])


class VerificationForm(fields.Form):
    officers = _OfficerChoice(Officer.objects.none(), label="核查人员（两名以上）", widget=forms.CheckboxSelectMultiple)
    verified_on = fields.DateField(label="核查日期")
    spot = fields.CharField(label="核查地点", max_length=200)
    findings = fields.CharField(label="核查情况", max_length=5000, widget=_text())

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "officers", officers)


class PauseForm(fields.Form):
    kind = forms.ChoiceField(label="事由", choices=[c for c in PauseKind.choices if c[0] != PauseKind.HEARING])
    started_on = fields.DateField(label="开始日期")
    note = fields.CharField(label="说明", max_length=2000, widget=_text(2))


class ResumeForm(fields.Form):
    ended_on = fields.DateField(label="结束日期")
    result = fields.CharField(label="结论", max_length=5000, widget=_text(2))


class HearingRequestForm(fields.Form):
    public_interest = forms.BooleanField(label="涉及公共利益，依职权举行听证（第四十六条）", required=False)
    requested_by = fields.CharField(label="听证申请人", max_length=200, required=False,
                                    help_text="申请人或利害关系人；依职权听证的可不填")
    told_on = fields.DateField(label="告知听证权利日期", required=False)
    requested_on = fields.DateField(label="申请（决定）听证日期")
    note = fields.CharField(label="听证事项", max_length=2000, widget=_text(2))


class HearingHeldForm(fields.Form):
    held_on = fields.DateField(label="听证日期")
    result = fields.CharField(label="听证笔录要点", max_length=5000, widget=_text())


class ExtendForm(fields.Form):
    reason = fields.CharField(label="延长理由（将书面告知申请人）", max_length=2000, widget=_text(2))


class LicenceDecisionForm(fields.Form):
    granted = forms.TypedChoiceField(label="决定", choices=[("1", "准予行政许可"), ("0", "不予行政许可")],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="1")
    findings = fields.CharField(label="审查情况", max_length=5000, widget=_text(2))
    basis = fields.CharField(label="许可依据（准予的）", max_length=500, required=False)
    content = fields.CharField(label="许可内容（准予的）", max_length=2000, required=False, widget=_text(2))
    valid_from = fields.DateField(label="有效期自（准予的）", required=False)
    valid_to = fields.DateField(label="有效期至（准予的）", required=False)
    reason = fields.CharField(label="不予许可的理由和依据（不予的）", max_length=2000, required=False, widget=_text(2))
    review_body = fields.CharField(label="行政复议机关（不予的）", max_length=200, required=False)
    court = fields.CharField(label="有管辖权的人民法院（不予的）", max_length=200, required=False)
    late_reason = fields.CharField(label="逾期原因（超过期限作出决定的）", max_length=2000, required=False)


class IssueForm(fields.Form):
    recipient = fields.CharField(label="签收人", max_length=100, help_text="被许可人或其委托代理人")
