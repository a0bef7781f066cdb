"""How much of a number a list shows (core.masking)."""

import pytest

from zhifa.core.masking import mask_id, mask_phone


@pytest.mark.parametrize("number, shown", [
    ("210302199001011234", "210302********1234"), ("21030219900101X", "210302*****101X"),
    ("E12345678", "E1*****78"), ("H123", "****"), ("", ""),
])
def test_an_id_number_keeps_its_region_and_last_four(number, shown):
    assert mask_id(number) == shown


@pytest.mark.parametrize("number, shown", [
    ("13812345678", "138****5678"), ("0412-2345678", "041*****5678"), ("2345678", "*****78"), ("", ""),
])
def test_a_phone_keeps_its_first_three_and_last_four(number, shown):
    assert mask_phone(number) == shown
