"""Fixtures of the officer import's tests, shared with the import limits' tests."""

from __future__ import annotations

import pytest

from zhifa.agencies.models import Credential, Officer, Person
from zhifa.obligations.models import Obligation


@pytest.fixture
def head(cast, client):
    """鞍山市自然资源局's head, signed in: manages its officers."""
    client.force_login(cast.u_head)
    return client


@pytest.fixture
def counts(db):
    """What an import writes, counted, to show that a refused one wrote nothing."""
    def _counts():
        return (Person.objects.count(), Officer.objects.count(), Credential.objects.count(),
                Obligation.objects.count())
    return _counts
