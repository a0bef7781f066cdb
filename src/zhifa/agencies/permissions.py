"""The one permission table: which role may do which action, and how far its reach goes.

A grant of a role in a node of the agency tree reaches a subtree. Which subtree depends on the action:

- ``UNIT``: the node the role was granted in and everything below it;
- ``AGENCY``: the whole 执法主体 (机关) the node belongs to;
- ``REGION``: the region a 司法局 supervises (GEN-01: a supervisor sees its whole subtree);
- ``ALL``: everything (system administrators).

Views, the API and write functions all ask ``require``/``reach``; nothing else decides — not Django's
``is_superuser`` either, which opens the (read-only) Django admin and nothing in the enforcement work.

Who may widen whose reach is part of the table too: ``agency.set_supervision`` (which region a 司法局
supervises, and so how far its 监督人员 reach) belongs to the level above, and ``grant_reaches`` bounds
what a granter may give (``agencies.actions.grant_role``).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from zhifa.agencies.models import Agency, Role, RoleGrant

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    AnyUser = User | AnonymousUser


class Reach(enum.Enum):
    UNIT = "unit"
    AGENCY = "agency"
    REGION = "region"
    ALL = "all"


U, A, R, ALL = Reach.UNIT, Reach.AGENCY, Reach.REGION, Reach.ALL

# Actions: "<object>.<verb>". view = read pages and lists; manage = create and edit through the write
# functions. A supervisor (监督人员) reads its region and writes nothing in an agency's work; it decides, with
# the system administrator, which agencies of its region supervise which part of it
# (agency.set_supervision), a choice agency.manage does not cover: an agency that chose its own region
# would choose its supervisors' reach.
PERMISSIONS: dict[Role, dict[str, Reach]] = {
    Role.OFFICER: {
        "agency.view": A, "officer.view": A, "reviewer.view": A, "obligation.view": U, "catalog.view": A,
        "evidence.view": U, "evidence.upload": U, "case.view": U, "case.handle": U,
        "document.view": A, "document.issue": A,
        "party.view": A, "party.manage": A,
    },
    Role.UNIT_HEAD: {
        "agency.view": A, "officer.view": A, "reviewer.view": A, "obligation.view": U, "catalog.view": A,
        "officer.manage": U, "obligation.manage": U,
        "evidence.view": A, "evidence.upload": U, "case.view": U, "case.handle": U, "case.review_unit": U,
        "document.view": A, "document.issue": A, "document.void": A,
        "party.view": A, "party.manage": A,
    },
    Role.REVIEWER: {
        "agency.view": A, "officer.view": A, "reviewer.view": A, "obligation.view": U, "catalog.view": A,
        "case.view": A, "document.view": A, "party.view": A, "review.conduct": A, "document.issue": A,
    },
    Role.AGENCY_HEAD: {
        "agency.view": A, "officer.view": A, "reviewer.view": A, "obligation.view": A,
        "agency.manage": A, "officer.manage": A, "reviewer.manage": A, "role.manage": A, "account.manage": A,
        "obligation.manage": A, "catalog.view": A, "catalog.manage": A, "catalog.publish": A,
        "evidence.view": A, "evidence.manage": A, "evidence.approve_view": A, "evidence.verify": A,
        "case.view": A, "case.approve": A, "document.view": A, "document.issue": A, "document.void": A,
        "party.view": A, "party.manage": A, "publication.view": A, "publication.publish": A,
        "statistics.view": A, "statistics.report": A,
    },
    Role.RECORDS: {
        "agency.view": A, "officer.view": A, "obligation.view": U, "catalog.view": A,
        "evidence.view": A, "evidence.upload": A, "evidence.manage": A, "evidence.verify": A, "case.view": A,
        "document.view": A,
    },
    # 公示审核员 checks and publishes the agency's lists (PUB-09's second person), so an agency publishes
    # without its head or the provincial administrator; editing them stays with catalog.manage.
    Role.PUBLICITY: {
        "agency.view": A, "officer.view": A, "obligation.view": U, "catalog.view": A, "catalog.publish": A,
        "publication.view": A, "publication.publish": A,
    },
    Role.SUPERVISOR: {
        "agency.view": R, "officer.view": R, "reviewer.view": R, "obligation.view": R,
        "region.supervise": R, "reviewer.register": R, "catalog.view": R,
        "evidence.view": R, "evidence.verify": R, "agency.set_supervision": R, "case.view": R,
        "document.view": R, "publication.view": R, "statistics.view": R,
    },
    Role.SYSADMIN: {
        "agency.view": ALL, "officer.view": ALL, "reviewer.view": ALL, "obligation.view": ALL,
        "agency.manage": ALL, "agency.set_supervision": ALL, "officer.manage": ALL, "reviewer.manage": ALL,
        "role.manage": ALL, "account.manage": ALL, "obligation.manage": ALL, "calendar.manage": ALL,
        "region.supervise": ALL,
        "catalog.view": ALL, "catalog.manage": ALL, "catalog.publish": ALL,
        "evidence.view": ALL, "evidence.verify": ALL, "document.view": ALL,
        # the deadlines of every agency are in its reach (obligation.manage), so the cases they are set on too
        "case.view": ALL, "publication.view": ALL, "statistics.view": ALL,
    },
}

ACTIONS: frozenset[str] = frozenset(a for table in PERMISSIONS.values() for a in table)

# What a refusal says the user may not do: an action is named to people in words, never by its code.
ACTION_LABELS: dict[str, str] = {
    "agency.view": "查看机构", "agency.manage": "管理机构", "agency.set_supervision": "指定监督区域",
    "officer.view": "查看执法人员", "officer.manage": "管理执法人员",
    "reviewer.view": "查看法制审核人员", "reviewer.manage": "管理法制审核人员",
    "reviewer.register": "办理法制审核人员备案",
    "role.manage": "授予或撤销角色", "account.manage": "管理账号（锁定、停用、重置密码）",
    "obligation.view": "查看期限事项", "obligation.manage": "处理期限事项",
    "region.supervise": "监督本区域", "calendar.manage": "维护工作日历",
    "catalog.view": "查看清单", "catalog.manage": "编辑清单", "catalog.publish": "发布清单",
    "evidence.view": "查看证据", "evidence.upload": "移交证据", "evidence.manage": "管理证据",
    "evidence.approve_view": "审批查看证据的申请", "evidence.verify": "校验证据",
    "case.view": "查看案件", "case.handle": "承办案件", "case.review_unit": "签署承办机构审核意见",
    "case.approve": "以行政机关负责人身份审批案件", "review.conduct": "办理法制审核",
    "document.view": "查看执法文书", "document.issue": "制作执法文书", "document.void": "作废执法文书",
    "party.view": "查看当事人", "party.manage": "登记和维护当事人",
    "publication.view": "查看执法公示信息", "publication.publish": "审核、发布和撤回执法公示信息",
    "statistics.view": "查看行政执法统计", "statistics.report": "报送行政执法统计数据",
}


def grants_of(user: AnyUser) -> list[RoleGrant]:
    """The user's role grants, loaded once per user object (a request keeps one)."""
    if not user.is_authenticated:
        return []
    cached: list[RoleGrant] | None = getattr(user, "_zhifa_grants", None)
    if cached is None:
        cached = list(RoleGrant.objects.filter(user=user).select_related("agency", "agency__supervises",
                                                                        "agency__level"))
        setattr(user, "_zhifa_grants", cached)  # noqa: B010 — a per-object memo, not a model field
    return cached


def forget(user: AnyUser) -> None:
    """Drop what this user object remembers of its grants; called when its roles change."""
    for attr in ("_zhifa_grants", "_zhifa_reach"):
        if hasattr(user, attr):
            delattr(user, attr)


def _root_for(grant: RoleGrant, reach: Reach) -> Agency | None:
    if reach is Reach.UNIT:
        return grant.agency
    if reach is Reach.AGENCY:
        return grant.agency.enclosing_agency()
    if reach is Reach.REGION:
        return grant.agency.supervises or grant.agency
    return None  # ALL


def reach(user: AnyUser, action: str) -> tuple[bool, list[Agency]]:
    """(everything?, subtree roots) the user reaches for ``action``; (False, []) is no reach at all.

    Remembered on the user object like its grants, so a page or an import that checks many rows asks the
    database once per action.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    memo: dict[str, tuple[bool, list[Agency]]] | None = getattr(user, "_zhifa_reach", None)
    if memo is None:
        memo = {}
        if user.is_authenticated:
            setattr(user, "_zhifa_reach", memo)  # noqa: B010 — a per-object memo, not a model field
    if action not in memo:
        memo[action] = _compute_reach(user, action)
    return memo[action]


def _compute_reach(user: AnyUser, action: str) -> tuple[bool, list[Agency]]:
    roots: list[Agency] = []
    for grant in grants_of(user):
        level = PERMISSIONS[Role(grant.role)].get(action)
        if level is None:
            continue
        root = _root_for(grant, level)
        if root is None:
            return True, []
        roots.append(root)
    return False, roots


def can(user: AnyUser, action: str, agency: Agency | None = None) -> bool:
    """May ``user`` do ``action`` on something owned by ``agency`` (anywhere, when None)?"""
    everything, roots = reach(user, action)
    if everything:
        return True
    if agency is None:
        return bool(roots)
    return any(agency.is_within(r) for r in roots)


def require(user: AnyUser, action: str, agency: Agency | None = None) -> None:
    """Raise PermissionDenied unless ``can``; write functions call this first."""
    if not can(user, action, agency):
        raise PermissionDenied(f"无权{ACTION_LABELS[action]}")


def grant_reaches(grant: RoleGrant) -> dict[str, Agency | None]:
    """What one (possibly unsaved) grant reaches, action by action: a subtree's root, None for everything."""
    return {action: _root_for(grant, level) for action, level in PERMISSIONS[Role(grant.role)].items()}


def covers(user: AnyUser, action: str, root: Agency | None) -> bool:
    """Does the user's reach for ``action`` hold the whole subtree of ``root`` (everything, when None)?"""
    everything, roots = reach(user, action)
    if everything:
        return True
    return root is not None and any(root.is_within(r) for r in roots)


def agencies_in_reach(user: AnyUser, action: str):  # -> AgencyQuerySet
    everything, roots = reach(user, action)
    if everything:
        return Agency.objects.all()
    return Agency.objects.within(roots)


def roles_of(user: AnyUser) -> set[Role]:
    return {Role(g.role) for g in grants_of(user)}
