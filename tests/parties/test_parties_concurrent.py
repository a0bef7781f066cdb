"""A form sent several times at once (a double tap, a retried request) records one party, on PostgreSQL where
the requests really run side by side (SQLite's writers queue at BEGIN IMMEDIATE)."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from tests.parties.conftest import ZHANG_SAN

from zhifa.ledger.models import Entry
from zhifa.parties import actions
from zhifa.parties.models import Agent, Party, PartyAgency


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_party_sent_four_times_at_once_is_recorded_once_with_its_agent_once(people):
    barrier = threading.Barrier(4)
    parties: list[int] = []
    agents: list[int] = []
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            actor = get_user_model().objects.get(pk=people.u_officer.pk)
            barrier.wait(timeout=10)
            party = actions.record_party(actor=actor, kind="person", name="张三", id_kind="resident",
                                         id_number=ZHANG_SAN, phone="13812345678").party
            parties.append(party.pk)
            agent = actions.add_agent(actor=actor, party=party, name="王律师", id_kind="passport",
                                      id_number="E12345678", scope="general",
                                      valid_from=party.created_at.date())
            agents.append(agent.pk)
        except BaseException as e:  # reported below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert len(set(parties)) == 1 and len(set(agents)) == 1
    assert (Party.objects.count(), PartyAgency.objects.count(), Agent.objects.count()) == (1, 1, 1)
    assert Entry.objects.filter(kind="party.recorded").count() == 1
    assert Entry.objects.filter(kind="party.agent_added").count() == 1
