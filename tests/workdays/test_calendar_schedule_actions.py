"""Entering, importing and deleting a year's schedule (GEN-04): all or nothing, refusals name the line."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from zhifa.core.errors import RuleViolation
from zhifa.workdays import actions
from zhifa.workdays.calendar import Due, add_working_days, is_working_day
from zhifa.workdays.models import CalendarDay, CalendarRevision, CalendarYear

D = dt.date
SOURCE_2027 = "国办发明电〔2026〕X号 国务院办公厅关于2027年部分节假日安排的通知"
# A made-up 2027 schedule for the tests: 元旦 01-01..03 off, 01-04 Mon back; 调休 Saturday 01-09.
CSV_2027 = ("日期,类型,名称\n2027-01-01,放假,元旦\n2027-01-02,放假,元旦\n2027-01-03,放假,元旦\n"
            "2027-01-09,上班,元旦\n")


@pytest.mark.django_db
def test_2024_to_2026_are_entered_with_their_notices():
    sources = dict(CalendarYear.objects.values_list("year", "source"))
    assert set(sources) >= {2024, 2025, 2026}
    assert sources[2026].startswith("国办发明电〔2025〕7号")
    days_2026 = CalendarDay.objects.filter(year__year=2026)
    # 3 + 9 + 3 + 5 + 3 + 3 + 7 days off; 6 调休 days
    assert days_2026.filter(kind="holiday").count() == 33
    assert sorted(days_2026.filter(kind="workday").values_list("date", flat=True)) == [
        D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)]


def test_an_admin_enters_2027_and_answers_stop_being_provisional(cast):
    assert add_working_days(D(2026, 12, 30), 3) == Due(D(2027, 1, 5), True)
    actions.import_year_schedule(actor=cast.u_admin, year=2027, data=CSV_2027, source=SOURCE_2027,
                                 published_on=D(2026, 11, 3))
    # 12-31 Thu 1; 01-01..03 off; 01-04 Mon 2; 01-05 Tue 3 — now from the entered schedule
    assert add_working_days(D(2026, 12, 30), 3) == Due(D(2027, 1, 5), False)
    assert is_working_day(D(2027, 1, 9))  # the entered 调休 Saturday
    # 2027-02-05 (除夕) is not in the made-up schedule: an ordinary Friday now
    assert is_working_day(D(2027, 2, 5))


def test_deleting_a_year_makes_it_provisional_again(cast):
    actions.import_year_schedule(actor=cast.u_admin, year=2027, data=CSV_2027, source=SOURCE_2027)
    actions.delete_year_schedule(actor=cast.u_admin, year=2027)
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert add_working_days(D(2026, 12, 30), 3) == Due(D(2027, 1, 5), True)
    assert not is_working_day(D(2027, 2, 5))


def test_deleting_a_year_never_entered_is_refused(cast):
    with pytest.raises(RuleViolation, match="2031年没有录入"):
        actions.delete_year_schedule(actor=cast.u_admin, year=2031)


def test_setting_a_year_replaces_all_its_days(cast):
    actions.set_year_schedule(actor=cast.u_admin, year=2026, source="更正后的安排",
                              days=[(D(2026, 10, 1), "holiday", "国庆节")])
    days = CalendarDay.objects.filter(year__year=2026).values_list("date", flat=True)
    assert list(days) == [D(2026, 10, 1)]
    assert is_working_day(D(2026, 10, 2))
    assert not is_working_day(D(2026, 10, 10))  # the 调休 Saturday is gone with the old days


def test_an_officer_may_not_change_the_calendar(cast):
    with pytest.raises(PermissionDenied):
        actions.import_year_schedule(actor=cast.u_officer, year=2027, data=CSV_2027, source=SOURCE_2027)
    with pytest.raises(PermissionDenied):
        actions.delete_year_schedule(actor=cast.u_officer, year=2026)
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert CalendarYear.objects.filter(year=2026).exists()


@pytest.mark.parametrize("text, words", [
    ("日期,类型,名称\n2027-01-01,放假,元旦\n2027-02-30,放假,春节\n", ["第3行", "“日期”", "不是有效日期"]),
    ("日期,类型,名称\n2027/1/1,放假,元旦\n元旦,放假,元旦\n", ["第3行", "“日期”", "不是有效日期"]),
    ("日期,类型,名称\n2027-01-01,放假,元旦\n2026-12-31,放假,元旦\n", ["第3行", "“日期”", "不在2027年内"]),
    ("日期,类型,名称\n2027-01-01,休假,元旦\n", ["第2行", "“类型”", "只能填“放假”或“上班”"]),
    ("日期,类型,名称\n2027-01-01,放假,元旦\n2027-01-01,放假,元旦\n", ["第3行", "“日期”", "与第2行重复"]),
    # 2027-01-04 is a Monday: already a working day, it cannot be a 调休 day
    ("日期,类型,名称\n2027-01-04,上班,元旦\n", ["第2行", "“类型”", "星期一", "调休上班日只能是周六或周日"]),
    ("", ["文件为空"]),
    ("日期,类型,名称\n", ["文件为空", "没有数据行"]),
    ("2027-01-01,放假,元旦\n", ["第1行须为表头"]),
])
def test_a_bad_import_is_refused_by_line_and_field_and_nothing_is_written(cast, text, words):
    token = CalendarRevision.objects.get().token
    with pytest.raises(RuleViolation) as refused:
        actions.import_year_schedule(actor=cast.u_admin, year=2027, data=text.encode(), source=SOURCE_2027)
    for word in words:
        assert word in refused.value.message
    assert refused.value.rule == "GEN-04"
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert CalendarRevision.objects.get().token == token


def test_a_bad_import_over_an_entered_year_leaves_it_as_it_was(cast):
    before = list(CalendarDay.objects.filter(year__year=2026).values_list("date", "kind", "name"))
    text = "日期,类型,名称\n2026-10-01,放假,国庆节\n2026-10-12,上班,国庆节\n"  # 10-12 is a Monday
    with pytest.raises(RuleViolation, match="第3行"):
        actions.import_year_schedule(actor=cast.u_admin, year=2026, data=text, source="错误的安排")
    assert list(CalendarDay.objects.filter(year__year=2026).values_list("date", "kind", "name")) == before
    assert CalendarYear.objects.get(year=2026).source.startswith("国办发明电〔2025〕7号")


def test_every_bad_line_is_listed(cast):
    text = "日期,类型,名称\n2027-13-01,放假,元旦\n2027-01-01,放,元旦\n2027-01-05,上班,元旦\n"
    with pytest.raises(RuleViolation) as refused:
        actions.import_year_schedule(actor=cast.u_admin, year=2027, data=text, source=SOURCE_2027)
    assert [d[:3] for d in refused.value.details] == ["第2行", "第3行", "第4行"]


def test_an_import_reads_gbk_files_as_excel_saves_them(cast):
    actions.import_year_schedule(actor=cast.u_admin, year=2027, data=CSV_2027.encode("gbk"),
                                 source=SOURCE_2027)
    assert CalendarDay.objects.filter(year__year=2027).count() == 4


def test_the_source_is_required(cast):
    with pytest.raises(RuleViolation) as refused:
        actions.import_year_schedule(actor=cast.u_admin, year=2027, data=CSV_2027, source="  ")
    assert refused.value.field == "source"
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_another_process_writing_the_calendar_is_seen_through_the_revision_token(cast):
    assert is_working_day(D(2026, 10, 8))
    # as another process would: write the rows, then change the token
    CalendarDay.objects.create(date=D(2026, 10, 8), kind="holiday", name="国庆节",
                               year=CalendarYear.objects.get(year=2026))
    CalendarRevision.objects.filter(pk=1).update(token="another-process")
    assert not is_working_day(D(2026, 10, 8))
