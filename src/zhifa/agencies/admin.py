"""The Django admin shows accounts and groups and changes nothing.

Every change of an account, a grant, a password or an account's state goes through a write function in
``agencies.actions`` and leaves a ledger entry; an admin form would be a way around both (a user made
superuser there left no trace). ``django.contrib.auth`` registers User and Group before this module runs
(it comes first in INSTALLED_APPS), so they are registered again here, read-only. No zhifa model is
registered: the project's own pages show them, scoped by the permission table.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group


class ReadOnly:
    """Viewing only, whoever asks — a superuser included (Django's own checks would let it change anything)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyUserAdmin(ReadOnly, UserAdmin):
    pass


class ReadOnlyGroupAdmin(ReadOnly, GroupAdmin):
    pass


User = get_user_model()
for model, model_admin in ((User, ReadOnlyUserAdmin), (Group, ReadOnlyGroupAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
