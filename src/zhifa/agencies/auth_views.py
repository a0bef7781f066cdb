"""Sign-in: the one login path (password, then the second factor, both throttled against guessing), the
Django admin's login sent to it, and the account's own two-factor settings."""

from __future__ import annotations

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhifa.agencies import actions, throttle, two_factor
from zhifa.agencies.forms import PasswordChangeForm
from zhifa.agencies.models import AccountStatus, must_change_password, name_of, status_of
from zhifa.agencies.permissions import can, require
from zhifa.core import fields
from zhifa.core.errors import RuleViolation
from zhifa.core.fields import refused_character
from zhifa.core.forms import render_form, submit


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账号已停用，不能登录。",
        "locked": "该账号已被锁定，暂时不能登录；请与本单位的系统管理员联系。",
    }

    def clean(self):
        username = str(self.data.get("username", ""))
        if refused_character(username, multiline=False) is not None:  # no such account; and never a query
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        address = throttle.client_address(self.request) if self.request else None
        if username and (wait := throttle.wait_for(username, address)):
            # Refused before the password is looked at, so a guesser learns nothing while waiting.
            raise forms.ValidationError(throttle.wait_message(wait), code="locked")
        try:
            return super().clean()
        except forms.ValidationError:
            if username:
                throttle.record_failure(username, address)
            self._say_why_refused(username)
            raise

    def _say_why_refused(self, username: str) -> None:
        """A locked or closed account is refused like a wrong password (the backend will not authenticate it);
        only someone who gave its right password learns which — never its reason or who locked it. The try still
        counts in the throttle, so this is no faster way to test passwords."""
        model = get_user_model()
        try:
            user = model._default_manager.select_related("account_state").get(**{model.USERNAME_FIELD: username})
        except model.DoesNotExist:
            return
        status = status_of(user)
        if status != AccountStatus.NORMAL and user.check_password(self.data.get("password") or ""):
            key = "locked" if status == AccountStatus.LOCKED else "inactive"
            raise forms.ValidationError(self.error_messages[key], code=key)


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        step = two_factor.pending_step(self.request.user)
        if step is not None:  # failures are forgotten only once the second factor is given too
            return redirect_to_login(response.url, login_url=reverse(step))
        throttle.clear(form.get_user().get_username(), throttle.client_address(self.request))
        return response


class CodeForm(fields.Form):
    code = fields.CharField(label="动态验证码", min_length=6, max_length=6, strip=True,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                                          "pattern": "[0-9]{6}", "autofocus": True}),
                            error_messages={"required": "请输入动态验证码", "min_length": "动态验证码应为6位数字",
                                            "max_length": "动态验证码应为6位数字"},
                            help_text="手机上身份验证器显示的6位数字")


def _next(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return reverse("home")


@login_required
def login_code(request):
    """The second step of signing in: the current code of the user's authenticator app."""
    user = request.user
    if two_factor.pending_step(user) != two_factor.CODE_STEP:
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = throttle.client_address(request)
        if wait := throttle.wait_for(user.get_username(), address):
            form.add_error(None, throttle.wait_message(wait))
        else:
            device = next((d for d in TOTPDevice.objects.filter(user=user, confirmed=True)
                           if django_otp.verify_token(user, d.persistent_id, form.cleaned_data["code"])), None)
            if device is not None:
                django_otp.login(request, device)
                request.session.cycle_key()
                throttle.clear(user.get_username(), address)
                return redirect(_next(request))
            throttle.record_failure(user.get_username(), address)
            form.add_error("code", "动态验证码不正确或已使用过，请输入身份验证器当前显示的数字。")
    return render_form(request, "registration/login_code.html", form, next=_next(request))


@login_required
def otp_enroll(request):
    """Bind an authenticator app: the QR code and secret, confirmed by one of its codes."""
    user = request.user
    if two_factor.pending_step(user) == two_factor.CODE_STEP:  # replacing a device needs the old one's code first
        return redirect_to_login(request.get_full_path(), login_url=reverse(two_factor.CODE_STEP))
    key = two_factor.pending_key(request.session)
    form = CodeForm(request.POST or None)
    device = submit(request, form, lambda data: actions.enroll_totp_device(actor=user, key=key,
                                                                            code=data["code"]))
    if device is not None:
        del request.session[two_factor.PENDING_KEY]
        django_otp.login(request, device)
        request.session.cycle_key()
        messages.success(request, "已绑定身份验证器：以后登录时，输入密码后还需输入它显示的动态验证码。")
        return redirect(_next(request) if "next" in request.GET else "account_security")
    return render_form(request, "registration/otp_enroll.html", form, required=two_factor.required(user),
                       next=request.GET.get("next", ""), **two_factor.provisioning(user, key))


@login_required
def account_security(request):
    user = request.user
    return render(request, "registration/account_security.html", {
        "device": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        "required": two_factor.required(user),
        "can_reset": can(user, "role.manage"),
        "can_manage_accounts": can(user, "account.manage"),
    })


@never_cache
@login_required
def password_change(request):
    """One's own new password, knowing the old one; the page a password someone else set leads to first.

    Wrong old passwords count in the login throttle, so a session left open is no way to guess it; the session
    stays signed in after the change (its hash is renewed), the account's other sessions end.
    """
    user = request.user
    forced = must_change_password(user)
    form = PasswordChangeForm(request.POST or None)
    address = throttle.client_address(request)

    def change(data):
        if wait := throttle.wait_for(user.get_username(), address):
            raise RuleViolation(throttle.wait_message(wait))
        try:
            return actions.change_own_password(actor=user, old_password=data["old_password"],
                                               new_password=data["new_password1"])
        except RuleViolation as e:
            if e.field == "old_password":
                throttle.record_failure(user.get_username(), address)
            raise

    if submit(request, form, change) is not None:
        update_session_auth_hash(request, user)
        messages.success(request, "密码已修改。")
        return redirect(_next(request) if forced else "account_security")
    return render_form(request, "registration/password_change.html", form, forced=forced)


class ResetForm(fields.Form):
    username = fields.CharField(label="用户名", max_length=150, help_text="手机丢失或更换的人员的登录用户名")


@login_required
def otp_reset(request):
    """Unbind someone else's authenticator, for those who manage roles where that person holds theirs."""
    require(request.user, "role.manage")
    form = ResetForm(request.POST or None)

    def reset(data):
        user = get_user_model().objects.filter(username__iexact=data["username"].strip()).first()
        if user is None:
            raise RuleViolation(f"没有用户名为“{data['username']}”的账号", field="username")
        try:
            actions.reset_two_factor(actor=request.user, user=user)
        except PermissionDenied:  # out of reach reads like missing, as everywhere
            raise RuleViolation(f"没有用户名为“{data['username']}”的账号", field="username") from None
        return user

    user = submit(request, form, reset)
    if user is not None:
        messages.success(request, f"已重置{name_of(user)}的双因素认证：其下次登录时须重新绑定身份验证器。")
        return redirect("account_security")
    return render_form(request, "registration/otp_reset.html", form)


@require_POST
@login_required
def otp_remove(request):
    try:
        actions.remove_totp_device(actor=request.user)
    except RuleViolation as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "已停用双因素认证")
    return redirect("account_security")


def admin_password_change(request, extra_context=None):
    """Replaces ``admin.site.password_change``: a password changes only through a write function, in the ledger."""
    raise PermissionDenied("系统管理中不能修改密码")


def admin_login(request, extra_context=None):
    """Replaces ``admin.site.login``: the Django admin signs in through /login/ like everyone, never its own form."""
    if request.user.is_authenticated:
        # Signed in without admin access: sending them to /login/ would bounce straight back here.
        raise PermissionDenied("此账号无权进入系统管理")
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
