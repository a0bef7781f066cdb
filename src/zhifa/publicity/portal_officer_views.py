"""The portal's officer pages (PUB-01, PUB-03): an agency's officers, a unit's printable 岗位信息公示牌, and each
credential's live check and printable card with its QR code. Only the fields of ``portal_officers.public``."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.catalog.evaluate import content_of, version_in_force
from zhifa.catalog.models import ListKind
from zhifa.core.paging import page_of
from zhifa.publicity.portal_officers import credential_of, officers_of, public, public_rows, qr_svg
from zhifa.publicity.portal_views import agency_or_404, published_agencies

BOARD_OFFICERS = 60  # a service window's board, not a directory: the officers page lists everyone


def officers(request, agency_pk: int):
    agency = agency_or_404(agency_pk)
    today = timezone.localdate()
    page = page_of(request, officers_of(agency))
    return render(request, "portal/officers.html", {
        "agency": agency, "page": page, "rows": public_rows(page.rows, today), "today": today})


def _published_unit(unit_pk: int) -> tuple[Agency, Agency]:
    """A node of a published agency (the agency itself or one of its internal units), and that agency."""
    unit = Agency.objects.filter(pk=unit_pk, level__is_region=False).select_related("level").first()
    if unit is None:
        raise Http404
    agency = unit.enclosing_agency()
    if not published_agencies().filter(pk=agency.pk).exists():
        raise Http404
    return unit, agency


def board(request, unit_pk: int):
    """The 岗位信息公示牌 of a unit's service window: who works there with a valid credential, what it handles,
    and where to complain — printable on A4 (PUB-03)."""
    unit, agency = _published_unit(unit_pk)
    today = timezone.localdate()
    # who may act at the window today: an expired, suspended or revoked credential stays on the officers page
    rows = [r for r in public_rows(officers_of(unit)[:BOARD_OFFICERS], today) if r.valid]
    version = version_in_force(agency, ListKind.ITEMS, today)
    items = [e for e in content_of(version)["entries"] if e.get("handling_unit") == unit.name] if version else []
    phones = list(dict.fromkeys(e["supervision_phone"] for e in items if e.get("supervision_phone")))
    hours = list(dict.fromkeys(e["office_hours"] for e in items if e.get("office_hours")))
    return render(request, "portal/board.html", {
        "unit": unit, "agency": agency, "rows": [(row, qr_svg(request.build_absolute_uri(row.url))) for row in rows],
        "items": items, "phones": phones, "hours": hours, "today": today})


def credential(request, token: str):
    """The live check a credential's QR code opens: valid, suspended, expired or revoked, today."""
    found = credential_of(token)
    today = timezone.localdate()
    return render(request, "portal/credential.html", {"c": public(found, today), "today": today,
                                                      "token": token, "agency": _shown_agency(found)})


def card(request, token: str):
    """The credential's printable card: the public fields and the QR code of its live check (PUB-03)."""
    found = credential_of(token)
    today = timezone.localdate()
    row = public(found, today)
    return render(request, "portal/card.html", {"c": row, "today": today, "token": token,
                                                "qr": qr_svg(request.build_absolute_uri(row.url))})


def _shown_agency(credential) -> Agency | None:
    agency = credential.officer.unit.enclosing_agency()
    return agency if published_agencies().filter(pk=agency.pk).exists() else None
