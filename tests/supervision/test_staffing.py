"""staffing_for: officers, valid credentials and reviewers of each agency's subtree; REV-11's 5%."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhifa.agencies.models import Person, Reviewer
from zhifa.agencies.staffing import Staffing, staffing_for


@pytest.mark.parametrize("officers, reviewers, meets", [
    (20, 1, True),    # exactly 5%
    (21, 1, False),   # 4.76%
    (40, 2, True),
    (41, 2, False),
    (0, 0, None),     # no officers: the ratio does not apply, neither met nor missed
    (0, 3, None),
    (1, 0, False),
])
def test_reviewers_must_be_at_least_five_percent_of_officers_where_there_are_officers(officers, reviewers, meets):
    assert Staffing.of(officers, officers, reviewers).meets_reviewer_ratio is meets


def test_ratio_is_a_decimal_and_none_without_officers():
    assert Staffing.of(21, 20, 1).ratio == Decimal("0.0476")
    assert Staffing.of(21, 20, 1).ratio_percent == Decimal("4.8")
    assert Staffing.of(0, 0, 3).ratio is None


def test_staffing_counts_the_whole_subtree_on_the_given_day(cast, django_assert_num_queries):
    Reviewer.objects.create(person=Person.objects.create(name="孙丽"), unit=cast.nr_legal)
    with django_assert_num_queries(1):
        result = staffing_for([cast.nr, cast.zj, cast.sfj], dt.date(2026, 10, 14))
    # 王强's credential is still valid on its last day, 10-14; 赵敏's is suspended.
    assert result[cast.nr.pk] == Staffing(4, 3, 1, Decimal("0.2500"), True)
    assert result[cast.zj.pk] == Staffing(1, 1, 0, Decimal("0.0000"), False)
    assert result[cast.sfj.pk] == Staffing(0, 0, 0, None, None)
    assert staffing_for([cast.nr], dt.date(2026, 10, 15))[cast.nr.pk].valid_officers == 2
