"""Registering a case and 立案: the handler's opinion, the unit head's, the agency head's approval (行政处罚法
第54条), each once and in that order; the team checked by the may-act rule; 404 outside one's reach."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from tests.cases.conftest import ITEM

from zhifa.cases import actions
from zhifa.cases.models import Case, CaseState, Opinion, OpinionRole
from zhifa.core.errors import RuleViolation
from zhifa.ledger.chain import entries_about

TODAY = dt.date.today()  # the items list takes effect the day it is published, so these cases are of today
ACT_ON = TODAY - dt.timedelta(days=15)


def form(world, **overrides):
    return {"process": "punishment_general", "unit": world.nr_team.pk, "source": "inspection", "source_note": "",
            "item_code": ITEM, "title": "某公司未经批准占用耕地案", "summary": "巡查发现占用耕地建房约300平方米。",
            "place": world.tiedong.pk, "act_on": ACT_ON.isoformat(), "act_ended_on": "",
            "officers": [world.zhang.pk, world.li.pk], "lead": world.zhang.pk, "opinion": "建议立案调查",
            "parties": [world.company.pk]} | overrides


def register(world, **overrides):
    values = {"process": "punishment_general", "unit": world.nr_team, "source": "inspection", "item_code": ITEM,
              "title": "某公司未经批准占用耕地案", "summary": "巡查发现。", "place": world.tiedong,
              "act_on": ACT_ON, "officers": [world.zhang, world.li], "lead": world.zhang,
              "opinion": "建议立案", "parties": [world.company]} | overrides
    return actions.register_case(actor=world.u_officer, **values)


def test_an_officer_registers_a_case_through_the_page_and_it_waits_for_the_unit_head(world, login):
    response = login(world.u_officer).post(reverse("cases:register"), form(world))
    assert response.status_code == 302, response.content.decode()
    case = Case.objects.get()
    assert case.stage == "open" and case.state == CaseState.ACTIVE and case.opened_on is None
    assert case.item_name == "对非法占用土地的行政处罚" and case.domain == world.d_nr
    assert [(a.officer, a.lead) for a in case.assignments.all()] == [(world.zhang, True), (world.li, False)]
    assert [e.kind for e in entries_about(case)] == ["case.registered"]
    waiting = login(world.u_unit_head).get(reverse("work:todo")).content.decode()
    assert f'id="w-case_unit_opinion-{case.pk}"' in waiting and "立案审批：某公司未经批准占用耕地案" in waiting


def test_the_unit_head_then_the_agency_head_sign_and_the_case_is_opened_that_day(world, login):
    case = register(world)
    login(world.u_unit_head).post(reverse("cases:opinion", args=[case.pk]),
                                  {"step": "open", "agrees": "1", "text": "同意立案"})
    assert f"case_approval-{case.pk}" in login(world.u_head).get(reverse("work:todo")).content.decode()
    response = login(world.u_head).post(reverse("cases:opinion", args=[case.pk]),
                                        {"step": "open", "agrees": "1", "text": "同意"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.opened_on == TODAY
    roles = list(Opinion.objects.filter(case=case).values_list("role", "by_name"))
    assert [r for r, _ in roles] == [OpinionRole.HANDLER, OpinionRole.UNIT, OpinionRole.HEAD]
    again = login(world.u_head).post(reverse("cases:opinion", args=[case.pk]),
                                     {"step": "open", "agrees": "1", "text": "同意"})
    assert again.status_code == 422 and "案件已立案" in again.content.decode()  # a second tap acts once
    assert Opinion.objects.filter(case=case).count() == 3


def test_the_case_page_names_each_signer_of_the_opening_by_name_never_by_login(world, login):
    """The 立案审批 opinions and the timeline name 张伟, 王刚 and 孙立国 — the people — and none of their logins."""
    case = register(world)
    actions.sign_opinion(actor=world.u_unit_head, case=case, step="open", agrees=True, text="同意立案")
    actions.sign_opinion(actor=world.u_head, case=case, step="open", agrees=True, text="同意")
    page = login(world.u_head).get(case.get_absolute_url()).content.decode()
    opinions = page.split('id="open-h"')[1].split("</section>")[0]
    for role, name in ((OpinionRole.HANDLER, "张伟"), (OpinionRole.UNIT, "王刚"), (OpinionRole.HEAD, "孙立国")):
        assert f"<strong>{role.label}</strong>（{name}，" in opinions
    main = page.split("<main")[1]
    for user in (world.u_officer, world.u_unit_head, world.u_head):
        assert user.get_username() not in main


def test_the_agency_head_cannot_sign_before_the_unit_head(world):
    case = register(world)
    with pytest.raises(RuleViolation) as refused:
        actions.sign_opinion(actor=world.u_head, case=case, step="open", agrees=True, text="同意")
    assert "须先由承办机构负责人签署审核意见" in str(refused.value)


def test_a_refused_opening_closes_the_case_with_its_reason(world):
    case = register(world)
    actions.sign_opinion(actor=world.u_unit_head, case=case, step="open", agrees=True, text="同意")
    actions.sign_opinion(actor=world.u_head, case=case, step="open", agrees=False, text="证据不足，不予立案")
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.opened_on is None
    with pytest.raises(RuleViolation, match="已结案"):
        actions.move(actor=world.u_officer, case=case, target="investigate")


def test_an_officer_whose_credential_expired_the_day_before_is_not_assigned(world, login):
    world.wang.credentials.update(valid_to=TODAY - dt.timedelta(days=1))
    response = login(world.u_officer).post(reverse("cases:register"), form(world, officers=[world.zhang.pk,
                                                                                            world.wang.pk]))
    assert response.status_code == 422
    body = response.content.decode()
    assert "王强" in body and "执法人员不具备执法资格" in body
    assert not Case.objects.exists()


@pytest.mark.parametrize("overrides, field, words", [
    ({"act_on": (TODAY + dt.timedelta(days=1)).isoformat()}, "act_on", "不能晚于今天"),
    ({"act_ended_on": (ACT_ON - dt.timedelta(days=1)).isoformat()}, "act_ended_on", "不能早于发生日"),
    ({"act_on": "2026/11/x"}, "act_on", ""),
    ({"title": "  "}, "title", ""),
    ({"lead": ""}, "lead", ""),
])
def test_bad_input_is_refused_beside_its_field_and_nothing_is_stored(world, login, overrides, field, words):
    response = login(world.u_officer).post(reverse("cases:register"), form(world, **overrides))
    assert response.status_code == 422
    assert words in response.content.decode()
    assert field in response.context["form"].errors
    assert not Case.objects.exists()


def test_another_agencys_case_answers_like_a_missing_one(world, login):
    case = register(world)
    for user in (world.u_zj_head, world.u_ly_head):
        assert login(user).get(reverse("cases:detail", args=[case.pk])).status_code == 404
        assert login(user).post(reverse("cases:move", args=[case.pk]), {"target": "investigate"}).status_code == 404
    assert login(world.u_head).get(reverse("cases:detail", args=[case.pk + 1000])).status_code == 404


def test_an_act_past_the_two_year_limitation_is_not_registered_and_one_on_its_last_day_is(world, login):
    # 行政处罚法 第36条: two years from the act, to the same date (the last day counts)
    last_day = TODAY.replace(year=TODAY.year - 2)
    late = login(world.u_officer).post(reverse("cases:register"), form(
        world, act_on=(last_day - dt.timedelta(days=1)).isoformat()))
    assert late.status_code == 422 and "超过二年追责期限" in late.content.decode()
    assert not Case.objects.exists()
    harm = login(world.u_officer).post(reverse("cases:register"), form(
        world, act_on=(last_day - dt.timedelta(days=1)).isoformat(), grave_harm="on"))
    assert harm.status_code == 302  # five years where life, health or financial safety was harmed
    in_time = login(world.u_officer).post(reverse("cases:register"), form(world, act_on=last_day.isoformat()))
    assert in_time.status_code == 302


def test_opening_a_case_starts_its_ninety_day_decision_deadline_for_the_lead_officer(world):
    from zhifa.obligations.models import Obligation

    case = register(world)
    actions.sign_opinion(actor=world.u_unit_head, case=case, step="open", agrees=True, text="同意")
    actions.sign_opinion(actor=world.u_head, case=case, step="open", agrees=True, text="同意")
    ob = Obligation.objects.get(rule="行政处罚法 第60条")
    assert ob.subject == case and ob.assignee == world.u_officer
    assert ob.due_at.date() == TODAY + dt.timedelta(days=90)  # the day of 立案 not counted


def test_the_approval_issues_the_numbered_case_approval_form_and_the_case_takes_its_number(world):
    from zhifa.cases.actions import set_document_code
    from zhifa.documents.access import documents_about

    set_document_code(actor=world.u_head, agency=world.nr, code="鞍自然资")
    numbers = []
    for title in ("甲案", "乙案"):
        case = register(world, title=title)
        actions.sign_opinion(actor=world.u_unit_head, case=case, step="open", agrees=True, text="同意立案")
        actions.sign_opinion(actor=world.u_head, case=case, step="open", agrees=True, text="同意")
        case.refresh_from_db()
        form = documents_about(case).get()
        assert form.title == "立案审批表" and form.number == case.number
        assert form.values["当事人名称"] == "鞍山某建材有限公司" and form.values["负责人审批意见"] == "同意"
        assert form.values["承办人员"].startswith("张伟（21030001）")
        assert form.values["违反的规定"] == "《土地管理法》第七十七条"  # the item's basis, as read
        numbers.append(case.number)
    assert numbers == [f"鞍自然资立字〔{TODAY.year}〕1号", f"鞍自然资立字〔{TODAY.year}〕2号"]
    refused = register(world, title="丙案")
    actions.sign_opinion(actor=world.u_unit_head, case=refused, step="open", agrees=True, text="同意")
    actions.sign_opinion(actor=world.u_head, case=refused, step="open", agrees=False, text="不予立案")
    refused.refresh_from_db()
    assert refused.number == "" and not documents_about(refused).exists()


def test_a_case_needs_its_party_from_the_register(world, login):
    response = login(world.u_officer).post(reverse("cases:register"), form(world, parties=[]))
    assert response.status_code == 422 and "parties" in response.context["form"].errors
    assert not Case.objects.exists()
