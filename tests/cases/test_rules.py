"""The statutory periods and amounts of 行政处罚 (cases/rules.py), at each edge the issue names.

Every expected date is worked out by hand from the State Council's 2026 schedule (国办发明电〔2025〕7号):
元旦 1月1日至3日放假，1月4日(周日)上班; 春节 2月15日至23日放假，2月14日(周六)、2月28日(周六)上班;
劳动节 5月1日至5日放假，5月9日(周六)上班; 中秋节 9月25日至27日; 国庆节 10月1日至7日放假，9月20日(周日)、
10月10日(周六)上班. 2027 is not entered: its answers are provisional (元旦 2027-01-01 is a Friday).
Tests that read the calendar take the ``db`` fixture; the others touch no database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from zhifa.cases import rules
from zhifa.cases.rules import PartyKind, Penalty, PenaltyKind, Period
from zhifa.core.errors import RuleViolation

D = dt.date
K = PenaltyKind


@contextlib.contextmanager
def refused(rule: str, field: str | None = None) -> Iterator[pytest.ExceptionInfo[RuleViolation]]:
    """The block raises RuleViolation naming ``rule`` (and ``field``), with a sentence for the page."""
    with pytest.raises(RuleViolation) as info:
        yield info
    assert info.value.rule == rule
    if field is not None:
        assert info.value.field == field
    assert info.value.message


def fine(amount: str) -> Penalty:
    return Penalty.of(K.FINE, fine=Decimal(amount))


# --- 第36条 limitation ------------------------------------------------------------------------------

@pytest.mark.parametrize("discovered_on, grave_harm, ok", [
    (D(2026, 3, 10), False, True),    # two years to the day: the last day
    (D(2026, 3, 11), False, False),
    (D(2029, 3, 10), True, True),     # five years where life, health or financial safety was harmed
    (D(2029, 3, 11), True, False),
    (D(2026, 3, 11), True, True),
])
def test_limitation_runs_two_years_from_the_act_or_five_with_harm(discovered_on, grave_harm, ok):
    args = {"act_ended_on": D(2024, 3, 10), "discovered_on": discovered_on, "grave_harm": grave_harm}
    if ok:
        rules.check_limitation(**args)
    else:
        with refused("行政处罚法 第36条", "act_ended_on") as e:
            rules.check_limitation(**args)
        assert "不予立案" in e.value.message


def test_an_act_on_29_february_is_time_barred_after_28_february_two_years_on():
    assert rules.limitation_last_day(D(2024, 2, 29)) == D(2026, 2, 28)
    assert rules.limitation_last_day(D(2024, 2, 29), grave_harm=True) == D(2029, 2, 28)
    rules.check_limitation(act_ended_on=D(2024, 2, 29), discovered_on=D(2026, 2, 28))
    with refused("行政处罚法 第36条"):
        rules.check_limitation(act_ended_on=D(2024, 2, 29), discovered_on=D(2026, 3, 1))


def test_an_act_after_its_discovery_is_refused_as_a_wrong_date():
    with refused("行政处罚法 第36条", "act_ended_on"):
        rules.check_limitation(act_ended_on=D(2026, 5, 2), discovered_on=D(2026, 5, 1))


# --- 第51条 简易程序 ------------------------------------------------------------------------------------

@pytest.mark.parametrize("party, amount, ok", [
    (PartyKind.PERSON, "200", True),
    (PartyKind.PERSON, "201", False),
    (PartyKind.PERSON, "200.01", False),
    (PartyKind.INDIVIDUAL_BUSINESS, "201", False),   # 个体工商户 takes a person's limit
    (PartyKind.LEGAL_PERSON, "3000", True),
    (PartyKind.LEGAL_PERSON, "3001", False),
    (PartyKind.OTHER_ORGANISATION, "3000.00", True),
    (PartyKind.OTHER_ORGANISATION, "3001", False),
])
def test_simple_procedure_allows_fines_up_to_200_for_a_person_and_3000_for_an_organisation(party, amount, ok):
    if ok:
        rules.check_simple_procedure(fine(amount), party)
    else:
        with refused("行政处罚法 第51条", "fine") as e:
            rules.check_simple_procedure(fine(amount), party)
        assert "普通程序" in e.value.message


def test_simple_procedure_takes_a_warning_but_not_other_kinds():
    rules.check_simple_procedure(Penalty.of(K.WARNING), PartyKind.PERSON)
    with refused("行政处罚法 第51条", "kinds") as e:
        rules.check_simple_procedure(Penalty.of(K.CONFISCATE_GAINS, confiscated=Decimal(50)), PartyKind.PERSON)
    assert "没收违法所得" in e.value.message


def test_a_warning_with_a_fine_on_the_spot_needs_the_agency_to_allow_it():
    both = Penalty.of(K.WARNING, K.FINE, fine=Decimal(100))
    with refused("行政处罚法 第51条", "kinds"):
        rules.check_simple_procedure(both, PartyKind.PERSON)
    rules.check_simple_procedure(both, PartyKind.PERSON, allow_warning_with_fine=True)


def test_a_law_that_says_otherwise_sets_its_own_limit():
    rules.check_simple_procedure(fine("500"), PartyKind.PERSON, person_limit=Decimal(500))


# --- the Penalty value --------------------------------------------------------------------------------

def test_a_fine_must_state_its_amount_and_an_amount_needs_a_fine():
    with refused("行政处罚法 第9条", "fine"):
        Penalty.of(K.FINE)
    with refused("行政处罚法 第9条", "fine"):
        Penalty.of(K.WARNING, fine=Decimal(100))
    with refused("行政处罚法 第9条", "confiscated"):
        Penalty.of(K.FINE, fine=Decimal(100), confiscated=Decimal(5))
    with refused("行政处罚法 第9条", "kinds"):
        Penalty(frozenset())


def test_amounts_are_decimal_yuan_to_the_fen():
    with pytest.raises(RuleViolation) as e:
        Penalty.of(K.FINE, fine=Decimal("100.001"))
    assert e.value.field == "fine"
    with pytest.raises(RuleViolation):
        Penalty.of(K.FINE, fine=Decimal("-1"))
    with pytest.raises(RuleViolation):
        Penalty.of(K.FINE, fine=Decimal("1E+40"))
    with pytest.raises(TypeError):
        Penalty.of(K.FINE, fine=100.5)  # type: ignore[arg-type]


def test_a_penalty_reads_in_chinese():
    p = Penalty.of(K.REVOKE_LICENCE, K.FINE, K.CONFISCATE_GAINS, fine=Decimal(5000), confiscated=Decimal(1200))
    assert p.label == "罚款5,000.00元、没收违法所得1,200.00元、吊销许可证件"
    both = Penalty.of(K.CONFISCATE_PROPERTY, K.CONFISCATE_GAINS, confiscated=Decimal(300))
    assert both.label == "没收违法所得、没收非法财物（合计300.00元）"


# --- 第44、45条 no heavier penalty than the one notified --------------------------------------------------

@pytest.mark.parametrize("decided, notified, heavier", [
    (fine("6000"), fine("5000"), True),
    (fine("5000"), fine("5000"), False),
    (fine("4000"), fine("5000"), False),
    (Penalty.of(K.FINE, K.REVOKE_LICENCE, fine=Decimal(5000)), fine("5000"), True),          # a kind added
    (Penalty.of(K.SUSPEND_LICENCE), Penalty.of(K.REVOKE_LICENCE), False),                      # 暂扣 for 吊销
    (Penalty.of(K.REVOKE_LICENCE), Penalty.of(K.SUSPEND_LICENCE), True),
    (Penalty.of(K.WARNING), fine("500"), False),                                               # 警告 for 罚款
    (Penalty.of(K.CONFISCATE_GAINS, confiscated=Decimal(100)), fine("500"), True),             # same rank: no swap
    (Penalty.of(K.FINE, K.CONFISCATE_GAINS, fine=Decimal(500), confiscated=Decimal(900)),
     Penalty.of(K.FINE, K.CONFISCATE_GAINS, fine=Decimal(500), confiscated=Decimal(800)), True),
    (Penalty.of(K.RESTRICT_BUSINESS), Penalty.of(K.SUSPEND_BUSINESS), False),
])
def test_heavier_than_compares_amounts_and_kinds(decided, notified, heavier):
    assert decided.heavier_than(notified) is heavier


def test_a_heavier_penalty_after_the_statement_is_refused_until_notified_again():
    notified = fine("5000")
    with refused("行政处罚法 第45条", "penalty") as e:
        rules.check_not_heavier(fine("8000"), notified)
    assert "重新事先告知" in e.value.message and "罚款8,000.00元" in e.value.message
    rules.check_not_heavier(fine("8000"), fine("8000"))  # the new 事先告知 names 8,000
    rules.check_not_heavier(fine("3000"), notified)


# --- 第63条 hearing rights ------------------------------------------------------------------------------

@pytest.mark.parametrize("penalty, party, has_right", [
    (fine("1999.99"), PartyKind.PERSON, False),
    (fine("2000"), PartyKind.PERSON, True),            # 以上 includes the threshold
    (fine("9999"), PartyKind.LEGAL_PERSON, False),
    (fine("10000"), PartyKind.LEGAL_PERSON, True),
    (Penalty.of(K.CONFISCATE_PROPERTY, confiscated=Decimal(2000)), PartyKind.INDIVIDUAL_BUSINESS, True),
    (Penalty.of(K.CONFISCATE_GAINS, confiscated=Decimal(5000)), PartyKind.OTHER_ORGANISATION, False),
    (Penalty.of(K.WARNING), PartyKind.PERSON, False),
    (Penalty.of(K.SUSPEND_LICENCE), PartyKind.LEGAL_PERSON, False),
    (Penalty.of(K.REVOKE_LICENCE), PartyKind.PERSON, True),
    (Penalty.of(K.LOWER_QUALIFICATION), PartyKind.LEGAL_PERSON, True),
    (Penalty.of(K.SUSPEND_BUSINESS), PartyKind.LEGAL_PERSON, True),
    (Penalty.of(K.CLOSE), PartyKind.LEGAL_PERSON, True),
    (Penalty.of(K.RESTRICT_PRACTICE), PartyKind.PERSON, True),
])
def test_hearing_rights_follow_the_agency_thresholds_and_the_heavy_kinds(penalty, party, has_right):
    assert bool(rules.hearing_grounds(penalty, party)) is has_right


def test_hearing_grounds_are_given_in_words_and_the_thresholds_are_the_agencys():
    p = Penalty.of(K.FINE, K.REVOKE_LICENCE, fine=Decimal(20000))
    assert rules.hearing_grounds(p, PartyKind.LEGAL_PERSON) == ["较大数额罚款（10,000元以上）", "吊销许可证件"]
    market = rules.HearingThresholds(organisation_fine=Decimal(100000))
    assert rules.hearing_grounds(fine("20000"), PartyKind.LEGAL_PERSON, thresholds=market) == []


# --- 第64条 hearing -------------------------------------------------------------------------------------

@pytest.mark.parametrize("served, fifth, sixth", [
    # 09-30 Wed 1; 国庆 10-01..07; 10-08 Thu 2, 10-09 Fri 3, 10-10 调休 Sat 4, 10-12 Mon 5, 10-13 Tue 6
    (D(2026, 9, 29), D(2026, 10, 12), D(2026, 10, 13)),
    # 02-13 Fri 1, 02-14 调休 Sat 2; 春节 02-15..23; 02-24 Tue 3, 02-25 4, 02-26 5, 02-27 6
    (D(2026, 2, 12), D(2026, 2, 26), D(2026, 2, 27)),
])
def test_a_hearing_request_is_in_time_on_the_5th_working_day_after_service_not_the_6th(db, served, fifth, sixth):
    assert rules.hearing_request_due(served).last_day == fifth
    rules.check_hearing_request(notice_served_on=served, requested_on=fifth)
    with refused("行政处罚法 第64条", "requested_on") as e:
        rules.check_hearing_request(notice_served_on=served, requested_on=sixth)
    assert f"{fifth.year}年{fifth.month}月{fifth.day}日" in e.value.message


def test_a_hearing_request_before_the_notice_was_served_is_a_wrong_date(db):
    with refused("行政处罚法 第64条", "requested_on"):
        rules.check_hearing_request(notice_served_on=D(2026, 9, 29), requested_on=D(2026, 9, 28))


def test_the_hearing_notice_leaves_seven_working_days_before_the_hearing(db):
    # served 09-29: 09-30 1, 10-08 2, 10-09 3, 10-10 调休 Sat 4, 10-12 5, 10-13 6, 10-14 7
    served = D(2026, 9, 29)
    assert rules.earliest_hearing_day(served) == D(2026, 10, 15)
    rules.check_hearing_notice(notice_served_on=served, hearing_on=D(2026, 10, 15))
    with refused("行政处罚法 第64条", "hearing_on"):
        rules.check_hearing_notice(notice_served_on=served, hearing_on=D(2026, 10, 14))
    rules.check_hearing_notice(notice_served_on=served, hearing_on=D(2026, 10, 14), full_days_between=False)


def test_the_presiding_officer_is_not_an_investigator_of_the_case():
    rules.check_presiding_officer({3}, {1, 2})
    with refused("行政处罚法 第64条", "presiding"):
        rules.check_presiding_officer([2], [1, 2])


# --- statement period (issue item 6), 第56条, 第61条, 第52条 ------------------------------------------

def test_the_statement_period_runs_five_working_days_across_new_year(db):
    # 12-31 Wed 1; 元旦 01-01..03; 01-04 调休 Sun 2; 01-05 3, 01-06 4, 01-07 5
    due = rules.statement_due(D(2025, 12, 30))
    assert (due.last_day, due.provisional, due.unit) == (D(2026, 1, 7), False, "workday")
    assert due.due_at == dt.datetime(2026, 1, 7, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_a_statement_period_into_an_unentered_year_is_provisional(db):
    # 12-29 Tue 1, 12-30 2, 12-31 3; 2027-01-01 Fri 元旦 (statutory); 01-04 Mon 4, 01-05 Tue 5
    assert rules.statement_due(D(2026, 12, 28)) == rules.Deadline("行政处罚法 第45条", D(2027, 1, 5), "workday", True)


def test_the_agency_sets_its_own_statement_period(db):
    # 10-08 Thu 1, 10-09 Fri 2, 10-10 调休 Sat 3
    assert rules.statement_due(D(2026, 9, 30), Period(3)).last_day == D(2026, 10, 10)


def test_preserved_evidence_is_decided_on_within_seven_working_days_up_to_a_make_up_saturday(db):
    # 02-13 1, 02-14 调休 Sat 2; 春节; 02-24 3, 25 4, 26 5, 27 6, 02-28 调休 Sat 7
    due = rules.preservation_decision_due(D(2026, 2, 12))
    assert (due.rule, due.last_day) == ("行政处罚法 第56条", D(2026, 2, 28))
    assert due.met_by(D(2026, 2, 28)) and not due.met_by(D(2026, 3, 1))


def test_a_decision_not_handed_over_is_served_within_seven_working_days(db):
    # 国庆 ahead: 10-08 1, 10-09 2, 10-10 调休 Sat 3, 10-12 4, 10-13 5, 10-14 6, 10-15 7
    assert rules.service_due(D(2026, 9, 30)).last_day == D(2026, 10, 15)


def test_an_on_the_spot_decision_is_filed_within_the_agencys_period(db):
    # default 3 working days: 10-08 1, 10-09 2, 10-10 调休 Sat 3
    assert rules.simple_filing_due(D(2026, 9, 30)).last_day == D(2026, 10, 10)
    # as calendar days the agency's own limit is not moved past 国庆: 09-28 + 3 = 10-01
    assert rules.simple_filing_due(D(2026, 9, 28), Period(3, "day")).last_day == D(2026, 10, 1)


# --- 第60条 the decision within 90 days ---------------------------------------------------------------

def test_the_decision_is_due_on_day_90_after_the_case_was_opened_not_day_91():
    # 立案 03-04 (not counted): 03-05..31 = 27 days, April 30 → 57, May 31 → 88, 06-01 89, 06-02 90
    due = rules.decision_due(D(2026, 3, 4))
    assert due.last_day == D(2026, 6, 2)
    assert due.met_by(D(2026, 6, 2)) and not due.met_by(D(2026, 6, 3))
    assert due.due_at == dt.datetime(2026, 6, 2, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_an_approved_extension_adds_its_days_after_the_ninetieth():
    assert rules.decision_due(D(2026, 3, 4), extension_days=30).last_day == D(2026, 7, 2)


def test_day_90_on_a_sunday_stays_unless_the_agency_rolls_it_over(db):
    # 立案 03-02: 03-03..31 = 29, April → 59, May 31 → 90 (a Sunday); 06-01 Mon
    assert rules.decision_due(D(2026, 3, 2)).last_day == D(2026, 5, 31)
    assert rules.decision_due(D(2026, 3, 2), roll_over_holiday=True).last_day == D(2026, 6, 1)


# --- 第67、72、73条 payment and surcharge ---------------------------------------------------------------

def test_payment_is_due_fifteen_days_after_service_moved_past_a_holiday(db):
    assert rules.payment_due(D(2026, 3, 2)).last_day == D(2026, 3, 17)
    # 09-20 + 15 = 10-05, inside 国庆 10-01..07: the first working day after, 10-08
    assert rules.payment_due(D(2026, 9, 20)).last_day == D(2026, 10, 8)


@pytest.mark.parametrize("until, days, amount, capped", [
    (D(2026, 3, 17), 0, "0.00", False),      # paid on the last day (served 03-02 + 15)
    (D(2026, 3, 18), 1, "30.00", False),
    (D(2026, 4, 19), 33, "990.00", False),   # 03-18..31 = 14, 04-01..19 = 19
    (D(2026, 4, 20), 34, "1000.00", True),   # 102% capped at the fine
    (D(2026, 12, 31), 289, "1000.00", True),
])
def test_the_surcharge_is_three_percent_a_day_never_above_the_fine(db, until, days, amount, capped):
    s = rules.late_payment_surcharge(Decimal(1000), served_on=D(2026, 3, 2), until=until)
    assert (s.days, s.amount, s.capped) == (days, Decimal(amount), capped)


def test_days_in_reconsideration_or_lawsuit_are_not_counted(db):
    # overdue 03-18..04-29 = 43 days; reconsideration 03-20..03-29 = 10 days left out: 33 counted
    s = rules.late_payment_surcharge(Decimal(1000), served_on=D(2026, 3, 2), until=D(2026, 4, 29),
                                     paused=[(D(2026, 3, 20), D(2026, 3, 29))])
    assert (s.days, s.paused_days, s.amount, s.capped) == (33, 10, Decimal("990.00"), False)
    s = rules.late_payment_surcharge(Decimal(1000), served_on=D(2026, 3, 2), until=D(2026, 4, 30),
                                     paused=[(D(2026, 3, 20), D(2026, 3, 25)), (D(2026, 3, 24), D(2026, 3, 29))])
    assert (s.days, s.paused_days, s.amount, s.capped) == (34, 10, Decimal("1000.00"), True)


def test_a_pause_before_the_payment_deadline_counts_only_its_overdue_days(db):
    # reconsideration 03-10..03-19: only 03-18 and 03-19 were overdue; until 03-20 → 1 day
    s = rules.late_payment_surcharge(Decimal(1000), served_on=D(2026, 3, 2), until=D(2026, 3, 20),
                                     paused=[(D(2026, 3, 10), D(2026, 3, 19))])
    assert (s.days, s.paused_days, s.amount) == (1, 2, Decimal("30.00"))


def test_an_approved_deferral_moves_the_start_of_the_surcharge(db):
    s = rules.late_payment_surcharge(Decimal(1000), served_on=D(2026, 3, 2), until=D(2026, 4, 2),
                                     deferred_to=D(2026, 4, 1))
    assert (s.days, s.amount, s.due.last_day) == (1, Decimal("30.00"), D(2026, 4, 1))
    with refused("行政处罚法 第66条", "deferred_to"):
        rules.late_payment_surcharge(Decimal(1000), served_on=D(2026, 3, 2), until=D(2026, 4, 2),
                                     deferred_to=D(2026, 3, 16))


def test_the_surcharge_is_rounded_to_the_fen(db):
    s = rules.late_payment_surcharge(Decimal("333.33"), served_on=D(2026, 3, 2), until=D(2026, 3, 18))
    assert s.amount == Decimal("10.00")  # 9.9999


# --- 行政强制法 第53、54条 application to the court --------------------------------------------------------

def test_the_court_window_opens_after_the_lawsuit_period_and_lasts_three_months(db):
    # served 03-02: reconsideration 60 days → 05-01 (劳动节) → 05-06; lawsuit 6 months → 09-02 Wed
    w = rules.court_application_window(D(2026, 3, 2))
    assert (w.remedies_end, w.first_day, w.last_day, w.provisional) == (
        D(2026, 9, 2), D(2026, 9, 3), D(2026, 12, 2), False)


def test_a_lawsuit_period_ending_in_the_national_day_break_moves_the_window(db):
    # served 04-01: lawsuit 6 months → 10-01 (国庆 10-01..07) → 10-08; three months on: 2027-01-08
    w = rules.court_application_window(D(2026, 4, 1))
    assert (w.first_day, w.last_day) == (D(2026, 10, 9), D(2027, 1, 8))


def test_the_court_is_applied_to_only_ten_working_days_after_the_urge_was_served(db):
    # 催告 served 09-01 Tue: 09-02 1 … 09-15 Tue 10 (no holiday before 中秋 09-25)
    args = {"decision_served_on": D(2026, 3, 2), "urge_served_on": D(2026, 9, 1)}
    with refused("行政强制法 第54条", "applied_on"):
        rules.check_court_application(**args, applied_on=D(2026, 9, 15))
    rules.check_court_application(**args, applied_on=D(2026, 9, 16))
    with refused("行政强制法 第54条", "urge_served_on"):
        rules.check_court_application(decision_served_on=D(2026, 3, 2), urge_served_on=None,
                                      applied_on=D(2026, 9, 16))
    with refused("行政强制法 第54条", "complied"):
        rules.check_court_application(**args, applied_on=D(2026, 9, 16), complied=True)


def test_the_court_is_applied_to_only_inside_the_window(db):
    early = {"decision_served_on": D(2026, 3, 2), "urge_served_on": D(2026, 8, 1)}
    with refused("行政强制法 第53条", "applied_on"):
        rules.check_court_application(**early, applied_on=D(2026, 9, 2))
    rules.check_court_application(**early, applied_on=D(2026, 9, 3))
    rules.check_court_application(**early, applied_on=D(2026, 12, 2))
    with refused("行政强制法 第53条", "applied_on"):
        rules.check_court_application(**early, applied_on=D(2026, 12, 3))
    with refused("行政强制法 第53条", "remedy_sought"):
        rules.check_court_application(**early, applied_on=D(2026, 9, 3), remedy_sought=True)


# --- closing -----------------------------------------------------------------------------------------

def test_the_case_file_is_archived_within_the_agencys_period():
    assert rules.archive_due(D(2026, 9, 5)).last_day == D(2026, 10, 5)  # 30 days, not moved past 国庆
