"""The administrators' account pages: the list (names, roles with units, state, last sign-in) and, per account,
lock, unlock, close and password reset — each a write function in ``agencies.actions`` with its ledger entry.
Thin: parse, call one action, render. An account out of reach is 404, like a missing one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhifa.agencies import actions
from zhifa.agencies.access import access_account, accounts_for, agencies_for
from zhifa.agencies.forms import AccountFilterForm, ReasonForm, ResetPasswordForm
from zhifa.agencies.models import (
    AccountState,
    AccountStatus,
    Person,
    RoleGrant,
    name_of,
    state_of,
    status_of,
)
from zhifa.agencies.permissions import require
from zhifa.core.errors import RuleViolation
from zhifa.core.forms import add_violation
from zhifa.core.paging import page_of

ACTION = "account.manage"
GRANTS = Prefetch("role_grants", queryset=RoleGrant.objects.select_related("agency").order_by("agency__path", "role"))


def _present(user) -> None:
    """What a row or the account page shows, set on the user object (its grants prefetched)."""
    user.display_name = name_of(user)  # in messages and titles: the name, else the login name
    person = getattr(user, "person", None)
    user.person_name = person.name if person is not None else ""
    user.status = status_of(user)
    user.state = state_of(user)
    officer = getattr(person, "officer", None) if person is not None else None
    user.officer_unit = officer.unit if officer is not None else None
    user.grants = list(user.role_grants.all())


def _account(request, pk: int):
    require(request.user, ACTION)
    user = access_account(request.user, pk)
    _present(user)
    return user


@login_required
def account_list(request):
    require(request.user, ACTION)
    units = agencies_for(request.user, ACTION)
    filters = AccountFilterForm(request.GET, units=units)
    filters.is_valid()  # a refused filter is shown beside its field and not applied
    qs = accounts_for(request.user)
    q = filters.cleaned_data.get("q", "")
    if q:
        qs = qs.filter(Q(person__name__contains=q) | Q(username__iexact=q))
    unit = filters.cleaned_data.get("unit")
    if unit is not None:
        below = Q(agency__path__startswith=unit.path)
        qs = qs.filter(Q(pk__in=RoleGrant.objects.filter(below).values("user_id"))
                       | Q(pk__in=Person.objects.filter(officer__unit__path__startswith=unit.path).values("user_id"))
                       | Q(pk__in=AccountState.objects.filter(below).values("user_id")))
    state = filters.cleaned_data.get("state", "")
    locked = Q(pk__in=AccountState.objects.filter(locked_at__isnull=False).values("user_id"))
    if state == AccountStatus.CLOSED:
        qs = qs.filter(is_active=False)
    elif state == AccountStatus.LOCKED:
        qs = qs.filter(locked, is_active=True)
    elif state == AccountStatus.NORMAL:
        qs = qs.filter(is_active=True).exclude(locked)
    page = page_of(request, qs.prefetch_related(GRANTS).order_by("pk"))
    for user in page.rows:
        _present(user)
    return render(request, "agencies/account_list.html", {"page": page, "filters": filters},
                  status=422 if filters.errors else 200)


def _detail(request, user, *, lock_form=None, status=200):
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return render(request, "agencies/account_detail.html", {
        "account": user, "lock_form": lock_form or ReasonForm(), "device": device,
        "is_self": user.pk == request.user.pk,
    }, status=status)


@login_required
def account_detail(request, pk: int):
    return _detail(request, _account(request, pk))


@require_POST
@login_required
def account_lock(request, pk: int):
    user = _account(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            changed = actions.lock_account(actor=request.user, user=user, reason=form.cleaned_data["reason"])
        except RuleViolation as e:
            add_violation(form, e)
        else:
            if changed:
                messages.success(request, f"已锁定{user.display_name}的账号：其不能登录，已登录的也即退出。")
            else:
                messages.info(request, f"{user.display_name}的账号已处于锁定状态，未重复锁定。")
            return redirect("account_detail", user.pk)
    return _detail(request, user, lock_form=form, status=422)


@require_POST
@login_required
def account_unlock(request, pk: int):
    user = _account(request, pk)
    try:
        changed = actions.unlock_account(actor=request.user, user=user)
    except RuleViolation as e:
        messages.error(request, str(e))
    else:
        if changed:
            messages.success(request, f"已解锁{user.display_name}的账号")
        else:
            messages.info(request, f"{user.display_name}的账号未被锁定，无须解锁。")
    return redirect("account_detail", user.pk)


@require_http_methods(["GET", "POST"])
@login_required
def account_close(request, pk: int):
    user = _account(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.close_account(actor=request.user, user=user, reason=form.cleaned_data["reason"])
        except RuleViolation as e:
            add_violation(form, e)
        else:
            if changed:
                messages.success(request, f"已停用{user.display_name}的账号；其角色记录保留。")
            else:
                messages.info(request, f"{user.display_name}的账号已停用，未重复办理。")
            return redirect("account_detail", user.pk)
    return render(request, "agencies/account_close.html", {"account": user, "form": form},
                  status=422 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def account_reset_password(request, pk: int):
    """Confirm, then show the new password once: the answer to the POST, never stored, never cached."""
    user = _account(request, pk)
    version = user.state.password_version if user.state is not None else 0
    error = None
    if request.method == "POST":
        form = ResetPasswordForm(request.POST)
        if form.is_valid():
            try:
                password = actions.reset_password(actor=request.user, user=user, version=form.cleaned_data["version"])
            except RuleViolation as e:
                error = str(e)
            else:
                return render(request, "agencies/account_reset_done.html", {"account": user, "password": password})
        else:
            error = "页面已过期，请重新打开重置页面"
        user.state = AccountState.objects.filter(user=user).first()
        version = user.state.password_version if user.state is not None else 0
    return render(request, "agencies/account_reset.html", {
        "account": user, "form": ResetPasswordForm(initial={"version": version}), "error": error,
    }, status=422 if error else 200)


@require_POST
@login_required
def account_reset_two_factor(request, pk: int):
    user = _account(request, pk)
    try:
        actions.reset_two_factor(actor=request.user, user=user)
    except RuleViolation as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"已重置{user.display_name}的双因素认证：其下次登录时须重新绑定身份验证器。")
    return redirect("account_detail", user.pk)
