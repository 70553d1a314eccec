# `make demo` and `make test` do all the set-up they need on a fresh machine (Python 3.11+ on the PATH).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/storyline demo --db demo.db

lint: $(STAMP)
	$(BIN)/ruff check storyline tests benchmarks
	$(BIN)/ruff format --check storyline tests benchmarks
	$(BIN)/mypy storyline

test: lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm .pytest_cache .mypy_cache .ruff_cache
