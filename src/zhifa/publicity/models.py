"""The publicity app's tables: a publication (the agency's working record, with the 双公示 fields as the case
gave them), the snapshots the public sees (frozen, redacted, each with its own SM3) and the bigram index the
portal searches them by."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models

from zhifa.agencies.models import Agency


class PublicationKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    LICENCE = "licence", "行政许可"
    OTHER = "other", "其他行政执法决定"


class PublicationState(models.TextChoices):
    DRAFT = "draft", "待审核"
    REVIEW = "review", "审核中"
    PUBLISHED = "published", "已公示"
    WITHDRAWN = "withdrawn", "已撤回"
    EXPIRED = "expired", "公示期满已撤下"
    TAKEN_DOWN = "taken_down", "信用修复后撤下"


# What the public sees: a snapshot in one of these states has a page (a withdrawn one shows its reason only).
PUBLIC_STATES = (PublicationState.PUBLISHED, PublicationState.WITHDRAWN)

# The 双公示 data items of the credit platform's standard (../shared/reference/shuanggongshi-fields.md), in its
# order: one record serves the portal and the export. The subject block is shared by both kinds.
SUBJECT_FIELDS = ("行政相对人名称", "行政相对人类别", "统一社会信用代码", "工商注册号", "组织机构代码", "税务登记号",
                  "事业单位证书号", "社会组织登记证号", "法定代表人", "法定代表人证件类型", "法定代表人证件号码",
                  "证件类型", "证件号码")
PENALTY_FIELDS = (
    *SUBJECT_FIELDS,
    "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容", "罚款金额（万元）",
    "没收违法所得、没收非法财物的金额（万元）", "暂扣或吊销证照名称及编号", "处罚决定日期", "处罚有效期", "公示截止期",
    "处罚机关", "处罚机关统一社会信用代码", "数据来源单位", "数据来源单位统一社会信用代码", "备注")
LICENCE_FIELDS = (
    *SUBJECT_FIELDS,
    "行政许可决定文书名称", "行政许可决定文书号", "许可类别", "许可证书名称", "许可编号", "许可内容", "许可决定日期",
    "有效期自", "有效期至", "许可机关", "许可机关统一社会信用代码", "当前状态", "数据来源单位",
    "数据来源单位统一社会信用代码", "备注")
# 行政执法公示办法 第九条: the other decisions publish these four.
OTHER_FIELDS = ("执法机关", "执法对象", "执法类别", "执法结论", "决定日期")
FIELDS = {PublicationKind.PENALTY: PENALTY_FIELDS, PublicationKind.LICENCE: LICENCE_FIELDS,
          PublicationKind.OTHER: OTHER_FIELDS}
# Kept for the credit platform's export, never in a snapshot: personal 证件号码 (the standard's note: masked on
# any public page).
PRIVATE_FIELDS = frozenset({"法定代表人证件号码", "证件号码"})


_NOISE = re.compile(r"[\s·•・\-－—()（）〔〕\[\]【】]+")


def search_key(text: str) -> str:
    """``text`` as the portal searches it: spaces, dots, dashes and brackets dropped, letters upper-cased (鞍自然罚
    [2026] 3号 and 鞍自然罚〔2026〕3号 are one number)."""
    return _NOISE.sub("", text or "").upper()


def in_standard_order(kind: str, fields: dict[str, str]) -> list[tuple[str, str]]:
    """A record's fields in the order of the 双公示 standard: PostgreSQL's jsonb keeps keys in an order of its
    own, not the order they were written in."""
    return [(name, fields[name]) for name in FIELDS[PublicationKind(kind)] if name in fields]


class Publication(models.Model):
    """One decision to be published: drafted in the decision's transaction, reviewed and redacted by a
    公示审核员, published as snapshots. ``record`` holds the 双公示 items as the case gave them (unredacted: the
    export to the credit platform needs the codes); ``marks`` the redactions suggested and decided."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="执法主体")
    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="承办机构")
    kind = models.CharField("公示类别", max_length=10, choices=PublicationKind.choices)
    state = models.CharField("状态", max_length=12, choices=PublicationState.choices, default=PublicationState.DRAFT)
    # the source, as ids (cases never import publicity; these are plain references) and in words
    case_id = models.PositiveBigIntegerField("案件")
    source_model = models.CharField("来源种类", max_length=60)  # "documents.issueddocument", "cases.inspectionresult"
    source_id = models.PositiveBigIntegerField("来源")
    source_label = models.CharField("来源", max_length=300)
    decision_number = models.CharField("决定文书号", max_length=100, blank=True)
    decided_on = models.DateField("决定日期")
    party_name = models.CharField("行政相对人名称", max_length=300)
    natural_person = models.BooleanField("行政相对人为自然人", default=False)
    record = models.JSONField("双公示信息项")
    text = models.TextField("公示正文（原文）", blank=True)
    marks = models.JSONField("技术处理标记", default=list)
    marks_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="标记确认人")
    publish_by = models.DateField("公示期限")
    due_at = models.DateTimeField("公示期限届满时间")
    warn_from = models.DateTimeField("临近期限提醒时间")
    visible_until = models.DateField("公示截止期", null=True, blank=True)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="审核人")
    revocation = models.JSONField("决定被撤销等情况", null=True, blank=True)
    created_at = models.DateTimeField("起草时间")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = "公示信息"
        indexes = [models.Index(fields=["agency", "state", "-created_at"], name="publication_queue"),
                   models.Index(fields=["case_id"], name="publication_case"),
                   models.Index(fields=["state", "visible_until"], name="publication_expiry")]
        constraints = [models.UniqueConstraint(fields=["source_model", "source_id"], name="publication_source_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}公示：{self.party_name}（{self.decision_number or self.source_label}）"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("publicity:review", args=[self.pk])


class PublishedSnapshot(models.Model):
    """What the public saw, frozen at publishing: the redacted items and text and their own SM3 digest. A
    later version (a correction) adds a row; withdrawal, expiry and take-down change ``state`` with the time and
    the reason, so what was public and when stays answerable. The portal reads only these rows."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="snapshots")
    version = models.PositiveIntegerField("版本")
    current = models.BooleanField("当前版本", default=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="执法主体")
    agency_name = models.CharField("执法主体", max_length=200)
    kind = models.CharField("公示类别", max_length=10, choices=PublicationKind.choices)
    party_name = models.CharField("行政相对人名称", max_length=300)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    decision_number = models.CharField("决定文书号", max_length=100, blank=True)
    number_key = models.CharField("决定文书号（检索用）", max_length=100, blank=True)  # search_key(decision_number)
    decided_on = models.DateField("决定日期")
    fields = models.JSONField("公示信息项")
    text = models.TextField("公示正文", blank=True)
    sm3 = models.CharField("SM3", max_length=64)
    published_at = models.DateTimeField("公示时间")
    published_by_name = models.CharField("审核人", max_length=100)
    visible_until = models.DateField("公示截止期")
    state = models.CharField("状态", max_length=12, choices=PublicationState.choices,
                             default=PublicationState.PUBLISHED)
    ended_at = models.DateTimeField("撤回或撤下时间", null=True, blank=True)
    end_reason = models.TextField("撤回或撤下原因", blank=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = verbose_name_plural = "公示快照"
        constraints = [models.UniqueConstraint(fields=["publication", "version"], name="snapshot_version_once")]
        # The portal's newest-first pages walk snapshot_public in order (the state is checked on the way: nearly
        # every current snapshot is public); a number is found by the prefix of its key (varchar_pattern_ops:
        # PostgreSQL's LIKE 'x%' through an index whatever the collation; SQLite ignores it), a USCC exactly.
        indexes = [models.Index(fields=["current", "-decided_on", "-id"], name="snapshot_public"),
                   models.Index(fields=["number_key"], name="snapshot_number", opclasses=["varchar_pattern_ops"]),
                   models.Index(fields=["uscc"], name="snapshot_uscc")]

    def __str__(self) -> str:
        return f"{self.party_name}（{self.decision_number or self.get_kind_display()}）第{self.version}版"

    def save(self, *args, **kwargs) -> None:
        self.number_key = search_key(self.decision_number)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portal:publication", args=[self.pk])

    def ordered_fields(self) -> list[tuple[str, str]]:
        return in_standard_order(self.kind, self.fields)


class SearchToken(models.Model):
    """The portal's application-side index: every bigram of a public snapshot's party name (``search.grams``),
    with its decision date. Neither pg_trgm nor SQLite's trigram tokenizer serves a query under three characters;
    a two-character name is one bigram here, and its newest snapshots the first entries of search_token_newest —
    a page costs the same at any size. (Numbers and USCCs are searched by their own columns.)"""

    token = models.CharField(max_length=2)
    snapshot = models.ForeignKey(PublishedSnapshot, on_delete=models.CASCADE, related_name="tokens")
    decided_on = models.DateField("决定日期")  # the snapshot's, so that one index gives a name's newest first

    class Meta:
        # One index serves both reads: a name's newest entries, and whether a snapshot has a bigram (token, its
        # decision date and id: an exact lookup). At a million publications the table holds about eight
        # million rows: no second index over (token, snapshot).
        indexes = [models.Index(fields=["token", "-decided_on", "-snapshot"], name="search_token_newest")]

    def __str__(self) -> str:
        return self.token


class CreditEndpoint(models.Model):
    """An agency's own receiving address at the credit platform (PUB-13), overriding the system-wide one
    (``ZHIFA_CREDIT_URL``). The token is never stored: ``token_env`` names the environment variable holding it
    (``ZHIFA_CREDIT_TOKEN…``), read at each delivery."""

    agency = models.OneToOneField(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="执法主体")
    url = models.URLField("接收地址", max_length=500)
    token_env = models.CharField("令牌所在的环境变量", max_length=100, blank=True)
    updated_at = models.DateTimeField("设置时间")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="设置人")

    class Meta:
        verbose_name = verbose_name_plural = "信用平台接收地址"

    def __str__(self) -> str:
        return f"{self.agency}：{self.url}"


class CreditEvent(models.TextChoices):
    ADDED = "added", "新增"
    UPDATED = "updated", "更新"
    WITHDRAWN = "withdrawn", "撤回"
    REMOVED = "removed", "撤下"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    FAILING = "failing", "发送失败，等待重试"
    DELIVERED = "delivered", "已送达"


class CreditDelivery(models.Model):
    """One message to the credit platform, derived from a snapshot: its publishing (新增, or 更新 for a later
    version) or its end (撤回, 撤下). The sweep fills this outbox from the snapshots and sends it in order per
    publication; ``payload`` is what is sent (canonical JSON, SM3 ``digest``), unredacted as the platform needs."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="执法主体")
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="+")
    snapshot = models.ForeignKey(PublishedSnapshot, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField("版本")
    state = models.CharField("公示状态", max_length=12, choices=PublicationState.choices)
    event = models.CharField("事件", max_length=10, choices=CreditEvent.choices)
    payload = models.JSONField("推送内容")
    digest = models.CharField("推送内容SM3", max_length=64)
    status = models.CharField("状态", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试时间")
    last_http_status = models.PositiveIntegerField("最近一次HTTP状态码", null=True, blank=True)
    last_error = models.TextField("最近一次错误", blank=True)
    created_at = models.DateTimeField("生成时间")
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)
    escalated_at = models.DateTimeField("列为期限事项的时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = "信用信息推送"
        constraints = [models.UniqueConstraint(fields=["snapshot", "state"], name="credit_delivery_once")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="credit_delivery_due"),
                   models.Index(fields=["agency", "-created_at"], name="credit_delivery_log"),
                   models.Index(fields=["publication", "status"], name="credit_delivery_order")]

    def __str__(self) -> str:
        return f"{self.get_event_display()}：{self.publication.party_name}（第{self.version}版）"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return f"{reverse('publicity:credit_deliveries')}?status={self.status}"


class PublicitySettings(models.Model):
    """An agency's own choices for its publications, where the rules leave them to it; the defaults are the
    stricter readings (publicity.rules says which)."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="publicity_settings",
                                  verbose_name="执法主体")
    correction_workdays = models.PositiveSmallIntegerField(
        "更正申请答复期限（工作日）", default=15,
        help_text="自收到更正申请之日起，核实并答复申请人的期限")
    publish_simple_penalties = models.BooleanField(
        "公示简易程序（当场）处罚决定", default=True,
        help_text="行政处罚法第四十八条：具有一定社会影响的行政处罚决定应当依法公开")

    class Meta:
        verbose_name = verbose_name_plural = "执法公示设置"

    def __str__(self) -> str:
        return f"{self.agency.name}执法公示设置"


def settings_of(agency: Agency) -> PublicitySettings:
    """The agency's settings, or the defaults where it has set none."""
    return PublicitySettings.objects.filter(agency=agency).first() or PublicitySettings(agency=agency)


class CorrectionState(models.TextChoices):
    OPEN = "open", "核实中"
    ANSWERED = "answered", "已答复"


class CorrectionResult(models.TextChoices):
    CORRECTED = "corrected", "予以更正"
    PARTLY = "partly", "部分更正"
    REFUSED = "refused", "不予更正"


class CorrectionRequest(models.Model):
    """An application from anyone (no account) to correct a publication (PUB-07): who, how to reach them, what
    is wrong and what it should say, one evidence file (an SM3 blob); followed by its ``tracking`` number and
    answered, within the agency's period, with the result, the reason and how to appeal."""

    tracking = models.CharField("查询号", max_length=12, unique=True)
    snapshot = models.ForeignKey(PublishedSnapshot, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="申请更正的公示信息")
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="corrections")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="执法主体")
    name = models.CharField("申请人", max_length=100)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.CharField("电子邮箱", max_length=254, blank=True)
    wrong = models.TextField("有误的内容")
    should_be = models.TextField("应更正为")
    evidence = models.ForeignKey("records.Blob", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="证明材料")
    evidence_name = models.CharField("证明材料文件名", max_length=200, blank=True)
    address = models.GenericIPAddressField("申请地址", null=True, blank=True)
    received_at = models.DateTimeField("收到时间")
    due_on = models.DateField("答复期限")
    due_at = models.DateTimeField("答复期限届满时间")
    warn_from = models.DateTimeField("临近期限提醒时间")
    state = models.CharField("状态", max_length=10, choices=CorrectionState.choices, default=CorrectionState.OPEN)
    result = models.CharField("核实结果", max_length=10, choices=CorrectionResult.choices, blank=True)
    reason = models.TextField("理由", blank=True)
    remedy = models.TextField("救济途径", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="答复人")
    corrected = models.ForeignKey(PublishedSnapshot, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="更正后的公示信息")

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = verbose_name_plural = "公示信息更正申请"
        indexes = [models.Index(fields=["agency", "state", "due_at"], name="correction_queue"),
                   models.Index(fields=["address", "received_at"], name="correction_address")]

    def __str__(self) -> str:
        return f"更正申请 {self.tracking}（{self.snapshot.party_name}）"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("publicity:correction", args=[self.pk])


class CreditAttempt(models.Model):
    """One try at sending a delivery: when, where, the HTTP status or the error."""

    delivery = models.ForeignKey(CreditDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField("时间")
    url = models.CharField("接收地址", max_length=500)
    http_status = models.PositiveIntegerField("HTTP状态码", null=True, blank=True)
    error = models.TextField("错误", blank=True)
    ok = models.BooleanField("成功", default=False)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = verbose_name_plural = "信用信息推送记录"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.http_status or self.error}"
