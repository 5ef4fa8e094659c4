# Koffer: `make run` starts the app, `make test` runs every check. Both set up what they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.koffer-installed

.PHONY: run test bench lint screenshots venv clean

run: $(STAMP)
	$(BIN)/koffer gui

test:
	scripts/run-tests.sh

bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	scripts/run-tests.sh --lint-only

screenshots: $(STAMP)
	if [ -n "$$DISPLAY" ]; then $(BIN)/koffer screenshots docs; \
	else QT_QPA_PLATFORM=offscreen $(BIN)/koffer screenshots docs; fi

venv: $(STAMP)

$(STAMP): pyproject.toml setup.py
	scripts/system-deps.sh run
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache *.egg-info
