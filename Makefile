# Everything runs from a project-local virtualenv (.venv), created on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck unit bench package clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

## run: install (first time) and start the app
run: $(STAMP)
	$(BIN)/followup-desktop

## test: lint, type-check and the whole test suite (offscreen; the real-window drag test
## runs under Xvfb when xvfb-run is installed)
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest
	@if command -v xvfb-run >/dev/null; then \
		echo "== real-window tests on Xvfb (QT_QPA_PLATFORM=xcb)"; \
		rt=$$(mktemp -d); trap 'rm -rf "$$rt"' EXIT; \
		XDG_RUNTIME_DIR=$$rt FOLLOWUP_TEST_XCB=1 QT_QPA_PLATFORM=xcb \
		xvfb-run -a -s '-screen 0 1400x900x24' $(BIN)/python -m pytest -m xcb; \
	else echo "xvfb-run not installed: real-window drag test skipped (packaging/system-deps.sh --test)"; fi
	@if command -v dbus-run-session >/dev/null; then \
		echo "== notifications end to end on a private D-Bus session"; \
		rt=$$(mktemp -d); trap 'rm -rf "$$rt"' EXIT; \
		XDG_RUNTIME_DIR=$$rt FOLLOWUP_TEST_DBUS=1 \
		dbus-run-session -- $(BIN)/python -m pytest tests/test_notify_dbus.py 2>&1 \
		| grep -v "Failed to set fd limit"; exit $${PIPESTATUS[0]}; \
	else echo "dbus-run-session not installed: D-Bus notification test skipped"; fi

bench: $(STAMP)
	$(BIN)/python -m bench

## package: PyInstaller bundle + frozen self-test + dist/followup-desktop-<v>-linux-<arch>.tar.gz
package: $(STAMP)
	$(BIN)/python packaging/build.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
