"""The demo city's catalog: built through the write functions, published by a second person, and answering the
questions the demo cases will ask."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from tests.conftest import DEMO_NOW, built_once, demo_command

from zhifa.agencies.models import Agency
from zhifa.catalog.discretion import discretion_range
from zhifa.catalog.evaluate import ProposedDecision, av_required, item_in_force, review_required, version_in_force
from zhifa.catalog.models import AVStage, List, ListKind, ListStatus, ListVersion

TODAY = dt.date(2026, 11, 24)


demo_built = built_once(demo_command)  # the demo city as built on TODAY (DEMO_NOW's day)


@pytest.fixture
def demo(demo_built, db, time_machine):
    time_machine.move_to(DEMO_NOW, tick=False)  # as when it was built
    return {a.name: a for a in Agency.objects.filter(level__code="agency")}


def test_the_demo_lists_are_published_and_one_waits_for_its_check(demo):
    nr, zj = demo["鞍山市自然资源局"], demo["鞍山市住房和城乡建设局"]
    for kind in ListKind.values:
        assert version_in_force(nr, kind, TODAY) is not None, kind
    assert version_in_force(zj, ListKind.RANDOM, TODAY) is None
    assert List.objects.get(agency=zj, kind=ListKind.RANDOM).status == ListStatus.SUBMITTED
    # 鞍山市自然资源局's items: version 2 was published today and takes effect in thirty days.
    assert version_in_force(nr, ListKind.ITEMS, TODAY).number == 1
    assert version_in_force(nr, ListKind.ITEMS, TODAY + dt.timedelta(days=30)).number == 2
    assert all(v.published_by.username == "admin" for v in ListVersion.objects.all())


@pytest.mark.parametrize("agency, fine, required", [
    ("鞍山市自然资源局", "99999", False), ("鞍山市自然资源局", "100000", True),
    ("鞍山市住房和城乡建设局", "49999.99", False), ("鞍山市住房和城乡建设局", "50000", True)])
def test_the_demo_review_thresholds(demo, agency, fine, required):
    answer = review_required(demo[agency], ProposedDecision("chufa", fine=Decimal(fine)), TODAY)
    assert answer.required is required


def test_the_demo_av_list_and_discretion(demo):
    nr = demo["鞍山市自然资源局"]
    assert av_required(nr, "ZR-QZ-001", AVStage.OTHER, TODAY)[0] is True
    assert av_required(nr, "ZR-CF-001", AVStage.ENFORCEMENT, TODAY)[0] is True
    assert av_required(nr, "ZR-CF-002", AVStage.ENFORCEMENT, TODAY)[0] is False
    found, _ = discretion_range(item_in_force(nr, "ZR-CF-001", TODAY), {"area": 1200})
    assert (found.level, found.amount_low, found.amount_high) == ("general", Decimal("360000.00"),
                                                                   Decimal("840000.00"))
    # The demo case of 1,200 m² fined at the low end of the general range needs legal review (SH-07).
    assert review_required(nr, ProposedDecision("chufa", fine=found.amount_low), TODAY).required
