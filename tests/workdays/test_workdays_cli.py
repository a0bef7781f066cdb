"""``zhifa workdays add``: the due date first on the first line, 暂定 said on that line, bad input exits 2."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().splitlines()


def test_add_prints_the_due_date_first():
    first = run("add", "2026-09-30", "7")[0]
    assert first.startswith("2026-10-15")
    assert "7个工作日" in first
    assert "暂定" not in first


def test_a_provisional_answer_says_so_on_the_first_line():
    first = run("add", "2026-12-30", "3")[0]
    assert first.startswith("2027-01-05")
    assert "暂定（provisional）" in first


def test_calendar_days_move_past_the_national_day_break():
    assert run("add", "2026-09-30", "1", "--unit", "day")[0].startswith("2026-10-08")


def test_hours_start_at_the_next_whole_hour():
    assert run("add", "2026-09-30T10:20", "24", "--unit", "hour")[0].startswith("2026-10-01T11:00+08:00")


@pytest.mark.parametrize("args, word", [
    (("add", "2026-13-01", "7"), "start"),
    (("add", "2026-09-30", "七"), "n"),
    (("add", "2026-09-30", "7", "--unit", "week"), "--unit"),
    (("add", "2026-09-30", "7", "--unit", "hour"), "start"),
    # bounded as on the calculator page: these were an OverflowError and a traceback
    (("add", "9999-12-31", "7"), "start"), (("add", "0001-01-01T00:00", "7", "--unit", "hour"), "start"),
    (("add", "2026-09-30", "9" * 30, "--unit", "day"), "n"),
])
def test_malformed_input_names_the_argument_and_exits_2(args, word):
    with pytest.raises(CommandError) as refused:
        call_command("workdays", *args, stdout=io.StringIO())
    assert refused.value.returncode == 2
    assert f"参数 {word}" in str(refused.value)


def test_show_lists_a_provisional_year():
    lines = run("show", "2027")
    assert "暂定（provisional）" in lines[0]
    assert "2027-02-05  放假  春节" in lines


def _zhifa(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ZHIFA_DATABASE_URL"}
    env["ZHIFA_DATA_DIR"] = str(tmp_path)
    script = Path(sys.executable).parent / "zhifa"
    return subprocess.run([str(script), *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.django_db(False)
def test_the_console_script_answers_from_a_fresh_install(tmp_path):
    migrated = _zhifa(tmp_path, "migrate", "--skip-checks", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    done = _zhifa(tmp_path, "workdays", "add", "2026-09-30", "7")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("2026-10-15")
    bad = _zhifa(tmp_path, "workdays", "add", "2026-9-31", "7")
    assert bad.returncode == 2
    assert "参数 start" in bad.stderr
