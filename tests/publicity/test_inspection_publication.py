"""A 行政检查 result's publication (行政执法公示 第九条): drafted with the result, the four items — 执法机关、执法对象、
执法类别、执法结论 — due 20 working days later on the inspection's own obligation, which publishing through the
reviewer's workspace meets; the portal shows the four items, and the credit platform is not sent it (双公示 is
行政许可 and 行政处罚 only)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from tests.cases.test_inspection import checks, inspected  # noqa: F401  (the fixture)

from zhifa.cases import actions as cases
from zhifa.cases import inspection_rules
from zhifa.cases.models import InspectionResult
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.publicity import credit
from zhifa.publicity.models import OTHER_FIELDS, CreditDelivery, Publication, PublicationKind, PublicationState


def _obligations(model, pk):
    return Obligation.objects.filter(subject_type=ContentType.objects.get_for_model(model), subject_id=pk)


def test_an_inspection_result_publishes_its_four_items_within_twenty_working_days(client, checks, reviewer):  # noqa: F811
    result = cases.find_compliant(actor=checks.u_officer, case=inspected(checks))
    pub = Publication.objects.get(source_model="cases.inspectionresult", source_id=result.pk)
    today = timezone.localdate()
    assert (pub.kind, pub.state, set(pub.record)) == (PublicationKind.OTHER, PublicationState.DRAFT,
                                                       set(OTHER_FIELDS))
    assert (pub.record["执法机关"], pub.record["执法对象"], pub.record["执法结论"]) == (
        "鞍山市自然资源局", "鞍山某建材有限公司", "未发现违法违规行为，检查合格")
    assert pub.record["执法类别"] == "行政检查（土地利用和土地管理情况监督检查）"
    assert pub.publish_by == inspection_rules.result_publicity_due(today).last_day
    assert not _obligations(Publication, pub.pk).exists()  # one obligation: the inspection's own
    ob = _obligations(InspectionResult, result.pk).get(rule=inspection_rules.PUBLICITY_RULE)
    assert ob.state != ObligationState.MET

    client.force_login(reviewer)
    form = {f"m{i}": "accepted" for i in range(len(pub.marks))} | {"manual": ""}  # as the browser sends it
    assert client.post(f"/publicity/{pub.pk}/", form).status_code == 302
    assert client.post(f"/publicity/{pub.pk}/publish/").status_code == 302
    ob.refresh_from_db()
    assert ob.state == ObligationState.MET
    client.logout()
    snap = pub.snapshots.get()
    shown = client.get(f"/portal/publications/{snap.pk}/").content.decode()
    for name in ("执法机关", "执法对象", "执法类别", "执法结论"):
        assert name in shown and pub.record[name] in shown
    found = client.get("/portal/publications/", {"q": "建材"}).content.decode()
    assert f'href="/portal/publications/{snap.pk}/"' in found
    credit.fill(timezone.now())
    assert not CreditDelivery.objects.exists()
