# One task runner: CI calls `make test`; the README's two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# the versions CI tested, with their hashes: `make lock` re-resolves them (an upgrade is a
# deliberate step); requirements.lock is the same without the test and bench extras
LOCK    := requirements-dev.lock
COMPILE := --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

.PHONY: install demo test lint fmt bench bench-accuracy bench-quick browser clean lock wheel-check

$(STAMP): pyproject.toml $(LOCK) requirements-pip.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes -r requirements-pip.lock
	$(BIN)/python -m pip install -q --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
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
	$(BIN)/python bench/run.py

bench-accuracy: install  ## attribution on real news (bench/corpus) and, with POLNEAR=path, PolNeAR's test split
	$(BIN)/python bench/accuracy.py $(if $(POLNEAR),--polnear $(POLNEAR))

bench-quick: install  ## the same code at small sizes, under two minutes; fails below half a target
	$(BIN)/python bench/run.py --quick

lock:  ## re-resolve every pinned version from pyproject.toml (an upgrade), with hashes
	$(PYTHON) -m venv $(VENV)-tools
	$(VENV)-tools/bin/python -m pip install -q pip-tools
	$(VENV)-tools/bin/pip-compile -q $(COMPILE) -o requirements.lock pyproject.toml
	$(VENV)-tools/bin/pip-compile -q $(COMPILE) --extra test --extra bench -o $(LOCK) pyproject.toml

wheel-check: install  ## the install a user gets: the wheel without extras, run from another folder
	$(BIN)/python .ci/wheel_check.py

browser:  ## Debian's Chromium and CJK fonts for the browser tests (needs root: CI, fresh machines)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null; \
	  else echo "install chromium (apt-get install chromium) to run the browser tests"; fi; }

clean:
	rm -rf $(VENV) $(VENV)-tools build dist db/factcheck.db* db/archive db/report.* test-artifacts
