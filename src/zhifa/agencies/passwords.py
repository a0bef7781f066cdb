"""A password validator against the account holder's own name (Django's covers the user name)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from django.core.exceptions import ObjectDoesNotExist, ValidationError

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class PersonNameValidator:
    """Refuse a password that contains the linked person's name, or resembles a name in Latin letters.

    A Chinese name is checked by containment, not similarity: 张伟 is two characters of an eight-or-more
    character password, so a ratio would never notice ``张伟123456``. Of a name of three characters or more the
    part after the surname counts too (建国 of 刘建国); a one-character given name would refuse too much. Names
    are not turned into pinyin — that would need a dictionary of readings for a guess at the spelling.
    """

    def __init__(self, max_similarity: float = 0.7):
        self.max_similarity = max_similarity

    @staticmethod
    def _name(user) -> str:
        try:
            person = user.person
        except (AttributeError, ObjectDoesNotExist):
            return ""
        return (person.name or "").strip() if person is not None else ""

    def validate(self, password: str, user=None) -> None:
        name = self._name(user)
        if not name:
            return
        lowered = password.lower()
        parts = [name] + ([name[1:]] if CJK.match(name) and len(name) >= 3 else [])
        if any(part in password for part in parts):
            raise ValidationError(f"密码不能包含本人姓名“{name}”或其中的名字。", code="password_too_similar")
        for word in re.split(r"\W+", name.lower()):
            if len(word) >= 3 and (word in lowered or SequenceMatcher(a=lowered, b=word).quick_ratio()
                                   >= self.max_similarity):
                raise ValidationError(f"密码与本人姓名“{name}”太相似。", code="password_too_similar")

    def get_help_text(self) -> str:
        return "密码不能包含或近似于本人姓名。"


# What a user who must change their password may still open: the change page itself and the way out.
FORCED_CHANGE_ALLOWED = {"password_change", "logout", "favicon"}


class ForcedPasswordChangeMiddleware:
    """A password someone else set (a new account, a reset) is changed before anything else is done.

    After ``TwoFactorMiddleware`` in the list, so the second factor comes first; every other page redirects to the
    change page until the holder has chosen their own (``actions.change_own_password`` clears the flag). The
    flag comes with the user in one query (``backends.AccountBackend``). Static files never reach here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.contrib.auth.views import redirect_to_login
        from django.urls import reverse

        from zhifa.agencies.models import must_change_password

        user = request.user
        if not user.is_authenticated or not must_change_password(user):
            return None
        if request.resolver_match.view_name in FORCED_CHANGE_ALLOWED:
            return None
        return redirect_to_login(request.get_full_path(), login_url=reverse("password_change"))
