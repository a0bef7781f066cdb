"""Before submission: a criterion added by hand makes the decision need review (REV-02), the agency's setting
reviews every decision outside the simple procedure, a reviewer attached early comments into the timeline and
may still review the case (REV-14), and the checklist checks each officer's credential on the day they acted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from tests.cases.conftest import investigated
from tests.review.conftest import TODAY, at_decision, decide, submit

from zhifa.agencies.models import Credential
from zhifa.catalog import actions as catalog
from zhifa.catalog.models import Article, ListKind
from zhifa.core.errors import RuleViolation
from zhifa.ledger.models import Entry
from zhifa.review import actions as review
from zhifa.review import involvement
from zhifa.review.models import InvolvementComment, ManualCriterion


def test_a_criterion_added_by_hand_makes_a_minor_decision_need_review(world, store, reviewers, login):
    case = at_decision(world, "5000")
    officer = login(world.u_officer)
    url = reverse("review:criterion", args=[case.pk])
    assert url in officer.get(case.get_absolute_url()).content.decode()
    empty = officer.post(url, {"text": "涉及群体性信访", "reason": ""})
    assert empty.status_code == 422 and "理由不能为空" in empty.content.decode()
    assert officer.post(url, {"text": "涉及群体性信访", "reason": "周边村民多次联名信访"}).status_code == 302
    twice = officer.post(url, {"text": "涉及群体性信访", "reason": "周边村民多次联名信访"})
    assert twice.status_code == 422 and ManualCriterion.objects.count() == 1
    page = officer.get(case.get_absolute_url()).content.decode()
    assert "手动添加：涉及群体性信访" in page and "张伟" in page and "周边村民多次联名信访" in page
    with pytest.raises(RuleViolation, match="涉及群体性信访"):
        decide(world, case)
    assert "涉及群体性信访" in submit(world, case).criteria[0]


def test_the_agency_setting_reviews_every_decision_outside_the_simple_procedure(world, store, login):
    catalog.save_entry(actor=world.u_head, agency=world.nr, kind=ListKind.REVIEW, code="SH-01",
                       name="罚款数额100万元以上的行政处罚", action_kinds=["chufa"], min_fine=Decimal("1000000"),
                       articles=[Article.objects.get()])
    catalog.set_review_all_non_simple(actor=world.u_head, agency=world.nr, value=True)
    catalog.submit_list(actor=world.u_head, agency=world.nr, kind=ListKind.REVIEW)
    catalog.publish_list(actor=get_user_model().objects.get(username="nr_head2"), agency=world.nr,
                         kind=ListKind.REVIEW)
    case = at_decision(world, "5000")
    page = login(world.u_officer).get(case.get_absolute_url()).content.decode()
    assert "本机关对简易程序以外的执法决定一律进行法制审核" in page
    with pytest.raises(RuleViolation, match="一律进行法制审核"):
        decide(world, case)


def test_an_attached_reviewer_comments_into_the_timeline_and_may_still_review(world, store, reviewers, login):
    case = investigated(world)
    with pytest.raises(PermissionDenied):
        involvement.attach(actor=world.u_officer, case=case, reviewer=world.sun, reason="社会关注度高")
    head = login(world.u_head)
    url = reverse("review:involve", args=[case.pk])
    assert url in head.get(case.get_absolute_url()).content.decode()
    empty = head.post(url, {"reviewer": world.sun.pk, "reason": ""})
    assert empty.status_code == 422 and "提前介入理由不能为空" in empty.content.decode()
    assert head.post(url, {"reviewer": world.sun.pk, "reason": "占用基本农田，社会关注度高"}).status_code == 302

    reviewer = login(world.u_sun)
    page = reviewer.get(case.get_absolute_url()).content.decode()
    comment = reverse("review:comment", args=[case.pk])
    assert comment in page and "孙丽" in page
    token = reviewer.get(comment).context["form"]["token"].value()
    assert reviewer.post(comment, {"token": token, "text": "建议补充占地范围测绘报告"}).status_code == 302
    again = reviewer.post(comment, {"token": token, "text": "建议补充占地范围测绘报告"})  # the form sent twice
    assert again.status_code == 302 and InvolvementComment.objects.count() == 1  # acts once
    assert Entry.objects.filter(kind="review.involvement_comment").count() == 1
    other = reviewer.get(comment).context["form"]["token"].value()  # a new form: the same words are a new comment
    assert other != token
    assert reviewer.post(comment, {"token": other, "text": "建议补充占地范围测绘报告"}).status_code == 302
    assert InvolvementComment.objects.count() == 2
    page = login(world.u_officer).get(case.get_absolute_url()).content.decode()
    assert "法制审核人员提前介入意见" in page and "建议补充占地范围测绘报告" in page  # timeline and section
    with pytest.raises(PermissionDenied):
        involvement.comment(actor=world.u_zhou, case=case, text="我也有意见", token="zhou-1")
    review.check_reviewer(world.sun, case)  # 回避 bars who investigated or decided, not who commented


def test_another_agencys_case_is_404_for_criteria_and_involvement(world, store, reviewers, login):
    case = investigated(world)
    other = login(world.u_ly_head)
    for name in ("criterion", "involve", "comment"):
        assert other.get(reverse(f"review:{name}", args=[case.pk])).status_code == 404
        assert other.post(reverse(f"review:{name}", args=[case.pk]), {"text": "x", "reason": "y"}).status_code == 404


def test_the_checklist_names_an_officer_whose_credential_was_not_valid_on_the_day_they_acted(world, major,
                                                                                           reviewers, login):
    Credential.objects.filter(officer=world.zhang).update(valid_from=TODAY + dt.timedelta(days=1))
    r = submit(world, major)
    with time_machine.travel(TODAY + dt.timedelta(days=2)):
        page = login(world.u_sun).get(reverse("review:workspace", args=[r.pk])).content.decode()
    assert f"张伟：{TODAY:%Y-%m-%d}拟定处罚内容时执法证" in page and "起才生效" in page
    assert f"李娜：{TODAY:%Y-%m-%d}拟定处罚内容时持证有效" in page
