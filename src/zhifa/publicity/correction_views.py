"""The pages of 公示信息更正 (PUB-07): on the portal (no login) the application from a publication's page and the
page that follows it by its tracking number; for staff the applications, the answer, the evidence file and the
agency's publicity settings. Thin: parse, call one write function, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from zhifa.agencies import throttle
from zhifa.agencies.permissions import agencies_in_reach, can, require
from zhifa.core.errors import RuleViolation
from zhifa.core.forms import add_violation, render_form, submit
from zhifa.core.paging import page_of
from zhifa.publicity import corrections
from zhifa.publicity.forms import AnswerForm, CorrectionForm, PublicitySettingsForm, TrackForm
from zhifa.publicity.models import (
    CorrectionRequest,
    CorrectionState,
    PublicationState,
    PublicitySettings,
    PublishedSnapshot,
)
from zhifa.publicity.work import corrections_in_reach


def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """The application form of a publication being shown; sent, the tracking page with the new number."""
    snap = get_object_or_404(PublishedSnapshot, pk=pk, state=PublicationState.PUBLISHED)
    form = CorrectionForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            req = corrections.apply(snapshot=snap, name=d["name"], phone=d["phone"], email=d["email"],
                                    wrong=d["wrong"], should_be=d["should_be"], evidence=d.get("evidence"),
                                    address=throttle.client_address(request))
        except corrections.TooManyApplications as e:
            add_violation(form, e)
            status = 429
        except RuleViolation as e:
            add_violation(form, e)
        else:
            messages.success(request, f"更正申请已提交，查询号 {req.tracking}，请妥善保存，凭此号查询核实结果")
            return redirect(f"{reverse('portal:track')}?number={req.tracking}")
    if form.errors and status == 200:
        status = 422
    return render(request, "portal/correction_apply.html", {"form": form, "snap": snap}, status=status)


@require_safe
def track(request: HttpRequest) -> HttpResponse:
    """An application followed by its tracking number: its state, result, reason and how to appeal, and
    nothing of the applicant's."""
    form = TrackForm(request.GET or None)
    found = None
    status = 200
    if form.is_bound and form.is_valid():
        code = corrections.read_tracking(form.cleaned_data["number"])
        found = (CorrectionRequest.objects.select_related("snapshot", "corrected").filter(tracking=code).first()
                 if code else None)
        if found is None:
            form.add_error("number", "没有这个查询号的更正申请，请核对后重新输入（共10位，字母不区分大小写）")
            status = 404
    elif form.is_bound:
        status = 422
    return render(request, "portal/correction_track.html", {"form": form, "req": found}, status=status)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The applications in reach, the open ones first, by their deadline."""
    if not can(request.user, "publication.view"):
        raise Http404
    qs = corrections_in_reach(request.user, "publication.view").select_related("snapshot", "agency")
    page = page_of(request, qs.order_by("-state", "due_at", "pk"))
    return render(request, "publicity/corrections.html", {"page": page})


def _access(user, pk: int) -> CorrectionRequest:
    found = (corrections_in_reach(user, "publication.view").select_related("snapshot", "agency", "corrected",
                                                                            "evidence", "answered_by")
             .filter(pk=pk).first())
    if found is None:
        raise Http404("没有这件更正申请")
    return found


@login_required
def correction(request, pk: int) -> HttpResponse:
    """One application beside the publication as shown, and the answer."""
    req = _access(request.user, pk)
    form = AnswerForm(request.POST or None)
    done = submit(request, form, lambda d: corrections.answer(actor=request.user, request=req, **d))
    if done is not None:
        messages.success(request, "已答复申请人" + ("，更正后的信息已发布" if done.corrected else ""))
        return redirect("publicity:correction", pk=req.pk)
    return render_form(request, "publicity/correction.html", form, req=req,
                       can_answer=req.state == CorrectionState.OPEN
                       and can(request.user, "publication.publish", req.agency))


@login_required
@require_safe
def evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    req = _access(request.user, pk)
    if req.evidence is None:
        raise Http404("该申请没有上传证明材料")
    opened = corrections.open_evidence(actor=request.user, request=req)  # type: ignore[arg-type]  # signed in
    response = FileResponse(opened, as_attachment=True,
                            filename=req.evidence_name or f"证明材料-{req.tracking}")
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def settings_page(request) -> HttpResponse:
    """The publicity settings of the 执法主体 the user heads: shown, and set by the head."""
    require(request.user, "agency.manage")
    agencies = agencies_in_reach(request.user, "agency.manage").filter(level__is_agency=True).order_by("name")
    form = PublicitySettingsForm(request.POST if request.method == "POST" else None, agencies=agencies,
                                 initial={"agency": agencies.first()})
    if submit(request, form, lambda d: corrections.update_settings(actor=request.user, **d)) is not None:
        messages.success(request, "已保存执法公示设置")
        return redirect("publicity:settings")
    saved = {s.agency_id: s for s in PublicitySettings.objects.filter(agency__in=agencies)}
    rows = [(a, saved.get(a.pk) or PublicitySettings(agency=a)) for a in agencies]
    return render_form(request, "publicity/settings.html", form, rows=rows)
