"""The demo shows a living agency (issue 11, item 14): among its cases one is past its 90-day limit (行政处罚法
第60条) and one is stopped before its decision for legal review (第58条), each built through the write functions,
and the chains still verify."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from zhifa.cases import actions
from zhifa.cases.models import Case
from zhifa.core.errors import RuleViolation
from zhifa.obligations.models import Obligation
from zhifa.review.models import InvolvementComment, Question, ReviewRound


def test_the_demo_has_a_case_past_its_limit_and_one_stopped_for_legal_review(november_demo, client):
    late = Case.objects.get(title="鞍山市宏达混凝土有限公司擅自改变土地用途案")
    assert late.stage == "investigate" and late.opened_on == timezone.localdate() - dt.timedelta(days=95)
    limit = Obligation.objects.get(subject_id=late.pk, rule="行政处罚法 第60条", state="open")
    assert limit.due_at < timezone.now()

    major = Case.objects.get(title="鞍山市鑫源建材有限公司非法占用耕地采矿案")
    assert major.stage == "decide"
    client.force_login(major.assignments.get(lead=True).officer.person.user)
    page = client.get(f"/cases/{major.pk}/").content.decode()
    assert "须经法制审核（行政处罚法 第58条）" in page
    with pytest.raises(RuleViolation, match="须经法制审核"):  # the write function the builder uses refuses it too
        actions.decide(actor=get_user_model().objects.get(username="nr_head"), case=major,
                       statement_summary="当事人未提出陈述、申辩", reason="占用耕地面积大", performance="十五日内缴纳",
                       payment="鞍山市财政局非税收入专户", review_body="鞍山市人民政府", court="鞍山市铁东区人民法院")
    # issue 13 item 12: reviews in every state — returned, extended (under review), agreed, disagreed (the head's
    # decision recorded), transferred — and the early involvement's comment with its form token
    rounds = list(ReviewRound.objects.select_related("response"))
    assert {"supplement", "review", "decide", "rework", "transfer"} <= {r.stage for r in rounds}
    assert {"agree", "disagree", "transfer"} <= {r.outcome for r in rounds}
    assert any(r.extended_by_id for r in rounds if r.stage == "review")
    assert any(r.outcome == "disagree" and r.response.resolution for r in rounds)
    assert InvolvementComment.objects.filter(token__isnull=False).count() == 1
    # the reviewer's questions to the handling unit (REV-06): one answered, one waiting on the major case's page
    asked = list(Question.objects.select_related("round__case"))
    assert any(q.answered_at and q.answer for q in asked)
    waiting = [q for q in asked if q.answered_at is None]
    assert [q.round.case for q in waiting] == [major] and waiting[0].text in page

    out = io.StringIO()
    call_command("verify", stdout=out)
    assert "校验通过" in out.getvalue()
