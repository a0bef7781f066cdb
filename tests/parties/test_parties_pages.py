"""Parties through their pages: numbers checked as the national standards define them, a party known by its
number found rather than typed again, a form sent twice recording once, scope, masking and the ledger."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone
from tests.parties.conftest import COMPANY, LI_SI, SHOP, ZHANG_SAN, wrong_check

from zhifa.agencies.models import Role
from zhifa.demo.evidence import png_bytes
from zhifa.ledger.chain import chain_of
from zhifa.ledger.models import Entry
from zhifa.parties import actions
from zhifa.parties.access import find_party
from zhifa.parties.models import Agent, Party, PartyAgency, PartyKind, ServiceAddress, Sex
from zhifa.records import actions as records_actions

PERSON = {"kind": "person", "name": "张三", "id_kind": "resident", "id_number": ZHANG_SAN,
          "address": "鞍山市铁东区胜利路1号", "phone": "13812345678"}
LEGAL = {"kind": "legal", "name": "鞍山某建材有限公司", "uscc": COMPANY, "address": "鞍山市铁东区建国大道8号",
         "phone": "0412-2345678", "rep_name": "李四", "rep_position": "执行董事", "rep_id_kind": "resident",
         "rep_id_number": LI_SI}


def entries(kind: str) -> list[Entry]:
    return list(Entry.objects.filter(kind=kind).order_by("pk"))


def record(client, data: dict):
    return client.post("/parties/new/", data)


# ---------------------------------------------------------------- numbers


def test_a_person_is_recorded_with_sex_and_birth_date_read_from_the_id_number(people, login):
    client = login(people.u_officer)
    response = record(client, PERSON)
    party = Party.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/parties/{party.pk}/"
    assert (party.kind, party.sex, party.birth_date) == (PartyKind.PERSON, Sex.MALE, dt.date(1990, 1, 1))
    assert PartyAgency.objects.get(party=party).agency == people.nr
    [entry] = entries("party.recorded")
    assert entry.chain == chain_of(people.nr)
    payload = json.loads(entry.payload)
    assert payload["id_number"] == ZHANG_SAN[:6] + "********" + ZHANG_SAN[-4:]
    assert ZHANG_SAN not in entry.payload and "13812345678" not in entry.payload


def test_a_wrong_id_number_is_refused_beside_its_field_naming_the_rule_and_nothing_is_stored(people, login):
    client = login(people.u_officer)
    before = Entry.objects.count()
    response = record(client, PERSON | {"id_number": wrong_check(ZHANG_SAN)})
    assert response.status_code == 422
    text = response.content.decode()
    assert "证件号码：公民身份号码校验码错误" in text and "（GB 11643）" in text
    assert not Party.objects.exists() and not PartyAgency.objects.exists()
    assert Entry.objects.count() == before


@pytest.mark.parametrize("number, words", [
    ("2103021990010112", "应为18位，实际为16位"),
    ("21030219901301123X", "出生日期“19901301”不是有效日期"),
])
def test_a_malformed_id_number_says_what_is_wrong(people, login, number, words):
    response = record(login(people.u_officer), PERSON | {"id_number": number})
    assert response.status_code == 422 and words in response.content.decode()
    assert not Party.objects.exists()


def test_a_sex_that_contradicts_the_id_number_is_refused(people, login):
    response = record(login(people.u_officer), PERSON | {"sex": "female"})
    assert response.status_code == 422 and "性别与公民身份号码第17位不符" in response.content.decode()
    assert not Party.objects.exists()


def test_a_passport_number_is_taken_without_a_checksum(people, login):
    response = record(login(people.u_officer), PERSON | {"name": "John Smith", "id_kind": "passport",
                                                         "id_number": "e1234 5678"})
    assert response.status_code == 302
    party = Party.objects.get()
    assert (party.id_kind, party.id_number, party.sex, party.birth_date) == ("passport", "E12345678", "", None)


def test_an_organisation_is_recorded_with_its_code_and_legal_representative(people, login):
    response = record(login(people.u_officer), LEGAL)
    assert response.status_code == 302
    party = Party.objects.get()
    assert (party.id_kind, party.id_number, party.rep_name, party.rep_id_number) == ("uscc", COMPANY, "李四", LI_SI)


def test_a_wrong_credit_code_is_refused_naming_gb_32100_and_nothing_is_stored(people, login):
    response = record(login(people.u_officer), LEGAL | {"uscc": wrong_check(COMPANY)})
    assert response.status_code == 422
    text = response.content.decode()
    assert "统一社会信用代码：统一社会信用代码校验码错误" in text and "（GB 32100）" in text
    assert not Party.objects.exists() and not entries("party.recorded")


def test_a_credit_code_of_an_individual_business_is_not_taken_for_a_company_nor_the_other_way(people, login):
    client = login(people.u_officer)
    response = record(client, LEGAL | {"uscc": SHOP})
    assert response.status_code == 422 and "前两位“92”是个体工商户的代码" in response.content.decode()
    shop = {"kind": "individual", "name": "某店", "uscc": COMPANY, "rep_name": "张三", "rep_id_kind": "resident",
            "rep_id_number": ZHANG_SAN}
    response = record(client, shop)
    assert response.status_code == 422 and "个体工商户的代码前两位应为“92”" in response.content.decode()
    assert not Party.objects.exists()


def test_an_organisation_needs_its_legal_representative(people, login):
    response = record(login(people.u_officer), LEGAL | {"rep_name": ""})
    assert response.status_code == 422 and "法定代表人（负责人）姓名" in response.content.decode()
    assert not Party.objects.exists()


def test_an_individual_business_without_a_code_is_known_by_its_operator_apart_from_the_operator(people, login):
    client = login(people.u_officer)
    assert record(client, PERSON).status_code == 302
    shop = {"kind": "individual", "name": "张三五金店", "uscc": "", "address": "鞍山市铁东区", "phone": "",
            "rep_name": "张三", "rep_id_kind": "resident", "rep_id_number": ZHANG_SAN}
    assert record(client, shop).status_code == 302
    assert record(client, shop).status_code == 302  # again: found, not a third row
    assert sorted(Party.objects.values_list("kind", flat=True)) == ["individual", "person"]
    assert record(client, shop | {"name": "张三五金店", "uscc": SHOP}).status_code == 302
    assert Party.objects.filter(kind="individual").count() == 2  # with a code it is known by the code


# ---------------------------------------------------------------- found by number, sent twice


def test_a_party_seen_before_is_found_by_its_number_and_not_recorded_again(people, login):
    client = login(people.u_officer)
    first = record(client, PERSON)
    again = record(login(people.u_unit_head), PERSON | {"address": "另一个地址", "id_number": ZHANG_SAN.lower()})
    party = Party.objects.get()
    assert again.status_code == 302 and again["Location"] == first["Location"] == party.get_absolute_url()
    assert party.address == PERSON["address"]  # found, not overwritten
    assert "此前已登记（按证件号码找到）" in client.get(again["Location"]).content.decode()
    assert len(entries("party.recorded")) == 1 and not entries("party.linked")
    assert find_party(people.u_officer, "resident", ZHANG_SAN) == party


def test_a_form_sent_twice_records_one_party_one_agent_and_one_address(people, login):
    client = login(people.u_officer)
    assert [record(client, PERSON).status_code for _ in range(2)] == [302, 302]
    party = Party.objects.get()
    agent = {"name": "王律师", "id_kind": "resident", "id_number": LI_SI, "phone": "13900001111", "relation": "律师",
             "scope": "special", "scope_text": "代为陈述申辩、代为签收文书", "valid_from": "2026-01-05",
             "valid_to": ""}
    address = {"address": "鞍山市铁东区胜利路1号", "postcode": "114001", "recipient": "张三", "phone": "13812345678",
               "electronic_address": "", "confirmed_on": "2026-01-05", "signed": "on", "signed_by": "张三"}
    for _ in range(2):
        assert client.post(f"/parties/{party.pk}/agents/new/", agent).status_code == 302
        assert client.post(f"/parties/{party.pk}/addresses/new/", address).status_code == 302
    assert (Agent.objects.count(), ServiceAddress.objects.count()) == (1, 1)
    assert [len(entries(k)) for k in ("party.recorded", "party.agent_added", "party.service_address_confirmed")] \
        == [1, 1, 1]


def test_another_agency_typing_the_same_number_and_name_shares_the_party(people, login):
    record(login(people.u_officer), PERSON)
    assert find_party(people.u_ly_head, "resident", ZHANG_SAN) is None  # not in its reach yet
    response = record(login(people.u_ly_head), PERSON | {"address": "辽阳市"})
    party = Party.objects.get()
    assert response.status_code == 302 and response["Location"] == party.get_absolute_url()
    assert set(PartyAgency.objects.values_list("agency", flat=True)) == {people.nr.pk, people.ly_nr.pk}
    [linked] = entries("party.linked")
    assert linked.chain == chain_of(people.ly_nr)
    assert find_party(people.u_ly_head, "resident", ZHANG_SAN) == party


def test_another_agency_typing_a_known_number_with_another_name_is_refused_without_learning_the_name(people, login):
    record(login(people.u_officer), PERSON)
    response = record(login(people.u_ly_head), PERSON | {"name": "王五"})
    assert response.status_code == 422
    text = response.content.decode()
    assert "该号码已登记为另一名称的当事人" in text and "张三" not in text
    assert PartyAgency.objects.count() == 1 and not entries("party.linked")


# ---------------------------------------------------------------- scope and masking


def test_another_agencys_party_is_404_like_a_missing_one(people, login):
    record(login(people.u_officer), PERSON)
    party = Party.objects.get()
    client = login(people.u_ly_head)
    for suffix in ("", "edit/", "agents/new/", "addresses/new/"):
        theirs, missing = client.get(f"/parties/{party.pk}/{suffix}"), client.get(f"/parties/999999999/{suffix}")
        assert theirs.status_code == missing.status_code == 404
    assert client.post(f"/parties/{party.pk}/agents/new/", {"name": "x"}).status_code == 404
    assert "张三" not in client.get("/parties/?q=" + ZHANG_SAN).content.decode()


def test_lists_mask_numbers_and_only_those_who_manage_see_them_whole(people, login):
    record(login(people.u_officer), PERSON)
    party = Party.objects.get()
    masked_id, masked_phone = "210302********" + ZHANG_SAN[-4:], "138****5678"
    listing = login(people.u_officer).get("/parties/").content.decode()
    assert masked_id in listing and masked_phone in listing
    assert ZHANG_SAN not in listing and "13812345678" not in listing
    detail = login(people.u_officer).get(party.get_absolute_url()).content.decode()
    assert ZHANG_SAN in detail and "13812345678" in detail
    reviewer = login(people.u_reviewer).get(party.get_absolute_url())
    assert reviewer.status_code == 200
    text = reviewer.content.decode()
    assert masked_id in text and ZHANG_SAN not in text and "13812345678" not in text
    assert "更正信息" not in text


def test_search_finds_by_part_of_the_name_or_the_whole_number(people, login):
    client = login(people.u_officer)
    record(client, PERSON)
    record(client, LEGAL)
    assert "张三" in client.get("/parties/?q=张").content.decode()
    by_number = client.get("/parties/?q=" + COMPANY.lower()).content.decode()
    assert "鞍山某建材有限公司" in by_number and "张三</a>" not in by_number
    assert "没有符合条件的当事人" in client.get("/parties/?q=" + ZHANG_SAN[:10]).content.decode()


def test_who_may_see_parties(people, login):
    assert login(people.u_records).get("/parties/").status_code == 403
    assert login(people.u_supervisor).get("/parties/").status_code == 403
    assert login(people.u_reviewer).get("/parties/new/").status_code == 403
    officer = login(people.u_officer).get("/").content.decode()
    assert 'href="/parties/"' in officer
    assert 'href="/parties/"' not in login(people.u_records).get("/").content.decode()


def test_the_party_list_costs_the_same_queries_at_any_size(people, login, django_assert_max_num_queries):
    client = login(people.u_officer)
    client.get("/parties/")  # session, grants warmed like any later page

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            body = f"2103021990{(i % 12) + 1:02d}{(i % 28) + 1:02d}{i % 1000:03d}"
            actions.record_party(actor=people.u_officer, kind="person", name=f"当事人{i}", id_kind="resident",
                                 id_number=body + _check(body), phone="13812345678")

    add(3, 0)
    with django_assert_max_num_queries(12) as few:
        assert client.get("/parties/").status_code == 200
    add(60, 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/parties/")
    assert page.status_code == 200 and "下一页" in page.content.decode()


def _check(body: str) -> str:
    from zhifa.core.validators import resident_id_check_character

    return resident_id_check_character(body)


# ---------------------------------------------------------------- agents and service addresses


def _evidence(user, unit):
    now = timezone.now()
    return records_actions.ingest_stream(
        actor=user, unit=unit, chunks=[png_bytes(8, 8)], original_name="授权委托书.png",
        description={"kind": "photo", "title": "授权委托书", "capture_start": now, "capture_end": now})


def test_an_agent_with_a_special_authorisation_names_its_matters_and_its_evidence(people, login):
    client = login(people.u_officer)
    record(client, PERSON)
    party = Party.objects.get()
    letter = _evidence(people.u_officer, people.nr_team)
    data = {"name": "王律师", "id_kind": "resident", "id_number": LI_SI, "phone": "13900001111",
            "relation": "律师", "scope": "special", "scope_text": "", "valid_from": "2026-01-05", "valid_to": ""}
    response = client.post(f"/parties/{party.pk}/agents/new/", data)
    assert response.status_code == 422 and "特别授权须写明授权事项" in response.content.decode()
    response = client.post(f"/parties/{party.pk}/agents/new/", data | {"scope_text": "代为签收文书",
                                                                        "valid_to": "2026-01-04"})
    assert response.status_code == 422 and "授权截止日不能早于起始日" in response.content.decode()
    response = client.post(f"/parties/{party.pk}/agents/new/", data | {"id_number": wrong_check(LI_SI),
                                                                        "scope_text": "代为签收文书"})
    assert response.status_code == 422 and "代理人证件号码：公民身份号码校验码错误" in response.content.decode()
    ly_officer = people.user("chenjing", [(people.ly_nr, Role.OFFICER)], person=people.chen.person)
    theirs = _evidence(ly_officer, people.ly_nr)
    response = client.post(f"/parties/{party.pk}/agents/new/", data | {"scope_text": "代为签收文书",
                                                                        "authorisation": theirs.pk})
    assert response.status_code == 422
    assert f"证据编号 {theirs.pk} 不存在或不在您的查看范围内" in response.content.decode()
    assert not Agent.objects.exists() and not entries("party.agent_added")
    response = client.post(f"/parties/{party.pk}/agents/new/", data | {"scope_text": "代为签收文书",
                                                                        "authorisation": letter.pk})
    assert response.status_code == 302
    agent = Agent.objects.get()
    assert (agent.authorisation, agent.agency) == (letter, people.nr)
    [entry] = entries("party.agent_added")
    assert json.loads(entry.evidence) == [letter.blob.sm3] and LI_SI not in entry.payload
    page = client.get(party.get_absolute_url()).content.decode()
    assert "王律师" in page and "代为签收文书" in page and f"证据 {letter.pk}" in page
    assert "王律师" not in login(people.u_ly_head).get(f"/parties/{party.pk}/").content.decode()


def test_electronic_service_needs_the_written_consent_of_the_party(people, login):
    client = login(people.u_officer)
    record(client, PERSON)
    party = Party.objects.get()
    url = f"/parties/{party.pk}/addresses/new/"
    data = {"address": "鞍山市铁东区胜利路1号", "postcode": "114001", "recipient": "张三", "phone": "13812345678",
            "electronic_address": "zhangsan@example.cn", "electronic_consent": "on", "confirmed_on": "2026-01-05"}
    response = client.post(url, data)
    assert response.status_code == 422
    text = response.content.decode()
    assert "电子送达须经受送达人书面同意" in text and "《行政处罚法》第六十一条" in text
    response = client.post(url, data | {"electronic_address": ""})
    assert response.status_code == 422 and "同意电子送达的，须填写电子送达地址" in response.content.decode()
    response = client.post(url, data | {"postcode": "11400"})
    assert response.status_code == 422 and "邮政编码应为6位数字" in response.content.decode()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(url, data | {"confirmed_on": tomorrow, "signed": "on", "signed_by": "张三"})
    assert response.status_code == 422 and "确认日期不能晚于今天" in response.content.decode()
    assert not ServiceAddress.objects.exists()
    assert client.post(url, data | {"signed": "on", "signed_by": "张三"}).status_code == 302
    confirmation = ServiceAddress.objects.get()
    assert confirmation.electronic_consent and confirmation.subject_type is None
    [entry] = entries("party.service_address_confirmed")
    assert "13812345678" not in entry.payload
    assert "同意：zhangsan@example.cn" in client.get(party.get_absolute_url()).content.decode()


def test_a_service_address_can_name_its_subject(people):
    """The case engine points a confirmation at its case; any model instance serves here."""
    recorded = actions.record_party(actor=people.u_officer, **PERSON)
    confirmation = actions.confirm_service_address(
        actor=people.u_officer, party=recorded.party, address="鞍山市", recipient="张三", phone="13812345678",
        confirmed_on=dt.date(2026, 1, 5), subject=people.nr)
    assert (confirmation.subject_type.model, confirmation.subject_id) == ("agency", people.nr.pk)


def test_correcting_a_party_is_one_ledger_entry_with_what_changed(people, login):
    client = login(people.u_officer)
    record(client, PERSON)
    party = Party.objects.get()
    form = client.get(f"/parties/{party.pk}/edit/")
    assert form.status_code == 200 and ZHANG_SAN in form.content.decode()
    response = client.post(f"/parties/{party.pk}/edit/", PERSON | {"phone": "13900002222"})
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.phone == "13900002222"
    [entry] = entries("party.updated")
    assert json.loads(entry.payload)["changed"] == {"phone": "139****2222"}
    record(client, PERSON | {"name": "李四", "id_number": LI_SI})
    response = client.post(f"/parties/{party.pk}/edit/", PERSON | {"id_number": LI_SI})
    assert response.status_code == 422 and "该号码已登记为另一当事人" in response.content.decode()
    assert len(entries("party.updated")) == 1
