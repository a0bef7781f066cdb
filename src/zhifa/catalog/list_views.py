"""Pages for an agency's lists: the draft and its editing, submission and publication, version history and
differences, and the discretion standards of the penalty items. Thin: parse, call one action, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.agencies.permissions import can
from zhifa.catalog import actions, present, snapshot
from zhifa.catalog.access import (
    access_entry,
    access_level,
    access_list_agency,
    access_version,
    agencies_with_lists,
    list_of,
)
from zhifa.catalog.evaluate import version_in_force
from zhifa.catalog.forms import (
    AVForm,
    ItemForm,
    LevelForm,
    PublishForm,
    RandomForm,
    ReturnForm,
    ReviewForm,
    ReviewSettingForm,
)
from zhifa.catalog.models import (
    List,
    ListKind,
    ListStatus,
    ListVersion,
)
from zhifa.core.errors import RuleViolation
from zhifa.core.forms import render_form, submit

SHOWN_ENTRIES = 300


def _kind(kind: str) -> str:
    if kind not in ListKind.values:
        raise Http404
    return kind


def _violation(request, error: RuleViolation) -> None:
    messages.error(request, str(error))


@login_required
def index(request):
    """Every 执法主体 in reach with the state of each of its five lists."""
    agencies = list(agencies_with_lists(request.user)[:500])
    lists = {(lst.agency_id, lst.kind): lst for lst in List.objects.filter(agency__in=agencies)}
    today = timezone.localdate()
    versions: dict[int, list[ListVersion]] = {}
    for v in ListVersion.objects.filter(list__in=lists.values()).only("list_id", "number", "effective_from") \
            .order_by("list_id", "-number"):
        versions.setdefault(v.list_id, []).append(v)
    rows = []
    for agency in agencies:
        cells = []
        for kind, label in ListKind.choices:
            lst = lists.get((agency.pk, kind))
            mine = versions.get(lst.pk, []) if lst else []
            in_force = next((v for v in sorted(mine, key=lambda v: (v.effective_from, v.number), reverse=True)
                             if v.effective_from <= today), None)
            cells.append({"kind": kind, "label": label, "list": lst, "latest": mine[0] if mine else None,
                          "in_force": in_force,
                          "url": reverse("catalog:list", args=[agency.pk, kind])})
        rows.append((agency, cells))
    return render(request, "catalog/index.html", {
        "rows": rows, "kinds": ListKind.choices, "can_manage": can(request.user, "catalog.manage")})


def _links(agency, kind: str, lst: List) -> dict[str, str]:
    if lst.pk is None or kind == ListKind.SUBJECTS:
        return {}
    model = actions.ENTRY_MODELS[kind]
    pks = model.objects.filter(list=lst).values_list("code", "pk")
    if kind == ListKind.ITEMS:
        return {code: reverse("catalog:item", args=[agency.pk, pk]) for code, pk in pks}
    return {code: reverse("catalog:entry_edit", args=[agency.pk, kind, pk]) for code, pk in pks}


def _draft(lst: List) -> dict[str, Any]:
    if lst.pk is None and lst.kind != ListKind.SUBJECTS:
        return {"schema": snapshot.SCHEMA, "kind": lst.kind, "settings": snapshot.list_settings(lst), "entries": []}
    return snapshot.draft_content(lst)


@login_required
def list_detail(request, agency_pk: int, kind: str):
    agency = access_list_agency(request.user, agency_pk)
    kind = _kind(kind)
    lst = list_of(agency, kind)
    content = _draft(lst)
    today = timezone.localdate()
    latest = actions.latest_version(lst)
    in_force = version_in_force(agency, kind, today)
    changes = snapshot.diff(latest.data if latest else None, content)
    can_manage = can(request.user, "catalog.manage", agency)
    can_publish = can(request.user, "catalog.publish", agency)
    entries = content["entries"]
    return render(request, "catalog/list.html", {
        "agency": agency, "kind": kind, "kind_label": ListKind(kind).label, "list": lst,
        "table": present.table(kind, entries[:SHOWN_ENTRIES], _links(agency, kind, lst) if can_manage else None),
        "total": len(entries), "shown": min(len(entries), SHOWN_ENTRIES),
        "latest": latest, "in_force": in_force, "changes": changes,
        "problems": actions.draft_problems(lst, content, today) if lst.pk or kind == ListKind.SUBJECTS else [],
        "can_manage": can_manage, "can_publish": can_publish,
        "is_submitted": lst.status == ListStatus.SUBMITTED,
        # submit_list's own test (PUB-02): a draft word for word the latest version has nothing to submit.
        "unchanged": latest is not None and latest.digest == snapshot.encode(content)[1],
        "publisher_is_editor": not actions.may_publish_as_second_person(lst, request.user),
        "return_form": ReturnForm(),
        "setting_form": ReviewSettingForm(initial={"review_all_non_simple": lst.review_all_non_simple})
        if kind == ListKind.REVIEW else None,
        "has_import": kind != ListKind.SUBJECTS,
    })


# ---------------------------------------------------------------- entries


def _entry_form(kind: str, agency, data=None, initial=None):
    if kind == ListKind.ITEMS:
        return ItemForm(data, initial=initial, agency=agency)
    if kind == ListKind.RANDOM:
        return RandomForm(data, initial=initial, agency=agency, items=snapshot.item_names(agency))
    if kind == ListKind.AV:
        return AVForm(data, initial=initial, items=snapshot.item_names(agency))
    if kind == ListKind.REVIEW:
        return ReviewForm(data, initial=initial)
    raise Http404


FORM_FIELDS: dict[str, list[str]] = {
    ListKind.ITEMS: ["code", "name", "action_kind", "domain", "handling_unit", "conditions", "materials", "process",
                     "time_limit", "fees", "supervision_phone", "accountability", "remedy", "office_hours",
                     "address", "phone", "guide_notes"],
    ListKind.RANDOM: ["code", "name", "item_code", "subject_unit", "objects_text", "content", "ratio", "method",
                      "frequency"],
    ListKind.AV: ["code", "stages", "full_process", "note"],
    ListKind.REVIEW: ["code", "name", "action_kinds", "domains", "min_fine", "min_confiscated", "inclusive",
                      "measures", "after_hearing", "several_legal_relations", "public_interest", "major_rights",
                      "manual", "note"],
}


@login_required
def entry_edit(request, agency_pk: int, kind: str, pk: int | None = None):
    agency = access_list_agency(request.user, agency_pk, "catalog.manage")
    kind = _kind(kind)
    entry = access_entry(request.user, agency, kind, pk) if pk is not None else None
    initial = None
    if entry is not None:
        initial = {f: getattr(entry, f) for f in FORM_FIELDS[kind]} | {"articles": list(entry.articles.all())}
    form = _entry_form(kind, agency, request.POST or None, initial)
    saved = submit(request, form, lambda data: actions.save_entry(actor=request.user, agency=agency, kind=kind,
                                                                   entry=entry, **data))
    back = reverse("catalog:list", args=[agency.pk, kind])
    if saved is not None:
        messages.success(request, f"已保存“{saved.code}”；草稿需提交审核并由他人发布后才对外生效")
        if kind == ListKind.ITEMS and entry is None:
            return redirect("catalog:item", agency.pk, saved.pk)
        return redirect(back)
    title = f"{'修改' if entry else '新增'}：{ListKind(kind).label}"
    return render_form(request, "catalog/entry_form.html", form, title=title, cancel=back, agency=agency,
                       entry=entry, kind=kind,
                       delete_url=reverse("catalog:entry_delete", args=[agency.pk, kind, entry.pk]) if entry else "")


@login_required
@require_POST
def entry_delete(request, agency_pk: int, kind: str, pk: int):
    agency = access_list_agency(request.user, agency_pk, "catalog.manage")
    entry = access_entry(request.user, agency, _kind(kind), pk)
    try:
        actions.delete_entry(actor=request.user, entry=entry)
    except RuleViolation as e:
        _violation(request, e)
    else:
        messages.success(request, f"已从草稿中删除“{entry.code}”")
    return redirect("catalog:list", agency.pk, kind)


@login_required
@require_POST
def review_setting(request, agency_pk: int):
    agency = access_list_agency(request.user, agency_pk, "catalog.manage")
    form = ReviewSettingForm(request.POST)
    form.is_valid()
    actions.set_review_all_non_simple(actor=request.user, agency=agency,
                                      value=form.cleaned_data.get("review_all_non_simple", False))
    messages.success(request, "已保存设置；发布后生效")
    return redirect("catalog:list", agency.pk, ListKind.REVIEW)


# ---------------------------------------------------------------- items and their discretion standards


@login_required
def item_detail(request, agency_pk: int, pk: int):
    agency = access_list_agency(request.user, agency_pk)
    item = access_entry(request.user, agency, ListKind.ITEMS, pk, "catalog.view")
    entry = snapshot.item_entry(snapshot.items_of(item.list).get(pk=item.pk))
    levels = list(item.discretion.all())
    return render(request, "catalog/item.html", {
        "agency": agency, "item": item, "entry": entry,
        "details": present.table(ListKind.ITEMS, [entry])["rows"][0]["details"],
        "levels": list(zip(levels, entry["discretion"], strict=True)),
        "is_penalty": item.action_kind == "chufa",
        "can_manage": can(request.user, "catalog.manage", agency)})


@login_required
def level_edit(request, agency_pk: int, item_pk: int, pk: int | None = None):
    agency = access_list_agency(request.user, agency_pk, "catalog.manage")
    item = access_entry(request.user, agency, ListKind.ITEMS, item_pk)
    row = access_level(request.user, agency, pk) if pk is not None else None
    if row is not None and row.item_id != item.pk:
        raise Http404
    initial = None
    if row is not None:
        initial = {f: getattr(row, f) for f in ("level", "conditions_text", "unit", "low", "high",
                                                "other_penalties", "note")} | {"articles": list(row.articles.all())}
    else:
        initial = {"articles": list(item.articles.all())}
    form = LevelForm(request.POST or None, initial=initial)
    saved = submit(request, form, lambda data: actions.save_discretion_level(actor=request.user, item=item, row=row,
                                                                              **data))
    back = reverse("catalog:item", args=[agency.pk, item.pk])
    if saved is not None:
        messages.success(request, f"已保存“{saved.get_level_display()}”")
        return redirect(back)
    return render_form(request, "catalog/entry_form.html", form, title=f"裁量基准：{item.name}", cancel=back,
                       agency=agency, kind=ListKind.ITEMS,
                       delete_url=reverse("catalog:level_delete", args=[agency.pk, item.pk, row.pk]) if row else "")


@login_required
@require_POST
def level_delete(request, agency_pk: int, item_pk: int, pk: int):
    agency = access_list_agency(request.user, agency_pk, "catalog.manage")
    row = access_level(request.user, agency, pk)
    actions.delete_discretion_level(actor=request.user, row=row)
    messages.success(request, "已删除该情节")
    return redirect("catalog:item", agency.pk, item_pk)


# ---------------------------------------------------------------- submit, return, publish


@login_required
@require_POST
def list_submit(request, agency_pk: int, kind: str):
    agency = access_list_agency(request.user, agency_pk, "catalog.manage")
    try:
        actions.submit_list(actor=request.user, agency=agency, kind=_kind(kind))
    except RuleViolation as e:
        _violation(request, e)
    else:
        messages.success(request, "已提交审核：须由另一位有发布权限的人员审核发布")
    return redirect("catalog:list", agency.pk, kind)


@login_required
@require_POST
def list_return(request, agency_pk: int, kind: str):
    agency = access_list_agency(request.user, agency_pk, "catalog.publish")
    form = ReturnForm(request.POST)
    form.is_valid()
    try:
        actions.return_list(actor=request.user, agency=agency, kind=_kind(kind),
                            reason=form.cleaned_data.get("reason", ""))
    except RuleViolation as e:
        _violation(request, e)
    else:
        messages.success(request, "已退回修改")
    return redirect("catalog:list", agency.pk, kind)


@login_required
def list_publish(request, agency_pk: int, kind: str):
    agency = access_list_agency(request.user, agency_pk, "catalog.publish")
    kind = _kind(kind)
    lst = list_of(agency, kind)
    back = reverse("catalog:list", args=[agency.pk, kind])
    if lst.status != ListStatus.SUBMITTED:  # never submitted, or returned: nothing awaits publication
        return render(request, "catalog/publish.html", {
            "agency": agency, "kind": kind, "kind_label": ListKind(kind).label, "cancel": back,
            "not_submitted": True}, status=409)
    content = _draft(lst)
    latest = actions.latest_version(lst)
    form = PublishForm(request.POST or None, initial={"effective_from": timezone.localdate()})
    version = submit(request, form, lambda data: actions.publish_list(actor=request.user, agency=agency, kind=kind,
                                                                       **data))
    if version is not None:
        messages.success(request, f"已发布第{version.number}版，自{version.effective_from}起生效")
        return redirect("catalog:version", version.pk)
    return render_form(request, "catalog/publish.html", form, agency=agency, kind=kind,
                       kind_label=ListKind(kind).label, list=lst, latest=latest,
                       changes=snapshot.diff(latest.data if latest else None, content), cancel=back)


# ---------------------------------------------------------------- versions and differences


@login_required
def version_list(request, agency_pk: int, kind: str):
    agency = access_list_agency(request.user, agency_pk)
    kind = _kind(kind)
    versions = list(ListVersion.objects.filter(list__agency=agency, list__kind=kind).defer("content")
                    .order_by("-number"))
    in_force = version_in_force(agency, kind, timezone.localdate())
    return render(request, "catalog/versions.html", {
        "agency": agency, "kind": kind, "kind_label": ListKind(kind).label, "versions": versions,
        "in_force": in_force, "today": timezone.localdate()})


@login_required
def version_detail(request, pk: int):
    version = access_version(request.user, pk)
    agency, kind = version.list.agency, version.list.kind
    previous = ListVersion.objects.filter(list=version.list, number=version.number - 1).first()
    return render(request, "catalog/version.html", {
        "version": version, "agency": agency, "kind": kind, "kind_label": ListKind(kind).label,
        "table": present.table(kind, version.data["entries"]), "settings": version.data.get("settings", {}),
        "previous": previous,
        "changes": snapshot.diff(previous.data if previous else None, version.data)})


@login_required
def version_diff(request, agency_pk: int, kind: str):
    """Two versions side by side, entry by entry: ?from=1&to=2 (to=draft: the current draft)."""
    agency = access_list_agency(request.user, agency_pk)
    kind = _kind(kind)
    versions = {v.number: v for v in ListVersion.objects.filter(list__agency=agency, list__kind=kind)}
    if not versions:
        raise Http404

    def pick(name: str, default: str) -> tuple[str, dict | None]:
        value = request.GET.get(name, default)
        if value == "draft":
            return "草稿", _draft(list_of(agency, kind))
        if value == "none":
            return "（无）", None
        try:
            v = versions[int(value)]
        except (KeyError, ValueError):
            raise Http404 from None
        return f"第{v.number}版", v.data

    newest = max(versions)
    old_label, old = pick("from", str(newest - 1) if newest > 1 else "none")
    new_label, new = pick("to", str(newest))
    if new is None:
        raise Http404
    return render(request, "catalog/diff.html", {
        "agency": agency, "kind": kind, "kind_label": ListKind(kind).label, "old_label": old_label,
        "new_label": new_label, "changes": snapshot.diff(old, new), "versions": sorted(versions, reverse=True),
        "from_value": request.GET.get("from", ""), "to_value": request.GET.get("to", "")})
