"""The 受理 desk (行政许可法 第29–32条) and the licence sections of the case page: register an application and tick
its materials against the 服务指南, accept it or give the one-time notice, print the receipt; then 审查, the
decision and the licence. Thin: parse, call one write function, render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.agencies.models import Agency, Officer
from zhifa.agencies.permissions import agencies_in_reach, can, require
from zhifa.cases import actions, guards
from zhifa.cases import permit_forms as f
from zhifa.cases import permit_rules as rules
from zhifa.cases.access import access_case
from zhifa.cases.models import Application, ApplicationState, Case, CaseSettings, CaseState, Licence, LicenceState
from zhifa.cases.permit_guards import application_of
from zhifa.cases.simple_forms import LookupForm
from zhifa.catalog.evaluate import content_of, version_in_force
from zhifa.catalog.models import ListKind
from zhifa.core.forms import render_form, submit
from zhifa.documents.access import documents_about
from zhifa.parties.access import find_party, parties_for
from zhifa.parties.models import IdKind, PartyKind

PROCESS = "licensing"
END_PROCESS = "licence_end"


def _units(request):  # -> QuerySet[Agency]
    return agencies_in_reach(request.user, "case.handle").filter(level__is_agency=False).order_by("path")


def _items(agency: Agency | None) -> dict[str, dict[str, Any]]:
    """The licence items of the agency's 行政执法事项清单 in force, with their 服务指南 material lists."""
    if agency is None:
        return {}
    version = version_in_force(agency, ListKind.ITEMS, timezone.localdate())
    entries = content_of(version)["entries"] if version else []
    return {e["code"]: {"name": e["name"], "materials": rules.materials_of(e.get("materials", ""))}
            for e in entries if e.get("action_kind") == "xuke"}


def _waiting(units):  # -> list[dict]
    """Applications at the desk not yet accepted or refused, oldest first, each with its 5th working day."""
    today = timezone.localdate()
    rows = list(Application.objects.filter(case__unit__in=units, case__state=CaseState.ACTIVE,
                                       state__in=(ApplicationState.RECEIVED, ApplicationState.NOTIFIED))
            .select_related("case").order_by("received_on", "pk")[:50])
    last = {day: rules.notice_due(day).last_day for day in {a.received_on for a in rows}}  # one calendar read a day
    return [{"app": a, "last_day": last[a.received_on],
             "deemed": a.state == ApplicationState.RECEIVED and today > last[a.received_on]} for a in rows]


@login_required
def desk(request) -> HttpResponse:
    """受理窗口: choose the item, find or type the applicant, tick the materials handed in, register."""
    require(request.user, "case.handle")
    units = _units(request)
    unit_list = list(units[:50])
    agency = unit_list[0].enclosing_agency() if unit_list else None
    items = _items(agency)
    pick = f.DeskItemForm(request.GET or None, items=[(c, f"{c} {i['name']}") for c, i in items.items()])
    code = request.POST.get("item_code", "") if request.method == "POST" else (
        pick.cleaned_data["item"] if pick.is_valid() else "")
    if not code and len(items) == 1:
        code = next(iter(items))
    item = items.get(code)
    lookup = LookupForm(request.GET or None)
    found = None
    initial: dict[str, Any] = {"item_code": code, "unit": unit_list[0] if len(unit_list) == 1 else None}
    if request.method == "GET" and lookup.is_valid() and lookup.cleaned_data["number"]:
        number = lookup.cleaned_data["number"]
        found = find_party(request.user, IdKind.USCC, number, kind=PartyKind.LEGAL) or find_party(
            request.user, IdKind.RESIDENT, number)
        if found is None:
            lookup.add_error("number", "未找到以该号码登记的申请人，请在下方填写申请人信息")
        else:
            initial |= {"party": found}
    form = f.ApplicationForm(request.POST if request.method == "POST" else None, units=units,
                             parties=parties_for(request.user), materials=item["materials"] if item else [],
                             initial=initial)
    case = submit(request, form, lambda d: actions.register_application(actor=request.user, **form.action_kwargs()))
    if case is not None:
        app = case.application
        note = "；尚缺：" + "、".join(app.missing) if app.missing else "，材料齐全"
        messages.success(request, f"已登记申请“{case.title}”{note}" if app.guide_listed else
                         f"已登记申请“{case.title}”；该事项的服务指南未列明申请材料，请逐件核对")
        return redirect(f"{case.get_absolute_url()}#permit-h")
    if form.is_bound:
        found = getattr(form, "cleaned_data", {}).get("party")
    return render_form(request, "cases/permit_desk.html", form, pick=pick, item=item, code=code, lookup=lookup,
                       found=found, waiting=_waiting(units))


# ---------------------------------------------------------------- the case page's sections


def _officers(case: Case):  # -> QuerySet[Officer]
    return (Officer.objects.filter(unit__in=Agency.objects.within([case.agency]), active=True)
            .select_related("person", "unit").order_by("unit__path", "person__name"))


@dataclass(frozen=True)
class Act:
    """One POST of the licence sections: its form, its write function, what it says when done, and when the
    page offers it."""

    form: Callable[..., Any]
    call: Callable[..., Any]
    done: str
    offered: Callable[[Case, Any], bool]   # the case and its Application (or, 撤回 / 撤销, its LicenceEnd)
    permission: str = "case.handle"
    process: str = PROCESS


def _at_desk(case: Case, app: Application) -> bool:
    return case.stage == "apply" and app.state in (ApplicationState.RECEIVED, ApplicationState.NOTIFIED)


def _paused(case: Case) -> bool:
    return any(p.ended_on is None for p in case.licence_pauses.all())


def _unnoticed(case: Case) -> bool:
    """A hearing asked for whose 听证通知书 (第48条) is not yet made."""
    return any(p.ended_on is None and p.notice_id is None for p in case.licence_pauses.all())


def _row(case: Case) -> Any:
    """The kind's own row the licence acts work on: the Application, or the LicenceEnd of a 撤回 / 撤销."""
    if case.process == END_PROCESS:
        return getattr(case, "licence_end", None)
    return application_of(case) if case.process == PROCESS else None


ACTS: dict[str, Act] = {
    "accept": Act(lambda case, app, data: f.AcceptForm(data), actions.accept_application,
                  "已受理：受理通知书已制作，请打印交申请人", _at_desk),
    "notify": Act(lambda case, app, data: f.NoticeForm(data), actions.notify_missing,
                  "已一次告知补正：补正材料通知书已制作，请打印交申请人",
                  lambda case, app: _at_desk(case, app) and app.notice_id is None),
    "refuse": Act(lambda case, app, data: f.RefuseForm(data), actions.refuse_application,
                  "已不予受理：不予受理通知书已制作", _at_desk),
    "correct": Act(lambda case, app, data: f.CorrectionForm(data), actions.correct_application,
                   "已记录当场更正", _at_desk),
    "supplement": Act(lambda case, app, data: f.SupplementForm(data, missing=app.missing),
                      actions.supplement_materials, "已登记补正材料",
                      lambda case, app: _at_desk(case, app) and app.notice_id is not None and bool(app.missing)),
    "verify": Act(lambda case, app, data: f.VerificationForm(data, officers=_officers(case)),
                  actions.record_verification, "已记录实地核查", lambda case, app: case.stage == "review"),
    "pause": Act(lambda case, app, data: f.PauseForm(data), actions.pause_licence_clock,
                 "已中止计算审查期限（行政许可法 第四十五条）",
                 lambda case, app: case.stage == "review" and not _paused(case)),
    "resume": Act(lambda case, app, data: f.ResumeForm(data), actions.resume_licence_clock,
                  "已恢复计算审查期限", lambda case, app: case.stage == "review" and _paused(case)),
    "hearing": Act(lambda case, app, data: f.HearingRequestForm(data), actions.request_licence_hearing,
                   "已登记听证，审查期限中止计算",
                   lambda case, app: case.stage == "review" and not _paused(case)),
    "hearing_right": Act(lambda case, app, data: f.HearingRightForm(data), actions.tell_licence_hearing_right,
                         "已制作听证告知书，请交申请人、利害关系人",
                         lambda case, app: case.stage == "review" and app.hearing_right_id is None),
    "hearing_notice": Act(lambda case, app, data: f.HearingNoticeForm(data), actions.notify_licence_hearing,
                          "已制作听证通知书（涉及公共利益的，并制作听证公告）",
                          lambda case, app: case.stage == "hearing" and _unnoticed(case)),
    "hearing_held": Act(lambda case, app, data: f.HearingHeldForm(data), actions.record_licence_hearing,
                        "已记录听证，审查期限恢复计算",
                        lambda case, app: case.stage == "hearing" and _paused(case) and not _unnoticed(case)),
    "extend": Act(lambda case, app, data: f.ExtendForm(data), actions.extend_licence_deadline,
                  "已批准延长十个工作日，延长期限告知书已制作",
                  lambda case, app: case.stage in ("review", "hearing", "decide") and app.extension_id is None,
                  "case.approve"),
    # the decision forms start from the draft a passed legal review bound (issued unchanged, REV-01)
    "decide": Act(lambda case, app, data: f.LicenceDecisionForm(data, initial=guards.fixed_draft_texts(case)),
                  actions.decide_licence,
                  "已作出行政许可决定", lambda case, app: case.stage == "decide", "case.approve"),
    "issue": Act(lambda case, app, data: f.IssueForm(data, initial={"recipient": ""}), actions.issue_licence,
                 "已颁发行政许可证件", lambda case, app: case.stage == "deliver" and bool(app.granted)),
    # 撤回、撤销 (第7、8、69条)
    "end_notify": Act(lambda case, end, data: f.EndNoticeForm(data), actions.notify_licence_end,
                      "已制作告知书并送达被许可人", lambda case, end: case.stage == "end_notice",
                      process=END_PROCESS),
    "end_heard": Act(lambda case, end, data: f.HolderHeardForm(data), actions.hear_licence_holder,
                     "已记录陈述申辩", lambda case, end: case.stage == "end_heard", process=END_PROCESS),
    "end_decide": Act(lambda case, end, data: f.EndDecisionForm(data, initial=guards.fixed_draft_texts(case)),
                      actions.decide_licence_end,
                      "已作出决定，许可证件状态已变更", lambda case, end: case.stage == "end_decide", "case.approve",
                      process=END_PROCESS),
}


def _form(name: str, case: Case, app: Any, data: Any = None) -> Any:
    """The act's form, its fields prefixed with the act's name: several forms of one page share field names."""
    form = ACTS[name].form(case, app, data)
    form.prefix = name
    return form


def _may(user, act: Act, case: Case) -> bool:
    if act.permission == "case.approve":  # the head's acts; a head handles no case
        return can(user, act.permission, case.agency)
    return can(user, act.permission, case.unit) and can(user, "case.handle", case.unit)


def permit_context(request, case: Case, handle: bool, forms: dict[str, Any]) -> dict[str, Any]:
    """The case page's licence sections: the application and its materials, the deadlines in words, and the
    forms of the acts the stage offers the user."""
    row = _row(case)
    if row is None:
        return {}
    today = timezone.localdate()
    offered = []
    if case.state == CaseState.ACTIVE:
        for name, act in ACTS.items():
            if act.process == case.process and act.offered(case, row) and _may(request.user, act, case):
                offered.append({"name": name, "url": reverse(f"cases:permit_{name}", args=[case.pk]),
                                "form": forms.get(f"permit_{name}_form") or _form(name, case, row)})
    if case.process == END_PROCESS:
        return {"licence_end": row, "permit_forms": offered}
    app = row
    docs = {d.pk: d for d in documents_about(case)}
    receipt = next((docs[pk] for pk in (app.acceptance_id, app.notice_id, app.refusal_id) if pk in docs), None)
    decision = actions.decision_obligation(case)
    return {
        "permit": app, "permit_forms": offered,
        "permit_notice_last_day": rules.notice_due(app.received_on).last_day,
        "permit_deemed": app.state == ApplicationState.RECEIVED and rules.deemed_accepted(app.received_on, today),
        "permit_receipt": receipt,
        "permit_decision_due": timezone.localdate(decision.due_at) if decision else None,
        "permit_decision_paused": decision is not None and decision.state == "paused",
        "permit_pauses": list(case.licence_pauses.all()),
        "permit_verifications": list(case.verifications.prefetch_related("officers__person")),
        "permit_corrections": list(app.corrections.all()),
        "permit_licence": Licence.objects.filter(case=case).first() or app.licence,
    }


@login_required
@require_POST
def permit_act(request, pk: int, act: str) -> HttpResponse:
    from zhifa.cases import views as case_views  # which imports this module for permit_context

    case = access_case(request.user, pk)
    row, spec = _row(case), ACTS[act]
    if row is None or spec.process != case.process:
        raise Http404
    form = _form(act, case, row, request.POST)

    def call(case: Case, d: dict[str, Any]) -> Any:
        kwargs = form.action_kwargs() if hasattr(form, "action_kwargs") else d
        return spec.call(actor=request.user, case=case, **kwargs)

    return case_views._act(request, pk, f"permit_{act}_form", form, call, spec.done)


# ---------------------------------------------------------------- the licence (第39、50条)


def _licence(request, pk: int) -> Licence:
    licence = Licence.objects.select_related("case", "holder", "document", "agency").filter(pk=pk).first()
    if licence is None:
        raise Http404
    access_case(request.user, licence.case_id)  # out of reach is 404, as its case
    return licence


def _licence_forms(request, licence: Licence, act: str) -> dict[str, Any]:
    """The licence page's entries (第49、50、8、69条), each only when the user may handle the licence's unit and
    the licence is still valid; 延续 only until its last day. The one ``act`` posted is bound."""
    if licence.state != LicenceState.VALID or not can(request.user, "case.handle", licence.case.unit):
        return {}
    units = _units(request)
    materials = _items(licence.agency).get(licence.item_code, {}).get("materials", [])
    today = timezone.localdate()
    lead = CaseSettings.of(licence.agency).renewal_lead_days
    data = request.POST if request.method == "POST" else None
    initial = {"unit": licence.case.unit}
    made = {
        "renew": lambda: f.RenewalForm(data if act == "renew" else None, units=units, materials=materials,
                                       initial=initial),
        "change": lambda: f.ChangeForm(data if act == "change" else None, units=units, materials=materials,
                                       initial=initial, prefix="change"),
        "end": lambda: f.LicenceEndForm(data if act == "end" else None, units=units, initial=initial,
                                        prefix="end"),
    }
    shown = {"change", "end"} | ({"renew"} if today <= rules.renewal_last_day(licence.valid_to, lead) else set())
    return {name: make() for name, make in made.items() if name in shown or name == act}


@login_required
def licence_page(request, pk: int, act: str = "renew") -> HttpResponse:
    """The licence: holder, content, term and state; the cases about it (its issue, renewals, changes, withdrawal
    or revocation); the 变更 / 延续 applications and the agency's 撤回 / 撤销, each for those who may."""
    licence = _licence(request, pk)
    if request.method == "POST" and act == "renew":
        require(request.user, "case.handle", licence.case.unit)
    forms = _licence_forms(request, licence, act)
    if request.method == "POST" and act not in forms:
        raise PermissionDenied("无权办理该许可证件，或许可证件已失效")
    calls = {
        "renew": lambda d: actions.register_application(actor=request.user, licence=licence, purpose="renewal",
                                                        item_code="", **forms["renew"].action_kwargs()),
        "change": lambda d: actions.register_application(actor=request.user, licence=licence, purpose="change",
                                                         item_code="", **forms["change"].action_kwargs()),
        "end": lambda d: actions.start_licence_end(actor=request.user, licence=licence, **d),
    }
    if request.method == "POST":
        case = submit(request, forms[act], calls[act])
        if case is not None:
            messages.success(request, f"已登记“{case.title}”")
            return redirect(f"{case.get_absolute_url()}#permit-h")
    applications = list(Application.objects.filter(licence=licence).select_related("case")
                        .order_by("received_on", "pk"))
    ends = list(licence.ends.select_related("case", "decision").order_by("pk"))
    today = timezone.localdate()
    pending = next((a for a in applications if actions.deemed_renewed(a, today)), None)
    lead = CaseSettings.of(licence.agency).renewal_lead_days
    status = 422 if request.method == "POST" else 200
    response = render(request, "cases/permit_licence.html", {
        "licence": licence, "applications": applications, "ends": ends, "forms": forms,
        "renewal_last_day": rules.renewal_last_day(licence.valid_to, lead), "lead_days": lead,
        "deemed_renewal": pending, "expired": licence.state == LicenceState.VALID and today > licence.valid_to,
        "undecided_renewal": next((a for a in applications if a.purpose == "renewal" and a.decided_on is None
                                   and a.state != "refused" and today <= licence.valid_to), None)})
    response.status_code = status
    return response
