"""Dates as a 文书 writes them."""

from __future__ import annotations

import datetime as dt


def cn_date(day: dt.date) -> str:
    """2026-03-05 → 2026年3月5日, the form of every date filled into a document."""
    return f"{day.year}年{day.month}月{day.day}日"
