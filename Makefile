# One-command set-up: `make run` starts the demo, `make test` runs every test, `make check` runs
# the linters, the type checker, the import contracts and the tests (what CI runs).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The test suite runs on this many processes (pytest-xdist), a test file each at a time; every
# process trains its intent models and reads its workspaces once. `make test TEST_WORKERS=1`
# runs it in one.
TEST_WORKERS ?= 2

.PHONY: run test check fuzz lint format typecheck contracts bench-api bench-nlu clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,embeddings]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/deskpilot serve

test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider $(if $(filter 1,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile)

lint: $(STAMP)
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

# The import contracts in pyproject.toml ([tool.importlinter]): no cycles, the layers, independence.
contracts: $(STAMP)
	$(BIN)/lint-imports --no-cache

check: lint typecheck contracts test

# Schemathesis against the whole API on a real server, 45 s per kind of caller; fails on a 5xx.
fuzz: $(STAMP)
	$(BIN)/python bench/security/fuzz.py --max-time 45

bench-api: $(STAMP)
	$(BIN)/python bench/api/run.py

bench-nlu: $(STAMP)
	$(BIN)/python bench/nlu/run.py

clean:
	rm -rf $(VENV) .data .mypy_cache .ruff_cache
