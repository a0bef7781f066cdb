# zhifa — `make run` sets up and serves on http://127.0.0.1:8000 with demo data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench demo worker browser

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "zhifa 需要 Python 3.11 或更高版本")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml setup.py src/zhifa/ledger/_scan.c | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

run: $(VENV)/.installed
	$(BIN)/zhifa run

test: $(VENV)/.installed-dev
	scripts/test

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

bench: $(VENV)/.installed-dev
	scripts/bench

demo: $(VENV)/.installed
	$(BIN)/zhifa migrate --noinput
	$(BIN)/zhifa demo

worker: $(VENV)/.installed
	$(BIN)/zhifa worker

# Debian's Chromium for the browser tests (needs root); the tests skip with a notice when it is missing.
browser:
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei)
