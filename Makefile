# The two commands a seller or developer needs: `make run` and `make test`.
# Both create .venv and install claimdesk into it on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench torture screenshots demo clean i18n

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "claimdesk needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/claimdesk

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

torture: $(STAMP)
	$(BIN)/python scripts/torture.py

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

# Translations: re-extract the strings, merge them into the Chinese catalog, compile the .mo.
# Both the .po and the .mo are committed, so an install needs no build step.
LOCALE := claimdesk/locale
i18n: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --no-wrap --sort-output \
		--project claimdesk --copyright-holder "claimdesk" -o $(LOCALE)/claimdesk.pot .
	$(BIN)/pybabel update -i $(LOCALE)/claimdesk.pot -d $(LOCALE) -D claimdesk -l zh_CN \
		--no-wrap --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d $(LOCALE) -D claimdesk -l zh_CN --statistics

clean:
	rm -rf $(VENV) build dist .pytest_cache
