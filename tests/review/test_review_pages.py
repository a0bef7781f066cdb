"""The legal review through its pages: submit on the case page, the reviewer's queue and workspace, return,
resubmit, accept, the opinion, the decision; another agency's round is 404; a double-posted opinion acts once."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from tests.review.conftest import APPLICATION, TEXTS

from zhifa.documents.models import IssuedDocument
from zhifa.review.models import ReviewRound
from zhifa.review.rules import POINTS

SUBMISSION = {**APPLICATION, **TEXTS, "explanation": "本案拟罚款15万元",
              "bases": "《中华人民共和国土地管理法》第七十七条"}
OPINION = {"outcome": "agree", "reasons": "事实清楚，证据确凿，程序合法",
           **{f"finding_{p}": "yes" for p, _ in POINTS}}


def test_submit_return_resubmit_agree_and_decide_through_the_pages(world, major, reviewers, login):
    officer = login(world.u_officer)
    page = officer.get(major.get_absolute_url()).content.decode()
    assert "须经法制审核" in page and reverse("review:submit", args=[major.pk]) in page
    posted = officer.post(reverse("review:submit", args=[major.pk]), SUBMISSION)
    assert posted.status_code == 302
    r = ReviewRound.objects.get()
    again = officer.post(reverse("review:submit", args=[major.pk]), SUBMISSION)  # the form posted twice
    assert again.status_code == 422 and "不能再次报送" in again.content.decode() and ReviewRound.objects.count() == 1

    reviewer = login(world.u_sun)
    queue = reviewer.get(reverse("review:queue")).content.decode()
    assert major.title in queue and "未指派" in queue
    act = lambda name: reverse("review:act", args=[r.pk, name])  # noqa: E731
    workspace = reviewer.get(reverse("review:workspace", args=[r.pk])).content.decode()
    assert "在审0件" in workspace and "系统已核验的程序环节" in workspace and r.draft_sm3 in workspace
    assert "决定书已送达" not in workspace  # the checks after the decision are not yet due
    assert "拟罚款不在裁量基准幅度内或无法对照：参照同类案件" in workspace  # flagged, with the unit's reason
    assert reviewer.post(act("assign"), {"reviewer": world.sun.pk}).status_code == 302
    assert reviewer.post(act("return"), {"missing": "现场勘验图"}).status_code == 302
    assert login(world.u_officer).post(act("resubmit"), {"supplement": "已补充现场勘验图"}).status_code == 302
    reviewer = login(world.u_sun)
    assert reviewer.post(act("accept")).status_code == 302
    assert reviewer.post(act("opinion"), OPINION).status_code == 302
    twice = reviewer.post(act("opinion"), OPINION)
    assert twice.status_code == 422 and "已出具意见" in twice.content.decode()
    assert IssuedDocument.objects.filter(template="review_opinion").count() == 1

    head = login(world.u_head)
    page = head.get(major.get_absolute_url()).content.decode()
    assert "审核意见：<strong>同意</strong>" in page and "法审〔" in page
    assert head.post(reverse("cases:decide", args=[major.pk]), TEXTS).status_code == 302
    major.refresh_from_db()
    assert major.stage == "serve"


def test_an_empty_opinion_is_refused_beside_its_field_and_nothing_is_issued(world, major, reviewers, login):
    from tests.review.conftest import submit

    from zhifa.review import actions as review

    r = review.accept(actor=world.u_sun, round=review.assign(actor=world.u_sun, round=submit(world, major),
                                                               reviewer=world.sun))
    reviewer = login(world.u_sun)
    refused = reviewer.post(reverse("review:act", args=[r.pk, "opinion"]), {**OPINION, "reasons": ""})
    assert refused.status_code == 422 and "这个字段是必填项" in refused.content.decode()
    unknown = reviewer.post(reverse("review:act", args=[r.pk, "opinion"]), {**OPINION, "outcome": "maybe"})
    assert unknown.status_code == 422 and "选择一个有效的选项" in unknown.content.decode()
    no_finding = reviewer.post(reverse("review:act", args=[r.pk, "opinion"]), {**OPINION, "finding_law": ""})
    assert no_finding.status_code == 422 and "尚未作出结论" in no_finding.content.decode()
    assert not IssuedDocument.objects.filter(template="review_opinion").exists()
    assert ReviewRound.objects.get().stage == "review"


def test_another_agencys_round_is_404(world, major, reviewers, login):
    from tests.review.conftest import submit

    r = submit(world, major)
    other = login(world.u_ly_head)
    assert other.get(reverse("review:workspace", args=[r.pk])).status_code == 404
    assert other.post(reverse("review:act", args=[r.pk, "accept"])).status_code == 404
    assert other.get(reverse("review:submit", args=[major.pk])).status_code == 404
    assert major.title not in other.get(reverse("review:queue")).content.decode()


def test_the_queue_takes_the_same_number_of_queries_for_one_round_or_many(world, major, reviewers, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from tests.review.conftest import submit

    first = submit(world, major)
    reviewer = login(world.u_sun)
    url = reverse("review:queue")
    reviewer.get(url)
    with CaptureQueriesContext(connection) as one:
        reviewer.get(url)
    for seq in range(2, 12):
        ReviewRound.objects.create(case=major, seq=seq, stage="check", application=first.application,
                                   explanation="x", draft_fields={}, draft_text="", draft_sm3="",
                                   submitted_by=world.u_officer, submitted_at=timezone.now())
    with CaptureQueriesContext(connection) as many:
        reviewer.get(url)
    assert len(many) == len(one)



def test_the_case_page_warns_when_the_cases_own_limit_ends_before_a_review_could(world, major, login):
    import time_machine

    from zhifa.obligations.models import Obligation

    limit = Obligation.objects.get(subject_id=major.pk, rule="行政处罚法 第60条")
    officer = login(world.u_officer)
    assert "早于今日报送的法制审核期限" not in officer.get(major.get_absolute_url()).content.decode()
    with time_machine.travel(limit.due_at - dt.timedelta(days=3)):
        page = login(world.u_officer).get(major.get_absolute_url()).content.decode()  # a session of that day
    assert "早于今日报送的法制审核期限" in page


def test_the_queue_colours_a_round_by_its_due_time_and_greys_one_returned(world, major, reviewers, login):
    """Submitted Monday 2 March: due 11 March (7 working days); yellow from two days before, red after, grey while
    returned for completion (the clock paused)."""
    import time_machine
    from tests.review.conftest import submit

    from zhifa.review import actions as review
    from zhifa.workdays.calendar import SHANGHAI

    def queue_on(day: int) -> str:
        with time_machine.travel(dt.datetime(2026, 3, day, 10, tzinfo=SHANGHAI), tick=False):
            return login(world.u_sun).get(reverse("review:queue")).content.decode()

    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI), tick=False):
        r = review.assign(actor=world.u_sun, round=submit(world, major), reviewer=world.sun)
    assert '<span class="badge green">2026-03-11</span>' in queue_on(5)
    assert '<span class="badge yellow">2026-03-11 即将到期</span>' in queue_on(10)
    assert '<span class="badge red">2026-03-11 已逾期</span>' in queue_on(12)
    with time_machine.travel(dt.datetime(2026, 3, 12, 11, tzinfo=SHANGHAI), tick=False):
        review.return_incomplete(actor=world.u_sun, round=r, missing=["现场勘验图"])
    assert "退回补充，暂停计时" in queue_on(13)
