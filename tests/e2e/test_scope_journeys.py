"""What each person sees, walked through in a real browser: the officer's own agency, the supervisor's region,
the login lockout, the phone layout and the deadline calculator."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e


def nav_labels(page) -> list[str]:
    return [t.strip() for t in page.locator("nav.main-nav a").all_inner_texts()]


def officer_names(page) -> list[str]:
    return [t.strip() for t in page.locator("tbody td[data-label='姓名'] a").all_inner_texts()]


def test_stylesheet_is_served(live_server, page):
    """Every page links /static/zhifa/zhifa.css; without it the whole system is unstyled."""
    page.goto(f"{live_server.url}/login/")
    href = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200, f"样式表 {href} 返回 {response.status}（静态文件找不到？）"
    border = page.evaluate("getComputedStyle(document.querySelector('header.top')).borderBottomWidth")
    assert border == "3px", border


def test_officer_sees_only_own_agency(live_server, cast, page, sign_in, shot):
    sign_in(page, "zhangwei")
    assert page.url == f"{live_server.url}/"
    nav = nav_labels(page)
    assert {"首页", "我的待办", "执法人员", "期限计算器"} <= set(nav), nav
    assert not {"区域监督", "工作日历", "系统管理"} & set(nav), nav
    assert "张伟" in page.locator(".who").inner_text()
    shot(page, "officer-home")

    page.locator("nav.main-nav").get_by_role("link", name="执法人员", exact=True).click()
    page.wait_for_url(f"{live_server.url}/officers/")
    assert page.locator("h1").inner_text() == "执法人员"
    names = officer_names(page)
    assert {"张伟", "李娜", "王强", "赵敏"} <= set(names), names
    assert "刘洋" not in names and "陈静" not in names, names
    # An officer registers nobody.
    assert page.get_by_role("link", name="登记执法人员").count() == 0
    shot(page, "officer-officer-list")

    page.get_by_role("link", name="张伟", exact=True).click()
    page.wait_for_url(f"{live_server.url}/officers/{cast.zhang.pk}/")
    assert "21030001" in page.content()
    shot(page, "officer-officer-detail")

    # Outside the agency, an officer is answered exactly like a missing one.
    assert page.goto(f"{live_server.url}/officers/{cast.chen.pk}/").status == 404
    assert page.goto(f"{live_server.url}/officers/{cast.liu.pk}/").status == 404
    shot(page, "officer-404")
    assert page.goto(f"{live_server.url}/supervision/").status in (403, 404)
    shot(page, "officer-supervision-refused")


def test_supervisor_reads_region_and_writes_nothing(live_server, cast, page, sign_in, shot):
    sign_in(page, "as_supervisor")
    nav = nav_labels(page)
    assert "区域监督" in nav, nav
    assert not {"工作日历", "系统管理"} & set(nav), nav

    page.locator("nav.main-nav").get_by_role("link", name="区域监督").click()
    page.wait_for_url(f"{live_server.url}/supervision/")
    agencies = [t.strip() for t in page.locator("tbody td[data-label='执法主体']").all_inner_texts()]
    assert {"鞍山市自然资源局", "鞍山市住房和城乡建设局"} <= set(agencies), agencies
    assert "辽阳市自然资源局" not in agencies
    assert "辽阳市自然资源局" not in page.content()
    shot(page, "supervisor-region")

    page.locator("nav.main-nav").get_by_role("link", name="执法人员", exact=True).click()
    page.wait_for_url(f"{live_server.url}/officers/")
    names = officer_names(page)
    assert {"刘洋", "张伟", "李娜"} <= set(names), names
    assert "陈静" not in names, names
    assert page.get_by_role("link", name="登记执法人员").count() == 0
    assert page.get_by_role("link", name=re.compile("导入")).count() == 0
    shot(page, "supervisor-officer-list")

    assert page.goto(f"{live_server.url}/officers/new/").status == 403
    assert page.goto(f"{live_server.url}/officers/{cast.chen.pk}/").status == 404


def test_wrong_password_locks_the_login(live_server, cast, page, shot, settings):
    assert settings.ZHIFA_LOGIN_MAX_FAILURES == 5
    page.goto(f"{live_server.url}/login/")
    shot(page, "login")
    for attempt in range(1, 7):
        page.get_by_label("用户名").fill("zhangwei")
        page.get_by_label("密码").fill(f"wrong-{attempt}")
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        errors = page.locator(".errorlist").inner_text()
        if attempt <= 5:
            assert "用户名或密码不正确" in errors, (attempt, errors)
        if attempt == 1:
            shot(page, "login-wrong-password")
    assert "登录失败次数过多" in errors, errors
    shot(page, "login-locked")

    # Locked means locked: the right password does not get in either until the window passes.
    page.get_by_label("用户名").fill("zhangwei")
    page.get_by_label("密码").fill("zhifa-test-1")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert "登录失败次数过多" in page.locator(".errorlist").inner_text()
    assert page.url.startswith(f"{live_server.url}/login/")


def test_phone_layout_has_menu_and_fits(live_server, cast, new_page, sign_in, shot):
    page = new_page(390, 844, is_mobile=True, has_touch=True, device_scale_factor=2)
    sign_in(page, "nr_head")
    page.goto(f"{live_server.url}/officers/")
    toggle = page.locator("label.nav-button")
    assert toggle.is_visible() and toggle.inner_text().strip() == "菜单"
    assert not page.locator("nav.main-nav").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"页面横向溢出 {overflow}px"
    assert "张伟" in officer_names(page)
    shot(page, "phone-officer-list")

    toggle.click()
    assert page.locator("nav.main-nav").is_visible()
    assert page.locator("nav.main-nav").get_by_role("link", name="执法人员", exact=True).is_visible()
    shot(page, "phone-menu-open")

    for path, name in [(f"/officers/{cast.zhang.pk}/", "phone-officer-detail"), ("/", "phone-home"),
                       ("/agencies/", "phone-agency-list")]:
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} 横向溢出 {overflow}px"
        shot(page, name)


def test_deadline_calculator(live_server, cast, page, sign_in, shot):
    """2026-09-30 + 7 工作日: the National Day holiday (10-01..10-08, 调休 on 09-27 and 10-10) is skipped."""
    sign_in(page, "zhangwei")
    page.locator("nav.main-nav").get_by_role("link", name="期限计算器").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "期限计算器"
    shot(page, "calculator-empty")
    page.get_by_label("起算日期").fill("2026-09-30")
    page.get_by_label("期间长度").fill("7")
    page.get_by_label("单位").select_option(label="工作日")
    page.get_by_role("button", name="计算").click()
    due = page.locator("time[datetime='2026-10-15']")
    due.wait_for()
    assert due.inner_text() == "2026-10-15"
    result = page.get_by_role("status").inner_text()
    assert "星期四" in result and "7个工作日" in result, result
    assert "暂定" not in result  # 2026's schedule is entered, so the answer is final
    shot(page, "calculator-result")


def test_sysadmin_calendar_pages(live_server, cast, page, sign_in, shot):
    sign_in(page, "sysadmin")
    nav = nav_labels(page)
    assert {"工作日历", "区域监督", "期限计算器"} <= set(nav), nav
    page.locator("nav.main-nav").get_by_role("link", name="工作日历").click()
    page.wait_for_load_state()
    assert "2026" in page.locator("main").inner_text()
    shot(page, "admin-calendar-list")
    response = page.goto(f"{live_server.url}/workdays/calendar/2026/")
    assert response.status == 200
    assert "国庆" in page.locator("main").inner_text()
    shot(page, "admin-calendar-2026")


def test_tour_of_main_pages(live_server, cast, page, sign_in, shot):
    """Every main page answers 200 in Chinese for the agency head; screenshots for a person to look at."""
    sign_in(page, "nr_head")
    pages = [("/", "head-home"), ("/officers/", "head-officer-list"),
             (f"/officers/{cast.zhang.pk}/", "head-officer-detail"), ("/officers/new/", "head-officer-new"),
             ("/agencies/", "head-agency-list"), (f"/agencies/{cast.nr.pk}/", "head-agency-detail"),
             ("/reviewers/", "head-reviewer-list"), ("/todo/", "head-todo"),
             ("/officers/?status=expired", "head-officer-list-expired"),
             ("/officers/?q=没有这个人", "head-officer-list-empty")]
    for path, name in pages:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, (path, response.status)
        shot(page, name)
        body = page.locator("body").inner_text()
        for english in ("Server Error", "Not Found", "Forbidden", "None", "Traceback"):
            assert english not in body, (path, english)
        # The stylesheet loaded: the header carries the brand colour's bottom border.
        border = page.evaluate("getComputedStyle(document.querySelector('header.top')).borderBottomWidth")
        assert border == "3px", (path, border)
