"""The ``zhifa`` console script: Django's manage.py with zhifa's settings.

``zhifa run`` sets up and serves, ``zhifa worker`` runs the periodic sweeps, ``zhifa demo`` loads the demo
data, ``zhifa workdays add 2026-09-30 7`` answers a deadline; every other Django command works too.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhifa", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
