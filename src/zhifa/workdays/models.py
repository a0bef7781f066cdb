"""The official working-day calendar (GEN-04): years whose schedule has been entered, and their days.

Only the exceptions to the Mon–Fri rule change working days, but every day of each break is stored as a
holiday (weekend days inside a break too), so "is this a holiday, and which one" can be answered.
A year without a ``CalendarYear`` row has no entered schedule; ``calendar`` answers it provisionally.
"""

from __future__ import annotations

from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "调休上班"


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField("依据", max_length=300,
                              help_text="例如：国办发明电〔2025〕7号 "
                                        "国务院办公厅关于2026年部分节假日安排的通知")
    published_on = models.DateField("发布日期", null=True, blank=True)
    notes = models.TextField("备注", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = "年度放假安排"
        verbose_name_plural = "年度放假安排"

    def __str__(self) -> str:
        return f"{self.year}年放假安排"


class CalendarDay(models.Model):
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("名称", max_length=20, blank=True)
    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days", verbose_name="年度")

    class Meta:
        ordering = ["date"]
        verbose_name = "节假日或调休日"
        verbose_name_plural = "节假日和调休日"

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}（{self.get_kind_display()}）"


class CalendarRevision(models.Model):
    """One row whose token changes on every write to the calendar.

    Each process caches the calendar in memory and re-reads it when the token differs. A fresh random
    token (not a counter) so that a rolled-back write can never leave a token that a later, different
    write also produces.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.token
