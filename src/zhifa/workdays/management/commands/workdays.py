"""``zhifa workdays add 2026-09-30 7``: the end of a period, first thing on the first line (GEN-04).

    zhifa workdays add 2026-09-30 7                     7 working days  -> 2026-10-15
    zhifa workdays add 2026-09-30 15 --unit day         15 days         -> 2026-10-15
    zhifa workdays add 2026-09-30T10:20 24 --unit hour  24 hours        -> 2026-10-01T11:00+08:00
    zhifa workdays show 2027                            a year's holidays and 调休 days

A provisional answer (a year without an entered schedule) says ``暂定（provisional）`` on the same line.
Bad input: a Chinese message naming the argument on stderr, exit status 2.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhifa.core import fields
from zhifa.workdays import calendar
from zhifa.workdays.answers import answer
from zhifa.workdays.forms import CalculatorForm

UNITS = {"workday": "workday", "工作日": "workday", "day": "day", "日": "day", "hour": "hour", "小时": "hour"}


def _bad(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "期限计算：zhifa workdays add 起算日期 期间长度 [--unit U]；zhifa workdays show 年度"
    requires_system_checks: list = []  # answers a question; nothing to check

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{add,show}")
        add = sub.add_parser("add", help="计算期间届满日")
        add.add_argument("start", help="起算日期 YYYY-MM-DD（按小时计算时为 YYYY-MM-DDTHH:MM）")
        add.add_argument("n", help="期间长度（非负整数）")
        add.add_argument("--unit", default="workday",
                         help="workday（工作日，默认）、day（日）或 hour（小时）")
        show = sub.add_parser("show", help="列出某年度的放假和调休上班日期")
        show.add_argument("year", help="年度，如2027")

    def handle(self, *args, **options):
        if options["action"] == "show":
            return self._show(options["year"])
        unit = UNITS.get(options["unit"])
        if unit is None:
            raise _bad(f"参数 --unit 无效：“{options['unit']}”，只能是 workday、day 或 hour")
        raw_n = options["n"]
        try:  # the calculator page's own field: the same bounds on the command line
            n = CalculatorForm.base_fields["n"].clean(raw_n)
        except ValidationError as e:
            raise _bad(f"参数 n（期间长度）无效：“{raw_n[:40]}”，{e.messages[0]}") from None
        start = self._start(options["start"], unit)
        day = start.date() if isinstance(start, dt.datetime) else start
        if not fields.DATE_MIN <= day <= fields.DATE_MAX:
            raise _bad(f"参数 start（起算日期）：日期须在{fields.DATE_MIN}至{fields.DATE_MAX}之间")
        try:
            result = answer(start, n, unit)
        except ValueError as e:
            raise _bad(f"参数 start（起算日期）：{e}") from e
        due = (result.due.isoformat(timespec="minutes") if isinstance(result.due, dt.datetime)
               else result.due_text)
        line = f"{due}  {result.explanation}"
        if result.provisional:
            years = "、".join(f"{y}年" for y in result.unentered_years)
            line += f"  暂定（provisional）：{years}放假安排尚未录入，按法定节日推算"
        self.stdout.write(line)

    def _start(self, raw: str, unit: str) -> dt.date | dt.datetime:
        if unit == "hour":
            try:
                moment = dt.datetime.fromisoformat(raw.replace(" ", "T"))
            except ValueError:
                moment = None
            if moment is None or "T" not in raw.replace(" ", "T"):
                raise _bad(f"参数 start（起算时间）无效：“{raw}”，按小时计算时应写成如 2026-09-30T10:20")
            return moment if moment.tzinfo else moment.replace(tzinfo=calendar.SHANGHAI)
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise _bad(f"参数 start（起算日期）无效：“{raw}”，应写成如 2026-09-30 的日期") from None

    def _show(self, raw: str) -> None:
        if not raw.isdigit() or not calendar.MIN_YEAR <= int(raw) <= calendar.MAX_YEAR:
            raise _bad(f"参数 year（年度）无效：“{raw}”，"
                       f"须为{calendar.MIN_YEAR}—{calendar.MAX_YEAR}之间的年份")
        yc = calendar.year_calendar(int(raw))
        state = "暂定（provisional）" if yc.provisional else "已录入"
        self.stdout.write(f"{yc.year}年  {state}  {yc.source}")
        for d, name in yc.holidays():
            self.stdout.write(f"{d.isoformat()}  放假  {name}")
        for d, name in yc.workdays():
            self.stdout.write(f"{d.isoformat()}  上班  {name}（调休）")
