"""Pages for the Excel import of officers and credentials (GEN-03). Thin: the work is in ``excel``."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header

from zhifa.agencies import actions, excel, imports
from zhifa.agencies.models import PENDING_IMPORT_STATES, ImportRun
from zhifa.agencies.permissions import require
from zhifa.core import fields
from zhifa.core.errors import RuleViolation
from zhifa.core.spreadsheet import XLSX_CONTENT_TYPE, read_upload

SHOWN_ERRORS = 500
ASCII_NAME = "officer_import_template.xlsx"


class ImportForm(fields.Form):
    file = forms.FileField(label="Excel文件（.xlsx）",
                           help_text=f"不超过5 MB、{excel.MAX_ROWS}行；请使用导入模板填写。")


@login_required
def officer_import(request):
    require(request.user, "officer.manage")
    context: dict = {"max_rows": excel.MAX_ROWS, "shown_errors": SHOWN_ERRORS}
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data = read_upload(upload, excel.MAX_BYTES)
                rows = excel.count_rows(data)
                if imports.is_big(rows):
                    return redirect(actions.request_import(actor=request.user, kind="officers", agency=None,
                                                           data=data, file_name=upload.name, rows=rows))
                context["result"] = excel.import_officers(actor=request.user, data=data)
            except excel.ImportRejected as e:
                context["rejected"] = e
                context["row_errors"] = e.errors[:SHOWN_ERRORS]
                context["more_errors"] = max(0, len(e.errors) - SHOWN_ERRORS)
            except RuleViolation as e:
                form.add_error("file", e.message)
            if "result" in context:
                form = ImportForm()
    else:
        form = ImportForm()
    context["form"] = form
    failed = bool(form.errors) or "rejected" in context
    return render(request, "agencies/officer_import.html", context, status=422 if failed else 200)


@login_required
def officer_import_template(request):
    require(request.user, "officer.manage")
    response = HttpResponse(excel.template_workbook(request.user), content_type=XLSX_CONTENT_TYPE)
    # An ASCII name for old clients, then the Chinese name encoded per RFC 6266/5987.
    encoded = content_disposition_header(as_attachment=True, filename=excel.FILENAME) or ""
    encoded = encoded.replace("attachment;", f'attachment; filename="{ASCII_NAME}";', 1)
    response["Content-Disposition"] = encoded
    return response


@login_required
def import_status(request, pk: int):
    """A queued import's progress and result, for the one who asked for it; polls itself while pending (htmx)."""
    run = get_object_or_404(ImportRun.objects.select_related("agency"), pk=pk, requested_by=request.user)
    context = {"run": run, "pending": run.state in PENDING_IMPORT_STATES,
               "back": imports.kind_of(run.kind).back(run)}
    if request.htmx:
        return render(request, "agencies/_import_status.html", context)
    return render(request, "agencies/import_status.html", context)
