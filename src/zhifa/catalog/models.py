"""The catalog: legal bases, the five lists of each agency with their published versions, and the discretion
standards (GEN-05, GEN-08, PUB-01, PUB-02).

A list's rows are its draft. Publishing freezes the draft into a ``ListVersion``: the content as canonical JSON
with its SM3 digest. Published versions never change; what the rest of the system obeys (which acts need
audio-video, which decisions need legal review, the discretion ranges) is read from the version in force on the
day in question, never from the draft. Other apps read through ``zhifa.catalog.access`` and the evaluators in
``zhifa.catalog.evaluate``; they change nothing here except through ``zhifa.catalog.actions``.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from zhifa.agencies.models import Agency
from zhifa.catalog.numerals import article_label

# ---------------------------------------------------------------- legal bases


class DocumentKind(models.TextChoices):
    LAW = "law", "法律"
    ADMIN_REGULATION = "admin_reg", "行政法规"
    LOCAL_REGULATION = "local_reg", "地方性法规"
    RULE = "rule", "规章"
    NORMATIVE = "normative", "规范性文件"


class LegalDocument(models.Model):
    """A law, regulation, rule or normative document in one edition (an amendment in force from a new date is a
    new document, so a version that cited the old edition keeps citing it).

    ``owner`` is the agency that entered a document of its own (a 规范性文件, a local rule); shared documents
    (national laws) have none and only a system administrator edits them.
    """

    name = models.CharField("名称", max_length=200)
    short_name = models.CharField("简称", max_length=60, blank=True, help_text="引用时使用，如“行政处罚法”")
    issuing_body = models.CharField("制定机关", max_length=100)
    number = models.CharField("文号", max_length=100, blank=True, help_text="如“中华人民共和国主席令第七十号”")
    kind = models.CharField("效力层级", max_length=12, choices=DocumentKind.choices)
    in_force_from = models.DateField("施行日期", null=True, blank=True)
    in_force_to = models.DateField("失效日期", null=True, blank=True, help_text="最后有效的一日；空表示现行有效")
    revoked = models.BooleanField("已废止", default=False)
    owner = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name="录入机关")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name", "in_force_from"]
        verbose_name = verbose_name_plural = "法律依据"
        constraints = [
            models.UniqueConstraint(fields=["name", "in_force_from"], name="legal_document_edition_unique"),
            models.CheckConstraint(condition=Q(in_force_to__isnull=True) | Q(in_force_from__isnull=True)
                                   | Q(in_force_to__gte=models.F("in_force_from")),
                                   name="legal_document_to_after_from"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def cite_name(self) -> str:
        return self.short_name or self.name

    def in_force_on(self, day: dt.date) -> bool:
        return _in_force(self.in_force_from, self.in_force_to, day)


def _in_force(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    return (start is None or start <= day) and (end is None or day <= end)


class Article(models.Model):
    """One article (条) of a legal document; ``text`` may be a short summary, and says so (``is_summary``)."""

    document = models.ForeignKey(LegalDocument, on_delete=models.PROTECT, related_name="articles",
                                 verbose_name="法律依据")
    seq = models.PositiveSmallIntegerField("条号", help_text="阿拉伯数字，如 42 表示第四十二条")
    text = models.TextField("条文")
    is_summary = models.BooleanField("摘要", default=False, help_text="条文为摘要而非原文")
    in_force_from = models.DateField("施行日期", null=True, blank=True, help_text="空表示与法律依据相同")
    in_force_to = models.DateField("失效日期", null=True, blank=True, help_text="空表示与法律依据相同")

    class Meta:
        ordering = ["document", "seq"]
        verbose_name = verbose_name_plural = "条文"
        constraints = [
            models.UniqueConstraint(fields=["document", "seq"], name="article_unique_in_document"),
        ]

    def __str__(self) -> str:
        return self.citation

    @property
    def number(self) -> str:
        """第四十二条."""
        return article_label(self.seq)

    @property
    def citation(self) -> str:
        """《行政处罚法》第四十二条 — uses the prefetched document."""
        return f"《{self.document.cite_name}》{self.number}"

    def in_force_on(self, day: dt.date) -> bool:
        return self.document.in_force_on(day) and _in_force(self.in_force_from, self.in_force_to, day)

