# `make demo` and `make test` do all the set-up they need on a fresh machine (Python 3.11+ on the PATH).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
CODE := storyline tests $(wildcard benchmarks)

.PHONY: demo test lint install clean fuzz

# the runtime install (what `make demo` needs); the test tools come on top of it
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP)

install: $(DEV_STAMP)

demo: $(STAMP)
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/storyline demo --db demo.db

lint: $(DEV_STAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy storyline

test: lint
	$(BIN)/pytest -q

# the property tests of tests/test_fuzz.py on many random inputs; FUZZ_SCALE multiplies the suite's example counts
FUZZ_SCALE ?= 20
fuzz: $(DEV_STAMP)
	$(BIN)/python benchmarks/fuzz.py --scale $(FUZZ_SCALE)

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm .pytest_cache .mypy_cache .ruff_cache
