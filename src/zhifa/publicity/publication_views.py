"""The portal's publications (no login): the search and a page per publication, both reading snapshots only."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from zhifa.core.errors import RuleViolation
from zhifa.core.forms import add_violation
from zhifa.core.paging import page_of
from zhifa.publicity import search as index
from zhifa.publicity.forms import SearchForm
from zhifa.publicity.models import PUBLIC_STATES, CorrectionRequest, PublicationState, PublishedSnapshot

PAGE_SIZE = 20


def search(request: HttpRequest) -> HttpResponse:
    """By party name (two characters suffice, one is refused beside the field), USCC, decision number, agency,
    kind and decision dates."""
    form = SearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        agency = d.get("agency")
        try:
            found = index.find(text=d.get("q") or "", agency_id=agency.pk if agency else None,
                               kind=d.get("kind") or "", since=d.get("since"), until=d.get("until"))
        except RuleViolation as e:
            add_violation(form, e)
        else:
            page = page_of(request, found.only("pk", "party_name", "decision_number", "agency_name", "kind",
                                               "decided_on", "state"), PAGE_SIZE)
    elif not form.is_bound:
        page = page_of(request, index.public().order_by("-decided_on", "-pk"), PAGE_SIZE)
    return render(request, "portal/search.html", {"form": form, "page": page},
                  status=422 if form.errors else 200)


def publication(request: HttpRequest, pk: int) -> HttpResponse:
    """One snapshot as it was published (a withdrawn one: its withdrawal and reason only)."""
    snap = PublishedSnapshot.objects.filter(pk=pk, state__in=PUBLIC_STATES).first()
    if snap is None:
        raise Http404("没有这条公示信息，或已过公示期撤下")
    newer = None if snap.current else (PublishedSnapshot.objects.filter(publication_id=snap.publication_id,
                                                                        current=True).first())
    # a later version is a correction (PUB-07) or the agency's own update (a licence's number or its 当前状态)
    corrected = newer is not None and CorrectionRequest.objects.filter(
        corrected__publication_id=snap.publication_id, corrected__version__gt=snap.version).exists()
    return render(request, "portal/publication.html", {
        "snap": snap, "withdrawn": snap.state == PublicationState.WITHDRAWN, "newer": newer,
        "corrected": corrected})
