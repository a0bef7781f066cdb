"""Pages of the catalog for signed-in users. Thin: parse, call one action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse

from zhifa.agencies.access import agencies_for
from zhifa.agencies.permissions import can, reach, require
from zhifa.catalog import actions
from zhifa.catalog.access import access_article, access_document, documents_for, may_edit_document
from zhifa.catalog.forms import ArticleForm, LawFilterForm, LegalDocumentForm
from zhifa.catalog.models import Article
from zhifa.core import fields
from zhifa.core.forms import render_form, submit

# ---------------------------------------------------------------- legal bases


@login_required
def law_list(request):
    documents = documents_for(request.user)
    filters = LawFilterForm(request.GET)
    q = filters.cleaned_data.get("q", "") if filters.is_valid() else ""
    if q:
        documents = documents.filter(Q(name__contains=q) | Q(short_name__contains=q) | Q(number__contains=q))
    return render(request, "catalog/law_list.html", {
        "documents": documents, "filters": filters, "q": request.GET.get("q", ""),
        "can_manage": can(request.user, "catalog.manage")}, status=422 if filters.errors else 200)


@login_required
def law_detail(request, pk: int):
    document = access_document(request.user, pk)
    return render(request, "catalog/law_detail.html", {
        "document": document, "articles": Article.objects.filter(document=document).select_related("document"),
        "can_edit": may_edit_document(request.user, document)})


def _owner_field(user) -> fields.ModelChoiceField:
    everything, _ = reach(user, "catalog.manage")
    agencies = agencies_for(user, "catalog.manage").filter(level__is_agency=True)
    return fields.ModelChoiceField(
        agencies, label="录入机关", required=not everything,
        empty_label="（共用：法律、法规等，由系统管理员维护）" if everything else None,
        help_text="本机关制定的规范性文件等选择本机关；法律、法规、规章等共用依据由系统管理员录入。")


@login_required
def law_create(request):
    require(request.user, "catalog.manage")
    form = LegalDocumentForm(request.POST or None)
    form.fields["owner"] = _owner_field(request.user)
    document = submit(request, form, lambda data: actions.create_legal_document(actor=request.user, **data))
    if document is not None:
        messages.success(request, f"已录入“{document.name}”，请录入其条文")
        return redirect("catalog:law_detail", document.pk)
    return render_form(request, "catalog/form.html", form, title="录入法律依据",
                       cancel=reverse("catalog:law_list"))


@login_required
def law_edit(request, pk: int):
    document = access_document(request.user, pk, for_edit=True)
    initial = {f: getattr(document, f) for f in actions.DOCUMENT_FIELDS}
    form = LegalDocumentForm(request.POST or None, initial=initial)
    if submit(request, form, lambda data: actions.update_legal_document(actor=request.user, document=document,
                                                                         **data)):
        messages.success(request, "已保存")
        return redirect("catalog:law_detail", document.pk)
    return render_form(request, "catalog/form.html", form, title=f"修改：{document.name}",
                       cancel=reverse("catalog:law_detail", args=[document.pk]))


@login_required
def article_create(request, pk: int):
    document = access_document(request.user, pk, for_edit=True)
    form = ArticleForm(request.POST or None)
    if submit(request, form, lambda data: actions.add_article(actor=request.user, document=document, **data)):
        messages.success(request, "已录入条文")
        return redirect("catalog:law_detail", document.pk)
    return render_form(request, "catalog/form.html", form, title=f"录入条文：{document.name}",
                       cancel=reverse("catalog:law_detail", args=[document.pk]))


@login_required
def article_edit(request, pk: int):
    article = access_article(request.user, pk, for_edit=True)
    initial = {f: getattr(article, f) for f in ("seq", "text", "is_summary", "in_force_from", "in_force_to")}
    form = ArticleForm(request.POST or None, initial=initial)
    if submit(request, form, lambda data: actions.update_article(actor=request.user, article=article, **data)):
        messages.success(request, "已保存")
        return redirect("catalog:law_detail", article.document_id)
    return render_form(request, "catalog/form.html", form, title=f"修改条文：{article.citation}",
                       cancel=reverse("catalog:law_detail", args=[article.document_id]))
