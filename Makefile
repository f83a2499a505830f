# Newsroom — everyday commands. `make run` and `make test` do all set-up.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# The interpreter .python-version selects (pyenv reads it); any python3 >= 3.12 works.
PYTHON ?= $(shell command -v pyenv >/dev/null 2>&1 && pyenv which python 2>/dev/null || command -v python3)
HOST ?= 127.0.0.1
PORT ?= 8000
# Links the site writes (canonical, feeds, emails) follow HOST and PORT unless SITE_URL is set.
RUN_ENV = DEBUG=$${DEBUG:-true} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}

.PHONY: run install migrate seed test lint format bench worker clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

migrate: install
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput --skip-checks

# Seeds demo content only when the database has no articles yet.
# --skip-checks: the server runs the system checks (and prints their warnings) once.
seed: migrate
	$(RUN_ENV) $(PY) manage.py seed_demo --if-empty --skip-checks

run: seed
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

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

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
