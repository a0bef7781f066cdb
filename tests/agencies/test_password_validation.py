"""Passwords like the user name or the person's own name are refused, in Chinese, when an account is opened."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from zhifa.agencies.models import Person
from zhifa.agencies.passwords import PersonNameValidator


@pytest.mark.parametrize("username, password, message", [
    ("lina.xunjian", "lina.xunjian1", "密码跟 用户名 太相似了"),
    ("lina", "李娜2026xunjian", "密码不能包含本人姓名“李娜”"),
    ("lina", "xunjian-李娜", "密码不能包含本人姓名“李娜”"),
])
def test_account_passwords_like_the_user_or_their_name_are_refused(cast, login, username, password, message):
    r = login(cast.u_head).post(f"/officers/{cast.li.pk}/account/", {"username": username, "password": password})
    assert r.status_code == 422
    assert message in " ".join(r.context["form"].errors["password"])
    assert not get_user_model().objects.filter(username=username).exists()
    cast.li.person.refresh_from_db()
    assert cast.li.person.user is None


def test_a_password_unlike_the_name_opens_the_account(cast, login):
    r = login(cast.u_head).post(f"/officers/{cast.li.pk}/account/", {"username": "lina", "password": "Xunjian-2026-q"})
    assert r.status_code == 302


@pytest.mark.parametrize("name, password, refused", [
    ("刘建国", "建国2026abcd", True),      # the given name of a three-character name
    ("张伟", "伟大的2026abc", False),       # one character is not a name
    ("Aliya Nurlan", "nurlan2026!", True),
    ("Aliya Nurlan", "Tianshan-2026", False),
])
def test_person_name_validator(name, password, refused):
    user = get_user_model()(username="u")
    Person(name=name, user=user)  # links user.person in memory, as create_account does
    if refused:
        with pytest.raises(ValidationError):
            PersonNameValidator().validate(password, user)
    else:
        PersonNameValidator().validate(password, user)


def test_a_user_without_a_person_is_checked_against_nothing_more():
    PersonNameValidator().validate("李娜2026xunjian", get_user_model()(username="u"))
