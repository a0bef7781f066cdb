"""The page of an issued document: its number and state, the files to download (each download a ledger
entry), voiding with a reason. Thin: parse, call one action, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from zhifa.agencies.models import name_of
from zhifa.agencies.permissions import can
from zhifa.core.errors import RuleViolation
from zhifa.core.forms import add_violation, render_form, submit
from zhifa.documents import actions
from zhifa.documents.access import access_document
from zhifa.documents.forms import DownloadForm, VoidForm
from zhifa.documents.models import IssuedDocument

PARTY_FIELDS = ("当事人名称", "受送达人", "被检查人", "被询问人")


def _context(request, doc: IssuedDocument, **extra: Any) -> dict[str, Any]:
    party = next((doc.values[k] for k in PARTY_FIELDS if doc.values.get(k)), "")
    return {"doc": doc, "party": party, "issued_by": name_of(doc.issued_by), "voided_by": name_of(doc.voided_by)
            if doc.voided_by else "", "can_void": not doc.voided and can(request.user, "document.void", doc.agency),
            "void_form": VoidForm(), **extra}


@require_safe
@login_required
def document_detail(request, pk: int) -> HttpResponse:
    doc = access_document(request.user, pk)
    return render(request, "documents/detail.html", _context(request, doc))


@require_POST
@login_required
def document_download(request, pk: int) -> HttpResponseBase:
    doc = access_document(request.user, pk)
    form = DownloadForm(request.POST)
    if form.is_valid():
        fmt = form.cleaned_data["format"]
        try:
            f = actions.open_file(actor=request.user, document=doc, fmt=fmt)
        except RuleViolation as e:
            add_violation(form, e)
        else:
            name = f"{doc.title}{doc.number and '（' + doc.number + '）'}.{fmt}"
            response = FileResponse(f, as_attachment=True, filename=name, content_type=actions.FORMATS[fmt][0])
            response["Cache-Control"] = "no-store, private"
            response["X-Content-Type-Options"] = "nosniff"
            return response
    return render(request, "documents/detail.html", _context(request, doc, download_errors=form.errors), status=422)


@require_POST
@login_required
def document_void(request, pk: int) -> HttpResponse:
    doc = access_document(request.user, pk)
    form = VoidForm(request.POST)
    done = submit(request, form, lambda d: actions.void(actor=request.user, document=doc, reason=d["reason"]))
    if done is not None:
        messages.success(request, f"已作废{doc}，文号保留不再使用")
        return redirect(doc)
    return render_form(request, "documents/detail.html", form, **{
        k: v for k, v in _context(request, doc).items() if k != "form"} | {"void_form": form})
