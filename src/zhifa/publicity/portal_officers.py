"""Officers on the portal (PUB-01, PUB-03): what the public may know of an enforcement officer — name, unit,
credential number, 执法类别, 执法区域, validity and the credential's standing today — and nothing more (no phone,
no 身份证号, no login name, no post, no reason for a suspension).

A credential's live check is reached by a signed token, not by its id: the token is the credential's id with an
HMAC of it under the site's secret key (``django.core.signing``), so the QR code on a printed card keeps working
for as long as the card, and nobody can walk the ids to list every officer's card. A token that does not verify,
or names no credential, is 404 like any missing page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import segno
from django.core import signing
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse

from zhifa.agencies.models import Agency, Credential, CredentialStatus, Officer

_SIGNER = signing.Signer(salt="zhifa.portal.credential", sep=".")


def token_of(credential: Credential) -> str:
    return _SIGNER.sign(str(credential.pk))


def check_url(credential: Credential) -> str:
    """The path of the credential's live check (the QR code holds it as an absolute URL)."""
    return reverse("portal:credential", args=[token_of(credential)])


def _credentials() -> QuerySet[Credential]:
    return Credential.objects.select_related("officer__person", "officer__unit").prefetch_related("domains", "areas")


def credential_of(token: str) -> Credential:
    """The credential a token names; 404 for a forged, altered or stale token."""
    try:
        pk = _SIGNER.unsign(token)
    except signing.BadSignature:
        raise Http404 from None
    try:
        return _credentials().get(pk=int(pk))
    except Credential.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class PublicCredential:
    """One officer's credential as the public reads it: these fields only."""

    name: str
    unit: str
    number: str
    kinds: str  # 执法类别: kinds of action and domains
    areas: str  # 执法区域
    valid_from: dt.date
    valid_to: dt.date
    status: CredentialStatus
    url: str  # the live check

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def valid(self) -> bool:
        return self.status == CredentialStatus.VALID


def public(credential: Credential, on: dt.date) -> PublicCredential:
    """Uses the credential's prefetched domains and areas and its officer's person and unit."""
    kinds = "、".join(credential.kind_labels())
    domains = "、".join(d.name for d in credential.domains.all())
    return PublicCredential(
        name=credential.officer.person.name, unit=credential.officer.unit.name, number=credential.number,
        kinds=f"{kinds}（{domains}）" if domains else kinds, areas="、".join(a.name for a in credential.areas.all()),
        valid_from=credential.valid_from, valid_to=credential.valid_to, status=credential.status_on(on),
        url=check_url(credential))


def officers_of(root: Agency) -> QuerySet[Officer]:
    """The officers on duty in ``root``'s subtree, in unit and name order, with what ``public`` reads."""
    return (Officer.objects.filter(active=True, unit__path__startswith=root.path,
                                   pk__in=Credential.objects.values("officer_id"))
            .select_related("person", "unit")
            .prefetch_related(Prefetch("credentials", queryset=Credential.objects.prefetch_related("domains", "areas")))
            .order_by("unit__path", "person__name", "pk"))


def public_rows(officers, on: dt.date) -> list[PublicCredential]:
    """Each officer's current credential (the one valid on ``on``, else the latest), as the public reads it."""
    rows = []
    for officer in officers:
        credential = officer.current_credential(on)
        if credential is not None:
            credential.officer = officer  # already loaded with its person and unit
            rows.append(public(credential, on))
    return rows


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG (segno: pure Python, drawn here, no outside service)."""
    svg = segno.make(url, error="m").svg_inline(scale=4, dark="#111", title="执法证在线核验二维码")
    return svg.replace("<svg ", '<svg role="img" aria-label="执法证在线核验二维码" ', 1)  # an image, named
