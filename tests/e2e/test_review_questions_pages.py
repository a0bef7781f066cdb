"""The reviewer's question and the handler's answer in a real browser (REV-06): asked in the workspace,
answered from the case page, shown beside the checklist; at 1280 and 390 px without sideways scrolling.
Screenshots in test-artifacts/screenshots/review-question-*.png."""

from __future__ import annotations

import pytest
from tests.cases.conftest import store, world  # noqa: F401  (fixtures)
from tests.e2e.test_review_journey import PHONE, both_widths
from tests.review.conftest import major, reviewers, submit  # noqa: F401  (fixtures)

from zhifa.review import actions as review

pytestmark = pytest.mark.e2e


def test_a_question_asked_in_the_workspace_and_answered_from_the_case_page(
        live_server, world, major, reviewers, new_page, sign_in, shot):  # noqa: F811
    r = review.assign(actor=world.u_sun, round=submit(world, major), reviewer=world.sun)
    reviewer, officer, phone = new_page(), new_page(), new_page(**PHONE)
    sign_in(reviewer, world.u_sun.username)
    sign_in(officer, world.u_officer.username)
    sign_in(phone, world.u_officer.username)
    workspace = f"{live_server.url}/review/{r.pk}/"
    reviewer.goto(workspace)
    reviewer.get_by_label("向承办机构提出的问题").fill("请说明第3项证据的来源")
    reviewer.get_by_role("button", name="提出问询").click()
    reviewer.wait_for_load_state()
    assert "请说明第3项证据的来源" in reviewer.content()
    officer.goto(f"{live_server.url}{major.get_absolute_url()}")
    officer.get_by_role("link", name="答复问询").click()
    officer.get_by_label("答复").fill("第3项证据系现场勘验时调取的卫星影像图")
    officer.get_by_role("button", name="提交").click()
    officer.wait_for_load_state()
    assert "卫星影像图" in officer.content() and "孙丽" in officer.content()
    both_widths(officer, phone, workspace, shot, "question-workspace")
    both_widths(officer, phone, f"{live_server.url}{major.get_absolute_url()}", shot, "question-case")
