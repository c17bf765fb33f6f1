# Two commands do everything on a fresh machine (see README):
#   make demo   set up, build a demo population, import it (SQLite), run a match round on it, print
#               the summary and the demo accounts, and serve the site on http://127.0.0.1:8000
#   make test   set up and run the whole test suite
# make round    the same round as files only (no database, no site): var/demo/proposals.csv
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR ?= var/demo
STUDENTS ?= 1000
DEMO_STUDENTS ?= 300

.PHONY: setup demo web round test screenshots lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/matcher demo-web --students $(DEMO_STUDENTS)

web: demo

round: $(STAMP)
	$(BIN)/matcher demo-data --students $(STUDENTS) --out $(DEMO_DIR)
	$(BIN)/matcher import --dir $(DEMO_DIR)
	$(BIN)/matcher round --students $(DEMO_DIR)/students.csv --companies $(DEMO_DIR)/companies.csv \
		--places $(DEMO_DIR)/places.csv --outcomes $(DEMO_DIR)/history/outcomes.csv \
		--date 2026-09-01 --time-limit 60 \
		--out $(DEMO_DIR)/proposals.csv --summary $(DEMO_DIR)/summary.json

test: $(STAMP)
	$(BIN)/python -m pytest

screenshots: $(STAMP)
	UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest -m browser tests/web

# The same checks as .pre-commit-config.yaml; .ci/run runs this target.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy matcher adapters api cli
	$(BIN)/mypy --strict matcher
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_scoring.py
	$(BIN)/python benchmarks/bench_solver.py
	$(BIN)/python benchmarks/bench_learning.py

clean:
	rm -rf var/demo var/matcher.db var/demo-web.db
