PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo serve test lint typecheck check-all slow screenshot clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Solve the example 10K block and print its calendar.
demo: $(STAMP)
	$(BIN)/speedblock solve scenarios/10k-with-tuneup.toml --time-limit 30 -o demo-plan.json
	$(BIN)/speedblock check scenarios/10k-with-tuneup.toml demo-plan.json

## Open the workbench on the example scenarios: http://127.0.0.1:8765/ (Ctrl-C stops it).
serve: $(STAMP)
	$(BIN)/speedblock serve scenarios/

## The default test run (quick tests, lint and types).
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -q

slow: $(STAMP)
	$(BIN)/pytest -q -m slow

## Redraw docs/report-screenshot.png: the report of the demo plan in headless Chromium.
screenshot: demo
	$(BIN)/speedblock report demo-plan.json -o demo-report.html
	$(BIN)/python tests/browser.py demo-report.html docs/report-screenshot.png --height 2250
	$(BIN)/python tests/workbench_screenshot.py docs/workbench-screenshot.png

clean:
	rm -rf $(VENV) demo-plan.json demo-report.html .pytest_cache .mypy_cache .ruff_cache
