"""Pages for the Excel import of officers and credentials (GEN-03). Thin: the work is in ``excel``."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from zhifa.agencies import excel
from zhifa.agencies.permissions import require
from zhifa.core import fields
from zhifa.core.errors import RuleViolation

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
            try:
                context["result"] = excel.import_officers(actor=request.user, file=form.cleaned_data["file"])
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
    response = HttpResponse(excel.template_workbook(request.user), content_type=excel.XLSX_CONTENT_TYPE)
    # An ASCII name for old clients, then the Chinese name encoded per RFC 6266/5987.
    encoded = content_disposition_header(as_attachment=True, filename=excel.FILENAME) or ""
    encoded = encoded.replace("attachment;", f'attachment; filename="{ASCII_NAME}";', 1)
    response["Content-Disposition"] = encoded
    return response
