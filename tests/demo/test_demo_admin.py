"""The demo's ``admin`` is an ordinary account holding 系统管理员 (issue 9, item 3): it gets exactly what the
role gets, and nothing Django's superuser flag once added."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from tests.conftest import DEMO_NOW, built_once, demo_command

from zhifa.agencies.models import Agency, Role, RoleGrant
from zhifa.agencies.permissions import ACTIONS, reach
from zhifa.ledger.models import Entry
from zhifa.records.models import Evidence, Hold, ViewRequest, ViewRequestState

demo_built = built_once(demo_command)


@pytest.fixture
def demo(demo_built, db, time_machine):
    time_machine.move_to(DEMO_NOW, tick=False)  # as when it was built
    return demo_built


def _reach(user) -> dict[str, tuple[bool, list[int]]]:
    user = get_user_model().objects.get(pk=user.pk)
    return {a: (lambda r: (r[0], sorted(n.pk for n in r[1])))(reach(user, a)) for a in ACTIONS}


def test_the_demo_admin_is_an_ordinary_system_administrator(demo):
    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert not admin.is_superuser and not admin.is_staff
    root = Agency.objects.get(parent=None)
    assert [(g.agency, g.role) for g in RoleGrant.objects.filter(user=admin)] == [(root, Role.SYSADMIN)]
    peer = User.objects.create_user("peer")
    RoleGrant.objects.create(user=peer, agency=root, role=Role.SYSADMIN)
    assert _reach(admin) == _reach(peer)
    assert "admin          系统管理员，辽宁省" in demo and "超级用户" not in demo
    assert Entry.objects.filter(kind="account.created", subject_id=str(admin.pk)).exists()


def test_the_demo_admin_cannot_do_what_the_table_denies_a_system_administrator(demo):
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    pending = ViewRequest.objects.get(state=ViewRequestState.PENDING)
    assert client.post(f"/records/requests/{pending.pk}/decide/", {"approve": "1"}).status_code == 404
    unheld = Evidence.objects.exclude(holds__isnull=False).first()
    holds = Hold.objects.count()
    assert client.post(f"/records/{unheld.pk}/holds/", {"reason": "complaint"}).status_code == 404
    pending.refresh_from_db()
    assert pending.state == ViewRequestState.PENDING and Hold.objects.count() == holds
    assert client.get("/records/upload/").status_code in (403, 404)
