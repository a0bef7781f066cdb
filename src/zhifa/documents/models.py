"""Issued documents (执法文书, REC-17): the numbers each 执法主体 gives its documents, and the documents themselves.

A number is ``{机关代字}罚决字〔{year}〕{n}号``: ``n`` counts per agency, kind of document and year, with no gap
and no duplicate. ``DocumentCounter`` holds the last ``n`` given; it is read and moved under a row lock in the
transaction that writes the document, so a failed issue gives its number back by rolling back. A voided
document keeps its number: it stays in the series, with the reason, and is never given again.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse


class DocumentCounter(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name="执法主体")
    kind = models.CharField("文书种类", max_length=40)
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "文书编号"
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "year"], name="document_counter_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class IssuedDocument(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name="执法主体")
    template = models.CharField("文书种类", max_length=40)
    title = models.CharField("文书名称", max_length=100)
    number = models.CharField("文号", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("序号", null=True, blank=True)
    values = models.JSONField("填写内容")
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    docx = models.ForeignKey("records.Blob", on_delete=models.PROTECT, related_name="+", verbose_name="DOCX")
    pdf = models.ForeignKey("records.Blob", on_delete=models.PROTECT, related_name="+", verbose_name="PDF")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="制作人")
    issued_at = models.DateTimeField("制作时间")
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="作废人")
    void_reason = models.CharField("作废理由", max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = verbose_name_plural = "执法文书"
        constraints = [
            models.UniqueConstraint(fields=["agency", "template", "year", "seq"], name="issued_document_number"),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="issued_document_subject")]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）" if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @property
    def voided(self) -> bool:
        return self.voided_at is not None

    @property
    def state(self) -> str:
        return "已作废" if self.voided else "有效"
