"""Staff pages of the credit platform export (PUB-13): the 双公示 files to download, each agency's receiving
address, and the delivery log with every attempt. Thin: parse, call one function, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zhifa.agencies.permissions import agencies_in_reach, can
from zhifa.core.errors import RuleViolation
from zhifa.core.forms import add_violation, render_form, submit
from zhifa.core.paging import page_of
from zhifa.core.spreadsheet import xlsx_response
from zhifa.publicity import credit
from zhifa.publicity.forms import CreditEndpointForm, CreditExportForm, DeliveryFilterForm
from zhifa.publicity.models import CreditAttempt, CreditEndpoint, PublicationKind


def _staff(request) -> None:
    if not can(request.user, "publication.publish"):
        raise Http404


def _managed(user):
    return agencies_in_reach(user, "agency.manage").filter(level__is_agency=True).order_by("path")


def _page(request, form: CreditExportForm) -> HttpResponse:
    agencies = list(_managed(request.user)) if can(request.user, "agency.manage") else []
    own = {e.agency_id: e for e in CreditEndpoint.objects.filter(agency__in=agencies)}
    return render_form(request, "publicity/credit.html", form, may_export=can(request.user, "publication.publish"),
                       endpoints=[(a, credit.endpoint_of(a, own)) for a in agencies])


@login_required
def page(request) -> HttpResponse:
    """The 双公示 export: the filters and a download button per format (公示审核员, the agency head); the receiving
    addresses in reach (the agency head, the administrator)."""
    if not (can(request.user, "publication.publish") or can(request.user, "agency.manage")):
        raise Http404
    return _page(request, CreditExportForm(initial={"kind": PublicationKind.PENALTY}))


@login_required
def download(request) -> HttpResponse:
    _staff(request)
    form = CreditExportForm(request.GET)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    if form.is_valid():
        d = form.cleaned_data
        try:
            data = credit.export(actor=request.user, fmt=fmt, filters=credit.ExportFilter(
                kind=d["kind"], since=d["since"], until=d["until"], state=d["state"]))
        except RuleViolation as e:
            add_violation(form, e)
        else:
            stamp = f"{timezone.localdate():%Y%m%d}"
            response = xlsx_response(data, f"{PublicationKind(d['kind']).label}双公示信息-{stamp}.{fmt}",
                                     f"shuanggongshi-{d['kind']}-{stamp}.{fmt}")
            if fmt == "csv":
                response["Content-Type"] = "text/csv; charset=utf-8"
            return response
    return _page(request, form)


@login_required
def endpoint(request) -> HttpResponse:
    """An agency's own receiving address and token variable, set by its head or the administrator."""
    if not can(request.user, "agency.manage"):
        raise Http404
    agencies = _managed(request.user)
    chosen = agencies.filter(pk=request.GET.get("agency") or 0).first() if request.method == "GET" else None
    row = CreditEndpoint.objects.filter(agency=chosen).first() if chosen else None
    initial = {"agency": chosen, "url": row.url if row else "", "token_env": row.token_env if row else ""}
    form = CreditEndpointForm(request.POST or None, initial=initial, agencies=agencies)
    done = submit(request, form, lambda d: credit.set_endpoint(actor=request.user, **d))
    if done is not None:
        messages.success(request, "接收地址已保存")
        return redirect("publicity:credit")  # the administrator too: the page shows them the addresses
    return render_form(request, "publicity/credit_endpoint.html", form, system_url=settings.ZHIFA_CREDIT_URL)


@login_required
def deliveries(request) -> HttpResponse:
    """The delivery log: each message to the credit platform, newest first, with every attempt."""
    _staff(request)
    filters = DeliveryFilterForm(request.GET or None)
    qs = credit.deliveries_in_reach(request.user).select_related("publication", "agency").prefetch_related(
        Prefetch("attempt_log", queryset=CreditAttempt.objects.order_by("at", "pk")))
    if filters.is_valid() and filters.cleaned_data["status"]:
        qs = qs.filter(status=filters.cleaned_data["status"])
    return render(request, "publicity/credit_deliveries.html", {
        "page": page_of(request, qs.order_by("-created_at", "-pk")), "filters": filters})
