"""The 案卷 page of a closed or archived case (REC-09): the cover and the catalogue in HTML, the PDF, and the
BagIt bag of the case's records with the 案卷 in it. Thin: read, call one function, answer. Downloads are POSTs,
each recorded in the ledger, as document and evidence downloads are."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST, require_safe

from zhifa.cases import dossier
from zhifa.cases.access import access_case
from zhifa.cases.models import Case, CaseDossier, CaseState
from zhifa.core import fields
from zhifa.core.errors import RuleViolation
from zhifa.core.forms import add_violation
from zhifa.ledger.bag import VERIFY_FIRST, ExportError
from zhifa.records.export_views import zip_stream


class DossierBagForm(fields.Form):
    reason = fields.CharField(label="导出事由", max_length=300, help_text="记入台账",
                              error_messages={"required": "导出案卷须写明事由"})


def dossier_context(request, case: Case, handle: bool, forms: dict[str, Any]) -> dict[str, Any]:
    """For the case page: whether the case has (or is about to have) a 案卷, and where it is."""
    if case.state == CaseState.ACTIVE:
        return {"dossier_state": ""}
    return {"dossier_state": case.state, "dossier_filed": CaseDossier.objects.filter(case=case).first()}


def _page(request, case: Case, *, bag_form: DossierBagForm | None = None, error: str = "",
          status: int = 200) -> HttpResponse:
    return render(request, "cases/dossier.html", {
        "case": case, "contents": dossier.contents_of(case),
        "filed": CaseDossier.objects.filter(case=case).select_related("pdf", "assembled_by__person").first(),
        "bag_form": bag_form or DossierBagForm(), "error": error,
    }, status=status)


@require_safe
@login_required
def dossier_page(request, pk: int) -> HttpResponse:
    return _page(request, access_case(request.user, pk))


@require_POST
@login_required
def dossier_pdf(request, pk: int) -> HttpResponse:
    case = access_case(request.user, pk)
    try:
        data, name = dossier.open_pdf(actor=request.user, case=case)
    except RuleViolation as e:
        return _page(request, case, error=str(e), status=422)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
def dossier_bag(request, pk: int) -> HttpResponse | StreamingHttpResponse:
    case = access_case(request.user, pk)
    form = DossierBagForm(request.POST)
    if form.is_valid():
        try:
            folder, tmp = dossier.temporary_bag(actor=request.user, case=case, reason=form.cleaned_data["reason"])
        except RuleViolation as e:
            add_violation(form, e)
        except ExportError as e:
            form.add_error(None, f"导出失败：{str(e).replace(VERIFY_FIRST, '请先进行完整性校验')}")
        else:
            response = StreamingHttpResponse(zip_stream(folder, folder.name, tmp), content_type="application/zip")
            response["Content-Disposition"] = content_disposition_header(True, f"{folder.name}.zip")
            response["Cache-Control"] = "no-store"
            response["X-Content-Type-Options"] = "nosniff"
            return response
    return _page(request, case, bag_form=form, status=422)
