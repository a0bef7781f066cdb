"""The kinds of work item that make up 我的待办, as each app registers them.

An app describes one kind of item — where a user's items of that kind are (one scoped queryset) and how one
reads as a row and where it leads — and registers it in its ``AppConfig.ready()``, as apps register their
sweeps. The queue (``work.queue``) asks every registered kind and knows none of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.db.models import DateTimeField, Expression, F, QuerySet, Value
from django.db.models.functions import Cast

if TYPE_CHECKING:
    from zhifa.agencies.permissions import AnyUser


# A typed NULL (PostgreSQL types an untyped one as text); and where undated items sort: after every dated one.
NO_TIME = Cast(Value(None), DateTimeField())
NO_DUE = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)


@dataclass
class Item:
    """One row of 我的待办: what is waiting, where it is done, by when."""

    title: str              # 应办事项
    subject: str            # 事项: what it concerns
    url: str                # the page where it is done
    action: str             # the link's words: 办理, 审批, 发布 …
    state: str              # 待办, 待审批, 被退回 …: what the item is waiting for
    unit: str = ""          # 责任单位
    who: str = ""           # the person responsible or who asked, by name
    rule: str = ""          # the rule that sets the time limit, as people read it
    due_at: dt.datetime | None = None
    warn_from: dt.datetime | None = None
    provisional: bool = False
    key: str = ""           # filled by the queue: kind and primary key, unique in the list
    kind_label: str = ""    # filled by the queue
    colour: str = ""        # filled by the queue: red, yellow, green, or "" with no running clock


class ItemKind:
    """A kind of item. ``pending_for`` is one queryset scoped by the permission table; ``due``, ``warn`` and
    ``agency`` name its fields (``agency`` the path to the responsible agency, for the unit filter).
    Items of one kind are read in ``sort`` order and then by primary key."""

    code: ClassVar[str]
    label: ClassVar[str]
    approval: ClassVar[bool] = False  # a decision someone asked the user for (the heads' approval queue)
    permission: ClassVar[str] = ""    # for an approval: the action whose holders decide such items
    agency: ClassVar[str] = "agency"
    related: ClassVar[tuple[str, ...]] = ()
    prefetch: ClassVar[tuple[str, ...]] = ()

    def pending_for(self, user: AnyUser, now: dt.datetime) -> QuerySet[Any]:
        raise NotImplementedError

    def sort(self) -> Expression | F:
        """The due-time order of the kind's items: a plain indexed column where there is one, so that the
        first page is an index walk; never NULL, which databases sort differently)."""
        return Value(NO_DUE, output_field=DateTimeField())

    def due(self) -> Expression | F:
        """The time by which an item is due (NULL: no time limit)."""
        return NO_TIME

    def warn(self) -> Expression | F:
        """From when an item is due soon (NULL: never yellow)."""
        return NO_TIME

    def present(self, row: Any) -> Item:
        raise NotImplementedError


_KINDS: dict[str, ItemKind] = {}


def register(kind: ItemKind) -> None:
    if kind.code in _KINDS and type(_KINDS[kind.code]) is not type(kind):
        raise ValueError(f"work item kind {kind.code!r} registered twice")
    _KINDS[kind.code] = kind


def kinds() -> list[ItemKind]:
    return list(_KINDS.values())


def approvals() -> list[ItemKind]:
    return [k for k in _KINDS.values() if k.approval]
