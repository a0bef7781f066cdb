"""Staff pages of 行政执法公示: the drafts and publications in reach, the review and redaction workspace, publish,
the revocation of a decision and the withdrawal, 信用修复. Thin: parse, call one write function, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhifa.agencies.permissions import can
from zhifa.core.errors import RuleViolation
from zhifa.core.forms import render_form, submit
from zhifa.core.paging import page_of
from zhifa.publicity import actions, redaction
from zhifa.publicity.forms import MarkForm, PublishForm, RepairForm, RevocationForm
from zhifa.publicity.models import Publication, PublicationState, in_standard_order
from zhifa.publicity.work import publications_in_reach


def access_publication(user, pk: int) -> Publication:
    """The publication, or 404 for one missing or out of the user's reach."""
    found = publications_in_reach(user, "publication.view").select_related("agency", "unit").filter(pk=pk).first()
    if found is None:
        raise Http404("没有这条公示信息")
    return found


@login_required
def drafts(request) -> HttpResponse:
    """The publications in reach, those waiting for review first, then by their publishing deadline."""
    if not can(request.user, "publication.view"):
        raise Http404
    state = request.GET.get("state", "")
    qs = publications_in_reach(request.user, "publication.view").select_related("agency")
    if state in PublicationState.values:
        qs = qs.filter(state=state)
    page = page_of(request, qs.order_by("due_at", "pk"))
    return render(request, "publicity/drafts.html", {"page": page, "state": state,
                                                      "states": PublicationState.choices,
                                                      "may_export": can(request.user, "publication.publish"),
                                                      "may_set": can(request.user, "agency.manage")})


def _workspace(request, pub: Publication, form: MarkForm, **extra) -> HttpResponse:
    preview = redaction.apply(pub.text, pub.marks)
    return render_form(request, "publicity/review.html", form, pub=pub, preview=preview,
                       fields=[(k, v, redaction.apply(v, pub.marks) if isinstance(v, str) else v)
                               for k, v in in_standard_order(pub.kind, pub.record)],
                       leftovers=redaction.leftovers(preview), snapshots=pub.snapshots.order_by("version"),
                       can_publish=can(request.user, "publication.publish", pub.agency),
                       publish_form=extra.get("publish_form") or PublishForm(),
                       revocation_form=extra.get("revocation_form") or RevocationForm(),
                       repair_form=extra.get("repair_form") or RepairForm())


@login_required
def review(request, pk: int) -> HttpResponse:
    """The workspace: the 双公示 items and the text beside their redacted preview, each suggestion to accept or
    reject, the reviewer's own marks."""
    pub = access_publication(request.user, pk)
    form = MarkForm(request.POST or None, marks=pub.marks)
    done = submit(request, form, lambda d: actions.mark(actor=request.user, publication=pub,
                                                        decisions=form.decisions(), manual=form.manual_marks()))
    if done is not None:
        messages.success(request, "技术处理已确认，请核对预览后发布")
        return redirect("publicity:review", pk=pub.pk)
    return _workspace(request, pub, form)


def _act(request, pub: Publication, act, done: str) -> HttpResponse:
    try:
        act()
    except RuleViolation as e:
        messages.error(request, str(e))
    else:
        messages.success(request, done)
    return redirect("publicity:review", pk=pub.pk)


@login_required
@require_POST
def publish(request, pk: int) -> HttpResponse:
    return _form_act(request, pk, PublishForm, actions.publish, "已发布", "publish_form")


@login_required
@require_POST
def withdraw(request, pk: int) -> HttpResponse:
    pub = access_publication(request.user, pk)
    return _act(request, pub, lambda: actions.withdraw(actor=request.user, publication=pub), "已撤回，理由已公开")


def _form_act(request, pk: int, form_class, act, done: str, slot: str) -> HttpResponse:
    """A form posted from the workspace to one write function; refused, the workspace with the form's errors."""
    pub = access_publication(request.user, pk)
    form = form_class(request.POST)
    if submit(request, form, lambda d: act(actor=request.user, publication=pub, **d)) is not None:
        messages.success(request, done)
        return redirect("publicity:review", pk=pub.pk)
    refused = _workspace(request, pub, MarkForm(marks=pub.marks), **{slot: form})
    refused.status_code = 422
    return refused


@login_required
@require_POST
def revocation(request, pk: int) -> HttpResponse:
    return _form_act(request, pk, RevocationForm, actions.record_revocation, "已登记，应在期限内撤回",
                     "revocation_form")


@login_required
@require_POST
def repair(request, pk: int) -> HttpResponse:
    return _form_act(request, pk, RepairForm, actions.take_down_repaired, "已信用修复后撤下", "repair_form")
