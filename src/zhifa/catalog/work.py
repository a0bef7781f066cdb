"""Items of 我的待办 from the five lists: drafts waiting for a second person to check and publish them, and
drafts sent back to their editors."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.urls import reverse

from zhifa.agencies.models import name_of
from zhifa.agencies.permissions import agencies_in_reach, reach
from zhifa.catalog.models import List, ListStatus
from zhifa.work.registry import Item, ItemKind

if TYPE_CHECKING:
    from zhifa.agencies.permissions import AnyUser


def _lists_in_reach(user: AnyUser, action: str) -> QuerySet[List]:
    everything, roots = reach(user, action)
    if everything:
        return List.objects.all()
    if not roots:
        return List.objects.none()
    return List.objects.filter(agency__in=agencies_in_reach(user, action))


def _url(lst: List) -> str:
    return reverse("catalog:list", args=[lst.agency_id, lst.kind])


class ListToPublish(ItemKind):
    """A submitted draft, for those who may publish it: not its last editor nor its submitter (公示前审核)."""

    code = "list_to_publish"
    label = "清单待审核发布"
    approval = True
    permission = "catalog.publish"
    related = ("agency", "submitted_by__person")

    def pending_for(self, user: AnyUser, now: dt.datetime) -> QuerySet[List]:
        return (_lists_in_reach(user, "catalog.publish").filter(status=ListStatus.SUBMITTED)
                .exclude(Q(last_edited_by_id=user.pk) | Q(submitted_by_id=user.pk)))

    def present(self, lst: List) -> Item:
        return Item(title=f"审核并发布{lst.get_kind_display()}", subject=str(lst), url=_url(lst), action="审核发布",
                    state=lst.get_status_display(), unit=lst.agency.name,
                    who=name_of(lst.submitted_by) if lst.submitted_by else "", rule="公示前审核")


class ListReturned(ItemKind):
    """A draft sent back with the reviewer's reasons, for those who edit the list."""

    code = "list_returned"
    label = "清单被退回"
    related = ("agency",)

    def pending_for(self, user: AnyUser, now: dt.datetime) -> QuerySet[List]:
        return (_lists_in_reach(user, "catalog.manage").filter(status=ListStatus.EDITING)
                .exclude(return_reason=""))

    def present(self, lst: List) -> Item:
        return Item(title=f"按退回意见修改后重新提交：{lst.return_reason}", subject=str(lst), url=_url(lst),
                    action="修改", state="被退回", unit=lst.agency.name, rule="公示前审核")
