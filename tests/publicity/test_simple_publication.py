"""A 当场行政处罚决定书 (简易程序) drafts its publication in the decision's transaction, due 7 working days later
(行政处罚法 第48条: 具有一定社会影响的行政处罚决定应当依法公开) — unless the agency chose not to publish its 简易程序
decisions (PublicitySettings.publish_simple_penalties, on by default)."""

from __future__ import annotations

from tests.cases.test_simple import decided, person  # noqa: F401  (person: the fixture)

from zhifa.cases.models import SimpleRecord
from zhifa.obligations.models import Obligation
from zhifa.publicity import corrections, rules
from zhifa.publicity.models import Publication, PublicationKind


def test_an_onsite_penalty_drafts_its_publication_by_default(world, person):  # noqa: F811
    case = decided(world, person)
    pub = Publication.objects.get(case_id=case.pk)
    assert pub.kind == PublicationKind.PENALTY and pub.source_model == "documents.issueddocument"
    assert pub.decision_number == SimpleRecord.objects.get(case=case).decision.number and pub.party_name == "王小明"
    record = pub.record
    shown = (record["处罚类别"], record["罚款金额（万元）"], record["处罚内容"])
    assert shown == ("罚款", "0.02", "罚款人民币200.00元")
    assert record["违法事实"] == "在铁东区胜利路东侧空地擅自堆放建材约20平方米"
    assert pub.publish_by == rules.publish_due(PublicationKind.PENALTY, pub.decided_on).last_day
    assert Obligation.objects.filter(rule=rules.PUBLISH_RULE, subject_id=pub.pk).exists()
    assert any(m["text"] == person.id_number for m in pub.marks)  # redaction suggested from the case


def test_an_agency_that_does_not_publish_simple_penalties_drafts_none(world, person):  # noqa: F811
    corrections.update_settings(actor=world.u_head, agency=world.nr, correction_workdays=15,
                                publish_simple_penalties=False)
    case = decided(world, person)
    assert SimpleRecord.objects.get(case=case).decision is not None
    assert not Publication.objects.filter(case_id=case.pk).exists()
