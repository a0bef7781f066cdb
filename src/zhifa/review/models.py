"""A legal review of a case's draft decision (重大执法决定法制审核, 行政处罚法 第58条): one round per submission,
run on the ``LEGAL_REVIEW`` process definition; a resubmission is a new round linked to the one before."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from zhifa.agencies.models import Reviewer
from zhifa.cases.models import Case
from zhifa.catalog.documents import REVIEW_OUTCOMES
from zhifa.documents.models import IssuedDocument
from zhifa.records.models import Evidence


class Outcome(models.TextChoices):
    """REV-08: the 审核意见 of 附件2, in its order; only 同意 lets the decision be made."""

    AGREE = "agree", REVIEW_OUTCOMES[0]
    DISAGREE = "disagree", REVIEW_OUTCOMES[1]
    NOT_ESTABLISHED = "not_established", REVIEW_OUTCOMES[2]
    REINVESTIGATE = "reinvestigate", REVIEW_OUTCOMES[3]
    CHANGE = "change", REVIEW_OUTCOMES[4]
    CORRECT_PROCEDURE = "correct_procedure", REVIEW_OUTCOMES[5]
    TRANSFER = "transfer", REVIEW_OUTCOMES[6]


class Finding(models.TextChoices):
    YES = "yes", "符合"
    NO = "no", "不符合"
    NA = "na", "不适用"


class ReviewRound(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="review_rounds", verbose_name="案件")
    seq = models.PositiveIntegerField("轮次")
    previous = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="next",
                                    verbose_name="上一轮")
    stage = models.CharField("环节", max_length=20)  # a stage of catalog.processes.LEGAL_REVIEW
    # 附件1 法制审核申请表, the 情况说明 and the draft decision bound by its SM3
    application = models.JSONField("法制审核申请表")
    explanation = models.TextField("情况说明")
    draft_fields = models.JSONField("决定文本内容")
    draft_text = models.TextField("拟作出的决定文本")
    draft_sm3 = models.CharField("决定文本SM3", max_length=64)
    bases = models.JSONField("法律依据", default=list)
    evidence = models.JSONField("证据", default=list)  # [{"pk", "title", "sm3"}] from the record store
    criteria = models.JSONField("须审核的情形", default=list)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("报送时间")
    reviewer = models.ForeignKey(Reviewer, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="review_rounds", verbose_name="法制审核人员")
    missing = models.JSONField("退回补充的材料", default=list)
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    complete_at = models.DateTimeField("材料齐全时间", null=True, blank=True)
    extended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="批准延长的负责人")
    extension_reason = models.CharField("延长理由", max_length=500, blank=True)
    findings = models.JSONField("审核要点", default=dict)  # {point: {"finding": Finding, "note": str}}
    outcome = models.CharField("审核意见", max_length=20, choices=Outcome.choices, blank=True)
    reasons = models.TextField("理由及依据", blank=True)
    opinion = models.OneToOneField(IssuedDocument, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="法制审核意见书")
    decided_at = models.DateTimeField("出具意见时间", null=True, blank=True)
    # the statistics: kept when the opinion is given so the statistics sum them and never recount a calendar
    working_days = models.PositiveSmallIntegerField("审核用时（工作日）", null=True, blank=True)
    on_time = models.BooleanField("按期出具意见", null=True, blank=True)

    class Meta:
        ordering = ["case", "seq"]
        verbose_name = verbose_name_plural = "法制审核"
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="review_round_seq")]
        indexes = [models.Index(fields=["stage", "reviewer"], name="review_queue"),
                   models.Index(fields=["decided_at"], name="review_decided")]

    def __str__(self) -> str:
        return f"{self.case.title} 第{self.seq}轮法制审核"

    def get_absolute_url(self) -> str:  # where the round's deadline in 我的待办 leads: its workspace
        return reverse("review:workspace", args=[self.pk])

    @property
    def passed(self) -> bool:
        return self.outcome == Outcome.AGREE and self.opinion_id is not None

    @property
    def stage_label(self) -> str:
        from zhifa.catalog.processes import LEGAL_REVIEW

        return LEGAL_REVIEW.stage(self.stage).label


class ReviewTally(models.Model):
    """The statistics' running counts: one row per agency, reviewer, month, outcome and working days taken,
    bumped in the transaction that gives the opinion (``stats.record_opinion``), so the statistics page sums a
    few hundred rows however many reviews there are."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="执法主体")
    reviewer = models.ForeignKey(Reviewer, on_delete=models.PROTECT, related_name="+", verbose_name="法制审核人员")
    month = models.DateField("月份")  # its first day
    outcome = models.CharField("审核意见", max_length=20, choices=Outcome.choices)
    working_days = models.PositiveSmallIntegerField("审核用时（工作日）")
    count = models.PositiveIntegerField("意见数", default=0)
    timed = models.PositiveIntegerField("计时的意见数", default=0)
    on_time = models.PositiveIntegerField("按期出具数", default=0)
    returns = models.PositiveIntegerField("退回补充数", default=0)
    extensions = models.PositiveIntegerField("延长期限数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "法制审核统计"
        constraints = [models.UniqueConstraint(fields=["agency", "month", "reviewer", "outcome", "working_days"],
                                               name="review_tally_key")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.get_outcome_display()} {self.count}"
# ---------------------------------------------------------------- after the opinion (REV-09, REV-12)


class Response(models.TextChoices):
    ACCEPT = "accept", "采纳审核意见"
    OBJECT = "object", "有异议"


class ResolvedHow(models.TextChoices):
    HEAD = "head", "机关负责人决定"
    COLLECTIVE = "collective", "集体讨论决定"


class Resolution(models.TextChoices):
    """What the agency head or the 集体讨论 decided of an objection. Neither makes the review passed
    (审核制度 第十一条: not passed, no decision): both lead to a new round, the second with the draft unchanged."""

    UPHOLD = "uphold", "维持审核意见，承办机构按审核意见处理后重新报送"
    SUSTAIN = "sustain", "采纳承办机构意见，按原拟处理意见重新报送法制审核"


class RoundResponse(models.Model):
    """The handling unit's answer to a round's opinion, and the decision of its objection."""

    round = models.OneToOneField(ReviewRound, on_delete=models.PROTECT, related_name="response",
                                 verbose_name="法制审核")
    kind = models.CharField("承办机构意见", max_length=10, choices=Response.choices)
    reason = models.TextField("异议理由或处理情况")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("答复时间")
    resolved_how = models.CharField("决定方式", max_length=12, choices=ResolvedHow.choices, blank=True)
    resolution = models.CharField("决定结果", max_length=10, choices=Resolution.choices, blank=True)
    conclusion = models.TextField("决定意见", blank=True)
    minutes = models.TextField("集体讨论记录", blank=True)
    participants = models.JSONField("参加人员", default=list)
    minutes_file = models.ForeignKey(Evidence, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name="会议纪要文件")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    resolved_at = models.DateTimeField("决定时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "承办机构对审核意见的处理"

    def __str__(self) -> str:
        return f"{self.round}：{self.get_kind_display()}"

    @property
    def pending(self) -> bool:
        """An objection the head or the 集体讨论 has yet to decide."""
        return self.kind == Response.OBJECT and not self.resolution


# ---------------------------------------------------------------- criteria added by hand (REV-02)


class ManualCriterion(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="review_criteria", verbose_name="案件")
    text = models.CharField("须审核的情形", max_length=300)
    reason = models.TextField("理由")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("添加时间")

    class Meta:
        ordering = ["case", "at", "pk"]
        verbose_name = verbose_name_plural = "手动添加的法制审核情形"

    def __str__(self) -> str:
        return self.text


# ---------------------------------------------------------------- early involvement (REV-14)


class Involvement(models.Model):
    """A registered reviewer attached to a major or sensitive case during its investigation (提前介入)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="review_involvements",
                             verbose_name="案件")
    reviewer = models.ForeignKey(Reviewer, on_delete=models.PROTECT, related_name="involvements",
                                 verbose_name="法制审核人员")
    reason = models.TextField("提前介入理由")
    attached_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attached_at = models.DateTimeField("介入时间")

    class Meta:
        ordering = ["case", "attached_at", "pk"]
        verbose_name = verbose_name_plural = "法制审核提前介入"
        constraints = [models.UniqueConstraint(fields=["case", "reviewer"], name="review_involvement_once")]

    def __str__(self) -> str:
        return f"{self.reviewer.person.name}提前介入{self.case.title}"


class InvolvementComment(models.Model):
    involvement = models.ForeignKey(Involvement, on_delete=models.PROTECT, related_name="comments")
    # the comment form's one-time token: the same form sent twice finds the comment it made, not a second one
    token = models.CharField("表单标识", max_length=40, unique=True, null=True, blank=True)
    text = models.TextField("意见")
    at = models.DateTimeField("提出时间")

    class Meta:
        ordering = ["involvement", "at", "pk"]
        verbose_name = verbose_name_plural = "提前介入意见"

    def __str__(self) -> str:
        return self.text[:30]


# ---------------------------------------------------------------- questions to the handling unit (REV-06)


class Question(models.Model):
    """The reviewer's question to the handling unit during a round, and the unit's answer. Each form's one-time
    token (``token``, ``answer_token``) makes the same form sent twice act once."""

    round = models.ForeignKey(ReviewRound, on_delete=models.PROTECT, related_name="questions",
                              verbose_name="法制审核")
    text = models.TextField("问题")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField("提出时间")
    token = models.CharField("表单标识", max_length=40, unique=True)
    answer = models.TextField("答复", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answer_token = models.CharField("答复表单标识", max_length=40, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["round", "asked_at", "pk"]
        verbose_name = verbose_name_plural = "法制审核问询"
        indexes = [models.Index(fields=["answered_at"], name="review_question_open")]

    def __str__(self) -> str:
        return self.text[:30]
