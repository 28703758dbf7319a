# The two commands of the README: `make run` and `make test`. Everything else is a step they take.
VENV := .venv
PY := $(VENV)/bin/python
NTM := $(VENV)/bin/ntm
STAMP := $(VENV)/.installed

.PHONY: run dev test test-sqlite test-postgres setup bench lint clean

$(STAMP): pyproject.toml package.json
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	npm install --no-audit --no-fund --silent
	@touch $(STAMP)

setup: $(STAMP)
	@mkdir -p var
	$(NTM) setup --demo --synthetic  # the demo accounts (password ntm-demo): `make run` is for trying ntm

# The server and, beside it, the worker that runs background jobs (it stops with the server).
run: setup
	$(NTM) serve --with-worker 127.0.0.1:8000

# The development server: DEBUG on, reloads on every change.
dev: setup
	$(NTM) serve --dev --with-worker 127.0.0.1:8000

test: $(STAMP)
	$(PY) -m pytest --durations=15
	scripts/with-postgres $(PY) -m pytest -m "django_db and not browser" -q

test-sqlite: $(STAMP)
	$(PY) -m pytest

test-postgres: $(STAMP)
	scripts/with-postgres $(PY) -m pytest -m django_db

bench: $(STAMP)
	$(PY) bench/engine.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench

clean:
	rm -rf $(VENV) var .pytest_cache
