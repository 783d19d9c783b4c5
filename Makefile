PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck check-all slow clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Solve the example 10K block and print its calendar.
demo: $(STAMP)
	$(BIN)/speedblock solve scenarios/10k-with-tuneup.toml --time-limit 30 -o demo-plan.json
	$(BIN)/speedblock check scenarios/10k-with-tuneup.toml demo-plan.json

## The default test run (quick tests, lint and types).
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -q

slow: $(STAMP)
	$(BIN)/pytest -q -m slow

clean:
	rm -rf $(VENV) demo-plan.json .pytest_cache .mypy_cache .ruff_cache
