# The two commands a seller or developer needs: `make run` and `make test`.
# Both create .venv on first use; `make run` installs only what the app needs to run,
# `make test` adds the test tools and `make lint` the linters.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
TESTING := $(VENV)/.installed-test
LINTING := $(VENV)/.installed-lint

.PHONY: run test test-fast lint bench torture screenshots clean i18n

# Python's default is to cache compiled modules; an environment that turns it off
# (PYTHONDONTWRITEBYTECODE=1) makes every process compile claimdesk and Textual from source again:
# ~0.1 s per command and ~0.6 s per test process. Not for this project's commands.
unexport PYTHONDONTWRITEBYTECODE

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "claimdesk needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TESTING): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(RUNTIME)

$(LINTING): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[lint]'
	@touch $@ $(RUNTIME)

run: $(RUNTIME)
	$(BIN)/claimdesk

# The suite runs in parallel (pytest-xdist), one worker per core. Measured on an idle 2-core
# machine (3,542 tests): 2 workers 193 s, 3 workers 192 s, 4 workers 202 s (one process: 476 s for
# the 3,471 tests before the parallel run)
# (more workers than cores only add contention). `make test WORKERS=0` runs it in one process;
# PYTEST_ARGS passes other options on.
WORKERS ?= $(shell $(PYTHON) -c 'import os; print(min(8, os.cpu_count() or 1))')
PYTEST_ARGS ?=
XDIST := $(if $(filter 0,$(WORKERS)),,-n $(WORKERS) --dist worksteal)

test: $(TESTING)
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

# The quick loop while working: the domain, the store and the command line (tests/unit,
# tests/cli and the rules' CLI scenarios in tests/acceptance), stopping at the first failure;
# the app's Pilot, snapshot and browser tests wait for `make test`.
test-fast: $(TESTING)
	$(BIN)/python -m pytest tests/unit tests/cli tests/acceptance -x $(XDIST) $(PYTEST_ARGS)

# The architecture (import-linter contracts in pyproject.toml), style and types.
lint: $(LINTING)
	$(BIN)/lint-imports
	$(BIN)/ruff check claimdesk tests scripts
	$(BIN)/ruff format --check claimdesk tests scripts
	$(BIN)/mypy

bench: $(TESTING)
	$(BIN)/python scripts/bench.py

torture: $(TESTING)
	$(BIN)/python scripts/torture.py

screenshots: $(TESTING)
	$(BIN)/python scripts/screenshots.py

# Translations: re-extract the strings, merge them into the Chinese catalog, compile the .mo.
# Both the .po and the .mo are committed, so an install needs no build step.
LOCALE := claimdesk/locale
i18n: $(TESTING)
	$(BIN)/pybabel extract -F babel.cfg -k NP_:1c,2 --no-location --no-wrap --sort-output \
		--project claimdesk --copyright-holder "claimdesk" -o $(LOCALE)/claimdesk.pot .
	$(BIN)/pybabel update -i $(LOCALE)/claimdesk.pot -d $(LOCALE) -D claimdesk -l zh_CN \
		--no-wrap --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d $(LOCALE) -D claimdesk -l zh_CN --statistics

clean:
	rm -rf $(VENV) build dist .pytest_cache
