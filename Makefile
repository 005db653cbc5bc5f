# ikon-report: two commands matter — `make report` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
OUT ?= build
# pytest-xdist: two worker processes (this machine's two cores), each test file whole on one of them;
# the session outputs (example builds, `made`, LibreOffice conversions) are made once for both
# (tests/shared_run.py). `make test PYTEST_WORKERS=` runs in one process.
PYTEST_WORKERS ?= -n 2 --dist loadfile

.PHONY: report test check clean bench lint catalogue examples

report: $(STAMP)
	$(BIN)/ikon-report build . --out $(OUT)

check: $(STAMP)
	$(BIN)/ikon-report check .

test: $(TEST_STAMP)
	bash .ci/install-test-tools
	$(BIN)/ruff check ikon_report tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check ikon_report tests bench
	$(BIN)/mypy

bench: $(TEST_STAMP)
	$(BIN)/python bench/run.py

# Every language edition of the catalogue of services (docs/catalogue.md).
catalogue: $(STAMP)
	$(BIN)/ikon-report catalogue . --lang all --out $(OUT) -q

clean:
	rm -rf $(OUT)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(VENV)/bin/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

# The second example project (a fictional city, examples/lindenfeld), built into $(OUT)/lindenfeld.
examples: $(STAMP)
	$(BIN)/ikon-report build examples/lindenfeld --out $(OUT)/lindenfeld
