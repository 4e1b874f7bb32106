# The one task runner: the README, CI and developers all call these targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint bench format clean

$(VENV)/.run-deps: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-deps: $(VENV)/.run-deps
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.run-deps
	$(PY) -m streamlit run dashboard/app.py --server.port $(PORT)

lint: $(VENV)/.dev-deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports --no-cache --no-logo  # layering contracts in pyproject.toml

test: lint
	$(PY) -m pytest

$(VENV)/.bench-deps: $(VENV)/.dev-deps
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $@

# Every figure beside its anchor, measured in one run (a few minutes, capped at 14); prints the
# table and writes bench/RESULTS.md. Apart from `test`, as a busy machine skews it.
bench: $(VENV)/.bench-deps
	$(PY) bench/run.py

format: $(VENV)/.dev-deps
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache artifacts
