"""The demo's 行政检查 (issue 12, item 8): a planned inspection found 合格, an ad-hoc one ordering 限期整改 and
waiting for its re-check, and one that became a 行政处罚 case carrying its evidence; each result due for
publication (PUB-04)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from zhifa.cases.models import Case, Inspection, InspectionOutcome, InspectionResult
from zhifa.obligations.models import Obligation


def test_the_demo_has_an_inspection_of_each_outcome(november_demo, client):
    inspections = {i.outcome: i for i in Inspection.objects.select_related("case", "plan", "rectification")}
    assert set(inspections) == {InspectionOutcome.COMPLIANT, InspectionOutcome.RECTIFY, InspectionOutcome.CASE}
    assert inspections[InspectionOutcome.COMPLIANT].plan is not None
    assert inspections[InspectionOutcome.COMPLIANT].case.stage == "close"
    waiting = inspections[InspectionOutcome.RECTIFY]
    assert waiting.case.stage == "rectify" and waiting.rectification.checked_on is None
    assert Obligation.objects.filter(subject_id=waiting.rectification.pk, rule="行政处罚法 第28条", state="open")
    became = inspections[InspectionOutcome.CASE]
    punishment = became.punishment_case
    assert punishment.process == "punishment_general" and punishment.evidence_links.exists()
    results = InspectionResult.objects.all()
    assert Obligation.objects.filter(subject_type=ContentType.objects.get_for_model(InspectionResult),
                                     subject_id__in=results.values("pk"), rule="PUB-04 检查结果公示").count() == 3
    client.force_login(punishment.assignments.get(lead=True).officer.person.user)
    page = client.get(f"/cases/{punishment.pk}/").content.decode()
    assert "本案由行政检查" in page
    assert client.get(f"/cases/{became.case.pk}/").status_code == 200
    assert Case.objects.filter(process="inspection").count() == 3
