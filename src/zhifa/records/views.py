"""Pages for evidence: the list, the upload page, the detail with its ledger entries, the printable record
form, description, download with a reason, holds, retention, applications to view, settings and the
verification status. Thin: parse, call one action, render."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST, require_safe

from zhifa.agencies.access import officers_for
from zhifa.agencies.models import Agency, Officer, with_actor_names
from zhifa.agencies.permissions import can, reach, require
from zhifa.core.errors import RuleViolation
from zhifa.core.forms import add_violation, render_form, submit
from zhifa.core.paging import page_of
from zhifa.ledger.chain import entries_about
from zhifa.ledger.models import Entry
from zhifa.records import actions, blobs, ranges, uploads, verify, viewing
from zhifa.records.access import access_evidence, evidence_for, pending_requests_for, with_flags
from zhifa.records.forms import (
    DecisionForm,
    DescriptionForm,
    DownloadForm,
    EvidenceFilterForm,
    HoldForm,
    PartyApplicationForm,
    ReleaseForm,
    RetentionForm,
    SettingsForm,
    UploadForm,
    ViewRequestForm,
)
from zhifa.records.models import Evidence, EvidenceKind, Hold, HoldReason, RetentionClass, ViewRequest

R = TypeVar("R", bound=HttpResponseBase)


# ---------------------------------------------------------------- list


@login_required
def evidence_list(request) -> HttpResponse:
    require(request.user, "evidence.view")
    qs = evidence_for(request.user)
    filters = EvidenceFilterForm(request.GET)
    filters.is_valid()  # a refused filter is shown beside its field and not applied
    f = {name: filters.cleaned_data.get(name) for name in filters.fields}
    if f["case"]:
        qs = qs.filter(case_number__icontains=f["case"])
    if f["device"]:
        qs = qs.filter(device__icontains=f["device"])
    if f["kind"]:
        qs = qs.filter(kind=f["kind"])
    if f["officer"]:
        # A subquery, not a join: a join repeats a row per officer and needs DISTINCT (see architecture.md).
        through = Evidence.officers.through.objects.filter(officer__person__name__contains=f["officer"])
        qs = qs.filter(pk__in=through.values("evidence_id"))
    tz = timezone.get_current_timezone()
    date_from, date_to = f["date_from"], f["date_to"]
    if date_from:  # 摄录日期 (the hand-in date when the capture time is not known)
        start = dt.datetime.combine(date_from, dt.time(), tzinfo=tz)
        qs = qs.filter(Q(capture_start__gte=start) | Q(capture_start__isnull=True, received_at__gte=start))
    if date_to:
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        qs = qs.filter(Q(capture_start__lt=end) | Q(capture_start__isnull=True, received_at__lt=end))
    qs = with_flags(qs).prefetch_related(
        Prefetch("officers", queryset=Officer.objects.select_related("person"))).order_by("-received_at", "-pk")
    return render(request, "records/evidence_list.html", {
        "page": page_of(request, qs), "filters": filters, "f": {k: request.GET.get(k, "") for k in filters.fields},
        "export_case": f["case"], "kinds": EvidenceKind.choices,
        "can_upload": can(request.user, "evidence.upload"),
        "can_verify": can(request.user, "evidence.verify"),
        "can_approve": can(request.user, "evidence.approve_view"),
        "can_manage": can(request.user, "evidence.manage"),
    }, status=422 if filters.errors else 200)


# ---------------------------------------------------------------- upload


@login_required
def upload_page(request) -> HttpResponse:
    require(request.user, "evidence.upload")
    units = uploads.upload_units(request.user)
    unit = uploads.default_unit(request.user)
    form = UploadForm(units=units, officers=officers_for(request.user, "evidence.upload"),
                      me=getattr(getattr(request.user, "person", None), "officer", None),
                      initial={"unit": unit, "kind": EvidenceKind.VIDEO})
    s = actions.settings_for(unit) if unit is not None else None
    return render(request, "records/upload.html", {"form": form, "settings": s, "kind_rules": uploads.kind_rules()})


# ---------------------------------------------------------------- one piece of evidence


def _entries(ev: Evidence) -> list[tuple[Entry, str, str]]:
    """(entry, who by name, who/why in a few words) for the detail page's list of ledger entries; what the
    entry records is its kind's label (``{{ e.kind|kind }}``)."""
    rows = []
    for entry, actor in with_actor_names(entries_about(ev)):
        try:
            payload = json.loads(entry.payload)
        except ValueError:
            payload = {}
        note = ""
        if entry.kind == "evidence.view_decided":
            note = "批准" if payload.get("approved") else "不予批准"
        elif entry.kind == "evidence.hold_placed" and isinstance(payload, dict):
            # the reason is stored as its choice value (complaint); a person reads its label
            reason = payload.get("reason")
            note = HoldReason(reason).label if reason in HoldReason.values else ""
        elif isinstance(payload, dict):
            note = str(payload.get("reason") or payload.get("what") or "")
        rows.append((entry, actor, note[:80]))
    return rows


def _detail_context(request, ev: Evidence) -> dict[str, Any]:
    user = request.user
    manage = can(user, "evidence.manage", ev.unit)
    s = actions.settings_for(ev.unit)
    usable = actions.usable_request(user, ev, None)
    return {
        "ev": ev,
        "officers": list(ev.officers.select_related("person", "unit")),
        "entries": _entries(ev),
        "holds": list(ev.holds.select_related("placed_by__person", "released_by")),
        "requests": list(ev.view_requests.select_related("requested_by__person", "decided_by__person")),
        "settings": s,
        "needs_approval": actions.needs_approval(user, ev),
        "usable_request": usable,
        "download_form": DownloadForm(initial={"view_request": usable.pk if usable else None}),
        "viewable": viewing.shown_as(ev.format, ev.original_name).element is not None,
        "can_describe": can(user, "evidence.upload", ev.unit) or manage,
        "can_manage": manage,
        "can_approve": can(user, "evidence.approve_view", ev.unit),
        "hold_form": HoldForm() if manage else None,
        "release_form": ReleaseForm() if manage else None,
        "retention_form": RetentionForm(classes=RetentionClass.objects.filter(agency=actions.owner_agency(ev.unit)),
                                        initial={"retention_class": ev.retention_class, "filed": ev.filed})
        if manage else None,
        "request_form": ViewRequestForm(),
        "party_form": PartyApplicationForm() if manage else None,
        "decision_form": DecisionForm(),
        "missing": ev.missing_description(),
    }


@login_required
def evidence_detail(request, pk: int) -> HttpResponse:
    ev = access_evidence(request.user, pk)
    actions.record_view(actor=request.user, evidence=ev, what="详情")
    return render(request, "records/evidence_detail.html", _detail_context(request, ev))


@login_required
def evidence_form(request, pk: int) -> HttpResponse:
    """The 同步录音录像摄录情况记录表, printable (REC-15)."""
    ev = access_evidence(request.user, pk)
    actions.record_view(actor=request.user, evidence=ev, what="摄录情况记录表")
    return render(request, "records/evidence_form.html", {
        "ev": ev, "officers": list(ev.officers.select_related("person", "unit")),
        "agency": actions.owner_agency(ev.unit)})


def _description_initial(ev: Evidence) -> dict[str, Any]:
    initial = {name: getattr(ev, name) for name in actions.DESCRIPTION_FIELDS}
    for name in ("capture_start", "capture_end"):
        if initial[name]:
            initial[name] = timezone.localtime(initial[name])
    initial["officers"] = list(ev.officers.all())
    return initial


@login_required
def evidence_describe(request, pk: int) -> HttpResponse:
    ev = access_evidence(request.user, pk)
    if not (can(request.user, "evidence.upload", ev.unit) or can(request.user, "evidence.manage", ev.unit)):
        raise Http404
    officers = officers_for(request.user, "evidence.view").filter(
        unit__in=Agency.objects.within([actions.owner_agency(ev.unit)]))
    form = DescriptionForm(request.POST or None, initial=_description_initial(ev), officers=officers)
    if submit(request, form, lambda data: actions.describe(actor=request.user, evidence=ev, **data)):
        messages.success(request, "已保存摄录情况记录")
        return redirect("records:detail", ev.pk)
    return render_form(request, "records/evidence_describe.html", form, ev=ev)


@login_required
@require_POST
def evidence_download(request, pk: int) -> HttpResponseBase:
    """下载: the file as an attachment. 在线查看: one recorded opening, then the viewing page (REC-13)."""
    ev = access_evidence(request.user, pk)
    form = DownloadForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["inline"]:
                token = actions.open_for_viewing(actor=request.user, evidence=ev, reason=data["reason"],
                                                 view_request_id=data["view_request"])
                return redirect("records:view", token)
            f, _req = actions.open_for_download(actor=request.user, evidence=ev, reason=data["reason"],
                                                view_request_id=data["view_request"])
        except RuleViolation as e:
            add_violation(form, e)
        else:
            return _no_store(ranges.ranged_response(
                f, size=ev.blob.size, etag=ev.blob.sm3, range_header=None, if_range=None,
                content_type=viewing.DOWNLOAD_TYPE, filename=ev.original_name, as_attachment=True))
    context = _detail_context(request, ev)
    context["download_form"] = form
    return render(request, "records/evidence_detail.html", context, status=422)


def _no_store(response: R) -> R:
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _viewing(request, token: str) -> tuple[Evidence, viewing.Link]:
    """The evidence a viewing link opens for this user, or the refusal as a page: an expired link is 403, a
    link that is not this user's, evidence out of reach or bytes purged are 404."""
    try:
        link = viewing.read_token(token, user_id=request.user.pk)
    except viewing.LinkExpired:
        raise _Refused(403, "查看链接已过期（有效 2 小时）：请回到证据页面重新打开，打开一次记入台账一次") from None
    except viewing.LinkInvalid:
        raise _Refused(404, "查看链接无效：链接只对打开它的用户本人有效") from None
    ev = access_evidence(request.user, link.evidence_id)
    if ev.blob.purged_at is not None:
        raise _Refused(404, f"该文件已于{timezone.localtime(ev.blob.purged_at):%Y-%m-%d}按保存期限清除，仅存摘要",
                       ev)
    return ev, link


class _Refused(Exception):
    def __init__(self, status: int, message: str, evidence: Evidence | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.evidence = status, message, evidence

    def response(self, request) -> HttpResponse:
        return _no_store(render(request, "records/evidence_view_refused.html",
                                {"message": self.message, "ev": self.evidence}, status=self.status))


@login_required
@require_safe
def evidence_view(request, token: str) -> HttpResponseBase:
    """The viewing page: a player streaming from the link. Reloading it is the same opening, not a new one."""
    try:
        ev, link = _viewing(request, token)
    except _Refused as refused:
        return refused.response(request)
    entry = Entry.objects.filter(pk=link.entry_id).only("chain", "seq", "recorded_at").first()
    return _no_store(render(request, "records/evidence_view.html", {
        "ev": ev, "entry": entry, "shown": viewing.shown_as(ev.format, ev.original_name),
        "file_url": reverse("records:view_file", args=[token]),
        "expires": entry.recorded_at + dt.timedelta(seconds=viewing.LINK_SECONDS) if entry else None}))


@login_required
@require_safe
@xframe_options_sameorigin  # the viewing page shows a PDF in a frame
def evidence_view_file(request, token: str) -> HttpResponseBase:
    """The bytes behind a viewing link, with byte ranges so the player can seek; no ledger entry of its own."""
    try:
        ev, _link = _viewing(request, token)
        f = blobs.open_blob(ev.blob.sm3)
    except _Refused as refused:
        return refused.response(request)
    except OSError:
        return _Refused(404, "文件在存储中找不到（请联系证据保管人员运行完整性校验）", ev).response(request)
    shown = viewing.shown_as(ev.format, ev.original_name)
    response = ranges.ranged_response(
        f, size=ev.blob.size, etag=ev.blob.sm3, range_header=request.headers.get("Range"),
        if_range=request.headers.get("If-Range"), content_type=shown.content_type, filename=ev.original_name,
        as_attachment=shown.element is None)
    if shown.element != "pdf":
        # Opened as a page of its own, a file runs no script (a PDF viewer needs them, hence the exception).
        # allow-same-origin: the browser's own player page fetches the ranges, which an opaque origin may not.
        response["Content-Security-Policy"] = ("sandbox allow-same-origin; default-src 'none'; img-src 'self'; "
                                               "media-src 'self'")
    else:
        # The viewing page frames the PDF, which the site's policy (frame-ancestors 'none') would refuse; any
        # fetch directive here would reach the browser's PDF viewer itself, hence this one alone.
        response["Content-Security-Policy"] = "frame-ancestors 'self'"
    return _no_store(response)


def _post_action(request, ev: Evidence, form, action, done: str) -> HttpResponse:
    if not form.is_valid():
        messages.error(request, "请完整填写：" + "；".join(f"{form.fields[k].label if k in form.fields else ''}"
                                                      f"{'：' if k in form.fields else ''}{v[0]}"
                                                      for k, v in form.errors.items()))
    else:
        try:
            action(form.cleaned_data)
        except RuleViolation as e:
            messages.error(request, str(e))
        else:
            messages.success(request, done)
    return redirect("records:detail", ev.pk)


@login_required
@require_POST
def hold_place(request, pk: int) -> HttpResponse:
    ev = access_evidence(request.user, pk, "evidence.manage")
    return _post_action(request, ev, HoldForm(request.POST), lambda d: actions.place_hold(
        actor=request.user, evidence=ev, **d), "已设定长期保存")


@login_required
@require_POST
def hold_release(request, hold_pk: int) -> HttpResponse:
    hold = Hold.objects.filter(pk=hold_pk).first()
    if hold is None:
        raise Http404
    ev = access_evidence(request.user, hold.evidence_id, "evidence.manage")
    return _post_action(request, ev, ReleaseForm(request.POST), lambda d: actions.release_hold(
        actor=request.user, hold=hold, reason=d["reason"]), "已解除长期保存")


@login_required
@require_POST
def retention_set(request, pk: int) -> HttpResponse:
    ev = access_evidence(request.user, pk, "evidence.manage")
    form = RetentionForm(request.POST, classes=RetentionClass.objects.filter(agency=actions.owner_agency(ev.unit)))
    return _post_action(request, ev, form, lambda d: actions.set_retention(
        actor=request.user, evidence=ev, **d), "已保存保存期限")


@login_required
@require_POST
def view_request_create(request, pk: int) -> HttpResponse:
    ev = access_evidence(request.user, pk)
    return _post_action(request, ev, ViewRequestForm(request.POST), lambda d: actions.request_view(
        actor=request.user, evidence=ev, **d), "已提出调阅申请，待机关负责人审批")


@login_required
@require_POST
def party_application_create(request, pk: int) -> HttpResponse:
    ev = access_evidence(request.user, pk, "evidence.manage")
    return _post_action(request, ev, PartyApplicationForm(request.POST), lambda d: actions.record_party_application(
        actor=request.user, evidence=ev, **d), "已登记当事人申请，待机关负责人审批")


@login_required
def requests_pending(request) -> HttpResponse:
    require(request.user, "evidence.approve_view")
    rows = list(pending_requests_for(request.user).order_by("requested_at", "pk")[:200])
    return render(request, "records/requests.html", {"rows": rows, "decision_form": DecisionForm()})


@login_required
@require_POST
def request_decide(request, request_pk: int) -> HttpResponse:
    req = ViewRequest.objects.select_related("evidence__unit").filter(pk=request_pk).first()
    if req is None or not can(request.user, "evidence.approve_view", req.evidence.unit):
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择批准或不予批准")
    else:
        try:
            actions.decide_view_request(actor=request.user, request=req, approve=form.cleaned_data["approve"],
                                        note=form.cleaned_data["note"])
        except RuleViolation as e:
            messages.error(request, str(e))
        else:
            messages.success(request, "已审批")
    if request.POST.get("next") == "list":
        return redirect("records:requests")
    return redirect("records:detail", req.evidence_id)


# ---------------------------------------------------------------- settings


def _managed_agencies(user) -> list[Agency]:
    everything, roots = reach(user, "evidence.manage")
    qs = Agency.objects.all() if everything else Agency.objects.within(roots)
    return list(qs.filter(level__is_agency=True).select_related("level").order_by("path"))


@login_required
def records_settings(request) -> HttpResponse:
    require(request.user, "evidence.manage")
    agencies = _managed_agencies(request.user)
    if not agencies:
        raise Http404
    chosen = next((a for a in agencies if str(a.pk) == request.GET.get("agency", "")), agencies[0])
    s = actions.settings_for(chosen)
    initial = {"handin_hours": s.handin_hours, "field_work_workdays": s.field_work_workdays,
               "describe_workdays": s.describe_workdays, "av_view_needs_approval": s.av_view_needs_approval,
               "approval_valid_days": s.approval_valid_days,
               "av_months": s.av_retention.months if s.av_retention and s.av_retention.months else 24}
    form = SettingsForm(request.POST or None, initial=initial)
    if submit(request, form, lambda data: actions.update_settings(actor=request.user, agency=chosen, **data)):
        messages.success(request, "已保存记录设置")
        return redirect(f"{request.path}?agency={chosen.pk}")
    return render_form(request, "records/settings.html", form, agencies=agencies, chosen=chosen,
                       classes=RetentionClass.objects.filter(agency=chosen))


# ---------------------------------------------------------------- verification


@login_required
def verification(request) -> HttpResponse:
    """The last finished verification of the chains and blobs in the user's reach, and one waiting or under way;
    POST queues a run for ``zhifa worker``. While one is pending the status part polls itself (htmx)."""
    require(request.user, "evidence.verify")
    scope = verify.scope_for(request.user)
    if request.method == "POST":
        try:
            actions.request_verification(actor=request.user, agencies=scope)
        except RuleViolation as e:
            messages.info(request, str(e))
        else:
            messages.success(request, "已提交校验，由后台任务执行；本页会自动刷新显示结果")
        return redirect("records:verify")
    context = {"run": verify.last_run(scope), "pending": verify.pending_run(scope), "scope": scope}
    if request.htmx:
        return render(request, "records/_verify_status.html", context)
    return render(request, "records/verify.html", context)
