"""Obligations: one row for every time limit that some rule sets on some subject (SUP-03).

Every module that has a deadline opens an obligation through ``zhifa.obligations.actions``; to-do lists,
warnings, dashboards and statistics read these rows and nothing else.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ObligationState(models.TextChoices):
    OPEN = "open", "待办"
    LATE = "late", "逾期"
    PAUSED = "paused", "中止计时"
    MET = "met", "已完成"
    WAIVED = "waived", "已免除"


class PeriodUnit(models.TextChoices):
    """How the rule counts its period; a pause extends the due time in the same unit."""

    WORKDAY = "workday", "工作日"
    DAY = "day", "日"
    HOUR = "hour", "小时"


class Colour(models.TextChoices):
    GREEN = "green", "正常"
    YELLOW = "yellow", "临期"
    RED = "red", "逾期"
    GREY = "grey", "已结束"


ACTIVE_STATES = (ObligationState.OPEN, ObligationState.LATE, ObligationState.PAUSED)


class Obligation(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="obligations",
                               verbose_name="责任单位")
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_label = models.CharField("事项", max_length=200)
    rule = models.CharField("规则", max_length=60, help_text="要求编号或法律依据，如 GEN-03、行政处罚法 第61条")
    basis = models.CharField("依据", max_length=300, blank=True)
    title = models.CharField("应办事项", max_length=200)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="obligations", verbose_name="责任人")
    unit = models.CharField("期限单位", max_length=10, choices=PeriodUnit.choices, default=PeriodUnit.DAY)
    due_at = models.DateTimeField("期限届满", db_index=True)
    warn_from = models.DateTimeField("临期提醒起")
    provisional = models.BooleanField("期限暂定", default=False,
                                      help_text="按未公布放假安排的年度暂定计算")
    state = models.CharField("状态", max_length=10, choices=ObligationState.choices,
                             default=ObligationState.OPEN, db_index=True)
    paused_at = models.DateTimeField("中止于", null=True, blank=True)
    met_at = models.DateTimeField("完成于", null=True, blank=True)
    waived_reason = models.CharField("免除理由", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = verbose_name_plural = "期限事项"
        indexes = [models.Index(fields=["subject_type", "subject_id", "rule"])]
        constraints = [
            # One live obligation per subject and rule: re-opening the same one is a bug, not a second duty.
            models.UniqueConstraint(fields=["subject_type", "subject_id", "rule"],
                                    condition=Q(state__in=["open", "late", "paused"]),
                                    name="obligation_one_live_per_subject_rule"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_label}：{self.title}"

    def colour(self, now: dt.datetime | None = None) -> Colour:
        """Red when late, yellow once the warning time has come, green before; grey when over."""
        if self.state in (ObligationState.MET, ObligationState.WAIVED):
            return Colour.GREY
        now = now or timezone.now()
        if self.state == ObligationState.LATE or (self.state == ObligationState.OPEN and now > self.due_at):
            return Colour.RED
        if self.state == ObligationState.OPEN and now >= self.warn_from:
            return Colour.YELLOW
        return Colour.GREEN

    @property
    def met_late(self) -> bool:
        return self.state == ObligationState.MET and self.met_at is not None and self.met_at > self.due_at
