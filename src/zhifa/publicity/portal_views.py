"""The portal's pages before action (PUB-01, PUB-02): its home, each 执法主体 as its published lists show it, the
five lists in force with their versions, the service guides and the four texts. No sign-in; they read
published list versions only, never a draft, and of the agency tree only what its published lists do not hold
(which agencies have published, and the supervising 司法局 to report to)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.catalog import present
from zhifa.catalog.access import public_version
from zhifa.catalog.documents import DOCUMENT_SAMPLES
from zhifa.catalog.evaluate import content_of, version_in_force
from zhifa.catalog.flowchart import steps
from zhifa.catalog.models import ListKind, ListVersion
from zhifa.catalog.processes import PROCESSES
from zhifa.catalog.text_views import guide_context, sample_context


def published_agencies() -> QuerySet[Agency]:
    """The 执法主体 that have published a list: the portal's agencies."""
    return Agency.objects.filter(Exists(ListVersion.objects.filter(list__agency=OuterRef("pk")))).order_by("path")


def agency_or_404(pk: int) -> Agency:
    return get_object_or_404(published_agencies(), pk=pk)


HOME_KEY = "portal:home"
HOME_SECONDS = 60


def home(request):
    """The portal's busiest page. For the public (not signed in) it is the same for everyone, so it is rendered
    at most once a minute and served from the cache in between: a newly published list shows within a minute."""
    if request.user.is_authenticated:
        return _home(request)
    html = cache.get(HOME_KEY)
    if html is None:
        html = _home(request).content
        cache.set(HOME_KEY, html, HOME_SECONDS)
    return HttpResponse(html)


def _home(request):
    agencies = list(published_agencies().only("pk", "name"))
    supervisors = Agency.objects.exclude(supervises=None).select_related("supervises").order_by("path")
    return render(request, "portal/home.html", {
        "agencies": agencies, "supervisors": supervisors, "kinds": ListKind.choices})


def agencies(request):
    return render(request, "portal/agencies.html", {"agencies": published_agencies()})


def _supervisor(agency: Agency) -> Agency | None:
    """The 司法局 supervising the nearest region above the agency: where a violation of its officers is reported."""
    ids = [int(p) for p in agency.path.strip("/").split("/") if p]
    return Agency.objects.filter(supervises_id__in=ids).order_by("-supervises__path").first()


def _distinct(values) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def _legal_bases(contents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every article the lists in force cite, once each, in citation order."""
    found: dict[int, dict[str, Any]] = {}
    for content in contents:
        for entry in content["entries"]:
            for ref in entry.get("basis") or []:
                found.setdefault(ref["id"], ref)
            for level in entry.get("discretion") or []:
                for ref in level.get("basis") or []:
                    found.setdefault(ref["id"], ref)
    return sorted(found.values(), key=lambda r: r["cite"])


def agency_context(agency: Agency, today: dt.date) -> dict[str, Any]:
    """What the agency's page shows, from its lists in force (the agency itself from its 执法主体清单)."""
    in_force = {kind: version_in_force(agency, kind, today) for kind in ListKind.values}
    contents = {kind: content_of(v) for kind, v in in_force.items() if v is not None}
    subjects = contents.get(ListKind.SUBJECTS, {}).get("entries", [])
    own = next((e for e in subjects if e["key"] == str(agency.pk)), None)
    items = contents.get(ListKind.ITEMS, {}).get("entries", [])
    return {
        "agency": agency, "today": today, "subject": own,
        "units": [e for e in subjects if e is not own],
        "lists": [(kind, label, in_force[kind]) for kind, label in ListKind.choices],
        "items": items,
        "report_phones": _distinct(e.get("supervision_phone") for e in items),
        "remedies": _distinct(e.get("remedy") for e in items),
        "supervisor": _supervisor(agency),
        "legal_bases": _legal_bases(list(contents.values())),
    }


def agency(request, agency_pk: int):
    return render(request, "portal/agency.html", agency_context(agency_or_404(agency_pk), timezone.localdate()))


def agency_list(request, agency_pk: int, kind: str, number: int | None = None):
    """A list in force, or one of its versions, with the list's version history (PUB-02)."""
    agency = agency_or_404(agency_pk)
    if kind not in ListKind.values:
        raise Http404
    today = timezone.localdate()
    in_force = version_in_force(agency, kind, today)
    version = public_version(agency.pk, kind, number) if number is not None else in_force
    history = list(ListVersion.objects.filter(list__agency=agency, list__kind=kind).defer("content")
                   .order_by("-number"))
    links = None
    if kind == ListKind.ITEMS and version is not None and version == in_force:
        links = {e["key"]: reverse("portal:guide", args=[agency.pk, e["key"]]) for e in content_of(version)["entries"]}
    return render(request, "portal/list.html", {
        "agency": agency, "kind": kind, "kind_label": ListKind(kind).label, "version": version,
        "in_force": in_force, "history": history, "today": today,
        "table": present.table(kind, content_of(version)["entries"], links) if version else None})


def guide(request, agency_pk: int, code: str):
    agency = agency_or_404(agency_pk)
    version = version_in_force(agency, ListKind.ITEMS, timezone.localdate())
    entry = next((e for e in content_of(version)["entries"] if e["key"] == code), None) if version else None
    if entry is None:
        raise Http404
    return render(request, "portal/guide.html", guide_context(agency, entry, version=version))


def texts(request):
    """The 四类文本: flow charts and document samples (the system's own definitions), service guides by agency."""
    return render(request, "portal/texts.html", {
        "processes": [(p, steps(p)) for p in PROCESSES.values()], "samples": DOCUMENT_SAMPLES,
        "agencies": published_agencies().filter(
            Exists(ListVersion.objects.filter(list__agency=OuterRef("pk"), list__kind=ListKind.ITEMS)))})


def document_sample(request, code: str):
    return render(request, "portal/document_sample.html", sample_context(code))
