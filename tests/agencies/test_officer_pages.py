"""Officer and credential pages through the test client: scope, bad input, and nothing half-written."""

from __future__ import annotations

import datetime as dt

from zhifa.agencies.models import Credential, CredentialState, Officer, Person
from zhifa.obligations.models import Obligation, ObligationState

CRED = {"number": "21039999", "issuing_body": "辽宁省人民政府", "action_kinds": ["chufa", "jiancha"],
        "valid_from": "2026-01-01", "valid_to": "2030-12-31"}


def cred_form(cast, **over):
    data = {**CRED, "domains": [cast.d_nr.pk], "areas": [cast.anshan.pk]}
    data.update(over)
    return data


def names_on(response) -> str:
    return response.content.decode()


def test_officer_sees_own_agencys_officers_and_no_others(cast, login):
    page = names_on(login(cast.u_officer).get("/officers/"))
    assert "张伟" in page and "李娜" in page
    assert "刘洋" not in page and "陈静" not in page


def test_supervisor_sees_the_region_but_not_another_city(cast, login):
    page = names_on(login(cast.u_supervisor).get("/officers/"))
    assert "张伟" in page and "刘洋" in page
    assert "陈静" not in page
    assert "登记执法人员" not in page


def test_officer_outside_scope_is_404_like_a_missing_one(cast, login):
    client = login(cast.u_officer)
    assert client.get(f"/officers/{cast.chen.pk}/").status_code == 404
    assert client.get(f"/officers/{cast.liu.pk}/").status_code == 404
    assert client.get("/officers/999999/").status_code == 404
    assert client.get(f"/officers/{cast.li.pk}/").status_code == 200


def test_officer_list_searches_by_name_and_credential_number(cast, login):
    client = login(cast.u_head)
    assert "李娜" not in names_on(client.get("/officers/", {"q": "张"}))
    page = names_on(client.get("/officers/", {"q": "21030002"}))
    assert "李娜" in page and "张伟" not in page


def test_officer_list_filters_by_credential_status(cast, login):
    with __import__("time_machine").travel(dt.datetime(2026, 10, 15, 9, tzinfo=dt.UTC), tick=False):
        page = names_on(login(cast.u_head).get("/officers/", {"status": "expired"}))
    assert "王强" in page and "张伟" not in page


def test_agency_head_registers_an_officer_and_a_credential(cast, login):
    client = login(cast.u_head)
    r = client.post("/officers/new/", {"name": "孙磊", "id_number": "11010519491231002X",
                                       "unit": cast.nr_team.pk, "active": "on"})
    assert r.status_code == 302
    officer = Officer.objects.get(person__name="孙磊")
    r = client.post(f"/officers/{officer.pk}/credentials/new/", cred_form(cast))
    assert r.status_code == 302
    cred = officer.credentials.get()
    assert cred.number == "21039999" and sorted(cred.action_kinds) == ["chufa", "jiancha"]


def test_a_bad_resident_id_is_refused_in_chinese_and_nothing_is_stored(cast, login):
    people = Person.objects.count()
    r = login(cast.u_head).post("/officers/new/", {"name": "孙磊", "id_number": "110105194912310021",
                                                   "unit": cast.nr_team.pk})
    assert r.status_code == 422
    assert "公民身份号码" in r.content.decode() and "校验码错误" in r.content.decode()
    assert Person.objects.count() == people


def test_a_duplicate_credential_number_is_refused_and_nothing_is_stored(cast, login):
    before = Credential.objects.count()
    r = login(cast.u_head).post(f"/officers/{cast.li.pk}/credentials/new/", cred_form(cast, number="21030001"))
    assert r.status_code == 422
    assert "证件编号21030001已存在" in r.content.decode()
    assert Credential.objects.count() == before


def test_a_malformed_date_is_refused_naming_the_format(cast, login):
    r = login(cast.u_head).post(f"/officers/{cast.li.pk}/credentials/new/", cred_form(cast, valid_to="2030-13-45"))
    assert r.status_code == 422
    assert "日期格式应为 YYYY-MM-DD" in r.content.decode()


def test_validity_ending_before_it_starts_is_refused(cast, login):
    r = login(cast.u_head).post(f"/officers/{cast.li.pk}/credentials/new/",
                                cred_form(cast, valid_from="2030-01-01", valid_to="2029-12-31"))
    assert r.status_code == 422
    assert "早于有效期起" in r.content.decode()


def test_a_unit_outside_reach_cannot_be_chosen(cast, login):
    r = login(cast.u_head).post("/officers/new/", {"name": "孙磊", "unit": cast.ly_nr.pk})
    assert r.status_code == 422
    assert not Officer.objects.filter(person__name="孙磊").exists()


def test_an_officer_or_a_supervisor_may_not_register_officers(cast, login, client):
    for user in (cast.u_officer, cast.u_supervisor):
        client.force_login(user)
        assert client.get("/officers/new/").status_code == 403
        assert client.post("/officers/new/", {"name": "孙磊", "unit": cast.nr_team.pk}).status_code == 403
    assert not Officer.objects.filter(person__name="孙磊").exists()


def test_another_agencys_head_cannot_touch_the_credential(cast, login):
    cred = cast.zhang.credentials.get()
    r = login(cast.u_zj_head).post(f"/credentials/{cred.pk}/state/", {"state": "suspended", "reason": "x"})
    assert r.status_code == 404
    cred.refresh_from_db()
    assert cred.state == CredentialState.ACTIVE


def test_suspending_needs_a_reason_and_revocation_is_final(cast, login):
    client = login(cast.u_head)
    cred = cast.li.credentials.get()
    client.post(f"/credentials/{cred.pk}/state/", {"state": "suspended", "reason": ""})
    cred.refresh_from_db()
    assert cred.state == CredentialState.ACTIVE
    client.post(f"/credentials/{cred.pk}/state/", {"state": "revoked", "reason": "调离"})
    r = client.post(f"/credentials/{cred.pk}/state/", {"state": "active", "reason": ""}, follow=True)
    cred.refresh_from_db()
    assert cred.state == CredentialState.REVOKED
    assert "已注销，不能再变更状态" in r.content.decode()


def test_issuing_a_credential_schedules_its_renewal_thirty_days_before_it_ends(cast):
    from zhifa.agencies import actions

    cred = actions.issue_credential(actor=cast.u_head, officer=cast.li, number="21038888", issuing_body="辽宁",
                                    action_kinds=["chufa"], domains=[cast.d_nr], areas=[cast.anshan],
                                    valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2029, 3, 31))
    ob = Obligation.objects.get(subject_id=cred.pk, rule="GEN-03 执法证换证", state=ObligationState.OPEN)
    assert ob.due_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date() == dt.date(2029, 3, 1)
    # A newer credential takes the renewal over; the old one's is met.
    newer = actions.issue_credential(actor=cast.u_head, officer=cast.li, number="21038889", issuing_body="辽宁",
                                     action_kinds=["chufa"], domains=[cast.d_nr], areas=[cast.anshan],
                                     valid_from=dt.date(2029, 3, 1), valid_to=dt.date(2034, 2, 28))
    ob.refresh_from_db()
    assert ob.state == ObligationState.MET
    assert Obligation.objects.get(subject_id=newer.pk, state=ObligationState.OPEN).rule == "GEN-03 执法证换证"
