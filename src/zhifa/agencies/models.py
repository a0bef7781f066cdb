"""The agency tree, people, officers and their credentials, role grants and the reviewer register.

Other apps read these through ``zhifa.agencies.access`` and change them through
``zhifa.agencies.actions``; nothing else saves these models.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q

from zhifa.core.validators import validate_resident_id, validate_uscc

if TYPE_CHECKING:
    from collections.abc import Iterable


class OrgLevel(models.Model):
    """A level of the agency tree, kept as data: 省、市、县（区）、机关、内设机构."""

    code = models.SlugField("代码", unique=True)
    name = models.CharField("名称", max_length=20)
    rank = models.PositiveSmallIntegerField("层级次序", help_text="越小越高")
    is_region = models.BooleanField("行政区域", default=False)
    is_agency = models.BooleanField("执法主体（机关）", default=False)

    class Meta:
        ordering = ["rank"]
        verbose_name = verbose_name_plural = "层级"

    def __str__(self) -> str:
        return self.name


class ActionKind(models.TextChoices):
    """The six kinds of enforcement action, plus 其他 (GEN-02)."""

    LICENSING = "xuke", "行政许可"
    PUNISHMENT = "chufa", "行政处罚"
    COERCION = "qiangzhi", "行政强制"
    INSPECTION = "jiancha", "行政检查"
    EXPROPRIATION = "zhengshou", "行政征收征用"
    CHARGE = "shoufei", "行政收费"
    OTHER = "qita", "其他"


class Domain(models.Model):
    """An enforcement domain (执法领域), e.g. 自然资源、住房城乡建设; half of a credential's 执法类别."""

    code = models.SlugField("代码", unique=True)
    name = models.CharField("名称", max_length=40, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "执法领域"

    def __str__(self) -> str:
        return self.name


class AgencyQuerySet(models.QuerySet["Agency"]):
    def within(self, roots: Iterable[Agency]) -> AgencyQuerySet:
        """Nodes inside any of the given subtrees (each root included)."""
        q = Q(pk__in=[])
        for root in roots:
            q |= Q(path__startswith=root.path)
        return self.filter(q)


class Agency(models.Model):
    """A node of the agency tree: a region, an agency (执法主体) or an internal unit (GEN-01).

    ``path`` is the chain of primary keys from the root ("/1/4/9/"), so a subtree is one indexed
    prefix query. A 司法局 is an agency whose ``supervises`` names the region it supervises.
    """

    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name="上级")
    level = models.ForeignKey(OrgLevel, on_delete=models.PROTECT, verbose_name="层级")
    name = models.CharField("名称", max_length=100)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc])
    duties = models.TextField("职责", blank=True)
    jurisdiction = models.TextField("管辖范围", blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("电话", max_length=40, blank=True)
    principal = models.ForeignKey("Person", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name="主要负责人")
    domains = models.ManyToManyField(Domain, blank=True, verbose_name="执法领域")
    supervises = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="supervisors", verbose_name="监督区域")
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = verbose_name_plural = "机构"
        constraints = [
            models.UniqueConstraint(fields=["uscc"], condition=~Q(uscc=""), name="agency_uscc_unique"),
            models.UniqueConstraint(fields=["parent", "name"], name="agency_name_unique_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def ancestors(self) -> list[Agency]:
        """From the root down to this node, in one query."""
        ids = [int(p) for p in self.path.strip("/").split("/") if p]
        by_id = {a.pk: a for a in Agency.objects.select_related("level").filter(pk__in=ids)}
        return [by_id[i] for i in ids if i in by_id]

    def enclosing_agency(self) -> Agency:
        """The nearest node at or above this one that is an 执法主体; the node itself when none is.

        Remembered on this instance: a node's place in the tree does not change, and permission checks and
        ledger appends ask it for every row of a page or an import.
        """
        cached: Agency | None = self.__dict__.get("_enclosing_agency")
        if cached is None:
            cached = next((n for n in reversed(self.ancestors()) if n.level.is_agency), self)
            self.__dict__["_enclosing_agency"] = cached
        return cached

    def is_within(self, root: Agency) -> bool:
        return self.path.startswith(root.path)


class Person(models.Model):
    """A natural person known to the system: an officer, a reviewer, a user, a principal."""

    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("公民身份号码", max_length=18, blank=True, validators=[validate_resident_id])
    phone = models.CharField("联系电话", max_length=40, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="person", verbose_name="登录账号")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = verbose_name_plural = "人员"
        constraints = [
            models.UniqueConstraint(fields=["id_number"], condition=~Q(id_number=""),
                                    name="person_id_number_unique"),
        ]

    def __str__(self) -> str:
        return self.name


def name_of(user) -> str:
    """How pages name an account's holder: their person's name. Every account is opened for a person
    (``actions.open_account``, ``create_first_administrator``); only an account made otherwise — by Django's
    ``createsuperuser``, or before accounts had to name their person — falls back to its user name."""
    person = getattr(user, "person", None)
    return person.name if person is not None else user.get_username()


def names_by_id(user_ids: Iterable[int | None]) -> dict[int, str]:
    """``name_of`` for many accounts by id, in one query: how a list of ledger entries names its actors (the
    entry keeps only the account's id and login name)."""
    from django.contrib.auth import get_user_model

    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    users = get_user_model().objects.filter(pk__in=ids).select_related("person")
    return {u.pk: name_of(u) for u in users}


def with_actor_names(entries: Iterable[Any]) -> list[tuple[Any, str]]:
    """Ledger entries each with who did it by name (系统 for the system's own acts), in one query."""
    entries = list(entries)
    names = names_by_id(e.actor_id for e in entries)
    return [(e, "系统" if e.actor_id is None else names.get(e.actor_id, "已注销账号")) for e in entries]


class Officer(models.Model):
    """An enforcement officer (执法人员) working in one unit (GEN-03)."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="officer", verbose_name="人员")
    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="officers", verbose_name="所在单位")
    post = models.CharField("职务", max_length=50, blank=True)
    active = models.BooleanField("在岗", default=True)

    class Meta:
        ordering = ["unit__path", "person__name", "pk"]
        verbose_name = verbose_name_plural = "执法人员"

    def __str__(self) -> str:
        return self.person.name

    def current_credential(self, on: dt.date) -> Credential | None:
        """The credential that is valid on ``on``, else the latest one issued; uses prefetched rows."""
        creds = sorted(self.credentials.all(), key=lambda c: c.valid_to, reverse=True)
        for c in creds:
            if c.status_on(on) == CredentialStatus.VALID:
                return c
        return creds[0] if creds else None


class CredentialState(models.TextChoices):
    """What an authority did to a credential; 过期 is not stored but derived from the dates."""

    ACTIVE = "active", "有效"
    SUSPENDED = "suspended", "暂扣"
    REVOKED = "revoked", "注销"


class CredentialStatus(models.TextChoices):
    """A credential's standing on a given day."""

    VALID = "valid", "有效"
    SUSPENDED = "suspended", "暂扣"
    REVOKED = "revoked", "注销"
    EXPIRED = "expired", "过期"
    NOT_YET = "not_yet", "未生效"


class Credential(models.Model):
    """An 执法证: its number, issuer, 执法类别 (kinds of action × domains), 执法区域 and validity."""

    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="credentials",
                                verbose_name="执法人员")
    number = models.CharField("证件编号", max_length=40, unique=True)
    issuing_body = models.CharField("发证机关", max_length=100)
    action_kinds = models.JSONField("执法类别（行为种类）", default=list)
    domains = models.ManyToManyField(Domain, verbose_name="执法类别（领域）")
    areas = models.ManyToManyField(Agency, related_name="+", verbose_name="执法区域")
    valid_from = models.DateField("有效期起")
    valid_to = models.DateField("有效期至")
    state = models.CharField("状态", max_length=10, choices=CredentialState.choices,
                             default=CredentialState.ACTIVE)
    state_reason = models.CharField("状态说明", max_length=200, blank=True)

    class Meta:
        ordering = ["-valid_to", "pk"]
        verbose_name = verbose_name_plural = "执法证"
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=models.F("valid_from")),
                                   name="credential_valid_to_after_from"),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("officer_detail", args=[self.officer_id])

    def status_on(self, day: dt.date) -> CredentialStatus:
        if self.state == CredentialState.REVOKED:
            return CredentialStatus.REVOKED
        if self.state == CredentialState.SUSPENDED:
            return CredentialStatus.SUSPENDED
        if day < self.valid_from:
            return CredentialStatus.NOT_YET
        if day > self.valid_to:
            return CredentialStatus.EXPIRED
        return CredentialStatus.VALID

    def kind_labels(self) -> list[str]:
        return [ActionKind(k).label for k in self.action_kinds if k in ActionKind.values]


class Role(models.TextChoices):
    """The roles of design.md; what each may do is in ``zhifa.agencies.permissions``."""

    OFFICER = "officer", "执法人员"
    UNIT_HEAD = "unit_head", "承办机构负责人"
    REVIEWER = "reviewer", "法制审核人员"
    AGENCY_HEAD = "agency_head", "机关负责人"
    RECORDS = "records", "记录管理员"
    PUBLICITY = "publicity", "公示审核员"
    SUPERVISOR = "supervisor", "监督人员"
    SYSADMIN = "sysadmin", "系统管理员"


class RoleGrant(models.Model):
    """One role held by one user in one node of the tree; a person may hold many."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants",
                             verbose_name="用户")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="role_grants",
                               verbose_name="机构")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField("授予时间", auto_now_add=True)

    class Meta:
        ordering = ["agency__path", "role"]
        verbose_name = verbose_name_plural = "角色授予"
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="role_grant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.get_role_display()}"


class QualificationKind(models.TextChoices):
    LEGAL_PROFESSION = "lpq", "法律职业资格"
    COUNSEL = "counsel", "法律顾问"
    PUBLIC_LAWYER = "public_lawyer", "公职律师"


class Reviewer(models.Model):
    """A legal reviewer registered with the 司法局 (REV-11)."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="reviewer",
                                  verbose_name="人员")
    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="reviewers", verbose_name="审核机构")
    qualification_kind = models.CharField("资格类别", max_length=20, choices=QualificationKind.choices,
                                          default=QualificationKind.LEGAL_PROFESSION)
    qualification_number = models.CharField("法律职业资格证书编号", max_length=40, blank=True)
    registered_with = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="registered_reviewers", verbose_name="备案司法局")
    registered_on = models.DateField("备案日期", null=True, blank=True)
    active = models.BooleanField("在册", default=True)

    class Meta:
        ordering = ["unit__path", "person__name"]
        verbose_name = verbose_name_plural = "法制审核人员"

    def __str__(self) -> str:
        return self.person.name


class LoginFailure(models.Model):
    """A failed login, kept for the throttle; old rows are pruned by the sweep."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} {self.address or ''} {self.at:%Y-%m-%d %H:%M}"


# ---------------------------------------------------------------- imports run by the worker


class ImportState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "导入中"
    DONE = "done", "已导入"
    REJECTED = "rejected", "未导入"
    ERROR = "error", "未能完成"


PENDING_IMPORT_STATES = (ImportState.QUEUED, ImportState.RUNNING)


class ImportRun(models.Model):
    """A spreadsheet import too big to run during the request, queued for ``zhifa worker`` (GEN-03, GEN-05):
    its progress and its result. The file waits under ``ZHIFA_IMPORT_DIR``, not here, and is deleted when the
    run ends. Changed only through ``zhifa.agencies.actions`` and ``zhifa.agencies.imports``."""

    kind = models.CharField("导入内容", max_length=20, help_text="officers，或清单种类")
    label = models.CharField("导入内容名称", max_length=50)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="机关", help_text="导入其清单的机关；执法人员导入为空")
    file_name = models.CharField("文件名", max_length=200)
    stored_as = models.CharField("暂存文件", max_length=100, blank=True, help_text="运行结束后删除，此处清空")
    sm3 = models.CharField("文件SM3", max_length=64)
    state = models.CharField("状态", max_length=10, choices=ImportState.choices, default=ImportState.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="提交人")
    requested_at = models.DateTimeField("提交时间")
    started_at = models.DateTimeField("开始", null=True, blank=True)
    finished_at = models.DateTimeField("结束", null=True, blank=True)
    rows_total = models.PositiveIntegerField("数据行数", default=0)
    rows_checked = models.PositiveIntegerField("已检查行数", default=0)
    message = models.TextField("结果", blank=True, help_text="导入结果，或整个文件未能导入的原因")
    errors = models.JSONField("行错误", default=list, blank=True, help_text="[[行号, 列, 问题]]，最多列出500处")
    error_count = models.PositiveIntegerField("错误数", default=0)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = verbose_name_plural = "后台导入"

    def __str__(self) -> str:
        return f"{self.label}导入 {self.get_state_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("import_status", args=[self.pk])

    @property
    def percent(self) -> int:
        return min(100, self.rows_checked * 100 // self.rows_total) if self.rows_total else 0


# ---------------------------------------------------------------- the state of a login account


class AccountState(models.Model):
    """What zhifa keeps about a login account beyond Django's user row: where it was opened, whether its
    password was set by someone else (and must be changed at the next sign-in), and whether it is locked.

    An account with no row is in the plain state: not locked, its password its own. Closing (停用) is Django's
    ``is_active`` — the account stays, with its roles, for the record. Changed only by
    ``zhifa.agencies.actions``, each change with a ledger entry.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="account_state", verbose_name="账号")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="开通单位")
    must_change_password = models.BooleanField("须修改密码", default=False,
                                               help_text="密码由他人设置（开通、重置），本人下次登录时须先修改")
    password_version = models.PositiveIntegerField("密码版本", default=0,
                                                   help_text="每次设置密码加一；重置页据此识别重复提交")
    locked_at = models.DateTimeField("锁定时间", null=True, blank=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name="锁定人")
    lock_reason = models.CharField("锁定理由", max_length=200, blank=True)
    closed_at = models.DateTimeField("停用时间", null=True, blank=True)
    close_reason = models.CharField("停用理由", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "账号状态"

    def __str__(self) -> str:
        return f"账号 {self.user_id}"


class AccountStatus(models.TextChoices):
    """What the account list shows and filters by."""

    NORMAL = "normal", "正常"
    LOCKED = "locked", "已锁定"
    CLOSED = "closed", "已停用"


def state_of(user) -> AccountState | None:
    """The account's state row, or None (the plain state); uses a row loaded with the user where there is one."""
    try:
        return user.account_state
    except (AttributeError, ObjectDoesNotExist):
        return None


def status_of(user) -> AccountStatus:
    if not user.is_active:
        return AccountStatus.CLOSED
    state = state_of(user)
    return AccountStatus.LOCKED if state is not None and state.locked_at is not None else AccountStatus.NORMAL


def must_change_password(user) -> bool:
    state = state_of(user)
    return bool(state is not None and state.must_change_password)
