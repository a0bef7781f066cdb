"""The portal by the keyboard alone on a 390 px phone: the first Tab reaches the skip link, shown with a visible
focus; Enter on it moves on to the content; Tab goes on to the search box (every stop with its focus drawn),
typing a two-character name and Enter searches; on the results page every field of the search form is reached
by Tab with its label, and Enter on a result opens its publication. Screenshots: test-artifacts/screenshots/
portal-keyboard-*.png."""

from __future__ import annotations

import pytest
from tests.cases.conftest import store, world  # noqa: F401  (fixtures)
from tests.e2e.layout import fits
from tests.publicity.conftest import decided, person_party, reviewer  # noqa: F401  (fixtures)

from zhifa.publicity import actions
from zhifa.publicity.models import Publication

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
ACTIVE = """() => { const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
  return {tag: e.tagName.toLowerCase(), id: e.id, text: (e.textContent || '').trim(), outline: s.outlineStyle,
          width: s.outlineWidth, top: r.top, label: e.labels && e.labels.length ? e.labels[0].textContent.trim() : '',
          href: e.getAttribute('href') || ''}; }"""


def focused(page) -> dict:
    return page.evaluate(ACTIVE)


def assert_focus_drawn(stop: dict) -> None:
    assert stop["outline"] not in ("none", "") and stop["width"] != "0px", f"焦点不可见：{stop}"


def test_the_portal_search_works_by_tab_and_enter_on_a_phone(live_server, world, decided, reviewer,  # noqa: F811
                                                             new_page, shot):
    pub = Publication.objects.get(case_id=decided[0].pk)
    actions.mark(actor=reviewer, publication=pub, decisions=dict.fromkeys(range(len(pub.marks)), "accepted"))
    snap = actions.publish(actor=reviewer, publication=pub)
    page = new_page(**PHONE)
    page.goto(f"{live_server.url}/portal/")

    page.keyboard.press("Tab")
    stop = focused(page)
    assert stop["text"] == "跳到正文" and stop["top"] >= 0  # shown once it has the focus
    assert_focus_drawn(stop)
    shot(page, "portal-keyboard-skip-390")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main" and focused(page)["id"] == "main"

    for _ in range(30):
        page.keyboard.press("Tab")
        stop = focused(page)
        assert_focus_drawn(stop)
        if stop["id"] == "portal-q":
            break
    assert stop["id"] == "portal-q" and stop["label"] == "查询执法决定"
    page.keyboard.type("王大")
    page.keyboard.press("Enter")
    page.wait_for_url("**/portal/publications/?q=*")
    shot(page, "portal-keyboard-results-390")

    page.locator("#id_q").focus()
    labels: list[str] = []
    for _ in range(20):  # a date field takes a Tab for each of its year, month and day
        stop = focused(page)
        assert_focus_drawn(stop)
        if not labels or labels[-1] != (stop["label"] or stop["text"]):
            labels.append(stop["label"] or stop["text"])
        page.keyboard.press("Tab")
        if labels[-1] == "查询":
            break
    assert labels == ["名称、统一社会信用代码或文书号", "执法机关", "类别", "决定日期自", "决定日期至", "查询"]
    for _ in range(10):
        stop = focused(page)
        if stop["href"] == f"/portal/publications/{snap.pk}/":
            break
        page.keyboard.press("Tab")
    assert stop["href"] == f"/portal/publications/{snap.pk}/"
    assert_focus_drawn(stop)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/portal/publications/{snap.pk}/")
    assert "王大山" in page.locator("h1").inner_text()
    assert fits(page)
    shot(page, "portal-keyboard-publication-390")
