"""One deadline question answered in words, for the calculator page and the ``workdays`` command."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhifa.workdays import calendar

UNIT_LABELS = {"workday": "工作日", "day": "日", "hour": "小时"}
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Answer:
    due: dt.date | dt.datetime
    provisional: bool
    explanation: str  # （7个工作日，自2026-09-30次日起算）
    unentered_years: list[int]

    @property
    def due_text(self) -> str:
        if isinstance(self.due, dt.datetime):
            return self.due.strftime("%Y-%m-%d %H:%M")
        return self.due.isoformat()

    @property
    def due_date(self) -> dt.date:
        return self.due.date() if isinstance(self.due, dt.datetime) else self.due

    @property
    def weekday(self) -> str:
        return "星期" + WEEKDAYS[self.due_date.weekday()]

    @property
    def provisional_note(self) -> str:
        years = "、".join(f"{y}年" for y in self.unentered_years)
        return (f"暂定：{years}的放假安排尚未录入（国务院办公厅通知未发布或未录入），"
                "按《全国年节及纪念日放假办法》规定的节日推算，正式安排公布后可能变化。")


def answer(start: dt.date | dt.datetime, n: int, unit: str) -> Answer:
    """The end of a period of ``n`` ``unit`` (workday, day, hour) from ``start``. Raises ValueError."""
    if unit == "hour":
        if not isinstance(start, dt.datetime):
            raise ValueError("按小时计算须给出起算时刻")
        aware = start if start.tzinfo else start.replace(tzinfo=calendar.SHANGHAI)
        local = aware.astimezone(calendar.SHANGHAI)
        due_at = calendar.add_hours(local, n)
        begins = local.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
        text = (f"（{n}小时，自{local:%Y-%m-%d %H:%M}的下一个整点{begins:%Y-%m-%d %H:%M}起算）" if n
                else "（0小时，即起算时刻）")
        return Answer(due_at, False, text, [])
    day = start.date() if isinstance(start, dt.datetime) else start
    if unit == "workday":
        due = calendar.add_working_days(day, n)
        text = f"（{n}个工作日，自{day.isoformat()}次日起算）"
    elif unit == "day":
        due = calendar.add_calendar_days(day, n)
        text = f"（{n}日，自{day.isoformat()}次日起算"
        last = day + dt.timedelta(days=n)
        if n and due.date != last:
            text += f"；第{n}日{last.isoformat()}为法定休假日，顺延至其后第一个工作日"
        text += "）"
    else:
        raise ValueError(f"未知的单位“{unit}”，只能是 workday、day 或 hour")
    return Answer(due.date, due.provisional, text, calendar.unentered_years(day, due.date))
