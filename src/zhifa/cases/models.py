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
from zhifa.cases.coercion_rules import NIGHT_ENDS, NIGHT_STARTS
from zhifa.cases.levy_rules import Assessment, LateKind, LevyKind, RateUnit, ReturnState
from zhifa.cases.rules import DECISION_EXTENSION_DAYS, Period
from zhifa.catalog.processes import CASE_PROCESSES, PROCESSES
from zhifa.parties.models import Party
from zhifa.records.models import Evidence


class CaseSource(models.TextChoices):
    """Where a case came from (REC-02)."""

    INSPECTION = "inspection", "检查发现"
    COMPLAINT = "complaint", "投诉举报"
    ASSIGNED = "assigned", "上级交办"
    TRANSFERRED = "transferred", "有关部门移送"
    APPLICATION = "application", "当事人申请"  # 依申请的行为 (行政许可法 第29条)
    OTHER = "other", "其他"


# What starts a 行政处罚 case (行政处罚法 第54条): never a party's application, which starts a licence case.
PUNISHMENT_SOURCES = [c for c in CaseSource if c != CaseSource.APPLICATION]


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
        return self.number or f"{self.title}（{self.definition.unnumbered}）"

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


class DossierRetention(models.TextChoices):
    """保管期限 of a 案卷 (文书档案保管期限: 永久、定期30年、定期10年)."""

    PERMANENT = "permanent", "永久"
    YEARS_30 = "30y", "30年"
    YEARS_10 = "10y", "10年"


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
    decision_extension_days = models.PositiveSmallIntegerField(
        "处罚决定期限可延长的日数", default=DECISION_EXTENSION_DAYS,
        help_text="行政处罚法第六十条：立案之日起九十日内作出决定；经负责人批准延长的日数合计不超过此数")
    archive_n = models.PositiveSmallIntegerField("结案后立卷归档期限", default=30)
    archive_unit = models.CharField("期限单位", max_length=10, choices=PeriodUnitChoice.choices,
                                    default=PeriodUnitChoice.DAY)
    dossier_retention = models.CharField("案卷保管期限", max_length=10, choices=DossierRetention.choices,
                                         default=DossierRetention.YEARS_30)
    night_starts = models.TimeField("夜间起始时间", default=NIGHT_STARTS,
                                    help_text="行政强制法第四十三条：不得在夜间实施行政强制执行，情况紧急的除外")
    night_ends = models.TimeField("夜间结束时间", default=NIGHT_ENDS, help_text="次日此时起不再属夜间")
    renewal_lead_days = models.PositiveSmallIntegerField(
        "延续申请提前日数", default=30,
        help_text="行政许可法第五十条：有效期届满三十日前提出延续申请；法律、法规、规章另有规定的，依照其规定")
    freeze_basis = models.CharField("冻结存款、汇款的法律授权", max_length=300, blank=True,
                                    help_text="行政强制法第二十九条：冻结存款、汇款应当由法律规定的行政机关实施；"
                                              "本机关有法律授权的，填写该法律条文，未填写的不得冻结")

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

    @property
    def filing_period(self) -> Period:
        return self._period(self.filing_n, self.filing_unit)

    @property
    def archive_period(self) -> Period:
        return self._period(self.archive_n, self.archive_unit)


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


class SimpleRecord(models.Model):
    """What a 简易程序 case records on the spot (行政处罚法 第51、52条), one row a case, each fact with who and
    when: the credential shown, the rights told and the party's statement, the penalty told and decided, the
    当场行政处罚决定书 handed over (signed, or the refusal with a witness), the fine paid or collected on the
    spot (第68–70条), and the filing with the agency (备案)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="simple")
    # the start form's one-time token: the same form sent twice finds the case it started, not a second one
    token = models.CharField(max_length=40, unique=True)
    act_at = models.DateTimeField("违法时间")
    spot = models.CharField("违法地点", max_length=200)
    credential_shown_at = models.DateTimeField("出示执法证件时间", null=True, blank=True)
    credential_shown_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="+", verbose_name="记录人")
    credentials = models.CharField("出示的执法证件", max_length=300, blank=True, help_text="姓名及执法证号")
    kinds = models.JSONField("处罚种类", default=list)
    fine = models.DecimalField("罚款", max_digits=14, decimal_places=2, default=0)
    violated = models.TextField("违反的规定", blank=True)
    penalty_basis = models.TextField("处罚依据", blank=True)
    rights_told_at = models.DateTimeField("告知时间", null=True, blank=True)
    rights_told_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name="告知人")
    statement = models.TextField("当事人陈述、申辩", blank=True)
    statement_waived = models.BooleanField("当事人放弃陈述、申辩", default=False)
    decision = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="当场行政处罚决定书")
    handed_over_at = models.DateTimeField("交付时间", null=True, blank=True)
    party_signed = models.BooleanField("当事人签收", default=False)
    refusal_note = models.TextField("拒绝签收情况", blank=True)
    witness = models.CharField("见证人", max_length=100, blank=True)
    receipt_number = models.CharField("罚款收据（专用票据）号码", max_length=60, blank=True)
    onsite_ground = models.CharField("当场收缴情形", max_length=12, blank=True)
    filed_at = models.DateTimeField("备案时间", null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="备案人")
    filed_note = models.CharField("备案说明", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "简易程序记录"

    def __str__(self) -> str:
        return f"简易程序：{self.case.title}"
# ---------------------------------------------------------------- hearing, collective discussion, other outcomes


class HearingOutcome(models.TextChoices):
    HELD = "held", "听证已举行"
    WALKED_OUT = "walked_out", "当事人未经许可中途退出，视为放弃听证权利"
    ABSENT = "absent", "当事人无正当理由拒不出席，视为放弃听证权利"
    WITHDRAWN = "withdrawn", "当事人撤回听证申请"


class PrivateGround(models.TextChoices):
    STATE_SECRET = "state_secret", "涉及国家秘密"
    TRADE_SECRET = "trade_secret", "涉及商业秘密"
    PRIVACY = "privacy", "涉及个人隐私"


class Hearing(models.Model):
    """A hearing the party asked for (行政处罚法 第63、64条): scheduled with its 听证通知书, then held with its
    听证笔录 — or ended without one, the party deemed to have given it up or having withdrawn the request.

    A hearing moved to another time is superseded by a new row and its notice voided; the live one is the row of
    the request with no ``superseded_at``.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="hearings")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="hearings",
                                  verbose_name="听证申请")
    notice = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, related_name="+",
                                  verbose_name="听证通知书")
    starts_at = models.DateTimeField("听证时间")
    place = models.CharField("听证地点", max_length=200)
    presiding = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+", verbose_name="听证主持人")
    panel = models.ForeignKey(Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name="听证员")
    recorder = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+", verbose_name="记录员")
    public = models.BooleanField("公开举行", default=True)
    private_ground = models.CharField("不公开的情形", max_length=20, choices=PrivateGround.choices, blank=True)
    private_reason = models.TextField("不公开举行的理由", blank=True)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField()
    superseded_at = models.DateTimeField("改期时间", null=True, blank=True)
    outcome = models.CharField("听证结果", max_length=12, choices=HearingOutcome.choices, blank=True)
    started_at = models.DateTimeField("听证开始时间", null=True, blank=True)
    ended_at = models.DateTimeField("听证结束时间", null=True, blank=True)
    record = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="听证笔录")
    party_signed = models.BooleanField("当事人（代理人）已签字", null=True)
    refusal_note = models.TextField("拒绝签字的情况", blank=True)
    refusal_witness = models.CharField("见证人", max_length=100, blank=True)
    outcome_note = models.TextField("情况说明", blank=True)
    outcome_on = models.DateField("日期", null=True, blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["scheduled_at", "pk"]
        verbose_name = verbose_name_plural = "听证"
        constraints = [models.UniqueConstraint(fields=["statement"], condition=models.Q(superseded_at__isnull=True),
                                               name="case_hearing_one_live_per_request")]

    def __str__(self) -> str:
        return f"听证 {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def deemed_given_up(self) -> bool:
        return self.outcome in (HearingOutcome.WALKED_OUT, HearingOutcome.ABSENT)


class CollectiveDiscussion(models.Model):
    """The agency heads' collective discussion of a complex or serious case (行政处罚法 第57条第二款) and its
    集体讨论记录."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="collective_discussions")
    document = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, related_name="+",
                                    verbose_name="集体讨论记录")
    held_at = models.DateTimeField("讨论时间")
    place = models.CharField("讨论地点", max_length=200)
    presiding = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="主持人")
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", verbose_name="出席的负责人")
    conclusion = models.TextField("讨论决定")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["held_at", "pk"]
        verbose_name = verbose_name_plural = "集体讨论"

    def __str__(self) -> str:
        return f"集体讨论 {self.held_at:%Y-%m-%d}"


class CaseTransfer(models.Model):
    """A case sent to another authority: a suspected crime to the judicial organs (行政处罚法 第27条), or a case
    outside the agency's jurisdiction to the authority that has it; with the receiver's acknowledgement."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="transfer")
    document = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, related_name="+",
                                    verbose_name="案件移送书")
    receiver = models.CharField("接收机关", max_length=200)
    crime = models.BooleanField("涉嫌犯罪")
    received_on = models.DateField("接收日期", null=True, blank=True)
    received_by = models.CharField("接收人", max_length=100, blank=True)
    receipt = models.ForeignKey(Evidence, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name="接收回执")
    transferred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    transferred_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "案件移送"

    def __str__(self) -> str:
        return f"移送{self.receiver}"


class DecisionExtension(models.Model):
    """The 90-day limit of 行政处罚法 第60条 extended with the agency head's approval: by how many days, why, and
    the last day it gives."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decision_extensions")
    days = models.PositiveSmallIntegerField("延长日数")
    reason = models.TextField("延长理由")
    last_day = models.DateField("延长后的期限")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="批准人")
    approved_by_name = models.CharField("批准人姓名", max_length=150)
    approved_at = models.DateTimeField("批准时间")

    class Meta:
        ordering = ["approved_at", "pk"]
        verbose_name = verbose_name_plural = "处罚决定期限延长"

    def __str__(self) -> str:
        return f"延长{self.days}日至{self.last_day:%Y-%m-%d}"


# ---------------------------------------------------------------- execution (行政处罚法 第66–73条)


class PaymentPlanKind(models.TextChoices):
    DEFER = "defer", "延期缴纳"
    INSTALMENTS = "instalments", "分期缴纳"


class PaymentPlanState(models.TextChoices):
    APPLIED = "applied", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"


class PaymentPlan(models.Model):
    """The party's written application to pay the fine later or in instalments, and the agency head's answer
    (行政处罚法 第66条第二款). Only an approved plan changes the days the fine is due."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="payment_plans")
    kind = models.CharField("方式", max_length=12, choices=PaymentPlanKind.choices)
    applied_on = models.DateField("书面申请日期")
    reason = models.TextField("申请理由（经济困难的情况）")
    application = models.ForeignKey(Evidence, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="书面申请")
    deferred_to = models.DateField("延期至", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=PaymentPlanState.choices,
                             default=PaymentPlanState.APPLIED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="审批人")
    decided_by_name = models.CharField("审批人姓名", max_length=150, blank=True)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    opinion = models.TextField("审批意见", blank=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = verbose_name_plural = "延期（分期）缴纳罚款"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.get_state_display()}）"


class Instalment(models.Model):
    """One instalment of an approved plan: its amount and its last day; each its own obligation."""

    plan = models.ForeignKey(PaymentPlan, on_delete=models.PROTECT, related_name="instalments")
    seq = models.PositiveSmallIntegerField("期次")
    due_on = models.DateField("缴纳期限")
    amount = models.DecimalField("金额", max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["plan", "seq"]
        constraints = [models.UniqueConstraint(fields=["plan", "seq"], name="case_instalment_once")]

    def __str__(self) -> str:
        return f"第{self.seq}期 {self.amount}元（{self.due_on:%Y-%m-%d}前）"


class InstalmentPayment(models.Model):
    """Which instalment a payment paid (a payment without one paid the whole fine)."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="instalment_link")
    instalment = models.OneToOneField(Instalment, on_delete=models.PROTECT, related_name="payment_link")

    def __str__(self) -> str:
        return f"{self.instalment}：{self.payment}"


class RemedyKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LAWSUIT = "lawsuit", "行政诉讼"


class RemedyResult(models.TextChoices):
    UPHELD = "upheld", "维持（驳回）"
    CHANGED = "changed", "变更"
    REVOKED = "revoked", "撤销（确认违法）"
    WITHDRAWN = "withdrawn", "申请人撤回"
    OTHER = "other", "其他"


class Remedy(models.Model):
    """The party's 行政复议 or 行政诉讼 against the decision: the days from filing to its end are not counted
    for the 加处罚款 (行政处罚法 第73条)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="remedies")
    kind = models.CharField("类别", max_length=16, choices=RemedyKind.choices)
    filed_on = models.DateField("申请（起诉）日期")
    body = models.CharField("复议机关或人民法院", max_length=200)
    ended_on = models.DateField("结果送达日期", null=True, blank=True)
    result = models.CharField("结果", max_length=12, choices=RemedyResult.choices, blank=True)
    result_note = models.TextField("结果说明", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["filed_on", "pk"]
        verbose_name = verbose_name_plural = "行政复议、行政诉讼"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.filed_on:%Y-%m-%d}）"


class Rectification(models.Model):
    """责令改正通知书 (行政处罚法 第28条) with its day, and the re-check on that day (an obligation)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="rectifications")
    document = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("改正期限")
    content = models.TextField("改正内容")
    issued_at = models.DateTimeField()
    checked_on = models.DateField("复查日期", null=True, blank=True)
    rectified = models.BooleanField("已改正", null=True)
    check_note = models.TextField("复查情况", blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["issued_at", "pk"]
        verbose_name = verbose_name_plural = "责令改正"

    def __str__(self) -> str:
        return f"责令改正（{self.due_on:%Y-%m-%d}前）"

    def get_absolute_url(self) -> str:  # where its re-check deadline in 我的待办 leads
        return self.case.get_absolute_url()


class Urge(models.Model):
    """催告书 (行政强制法 第35、54条): served on the party before the agency may apply to the court."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="urges")
    document = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField("催告金额", max_digits=14, decimal_places=2)
    due_on = models.DateField("履行期限", null=True, blank=True, help_text="空：自收到催告书之日起十个工作日内")
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["issued_at", "pk"]

    def __str__(self) -> str:
        return str(self.document)


class CourtRuling(models.TextChoices):
    GRANTED = "granted", "准予执行"
    REFUSED = "refused", "不准予执行"


class CourtApplication(models.Model):
    """The application to the people's court for enforcement (行政强制法 第53、54条) and its ruling."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="court_application")
    urge = models.ForeignKey(Urge, on_delete=models.PROTECT, related_name="+", verbose_name="催告书")
    applied_on = models.DateField("申请日期")
    court = models.CharField("人民法院", max_length=200)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_by_name = models.CharField("申请人（行政机关负责人）", max_length=150)
    recorded_at = models.DateTimeField()
    ruling = models.CharField("裁定", max_length=10, choices=CourtRuling.choices, blank=True)
    ruled_on = models.DateField("裁定日期", null=True, blank=True)
    ruling_court = models.CharField("作出裁定的法院", max_length=200, blank=True)
    ruling_note = models.TextField("裁定说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "申请人民法院强制执行"

    def __str__(self) -> str:
        return f"申请{self.court}强制执行（{self.applied_on:%Y-%m-%d}）"
class CaseDossier(models.Model):
    """The archived 案卷 (REC-09, REC-15): one PDF — cover, catalogue, the case's issued documents in order, the
    evidence list and the audio-video record list — kept as an SM3 blob whose digest the archive's ledger entry
    holds. Made in the transaction that archives the case, never changed after."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="dossier", verbose_name="案件")
    pdf = models.ForeignKey("records.Blob", on_delete=models.PROTECT, related_name="+", verbose_name="案卷 PDF")
    pages = models.PositiveIntegerField("卷内页数")
    cover = models.JSONField("卷宗封面")
    catalogue = models.JSONField("卷内目录")
    closed_on = models.DateField("结案日期")
    archived_on = models.DateField("归档日期")
    retention = models.CharField("保管期限", max_length=10, choices=DossierRetention.choices)
    assembled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="立卷人")
    assembled_at = models.DateTimeField("立卷时间")

    class Meta:
        verbose_name = verbose_name_plural = "案卷"

    def __str__(self) -> str:
        return f"{self.case.number or self.case.title} 案卷"


# ---------------------------------------------------------------- 调查取证 (REC-03, 行政处罚法 第43、55、56条)


class RecusalSource(models.TextChoices):
    PARTY = "party", "当事人申请回避"
    SELF = "self", "执法人员自行回避"
    OFFICER = "officer", "其他执法人员提出"


class Recusal(models.Model):
    """回避 (行政处罚法 第43条): who asked that which officer withdraw, why, and the agency head's decision; an
    officer whose withdrawal is granted leaves the case's team."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="recusals")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+", verbose_name="应回避的执法人员")
    source = models.CharField("提出方式", max_length=10, choices=RecusalSource.choices)
    requested_by_name = models.CharField("提出人", max_length=100)
    reason = models.TextField("回避理由")
    requested_on = models.DateField("提出日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    granted = models.BooleanField("决定回避", null=True)
    decision = models.TextField("决定意见", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="决定人")
    decided_by_name = models.CharField("决定人姓名", max_length=150, blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = verbose_name_plural = "回避"
        constraints = [models.UniqueConstraint(fields=["case", "officer"], condition=models.Q(decided_at__isnull=True),
                                               name="case_recusal_pending_once")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}：{self.officer.person.name}"


class PartyRight(models.TextChoices):
    STATEMENT = "statement", "陈述"
    DEFENCE = "defence", "申辩"
    RECUSAL = "recusal", "申请回避"
    HEARING = "hearing", "要求听证"
    RECONSIDERATION = "reconsideration", "申请行政复议"
    LAWSUIT = "lawsuit", "提起行政诉讼"


class RightsNotice(models.Model):
    """One contact with the party or a person concerned: the officers showed their credentials (行政处罚法
    第55条) and told these rights."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="rights_notices")
    told_at = models.DateTimeField("告知时间")
    person = models.CharField("当事人或有关人员", max_length=200)
    place = models.CharField("地点", max_length=200)
    officers = models.ManyToManyField(Officer, related_name="+", verbose_name="出示执法证件的执法人员")
    rights = models.JSONField("告知的权利")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    fingerprint = models.CharField(max_length=64)

    class Meta:
        ordering = ["told_at", "pk"]
        verbose_name = verbose_name_plural = "出示证件和告知权利"
        constraints = [models.UniqueConstraint(fields=["case", "fingerprint"], name="case_rights_notice_once")]

    def __str__(self) -> str:
        return f"向{self.person}出示证件、告知权利"

    @property
    def rights_label(self) -> str:
        return "、".join(r.label for r in PartyRight if r.value in self.rights)


class RecordKind(models.TextChoices):
    INQUIRY = "inquiry", "询问笔录"
    ONSITE = "onsite", "现场检查（勘验）笔录"
    SAMPLING = "sampling", "抽样取证记录"
    STATEMENT = "statement", "当事人陈述或证人证言"
    EXPERT = "expert", "鉴定意见"


class InvestigationRecord(models.Model):
    """A record of the investigation (REC-03): when, where, which officers, who was questioned or present, what
    was found, and whether those present signed it — or why not, with the witness who signed instead."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="investigation_records")
    kind = models.CharField("记录种类", max_length=10, choices=RecordKind.choices)
    started_at = models.DateTimeField("开始时间")
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    place = models.CharField("地点", max_length=200)
    officers = models.ManyToManyField(Officer, related_name="+", verbose_name="在场执法人员")
    recorder = models.ForeignKey(Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="记录人")
    persons = models.CharField("被询问人、被检查人或在场人", max_length=300)
    person_id_number = models.CharField("身份证件号码", max_length=40, blank=True)
    present = models.CharField("在场人", max_length=300, blank=True)
    content = models.TextField("内容")
    av_note = models.CharField("音像记录情况", max_length=500, blank=True)
    opinion = models.TextField("当事人（在场人）意见", blank=True)
    recusal_requested = models.BooleanField("申请回避", default=False)
    signed = models.BooleanField("已签名", default=False)
    refusal_reason = models.TextField("拒绝签名的原因", blank=True)
    witness = models.CharField("见证人", max_length=100, blank=True)
    document = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="文书")
    attachments = models.ManyToManyField(CaseEvidence, blank=True, related_name="records", verbose_name="附件")
    fingerprint = models.CharField(max_length=64)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["started_at", "pk"]
        verbose_name = verbose_name_plural = "调查取证记录"
        constraints = [models.UniqueConstraint(fields=["case", "fingerprint"], name="case_record_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.persons}）"

    @property
    def signature_label(self) -> str:
        if self.signed:
            return "已签名"
        return f"拒绝签名：{self.refusal_reason}（见证人{self.witness}签名）"


class PreservationState(models.TextChoices):
    REQUESTED = "requested", "待负责人批准"
    REFUSED = "refused", "负责人不予批准"
    PRESERVED = "preserved", "已先行登记保存，待作出处理决定"
    DECIDED = "decided", "已作出处理决定"


class Preservation(models.Model):
    """先行登记保存 (行政处罚法 第56条): asked for by the handler, approved by the agency head, the notice issued; its
    处理决定 within 7 working days (an obligation on this row). A late decision is recorded and flagged."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="preservations")
    items = models.TextField("先行登记保存的证据（名称、规格、数量、状况）")
    method = models.CharField("保存地点和方式", max_length=300)
    reason = models.TextField("证据可能灭失或者以后难以取得的情形")
    contact = models.CharField("联系人及电话", max_length=200)
    state = models.CharField("状态", max_length=10, choices=PreservationState.choices,
                             default=PreservationState.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="审批人")
    approver_name = models.CharField("审批人姓名", max_length=150, blank=True)
    approval_opinion = models.TextField("审批意见", blank=True)
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    preserved_on = models.DateField("先行登记保存日期", null=True, blank=True)
    due_on = models.DateField("处理决定期限", null=True, blank=True)
    notice = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="先行登记保存证据通知书")
    outcome = models.CharField("处理方式", max_length=40, blank=True)
    outcome_reason = models.TextField("处理理由和依据", blank=True)
    decision = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="先行登记保存证据处理决定书")
    decided_on = models.DateField("处理决定日期", null=True, blank=True)
    decided_late = models.BooleanField("逾期作出处理决定", default=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = verbose_name_plural = "先行登记保存"

    def __str__(self) -> str:
        return f"{self.case}先行登记保存"

    def get_absolute_url(self) -> str:
        return f"{self.case.get_absolute_url()}#preservation-{self.pk}"


# ---------------------------------------------------------------- 行政检查 (inspection)


class InspectionPlan(models.Model):
    """检查计划: which 随机抽查事项 of the agency's 随机抽查事项清单 is checked, by which unit, in which period. The
    双随机 draw of a later issue picks objects and inspectors for a plan; each pick becomes an inspection of it."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="inspection_plans",
                               verbose_name="执法主体")
    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="检查机构")
    name = models.CharField("计划名称", max_length=200)
    random_code = models.CharField("随机抽查事项编码", max_length=40)
    random_name = models.CharField("随机抽查事项", max_length=200)
    item_code = models.CharField("执法事项编码", max_length=60)
    item_name = models.CharField("执法事项", max_length=200)
    starts_on = models.DateField("检查期间自")
    ends_on = models.DateField("检查期间至")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = verbose_name_plural = "检查计划"
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="case_inspection_plan_name_once")]

    def __str__(self) -> str:
        return self.name

    @property
    def period_label(self) -> str:
        return f"{self.starts_on:%Y-%m-%d}至{self.ends_on:%Y-%m-%d}"


class InspectionOutcome(models.TextChoices):
    COMPLIANT = "compliant", "合格"
    RECTIFY = "rectify", "责令限期整改"
    CASE = "case", "发现违法，立案查处"


class Inspection(models.Model):
    """A 行政检查 case's own record: the plan it carries out (none: 不定期检查), the 现场检查笔录 made on the spot
    with the items checked and what was found, and the outcome — 合格, a 责令改正 with its re-check, or the
    行政处罚 case opened on it."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="inspection")
    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="inspections", verbose_name="检查计划")
    # the start form's one-time token: the same form sent twice finds the inspection it started
    token = models.CharField(max_length=40, unique=True)
    record = models.OneToOneField(InvestigationRecord, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="现场检查笔录")
    items_checked = models.TextField("检查事项", blank=True)
    findings = models.TextField("检查发现", blank=True)
    outcome = models.CharField("检查结论", max_length=10, choices=InspectionOutcome.choices, blank=True)
    rectification = models.OneToOneField(Rectification, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+", verbose_name="责令改正")
    punishment_case = models.OneToOneField(Case, on_delete=models.PROTECT, null=True, blank=True,
                                           related_name="from_inspection", verbose_name="立案查处的案件")
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    concluded_at = models.DateTimeField("作出结论时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政检查"

    def __str__(self) -> str:
        return f"行政检查：{self.case.title}"


class InspectionResult(models.Model):
    """The result as it is made public (PUB-04; 行政执法公示办法 第九条): 执法机关、执法对象、执法类别、执法结论,
    in one row, written when the conclusion is made; the publicity obligation is opened on this row."""

    inspection = models.OneToOneField(Inspection, on_delete=models.PROTECT, related_name="result")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="执法机关")
    subject = models.CharField("执法对象", max_length=200)
    category = models.CharField("执法类别", max_length=200)
    conclusion = models.TextField("执法结论")
    result_on = models.DateField("结论作出日期")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-result_on", "-pk"]
        verbose_name = verbose_name_plural = "行政检查结果"

    def __str__(self) -> str:
        return f"{self.subject}：{self.conclusion[:40]}"

    def get_absolute_url(self) -> str:  # where its 公示 deadline in 我的待办 leads: the inspection's case
        return self.inspection.case.get_absolute_url()
# ---- coercive measure (行政强制措施：查封、扣押；行政强制法 第9、16–33条)


class MeasureKind(models.TextChoices):
    """行政强制法 第9条: the measures the agencies' laws give. 冻结 only for an agency a law names (第29条, the
    agency's setting). 限制公民人身自由 (第一项) is set by law alone (第10条) for the police and the like, and 其他
    (第五项) by the law that names it — neither is given to the agencies of the catalog, so neither is offered."""

    SEAL = "seal", "查封"
    SEIZE = "seize", "扣押"
    FREEZE = "freeze", "冻结存款、汇款"


class DisposalKind(models.TextChoices):
    """What becomes of the things sealed or seized at the end (行政强制法 第26–28条)."""

    RETURN = "return", "解除并返还财物"
    CONFISCATE = "confiscate", "依行政处罚决定没收"
    DESTROY = "destroy", "依法销毁"
    SOLD = "sold", "鲜活物品等不易保管的财物经当事人同意拍卖或者变卖，返还所得款项"


class ReleaseGround(models.TextChoices):
    """Why a 查封、扣押 ends (行政强制法 第28条第一款; 第19条 for a measure the head refused afterwards)."""

    NO_VIOLATION = "no_violation", "当事人没有违法行为"
    UNRELATED = "unrelated", "查封、扣押的场所、设施或者财物与违法行为无关"
    DECIDED = "decided", "行政机关对违法行为已经作出处理决定，不再需要查封、扣押"
    EXPIRED = "expired", "查封、扣押期限已经届满"
    NOT_NEEDED = "not_needed", "其他不再需要采取查封、扣押措施的情形"
    REFUSED = "refused", "行政机关负责人认为不应当采取行政强制措施"


class TestingKind(models.TextChoices):
    TEST = "test", "检测"
    INSPECT = "inspect", "检验"
    QUARANTINE = "quarantine", "检疫"
    APPRAISAL = "appraisal", "技术鉴定"


class Measure(models.Model):
    """A 查封 or 扣押 (行政强制法 第9条第二、三项): what, why and on what basis; the head's approval before it, or
    in an emergency the report within 24 hours and the approval after (第19条); on the spot the credentials, what
    the party was told and said, and the 现场笔录's signatures (第18条); the 决定书 and 清单 (第24条); the 30 days,
    their extension and the testing time left out (第25条); the release (第28条). It may serve a 行政处罚 case
    (``punishment_case``), whose evidence or property it secures."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="measure")
    token = models.CharField(max_length=40, unique=True)
    kind = models.CharField("强制措施", max_length=10, choices=MeasureKind.choices)
    punishment_case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="measures", verbose_name="所涉行政处罚案件")
    items = models.TextField("场所、设施或者财物（名称、数量、规格、状况）")
    keeping = models.CharField("保管方式和场所", max_length=300)
    reason = models.TextField("查封（扣押）的理由")
    basis = models.CharField("查封（扣押）的依据", max_length=500)
    spot = models.CharField("实施地点", max_length=200)
    emergency = models.BooleanField("情况紧急，当场实施", default=False)
    emergency_reason = models.TextField("情况紧急需要当场实施的理由", blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("报请时间")
    approved = models.BooleanField("负责人批准", null=True)
    approval_opinion = models.TextField("审批意见", blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="审批人")
    approved_by_name = models.CharField("审批人姓名", max_length=150, blank=True)
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    reported_at = models.DateTimeField("向负责人报告时间", null=True, blank=True)
    report_late_reason = models.TextField("超过24小时报告的原因", blank=True)
    acted_at = models.DateTimeField("实施时间", null=True, blank=True)
    credentials = models.CharField("出示的执法证件", max_length=300, blank=True, help_text="姓名及执法证号")
    party_present = models.BooleanField("当事人到场", null=True)
    present_name = models.CharField("到场的当事人或其代理人", max_length=200, blank=True)
    statement = models.TextField("当事人的陈述和申辩", blank=True)
    statement_waived = models.BooleanField("当事人不陈述、申辩", default=False)
    party_signed = models.BooleanField("当事人签名", default=False)
    refusal_reason = models.TextField("拒绝签名的情况", blank=True)
    witness = models.CharField("见证人", max_length=100, blank=True)
    record = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="现场笔录")
    decision = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="查封（扣押）决定书")
    inventory = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="查封（扣押）清单")
    started_on = models.DateField("查封（扣押）日期", null=True, blank=True)
    extension_reason = models.TextField("延长理由", blank=True)
    extension = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="延长查封（扣押）期限决定书")
    extended_by_name = models.CharField("批准延长的负责人", max_length=150, blank=True)
    extended_at = models.DateTimeField("批准延长时间", null=True, blank=True)
    release_ground = models.CharField("解除理由", max_length=12, choices=ReleaseGround.choices, blank=True)
    release = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="解除查封（扣押）决定书")
    released_on = models.DateField("解除日期", null=True, blank=True)
    released_late = models.BooleanField("期限届满后解除", default=False)
    bank = models.CharField("金融机构", max_length=200, blank=True)
    account = models.CharField("冻结的账号", max_length=60, blank=True)
    freeze_amount = models.DecimalField("冻结数额", max_digits=14, decimal_places=2, null=True, blank=True)
    bank_notice = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name="冻结通知书（交金融机构）")
    bank_release = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name="解除冻结通知书（交金融机构）")
    disposal = models.CharField("财物的处理", max_length=12, choices=DisposalKind.choices, blank=True)
    disposal_on = models.DateField("处理日期", null=True, blank=True)
    disposal_note = models.TextField("处理情况（依据、文书、所得款项）", blank=True)
    disposal_consent = models.CharField("当事人同意拍卖、变卖的记录", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政强制措施"
        # the few measures waiting for the head, counted on every head's page (cases/work.py), found without
        # reading the many decided ones
        indexes = [models.Index(fields=["case"], condition=models.Q(approved__isnull=True),
                                name="measure_awaiting_approval")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.case.title}"


class MeasureTesting(models.Model):
    """检测、检验、检疫或者技术鉴定 of the things seized (行政强制法 第25条第三款): its period, told to the party in
    writing, is not counted in the 查封、扣押 period."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="testings")
    kind = models.CharField("种类", max_length=12, choices=TestingKind.choices)
    institution = models.CharField("检测（鉴定）机构", max_length=200)
    from_on = models.DateField("起始日期")
    to_on = models.DateField("截止日期")
    notice = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, related_name="+",
                                  verbose_name="检测（鉴定）期间告知书")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["from_on", "pk"]
        verbose_name = verbose_name_plural = "检测、检验、检疫或者技术鉴定期间"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.from_on:%Y-%m-%d}至{self.to_on:%Y-%m-%d}）"

    @property
    def days(self) -> int:
        return (self.to_on - self.from_on).days + 1
# ---- levy (行政征收征用 and 行政收费)


class Levy(models.Model):
    """A 征收, 征用 or 收费 case's own record: the basis from the 事项清单, the amount and how it was computed
    (base, standard, result — stored as computed, never typed), the decision, when it falls due, and the
    settlement against its receipt."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="levy")
    token = models.CharField("表单标识", max_length=40, unique=True)
    kind = models.CharField("类别", max_length=12, choices=LevyKind.choices)
    basis = models.TextField("法律依据", help_text="开始办理时事项清单所列")
    standard = models.TextField("标准", blank=True)
    base_label = models.CharField("计征基数名称", max_length=60, blank=True)
    base = models.DecimalField("计征基数", max_digits=18, decimal_places=4, null=True, blank=True)
    base_unit = models.CharField("基数单位", max_length=10, blank=True)
    rate = models.DecimalField("标准值", max_digits=12, decimal_places=4, null=True, blank=True)
    rate_unit = models.CharField("计算方式", max_length=10, choices=RateUnit.choices, blank=True)
    amount = models.DecimalField("核定数额", max_digits=14, decimal_places=2, null=True, blank=True)
    formula = models.CharField("计算过程", max_length=300, blank=True)
    assessed_at = models.DateTimeField("核定时间", null=True, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    charge_days = models.PositiveSmallIntegerField("缴费期限（日）", null=True, blank=True)
    decision = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="决定书（收费通知书）")
    due_on = models.DateField("缴纳期限", null=True, blank=True)
    settled_on = models.DateField("缴纳（支付）日期", null=True, blank=True)
    settled_amount = models.DecimalField("缴纳（支付）数额", max_digits=14, decimal_places=2, null=True, blank=True)
    receipt = models.ForeignKey(Evidence, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name="缴款（支付）凭证")
    receipt_number = models.CharField("票据号码", max_length=60, blank=True)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    # 行政强制法 第45条: the 加处罚款 or 滞纳金 the decision tells the party, a daily % of the unpaid amount
    late_kind = models.CharField("逾期加处", max_length=10, choices=LateKind.choices, blank=True)
    late_rate = models.DecimalField("每日加处比例（%）", max_digits=7, decimal_places=4, null=True, blank=True)
    late_basis = models.CharField("加处依据", max_length=300, blank=True)
    # 突发事件应对法 第十二条: the requisitioned property's return, and the state it came back in
    returned_on = models.DateField("返还日期", null=True, blank=True)
    return_state = models.CharField("返还时状态", max_length=10, choices=ReturnState.choices, blank=True)
    return_note = models.TextField("返还情况", blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "征收征用与收费"

    def __str__(self) -> str:
        return f"{self.case}{self.get_kind_display()}"

    @property
    def assessment(self) -> Assessment | None:
        if self.amount is None or self.base is None or self.rate is None:
            return None
        return Assessment(self.base_label, self.base.normalize(), self.base_unit, self.rate.normalize(),
                          self.rate_unit, self.amount)


class LevyPayment(models.Model):
    """One part of a levy paid (or of a 征用's compensation paid), against its receipt; the parts are summed until
    the amount and its 加处罚款 or 滞纳金 are paid (行政强制法 第45条)."""

    levy = models.ForeignKey(Levy, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField("缴纳（支付）日期")
    amount = models.DecimalField("数额", max_digits=14, decimal_places=2)
    receipt = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="+", verbose_name="凭证")
    receipt_number = models.CharField("票据号码", max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}元"
# ---- licensing (行政许可法 第29–50条)


class ApplicationPurpose(models.TextChoices):
    NEW = "new", "首次申请"
    RENEWAL = "renewal", "延续申请"        # 行政许可法 第50条
    CHANGE = "change", "变更申请"          # 行政许可法 第49条


class ApplicationState(models.TextChoices):
    RECEIVED = "received", "已收件，待受理"
    NOTIFIED = "notified", "已一次告知补正"
    ACCEPTED = "accepted", "已受理"
    REFUSED = "refused", "不予受理"


class LicenceState(models.TextChoices):
    VALID = "valid", "有效"
    WITHDRAWN = "withdrawn", "已撤回"     # 行政许可法 第8条
    REVOKED = "revoked", "已撤销"         # 行政许可法 第69条


class Licence(models.Model):
    """A licence the agency issued (行政许可法 第39条): its number, holder, content and validity. The case that
    issued it is ``case``; renewals and changes are cases of their own whose application names this licence,
    withdrawal and revocation cases whose ``LicenceEnd`` does; their decisions change this row."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="licences", verbose_name="发证机关")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="licence", verbose_name="发证案件")
    document = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, related_name="+",
                                    verbose_name="行政许可证件")
    number = models.CharField("证号", max_length=80)
    holder = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="licences", verbose_name="被许可人")
    item_code = models.CharField("许可事项编码", max_length=60)
    item_name = models.CharField("许可事项", max_length=200)
    content = models.TextField("许可内容")
    valid_from = models.DateField("有效期自")
    valid_to = models.DateField("有效期至")
    issued_at = models.DateTimeField("发证时间")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField("状态", max_length=10, choices=LicenceState.choices, default=LicenceState.VALID)
    ended_on = models.DateField("撤回或撤销日期", null=True, blank=True)
    end_reason = models.TextField("撤回或撤销理由", blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = verbose_name_plural = "行政许可证件"
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="licence_number_unique")]

    def __str__(self) -> str:
        return f"{self.item_name}（{self.number}）"

    def get_absolute_url(self) -> str:
        return reverse("cases:licence", args=[self.pk])


class Application(models.Model):
    """A licence application (行政许可法 第29条) and what the 受理 desk did with it (第32条): the materials handed
    in, checked against the 服务指南's list of the item, the one-time notice of what is missing, the acceptance
    (or the refusal) and, later, the decision (第37、38、42条)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="application")
    token = models.CharField(max_length=40, unique=True)
    purpose = models.CharField("申请类型", max_length=10, choices=ApplicationPurpose.choices,
                               default=ApplicationPurpose.NEW)
    licence = models.ForeignKey(Licence, on_delete=models.PROTECT, null=True, blank=True, related_name="applications",
                                verbose_name="涉及的许可证件")
    received_on = models.DateField("收到申请材料日期")
    request = models.TextField("申请事项")
    # [{"name": …, "given": bool, "listed": bool}]: listed — named by the 服务指南
    materials = models.JSONField("申请材料", default=list)
    guide_listed = models.BooleanField("服务指南列明申请材料", default=True)
    state = models.CharField("受理状态", max_length=10, choices=ApplicationState.choices,
                             default=ApplicationState.RECEIVED)
    notice = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="补正材料通知书")
    notified_on = models.DateField("一次告知日期", null=True, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    deemed = models.BooleanField("逾期未告知，视为受理", default=False)
    acceptance = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name="受理通知书")
    refusal = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="不予受理通知书")
    refusal_reason = models.TextField("不予受理理由", blank=True)
    extension = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="延长行政许可期限告知书")
    extension_reason = models.TextField("延长理由", blank=True)
    extended_by_name = models.CharField("批准延长的负责人", max_length=150, blank=True)
    decision = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="行政许可决定书")
    granted = models.BooleanField("准予许可", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    late_reason = models.TextField("逾期作出决定的原因", blank=True)
    licence_content = models.TextField("许可内容", blank=True)
    valid_from = models.DateField("有效期自", null=True, blank=True)
    valid_to = models.DateField("有效期至", null=True, blank=True)
    hearing_right = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+", verbose_name="听证告知书")
    hearing_told_on = models.DateField("告知听证权利日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政许可申请"

    def __str__(self) -> str:
        return f"{self.case.title}（{self.get_state_display()}）"

    @property
    def missing(self) -> list[str]:
        return [m["name"] for m in self.materials if not m["given"]]

    @property
    def given(self) -> list[str]:
        return [m["name"] for m in self.materials if m["given"]]


class ApplicationCorrection(models.Model):
    """An obvious error in the materials corrected by the applicant on the spot (行政许可法 第32条第一款第三项)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="corrections")
    what = models.CharField("更正的材料或事项", max_length=200)
    before = models.CharField("更正前", max_length=500)
    after = models.CharField("更正后", max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"当场更正{self.what}"


class LicenceVerification(models.Model):
    """On-site verification of the substance of the materials by two or more staff (行政许可法 第34条第三款)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="verifications")
    verified_on = models.DateField("核查日期")
    spot = models.CharField("核查地点", max_length=200)
    findings = models.TextField("核查情况")
    officers = models.ManyToManyField(Officer, related_name="+", verbose_name="核查人员")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["verified_on", "pk"]

    def __str__(self) -> str:
        return f"实地核查（{self.verified_on:%Y-%m-%d}）"


class PauseKind(models.TextChoices):
    """What 行政许可法 第45条 does not count in the decision period."""

    HEARING = "hearing", "听证"
    TENDER = "tender", "招标、拍卖"
    TESTING = "testing", "检验、检测、检疫"
    APPRAISAL = "appraisal", "鉴定"
    EXPERT = "expert", "专家评审"


class LicencePause(models.Model):
    """A stretch of time not counted in the decision period (第45条), the decision obligation's clock stopped
    while it lasts. A hearing (第46–48条) is one, with its request and its record."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="licence_pauses")
    kind = models.CharField("事由", max_length=10, choices=PauseKind.choices)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    note = models.TextField("说明")
    public_interest = models.BooleanField("涉及公共利益，依职权听证", default=False)
    requested_by = models.CharField("听证申请人", max_length=200, blank=True)
    told_on = models.DateField("告知听证权利日期", null=True, blank=True)
    result = models.TextField("结果（听证笔录要点、评审或检验结论）", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    # 行政许可法 第48条: the time and place told seven days before; 第46条: a public-interest hearing announced
    notice = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="听证通知书")
    announcement = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name="听证公告")
    hearing_on = models.DateField("举行听证日期", null=True, blank=True)
    hearing_place = models.CharField("听证地点", max_length=200, blank=True)

    class Meta:
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.started_on:%Y-%m-%d}起）"


class LicenceEndKind(models.TextChoices):
    WITHDRAW = "withdraw", "撤回"     # 行政许可法 第8条
    REVOKE = "revoke", "撤销"         # 行政许可法 第69条


class LicenceEnd(models.Model):
    """撤回 (行政许可法 第8条) or 撤销 (第69条) of a licence: a case the agency starts, the holder told and heard
    (第7条), and a numbered 决定书 that ends the licence in the same transaction."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="licence_end")
    licence = models.ForeignKey(Licence, on_delete=models.PROTECT, related_name="ends", verbose_name="许可证件")
    token = models.CharField(max_length=40, unique=True)
    kind = models.CharField("处理", max_length=10, choices=LicenceEndKind.choices)
    ground = models.TextField("事实和理由")
    basis = models.CharField("依据", max_length=500)
    notice = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="告知书")
    told_on = models.DateField("告知日期", null=True, blank=True)
    reply_by = models.DateField("陈述申辩期限", null=True, blank=True)
    statement = models.TextField("陈述申辩意见", blank=True)
    heard_on = models.DateField("听取陈述申辩日期", null=True, blank=True)
    decision = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="决定书")
    decided_on = models.DateField("决定日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "撤回、撤销行政许可"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.licence}"


# ---- coercion (行政强制执行, 行政强制法 第34–60条)


class CoercionMeasure(models.TextChoices):
    """The ways of enforcement (行政强制法 第12条) a 强制执行决定 names."""

    TRANSFER = "transfer", "划拨存款、汇款"
    AUCTION = "auction", "拍卖或者依法处理查封、扣押的场所、设施或者财物"
    RESTORE = "restore", "排除妨碍、恢复原状"
    DEMOLISH = "demolish", "强制拆除违法的建筑物、构筑物、设施"
    SUBSTITUTE = "substitute", "代履行"
    UTILITIES = "utilities", "停止供水、供电、供热、供燃气"


class Coercion(models.Model):
    """What a 行政强制执行 case enforces: a decision the party did not carry out — of a 行政处罚 case of the
    system (``source_case``), or made outside it and described here."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="coercion")
    source_case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="coercions",
                                    verbose_name="所执行的案件")
    token = models.CharField("表单标识", max_length=40, unique=True)
    decision_title = models.CharField("行政决定名称", max_length=100)
    decision_number = models.CharField("行政决定文号", max_length=100)
    decision_served_on = models.DateField("行政决定送达日期")
    obligation = models.TextField("当事人应当履行的义务")
    amount = models.DecimalField("金钱给付数额", max_digits=14, decimal_places=2, null=True, blank=True)
    residence = models.BooleanField("执行涉及居民生活（住宅）", default=False)
    remedy_sought = models.BooleanField("当事人已申请行政复议或者提起行政诉讼", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "行政强制执行"

    def __str__(self) -> str:
        return f"强制执行《{self.decision_title}》（{self.decision_number}）"


class CoercionStatement(models.Model):
    """The party's statement and defence after the 催告, and the agency's review of it (行政强制法 第36条)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="coercion_statements")
    received_on = models.DateField("提出日期")
    waived = models.BooleanField("当事人明确放弃陈述申辩", default=False)
    content = models.TextField("陈述申辩内容", blank=True)
    review = models.TextField("复核意见", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return "放弃陈述申辩" if self.waived else f"陈述申辩（{self.received_on:%Y-%m-%d}）"


class CoercionDecision(models.Model):
    """强制执行决定书 (行政强制法 第37条), numbered."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="coercion_decision")
    document = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, related_name="+")
    measure = models.CharField("强制执行方式", max_length=12, choices=CoercionMeasure.choices)
    reason = models.TextField("强制执行的理由和依据")
    performer = models.CharField("代履行人", max_length=200, blank=True)
    budget = models.DecimalField("代履行费用预算", max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.CharField("代履行的标的", max_length=500, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.document)


class DemolitionNotice(models.Model):
    """The 公告 before a 强制拆除, with its time limit for the party to demolish (行政强制法 第44条)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="demolition_notice")
    document = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, related_name="+")
    announced_on = models.DateField("公告日期")
    medium = models.CharField("公告方式（张贴地点或媒介）", max_length=200)
    own_demolition_by = models.DateField("限期自行拆除至")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"强制拆除公告（限{self.own_demolition_by:%Y-%m-%d}前自行拆除）"


class SubstituteNotice(models.Model):
    """The 催告 three days before a 代履行 (行政强制法 第51条第一款第二项)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="substitute_notice")
    served_on = models.DateField("催告送达日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"代履行催告（{self.served_on:%Y-%m-%d}送达）"


class EnforcementAgreement(models.Model):
    """执行协议 (行政强制法 第42条): performance in stages, or a remedy with the surcharge reduced; while it runs,
    enforcement waits; broken, enforcement resumes."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="enforcement_agreements")
    signed_on = models.DateField("签订日期")
    terms = models.TextField("协议内容（分阶段履行、补救措施、减免加处罚款或者滞纳金）")
    due_on = models.DateField("约定的履行期限")
    ended_on = models.DateField("履行情况登记日期", null=True, blank=True)
    fulfilled = models.BooleanField("已履行", null=True, blank=True)
    note = models.TextField("履行情况", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["signed_on", "pk"]

    def __str__(self) -> str:
        return f"执行协议（{self.signed_on:%Y-%m-%d}）"


class EnforcementAct(models.Model):
    """One carrying out of the 强制执行决定, or an attempt the system refused, with the rule that refused it
    (a refusal is kept, so the record shows what was asked and why it was not allowed)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="enforcement_acts")
    at = models.DateTimeField("实施时间")
    measure = models.CharField("强制执行方式", max_length=12, choices=CoercionMeasure.choices)
    urgent_reason = models.TextField("情况紧急的书面理由", blank=True)
    note = models.TextField("实施情况", blank=True)
    completed = models.BooleanField("执行完毕", default=False)
    refusal = models.TextField("被拒绝的原因", blank=True)
    refusal_rule = models.CharField("拒绝依据", max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_measure_display()}（{self.at:%Y-%m-%d %H:%M}）" + ("，已拒绝" if self.refusal else "")

    @property
    def refused(self) -> bool:
        return bool(self.refusal)


class SuspensionGround(models.TextChoices):
    """行政强制法 第39条第一款: when enforcement is suspended."""

    HARDSHIP = "hardship", "当事人履行行政决定确有困难或者暂无履行能力"
    THIRD_PARTY = "third_party", "第三人对执行标的主张权利，确有理由"
    IRREPARABLE = "irreparable", "执行可能造成难以弥补的损失，且中止执行不损害公共利益"
    OTHER = "other", "行政机关认为需要中止执行的其他情形"


class TerminationGround(models.TextChoices):
    """行政强制法 第40条: when enforcement ends without being carried out."""

    DECEASED = "deceased", "公民死亡，无遗产可供执行，又无义务承受人"
    DISSOLVED = "dissolved", "法人或者其他组织终止，无财产可供执行，又无义务承受人"
    PERISHED = "perished", "执行标的灭失"
    REVOKED = "revoked", "据以执行的行政决定被撤销"
    OTHER = "other", "行政机关认为需要终结执行的其他情形"


class EnforcementSuspension(models.Model):
    """中止执行 (行政强制法 第39条): its ground and the numbered 中止执行决定书; resumed when the ground is gone, with
    the numbered 恢复执行决定书."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="enforcement_suspensions")
    ground = models.CharField("中止执行的情形", max_length=12, choices=SuspensionGround.choices)
    reason = models.TextField("具体情况")
    document = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, related_name="+",
                                    verbose_name="中止执行决定书")
    suspended_on = models.DateField("中止日期")
    resumed_on = models.DateField("恢复执行日期", null=True, blank=True)
    resume_reason = models.TextField("中止情形消失的情况", blank=True)
    resume_document = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True,
                                           blank=True, related_name="+", verbose_name="恢复执行决定书")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["suspended_on", "pk"]
        verbose_name = verbose_name_plural = "中止执行"

    def __str__(self) -> str:
        return f"中止执行（{self.suspended_on:%Y-%m-%d}）"


class EnforcementTermination(models.Model):
    """终结执行 (行政强制法 第40条): its ground and the numbered 终结执行决定书."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="enforcement_termination")
    ground = models.CharField("终结执行的情形", max_length=12, choices=TerminationGround.choices)
    reason = models.TextField("具体情况")
    document = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, related_name="+",
                                    verbose_name="终结执行决定书")
    terminated_on = models.DateField("终结日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "终结执行"

    def __str__(self) -> str:
        return f"终结执行（{self.terminated_on:%Y-%m-%d}）"
