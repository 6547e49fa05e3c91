# One-line targets. `make run` serves Baton on http://127.0.0.1:8000; `make test` runs the tests.
PY := .venv/bin/python
STAMP := .venv/.installed

.PHONY: venv run test lint fmt migrate worker bench

venv: $(STAMP)
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q -e '.[dev]' && touch $(STAMP)

run: venv  # migrates and bootstraps in the launcher, then web + engine + cluster
	$(PY) scripts/run_all.py

test: venv  # finds (or, as root, installs) Chromium for tests/browser, then runs everything
	$(PY) scripts/ensure_browser.py
	$(PY) -m pytest

lint: venv
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

fmt: venv
	$(PY) -m ruff check --fix . && $(PY) -m ruff format .

migrate: venv
	$(PY) manage.py migrate --noinput

worker: venv
	$(PY) manage.py qcluster

bench: venv
	$(PY) manage.py bench
