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
import json

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhifa.agencies.models import ActionKind, Agency, Domain
from zhifa.core.numerals import article_label

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



# ---------------------------------------------------------------- the five lists and their versions


class ListKind(models.TextChoices):
    """The five lists of GEN-05, in the order the seeds name them."""

    SUBJECTS = "subjects", "执法主体及其主要负责人清单"
    ITEMS = "items", "行政执法事项清单"
    RANDOM = "random", "随机抽查事项清单"
    AV = "av", "音像记录事项清单"
    REVIEW = "review", "重大执法决定法制审核目录清单"


class ListStatus(models.TextChoices):
    EDITING = "editing", "编辑中"
    SUBMITTED = "submitted", "待审核发布"


class List(models.Model):
    """One of an agency's five lists. Its rows are the draft; what is public is its versions (PUB-02).

    A draft is submitted for checking and published by a second person (PUB-09): the publisher may not be the
    person who last edited it (for the subjects list, drawn from the agency tree, the person who submitted
    it). Any edit after submission returns the draft to editing, and the digest taken at submission must still
    match at publication, so what was checked is what is published.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="catalog_lists",
                               verbose_name="执法主体")
    kind = models.CharField("清单", max_length=10, choices=ListKind.choices)
    status = models.CharField("状态", max_length=10, choices=ListStatus.choices, default=ListStatus.EDITING)
    last_edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                       blank=True, related_name="+", verbose_name="最后编辑人")
    last_edited_at = models.DateTimeField("最后编辑时间", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="提交人")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_digest = models.CharField("提交时的摘要值", max_length=64, blank=True)
    return_reason = models.TextField("退回意见", blank=True)
    review_all_non_simple = models.BooleanField(
        "简易程序以外的执法决定一律法制审核", default=False,
        help_text="仅用于重大执法决定法制审核目录清单（REV-02：有条件的单位可以对法定简易程序以外的所有执法决定进行法制审核）")

    class Meta:
        ordering = ["agency__path", "kind"]
        verbose_name = verbose_name_plural = "清单"
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="catalog_list_unique")]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.get_kind_display()}"


class VersionImmutable(Exception):
    """A change to a published version was attempted (PUB-02: what was public stays as it was)."""


class ListVersionQuerySet(models.QuerySet["ListVersion"]):
    def update(self, **kwargs: object) -> int:
        raise VersionImmutable("已发布的清单版本不可修改（PUB-02）")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise VersionImmutable("已发布的清单版本不可删除（PUB-02）")


class ListVersion(models.Model):
    """A published version of a list: its content frozen as canonical JSON with its SM3 digest. Never changes."""

    list = models.ForeignKey(List, on_delete=models.PROTECT, related_name="versions", verbose_name="清单")
    number = models.PositiveIntegerField("版本号")
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="发布人")
    published_by_name = models.CharField("发布人姓名", max_length=150)
    submitted_by_name = models.CharField("提交人姓名", max_length=150, blank=True)
    effective_from = models.DateField("生效日期")
    note = models.TextField("调整说明", blank=True)
    content = models.TextField("内容（规范化JSON）")
    digest = models.CharField("SM3摘要值", max_length=64)
    entry_count = models.PositiveIntegerField("条目数")

    objects = ListVersionQuerySet.as_manager()

    class Meta:
        ordering = ["list", "-number"]
        verbose_name = verbose_name_plural = "清单版本"
        constraints = [models.UniqueConstraint(fields=["list", "number"], name="catalog_version_number_unique")]
        indexes = [models.Index(fields=["list", "effective_from", "number"], name="catalog_version_in_force")]

    def __str__(self) -> str:
        return f"{self.list} 第{self.number}版"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise VersionImmutable("已发布的清单版本不可修改（PUB-02）")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise VersionImmutable("已发布的清单版本不可删除（PUB-02）")

    @property
    def data(self) -> dict:
        """The content parsed (memoised per object)."""
        cached = self.__dict__.get("_data")
        if cached is None:
            cached = self.__dict__["_data"] = json.loads(self.content)
        return cached


class ListEntry(models.Model):
    """A row of a list's draft; ``code`` is its key across versions, unique within the list."""

    list = models.ForeignKey(List, on_delete=models.CASCADE, related_name="+", verbose_name="清单")
    code = models.CharField("编码", max_length=40)
    seq = models.PositiveIntegerField("排序", default=0)
    articles = models.ManyToManyField(Article, related_name="+", blank=True, verbose_name="法律依据")

    class Meta:
        abstract = True
        ordering = ["seq", "code"]

    def __str__(self) -> str:
        return self.code


class EnforcementItem(ListEntry):
    """An item of the 行政执法事项清单 with the fields of PUB-01."""

    name = models.CharField("事项名称", max_length=200)
    action_kind = models.CharField("行为类别", max_length=10, choices=ActionKind.choices)
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="执法领域")
    handling_unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="承办机构")
    conditions = models.TextField("受理条件（实施条件）", blank=True)
    materials = models.TextField("申请材料（所需材料）", blank=True)
    process = models.TextField("办理流程", blank=True)
    time_limit = models.CharField("办理时限", max_length=200, blank=True)
    fees = models.CharField("收费标准", max_length=200, blank=True)
    supervision_phone = models.CharField("监督投诉电话", max_length=100, blank=True)
    accountability = models.TextField("责任追究", blank=True)
    remedy = models.TextField("救济渠道", blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    phone = models.CharField("咨询电话", max_length=100, blank=True)
    guide_notes = models.TextField("服务指南补充说明", blank=True)

    class Meta(ListEntry.Meta):
        verbose_name = verbose_name_plural = "执法事项"
        constraints = [models.UniqueConstraint(fields=["list", "code"], name="catalog_item_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class RandomCheckItem(ListEntry):
    """An item of the 随机抽查事项清单 (双随机、一公开; PUB-01, RND-01)."""

    name = models.CharField("抽查事项", max_length=200)
    item_code = models.CharField("对应执法事项编码", max_length=40, blank=True)
    subject_unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="抽查主体")
    objects_text = models.TextField("抽查对象")
    content = models.TextField("抽查内容")
    ratio = models.DecimalField("抽查比例（%）", max_digits=5, decimal_places=2)
    method = models.CharField("抽查方式", max_length=200)
    frequency = models.CharField("抽查频次", max_length=100)

    class Meta(ListEntry.Meta):
        verbose_name = verbose_name_plural = "随机抽查事项"
        constraints = [
            models.UniqueConstraint(fields=["list", "code"], name="catalog_random_code_unique"),
            models.CheckConstraint(condition=Q(ratio__gt=0) & Q(ratio__lte=100), name="catalog_random_ratio"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class AVStage(models.TextChoices):
    """The stages of an act that the 音像记录事项清单 can mark (REC-04, REC-18)."""

    ONSITE = "onsite", "现场检查/勘验"
    SAMPLING = "sampling", "抽样取证"
    HEARING = "hearing", "听证"
    SEIZURE = "seizure", "查封扣押"
    SERVICE_LEFT = "service_left", "留置送达"
    SERVICE_PUBLIC = "service_public", "公告送达"
    ENFORCEMENT = "enforcement", "强制执行"
    OTHER = "other", "其他"


ALL_ITEMS = "*"


class AVRequirement(ListEntry):
    """An entry of the 音像记录事项清单: for one item (``code`` = the item's code; ``*`` = every item of the
    agency), the stages that are recorded in audio and video, and whether the whole activity is."""

    stages = models.JSONField("需音像记录的环节", default=list)
    full_process = models.BooleanField("全过程音像记录", default=False)
    note = models.TextField("说明", blank=True)

    class Meta(ListEntry.Meta):
        verbose_name = verbose_name_plural = "音像记录事项"
        constraints = [models.UniqueConstraint(fields=["list", "code"], name="catalog_av_code_unique")]

    def stage_labels(self) -> list[str]:
        return [AVStage(s).label for s in self.stages if s in AVStage.values]


class Measure(models.TextChoices):
    """Measures a decision may impose that the review catalogue can name (REV-02)."""

    CONFISCATE_GAINS = "confiscate_gains", "没收违法所得"
    CONFISCATE_PROPERTY = "confiscate_property", "没收非法财物"
    REVOKE_LICENCE = "revoke_licence", "吊销许可证件"
    LOWER_QUALIFICATION = "lower_qualification", "降低资质等级"
    SUSPEND_BUSINESS = "suspend_business", "责令停产停业"
    CLOSE = "close", "责令关闭"
    RESTRICT_PRACTICE = "restrict_practice", "限制从业"
    DEMOLISH_ORDER = "demolish_order", "责令限期拆除"
    FORCED_DEMOLITION = "forced_demolition", "强制拆除"
    SEAL_SEIZE = "seal_seize", "查封、扣押"
    REVOKE_PERMIT = "revoke_permit", "撤销行政许可"


class ReviewCriterion(ListEntry):
    """A criterion of the 重大执法决定法制审核目录清单, as data (REV-02).

    It matches a proposed decision when every condition it sets holds: the kind of action and the domain are
    among those listed (none listed: any), the fine or the confiscated value reaches its threshold (以上
    includes the threshold itself — 民法典 第1259条; ``inclusive`` False means 超过, excluding it), one of the
    measures is imposed, and each flag it sets is true of the decision. A ``manual`` criterion is never matched
    by the system: a reviewer applies it by hand, and the answer lists it as such.
    """

    name = models.CharField("审核标准", max_length=300)
    action_kinds = models.JSONField("行为类别", default=list, blank=True)
    domains = models.JSONField("执法领域（代码）", default=list, blank=True)
    min_fine = models.DecimalField("罚款数额达到（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    min_confiscated = models.DecimalField("没收违法所得、非法财物价值达到（元）", max_digits=14, decimal_places=2,
                                          null=True, blank=True)
    inclusive = models.BooleanField("含本数（以上）", default=True, help_text="否：超过（不含本数）")
    measures = models.JSONField("处理措施", default=list, blank=True)
    after_hearing = models.BooleanField("经过听证程序", default=False)
    several_legal_relations = models.BooleanField("案情疑难复杂、涉及多个法律关系", default=False)
    public_interest = models.BooleanField("涉及重大公共利益或社会风险", default=False)
    major_rights = models.BooleanField("直接关系当事人或第三人重大权益", default=False)
    manual = models.BooleanField("由审核人员人工判断", default=False)
    note = models.TextField("说明", blank=True)

    class Meta(ListEntry.Meta):
        verbose_name = verbose_name_plural = "法制审核标准"
        constraints = [
            models.UniqueConstraint(fields=["list", "code"], name="catalog_review_code_unique"),
            models.CheckConstraint(condition=Q(min_fine__isnull=True) | Q(min_fine__gte=0),
                                   name="catalog_review_fine_not_negative"),
            models.CheckConstraint(condition=Q(min_confiscated__isnull=True) | Q(min_confiscated__gte=0),
                                   name="catalog_review_confiscated_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


# ---------------------------------------------------------------- discretion standards (GEN-08)


class Circumstance(models.TextChoices):
    """Circumstance levels of a discretion standard, in the order they are tried (see ``discretion``)."""

    NONE = "none", "不予处罚"
    FIRST_OFFENCE = "first_offence", "首违不罚"
    MITIGATED = "mitigated", "减轻处罚"
    LIGHTER = "lighter", "从轻处罚"
    HEAVIER = "heavier", "从重处罚"
    GENERAL = "general", "一般处罚"


class RangeUnit(models.TextChoices):
    """What a fine range is counted in."""

    NONE = "none", "不罚款"
    YUAN = "yuan", "元"
    GAINS_MULTIPLE = "gains_multiple", "违法所得的倍数"
    PER_SQM = "per_sqm", "元/平方米"
    PCT_LAND = "pct_land", "土地价值的百分比"
    PCT_BUILDING = "pct_building", "建设工程造价的百分比"


class DiscretionLevel(models.Model):
    """One circumstance level of a penalty item's discretion standard: when it applies, and its range.

    Part of the 行政执法事项清单's draft, published with it. Ranges of one item in the same unit may touch but
    not overlap; amounts are never negative.
    """

    item = models.ForeignKey(EnforcementItem, on_delete=models.CASCADE, related_name="discretion",
                             verbose_name="执法事项")
    level = models.CharField("情节", max_length=16, choices=Circumstance.choices)
    seq = models.PositiveIntegerField("排序", default=0)
    conditions = models.JSONField("适用条件", default=list, blank=True)
    conditions_text = models.TextField("适用条件说明", blank=True)
    unit = models.CharField("裁量单位", max_length=16, choices=RangeUnit.choices, default=RangeUnit.YUAN)
    low = models.DecimalField("下限", max_digits=14, decimal_places=2, null=True, blank=True)
    high = models.DecimalField("上限", max_digits=14, decimal_places=2, null=True, blank=True)
    other_penalties = models.TextField("其他处罚", blank=True)
    articles = models.ManyToManyField(Article, related_name="+", blank=True, verbose_name="法律依据")
    note = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["item", "seq", "pk"]
        verbose_name = verbose_name_plural = "裁量基准"
        constraints = [
            models.CheckConstraint(condition=Q(low__isnull=True) | Q(low__gte=0), name="catalog_discretion_low"),
            models.CheckConstraint(condition=Q(high__isnull=True) | Q(high__gte=0), name="catalog_discretion_high"),
            models.CheckConstraint(condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(high__gte=models.F("low")),
                                   name="catalog_discretion_low_le_high"),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {self.get_level_display()}"
