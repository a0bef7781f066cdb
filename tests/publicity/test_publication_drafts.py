"""PUB-04: a 行政处罚 decision makes its publication draft in the same transaction, with an obligation due 7 working
days later; its 双公示 items; the case's own knowledge (the witness who signed the notice's service) and the
patterns suggest the redaction, which a 公示审核员 confirms before the snapshot is frozen."""

from __future__ import annotations

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from tests.publicity.conftest import PARTY_ID, WITNESS, WITNESS_ID

from zhifa.core.errors import RuleViolation
from zhifa.ledger.models import Entry
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.publicity import actions, rules
from zhifa.publicity.models import PENALTY_FIELDS, Publication, PublicationKind, PublicationState
from zhifa.workdays.calendar import add_months


def _obligation(pub, rule):
    return Obligation.objects.get(subject_type=ContentType.objects.get_for_model(Publication), subject_id=pub.pk,
                                  rule=rule)


def test_a_penalty_decision_drafts_its_publication_due_seven_working_days_later(world, decided):
    case, doc = decided
    pub = Publication.objects.get(case_id=case.pk)
    assert (pub.kind, pub.state, pub.decision_number, pub.party_name) == (
        PublicationKind.PENALTY, PublicationState.DRAFT, doc.number, "王大山")
    assert pub.natural_person and set(pub.record) == set(PENALTY_FIELDS)  # shown in the order of PENALTY_FIELDS
    assert pub.record["罚款金额（万元）"] == "0.05" and pub.record["处罚机关"] == "鞍山市自然资源局"
    assert pub.record["证件号码"] == PARTY_ID and pub.record["行政相对人类别"] == "自然人"
    due = rules.publish_due(PublicationKind.PENALTY, timezone.localdate(doc.issued_at))
    ob = _obligation(pub, rules.PUBLISH_RULE)
    assert (pub.publish_by, ob.due_at, ob.state) == (due.last_day, due.due_at, ObligationState.OPEN)


def test_the_suggestions_come_from_the_case_then_from_the_patterns(world, decided):
    pub = Publication.objects.get(case_id=decided[0].pk)
    by_text = {m["text"]: m for m in pub.marks}
    assert by_text[WITNESS]["replacement"] == "孙某某" and by_text[WITNESS]["origin"] == "case"
    assert by_text[PARTY_ID]["origin"] == "case"
    assert by_text[WITNESS_ID]["reason"] == "身份证号码" and by_text["138-4123-5678"]["reason"] == "手机号码"
    assert by_text["0412 5551234"]["reason"] == "固定电话号码" and "辽C·D12345" in by_text
    assert "王大山" not in by_text and "张伟" not in by_text  # the party and the officers are public
    assert all(m["state"] == "suggested" for m in pub.marks)


def test_publishing_needs_the_reviewer_to_decide_every_suggestion(world, decided, reviewer):
    pub = Publication.objects.get(case_id=decided[0].pk)
    with pytest.raises(RuleViolation, match="确认技术处理"):
        actions.publish(actor=reviewer, publication=pub)
    with pytest.raises(Http404):  # an officer does not see publications
        actions.mark(actor=world.u_officer, publication=pub, decisions={})
    with pytest.raises(PermissionDenied):  # a supervisor sees them and changes nothing
        actions.mark(actor=world.u_supervisor, publication=pub, decisions={})
    actions.mark(actor=reviewer, publication=pub, decisions={0: "accepted"})
    with pytest.raises(RuleViolation, match="未确认"):
        actions.publish(actor=reviewer, publication=pub)


def test_the_snapshot_holds_only_the_redacted_text_and_its_digest(world, decided, reviewer):
    pub = Publication.objects.get(case_id=decided[0].pk)
    landline = next(i for i, m in enumerate(pub.marks) if m["text"] == "0412 5551234")
    decisions = {i: "accepted" for i in range(len(pub.marks))} | {landline: "rejected"}
    actions.mark(actor=reviewer, publication=pub, decisions=decisions, manual=[("某村", "××村")])
    snap = actions.publish(actor=reviewer, publication=pub)
    shown = snap.text + "".join(str(v) for v in snap.fields.values())
    for secret in (WITNESS, WITNESS_ID, PARTY_ID, "138-4123-5678", "胜利路", "辽C·D12345", "某村"):
        assert secret not in shown
    assert "孙某某" in snap.text and "0412 5551234" in snap.text  # the rejected suggestion stays
    assert "证件号码" not in snap.fields and snap.fields["公示截止期"] == f"{snap.visible_until:%Y-%m-%d}"
    assert snap.fields["处罚机关统一社会信用代码"] == world.nr.uscc  # a code, not a phone number
    assert snap.published_by_name == "孙丽" and len(snap.sm3) == 64
    pub.refresh_from_db()
    assert pub.state == PublicationState.PUBLISHED and pub.reviewer == reviewer
    assert _obligation(pub, rules.PUBLISH_RULE).state == ObligationState.MET
    entry = Entry.objects.filter(kind="publication.published").latest("seq")
    payload = json.loads(entry.payload)
    assert payload["reviewer"] == "孙丽" and payload["sm3"] == snap.sm3
    assert {d["state"] for d in payload["redaction"]} == {"accepted", "rejected"}
    assert WITNESS_ID not in entry.payload  # the diff keeps originals by their SM3 only


def test_a_revoked_decision_is_withdrawn_with_its_reason_within_three_working_days(world, decided, reviewer):
    pub = Publication.objects.get(case_id=decided[0].pk)
    actions.mark(actor=reviewer, publication=pub, decisions={i: "accepted" for i in range(len(pub.marks))})
    actions.publish(actor=reviewer, publication=pub)
    today = timezone.localdate()
    with pytest.raises(RuleViolation, match="登记决定被撤销"):
        actions.withdraw(actor=reviewer, publication=pub)
    actions.record_revocation(actor=reviewer, publication=pub, ground="revoked", revoked_on=today,
                              reason="经行政复议，鞍山市人民政府决定撤销")
    ob = _obligation(pub, rules.WITHDRAW_RULE)
    assert ob.due_at == rules.withdraw_due(today).due_at
    snap = actions.withdraw(actor=reviewer, publication=pub)
    assert snap.state == PublicationState.WITHDRAWN and "被依法撤销" in snap.end_reason
    assert _obligation(pub, rules.WITHDRAW_RULE).state == ObligationState.MET


def test_the_period_ends_by_the_sweep_and_credit_repair_waits_its_minimum(world, decided, reviewer, time_machine):
    pub = Publication.objects.get(case_id=decided[0].pk)
    actions.mark(actor=reviewer, publication=pub, decisions={i: "accepted" for i in range(len(pub.marks))})
    snap = actions.publish(actor=reviewer, publication=pub)
    with pytest.raises(RuleViolation, match="最短公示期为3个月"):
        actions.take_down_repaired(actor=reviewer, publication=pub, severity="general", reason="已缴清罚款")
    assert actions.expire_due()["expired"] == 0
    time_machine.move_to(snap.published_at + (snap.visible_until - timezone.localdate(snap.published_at))
                         + timezone.timedelta(days=1))
    assert actions.expire_due() == {"expired": 1}
    snap.refresh_from_db()
    assert snap.state == PublicationState.EXPIRED and snap.ended_at is not None


@pytest.fixture
def party_names_masked(settings):
    settings.ZHIFA_PUBLICITY_MASK_PARTY_NAME = True  # before the decision drafts its publication


def test_where_the_rules_want_it_a_natural_persons_own_name_is_published_as_surname_mou(
        client, party_names_masked, world, decided, reviewer):
    pub = Publication.objects.get(case_id=decided[0].pk)
    assert {m["text"]: m["replacement"] for m in pub.marks}["王大山"] == "王某某"
    actions.mark(actor=reviewer, publication=pub, decisions=dict.fromkeys(range(len(pub.marks)), "accepted"))
    snap = actions.publish(actor=reviewer, publication=pub)
    assert snap.party_name == snap.fields["行政相对人名称"] == "王某某"
    page = client.get(f"/portal/publications/{snap.pk}/").content.decode()
    assert "王大山" not in page and "王某某" in page
    assert f"/portal/publications/{snap.pk}/" not in client.get("/portal/publications/", {"q": "大山"}).content.decode()


def test_a_period_a_law_sets_is_given_with_its_source_at_publishing_and_refused_without_it(client, world, decided,
                                                                                          reviewer):
    pub = Publication.objects.get(case_id=decided[0].pk)
    actions.mark(actor=reviewer, publication=pub, decisions=dict.fromkeys(range(len(pub.marks)), "accepted"))
    client.force_login(reviewer)
    url = f"/publicity/{pub.pk}/publish/"
    for bad, said in (({"period_months": "36"}, "请写明依据"),
                      ({"period_months": "0", "period_basis": "某法"}, "1至120个月"),
                      ({"period_basis": "某法第九条"}, "请同时填写法律规定的公示期限")):
        refused = client.post(url, bad)
        assert refused.status_code == 422 and said in refused.content.decode()
    assert not pub.snapshots.exists()
    basis = "《某某管理条例》第三十条"
    assert client.post(url, {"period_months": "36", "period_basis": basis}).status_code == 302
    snap = pub.snapshots.get()
    today = timezone.localdate(snap.published_at)
    assert snap.visible_until == add_months(today, 36) != rules.visible_until(today, pub.natural_person)
    assert snap.fields["公示截止期"] == f"{snap.visible_until:%Y-%m-%d}"
    assert json.loads(Entry.objects.get(kind="publication.published").payload)["period_basis"] == basis
