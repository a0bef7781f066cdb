"""Agencies, role grants and the reviewer register through the pages."""

from __future__ import annotations

import re

from tests.conftest import uscc

from zhifa.agencies.models import Agency, Reviewer, RoleGrant


def test_agency_outside_scope_is_404(cast, login):
    client = login(cast.u_officer)
    assert client.get(f"/agencies/{cast.nr.pk}/").status_code == 200
    assert client.get(f"/agencies/{cast.zj.pk}/").status_code == 404
    assert client.get(f"/agencies/{cast.ly_nr.pk}/").status_code == 404


def test_supervisor_reads_every_agency_of_its_region_only(cast, login):
    page = login(cast.u_supervisor).get("/agencies/").content.decode()
    assert "鞍山市自然资源局" in page and "鞍山市住房和城乡建设局" in page
    assert "辽阳市自然资源局" not in page


def test_agency_head_adds_a_unit_and_a_bad_uscc_is_refused(cast, login):
    client = login(cast.u_head)
    unit_level = cast.levels["unit"].pk
    r = client.post(f"/agencies/new/?parent={cast.nr.pk}", {"level": unit_level, "name": "测绘科"})
    assert r.status_code == 302
    assert Agency.objects.get(name="测绘科").path.startswith(cast.nr.path)
    agency_level = cast.levels["agency"].pk
    good = uscc("11210300MB5678901")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    r = login(cast.u_admin).post(f"/agencies/new/?parent={cast.anshan.pk}",
                                 {"level": agency_level, "name": "鞍山市交通运输局", "uscc": bad})
    assert r.status_code == 422
    assert "校验码错误" in r.content.decode()
    assert not Agency.objects.filter(name="鞍山市交通运输局").exists()


def test_a_duplicate_uscc_is_refused(cast, login):
    r = login(cast.u_admin).post(f"/agencies/new/?parent={cast.anshan.pk}",
                                 {"level": cast.levels["agency"].pk, "name": "鞍山市交通运输局", "uscc": cast.nr.uscc})
    assert r.status_code == 422 and "已被其他机构使用" in r.content.decode()


def test_an_unknown_parent_agency_is_404(cast, login):
    assert login(cast.u_admin).get("/agencies/new/?parent=999999").status_code == 404


def test_a_unit_cannot_sit_above_its_level(cast, login):
    r = login(cast.u_admin).post(f"/agencies/new/?parent={cast.nr_team.pk}",
                                 {"level": cast.levels["agency"].pk, "name": "某局", "uscc": uscc("11210300MB9999999")})
    assert r.status_code == 422 and "不能设在" in r.content.decode()


def test_the_supervisor_role_goes_only_to_a_supervising_body(cast, login):
    client = login(cast.u_head)
    r = client.post(f"/agencies/{cast.nr.pk}/roles/", {"username": "zhangwei", "role": "supervisor"}, follow=True)
    assert "监督人员只能授予在负有监督职责的机关" in r.content.decode()
    client.post(f"/agencies/{cast.nr.pk}/roles/", {"username": "zhangwei", "role": "publicity"})
    assert RoleGrant.objects.filter(user=cast.u_officer, agency=cast.nr, role="publicity").exists()


def test_revoking_a_role_asks_to_confirm_first(cast, login):
    client = login(cast.u_head)
    grant = RoleGrant.objects.create(user=cast.u_officer, agency=cast.nr, role="publicity")
    url = f"/agencies/{cast.nr.pk}/roles/{grant.pk}/revoke/"
    assert f'href="{url}"' in client.get(f"/agencies/{cast.nr.pk}/").content.decode()  # a link, not a button
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "确定撤销张伟在鞍山市自然资源局的“公示审核员”角色" in text and "确认撤销" in text
    assert RoleGrant.objects.filter(pk=grant.pk).exists()  # looking is not acting
    r = client.post(url, follow=True)
    assert "已撤销角色" in r.content.decode() and not RoleGrant.objects.filter(pk=grant.pk).exists()


def test_reviewer_register_needs_the_qualification_number(cast, login):
    client = login(cast.u_head)
    data = {"name": "周律", "unit": cast.nr_legal.pk, "qualification_kind": "lpq", "qualification_number": ""}
    r = client.post("/reviewers/new/", data)
    assert r.status_code == 422 and "《行政处罚法》第五十八条" in r.content.decode()  # the citation in words
    r = client.post("/reviewers/new/", {**data, "qualification_number": "A20152103010001",
                                        "registered_with": cast.sfj.pk, "registered_on": "2026-03-01"})
    assert r.status_code == 302
    assert Reviewer.objects.get(person__name="周律").registered_with == cast.sfj


def test_reviewer_ratio_is_shown_against_the_five_percent_rule(cast, login):
    page = login(cast.u_head).get("/reviewers/").content.decode()
    assert "鞍山市自然资源局" in page and "未达标" in page  # four officers, no reviewer yet


def test_only_the_most_specific_nav_link_is_active(cast, login):
    page = login(cast.u_admin).get("/workdays/calendar/").content.decode()
    assert page.count('aria-current="page"') == 1
    assert 'aria-current="page">工作日历' in page


def test_a_page_outside_scope_answers_in_chinese(cast, login, settings):
    settings.DEBUG = False
    r = login(cast.u_officer).get(f"/agencies/{cast.ly_nr.pk}/")
    assert r.status_code == 404 and "页面不存在" in r.content.decode()


def test_the_new_agency_form_is_only_for_who_may_create_one(cast, login):
    """An officer gets neither the page nor a link to it; an agency head gets it below their own agency only, and
    only a system administrator (who reaches the whole tree) the form for a top-level node."""
    officer = login(cast.u_officer)
    assert officer.get("/agencies/new/").status_code == 403
    assert officer.get(f"/agencies/new/?parent={cast.nr.pk}").status_code == 404
    for page in ("/agencies/", f"/agencies/{cast.nr.pk}/", f"/agencies/{cast.nr_team.pk}/"):
        assert "/agencies/new/" not in officer.get(page).content.decode()

    head = login(cast.u_head)
    assert head.get("/agencies/new/").status_code == 403
    assert head.get(f"/agencies/new/?parent={cast.zj.pk}").status_code == 404
    assert head.get(f"/agencies/new/?parent={cast.nr.pk}").status_code == 200
    assert f"/agencies/new/?parent={cast.nr.pk}" in head.get(f"/agencies/{cast.nr.pk}/").content.decode()

    assert login(cast.u_admin).get("/agencies/new/").status_code == 200


def test_a_refusal_page_says_in_words_what_may_not_be_done_never_the_actions_code(cast, login):
    client = login(cast.u_officer)
    for url, reason, code in [("/workdays/calendar/", "无权维护工作日历", "calendar.manage"),
                              ("/supervision/", "无权查看区域监督", "region.supervise")]:
        r = client.get(url)
        html = r.content.decode()
        assert r.status_code == 403 and f"{reason}。" in html and code not in html


def test_refusals_on_the_agency_pages_name_their_rule_not_its_code(cast, login):
    client = login(cast.u_head)
    r = client.post(f"/agencies/{cast.nr.pk}/roles/", {"username": cast.u_officer.username, "role": "supervisor"},
                    follow=True)
    html = r.content.decode()
    assert "监督人员只能授予在负有监督职责的机关（司法局）（机构层级与监督职责）" in html and "GEN-01" not in html
    r = client.post(f"/agencies/{cast.nr.pk}/edit/", {"name": cast.nr.name, "uscc": ""})
    html = r.content.decode()
    assert r.status_code == 422 and "必须填写统一社会信用代码（事前公开）" in html and "PUB-01" not in html
    supervisor = login(cast.u_supervisor)
    for url in (f"/agencies/{cast.nr.pk}/supervision/", f"/agencies/{cast.nr.pk}/"):
        assert not re.search(r"[A-Z]{3}-[0-9]{2}", supervisor.get(url).content.decode()), url
