"""Demo parties of 鞍山市自然资源局: a person, a company with its legal representative, an individual business,
an agent and a confirmed service address, recorded by its officer through the write functions."""

from __future__ import annotations

import datetime as dt

from zhifa.core.validators import resident_id_check_character, uscc_check_character
from zhifa.parties import actions


def _id(body: str) -> str:
    return body + resident_id_check_character(body)


def _uscc(body: str) -> str:
    return body + uscc_check_character(body)


def build(*, officer, today: dt.date) -> None:
    person = actions.record_party(
        actor=officer, kind="person", name="王建军", id_kind="resident", id_number=_id("21030219780512153"),
        address="鞍山市铁东区胜利南路28号3单元502室", phone="13904120001").party
    company = actions.record_party(
        actor=officer, kind="legal", name="鞍山市鑫源建材有限公司", uscc=_uscc("91210300MA0QC2345"),
        address="鞍山市铁西区兴盛路116号", phone="0412-5551234", rep_name="赵丽华", rep_position="执行董事兼总经理",
        rep_id_kind="resident", rep_id_number=_id("21030319820923264")).party
    actions.record_party(
        actor=officer, kind="individual", name="铁东区老李农家院", uscc="", address="鞍山市铁东区旧堡镇李家村",
        phone="13504120002", rep_name="李德福", rep_id_kind="resident", rep_id_number=_id("21030419650301131"))
    actions.add_agent(actor=officer, party=company, name="孙明", id_kind="resident",
                      id_number=_id("21030219880707175"), phone="13804120003", relation="律师（辽宁某律师事务所）",
                      scope="special", scope_text="代为陈述、申辩，代为申请听证，代为签收法律文书",
                      valid_from=today - dt.timedelta(days=10))
    actions.confirm_service_address(actor=officer, party=person, address="鞍山市铁东区胜利南路28号3单元502室",
                                    postcode="114001", recipient="王建军", phone="13904120001",
                                    electronic_address="13904120001", electronic_consent=True, signed=True,
                                    signed_by="王建军", confirmed_on=today - dt.timedelta(days=3))
