"""Party pages: search, record (the kind first, then its form), the party with its agents and service
addresses, correction, adding an agent, confirming a service address. Thin: parse, call one action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render

from zhifa.agencies.permissions import can, require
from zhifa.core.forms import render_form, submit
from zhifa.core.paging import page_of
from zhifa.parties import actions
from zhifa.parties.access import access_party, addresses_for, agents_for, may_manage, normalise_number, parties_for
from zhifa.parties.forms import AgentForm, PartyFilterForm, PartyForm, ServiceAddressForm
from zhifa.parties.models import PartyKind


@login_required
def party_list(request) -> HttpResponse:
    require(request.user, "party.view")
    filters = PartyFilterForm(request.GET)
    filters.is_valid()
    q = filters.cleaned_data.get("q")
    kind = filters.cleaned_data.get("kind")
    qs = parties_for(request.user)
    if q:
        number = normalise_number(q)
        qs = qs.filter(Q(name__contains=q.strip()) | Q(id_number=number) | Q(rep_id_number=number))
    if kind:
        qs = qs.filter(kind=kind)
    return render(request, "parties/party_list.html", {
        "page": page_of(request, qs.order_by("-created_at", "-pk")), "filters": filters,
        "f": {k: request.GET.get(k, "") for k in filters.fields}, "kinds": PartyKind.choices,
        "can_manage": can(request.user, "party.manage"),
    }, status=422 if filters.errors else 200)


@login_required
def party_create(request) -> HttpResponse:
    require(request.user, "party.manage")
    kind = request.POST.get("kind") if request.method == "POST" else request.GET.get("kind")
    if kind not in PartyKind.values:
        return render(request, "parties/party_kind.html", {"kinds": PartyKind.choices},
                      status=422 if request.method == "POST" else 200)
    agencies = actions.recording_agencies(request.user)
    form = PartyForm(request.POST or None, kind=kind, agencies=agencies)
    done = submit(request, form, lambda d: actions.record_party(
        actor=request.user, kind=kind, agency=d.get("agency"), **form.values()))
    if done is not None:
        if done.created:
            messages.success(request, "已登记当事人")
        else:
            messages.info(request, "该当事人此前已登记（按证件号码找到），未重复登记；如有变化请在本页更正")
        return redirect(done.party)
    return render_form(request, "parties/party_form.html", form, kind=kind, kind_label=PartyKind(kind).label)


@login_required
def party_detail(request, pk: int) -> HttpResponse:
    party = access_party(request.user, pk)
    manage = may_manage(request.user, party)
    return render(request, "parties/party_detail.html", {
        "party": party, "full": manage, "can_manage": manage,
        "agents": list(agents_for(request.user, party)[:100]),
        "addresses": list(addresses_for(request.user, party)[:100]),
    })


def _initial(party) -> dict:
    uscc = party.id_number if party.id_kind == "uscc" else ""
    return {f: getattr(party, f) for f in actions.EDITABLE} | {"uscc": uscc}


@login_required
def party_edit(request, pk: int) -> HttpResponse:
    party = access_party(request.user, pk, "party.manage")
    form = PartyForm(request.POST or None, kind=party.kind, initial=_initial(party))
    done = submit(request, form, lambda d: actions.update_party(actor=request.user, party=party, **form.values()))
    if done is not None:
        messages.success(request, "已更正当事人信息")
        return redirect(done)
    return render_form(request, "parties/party_form.html", form, party=party, kind=party.kind,
                       kind_label=party.get_kind_display())


@login_required
def agent_create(request, pk: int) -> HttpResponse:
    party = access_party(request.user, pk, "party.manage")
    form = AgentForm(request.POST or None)
    done = submit(request, form, lambda d: actions.add_agent(actor=request.user, party=party, **d))
    if done is not None:
        messages.success(request, "已登记委托代理人")
        return redirect(party)
    return render_form(request, "parties/agent_form.html", form, party=party)


@login_required
def address_create(request, pk: int) -> HttpResponse:
    party = access_party(request.user, pk, "party.manage")
    form = ServiceAddressForm(request.POST or None, initial={"address": party.address, "phone": party.phone,
                                                             "recipient": party.name})
    done = submit(request, form, lambda d: actions.confirm_service_address(actor=request.user, party=party, **d))
    if done is not None:
        messages.success(request, "已登记送达地址确认")
        return redirect(party)
    return render_form(request, "parties/address_form.html", form, party=party)
