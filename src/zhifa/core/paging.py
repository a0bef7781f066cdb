"""One pager for every list page: ``?page=`` read the same way everywhere, and never a 500.

A page number is a positive integer whose rows start within 64 bits; anything else (text, zero, negative, 30
digits) is 404, as is a page past the end of a list that is not counted. A counted list answers its last page
for a number past the end, and says how many rows and pages there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from zhifa.core.fields import INT64_MAX

PAGE_SIZE = 50


@dataclass
class Page:
    rows: list[Any]
    number: int
    has_next: bool
    query: str  # the request's other parameters, for the pager's links
    count: int | None = None  # rows in the whole list, when counted
    num_pages: int | None = None

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_number(request: HttpRequest, size: int) -> int:
    """The requested page number; 404 for one that is not a page."""
    raw = request.GET.get("page", "").strip() or "1"
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 19):
        raise Http404("页码无效")
    number = int(raw)
    if number < 1 or (number - 1) * size > INT64_MAX - size:
        raise Http404("页码无效")
    return number


def page_of(request: HttpRequest, qs: QuerySet[Any], size: int | None = None, *, count: bool = False) -> Page:
    """One page of ``qs``. Uncounted (the default), it costs the same at any table size: one row more than the
    page tells whether there is a next one. ``count``: the total is shown, and a number past the end is the
    last page."""
    size = size or PAGE_SIZE
    number = page_number(request, size)
    total = num_pages = None
    if count:
        total = qs.count()
        num_pages = max(1, -(-total // size))
        number = min(number, num_pages)
    rows = list(qs[(number - 1) * size: number * size + 1])
    if not rows and number > 1:
        raise Http404("没有这一页")
    query = request.GET.copy()
    query.pop("page", None)
    return Page(rows=rows[:size], number=number, has_next=len(rows) > size, query=query.urlencode(),
                count=total, num_pages=num_pages)
