"""The public pages: the lists as published and in force, their version history, the service guides and the
flow charts. No sign-in; they read published versions only, never a draft (PUB-01, PUB-02)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.catalog import present
from zhifa.catalog.access import public_version
from zhifa.catalog.evaluate import content_of, version_in_force
from zhifa.catalog.models import ListKind, ListVersion
from zhifa.catalog.text_views import guide_context


def _published_agencies():
    return Agency.objects.filter(Exists(ListVersion.objects.filter(list__agency=OuterRef("pk")))).order_by("path")


def public_index(request):
    return render(request, "catalog/public_index.html", {"agencies": _published_agencies()})


def _agency(pk: int) -> Agency:
    return get_object_or_404(_published_agencies(), pk=pk)


def public_agency(request, agency_pk: int):
    agency = _agency(agency_pk)
    today = timezone.localdate()
    lists = [(kind, label, version_in_force(agency, kind, today)) for kind, label in ListKind.choices]
    return render(request, "catalog/public_agency.html", {"agency": agency, "lists": lists, "today": today})


def public_list(request, agency_pk: int, kind: str, number: int | None = None):
    agency = _agency(agency_pk)
    if kind not in ListKind.values:
        raise Http404
    today = timezone.localdate()
    in_force = version_in_force(agency, kind, today)
    version = public_version(agency.pk, kind, number) if number is not None else in_force
    history = list(ListVersion.objects.filter(list__agency=agency, list__kind=kind).defer("content")
                   .order_by("-number"))
    links = None
    if kind == ListKind.ITEMS and version is not None and version == in_force:
        from django.urls import reverse

        links = {e["key"]: reverse("catalog:public_guide", args=[agency.pk, e["key"]])
                 for e in content_of(version)["entries"]}
    return render(request, "catalog/public_list.html", {
        "agency": agency, "kind": kind, "kind_label": ListKind(kind).label, "version": version,
        "in_force": in_force, "history": history, "today": today,
        "table": present.table(kind, content_of(version)["entries"], links) if version else None})


def public_guide(request, agency_pk: int, code: str):
    agency = _agency(agency_pk)
    version = version_in_force(agency, ListKind.ITEMS, timezone.localdate())
    entry = next((e for e in content_of(version)["entries"] if e["key"] == code), None) if version else None
    if entry is None:
        raise Http404
    return render(request, "catalog/guide.html", guide_context(agency, entry, version=version))
