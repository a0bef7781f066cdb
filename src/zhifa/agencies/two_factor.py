"""Two-factor sign-in: a TOTP code (django-otp) after the password.

Who must use it: holders of the roles in ``ZHIFA_2FA_ROLES`` (机关负责人、法制审核人员、监督人员、系统管理员 by
default; 等保 2.0 level 3 asks two factors of administrators) and staff accounts of the Django admin. Anyone else
may. A user with a confirmed device enters its code after the password; a user who must but has none enrols one
first. Until then ``TwoFactorMiddleware`` sends every page but that step (and logout) back to it, so no view
needs to remember the rule — and a session opened any other way (``force_login``) is held there too.
"""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify

import segno
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core import checks
from django.urls import reverse
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from zhifa.agencies.models import Role
from zhifa.agencies.permissions import roles_of

CODE_STEP, ENROLL_STEP = "login_code", "otp_enroll"
# What a user still in the middle of signing in may open besides the step itself.
ALLOWED = {CODE_STEP: {CODE_STEP, "logout"}, ENROLL_STEP: {ENROLL_STEP, "logout"}}
PENDING_KEY = "zhifa_otp_pending_key"


def required(user) -> bool:
    return bool(user.is_staff or roles_of(user) & set(settings.ZHIFA_2FA_ROLES))


def pending_step(user) -> str | None:
    """The URL name of the step this signed-in user still has to take before anything else, or None."""
    # Without OTPMiddleware (a request built by hand) nobody counts as verified: fail closed.
    if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
        return None
    has_device = user.__dict__.get("_zhifa_has_device")
    if has_device is None:  # asked by the middleware and again by the navigation: one query per request
        has_device = user.__dict__["_zhifa_has_device"] = user_has_device(user, confirmed=True)
    if has_device:
        return CODE_STEP
    return ENROLL_STEP if required(user) else None


def pending_key(session) -> str:
    """The secret being enrolled: kept in the session, not the database, until a code confirms it."""
    if PENDING_KEY not in session:
        session[PENDING_KEY] = default_key()
    return session[PENDING_KEY]


def provisioning(user, key: str) -> dict[str, str]:
    """What an authenticator app needs: the otpauth URI, the same as an SVG QR code, and the secret in base32."""
    uri = TOTPDevice(user=user, key=key).config_url
    secret = b32encode(unhexlify(key)).decode()
    return {"otpauth_uri": uri, "qr_svg": segno.make(uri, error="m").svg_inline(scale=5, dark="#111"),
            "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))}


class TwoFactorMiddleware:
    """Until the second factor is given, every other page redirects to its step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        step = pending_step(request.user)
        if step is None or request.resolver_match.view_name in ALLOWED[step]:
            return None
        return redirect_to_login(request.get_full_path(), login_url=reverse(step))


@checks.register
def check_roles(app_configs, **kwargs) -> list[checks.CheckMessage]:
    unknown = [r for r in settings.ZHIFA_2FA_ROLES if r not in Role.values]
    return [checks.Error(f"ZHIFA_2FA_ROLES 中的角色代码不存在：{'、'.join(unknown)}（可用：{'、'.join(Role.values)}）",
                         id="zhifa.E2FA")] if unknown else []
