# Kinerja — two commands: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint format lock services stop bench bench-rollup bench-api api-fuzz

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==25.3"
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $(STAMP)

# Browser libraries (Chart.js) from npm, pinned in package-lock.json, copied to static/vendor/
# (git-ignored, never a CDN). Re-run when the lock changes. Without npm the charts show tables.
CHARTJS := static/vendor/chart.js/chart.umd.js

$(CHARTJS): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		echo "[kinerja] npm ci (Chart.js) ..."; \
		npm ci --no-audit --no-fund --loglevel=error || { \
			echo "[kinerja] npm ci failed: the registry must be reachable for the first install"; \
			exit 1; }; \
		mkdir -p static/vendor/chart.js && \
		cp node_modules/chart.js/dist/chart.umd.js node_modules/chart.js/dist/chart.umd.js.map \
			node_modules/chart.js/LICENSE.md static/vendor/chart.js/ && \
		cp node_modules/@kurkle/color/LICENSE.md static/vendor/chart.js/LICENSE-kurkle-color.md; \
	else \
		echo "[kinerja] npm not found: Chart.js is not installed, the dashboard shows its data as"; \
		echo "[kinerja] tables only. Install Node.js 18+ with npm (apt-get install nodejs npm)."; \
	fi

install: $(STAMP) $(CHARTJS)

run: install
	$(PY) -m config.stack run

test: install
	$(PY) -m config.stack test $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Regenerate the full pinned tree from pyproject.toml (needs network).
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/pip install --quiet --upgrade "pip==25.3"
	.lockenv/bin/pip install --quiet ".[dev]"
	.lockenv/bin/pip freeze --exclude kinerja | sort > requirements.lock
	rm -rf .lockenv

services: install
	$(PY) -m config.stack services

stop: install
	$(PY) -m config.stack stop

bench: install
	$(PY) -m config.stack exec $(PY) bench/provision.py $(BENCH_ARGS)

bench-rollup: install
	$(PY) -m config.stack exec $(PY) bench/rollup.py $(BENCH_ARGS)

bench-api: install
	$(PY) -m config.stack exec $(PY) bench/api.py $(BENCH_ARGS)

# Longer schemathesis run of both domain kinds' OpenAPI documents (the test suite uses 12
# examples per operation): API_FUZZ_EXAMPLES=500 make api-fuzz.
API_FUZZ_EXAMPLES ?= 150
api-fuzz: install
	SCHEMATHESIS_MAX_EXAMPLES=$(API_FUZZ_EXAMPLES) $(PY) -m config.stack test tests/api/test_schemathesis.py -q $(PYTEST_ARGS)
