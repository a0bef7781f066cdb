"""法制审核 in a real browser (issue 13): the officer submits the major case's draft decision, the reviewer returns it
as incomplete, the officer resubmits, the reviewer accepts it and agrees, the 法制审核意见书 is downloaded as PDF and
read (its number, the case, the outcome, the reviewer), the head decides; the case page names who submitted,
reviewed and decided, the register and the statistics list the opinion. Screenshots at 1280 and 390 px in
test-artifacts/screenshots/review-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cases.conftest import store, world  # noqa: F401  (fixtures)
from tests.documents.test_issued_documents import needs_poppler, pdf_text
from tests.e2e.layout import fits
from tests.review.conftest import APPLICATION, TEXTS, major, reviewers  # noqa: F401  (fixtures)

from zhifa.agencies.models import Person
from zhifa.documents.models import IssuedDocument
from zhifa.review.models import ReviewRound

pytestmark = [pytest.mark.e2e, needs_poppler]

PHONE = {"width": 390, "height": 844}
OPEN_ALL = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
DECISION_LABELS = {"statement_summary": "陈述申辩、听证情况及采纳情况", "reason": "处罚理由（含裁量理由）",
                   "performance": "履行方式和期限", "payment": "罚款缴纳银行及账户", "review_body": "行政复议机关",
                   "court": "有管辖权的人民法院"}


def both_widths(page, phone, url: str, shot, name: str) -> None:
    """The page at 1280 px and at 390 px (every 技术信息 open): screenshots, and no sideways scrolling."""
    for p, suffix in ((page, ""), (phone, "-phone")):
        p.goto(url)
        p.evaluate(OPEN_ALL)
        assert fits(p), f"{url} 在 {p.viewport_size['width']}px 宽的屏幕上横向滚动"
        shot(p, f"review-{name}{suffix}")


def test_submit_return_resubmit_agree_and_decide_with_the_opinion_pdf_read(
        live_server, world, major, reviewers, new_page, sign_in, shot, store):  # noqa: F811
    Person.objects.update_or_create(user=world.u_head, defaults={"name": "刘洋"})  # the head signs by name
    officer, reviewer, head = new_page(), new_page(), new_page()
    phone = new_page(**PHONE)
    sign_in(officer, world.u_officer.username)
    sign_in(reviewer, world.u_sun.username)
    sign_in(head, world.u_head.username)
    sign_in(phone, world.u_sun.username)
    case_url = f"{live_server.url}{major.get_absolute_url()}"

    # 报送 (REV-03): the officer fills 附件1 and the draft's words
    officer.goto(case_url)
    officer.get_by_role("link", name="报送法制审核").click()
    form = officer.locator("main form.card")
    for field, label in (("contact", "联系人"), ("phone", "联系电话"), ("proposed", "拟处理意见及依据"),
                         ("unit_head", "承办机构负责人")):
        form.get_by_label(label).fill(APPLICATION[field])
    form.get_by_label("情况说明").fill("本案拟罚款15万元，属重大执法决定")
    form.get_by_label("法律依据（每行一条）").fill("《中华人民共和国土地管理法》第七十七条")
    for field, label in DECISION_LABELS.items():
        form.get_by_label(label).fill(TEXTS[field])
    shot(officer, "review-submit")
    form.get_by_role("button", name="报送法制审核").click()
    officer.wait_for_load_state()
    r = ReviewRound.objects.get()
    workspace = f"{live_server.url}/review/{r.pk}/"
    assert officer.url == workspace and "已报送法制审核" in officer.locator("body").inner_text()

    # 退回补充 (REV-05): the reviewer takes the round from the queue and returns it
    reviewer.goto(f"{live_server.url}/review/")
    reviewer.get_by_role("link", name=major.title).click()
    reviewer.locator("form[action$='/assign/']").get_by_label("法制审核人员").select_option(label="孙丽（法律职业资格，在审0件）")
    reviewer.get_by_role("button", name="指派").click()
    reviewer.wait_for_load_state()
    reviewer.get_by_text("材料不齐全，退回补充").click()
    reviewer.get_by_label("缺少的材料（每行一项）").fill("现场勘验图\n询问笔录（当事人）")
    reviewer.get_by_role("button", name="退回补充").click()
    reviewer.wait_for_load_state()
    assert "退回补充：现场勘验图；询问笔录（当事人）" in reviewer.locator("main").inner_text()

    # 重新报送: the officer supplies what was missing
    officer.goto(workspace)
    officer.get_by_label("补充材料说明").fill("已补充现场勘验图和当事人询问笔录")
    officer.get_by_role("button", name="重新报送").click()
    officer.wait_for_load_state()

    # 同意 (REV-04, REV-08): the checklist answered, the opinion issued
    reviewer.goto(workspace)
    reviewer.get_by_role("button", name="材料齐全，开始审核").click()
    reviewer.wait_for_load_state()
    both_widths(reviewer, phone, workspace, shot, "workspace-review")  # the draft beside the checklist
    opinion = reviewer.locator("form[action$='/opinion/']")
    opinion.locator("select[name=outcome]").select_option(label="同意")
    opinion.get_by_label("理由及依据").fill("事实清楚，证据确凿，程序合法，适用法律正确")
    selects = opinion.locator("select[name^='finding_']")
    for n in range(selects.count()):
        selects.nth(n).select_option(label="符合")
    reviewer.get_by_role("button", name="出具法制审核意见书").click()
    reviewer.wait_for_load_state()
    doc = IssuedDocument.objects.get(template="review_opinion")
    assert "审核意见：同意" in reviewer.locator("main").inner_text()

    # the opinion's PDF, downloaded and read
    reviewer.get_by_role("link", name=f"《{doc.title}》{doc.number}").click()
    reviewer.wait_for_load_state()
    with reviewer.expect_download() as download:
        reviewer.get_by_role("button", name="下载 PDF").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for words in (doc.number, major.title, major.number, "同意", "孙丽"):
        assert words in text, words

    # 作出决定: the head decides from the reviewed draft
    head.goto(case_url)
    decision = head.locator(f"form[action='{major.get_absolute_url()}decision/']")
    for field, label in DECISION_LABELS.items():
        decision.get_by_label(label).fill(TEXTS[field])
    decision.get_by_role("button", name="作出决定并制作决定书").click()
    head.wait_for_load_state()
    assert head.locator(".stat").first.inner_text() == "送达"
    section = head.locator("section[aria-labelledby='accountability-h']").inner_text()
    assert "报送：张伟" in section and "审核：孙丽" in section and "决定：刘洋" in section
    both_widths(head, phone, case_url, shot, "case")
    both_widths(reviewer, phone, f"{live_server.url}/review/register/", shot, "register")
    assert doc.number in reviewer.locator("main").inner_text()
    both_widths(reviewer, phone, f"{live_server.url}/review/statistics/", shot, "statistics")
    assert "孙丽" in reviewer.locator("main").inner_text()
