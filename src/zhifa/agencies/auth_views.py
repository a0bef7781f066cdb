"""Sign-in: the one login path (throttled against guessing), the Django admin's login sent to it."""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from zhifa.agencies import throttle


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账号已停用。",
    }

    def clean(self):
        username = self.data.get("username", "")
        address = throttle.client_address(self.request) if self.request else None
        if username and (wait := throttle.wait_for(username, address)):
            # Refused before the password is looked at, so a guesser learns nothing while waiting.
            raise forms.ValidationError(throttle.wait_message(wait), code="locked")
        try:
            return super().clean()
        except forms.ValidationError:
            if username:
                throttle.record_failure(username, address)
            raise


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.clear(form.get_user().get_username(), throttle.client_address(self.request))
        return response


def admin_login(request, extra_context=None):
    """Replaces ``admin.site.login``: the Django admin signs in through /login/ like everyone, never its own form."""
    if request.user.is_authenticated:
        # Signed in without admin access: sending them to /login/ would bounce straight back here.
        raise PermissionDenied("此账号无权进入系统管理")
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
