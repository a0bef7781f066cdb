"""技术处理 by pattern on realistic decision texts: IDs inside sentences (checked by their check digit), phones
with and without separators, bank accounts by Luhn, plates, home addresses cut after the county."""

from __future__ import annotations

from tests.conftest import resident_id, uscc

from zhifa.publicity import redaction

ID = resident_id("21030219800101123")
TEXT = (f"经查，当事人王大山（公民身份号码{ID}，住址：辽宁省鞍山市铁东区胜利路12号3单元401室）于2026年3月起在"
        "铁东区某村建设厂房，其联系电话13904121234，另一号码为139-0412-9876，座机0412-5551234，"
        "罚款缴入账户6222021234567890128以外的账户。车辆辽C·D12345、辽A88888停于现场。")


def _replaced(text):
    marks = [{**m, "state": "accepted"} for m in redaction.pattern_marks([text])]
    return marks, redaction.apply(text, marks)


def test_ids_phones_accounts_plates_and_the_address_are_found_inside_sentences():
    marks, out = _replaced(TEXT)
    reasons = {m["text"]: m["reason"] for m in marks}
    assert reasons[ID] == "身份证号码"
    assert reasons["13904121234"] == reasons["139-0412-9876"] == "手机号码"
    assert reasons["0412-5551234"] == "固定电话号码"
    assert reasons["6222021234567890128"] == "银行账号"
    assert reasons["辽C·D12345"] == reasons["辽A88888"] == "机动车号牌"
    assert ID not in out and "13904121234" not in out and "9876" not in out and "胜利路" not in out
    assert "住址：辽宁省鞍山市铁东区（略）" in out and "王大山" in out  # the party's own name stays
    assert "2026年3月" in out  # a date is no number to hide


def test_a_number_failing_its_check_digit_or_luhn_is_left_alone():
    # a wrong check digit that is no Luhn-valid 18-digit account either
    wrong_id = next(ID[:-1] + d for d in "0123456789" if d != ID[-1] and not redaction.luhn(ID[:-1] + d))
    marks, out = _replaced(f"编号{wrong_id}，卡号6222021234567890127，文号鞍自然资罚〔2026〕12号")
    assert marks == [] and out.endswith("12号")


def test_a_mobile_number_with_spaces_and_a_country_code_is_found():
    marks, out = _replaced("请拨打 +86 139 0412 1234 或（0412）5551234 联系")
    assert "1234" not in out.replace("0412）", "") and {m["reason"] for m in marks} == {"手机号码", "固定电话号码"}


def test_names_are_masked_surname_kept_compound_surnames_whole():
    assert redaction.masked_name("孙建国") == "孙某某"
    assert redaction.masked_name("欧阳修文") == "欧阳某某"
    assert redaction.masked_name("李娜") == "李某某"


def test_a_county_level_city_keeps_its_name():
    assert redaction.county_part("辽宁省海城市八里镇某村5组") == "辽宁省海城市"
    assert redaction.county_part("鞍山市台安县新开河镇") == "鞍山市台安县"


def test_the_digits_inside_a_credit_code_are_no_phone_and_no_account():
    codes = [uscc("11210300MB2345678"), uscc("91210300123456789")]  # seven digits in a row; seventeen at the start
    marks, out = _replaced(f"处罚机关统一社会信用代码{codes[0]}，当事人统一社会信用代码{codes[1]}，座机0412-5551234")
    assert [m["reason"] for m in marks] == ["固定电话号码"] and all(code in out for code in codes)
