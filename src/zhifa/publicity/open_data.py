"""What is public now, for machines (PUB-04, issue 14 part 8): an Atom feed (RFC 4287) of the newest
publications and withdrawals, and the bulk open-data download (CSV and JSON) of every current public snapshot.

Both read current public snapshots only (``search.public()``), never ``Publication.record`` (which keeps the
personal 证件号码 for the credit platform): a snapshot's fields are the redacted ones. A withdrawn snapshot
gives what its portal page gives — its heading and the withdrawal with its reason — and none of its fields.
The feed is Django's syndication framework with its ``Atom1Feed``; the download is streamed row by row from
chunks read in primary-key order, so its memory and its queries per chunk stay the same however many
publications there are."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from zhifa.publicity.models import FIELDS, PRIVATE_FIELDS, PublicationState, PublishedSnapshot, in_standard_order
from zhifa.publicity.search import public

FEED_ENTRIES = 50
CHUNK = 500

# The download's columns: the heading every publication page shows, then the 双公示 items of every kind in the
# standard's order (a column stays empty for a kind without it), then the published text.
HEADING = ("公示编号", "版本", "状态", "公示类别", "执法主体", "当事人", "决定文书号", "决定日期", "公示时间", "公示至",
           "撤回时间", "撤回理由", "页面", "SM3摘要")
ITEMS = tuple(dict.fromkeys(name for names in FIELDS.values() for name in names if name not in PRIVATE_FIELDS))
TEXT = "公示正文"
COLUMNS = (*HEADING, *ITEMS, TEXT)
_READ = ("pk", "version", "state", "kind", "agency_name", "party_name", "decision_number", "decided_on",
         "published_at", "visible_until", "ended_at", "end_reason", "sm3", "fields", "text")


def _withdrawn(snap: PublishedSnapshot) -> bool:
    return snap.state == PublicationState.WITHDRAWN


def public_items(snap: PublishedSnapshot) -> list[tuple[str, str]]:
    """The snapshot's published items in the standard's order; none for a withdrawn one (its page shows the
    withdrawal and the reason only)."""
    if _withdrawn(snap):
        return []
    return [(k, v) for k, v in in_standard_order(snap.kind, snap.fields) if k not in PRIVATE_FIELDS]


def heading(snap: PublishedSnapshot, page: str) -> dict[str, Any]:
    return {"公示编号": snap.pk, "版本": snap.version, "状态": snap.get_state_display(),
            "公示类别": snap.get_kind_display(), "执法主体": snap.agency_name, "当事人": snap.party_name,
            "决定文书号": snap.decision_number, "决定日期": f"{snap.decided_on:%Y-%m-%d}",
            "公示时间": snap.published_at.isoformat(), "公示至": f"{snap.visible_until:%Y-%m-%d}",
            "撤回时间": snap.ended_at.isoformat() if _withdrawn(snap) and snap.ended_at else "",
            "撤回理由": snap.end_reason if _withdrawn(snap) else "", "页面": page, "SM3摘要": snap.sm3}


def snapshots() -> Iterator[PublishedSnapshot]:
    """Every current public snapshot in primary-key order, read ``CHUNK`` rows a query (keyset paging: no
    OFFSET, no cursor held open between chunks)."""
    last = 0
    while True:
        chunk = list(public().filter(pk__gt=last).only(*_READ).order_by("pk")[:CHUNK])
        yield from chunk
        if len(chunk) < CHUNK:
            return
        last = chunk[-1].pk


def _page(base: str, snap: PublishedSnapshot) -> str:
    return f"{base}{reverse('portal:publication', args=[snap.pk])}"


class _Line:
    """A file-like object that hands back what csv.writer writes to it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(base: str, rows: Iterable[PublishedSnapshot]) -> Iterator[str]:
    """The CSV, with a UTF-8 byte-order mark first (spreadsheet programs read the Chinese columns right)."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(COLUMNS)
    for snap in rows:
        items = dict(public_items(snap))
        yield writer.writerow([*heading(snap, _page(base, snap)).values(), *(items.get(n, "") for n in ITEMS),
                               "" if _withdrawn(snap) else snap.text])


def json_lines(base: str, rows: Iterable[PublishedSnapshot]) -> Iterator[str]:
    """A JSON array of one object a publication: its heading, 信息项 (the items in the standard's order) and
    公示正文 (a withdrawn one: its heading and reason only)."""
    yield "["
    sep = "\n"
    for snap in rows:
        row = heading(snap, _page(base, snap))
        if not _withdrawn(snap):
            row |= {"信息项": dict(public_items(snap)), TEXT: snap.text}
        yield sep + json.dumps(row, ensure_ascii=False)
        sep = ",\n"
    yield "\n]\n"


def newest() -> list[PublishedSnapshot]:
    """The newest publications (by when they were published: a snapshot's key grows with it) and withdrawals
    (by when they were withdrawn), newest first: two indexed reads, merged."""
    published = list(public().filter(state=PublicationState.PUBLISHED).order_by("-pk")[:FEED_ENTRIES])
    withdrawn = list(public().filter(state=PublicationState.WITHDRAWN).order_by("-ended_at", "-pk")[:FEED_ENTRIES])
    return sorted(published + withdrawn, key=updated, reverse=True)[:FEED_ENTRIES]


def updated(snap: PublishedSnapshot) -> dt.datetime:
    return snap.ended_at if _withdrawn(snap) and snap.ended_at else snap.published_at


class PublicationsFeed(Feed):
    """The portal's Atom feed: the newest publications and withdrawals, each linking to its page; the summary
    from the snapshot's redacted items only."""

    feed_type = Atom1Feed
    title = "行政执法结果公示：最新公示与撤回"
    subtitle = "各行政执法机关最新公示的行政处罚、行政许可等执法决定，以及依法撤回的公示和撤回理由。"
    author_name = "行政执法公示平台"

    def link(self) -> str:
        return reverse("portal:search")

    def feed_url(self) -> str:
        return reverse("portal:feed")

    def items(self) -> list[PublishedSnapshot]:
        return newest()

    def item_title(self, snap: PublishedSnapshot) -> str:
        title = f"{snap.get_kind_display()}信息公示：{snap.party_name}"
        return f"撤回：{title}" if _withdrawn(snap) else title

    def item_description(self, snap: PublishedSnapshot) -> str:
        said = [snap.agency_name, snap.decision_number, f"决定日期{snap.decided_on:%Y-%m-%d}"]
        if _withdrawn(snap):
            return "；".join([*filter(None, said), f"撤回理由：{snap.end_reason}"])
        shown = dict(public_items(snap))
        outcome = next((f"{k}：{shown[k]}" for k in ("处罚内容", "许可内容", "执法结论") if shown.get(k)), "")
        return "；".join(filter(None, [*said, outcome]))

    def item_link(self, snap: PublishedSnapshot) -> str:
        return snap.get_absolute_url()

    def item_pubdate(self, snap: PublishedSnapshot) -> dt.datetime:
        return snap.published_at

    def item_updateddate(self, snap: PublishedSnapshot) -> dt.datetime:
        return updated(snap)

    def item_author_name(self, snap: PublishedSnapshot) -> str:
        return snap.agency_name

    def item_categories(self, snap: PublishedSnapshot) -> list[str]:
        return [snap.get_kind_display()]
