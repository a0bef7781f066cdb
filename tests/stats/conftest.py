"""The cases' world on 20 May 2026: 鞍山市自然资源局's 行政处罚 decision published by its 公示审核员 孙丽 within its
deadline, a correction received, and the review app's tally of three opinions; 鞍山市住房和城乡建设局's
licence decision; and 辽阳市自然资源局 (outside 鞍山市司法局's region) with one decision of its own."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.cases.conftest import store, world  # noqa: F401  (fixtures)
from tests.publicity.conftest import decided, person_party, reviewer  # noqa: F401  (fixtures)

from zhifa.agencies import actions as agencies
from zhifa.ledger import chain as ledger
from zhifa.publicity import actions as publicity
from zhifa.publicity.models import Publication
from zhifa.review.models import ReviewTally
from zhifa.workdays.calendar import SHANGHAI

MAY = dt.datetime(2026, 5, 20, 10, 0, tzinfo=SHANGHAI)


def case_act(cast, agency, kind: str, subject) -> None:
    """A decision's ledger entry as the cases app writes it (the cases' own flows are tested there)."""
    ledger.append(actor=cast.u_head, agency=agency, kind=kind, subject=subject, payload={"case": subject.pk})


def publish(decided, reviewer) -> Publication:  # noqa: F811
    pub = Publication.objects.get(case_id=decided[0].pk)
    publicity.mark(actor=reviewer, publication=pub, decisions={i: "accepted" for i in range(len(pub.marks))})
    publicity.publish(actor=reviewer, publication=pub)
    pub.refresh_from_db()
    return pub


@pytest.fixture
def sworld(db, time_machine, request, store):  # noqa: F811
    time_machine.move_to(MAY, tick=False)
    cast = request.getfixturevalue("world")
    cast.clock = time_machine
    return cast


@pytest.fixture
def season(sworld, decided, reviewer):  # noqa: F811
    """The first half of 2026, as described above."""
    c = sworld
    case, _doc = decided
    pub = publish(decided, reviewer)
    ledger.append(actor=None, agency=c.nr, kind="publicity.correction_received", subject=pub,
                  payload={"tracking": "GZ2026000001"})
    case_act(c, c.zj, "case.licence_decided", c.zj)
    case_act(c, c.ly_nr, "case.decided", c.ly_nr)
    sun = agencies.register_reviewer(actor=c.u_head, name="孙丽", id_number="", unit=c.nr_legal,
                                     qualification_kind="lpq", qualification_number="A20190001")
    ReviewTally.objects.create(agency=c.nr, reviewer=sun, month=dt.date(2026, 4, 1), outcome="agree",
                               working_days=5, count=3, timed=3, on_time=2)
    ReviewTally.objects.create(agency=c.nr, reviewer=sun, month=dt.date(2026, 8, 1), outcome="agree",
                               working_days=5, count=1, timed=1, on_time=1)  # the second half: not counted
    c.case, c.pub = case, pub
    return c
