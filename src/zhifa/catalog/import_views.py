"""Excel import and export of the lists and the discretion standards; the work is in ``excel``."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from zhifa.agencies import actions as agency_actions
from zhifa.agencies import imports
from zhifa.catalog import excel
from zhifa.catalog.access import access_list_agency
from zhifa.catalog.models import ListKind
from zhifa.core import fields
from zhifa.core.errors import RuleViolation
from zhifa.core.spreadsheet import read_upload, xlsx_response

SHOWN_ERRORS = 500


class ImportForm(fields.Form):
    file = forms.FileField(label="Excel文件（.xlsx）",
                           help_text=f"不超过10 MB、{excel.MAX_ROWS}行；请使用导入模板填写。")


def _kind(kind: str) -> str:
    if kind not in excel.SHEETS:
        raise Http404
    return kind


def _label(kind: str) -> str:
    return "裁量基准" if kind == excel.DISCRETION else ListKind(kind).label


@login_required
def list_import(request, agency_pk: int, kind: str):
    agency = access_list_agency(request.user, agency_pk, "catalog.manage")
    kind = _kind(kind)
    context: dict = {"agency": agency, "kind": kind, "label": _label(kind), "sheet": excel.SHEETS[kind][0],
                     "back": reverse("catalog:list", args=[agency.pk, ListKind.ITEMS if kind == excel.DISCRETION
                                                            else kind])}
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = read_upload(upload, excel.MAX_BYTES)
            rows = excel.count_rows(kind, data)
            if imports.is_big(rows):
                return redirect(agency_actions.request_import(actor=request.user, kind=kind, agency=agency,
                                                              data=data, file_name=upload.name, rows=rows))
            context["result"] = excel.import_kind(actor=request.user, agency=agency, kind=kind, data=data)
            context["summary"] = excel.summary(kind, context["result"])
        except excel.ImportRejected as e:
            context["rejected"] = e
            context["row_errors"] = e.errors[:SHOWN_ERRORS]
            context["more_errors"] = max(0, len(e.errors) - SHOWN_ERRORS)
        except RuleViolation as e:
            form.add_error("file", str(e))
        if "result" in context:
            form = ImportForm()
    context["form"] = form
    failed = bool(form.errors) or "rejected" in context
    return render(request, "catalog/import.html", context, status=422 if failed else 200)


@login_required
def list_template(request, agency_pk: int, kind: str):
    agency = access_list_agency(request.user, agency_pk, "catalog.manage")
    kind = _kind(kind)
    return xlsx_response(excel.workbook(agency, kind, with_data=False), f"{excel.FILENAMES[kind]}导入模板.xlsx",
                 f"{kind}_template.xlsx")


@login_required
def list_export(request, agency_pk: int, kind: str):
    agency = access_list_agency(request.user, agency_pk)
    kind = _kind(kind)
    today = timezone.localdate().isoformat()
    return xlsx_response(excel.workbook(agency, kind, with_data=True),
                 f"{agency.name}{excel.FILENAMES[kind]}（草稿）{today}.xlsx", f"{kind}_{today}.xlsx")
