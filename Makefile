# zhifa — `make run` sets up and serves on http://127.0.0.1:8000 with demo data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench demo worker browser

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "zhifa 需要 Python 3.11 或更高版本")'
	@echo "==> 正在创建虚拟环境 $(VENV) …"
	$(PYTHON) -m venv $(VENV)
	@echo "==> 正在升级 pip …"
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml setup.py src/zhifa/ledger/_scan.c | $(BIN)/python
	@echo "==> 正在安装 zhifa 及其依赖（首次需下载，可能要一两分钟；pip 逐个列出）…"
	$(BIN)/pip install -e .
	@echo "==> 正在准备文书 PDF 的常用字字体 …"
	$(BIN)/zhifa fonts
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	@echo "==> 正在安装开发工具（pytest、Playwright、ruff、mypy）…"
	$(BIN)/pip install -e ".[dev]"
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

# Debian's Chromium for the browser tests and poppler's pdftotext/pdftoppm, which read issued PDFs back as a
# reader would (needs root); the tests skip with a notice when they are missing.
browser:
	command -v chromium >/dev/null && command -v pdftotext >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei poppler-utils)
