# Newsroom — everyday commands. `make run` and `make test` do all set-up.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# The interpreter .python-version selects (pyenv reads it); any python3 >= 3.12 works.
PYTHON ?= $(shell command -v pyenv >/dev/null 2>&1 && pyenv which python 2>/dev/null || command -v python3)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install migrate seed test lint format bench bench-wxr worker clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

migrate: install
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput

# Seeds demo content only when the database has no articles yet.
seed: migrate
	DEBUG=$${DEBUG:-true} $(PY) manage.py seed_demo --if-empty

run: seed
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

worker: migrate
	DEBUG=$${DEBUG:-true} TASKS_BACKEND=database $(PY) manage.py db_worker

bench: install
	$(PY) -m benchmarks.run

bench-wxr: install
	$(PY) -m benchmarks.wxr

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
