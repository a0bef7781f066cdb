"""The Django admin shows what is registered there and changes nothing.

Every change of an account, a grant, a password, a second factor or an account's state goes through a write
function in ``agencies.actions`` and leaves a ledger entry; an admin form would be a way around both (a user
made superuser there left no trace). ``django.contrib.auth`` and ``django_otp`` register their models before
this module runs (they come first in INSTALLED_APPS), so every registered model is registered again here,
read-only. No zhifa model is registered: the project's own pages show them, scoped by the permission table.
"""

from __future__ import annotations

from django.contrib import admin


class ReadOnly:
    """Viewing only, whoever asks — a superuser included (Django's own checks would let it change anything)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


for model, model_admin in list(admin.site._registry.items()):
    if not isinstance(model_admin, ReadOnly):
        admin.site.unregister(model)
        admin.site.register(model, type(f"ReadOnly{type(model_admin).__name__}", (ReadOnly, type(model_admin)), {}))
