# Koffer: `make run` starts the app, `make test` runs every check. Both set up what they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.koffer-installed

.PHONY: run test bench lint screenshots venv clean translations translations-update package \
	package-check

run: $(STAMP) translations
	$(BIN)/koffer gui

test:
	scripts/run-tests.sh

bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	scripts/run-tests.sh --lint-only

screenshots: $(STAMP) translations
	if [ -n "$$DISPLAY" ]; then $(BIN)/koffer screenshots docs/screenshots; \
	else QT_QPA_PLATFORM=offscreen $(BIN)/koffer screenshots docs/screenshots; fi

# Qt Linguist: the .ts sources are kept in git; the .qm files are built from them with the
# pyside6-lrelease of the PySide6 wheel (German is the source language and needs none).
TS_DIR := resources/translations
CITIZEN_LANGUAGES := tr ar uk ru

translations: $(STAMP)
	$(BIN)/python -c "from koffer.ui.i18n import build; build()"

# After changing texts in koffer/ui: collect them into the .ts files, then translate the new
# entries (pyside6-linguist) until no entry is unfinished (a test checks).
translations-update: $(STAMP)
	$(BIN)/pyside6-lupdate $$(find koffer/ui -name '*.py' | sort) -source-language de \
		-target-language en -no-obsolete -locations none -ts $(TS_DIR)/koffer_en.ts
	for lang in $(CITIZEN_LANGUAGES); do \
		$(BIN)/pyside6-lupdate koffer/ui/citizen_review.py -source-language de \
			-target-language $$lang -no-obsolete -locations none -ts $(TS_DIR)/koffer_$$lang.ts; \
	done

# Debian packages koffer and koffer-townhall in build/package/ (packaging/README.md); the check
# builds them, runs lintian and installs them into a throwaway root (needs root).
package:
	scripts/package.sh

package-check:
	scripts/package-check.sh

venv: $(STAMP)

$(STAMP): pyproject.toml setup.py
	scripts/system-deps.sh run
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache *.egg-info
