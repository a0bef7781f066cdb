"""The authentication backend: Django's, with a locked account treated like a closed one.

``user_can_authenticate`` decides both signing in and every later request of a session (``get_user``), so a
locked or closed account cannot sign in, and a session it had open ends at its next request. The user is
loaded with its account state (and person) in the same query, so the check — and the forced password change,
and the name in the header — costs no query of its own.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from zhifa.agencies.models import AccountStatus, status_of


class AccountBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and status_of(user) == AccountStatus.NORMAL

    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("account_state", "person").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
