"""One row per agency and period: opened when the period ends (its obligation with it), frozen when the agency
reports — the figures as JSON and their SM3, who reported and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhifa.agencies.models import Agency
from zhifa.statistics.rules import HALVES, Period


class Report(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="执法主体")
    year = models.PositiveIntegerField("年度")
    half = models.CharField("期间", max_length=4, choices=list(HALVES.items()))
    due_on = models.DateField("报送期限")
    figures = models.JSONField("统计数据", null=True, blank=True)
    sm3 = models.CharField("SM3", max_length=64, blank=True)
    reported_at = models.DateTimeField("报送时间", null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="报送人")
    reported_by_name = models.CharField("报送人", max_length=100, blank=True)
    created_at = models.DateTimeField("生成时间")

    class Meta:
        ordering = ["-year", "-half", "agency"]
        verbose_name = verbose_name_plural = "行政执法统计报送"
        constraints = [models.UniqueConstraint(fields=["agency", "year", "half"], name="statistics_report_once")]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.period.label}行政执法统计"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return f"{reverse('statistics:index')}?year={self.year}&half={self.half}"

    @property
    def period(self) -> Period:
        return Period(self.year, self.half)
