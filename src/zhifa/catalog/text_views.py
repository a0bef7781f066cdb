"""The 四类文本: flow charts drawn from the process definitions, service guides drawn from an item's fields, the
document samples (``catalog.documents``) as a printable HTML page and a DOCX; and the discretion lookup (enter
the facts, see the range and why)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import cache_control

from zhifa.agencies.permissions import require
from zhifa.catalog import snapshot
from zhifa.catalog.access import access_entry, access_list_agency, agencies_with_lists
from zhifa.catalog.discretion import FACTS, discretion_range
from zhifa.catalog.documents import DOCUMENT_SAMPLES, TEMPLATES, number_of, render_parts, sample_values
from zhifa.catalog.docx import render_docx
from zhifa.catalog.evaluate import content_of, version_in_force
from zhifa.catalog.flowchart import render_svg, steps
from zhifa.catalog.models import ListKind
from zhifa.catalog.processes import CASE_PROCESSES, PROCESSES
from zhifa.core import fields

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@cache_control(public=True, max_age=3600)
def flow_svg(request, code: str):
    """A flow chart as SVG; public: the flow charts are published texts (PUB-01)."""
    process = PROCESSES.get(code)
    if process is None:
        raise Http404
    response = HttpResponse(render_svg(process), content_type="image/svg+xml; charset=utf-8")
    # Opened as a document of its own, the chart loads nothing and runs nothing; its text layout is in style
    # attributes, which the site's policy for pages would refuse.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
    return response


@login_required
def texts(request):
    require(request.user, "catalog.view")
    return render(request, "catalog/texts.html", {"processes": [(p, steps(p)) for p in PROCESSES.values()],
                                                  "samples": DOCUMENT_SAMPLES})


def _template(code: str):
    template = TEMPLATES.get(code)
    if template is None:
        raise Http404
    return template


def sample_context(code: str) -> dict[str, Any]:
    """A 执法文书样本 filled with marked example values: the staff page's and the portal's."""
    template = _template(code)
    values = sample_values(template)
    blocks: list[dict[str, Any]] = []
    for part in render_parts(template, values):
        if part.kind == "row":            # consecutive form rows make one table
            if not blocks or "rows" not in blocks[-1]:
                blocks.append({"rows": []})
            blocks[-1]["rows"].append(part)
        else:
            blocks.append({"part": part})
    return {"template": template, "number": number_of(template, values), "blocks": blocks}


@login_required
def document_sample(request, code: str):
    """A 执法文书样本, printable."""
    require(request.user, "catalog.view")
    return render(request, "catalog/document_sample.html", sample_context(code))


@login_required
def document_sample_docx(request, code: str):
    require(request.user, "catalog.view")
    template = _template(code)
    response = HttpResponse(render_docx(template, sample_values(template)), content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{template.title}（样本）.docx")
    return response


def guide_context(agency, entry: dict[str, Any], *, version=None) -> dict[str, Any]:
    """The 服务指南 of one item, from the fields of its snapshot entry."""
    always = {"code", "action_kind", "handling_unit", "time_limit", "remedy", "supervision_phone"}
    rows = [(label, snapshot.display(key, entry.get(key))) for key, label in (
        ("code", "事项编码"), ("action_kind", "事项类别"), ("domain", "执法领域"), ("handling_unit", "承办机构"),
        ("conditions", "受理条件"), ("materials", "申请材料"), ("process", "办理流程"), ("time_limit", "办理时限"),
        ("fees", "收费标准"), ("office_hours", "办公时间"), ("address", "办公地址"), ("phone", "咨询电话"),
        ("supervision_phone", "监督投诉电话"), ("remedy", "救济渠道"), ("accountability", "责任追究"))
        if key in always or entry.get(key)]
    # the first case process of the item's kind of action: for 行政处罚 its 普通程序, listed before the 简易程序
    flow = next((p for p in CASE_PROCESSES if p.action_kind == entry.get("action_kind")), None)
    return {"agency": agency, "entry": entry, "rows": rows, "basis": entry.get("basis", []),
            "version": version, "flow": flow, "flow_steps": steps(flow) if flow else []}


@login_required
def guide_draft(request, agency_pk: int, pk: int):
    agency = access_list_agency(request.user, agency_pk)
    item = access_entry(request.user, agency, ListKind.ITEMS, pk, "catalog.view")
    entry = snapshot.item_entry(snapshot.items_of(item.list).get(pk=item.pk))
    return render(request, "catalog/guide.html", guide_context(agency, entry))


# ---------------------------------------------------------------- discretion lookup (GEN-08)


class FactsForm(fields.Form):
    agency = forms.ChoiceField(label="执法主体")
    item = forms.ChoiceField(label="处罚事项", required=False)
    on = fields.DateField(label="适用日期", required=False)
    fine = fields.DecimalField(label="拟罚款金额（元，可不填）", required=False, min_value=Decimal(0), max_digits=14,
                               decimal_places=2)

    def __init__(self, *args: Any, agencies, items: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ChoiceField)
        agency.choices = [(str(a.pk), a.name) for a in agencies]
        item = self.fields["item"]
        assert isinstance(item, forms.ChoiceField)
        item.choices = [("", "请选择"), *items]
        for fact in FACTS:
            name = f"f_{fact.key}"
            if fact.kind == "bool":
                self.fields[name] = forms.BooleanField(label=fact.label, required=False, help_text=fact.help)
            elif fact.kind == "number":
                self.fields[name] = fields.DecimalField(label=f"{fact.label}（{fact.unit}）", required=False,
                                                        min_value=Decimal(0), max_digits=16, decimal_places=2)
            else:
                self.fields[name] = forms.ChoiceField(label=fact.label, required=False,
                                                      choices=[("", "（未填）"), *fact.choices])

    def facts(self) -> dict[str, Any]:
        return {f.key: self.cleaned_data.get(f"f_{f.key}") for f in FACTS
                if self.cleaned_data.get(f"f_{f.key}") not in (None, "", False)}


@login_required
def discretion_lookup(request):
    require(request.user, "catalog.view")
    agencies = list(agencies_with_lists(request.user)[:500])
    chosen = request.GET.get("agency") or (str(agencies[0].pk) if agencies else "")
    agency = access_list_agency(request.user, chosen) if chosen else None
    today = timezone.localdate()
    version = version_in_force(agency, ListKind.ITEMS, today) if agency else None
    entries = [e for e in content_of(version)["entries"] if e.get("discretion")] if version else []
    items = [(e["code"], f"{e['code']} {e['name']}") for e in entries]
    form = FactsForm(request.GET or None, agencies=agencies, items=items, initial={"agency": chosen, "on": today})
    context: dict[str, Any] = {"form": form, "agency": agency, "version": version, "has_items": bool(items)}
    if request.GET.get("item") and form.is_valid():
        on = form.cleaned_data.get("on") or today
        used = version_in_force(agency, ListKind.ITEMS, on) if agency else None
        entry = next((e for e in content_of(used)["entries"] if e["key"] == form.cleaned_data["item"]), None) \
            if used else None
        if entry is None:
            context["missing"] = f"{on}现行的行政执法事项清单中没有该事项"
        else:
            found, reasons = discretion_range(entry, form.facts())
            fine = form.cleaned_data.get("fine")
            context.update({"entry": entry, "range": found, "reasons": reasons, "used": used, "on": on,
                            "fine": fine, "fine_ok": found.contains(fine) if found and fine is not None else None})
    bools = [form[f"f_{f.key}"] for f in FACTS if f.kind == "bool"]
    others = [form[f"f_{f.key}"] for f in FACTS if f.kind != "bool"]
    context.update({"bool_fields": bools, "other_fields": others})
    return render(request, "catalog/discretion.html", context)
