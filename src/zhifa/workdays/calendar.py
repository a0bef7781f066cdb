"""Deadline arithmetic on the official working-day calendar (GEN-04).

- Periods in 工作日 skip weekends and holidays and count 调休 make-up working days, following the
  State Council's yearly schedule (``CalendarYear``/``CalendarDay``).
- A year whose schedule has not been entered is answered from the statutory holidays of
  全国年节及纪念日放假办法; any answer whose counted span touches such a year is ``provisional``.
- Periods in 日 are calendar days, periods in hours are hours.

No function here walks day by day: weekdays in a range are counted in O(1) and corrected by the sorted
exceptions (weekday holidays removed, weekend 调休 days added) with ``bisect``, so 1,000 working days cost
about what 5 do.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import threading
import zoneinfo
from dataclasses import dataclass, field
from typing import NamedTuple

# The calendar answers years in this range (the lunar tables and the law make sense there).
MIN_YEAR = 1950
MAX_YEAR = 2199

HOLIDAY = "holiday"
WORKDAY = "workday"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
_DAY = dt.timedelta(days=1)
STATUTORY_SOURCE = "全国年节及纪念日放假办法（暂定：尚未录入国务院办公厅当年安排）"


class Due(NamedTuple):
    date: dt.date
    provisional: bool


@dataclass(frozen=True)
class YearCalendar:
    """One year's exceptions to the Mon–Fri rule, and every named day of its breaks."""

    year: int
    provisional: bool
    days: dict[dt.date, tuple[str, str]]  # date -> (kind, name)
    source: str = ""
    removed: tuple[int, ...] = field(default=(), repr=False)  # ordinals of holidays falling on Mon–Fri
    added: tuple[int, ...] = field(default=(), repr=False)  # ordinals of 调休 workdays on Sat/Sun

    @classmethod
    def build(cls, year: int, provisional: bool, days: dict[dt.date, tuple[str, str]],
              source: str = "") -> YearCalendar:
        removed = tuple(sorted(d.toordinal() for d, (k, _) in days.items()
                               if k == HOLIDAY and d.weekday() < 5))
        added = tuple(sorted(d.toordinal() for d, (k, _) in days.items()
                             if k == WORKDAY and d.weekday() >= 5))
        return cls(year, provisional, days, source, removed, added)

    def holidays(self) -> list[tuple[dt.date, str]]:
        return sorted((d, n) for d, (k, n) in self.days.items() if k == HOLIDAY)

    def workdays(self) -> list[tuple[dt.date, str]]:
        return sorted((d, n) for d, (k, n) in self.days.items() if k == WORKDAY)


# ---------------------------------------------------------------------------------------------------
# Provisional years: 全国年节及纪念日放假办法 (国务院 2024年11月10日第四次修订, in force 2025-01-01)
# ---------------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=512)
def statutory_year(year: int) -> YearCalendar:
    """The statutory holidays of ``year`` as the 放假办法 fixes them, without any 调休 (provisional)."""
    from lunar_python import Lunar  # lazy: only provisional years need it

    _check_year(year)
    new_year_lunar = Lunar.fromYmd(year, 1, 1).getSolar()
    spring = dt.date(new_year_lunar.getYear(), new_year_lunar.getMonth(), new_year_lunar.getDay())

    def lunar(month: int, day: int) -> dt.date:
        s = Lunar.fromYmd(year, month, day).getSolar()
        return dt.date(s.getYear(), s.getMonth(), s.getDay())

    qm = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
    qingming = dt.date(qm.getYear(), qm.getMonth(), qm.getDay())
    # 全国年节及纪念日放假办法 第二条: 元旦 1月1日; 春节 农历除夕、正月初一至初三; 清明节 农历清明当日;
    # 劳动节 5月1日、2日; 端午节 农历端午当日; 中秋节 农历中秋当日; 国庆节 10月1日至3日.
    festivals: list[tuple[str, list[dt.date]]] = [
        ("元旦", [dt.date(year, 1, 1)]),
        ("春节", [spring - _DAY, spring, spring + _DAY, spring + 2 * _DAY]),  # 除夕 = 正月初一前一日
        ("清明节", [qingming]),
        ("劳动节", [dt.date(year, 5, 1), dt.date(year, 5, 2)]),
        ("端午节", [lunar(5, 5)]),
        ("中秋节", [lunar(8, 15)]),
        ("国庆节", [dt.date(year, 10, d) for d in (1, 2, 3)]),
    ]
    days: dict[dt.date, tuple[str, str]] = {}
    for name, dates in festivals:
        for d in dates:
            days.setdefault(d, (HOLIDAY, name))  # 中秋 may fall within 国庆: one day, first name kept
    # 同办法 第六条: 全体公民放假的假日，如果适逢周六、周日，应当在工作日补假 — made up on the first
    # working days after that festival, as the published schedules do.
    for name, dates in sorted(festivals, key=lambda f: f[1][0]):
        owed = sum(1 for d in dates if d.weekday() >= 5)
        d = max(dates)
        while owed:
            d += _DAY
            if d.weekday() < 5 and d not in days:
                days[d] = (HOLIDAY, f"{name}（补假）")
                owed -= 1
    return YearCalendar.build(year, True, days, source=STATUTORY_SOURCE)


# ---------------------------------------------------------------------------------------------------
# The entered schedules, cached per process; the token of CalendarRevision says when to re-read them.
# ---------------------------------------------------------------------------------------------------

@dataclass
class _State:
    token: str
    entered: dict[int, YearCalendar]
    spans: dict[tuple[int, int], tuple[list[int], list[int]]] = field(default_factory=dict)

    def year(self, year: int) -> YearCalendar:
        return self.entered.get(year) or statutory_year(year)

    def span(self, first: int, last: int) -> tuple[list[int], list[int]]:
        """Sorted (removed, added) ordinals over the years first..last."""
        key = (first, last)
        got = self.spans.get(key)
        if got is None:
            removed: list[int] = []
            added: list[int] = []
            for y in range(first, last + 1):  # years ascending, each sorted: the whole stays sorted
                yc = self.year(y)
                removed.extend(yc.removed)
                added.extend(yc.added)
            got = (removed, added)
            if len(self.spans) > 256:
                self.spans.clear()
            self.spans[key] = got
        return got

    def provisional(self, first: int, last: int) -> bool:
        return any(y not in self.entered for y in range(first, last + 1))


_state: _State | None = None
_lock = threading.Lock()


def _load() -> _State:
    global _state
    from zhifa.workdays.models import CalendarDay, CalendarRevision, CalendarYear

    token = CalendarRevision.objects.filter(pk=1).values_list("token", flat=True).first() or ""
    state = _state
    if state is not None and state.token == token:
        return state
    with _lock:
        years = {y.pk: y for y in CalendarYear.objects.all()}
        per_year: dict[int, dict[dt.date, tuple[str, str]]] = {y.year: {} for y in years.values()}
        for date, kind, name, year_id in CalendarDay.objects.values_list("date", "kind", "name", "year_id"):
            per_year[years[year_id].year][date] = (kind, name)
        entered = {y.year: YearCalendar.build(y.year, False, per_year[y.year], y.source)
                   for y in years.values()}
        state = _State(token, entered)
        _state = state
    return state


def year_calendar(year: int) -> YearCalendar:
    """The year's calendar: the entered schedule, or the statutory (provisional) one."""
    _check_year(year)
    return _load().year(year)


def entered_years() -> list[int]:
    return sorted(_load().entered)


def unentered_years(start: dt.date, end: dt.date) -> list[int]:
    """The years of the counted span (start, end] with no entered schedule: the reason an answer is
    provisional."""
    if end <= start:
        return []
    entered = _load().entered
    return [y for y in range((start + _DAY).year, end.year + 1) if y not in entered]


# ---------------------------------------------------------------------------------------------------
# Arithmetic
# ---------------------------------------------------------------------------------------------------

def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"日期超出工作日历支持的范围（{MIN_YEAR}—{MAX_YEAR}年）")


def _weekdays_upto(x: int) -> int:
    """Mon–Fri days with ordinal in [1, x] (ordinal 1, 0001-01-01, is a Monday)."""
    weeks, rest = divmod(x, 7)
    return 5 * weeks + min(rest, 5)


def _nth_weekday_after(x: int, k: int) -> int:
    """The ordinal of the k-th Mon–Fri day after ordinal x (k >= 1)."""
    weeks, rest = divmod(_weekdays_upto(x) + k - 1, 5)
    return 7 * weeks + rest + 1


def _count(a: int, b: int, removed: list[int], added: list[int]) -> int:
    """Working days d with a < d <= b: weekdays, less weekday holidays, plus weekend 调休 days."""
    br = bisect.bisect_right
    return (_weekdays_upto(b) - _weekdays_upto(a)
            - (br(removed, b) - br(removed, a)) + (br(added, b) - br(added, a)))


def is_working_day(d: dt.date) -> bool:
    """Mon–Fri unless a holiday; Saturday and Sunday only when a 调休 working day (GEN-04)."""
    _check_year(d.year)
    kind = _load().year(d.year).days.get(d, (None, ""))[0]
    if kind == HOLIDAY:
        return False
    return d.weekday() < 5 or kind == WORKDAY


def is_holiday(d: dt.date) -> bool:
    """A day of a holiday break (including weekend days inside a break)."""
    _check_year(d.year)
    return _load().year(d.year).days.get(d, (None, ""))[0] == HOLIDAY


def working_days_between(start: dt.date, end: dt.date) -> int:
    """The number of working days d with start < d <= end; 0 when end <= start."""
    if end <= start:
        return 0
    first = (start + _DAY).year
    _check_year(first)
    _check_year(end.year)
    removed, added = _load().span(first, end.year)
    return _count(start.toordinal(), end.toordinal(), removed, added)


def add_working_days(start: dt.date, n: int) -> Due:
    """The n-th working day after ``start``; ``start`` itself when n == 0.

    # 民事诉讼法 第85条第2款: 期间开始的时和日，不计算在期间内 — counting starts the day after ``start``.
    # GEN-04: 工作日 per the official calendar (行政处罚法 第85条, 行政强制法 第69条, 行政许可法 第82条).
    """
    if n < 0:
        raise ValueError("工作日数不能为负数")
    if n == 0:
        return Due(start, False)
    a = start.toordinal()
    first = (start + _DAY).year
    _check_year(first)
    state = _load()
    # Any 2n + 40 days hold at least n working days (no break is near 40 days long), so the answer
    # normally lies within these years; if an odd schedule pushes it further, widen and search again.
    last = min(dt.date.fromordinal(min(a + 2 * n + 40, dt.date.max.toordinal())).year, MAX_YEAR)
    while True:
        removed, added = state.span(first, last)
        due = dt.date.fromordinal(_nth_working_day(a, n, removed, added))
        if due.year <= last:
            return Due(due, state.provisional(first, due.year))
        _check_year(due.year)
        last = due.year


def _nth_working_day(a: int, n: int, removed: list[int], added: list[int]) -> int:
    """The smallest ordinal b > a with n working days in (a, b], n >= 1."""
    # Jump ahead by the missing number of weekdays until n is reached: a few jumps at most.
    lo, hi, got = a, a, 0
    while got < n:
        lo = hi
        hi = _nth_weekday_after(hi, n - got)
        got = _count(a, hi, removed, added)
    # lo falls short of n and hi reaches it. Weekend 调休 days may overshoot, putting the answer a little
    # before hi: step back from hi in doubling steps, then bisect the small bracket left.
    step = 1
    while hi - lo > 1:
        probe = max(hi - step, lo + 1)
        if _count(a, probe, removed, added) < n:
            lo = probe
            break
        hi = probe
        step *= 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _count(a, mid, removed, added) >= n:
            hi = mid
        else:
            lo = mid
    return hi


def add_calendar_days(start: dt.date, n: int) -> Due:
    """The last day of a period of n 日 after ``start``, moved past a holiday or weekend.

    # 民事诉讼法 第85条第2款: 期间开始的日不计算在期间内 — the period ends on start + n.
    # 民事诉讼法 第85条第3款: 期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期.
    #   法定休假日 includes the 公休日 Saturday and Sunday (最高人民法院关于适用《民事诉讼法》的解释
    #   第125条 and its practice), so a period ending on a holiday or a weekend ends on the first working
    #   day after it; a 调休 Saturday is a working day, so a period ending on it ends there.
    """
    if n < 0:
        raise ValueError("天数不能为负数")
    if n == 0:
        return Due(start, False)
    end = start + dt.timedelta(days=n)
    _check_year(end.year)
    if not is_working_day(end):
        end = add_working_days(end, 1).date
    return Due(end, _load().provisional((start + _DAY).year, end.year))


def add_months(start: dt.date, n: int) -> dt.date:
    """The last day of a period of n 月 after ``start``, not moved past holidays.

    # 民法典 第202条: 按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的
    #   最后一日 — 2026-08-31 plus 6 months is 2027-02-28, and 2024-02-29 plus 24 months is 2026-02-28.
    Years are 12 months.
    """
    if n < 0:
        raise ValueError("月数不能为负数")
    months = start.year * 12 + start.month - 1 + n
    year, month = divmod(months, 12)
    _check_year(year)
    next_first = dt.date(year + (month == 11), (month + 1) % 12 + 1, 1)
    return dt.date(year, month + 1, min(start.day, (next_first - _DAY).day))


def add_calendar_months(start: dt.date, n: int) -> Due:
    """The last day of a period of n 月 after ``start`` (``add_months``), moved past a holiday or weekend
    as ``add_calendar_days`` moves it (民事诉讼法 第85条第3款)."""
    if n == 0:
        return Due(start, False)
    end = add_months(start, n)
    if not is_working_day(end):
        end = add_working_days(end, 1).date
    return Due(end, _load().provisional((start + _DAY).year, end.year))


def add_hours(start: dt.datetime, n: int) -> dt.datetime:
    """The end of a period of n hours from ``start`` (an aware datetime), in Asia/Shanghai.

    # 民事诉讼法 第85条第2款: 期间开始的时不计算在期间内 — the period starts at the next whole hour.
    """
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("按小时计算的起算时间须带时区")
    if n < 0:
        raise ValueError("小时数不能为负数")
    local = start.astimezone(SHANGHAI)
    if n == 0:
        return local
    next_hour = local.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    return next_hour + dt.timedelta(hours=n)  # Asia/Shanghai has no daylight saving: plain addition
