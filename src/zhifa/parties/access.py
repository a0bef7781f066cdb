"""Reads of parties with scope: a party outside the user's reach is 404, exactly like a missing one.

An agency reaches the parties it recorded or met (``PartyAgency``) and those another app links to its work:
``SCOPES`` holds, per app, a function from a queryset of agencies to a queryset of party ids (cases registers
``lambda inside: CaseParty.objects.filter(case__agency__in=inside).values("party_id")`` in its ``ready()``).
Every source is a subquery, never a join, so no DISTINCT and one page from an index.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from zhifa.agencies.models import Agency
from zhifa.agencies.permissions import reach
from zhifa.parties.models import Agent, IdKind, Party, PartyAgency, PartyKind, ServiceAddress

if TYPE_CHECKING:
    from zhifa.agencies.permissions import AnyUser

SCOPES: list[Callable[[QuerySet[Agency]], QuerySet]] = []


def register_scope(source: Callable[[QuerySet[Agency]], QuerySet]) -> None:
    """Let parties linked to an agency's work elsewhere (its cases) be read by that agency."""
    if source not in SCOPES:
        SCOPES.append(source)


def _inside(user: AnyUser, action: str) -> QuerySet[Agency] | None:
    """The agencies the user reaches for ``action``; None for everything."""
    everything, roots = reach(user, action)
    return None if everything else Agency.objects.within(roots)


def parties_for(user: AnyUser, action: str = "party.view") -> QuerySet[Party]:
    inside = _inside(user, action)
    qs = Party.objects.all()
    if inside is None:
        return qs
    q = Q(pk__in=PartyAgency.objects.filter(agency__in=inside).values("party_id"))
    for source in SCOPES:
        q |= Q(pk__in=source(inside))
    return qs.filter(q)


def access_party(user: AnyUser, pk: object, action: str = "party.view") -> Party:
    try:
        return parties_for(user, action).get(pk=pk)  # type: ignore[misc]
    except (Party.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def may_manage(user: AnyUser, party: Party) -> bool:
    """May the user change this party and read its full numbers?"""
    return parties_for(user, "party.manage").filter(pk=party.pk).exists()


def identity(kind: str, id_kind: str, number: str) -> Q:
    """The rows a party of ``kind`` identified by (``id_kind``, ``number``) would collide with: the namespaces
    of the two unique constraints."""
    q = Q(id_kind=id_kind, id_number=number)
    if kind == PartyKind.INDIVIDUAL and id_kind != IdKind.USCC:
        return q & Q(kind=PartyKind.INDIVIDUAL)
    return q & (~Q(kind=PartyKind.INDIVIDUAL) | Q(id_kind=IdKind.USCC))


def find_party(user: AnyUser, id_kind: str, number: str, *, kind: str = PartyKind.PERSON) -> Party | None:
    """The party in the user's reach with this number (a person, or an organisation by its code; an individual
    business by its operator's document when ``kind`` says so), or None. A party recorded only by other
    agencies is not found here: ``actions.record_party`` links it when the name typed matches."""
    number = normalise_number(number)
    if not id_kind or not number:
        return None
    return parties_for(user).filter(identity(kind, id_kind, number)).first()


def normalise_number(number: str) -> str:
    return "".join((number or "").split()).upper()


def agents_for(user: AnyUser, party: Party) -> QuerySet[Agent]:
    inside = _inside(user, "party.view")
    qs = party.agent_set.select_related("authorisation", "created_by__person")
    return qs if inside is None else qs.filter(agency__in=inside)


def addresses_for(user: AnyUser, party: Party) -> QuerySet[ServiceAddress]:
    inside = _inside(user, "party.view")
    qs = party.service_addresses.select_related("consent_evidence", "subject_type", "created_by__person")
    return qs if inside is None else qs.filter(agency__in=inside)
