"""The work queue as people use it in a real browser: an agency head approves a 调阅 request from the badge
on the home page; a 公示审核员 publishes a list version from 我的待办. Screenshots in
test-artifacts/screenshots/work-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.e2e.layout import fits

from zhifa.agencies.models import Role
from zhifa.catalog import actions as catalog
from zhifa.catalog.models import Article, LegalDocument, ListVersion
from zhifa.records import actions as records
from zhifa.records.models import ViewRequestState

pytestmark = pytest.mark.e2e


def test_a_head_approves_a_view_request_from_the_badge_on_the_home_page(live_server, cast, new_page, sign_in,
                                                                         shot, evidence_store):
    li = cast.user("lina", [(cast.nr_team, Role.OFFICER)], person=cast.li.person)
    ev = records.ingest_stream(actor=cast.u_officer, unit=cast.nr_team, chunks=[b"RIFF" + bytes(64)],
                               original_name="询问录音.wav", description={"kind": "audio", "title": "询问"})
    req = records.request_view(actor=li, evidence=ev, purpose="view", reason="核对询问内容")

    head = sign_in(new_page(), "nr_head")
    head.goto(f"{live_server.url}/")
    badge = head.locator("nav.main-nav a", has_text="我的待办").locator(".count")
    waiting = int(badge.inner_text())  # the request, and the recording's description the unit still owes
    assert waiting == 2
    assert "李娜" in head.locator("#approvals-h + div, section[aria-labelledby='approvals-h']").first.inner_text()
    shot(head, "work-head-home")
    badge.click()
    head.wait_for_url(f"{live_server.url}/todo/")
    item = head.locator(f"#w-view_request-{req.pk}")
    assert "审批内部调阅查阅申请" in item.inner_text()
    shot(head, "work-head-todo")
    item.get_by_role("link", name="审批").click()
    head.wait_for_url(f"{live_server.url}/records/requests/#req-{req.pk}")
    row = head.locator(f"#req-{req.pk}")
    row.get_by_label("审批意见").fill("同意，限两小时内查阅")
    row.get_by_role("button", name="批准", exact=True).click()
    head.wait_for_load_state()
    assert "已审批" in head.locator(".messages").inner_text()
    req.refresh_from_db()
    assert req.state == ViewRequestState.APPROVED and req.decided_by == cast.u_head
    head.goto(f"{live_server.url}/")
    assert head.locator("nav.main-nav .count").inner_text() == str(waiting - 1)

    # The answer reaches the applicant's list, on a phone.
    phone = sign_in(new_page(width=390, height=844), "lina")
    phone.goto(f"{live_server.url}/todo/")
    answered = phone.locator(f"#w-view_request_answered-{req.pk}")
    assert "已批准" in answered.inner_text()
    shot(phone, "work-applicant-phone")
    assert fits(phone)


def test_a_publicity_reviewer_publishes_a_list_version_from_the_queue(live_server, cast, new_page, sign_in, shot):
    cast.user("nr_publicity", [(cast.nr, Role.PUBLICITY)])
    law = LegalDocument.objects.create(name="中华人民共和国土地管理法", short_name="土地管理法", kind="law",
                                       issuing_body="全国人民代表大会常务委员会", in_force_from=dt.date(2020, 1, 1))
    article = Article.objects.create(document=law, seq=77, text="未经批准非法占用土地的……", is_summary=True)
    catalog.save_entry(actor=cast.u_head, agency=cast.nr, kind="items", code="ZR-CF-001",
                       name="对非法占用土地的行政处罚", action_kind="chufa", handling_unit=cast.nr_team,
                       articles=[article])
    lst = catalog.submit_list(actor=cast.u_head, agency=cast.nr, kind="items")

    reviewer = sign_in(new_page(), "nr_publicity")
    reviewer.locator("nav.main-nav a", has_text="我的待办").click()
    item = reviewer.locator(f"#w-list_to_publish-{lst.pk}")
    assert "审核并发布行政执法事项清单" in item.inner_text()
    shot(reviewer, "work-publicity-todo")
    item.get_by_role("link", name="审核发布").click()
    reviewer.get_by_role("link", name="审核发布").click()
    reviewer.get_by_role("button", name="发布第1版").click()
    reviewer.wait_for_load_state()
    assert "已发布第1版" in reviewer.locator(".messages").inner_text()
    version = ListVersion.objects.get()
    assert version.published_by.username == "nr_publicity" and version.submitted_by_name
    reviewer.goto(f"{live_server.url}/todo/")
    assert reviewer.locator(f"#w-list_to_publish-{lst.pk}").count() == 0


def test_an_officer_finishes_a_hand_in_from_the_queue_on_a_phone(live_server, cast, new_page, sign_in, shot,
                                                                 evidence_store, tmp_path):
    import os

    from zhifa.obligations.models import Obligation, ObligationState
    from zhifa.records.models import Evidence, Upload

    video = tmp_path / "现场检查-巡查.mp4"
    video.write_bytes(os.urandom(20 * 1024 * 1024 + 777))  # two chunks of the page's 16 MiB
    phone = sign_in(new_page(width=390, height=844), "zhangwei")

    def fill(page):
        page.get_by_label("文件").set_input_files(str(video))
        page.get_by_label("类别").select_option(label="录像")
        page.get_by_label("摄录开始").fill("2026-11-20T09:00")
        page.get_by_label("摄录结束").fill("2026-11-20T09:40")

    # At the site the signal goes after the first chunk: the hand-in is left half done.
    phone.goto(f"{live_server.url}/records/upload/")
    fill(phone)
    phone.route("**/records/tus/*", lambda route: route.abort("connectionreset")
                if route.request.method == "PATCH" and route.request.headers.get("upload-offset", "0") != "0"
                else route.continue_())
    phone.get_by_role("button", name="开始上传").click()
    phone.get_by_text("连接中断").wait_for(timeout=60_000)
    upload = Upload.objects.get()
    handin = Obligation.objects.get(subject_id=upload.pk, state=ObligationState.OPEN)
    phone.unroute("**/records/tus/*")

    # Later, from 我的待办: the hand-in waits there with its deadline, and 办理 leads back to finish it.
    phone.goto(f"{live_server.url}/todo/")
    item = phone.locator(f"#w-obligation-{handin.pk}")
    assert "应于" in item.inner_text() and "移交" in item.inner_text()
    shot(phone, "work-officer-handin-todo-phone")
    assert fits(phone)
    item.get_by_role("link", name="办理").click()
    phone.wait_for_url(f"{live_server.url}/records/upload/")
    fill(phone)
    phone.get_by_role("button", name="开始上传").click()
    phone.locator("#evidence-link").wait_for(timeout=60_000)
    assert Upload.objects.count() == 1  # resumed, not started again
    assert Evidence.objects.count() == 1
    handin.refresh_from_db()
    assert handin.state == ObligationState.MET
    phone.goto(f"{live_server.url}/todo/")
    assert phone.locator(f"#w-obligation-{handin.pk}").count() == 0
    shot(phone, "work-officer-handin-done-phone")
