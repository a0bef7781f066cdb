"""The case engine: a transition runs every guard its definition names, each check in one place; a refusal
names the rule; an archived case refuses every write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from tests.cases.conftest import ITEM, hand_in

from zhifa.cases import actions, guards
from zhifa.cases.models import Case, CaseState
from zhifa.catalog.processes import CASE_PROCESSES
from zhifa.core.errors import RuleViolation
from zhifa.records import actions as records
from zhifa.workdays.calendar import SHANGHAI

TODAY = dt.datetime.now(SHANGHAI).date()  # the agency's day, as timezone.localdate() gives it


def test_every_guard_of_every_case_process_has_its_one_check():
    named = {g.code for p in CASE_PROCESSES for g in p.guards()}
    assert named - set(guards.CHECKS) == set()


def opened(world, officers=None) -> Case:
    case = actions.register_case(
        actor=world.u_officer, unit=world.nr_team, process="punishment_general", source="inspection",
        title="某公司未经批准占用耕地案", summary="巡查发现。", item_code=ITEM, place=world.tiedong,
        act_on=TODAY - dt.timedelta(days=10), officers=officers or [world.zhang, world.li], lead=world.zhang,
        opinion="建议立案", parties=[world.company])
    actions.sign_opinion(actor=world.u_unit_head, case=case, step="open", agrees=True, text="同意")
    actions.sign_opinion(actor=world.u_head, case=case, step="open", agrees=True, text="同意")
    return case


def test_a_transition_out_of_order_is_refused_naming_the_stage(world, login):
    case = opened(world)
    response = login(world.u_officer).post(reverse("cases:move", args=[case.pk]), {"target": "decide"})
    assert response.status_code == 422
    assert "案件在“立案”环节，不能转入“作出决定”" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == "open"


def test_the_investigation_cannot_start_before_the_head_approves(world):
    case = actions.register_case(
        actor=world.u_officer, unit=world.nr_team, process="punishment_general", source="inspection", title="案",
        summary="摘要", item_code=ITEM, place=world.tiedong, act_on=TODAY, officers=[world.zhang, world.li],
        lead=world.zhang, opinion="建议立案", parties=[world.company])
    with pytest.raises(RuleViolation) as refused:
        actions.move(actor=world.u_officer, case=case, target="investigate")
    assert "立案尚未经行政机关负责人批准" in str(refused.value) and "第五十四条" in str(refused.value)


def test_one_officer_cannot_take_the_case_into_investigation(world, login):
    case = opened(world, officers=[world.zhang])
    page = login(world.u_officer).get(case.get_absolute_url()).content.decode()
    assert "✗" in page and "执法人员不得少于2人" in page  # the checklist says what is missing before the tap
    response = login(world.u_officer).post(reverse("cases:move", args=[case.pk]), {"target": "investigate"})
    assert response.status_code == 422 and "执法人员不得少于2人" in response.content.decode()


def test_an_officer_whose_credential_expired_the_day_before_no_longer_counts(world):
    case = opened(world)
    world.li.credentials.update(valid_to=TODAY - dt.timedelta(days=1))
    with pytest.raises(RuleViolation) as refused:
        actions.move(actor=world.u_officer, case=case, target="investigate")
    assert "李娜" in str(refused.value) and "执法人员不具备执法资格" in str(refused.value)


@pytest.fixture
def investigating(world, store):
    case = opened(world)
    actions.move(actor=world.u_officer, case=case, target="investigate")
    return case


def test_the_investigation_needs_av_of_each_marked_stage_or_a_written_reason(world, investigating, login):
    case = investigating
    client = login(world.u_officer)
    ev = hand_in(world)
    assert client.post(reverse("cases:link_evidence", args=[case.pk]),
                       {"evidence": ev.pk, "av_stage": "onsite"}).status_code == 302
    with pytest.raises(RuleViolation) as refused:
        actions.move(actor=world.u_officer, case=case, target="unit_review")
    assert "抽样取证、查封扣押" in str(refused.value)  # onsite is recorded; the other two are not explained
    empty = client.post(reverse("cases:no_av", args=[case.pk]), {"av_stage": "sampling", "reason": " "})
    assert empty.status_code == 422
    for stage in ("sampling", "seizure"):
        assert client.post(reverse("cases:no_av", args=[case.pk]),
                           {"av_stage": stage, "reason": "本案未进行该环节"}).status_code == 302
    assert ev.missing_description() == [] and ev.described_at is not None  # listed and described
    actions.move(actor=world.u_officer, case=case, target="unit_review")
    case.refresh_from_db()
    assert case.stage == "unit_review"


def test_another_agencys_evidence_cannot_be_linked(world, investigating, login):
    from zhifa.agencies.models import Role

    zj_officer = world.user("zj_officer", [(world.zj, Role.OFFICER)])
    ev = records.ingest_stream(actor=zj_officer, unit=world.zj, chunks=[b"x" * 80], original_name="别处.jpg",
                               description={"kind": "photo"})
    with pytest.raises(RuleViolation, match="只能登记本执法主体的证据"):
        actions.link_evidence(actor=world.u_officer, case=investigating, evidence=ev)


def test_an_archived_case_refuses_every_write(world, investigating):
    case = investigating
    Case.objects.filter(pk=case.pk).update(state=CaseState.ARCHIVED)  # as archiving will leave it
    writes = [
        lambda: actions.move(actor=world.u_officer, case=case, target="unit_review"),
        lambda: actions.sign_opinion(actor=world.u_head, case=case, step="decide", agrees=True, text="同意"),
        lambda: actions.assign_officers(actor=world.u_officer, case=case, officers=[world.zhang], lead=world.zhang),
        lambda: actions.explain_no_av(actor=world.u_officer, case=case, av_stage="sampling", reason="未抽样"),
        lambda: actions.link_evidence(actor=world.u_officer, case=case, evidence=hand_in(world)),
    ]
    for write in writes:
        with pytest.raises(RuleViolation, match="已归档"):
            write()
