"""Enforcement cases (GEN-02): a case runs one process definition of ``catalog.processes``; it is at one stage,
and its history is the ledger's entries on it.

What a stage records — opinions and approvals, the evidence linked to the stage, written reasons why audio-video
was not suitable — is kept in rows of its own, so that a guard of the process reads facts, never a flag someone
ticked.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from zhifa.agencies.models import ActionKind, Agency, Domain, Officer
from zhifa.cases.rules import Period
from zhifa.catalog.processes import CASE_PROCESSES, PROCESSES
from zhifa.parties.models import Party
from zhifa.records.models import Evidence


class CaseSource(models.TextChoices):
    """Where a case came from (REC-02)."""

    INSPECTION = "inspection", "检查发现"
    COMPLAINT = "complaint", "投诉举报"
    ASSIGNED = "assigned", "上级交办"
    TRANSFERRED = "transferred", "有关部门移送"
    OTHER = "other", "其他"


class CaseState(models.TextChoices):
    ACTIVE = "active", "办理中"
    CLOSED = "closed", "已结案"
    ARCHIVED = "archived", "已归档"


class Case(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="cases", verbose_name="执法主体")
    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="handled_cases", verbose_name="承办机构")
    process = models.CharField("程序", max_length=40, choices=[(p.code, p.name) for p in CASE_PROCESSES])
    stage = models.CharField("当前环节", max_length=40)
    stage_since = models.DateTimeField("进入本环节时间")
    state = models.CharField("状态", max_length=10, choices=CaseState.choices, default=CaseState.ACTIVE,
                             db_index=True)
    number = models.CharField("案号", max_length=80, blank=True, help_text="立案批准时编号")
    title = models.CharField("案由", max_length=200)
    summary = models.TextField("案情摘要")
    source = models.CharField("案件来源", max_length=12, choices=CaseSource.choices)
    source_note = models.CharField("来源说明", max_length=300, blank=True)
    action_kind = models.CharField("行为类别", max_length=10, choices=ActionKind.choices,
                                   default=ActionKind.PUNISHMENT)
    item_code = models.CharField("执法事项编码", max_length=60)
    item_name = models.CharField("执法事项", max_length=200)
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="执法领域")
    place = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="违法行为发生地")
    act_on = models.DateField("违法行为发生日")
    act_ended_on = models.DateField("违法行为终了日", null=True, blank=True, help_text="有连续或者继续状态的")
    grave_harm = models.BooleanField("涉及公民生命健康安全、金融安全且有危害后果", default=False)
    registered_at = models.DateTimeField("登记时间")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name="登记人")
    opened_on = models.DateField("立案日期", null=True, blank=True)
    officers = models.ManyToManyField(Officer, through="CaseOfficer", related_name="cases", verbose_name="承办人员")

    class Meta:
        ordering = ["-registered_at", "-pk"]
        verbose_name = verbose_name_plural = "案件"
        # the list's order (newest first) walks an index, however many cases there are
        indexes = [models.Index(fields=["-registered_at", "-id"], name="case_newest_first"),
                   models.Index(fields=["number"], name="case_number"),  # a search by a whole case number
                   # the few cases waiting for 立案审批, found without reading the many opened ones: by unit (the
                   # unit head's opinions) and by agency (the head's approvals), both counted on every page. The
                   # filtered columns are in the key too: SQLite's planner ranks an index by how many of the
                   # query's equalities it matches, not by its rows, and would otherwise read every case of the
                   # unit through ("unit", "state") (bench/bench_case_list.py)
                   models.Index(fields=["unit", "state", "opened_on"],
                                condition=models.Q(opened_on__isnull=True, state="active"),
                                name="case_awaiting_opening"),
                   models.Index(fields=["agency", "state", "opened_on"],
                                condition=models.Q(opened_on__isnull=True, state="active"),
                                name="case_awaiting_approval"),
                   models.Index(fields=["agency", "state", "stage"]), models.Index(fields=["unit", "state"])]
        constraints = [models.UniqueConstraint(fields=["agency", "number"], condition=~models.Q(number=""),
                                               name="case_number_unique_in_agency")]

    def __str__(self) -> str:
        return self.number or f"{self.title}（待立案）"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.pk])

    @property
    def definition(self):  # -> catalog.processes.Process
        return PROCESSES[self.process]

    @property
    def stage_label(self) -> str:
        return self.definition.stage(self.stage).label

    @property
    def act_end(self):  # -> datetime.date: the day the limitation period runs from (行政处罚法 第36条)
        return self.act_ended_on or self.act_on


class CaseOfficer(models.Model):
    """An officer on the case; the lead officer (主办) first."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+", verbose_name="执法人员")
    lead = models.BooleanField("主办", default=False)
    assigned_at = models.DateTimeField("指派时间")

    class Meta:
        ordering = ["-lead", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "officer"], name="case_officer_once")]

    def __str__(self) -> str:
        return f"{self.officer}{'（主办）' if self.lead else ''}"


class CaseParty(models.Model):
    """A party of the case (当事人), from the party registry: seen before, found by number, not typed again."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="party_links")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="case_links", verbose_name="当事人")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["case", "party"], name="case_party_once")]

    def __str__(self) -> str:
        return str(self.party)


class OpinionStep(models.TextChoices):
    OPEN = "open", "立案审批"
    DECIDE = "decide", "处罚决定审批"
    CLOSE = "close", "结案审批"


class OpinionRole(models.TextChoices):
    HANDLER = "handler", "承办人意见"
    UNIT = "unit", "承办机构负责人意见"
    HEAD = "head", "行政机关负责人审批"


class Opinion(models.Model):
    """One signed opinion on an approval form (审批表): who, in what capacity, what, and whether they agree."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="opinions")
    step = models.CharField("审批事项", max_length=10, choices=OpinionStep.choices)
    role = models.CharField("签署身份", max_length=10, choices=OpinionRole.choices)
    agrees = models.BooleanField("同意")
    text = models.TextField("意见")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="签署人")
    by_name = models.CharField("签署人姓名", max_length=150)
    at = models.DateTimeField("签署时间")

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = verbose_name_plural = "审批意见"

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.get_role_display()}：{self.by_name}"


class AVStageNote(models.Model):
    """For a stage of the 音像记录事项清单, the linked recording's absence explained in writing (REC-04)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="av_notes")
    stage = models.CharField("环节", max_length=40)
    av_stage = models.CharField("音像记录环节", max_length=20)
    reason = models.TextField("不宜音像记录的原因")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "stage", "av_stage"], name="case_av_note_once")]

    def __str__(self) -> str:
        return f"不宜音像记录：{self.reason[:40]}"


class CaseEvidence(models.Model):
    """Evidence of the case, linked at the stage it was taken in (and, for audio-video, the 音像记录环节)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence_links")
    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="case_links", verbose_name="证据")
    stage = models.CharField("环节", max_length=40)
    av_stage = models.CharField("音像记录环节", max_length=20, blank=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField()

    class Meta:
        ordering = ["linked_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "evidence"], name="case_evidence_once")]

    def __str__(self) -> str:
        return str(self.evidence)


class PeriodUnitChoice(models.TextChoices):
    WORKDAY = "workday", "工作日"
    DAY = "day", "日"


class CaseSettings(models.Model):
    """An agency's own periods and thresholds for its cases, where the law leaves them to it; the defaults are
    the stricter readings of the sources (cases/rules.py says which)."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="case_settings",
                                  verbose_name="执法主体")
    document_code = models.CharField("文号机关代字", max_length=20, blank=True,
                                     help_text="如“鞍自然资”：文书编号为 鞍自然资立字〔2026〕1号；留空用机关名称")
    complaint_answer_n = models.PositiveSmallIntegerField("实名投诉举报不予立案的告知期限", default=30)
    complaint_answer_unit = models.CharField("期限单位", max_length=10, choices=PeriodUnitChoice.choices,
                                             default=PeriodUnitChoice.DAY)
    statement_n = models.PositiveSmallIntegerField("陈述申辩期限", default=5)
    statement_unit = models.CharField("期限单位", max_length=10, choices=PeriodUnitChoice.choices,
                                      default=PeriodUnitChoice.WORKDAY)
    filing_n = models.PositiveSmallIntegerField("简易程序备案期限", default=3)
    filing_unit = models.CharField("期限单位", max_length=10, choices=PeriodUnitChoice.choices,
                                   default=PeriodUnitChoice.WORKDAY)

    class Meta:
        verbose_name = verbose_name_plural = "案件期限设置"

    def __str__(self) -> str:
        return f"{self.agency.name}案件期限设置"

    @property
    def agency_short(self) -> str:
        return self.document_code or self.agency.name

    @classmethod
    def of(cls, agency: Agency) -> CaseSettings:
        """The agency's settings, or the defaults where it has set none."""
        return cls.objects.filter(agency=agency).first() or cls(agency=agency)

    @staticmethod
    def _period(n: int, unit: str) -> Period:
        return Period(n, "workday" if unit == PeriodUnitChoice.WORKDAY else "day")

    @property
    def complaint_period(self) -> Period:
        return self._period(self.complaint_answer_n, self.complaint_answer_unit)

    @property
    def statement_period(self) -> Period:
        return self._period(self.statement_n, self.statement_unit)


class ComplaintChannel(models.TextChoices):
    PHONE = "phone", "电话"
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    ONLINE = "online", "网络"
    OTHER = "other", "其他"


class ComplaintState(models.TextChoices):
    RECEIVED = "received", "已登记"
    ASSIGNED = "assigned", "已分办"
    CASE = "case", "已立案调查"
    ANSWERED = "answered", "不予立案，已告知"
    CLOSED = "closed", "不予立案"


class Complaint(models.Model):
    """投诉举报登记: received, assigned, answered (REC-02)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="complaints", verbose_name="执法主体")
    received_at = models.DateTimeField("收到时间")
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="登记人")
    channel = models.CharField("渠道", max_length=10, choices=ComplaintChannel.choices)
    reporter_name = models.CharField("投诉举报人", max_length=100, blank=True, help_text="匿名的不填")
    reporter_contact = models.CharField("联系方式", max_length=200, blank=True)
    about = models.CharField("被投诉举报对象", max_length=200)
    content = models.TextField("投诉举报内容")
    state = models.CharField("状态", max_length=10, choices=ComplaintState.choices,
                             default=ComplaintState.RECEIVED, db_index=True)
    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="承办机构")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="complaint",
                                verbose_name="案件")
    answer = models.TextField("不予立案的理由", blank=True)
    answered_at = models.DateTimeField("告知时间", null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="告知人")

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = verbose_name_plural = "投诉举报"

    def __str__(self) -> str:
        return f"投诉举报：{self.about}"

    def get_absolute_url(self) -> str:
        return reverse("cases:complaint", args=[self.pk])

    @property
    def real_name(self) -> bool:
        return bool(self.reporter_name.strip() and self.reporter_contact.strip())


class Notice(models.Model):
    """A 行政处罚事先告知书: the penalty the party was told of (行政处罚法 第44条), and whether it gives them a
    hearing (第63条). A heavier decision needs a new one."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notices")
    document = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, related_name="+")
    kinds = models.JSONField("拟处罚种类")
    fine = models.DecimalField("拟罚款", max_digits=14, decimal_places=2, default=0)
    confiscated = models.DecimalField("拟没收金额", max_digits=14, decimal_places=2, default=0)
    hearing_grounds = models.TextField("听证权利的理由", blank=True, help_text="为空表示不属听证范围")
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["issued_at", "pk"]

    def __str__(self) -> str:
        return str(self.document)


class ServiceMethod(models.TextChoices):
    DIRECT = "direct", "直接送达"
    MAIL = "mail", "邮寄送达"
    LEFT = "left", "留置送达"
    ENTRUSTED = "entrusted", "委托送达"
    FORWARDED = "forwarded", "转交送达"
    ELECTRONIC = "electronic", "电子送达"
    PUBLIC = "public", "公告送达"


class Service(models.Model):
    """How and when a document reached the party (REC-07, 行政处罚法 第61条); ``served_on`` starts the party's
    periods (a 公告 counts as served 30 days after it is published)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="services")
    document = models.ForeignKey("documents.IssuedDocument", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="文书")
    method = models.CharField("送达方式", max_length=12, choices=ServiceMethod.choices)
    served_on = models.DateField("送达日期")
    recipient = models.CharField("签收人", max_length=100, blank=True)
    tracking_number = models.CharField("邮件号码", max_length=60, blank=True)
    witness = models.CharField("见证人", max_length=100, blank=True)
    reason = models.TextField("情况说明", blank=True, help_text="留置、委托、转交或公告的原因")
    medium = models.CharField("公告媒介", max_length=200, blank=True)
    published_on = models.DateField("公告日期", null=True, blank=True)
    receipt = models.ForeignKey(Evidence, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name="送达回证或回执")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["served_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["document"], name="case_service_once")]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.served_on}"


class Statement(models.Model):
    """The party's statement and defence after a notice, with the review of what they said (第45条); or that
    they expressly gave it up."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="statements")
    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="statements")
    received_on = models.DateField("提出日期")
    waived = models.BooleanField("当事人明确放弃陈述申辩", default=False)
    content = models.TextField("陈述申辩内容", blank=True)
    review = models.TextField("复核意见", blank=True)
    hearing_requested = models.BooleanField("要求听证", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return "放弃陈述申辩" if self.waived else f"陈述申辩 {self.received_on}"


class Proposal(models.Model):
    """The penalty the handler proposes for decision, checked against the discretion standard and the notice."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="proposals")
    kinds = models.JSONField("处罚种类")
    fine = models.DecimalField("罚款", max_digits=14, decimal_places=2, default=0)
    confiscated = models.DecimalField("没收金额", max_digits=14, decimal_places=2, default=0)
    facts = models.JSONField("裁量情节", default=dict, blank=True)
    discretion = models.TextField("适用的裁量基准", blank=True)
    within_discretion = models.BooleanField("在裁量幅度内", null=True)
    outside_reason = models.TextField("超出裁量幅度或无法对照的理由", blank=True)
    complex = models.BooleanField("情节复杂或者重大违法", default=False)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()

    class Meta:
        ordering = ["proposed_at", "pk"]

    def __str__(self) -> str:
        return f"拟处罚 {self.fine}"


class Payment(models.Model):
    """The fine paid (行政处罚法 第67条), with the 加处罚款 owed by then (第72条) computed, never typed."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField("缴纳日期")
    fine = models.DecimalField("罚款", max_digits=14, decimal_places=2)
    surcharge = models.DecimalField("加处罚款", max_digits=14, decimal_places=2, default=0)
    receipt = models.ForeignKey(Evidence, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name="缴款凭证")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"缴纳罚款 {self.fine}（加处罚款 {self.surcharge}）"
