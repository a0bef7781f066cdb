"""The demo's 行政许可 (issue 12, item 8): an application answered with a one-time notice, one waiting at the desk,
one past its 5th working day that the page says is accepted on receipt, one under review with its clock stopped for
an expert review, one licence issued, and its renewal, and one licence revoked (第69条) — each built through the write
functions."""

from __future__ import annotations

from zhifa.cases.models import Application, ApplicationState, Licence
from zhifa.obligations.models import Obligation


def test_the_demo_has_licence_applications_in_several_stages(november_demo, client):
    states = list(Application.objects.values_list("state", flat=True))
    assert states.count(ApplicationState.NOTIFIED) == 1 and states.count(ApplicationState.ACCEPTED) == 3
    noticed = Application.objects.get(state=ApplicationState.NOTIFIED)
    assert noticed.notice.template == "correction_notice" and noticed.corrections.exists()
    paused = Obligation.objects.get(rule="行政许可法 第42条", state="paused")
    assert paused.subject_id == Application.objects.get(case__stage="review").case_id
    renewal = Application.objects.get(purpose="renewal")
    assert renewal.licence.state == "valid" and renewal.licence.case.stage == "close"
    revoked = Licence.objects.get(state="revoked")
    assert revoked.end_reason and revoked.ended_on is not None
    deemed = Application.objects.get(state=ApplicationState.RECEIVED, case__summary__contains="宅基地")
    client.force_login(deemed.case.registered_by)
    page = client.get(f"/cases/{deemed.case_id}/").content.decode()
    assert "起即为受理" in page
    assert client.get("/cases/permits/").status_code == 200
