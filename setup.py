"""The one compiled part: ``zhifa.ledger._scan``, the hot loop of ``zhifa verify`` (pyproject.toml holds the rest).

It is optional: without a C compiler the install goes on and ``zhifa verify`` uses its Python path.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("zhifa.ledger._scan", ["src/zhifa/ledger/_scan.c"], optional=True)])
