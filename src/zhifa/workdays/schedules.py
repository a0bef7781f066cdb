"""The State Council's yearly holiday schedules, as published (国务院办公厅关于××年部分节假日安排的通知).

Plain data, read by the seed migrations so that an install without demo data has the official calendar.
Each break lists its first and last day (every day in between is a holiday, weekend days included);
``workdays`` are the 调休 Saturdays and Sundays on which people work. When a new year's notice is
published, add it here and add a migration that calls ``seed(apps, [year])``, or enter it on the
工作日历 page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

HOLIDAY = "holiday"
WORKDAY = "workday"

SCHEDULES: dict[int, dict[str, Any]] = {
    2024: {
        "source": "国办发明电〔2023〕7号 国务院办公厅关于2024年部分节假日安排的通知",
        "published_on": "2023-10-25",
        # 元旦 "1月1日放假，与周末连休": the weekend before (2023-12-30/31) belongs to 2023, not stored.
        "breaks": [
            ("元旦", "2024-01-01", "2024-01-01"),
            ("春节", "2024-02-10", "2024-02-17"),
            ("清明节", "2024-04-04", "2024-04-06"),
            ("劳动节", "2024-05-01", "2024-05-05"),
            ("端午节", "2024-06-08", "2024-06-10"),  # 6月10日放假，与周末连休
            ("中秋节", "2024-09-15", "2024-09-17"),
            ("国庆节", "2024-10-01", "2024-10-07"),
        ],
        "workdays": [
            ("春节", "2024-02-04"), ("春节", "2024-02-18"),
            ("清明节", "2024-04-07"),
            ("劳动节", "2024-04-28"), ("劳动节", "2024-05-11"),
            ("中秋节", "2024-09-14"),
            ("国庆节", "2024-09-29"), ("国庆节", "2024-10-12"),
        ],
    },
    2025: {
        "source": "国办发明电〔2024〕12号 国务院办公厅关于2025年部分节假日安排的通知",
        "published_on": "2024-11-12",
        "breaks": [
            ("元旦", "2025-01-01", "2025-01-01"),
            ("春节", "2025-01-28", "2025-02-04"),
            ("清明节", "2025-04-04", "2025-04-06"),
            ("劳动节", "2025-05-01", "2025-05-05"),
            ("端午节", "2025-05-31", "2025-06-02"),
            ("国庆节、中秋节", "2025-10-01", "2025-10-08"),
        ],
        "workdays": [
            ("春节", "2025-01-26"), ("春节", "2025-02-08"),
            ("劳动节", "2025-04-27"),
            ("国庆节、中秋节", "2025-09-28"), ("国庆节、中秋节", "2025-10-11"),
        ],
    },
    2026: {
        "source": "国办发明电〔2025〕7号 国务院办公厅关于2026年部分节假日安排的通知",
        "published_on": "2025-11-04",
        "breaks": [
            ("元旦", "2026-01-01", "2026-01-03"),
            ("春节", "2026-02-15", "2026-02-23"),
            ("清明节", "2026-04-04", "2026-04-06"),
            ("劳动节", "2026-05-01", "2026-05-05"),
            ("端午节", "2026-06-19", "2026-06-21"),
            ("中秋节", "2026-09-25", "2026-09-27"),
            ("国庆节", "2026-10-01", "2026-10-07"),
        ],
        "workdays": [
            ("元旦", "2026-01-04"),
            ("春节", "2026-02-14"), ("春节", "2026-02-28"),
            ("劳动节", "2026-05-09"),
            ("国庆节", "2026-09-20"), ("国庆节", "2026-10-10"),
        ],
    },
}


def days_of(year: int) -> list[tuple[dt.date, str, str]]:
    """(date, kind, name) for every stored day of ``year``'s published schedule, by date."""
    schedule = SCHEDULES[year]
    days: list[tuple[dt.date, str, str]] = []
    for name, first, last in schedule["breaks"]:
        d, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        while d <= end:
            days.append((d, HOLIDAY, name))
            d += dt.timedelta(days=1)
    days.extend((dt.date.fromisoformat(d), WORKDAY, name) for name, d in schedule["workdays"])
    return sorted(days)


def seed(apps, years: list[int]) -> None:
    """Enter the published schedules of ``years`` unless already entered (for data migrations)."""
    import uuid

    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarRevision = apps.get_model("workdays", "CalendarRevision")
    for year in years:
        if CalendarYear.objects.filter(year=year).exists():
            continue
        schedule = SCHEDULES[year]
        row = CalendarYear.objects.create(year=year, source=schedule["source"],
                                          published_on=dt.date.fromisoformat(schedule["published_on"]),
                                          notes="随系统预置，依据国务院办公厅通知录入")
        CalendarDay.objects.bulk_create(CalendarDay(date=d, kind=k, name=n, year=row)
                                        for d, k, n in days_of(year))
    CalendarRevision.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})
