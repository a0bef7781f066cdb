"""公示信息更正 (PUB-07) through the pages the public and the 公示审核员 use: an application from a publication's
page with one evidence file, followed by its tracking number; the answer within the agency's period, which
meets the obligation; a correction published as a new version, the old one answerable and saying so."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from tests.publicity.conftest import WITNESS

from zhifa.ledger.models import Entry
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.publicity import actions, corrections, rules
from zhifa.publicity.models import (
    CorrectionRequest,
    Publication,
    PublicitySettings,
    PublishedSnapshot,
    SearchToken,
    settings_of,
)
from zhifa.records.models import Blob
from zhifa.workdays.calendar import SHANGHAI

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 200
APPLICANT = {"name": "王大山", "phone": "13904125678", "email": "", "wrong": "违法行为类型写错了",
             "should_be": "违法行为类型应为：未经批准占用土地"}


@pytest.fixture
def published(world, decided, reviewer):
    pub = Publication.objects.get(case_id=decided[0].pk)
    actions.mark(actor=reviewer, publication=pub, decisions=dict.fromkeys(range(len(pub.marks)), "accepted"))
    return actions.publish(actor=reviewer, publication=pub)


def _apply(client, snap, **extra):
    data = APPLICANT | {"evidence": SimpleUploadedFile("证明.png", PNG, content_type="image/png")} | extra
    return client.post(f"/portal/publications/{snap.pk}/correction/", data)


def _apply_directly(snap, address="192.0.2.1"):
    return corrections.apply(snapshot=snap, **APPLICANT, address=address)


def test_anyone_applies_from_the_publication_page_and_follows_it_by_its_number(client, published):
    page = client.get(f"/portal/publications/{published.pk}/").content.decode()
    assert f'href="/portal/publications/{published.pk}/correction/"' in page
    form = client.get(f"/portal/publications/{published.pk}/correction/")
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.content.decode()
    sent = _apply(client, published)
    assert sent.status_code == 302
    req = CorrectionRequest.objects.get()
    assert sent["Location"] == f"/portal/corrections/track/?number={req.tracking}"
    assert req.evidence is not None and Blob.objects.filter(sm3=req.evidence.sm3, size=len(PNG)).exists()
    assert Obligation.objects.get(rule="PUB-07").state == ObligationState.OPEN
    entry = Entry.objects.get(kind="publicity.correction_received")
    assert entry.chain == published.agency_id and "13904125678" not in str(entry.payload)
    shown = client.get(sent["Location"]).content.decode()
    assert req.tracking in shown and "核实中" in shown and f"{req.due_on:%Y-%m-%d}前" in shown
    assert "13904125678" not in shown and "违法行为类型写错了" not in shown  # nothing of the applicant's


def test_the_tracking_number_is_random_with_a_check_character(client, published):
    req = _apply_directly(published)
    assert len(req.tracking) == 10 and corrections.read_tracking(req.tracking.lower()) == req.tracking
    other = _apply_directly(published, address="192.0.2.2")
    assert other.tracking != req.tracking and other.pk == req.pk + 1
    typo = ("1" if req.tracking[0] != "1" else "2") + req.tracking[1:]
    assert corrections.read_tracking(typo) is None
    wrong = client.get("/portal/corrections/track/", {"number": typo})
    assert wrong.status_code == 404 and "没有这个查询号" in wrong.content.decode()


def test_the_same_application_sent_twice_is_made_once(client, published):
    assert _apply(client, published).status_code == 302
    assert _apply(client, published).status_code == 302
    assert CorrectionRequest.objects.count() == 1
    assert Entry.objects.filter(kind="publicity.correction_received").count() == 1


def test_the_reviewer_finds_it_in_the_queue_and_a_correction_publishes_a_new_version(client, published, reviewer):
    assert _apply(client, published).status_code == 302
    req = CorrectionRequest.objects.get()
    client.force_login(reviewer)
    todo = client.get("/todo/").content.decode()
    assert "核实并答复公示信息更正申请" in todo and f"/publicity/corrections/{req.pk}/" in todo
    page = client.get(f"/publicity/corrections/{req.pk}/").content.decode()
    assert "王大山" in page and "13904125678" in page and "证明.png" in page
    assert client.get(f"/publicity/corrections/{req.pk}/evidence/").getvalue() == PNG
    opened = Entry.objects.get(kind="publicity.correction_evidence_opened")
    assert opened.actor_id == reviewer.pk and json.loads(opened.payload)["sm3"] == req.evidence.sm3
    answered = client.post(f"/publicity/corrections/{req.pk}/", {
        "result": "corrected", "reason": "经核实，原公示的违法行为类型有误",
        "remedy": rules.CORRECTION_REMEDY, "changes": f"违法行为类型=未经批准占用土地（见证人{WITNESS}）"})
    assert answered.status_code == 302
    req.refresh_from_db()
    new = req.corrected
    assert new is not None and new.version == 2 and new.current and new.visible_until == published.visible_until
    assert new.fields["违法行为类型"].startswith("未经批准占用土地") and WITNESS not in str(new.fields)  # redacted
    published.refresh_from_db()
    assert not published.current
    assert set(SearchToken.objects.values_list("snapshot", flat=True)) == {new.pk}
    assert Obligation.objects.get(rule="PUB-07").state == ObligationState.MET
    assert {"publicity.correction_answered", "publicity.corrected"} <= set(Entry.objects.values_list("kind", flat=True))
    client.logout()
    old = client.get(f"/portal/publications/{published.pk}/").content.decode()
    assert "更正" in old and f'href="/portal/publications/{new.pk}/"' in old
    found = client.get("/portal/publications/", {"q": "王大"}).content.decode()
    assert f"/portal/publications/{new.pk}/" in found and f"/portal/publications/{published.pk}/\"" not in found
    tracked = client.get("/portal/corrections/track/", {"number": req.tracking}).content.decode()
    for shown in ("予以更正", "经核实，原公示的违法行为类型有误", "行政复议", "行政诉讼",
                  f"/portal/publications/{new.pk}/"):
        assert shown in tracked, shown


def test_a_refused_correction_changes_nothing_published(client, published, reviewer):
    req = _apply_directly(published)
    with pytest.raises(corrections.RuleViolation, match="更正内容"):
        corrections.answer(actor=reviewer, request=req, result="refused", reason="无误", remedy="可申请复议",
                           changes="违法行为类型=其他")
    corrections.answer(actor=reviewer, request=req, result="refused", reason="经核实，公示信息无误",
                       remedy=rules.CORRECTION_REMEDY)
    assert PublishedSnapshot.objects.count() == 1 and PublishedSnapshot.objects.get().current
    with pytest.raises(corrections.RuleViolation, match="已于"):  # a second answer does not act twice
        corrections.answer(actor=reviewer, request=req, result="corrected", reason="x", remedy="y",
                           changes="违法行为类型=其他")


def test_an_officer_cannot_answer_and_another_agency_does_not_see_it(client, world, published):
    req = _apply_directly(published)
    client.force_login(world.u_officer)
    assert client.get(f"/publicity/corrections/{req.pk}/").status_code == 404
    with pytest.raises(Exception):  # noqa: B017 — out of sight is 404, in sight without the right PermissionDenied
        corrections.answer(actor=world.u_officer, request=req, result="refused", reason="r", remedy="m")


@pytest.mark.parametrize("received, workdays, due", [
    # 国庆 2026: 9-30 the 1st working day, 10-08 the 2nd, the 调休 Saturday 10-10 the 4th … 10-26 the 15th
    (dt.date(2026, 9, 29), 15, dt.date(2026, 10, 26)),
    (dt.date(2026, 9, 29), 5, dt.date(2026, 10, 12)),
    # the year end: 12-29, 12-30, 12-31, (元旦) 01-04, 01-05
    (dt.date(2026, 12, 28), 5, dt.date(2027, 1, 5)),
])
def test_the_answer_is_due_after_the_agencys_working_days_across_holidays(db, received, workdays, due):
    assert rules.correction_due(received, workdays).last_day == due


def test_an_application_is_due_by_the_default_or_the_agency_set_period(client, world, published):
    with time_machine.travel(dt.datetime(2026, 9, 29, 10, 0, tzinfo=SHANGHAI), tick=False):
        assert _apply_directly(published).due_on == dt.date(2026, 10, 26)  # the default, 15 working days
        client.force_login(world.u_head)
        saved = client.post("/publicity/settings/", {"agency": world.nr.pk, "correction_workdays": 5,
                                                     "publish_simple_penalties": "on"})
        assert saved.status_code == 302 and settings_of(world.nr).correction_workdays == 5
        assert _apply_directly(published, address="192.0.2.9").due_on == dt.date(2026, 10, 12)
    ob = Obligation.objects.filter(rule="PUB-07").order_by("-pk").first()
    assert ob is not None and timezone.localdate(ob.due_at) == dt.date(2026, 10, 12)


def test_the_settings_page_is_the_heads_and_refuses_a_period_out_of_range(client, world, reviewer):
    client.force_login(world.u_head)
    page = client.get("/publicity/settings/")
    assert page.status_code == 200 and "15个工作日" in page.content.decode()
    refused = client.post("/publicity/settings/", {"agency": world.nr.pk, "correction_workdays": 0})
    assert refused.status_code == 422 and not PublicitySettings.objects.exists()
    client.force_login(reviewer)
    assert client.get("/publicity/settings/").status_code == 403
