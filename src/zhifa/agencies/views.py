"""Pages for agencies, officers, credentials, role grants and reviewers. Thin: parse, call one action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from zhifa.agencies import actions
from zhifa.agencies.access import (
    access_agency,
    access_credential,
    access_officer,
    agencies_for,
    officers_for,
    reviewers_for,
)
from zhifa.agencies.forms import (
    AccountForm,
    AgencyForm,
    CredentialForm,
    CredentialStateForm,
    OfficerFilterForm,
    OfficerForm,
    ReviewerForm,
    RoleGrantForm,
    SupervisionForm,
)
from zhifa.agencies.models import Credential, CredentialStatus, Officer, RoleGrant
from zhifa.agencies.permissions import can, reach, require
from zhifa.agencies.staffing import staffing_for
from zhifa.core.errors import RuleViolation
from zhifa.core.forms import render_form, submit
from zhifa.core.paging import page_of
from zhifa.ledger.keys import current_key

# ---------------------------------------------------------------- agencies


@login_required
def agency_list(request):
    require(request.user, "agency.view")
    agencies = list(agencies_for(request.user).order_by("path"))
    depth0 = min((a.depth for a in agencies), default=0)
    for a in agencies:
        a.indent = min(a.depth - depth0, 9)  # zhifa.css indents nine steps at most
    return render(request, "agencies/agency_list.html", {
        "agencies": agencies, "can_manage": can(request.user, "agency.manage")})


@login_required
def agency_detail(request, pk: int):
    agency = access_agency(request.user, pk)
    today = timezone.localdate()
    staffing = staffing_for([agency], today).get(agency.pk) if agency.level.is_agency else None
    grants = RoleGrant.objects.filter(agency=agency).select_related("user", "user__person")
    can_roles = can(request.user, "role.manage", agency)
    return render(request, "agencies/agency_detail.html", {
        "agency": agency,
        "ancestors": agency.ancestors()[:-1],
        "children": agencies_for(request.user).filter(parent=agency),
        "domains": agency.domains.all(),
        "staffing": staffing,
        "grants": grants,
        "can_manage": can(request.user, "agency.manage", agency),
        "can_supervision": agency.level.is_agency and can(request.user, "agency.set_supervision", agency),
        "can_roles": can_roles,
        "grant_form": RoleGrantForm() if can_roles else None,
        "signing_key": current_key(agency.pk) if agency.level.is_agency else None,
    })


@login_required
def agency_create(request):
    if request.GET.get("parent"):
        parent = access_agency(request.user, request.GET.get("parent"), "agency.manage")
    else:
        parent = None
        if not reach(request.user, "agency.manage")[0]:  # only who reaches the whole tree adds a top-level node
            raise PermissionDenied("无权新增顶级机构")
    form = AgencyForm(request.POST or None)
    agency = submit(request, form, lambda data: actions.create_agency(actor=request.user, parent=parent, **data))
    if agency is not None:
        messages.success(request, f"已新增机构“{agency.name}”")
        return redirect("agency_detail", agency.pk)
    return render_form(request, "agencies/agency_form.html", form, parent=parent)


@login_required
def agency_edit(request, pk: int):
    agency = access_agency(request.user, pk, "agency.manage")
    initial = {f: getattr(agency, f) for f in actions.AGENCY_FIELDS}
    initial["domains"] = list(agency.domains.all())
    form = AgencyForm(request.POST or None, initial=initial, agency=agency)
    if submit(request, form, lambda data: actions.update_agency(actor=request.user, agency=agency, **data)):
        messages.success(request, "已保存")
        return redirect("agency_detail", agency.pk)
    return render_form(request, "agencies/agency_form.html", form, agency=agency)


@login_required
def agency_supervision(request, pk: int):
    agency = access_agency(request.user, pk, "agency.set_supervision")
    if not agency.level.is_agency:
        raise Http404
    regions = agencies_for(request.user, "agency.set_supervision").filter(level__is_region=True)
    form = SupervisionForm(request.POST or None, initial={"supervises": agency.supervises}, regions=regions)
    if submit(request, form, lambda data: actions.set_supervision(actor=request.user, agency=agency,
                                                                  region=data["supervises"])):
        messages.success(request, "已保存监督区域")
        return redirect("agency_detail", agency.pk)
    return render_form(request, "agencies/supervision_form.html", form, agency=agency)


@login_required
@require_POST
def role_grant(request, pk: int):
    agency = access_agency(request.user, pk, "role.manage")
    form = RoleGrantForm(request.POST)
    if form.is_valid():
        user = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
        if user is None:
            messages.error(request, f"用户名“{form.cleaned_data['username']}”不存在")
        else:
            try:
                actions.grant_role(actor=request.user, user=user, agency=agency, role=form.cleaned_data["role"])
            except RuleViolation as e:
                messages.error(request, str(e))
            else:
                messages.success(request, "已授予角色")
    else:
        messages.error(request, "请填写用户名并选择角色")
    return redirect("agency_detail", agency.pk)


@login_required
@require_http_methods(["GET", "POST"])
def role_revoke(request, pk: int, grant_pk: int):
    """GET asks to confirm (a tap on 撤销 alone takes no one's role away); POST revokes."""
    agency = access_agency(request.user, pk, "role.manage")
    grant = RoleGrant.objects.filter(pk=grant_pk, agency=agency).select_related("user__person").first()
    if grant is None:
        raise Http404
    if request.method == "GET":
        return render(request, "agencies/role_revoke_confirm.html", {"agency": agency, "grant": grant})
    try:
        actions.revoke_role(actor=request.user, grant=grant)
    except RuleViolation as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "已撤销角色")
    return redirect("agency_detail", agency.pk)


# ---------------------------------------------------------------- officers


def _status_filter(qs, status: str, today):
    """Officers holding at least one credential in ``status`` today (过期 and 未生效 from the dates)."""
    if status == CredentialStatus.VALID:
        return qs.filter(credentials__state="active", credentials__valid_from__lte=today,
                         credentials__valid_to__gte=today)
    if status == CredentialStatus.EXPIRED:
        return qs.filter(credentials__state="active", credentials__valid_to__lt=today).exclude(
            credentials__state="active", credentials__valid_to__gte=today)
    if status in (CredentialStatus.SUSPENDED, CredentialStatus.REVOKED):
        return qs.filter(credentials__state=status)
    return qs


@login_required
def officer_list(request):
    require(request.user, "officer.view")
    today = timezone.localdate()
    qs = officers_for(request.user)
    units = agencies_for(request.user, "officer.view")
    filters = OfficerFilterForm(request.GET, units=units)
    filters.is_valid()  # a refused filter is shown beside its field and not applied
    q = filters.cleaned_data.get("q", "")
    # Filters on credentials go through subqueries: a join would repeat an officer per credential and need
    # DISTINCT, which PostgreSQL answers by sorting every officer in reach before the LIMIT (the whole table
    # for a system administrator), so a page would cost more the more officers there are.
    if q:
        qs = qs.filter(Q(person__name__contains=q)
                       | Q(pk__in=Credential.objects.filter(number=q).values("officer_id")))
    unit = filters.cleaned_data.get("unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    status = filters.cleaned_data.get("status", "")
    if status:
        qs = qs.filter(pk__in=_status_filter(Officer.objects.all(), status, today).values("pk"))
    qs = qs.order_by("pk")
    page = page_of(request, qs)
    for officer in page.rows:
        officer.credential = officer.current_credential(today)
        officer.status = officer.credential.status_on(today) if officer.credential else None
    return render(request, "agencies/officer_list.html", {
        "page": page, "filters": filters, "q": request.GET.get("q", ""), "units": units,
        "unit_id": request.GET.get("unit", ""), "status": request.GET.get("status", ""),
        "statuses": CredentialStatus.choices, "today": today,
        "can_manage": can(request.user, "officer.manage"),
    }, status=422 if filters.errors else 200)


@login_required
def officer_detail(request, pk: int):
    officer = access_officer(request.user, pk)
    today = timezone.localdate()
    credentials = [(c, c.status_on(today)) for c in officer.credentials.all()]
    can_manage = can(request.user, "officer.manage", officer.unit)
    return render(request, "agencies/officer_detail.html", {
        "officer": officer, "credentials": credentials, "today": today, "can_manage": can_manage,
        "can_open_account": officer.person.user_id is None and can(request.user, "role.manage", officer.unit),
        "can_manage_account": officer.person.user_id is not None and can(request.user, "account.manage", officer.unit),
        "credential_form": CredentialForm() if can_manage else None,
        "state_form": CredentialStateForm() if can_manage else None,
    })


@login_required
def officer_account(request, pk: int):
    officer = access_officer(request.user, pk)
    require(request.user, "role.manage", officer.unit)
    form = AccountForm(request.POST or None)
    user = submit(request, form, lambda data: actions.create_account(
        actor=request.user, officer=officer, username=data["username"], password=data["password"]))
    if user is not None:
        messages.success(request, f"已为{officer.person.name}开通登录账号“{user.get_username()}”（执法人员角色）")
        return redirect("officer_detail", officer.pk)
    return render_form(request, "agencies/account_form.html", form, officer=officer)


def _manageable_units(user):
    return agencies_for(user, "officer.manage").filter(level__is_region=False)


@login_required
def officer_create(request):
    require(request.user, "officer.manage")
    form = OfficerForm(request.POST or None, units=_manageable_units(request.user))
    officer = submit(request, form, lambda data: actions.create_officer(
        actor=request.user, unit=data["unit"], name=data["name"], id_number=data["id_number"],
        phone=data["phone"], post=data["post"]))
    if officer is not None:
        messages.success(request, f"已登记执法人员{officer}，请录入其执法证")
        return redirect("officer_detail", officer.pk)
    return render_form(request, "agencies/officer_form.html", form)


@login_required
def officer_edit(request, pk: int):
    officer = access_officer(request.user, pk, "officer.manage")
    person = officer.person
    initial = {"name": person.name, "id_number": person.id_number, "phone": person.phone, "post": officer.post,
               "unit": officer.unit, "active": officer.active}
    form = OfficerForm(request.POST or None, initial=initial, units=_manageable_units(request.user))
    if submit(request, form, lambda data: actions.update_officer(actor=request.user, officer=officer, **data)):
        messages.success(request, "已保存")
        return redirect("officer_detail", officer.pk)
    return render_form(request, "agencies/officer_form.html", form, officer=officer)


@login_required
def credential_create(request, pk: int):
    officer = access_officer(request.user, pk, "officer.manage")
    form = CredentialForm(request.POST or None)
    if submit(request, form, lambda data: actions.issue_credential(actor=request.user, officer=officer, **data)):
        messages.success(request, "已录入执法证")
        return redirect("officer_detail", officer.pk)
    return render_form(request, "agencies/credential_form.html", form, officer=officer)


@login_required
@require_POST
def credential_state(request, pk: int):
    credential = access_credential(request.user, pk)
    form = CredentialStateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择状态")
    else:
        try:
            actions.set_credential_state(actor=request.user, credential=credential, **form.cleaned_data)
        except RuleViolation as e:
            messages.error(request, str(e))
        else:
            messages.success(request, f"执法证{credential.number}状态已更新")
    return redirect("officer_detail", credential.officer_id)


# ---------------------------------------------------------------- reviewers


@login_required
def reviewer_list(request):
    require(request.user, "reviewer.view")
    today = timezone.localdate()
    reviewers = reviewers_for(request.user)
    agencies = list(agencies_for(request.user, "reviewer.view").filter(level__is_agency=True,
                                                                         supervises__isnull=True))
    staffing = staffing_for(agencies, today)
    rows = [(a, staffing.get(a.pk)) for a in agencies]
    return render(request, "agencies/reviewer_list.html", {
        "reviewers": reviewers, "rows": rows, "can_manage": can(request.user, "reviewer.manage")})


@login_required
def reviewer_create(request):
    require(request.user, "reviewer.manage")
    units = agencies_for(request.user, "reviewer.manage").filter(level__is_region=False)
    form = ReviewerForm(request.POST or None, units=units)
    reviewer = submit(request, form, lambda data: actions.register_reviewer(actor=request.user, **data))
    if reviewer is not None:
        messages.success(request, "已登记法制审核人员")
        return redirect("reviewer_list")
    return render_form(request, "agencies/reviewer_form.html", form)
