"""The other 执法决定 (行政执法公示办法 第九条; 国办发〔2018〕118号): a 征收 decision — as a 行政强制 or 收费
decision — drafts its publication with the four items, 执法机关、执法对象、执法类别、执法结论, due 20 working days
later on an obligation of its own, which publishing meets; it is on the portal and not sent to the credit
platform."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from tests.cases.test_levy import decided, idle_land, levies, start  # noqa: F401  (the fixture)

from zhifa.obligations.models import Obligation, ObligationState
from zhifa.publicity import actions, credit, rules
from zhifa.publicity.models import OTHER_FIELDS, CreditDelivery, Publication, PublicationKind, PublicationState


def test_a_levy_decision_publishes_its_four_items_within_twenty_working_days(client, levies, reviewer):  # noqa: F811
    case = start(levies)
    idle_land(levies, case)
    doc = decided(levies, case)
    pub = Publication.objects.get(source_model="documents.issueddocument", source_id=doc.pk)
    assert (pub.kind, pub.state, set(pub.record)) == (PublicationKind.OTHER, PublicationState.DRAFT,
                                                       set(OTHER_FIELDS))
    assert pub.record["执法机关"] == "鞍山市自然资源局" and pub.record["执法对象"] == levies.company.name
    assert pub.record["执法类别"] == "行政征收征用" and pub.record["执法结论"] == f"作出征收决定书（{doc.number}）"
    due = rules.publish_due(PublicationKind.OTHER, timezone.localdate(doc.issued_at), inspection=False)
    ob = Obligation.objects.get(subject_type=ContentType.objects.get_for_model(Publication), subject_id=pub.pk)
    assert (ob.rule, ob.due_at, pub.publish_by) == (rules.OTHER_DECISION_RULE, due.due_at, due.last_day)
    actions.mark(actor=reviewer, publication=pub, decisions=dict.fromkeys(range(len(pub.marks)), "accepted"))
    snap = actions.publish(actor=reviewer, publication=pub)
    ob.refresh_from_db()
    assert ob.state == ObligationState.MET
    shown = client.get(f"/portal/publications/{snap.pk}/").content.decode()
    assert all(pub.record[name] in shown for name in ("执法机关", "执法对象", "执法类别", "执法结论"))
    credit.fill(timezone.now())
    assert not CreditDelivery.objects.exists()
