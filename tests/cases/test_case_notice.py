"""事先告知 and after: the notice with the proposed penalty and the hearing right it gives (行政处罚法 第44、63条),
its service each way with what that way needs (第61条), the statement and its review (第45条), the hearing request
period (第64条) — each guard passing only on the facts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from tests.cases.conftest import investigated

from zhifa.cases import actions
from zhifa.cases.models import Case
from zhifa.core.errors import RuleViolation
from zhifa.workdays.calendar import SHANGHAI

TODAY = dt.datetime.now(SHANGHAI).date()  # the agency's day, as timezone.localdate() gives it


@pytest.fixture
def at_notify(world, store) -> Case:
    """A case investigated, reviewed and at 事先告知."""
    case = investigated(world)
    actions.move(actor=world.u_officer, case=case, target="notify")
    return case


def notify(world, case, fine="5000", kinds=("fine",), confiscated="0"):
    return actions.issue_notice(
        actor=world.u_officer, case=case, kinds=list(kinds), fine=Decimal(fine), confiscated=Decimal(confiscated),
        facts="未经批准占用集体土地1200平方米建设厂房", evidence="现场检查笔录、现场照片",
        violated="《中华人民共和国土地管理法》第四十四条", penalty_basis="《中华人民共和国土地管理法》第七十七条",
        reason="属一般情节", contact="张伟 0412-0000000", agency_address="鞍山市铁东区某街1号")


def test_the_notice_is_numbered_and_a_fine_below_the_threshold_gives_no_hearing(world, at_notify):
    notice = notify(world, at_notify)
    assert notice.document.title == "行政处罚事先告知书" and "罚告字" in notice.document.number
    assert notice.hearing_grounds == "" and notice.document.values["拟处罚内容"] == "罚款5,000.00元"
    with pytest.raises(RuleViolation, match="尚未送达"):
        actions.move(actor=world.u_officer, case=at_notify, target="statement")


def test_a_large_fine_for_an_organisation_gives_a_hearing_right(world, at_notify):
    notice = notify(world, at_notify, fine="10000")  # 较大数额 for an organisation: 10,000 元 and above
    assert notice.hearing_grounds and notice.document.values["听证权利"] is True


@pytest.mark.parametrize("method, missing, field", [
    ("direct", {"recipient": ""}, "recipient"), ("mail", {"tracking_number": ""}, "tracking_number"),
    ("left", {"witness": ""}, "witness"), ("left", {"reason": ""}, "reason"),
    ("public", {"published_on": None}, "published_on"), ("electronic", {}, "method"),
])
def test_each_way_of_service_needs_what_the_law_asks_of_it(world, at_notify, method, missing, field):
    notice = notify(world, at_notify)
    given = {"served_on": TODAY, "recipient": "赵丽华", "tracking_number": "EMS1234567890", "witness": "村委会主任",
             "reason": "当事人拒收", "medium": "鞍山日报", "published_on": TODAY} | missing
    with pytest.raises(RuleViolation) as refused:
        actions.record_service(actor=world.u_officer, case=at_notify, document=notice.document, method=method,
                               **given)
    assert refused.value.field == field


def test_a_public_notice_counts_as_served_thirty_days_after_publication(world, at_notify):
    notice = notify(world, at_notify)
    service = actions.record_service(actor=world.u_officer, case=at_notify, document=notice.document,
                                     method="public", reason="当事人下落不明，其他方式无法送达", medium="鞍山日报",
                                     published_on=TODAY)
    assert service.served_on == TODAY + dt.timedelta(days=30)


def test_after_service_and_a_reviewed_statement_the_case_goes_on_to_decision(world, at_notify):
    notice = notify(world, at_notify)
    actions.record_service(actor=world.u_officer, case=at_notify, document=notice.document, method="direct",
                           served_on=TODAY, recipient="赵丽华")
    actions.move(actor=world.u_officer, case=at_notify, target="statement")
    with pytest.raises(RuleViolation, match="陈述申辩期限至"):
        actions.move(actor=world.u_officer, case=at_notify, target="decide")
    with pytest.raises(RuleViolation) as no_review:
        actions.record_statement(actor=world.u_officer, case=at_notify, received_on=TODAY, content="已整改")
    assert no_review.value.field == "review"
    actions.record_statement(actor=world.u_officer, case=at_notify, received_on=TODAY, content="已停止建设",
                             review="所称事实属实，但不影响违法性认定，不予采纳")
    actions.move(actor=world.u_officer, case=at_notify, target="decide")
    at_notify.refresh_from_db()
    assert at_notify.stage == "decide"


def test_the_hearing_period_holds_the_case_until_it_runs_out(world, at_notify):
    notice = notify(world, at_notify, fine="20000")
    actions.record_service(actor=world.u_officer, case=at_notify, document=notice.document, method="direct",
                           served_on=TODAY, recipient="赵丽华")
    actions.move(actor=world.u_officer, case=at_notify, target="statement")
    actions.record_statement(actor=world.u_officer, case=at_notify, received_on=TODAY, waived=True)
    with pytest.raises(RuleViolation, match="听证申请期限至"):
        actions.move(actor=world.u_officer, case=at_notify, target="decide")
    with time_machine.travel(TODAY + dt.timedelta(days=20)):  # well past 5 working days
        actions.move(actor=world.u_officer, case=at_notify, target="decide")
    at_notify.refresh_from_db()
    assert at_notify.stage == "decide"


def test_a_hearing_request_sends_the_case_to_the_hearing(world, at_notify):
    notice = notify(world, at_notify, fine="20000")
    actions.record_service(actor=world.u_officer, case=at_notify, document=notice.document, method="direct",
                           served_on=TODAY, recipient="赵丽华")
    actions.move(actor=world.u_officer, case=at_notify, target="statement")
    actions.record_statement(actor=world.u_officer, case=at_notify, received_on=TODAY, hearing_requested=True)
    with time_machine.travel(TODAY + dt.timedelta(days=20)):
        with pytest.raises(RuleViolation, match="应当组织听证"):
            actions.move(actor=world.u_officer, case=at_notify, target="decide")
        actions.move(actor=world.u_officer, case=at_notify, target="hearing")


def test_through_the_case_page_the_notice_is_made_served_and_the_statement_recorded(world, at_notify, login):
    from django.urls import reverse

    client = login(world.u_officer)
    page = client.get(at_notify.get_absolute_url()).content.decode()
    assert "制作行政处罚事先告知书" in page
    bad = client.post(reverse("cases:notice", args=[at_notify.pk]), {
        "kinds": ["fine"], "fine": "5千", "facts": "占地", "evidence": "笔录", "violated": "第四十四条",
        "penalty_basis": "第七十七条", "reason": "一般", "contact": "张伟", "agency_address": "某街1号"})
    assert bad.status_code == 422 and "拟罚款" in bad.content.decode()  # a fine with letters, named
    assert not at_notify.notices.exists()
    made = client.post(reverse("cases:notice", args=[at_notify.pk]), {
        "kinds": ["fine"], "fine": "5000", "facts": "占地", "evidence": "笔录", "violated": "第四十四条",
        "penalty_basis": "第七十七条", "reason": "一般", "contact": "张伟", "agency_address": "某街1号"})
    assert made.status_code == 302
    notice = at_notify.notices.get()
    served = client.post(reverse("cases:service", args=[at_notify.pk]), {
        "document": notice.document_id, "method": "direct", "served_on": TODAY.isoformat(), "recipient": "赵丽华"})
    assert served.status_code == 302
    again = client.post(reverse("cases:service", args=[at_notify.pk]), {
        "document": notice.document_id, "method": "direct", "served_on": TODAY.isoformat(), "recipient": "赵丽华"})
    assert again.status_code == 422  # a second tap serves nothing twice
    assert client.post(reverse("cases:move", args=[at_notify.pk]), {"target": "statement"}).status_code == 302
    recorded = client.post(reverse("cases:statement", args=[at_notify.pk]), {
        "received_on": TODAY.isoformat(), "content": "已停止建设", "review": "不影响违法性认定"})
    assert recorded.status_code == 302
    assert client.post(reverse("cases:move", args=[at_notify.pk]), {"target": "decide"}).status_code == 302
    at_notify.refresh_from_db()
    assert at_notify.stage == "decide"
