"""Navigation by role: a link appears only for what the permission table lets the user reach."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from zhifa.agencies import two_factor
from zhifa.agencies.models import must_change_password, name_of
from zhifa.agencies.permissions import can, grants_of

# (label, url name, action the user needs; None: every signed-in user)
NAV: list[tuple[str, str, str | None]] = [
    ("首页", "home", None),
    ("我的待办", "work:todo", None),
    ("机构", "agency_list", "agency.view"),
    ("执法人员", "officer_list", "officer.view"),
    ("法制审核人员", "reviewer_list", "reviewer.view"),
    ("账号", "account_list", "account.manage"),
    ("案件", "cases:list", "case.view"),
    ("法制审核", "review:queue", "review.conduct"),
    ("执法公示", "publicity:drafts", "publication.publish"),
    ("证据", "records:list", "evidence.view"),
    ("当事人", "parties:list", "party.view"),
    ("清单", "catalog:index", "catalog.view"),
    ("区域监督", "supervision:region", "region.supervise"),
    ("法制审核统计", "review:statistics", "region.supervise"),
    ("执法统计", "statistics:index", "statistics.view"),
    ("期限计算器", "workdays:calculator", None),
    ("工作日历", "workdays:calendar", "calendar.manage"),
]


def navigation(request: HttpRequest) -> dict:
    user = request.user
    if not user.is_authenticated:
        return {}
    roles = sorted({g.get_role_display() for g in grants_of(user)})
    display = f"{name_of(user)}（{'、'.join(roles) or '无角色'}）"
    if two_factor.pending_step(user) is not None or must_change_password(user):
        # signed in halfway (the code, or a password someone else set): nothing to navigate to until it is done
        return {"nav": [], "user_display": display}
    links = [(label, reverse(name), name) for label, name, action in NAV if action is None or can(user, action)]
    # The longest link that the current path starts with is the active one (/workdays/calendar/ is not
    # also /workdays/).
    matching = [url for _, url, _ in links if request.path == url or (url != "/" and request.path.startswith(url))]
    active = max(matching, key=len, default=None)
    items: list[dict[str, object]] = [{"label": label, "url": url, "name": name, "active": url == active}
                                      for label, url, name in links]
    if user.is_staff and settings.ZHIFA_ADMIN:
        items.append({"label": "系统管理", "url": reverse("admin:index"), "active": False})
    return {"nav": items, "user_display": display}
