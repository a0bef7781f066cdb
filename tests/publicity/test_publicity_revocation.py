"""PUB-06, 行政处罚法 第48条: the case event — a 行政复议 or 行政诉讼 result that revokes or changes the decision,
recorded on the case — starts the withdrawal of what was published of it within 3 working days, with the reason
to publish; a result that upholds it starts nothing. Cases knows nothing of publicity (REVOKED_HOOKS)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from tests.publicity.test_publicity_pages import _published

from zhifa.cases import actions as cases
from zhifa.ledger.models import Entry
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.publicity import actions, rules
from zhifa.publicity.models import Publication, PublicationState
from zhifa.workdays.calendar import SHANGHAI

TODAY = dt.datetime.now(SHANGHAI).date()


def _challenged(world, decided, reviewer):
    """The decision published, served, executing, and the party's 行政复议 filed."""
    case, doc = decided
    _published(Publication.objects.get(case_id=case.pk), reviewer)
    cases.record_service(actor=world.u_officer, case=case, document=doc, method="direct", served_on=TODAY,
                         recipient="王大山")
    cases.move(actor=world.u_officer, case=case, target="execute")
    return cases.record_remedy(actor=world.u_unit_head, case=case, kind="reconsideration", filed_on=TODAY,
                               body="鞍山市人民政府")


@pytest.mark.parametrize("result, ground", [("revoked", "revoked"), ("changed", "changed")])
def test_a_result_revoking_or_changing_the_decision_starts_the_withdrawal_within_three_working_days(
        world, decided, reviewer, result, ground):
    remedy = _challenged(world, decided, reviewer)
    ended = TODAY + dt.timedelta(days=30)  # served a month later, across whatever holidays fall there
    with time_machine.travel(dt.datetime.combine(ended, dt.time(10), SHANGHAI)):
        cases.end_remedy(actor=world.u_unit_head, case=decided[0], remedy=remedy, ended_on=ended, result=result)
    pub = Publication.objects.get(case_id=decided[0].pk)
    assert pub.revocation["ground"] == ground and pub.revocation["revoked_on"] == f"{ended:%Y-%m-%d}"
    assert pub.revocation["reason"].startswith("鞍山市人民政府行政复议结果：")
    ob = Obligation.objects.get(subject_id=pub.pk, rule=rules.WITHDRAW_RULE)
    assert ob.state == ObligationState.OPEN and ob.due_at == rules.withdraw_due(ended).due_at
    assert Entry.objects.filter(kind="publication.revocation_recorded").count() == 1
    with time_machine.travel(dt.datetime.combine(ended, dt.time(11), SHANGHAI)):
        snap = actions.withdraw(actor=reviewer, publication=pub)  # the 公示审核员 then withdraws it
    assert "鞍山市人民政府行政复议结果" in snap.end_reason
    ob.refresh_from_db()
    assert ob.state == ObligationState.MET


def test_a_result_upholding_the_decision_leaves_the_publication_up(world, decided, reviewer):
    remedy = _challenged(world, decided, reviewer)
    cases.end_remedy(actor=world.u_unit_head, case=decided[0], remedy=remedy, ended_on=TODAY, result="upheld")
    pub = Publication.objects.get(case_id=decided[0].pk)
    assert pub.state == PublicationState.PUBLISHED and not pub.revocation
    assert not Obligation.objects.filter(subject_id=pub.pk, rule=rules.WITHDRAW_RULE).exists()
