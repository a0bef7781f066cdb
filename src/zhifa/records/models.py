"""Evidence blobs and their description, resumable uploads, retention, holds and access approvals.

- ``Blob``: the bytes, content-addressed by SM3 (REC-01, REC-10); written once, never overwritten; a purge
  removes the bytes and keeps the row (digest, size, when and why), so every ledger entry naming the
  digest still verifies (REC-11, REC-12).
- ``Evidence``: one piece of evidence as handed in — the 同步录音录像摄录情况记录表 (REC-15): kind, capture
  start and end, device, officers, camera operator, place, case, original name, format, length.
- ``Upload``: a tus upload in progress; its bytes live in a partial file under the upload directory, whose
  size on disk is the upload's offset.
- ``RecordsSettings`` and ``RetentionClass``: per 执法主体 (REC-10, REC-11, REC-13).
- ``Hold``: a long-term hold (REC-11); ``ViewRequest``: an application to view or copy (REC-13).
- ``VerificationRun``: a run of ``zhifa verify`` asked for on the status page, queued for the worker,
  and its result.

Rows are changed only through ``zhifa.records.actions`` and ``zhifa.records.uploads``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

# ---------------------------------------------------------------- blobs


class Blob(models.Model):
    sm3 = models.CharField("SM3", max_length=64, unique=True)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("字节数")
    stored_at = models.DateTimeField("存入时间")
    purged_at = models.DateTimeField("清除时间", null=True, blank=True)
    purge_reason = models.CharField("清除理由", max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = verbose_name_plural = "证据文件"

    def __str__(self) -> str:
        return self.sm3

    @property
    def name(self) -> str:
        """The storage name: ``blobs/sm3/ab/cd/<digest>``."""
        return blob_name(self.sm3)

    @property
    def purged(self) -> bool:
        return self.purged_at is not None


def blob_name(sm3: str) -> str:
    return f"blobs/sm3/{sm3[:2]}/{sm3[2:4]}/{sm3}"


# ---------------------------------------------------------------- settings and retention


MAX_RETENTION_MONTHS = 1200  # 100 years; retention dates computed from it stay within what a date can hold


class RetentionClass(models.Model):
    """How long evidence of one class is kept before its raw bytes may be purged (REC-11).

    ``months`` empty: kept without limit (长期) — never purged by the retention job.
    """

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="retention_classes",
                               verbose_name="执法主体")
    code = models.SlugField("代码", max_length=30)
    name = models.CharField("名称", max_length=60)
    months = models.PositiveIntegerField("保存月数", null=True, blank=True, help_text="留空表示长期保存")

    class Meta:
        ordering = ["agency", "code"]
        verbose_name = verbose_name_plural = "保存期限类别"
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="retention_class_code_unique")]

    def __str__(self) -> str:
        return f"{self.name}（{self.period_label}）"

    @property
    def period_label(self) -> str:
        if self.months is None:
            return "长期"
        if self.months % 12 == 0:
            return f"{self.months // 12}年"
        return f"{self.months}个月"


# Default classes of every agency: raw AV 2 years (the stricter of 6 months and 2 years in the seeds,
# 记录仪办法 第十二条 / 001 第三篇 第二十一条); documents and scans follow the case file, kept without limit.
DEFAULT_CLASSES = [("raw_av", "原始音像记录", 24), ("document", "文书及其他记录", None)]


class RecordsSettings(models.Model):
    """One 执法主体's rules for records; an agency without a row uses the defaults below."""

    agency = models.OneToOneField("agencies.Agency", on_delete=models.PROTECT, related_name="records_settings",
                                  verbose_name="执法主体")
    handin_hours = models.PositiveSmallIntegerField(
        "音像记录移交时限（小时）", default=24, help_text="自摄录结束起（记录办法 第二十五条）")
    field_work_workdays = models.PositiveSmallIntegerField(
        "外勤或连续工作移交时限（工作日）", default=3, help_text="返回后移交；至多 3 个工作日")
    describe_workdays = models.PositiveSmallIntegerField(
        "分类著录时限（工作日）", default=2, help_text="自移交起")
    av_view_needs_approval = models.BooleanField(
        "调阅音像记录须经批准", default=True, help_text="记录仪办法 第十三条：调阅、复制须经批准（上传人本人除外）")
    approval_valid_days = models.PositiveSmallIntegerField("批准有效天数", default=7)
    av_retention = models.ForeignKey(RetentionClass, on_delete=models.PROTECT, null=True, related_name="+",
                                     verbose_name="音像记录默认保存类别")
    document_retention = models.ForeignKey(RetentionClass, on_delete=models.PROTECT, null=True, related_name="+",
                                           verbose_name="文书默认保存类别")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "记录设置"

    def __str__(self) -> str:
        return f"{self.agency}的记录设置"


# ---------------------------------------------------------------- evidence


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", "照片"
    AUDIO = "audio", "录音"
    VIDEO = "video", "录像"
    DOCUMENT = "document", "文书"
    SCAN = "scan", "扫描件"


AV_KINDS = frozenset({EvidenceKind.PHOTO, EvidenceKind.AUDIO, EvidenceKind.VIDEO})


class Evidence(models.Model):
    """A piece of evidence as handed in, with its 同步录音录像摄录情况记录表 (REC-15)."""

    unit = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="evidence",
                             verbose_name="所属单位")
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="evidence", verbose_name="文件")
    kind = models.CharField("类别", max_length=10, choices=EvidenceKind.choices)
    title = models.CharField("事项", max_length=200, blank=True, help_text="如：现场检查、查封扣押、听证")
    capture_start = models.DateTimeField("摄录开始", null=True, blank=True)
    capture_end = models.DateTimeField("摄录结束", null=True, blank=True)
    device = models.CharField("摄录设备", max_length=100, blank=True, help_text="品牌型号或记录仪编号")
    officers = models.ManyToManyField("agencies.Officer", blank=True, related_name="evidence",
                                      verbose_name="执法人员")
    camera_operator = models.ForeignKey("agencies.Officer", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name="摄录人")
    place = models.CharField("地点", max_length=200, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    case_number = models.CharField("案件编号", max_length=60, blank=True, db_index=True)
    # A link to the case, for when cases exist; the number above serves until then.
    case_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    case_id = models.PositiveBigIntegerField(null=True, blank=True)
    original_name = models.CharField("原文件名", max_length=255)
    format = models.CharField("格式", max_length=40, blank=True)
    duration = models.DecimalField("时长（秒）", max_digits=12, decimal_places=3, null=True, blank=True)
    width = models.PositiveIntegerField("宽（像素）", null=True, blank=True)
    height = models.PositiveIntegerField("高（像素）", null=True, blank=True)
    interruption = models.TextField("中断情况说明", blank=True,
                                    help_text="REC-05：中断的原因（阻挠、天气、设备故障、存储满、电量）")
    notes = models.TextField("备注", blank=True)
    field_work = models.BooleanField("外勤或连续工作", default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="移交人")
    received_at = models.DateTimeField("移交时间", db_index=True)
    handin_due = models.DateTimeField("移交期限", null=True, blank=True)
    described_at = models.DateTimeField("著录完成时间", null=True, blank=True)
    retention_class = models.ForeignKey(RetentionClass, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="evidence", verbose_name="保存类别")
    retain_until = models.DateField("保存至", null=True, blank=True, help_text="留空表示长期保存")
    filed = models.BooleanField("已归入案卷", default=False, help_text="归档后随案卷保存，不按原始记录清除")

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = verbose_name_plural = "证据"
        indexes = [
            models.Index(fields=["unit", "received_at"]),
            models.Index(fields=["capture_start"]),
            models.Index(fields=["device"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title or self.original_name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("records:detail", args=[self.pk])

    @property
    def is_av(self) -> bool:
        return self.kind in AV_KINDS

    @property
    def handed_in_late(self) -> bool:
        return self.handin_due is not None and self.received_at > self.handin_due

    def missing_description(self) -> list[str]:
        """The REC-15 items still blank; empty when the record form is complete."""
        missing = []
        if self.is_av:
            for name in ("capture_start", "capture_end", "device", "place"):
                if not getattr(self, name):
                    missing.append(str(self._meta.get_field(name).verbose_name))  # type: ignore[union-attr]
            if self.camera_operator_id is None:
                missing.append("摄录人")
        elif not self.title:
            missing.append("事项")
        if not self.officers.exists():
            missing.append("执法人员")
        return missing


class HoldReason(models.TextChoices):
    """REC-11: what makes raw footage long-term (记录仪办法 第十二条, 001 第三篇 第二十二条)."""

    COMPLAINT = "complaint", "投诉举报"
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"
    COERCIVE = "coercive", "行政强制措施"
    VIOLENCE = "violence", "阻碍执法或暴力抗法"
    MASS_INCIDENT = "mass_incident", "群体性事件"
    OBJECTION = "objection", "当事人有异议"


class Hold(models.Model):
    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="holds", verbose_name="证据")
    reason = models.CharField("事由", max_length=20, choices=HoldReason.choices)
    note = models.CharField("说明", max_length=300, blank=True)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="设定人")
    placed_at = models.DateTimeField("设定时间")
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="解除人")
    released_at = models.DateTimeField("解除时间", null=True, blank=True)
    release_reason = models.CharField("解除理由", max_length=300, blank=True)

    class Meta:
        ordering = ["-placed_at", "-pk"]
        verbose_name = verbose_name_plural = "长期保存"
        indexes = [models.Index(fields=["evidence"], condition=Q(released_at__isnull=True), name="hold_active")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}（{self.evidence_id}）"

    @property
    def active(self) -> bool:
        return self.released_at is None


# ---------------------------------------------------------------- uploads


class UploadState(models.TextChoices):
    ACTIVE = "active", "上传中"
    FINISHED = "finished", "已完成"
    TERMINATED = "terminated", "已取消"
    EXPIRED = "expired", "已过期"


class Upload(models.Model):
    """A tus upload. The offset is the size of the partial file on disk, never a stored number."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    length = models.PositiveBigIntegerField("声明长度")
    metadata = models.JSONField("元数据", default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    state = models.CharField(max_length=10, choices=UploadState.choices, default=UploadState.ACTIVE,
                             db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = "上传"

    def __str__(self) -> str:
        name = self.metadata.get("filename", "") if isinstance(self.metadata, dict) else ""
        return f"上传 {name}".strip()

    def get_absolute_url(self) -> str:
        """Where a hand-in is finished: the upload page, whose client resumes the same file."""
        from django.urls import reverse

        return reverse("records:upload")

    def expired(self, now: dt.datetime | None = None) -> bool:
        return self.state == UploadState.EXPIRED or (
            self.state == UploadState.ACTIVE and self.expires_at <= (now or timezone.now()))


# ---------------------------------------------------------------- access


class ViewPurpose(models.TextChoices):
    VIEW = "view", "查阅"
    COPY = "copy", "复制"


class ViewRequestState(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"


class ViewRequest(models.Model):
    """An application to view or copy evidence: a staff member's 调阅, or a party's 查阅/复制 (REC-13)."""

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="view_requests",
                                 verbose_name="证据")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="申请人（经办人）")
    requested_at = models.DateTimeField("申请时间")
    purpose = models.CharField("用途", max_length=10, choices=ViewPurpose.choices, default=ViewPurpose.VIEW)
    reason = models.CharField("理由", max_length=300)
    party_name = models.CharField("当事人", max_length=100, blank=True, help_text="当事人申请时填写")
    party_id_number = models.CharField("当事人证件号码", max_length=30, blank=True)
    state = models.CharField("状态", max_length=10, choices=ViewRequestState.choices,
                             default=ViewRequestState.PENDING, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="审批人")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)
    valid_until = models.DateTimeField("有效至", null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = verbose_name_plural = "调阅申请"

    def __str__(self) -> str:
        who = f"当事人{self.party_name}" if self.party_name else "内部调阅"
        return f"{who}{self.get_purpose_display()}申请（{self.get_state_display()}）"

    @property
    def is_party(self) -> bool:
        return bool(self.party_name)

    def usable(self, now: dt.datetime | None = None) -> bool:
        return (self.state == ViewRequestState.APPROVED and self.valid_until is not None
                and self.valid_until >= (now or timezone.now()))


# ---------------------------------------------------------------- verification


class VerificationState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "运行中"
    DONE = "done", "已完成"
    ERROR = "error", "未能完成"


PENDING_STATES = (VerificationState.QUEUED, VerificationState.RUNNING)
FINISHED_STATES = (VerificationState.DONE, VerificationState.ERROR)


class VerificationRun(models.Model):
    """One run of the verification for a scope: asked for on the page, run by ``zhifa worker``, its result
    kept so the status page is cheap to show."""

    scope = models.CharField("范围", max_length=200, db_index=True, help_text="all 或执法主体编号列表")
    scope_label = models.CharField("范围说明", max_length=300)
    state = models.CharField("状态", max_length=10, choices=VerificationState.choices,
                             default=VerificationState.QUEUED)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name="申请人")
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    started_at = models.DateTimeField("开始", null=True, blank=True)
    finished_at = models.DateTimeField("结束", null=True, blank=True)
    ok = models.BooleanField("通过", null=True)
    chains = models.PositiveIntegerField("链数", default=0)
    entries = models.PositiveBigIntegerField("记录数", default=0)
    blobs = models.PositiveBigIntegerField("文件数", default=0)
    problems = models.TextField("问题", blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = verbose_name_plural = "校验结果"
        constraints = [
            # A second request while one waits would only verify the same thing twice.
            models.UniqueConstraint(fields=["scope"], condition=Q(state="queued"),
                                    name="verification_one_queued_per_scope"),
        ]

    def __str__(self) -> str:
        if self.state != VerificationState.DONE:
            return f"{self.scope_label} {self.get_state_display()}"
        return f"{self.scope_label} {'通过' if self.ok else '失败'}"

    @property
    def pending(self) -> bool:
        return self.state in PENDING_STATES

    @property
    def seconds(self) -> str:
        if self.started_at is None or self.finished_at is None:
            return ""
        return f"{(self.finished_at - self.started_at).total_seconds():.1f}"

    def problem_lines(self) -> list[str]:
        return [line for line in self.problems.splitlines() if line.strip()]
