# One task runner: CI calls `make test`; the README's two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint fmt bench bench-quick browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(STAMP)

demo: install  ## ingest the bundled article, write reports, serve Datasette on 127.0.0.1:8001
	$(BIN)/factcheck demo

test: install lint  ## the whole suite
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff format --check factcheck tests bench
	$(BIN)/ruff check factcheck tests bench
	$(BIN)/mypy factcheck

fmt: install
	$(BIN)/ruff format factcheck tests bench
	$(BIN)/ruff check --fix factcheck tests bench

bench: install  ## every benchmark at full size; writes bench/RESULTS.md
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	$(BIN)/python bench/run.py

bench-quick: install  ## the same code at small sizes, under two minutes; fails below half a target
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	$(BIN)/python bench/run.py --quick

browser:  ## Debian's Chromium and CJK fonts for the browser tests (needs root: CI, fresh machines)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null; \
	  else echo "install chromium (apt-get install chromium) to run the browser tests"; fi; }

clean:
	rm -rf $(VENV) db/factcheck.db* db/archive db/report.* test-artifacts
