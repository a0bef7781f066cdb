"""当事人: the people and organisations enforcement acts are about, their agents and service addresses.

A party is a real-world person or organisation, so it is one row in the installation, found by its number
(the unique constraints below): an agency that meets it again finds it rather than typing it twice. Who may
read it is per agency (``access.parties_for``): the agencies that recorded or met it (``PartyAgency``) and,
once cases exist, those whose cases name it. Agents and service addresses belong to the agency that recorded
them and are read only within its reach.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    LEGAL = "legal", "法人"
    OTHER = "other", "其他组织"
    INDIVIDUAL = "individual", "个体工商户"


ORGANISATIONS = (PartyKind.LEGAL, PartyKind.OTHER)


class IdKind(models.TextChoices):
    """The kind of a number that identifies a party, an operator, a representative or an agent."""

    RESIDENT = "resident", "居民身份证"
    PASSPORT = "passport", "护照"
    HKMO_PERMIT = "hkmo_permit", "港澳居民来往内地通行证"
    TW_PERMIT = "tw_permit", "台湾居民来往大陆通行证"
    HKMOTW_RESIDENCE = "residence", "港澳台居民居住证"
    FOREIGN_PR = "foreign_pr", "外国人永久居留身份证"
    OTHER = "other", "其他身份证件"
    USCC = "uscc", "统一社会信用代码"


PERSON_ID_KINDS = [(k.value, k.label) for k in IdKind if k is not IdKind.USCC]


class Sex(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class Party(models.Model):
    """One 当事人. ``id_kind``/``id_number`` identify it: a natural person by an identity document, an
    organisation by its 统一社会信用代码, an individual business by its code or, without one, by its
    operator's document (a namespace of its own: the operator may be a party in person too)."""

    kind = models.CharField("当事人类型", max_length=12, choices=PartyKind.choices)
    name = models.CharField("名称或姓名", max_length=200, db_index=True)
    id_kind = models.CharField("证件类型", max_length=12, choices=IdKind.choices)
    id_number = models.CharField("证件号码", max_length=40)
    sex = models.CharField("性别", max_length=6, choices=Sex.choices, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    address = models.CharField("住址或住所", max_length=300, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    # 法人、其他组织: 法定代表人或负责人; 个体工商户: 经营者
    rep_name = models.CharField("法定代表人（负责人、经营者）", max_length=100, blank=True)
    rep_id_kind = models.CharField("其证件类型", max_length=12, choices=IdKind.choices, blank=True)
    rep_id_number = models.CharField("其证件号码", max_length=40, blank=True)
    rep_position = models.CharField("职务", max_length=60, blank=True)
    created_at = models.DateTimeField("登记时间")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "当事人"
        constraints = [
            models.UniqueConstraint(fields=["id_kind", "id_number"], name="party_unique_number",
                                    condition=~Q(kind=PartyKind.INDIVIDUAL) | Q(id_kind=IdKind.USCC)),
            models.UniqueConstraint(fields=["id_kind", "id_number"], name="party_unique_operator_number",
                                    condition=Q(kind=PartyKind.INDIVIDUAL) & ~Q(id_kind=IdKind.USCC)),
        ]
        indexes = [models.Index(fields=["id_number"], name="party_number"),
                   models.Index(fields=["rep_id_number"], name="party_rep_number")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("parties:detail", args=[self.pk])

    @property
    def is_person(self) -> bool:
        return self.kind == PartyKind.PERSON

    @property
    def is_organisation(self) -> bool:
        return self.kind in ORGANISATIONS

    @property
    def rep_title(self) -> str:
        return "经营者" if self.kind == PartyKind.INDIVIDUAL else "法定代表人（负责人）"


class PartyAgency(models.Model):
    """An agency (执法主体) that recorded or met the party: it may read the party from then on."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="agencies")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    since = models.DateTimeField("登记时间")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["party", "agency"], name="party_agency_once")]

    def __str__(self) -> str:
        return f"{self.party_id}@{self.agency_id}"


class AgentScope(models.TextChoices):
    GENERAL = "general", "一般授权"
    SPECIAL = "special", "特别授权"


class Agent(models.Model):
    """委托代理人, with the authorisation the party gave (the 授权委托书 as evidence where handed in)."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="agent_set")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    name = models.CharField("代理人姓名", max_length=100)
    id_kind = models.CharField("证件类型", max_length=12, choices=PERSON_ID_KINDS)
    id_number = models.CharField("证件号码", max_length=40)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    relation = models.CharField("与当事人关系", max_length=60, blank=True, help_text="如：律师、本单位工作人员、近亲属")
    scope = models.CharField("代理权限", max_length=10, choices=AgentScope.choices)
    scope_text = models.CharField("授权事项", max_length=500, blank=True,
                                  help_text="特别授权须写明事项，如：代为陈述申辩、代为签收文书、代为申请听证")
    valid_from = models.DateField("授权起始日")
    valid_to = models.DateField("授权截止日", null=True, blank=True, help_text="留空表示至案件办结")
    authorisation = models.ForeignKey("records.Evidence", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name="授权委托书")
    created_at = models.DateTimeField("登记时间")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "委托代理人"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class ServiceAddress(models.Model):
    """送达地址确认书: where and how the party accepts service, per party and (``subject``) per case."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="service_addresses")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    address = models.CharField("送达地址", max_length=300)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    recipient = models.CharField("收件人", max_length=100)
    phone = models.CharField("收件人电话", max_length=30)
    electronic_address = models.CharField("电子送达地址", max_length=200, blank=True,
                                          help_text="电子邮箱或手机号码")
    electronic_consent = models.BooleanField("同意电子送达", default=False)
    consent_evidence = models.ForeignKey("records.Evidence", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+", verbose_name="同意电子送达的书面材料")
    confirmed_on = models.DateField("确认日期")
    signed = models.BooleanField("受送达人已签字确认", default=False)
    signed_by = models.CharField("签字人", max_length=100, blank=True)
    created_at = models.DateTimeField("登记时间")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "送达地址确认"
        ordering = ["-confirmed_on", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="service_address_subject")]

    def __str__(self) -> str:
        return self.address
