"""Sign-in with throttling against guessing."""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm

from zhifa.agencies import throttle
from zhifa.core.fields import refused_character


def client_address(request) -> str | None:
    # Behind a proxy, set the proxy to overwrite REMOTE_ADDR; trusting X-Forwarded-For would let a guesser
    # pick a new address for every try.
    return request.META.get("REMOTE_ADDR") or None


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账号已停用。",
        "locked": "登录失败次数过多，请%(minutes)s分钟后再试。",
    }

    def clean(self):
        from django.conf import settings

        username = str(self.data.get("username", ""))
        if refused_character(username, multiline=False) is not None:  # no such account; and never a query
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        address = client_address(self.request) if self.request else None
        if username and throttle.is_locked(username, address):
            raise forms.ValidationError(self.error_messages["locked"], code="locked",
                                        params={"minutes": settings.ZHIFA_LOGIN_WINDOW_MINUTES})
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                throttle.record_failure(username, address)
            raise
        throttle.clear(username)
        return cleaned


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
