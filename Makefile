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

.PHONY: run serve install migrate seed test test-sqlite lint format bench bench-load bench-wxr worker clean lock

# Installs the exact versions in requirements.lock (see `make lock`), then the project itself.
$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

# Re-resolve requirements.lock from pyproject.toml (after changing a dependency, or
# `make lock UPGRADE=--upgrade` to take the newest versions the ranges allow).
lock:
	@test -x $(VENV)/bin/uv || { test -x $(PY) || $(PYTHON) -m venv $(VENV); $(PY) -m pip install --quiet uv; }
	$(VENV)/bin/uv pip compile pyproject.toml --all-extras --universal --python-version 3.12 \
		--quiet $(UPGRADE) -o requirements.lock
	@# What the Dockerfile installs: the runtime with the s3 and sentry extras, same versions.
	$(VENV)/bin/uv pip compile pyproject.toml --extra s3 --extra sentry --universal \
		--python-version 3.12 --quiet -c requirements.lock -o deploy/requirements.lock

install: $(VENV)/.installed

migrate: install
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput --skip-checks

# Seeds demo content only when the database has no articles yet.
# --skip-checks: the server runs the system checks (and prints their warnings) once.
seed: migrate
	$(RUN_ENV) $(PY) manage.py seed_demo --if-empty --skip-checks

run: seed
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# Production on this machine: DEBUG off (SECRET_KEY required), static files collected,
# migrations applied, gunicorn with gunicorn.conf.py. Run `make worker` beside it.
serve: install
	@DEBUG=false $(PY) manage.py collectstatic --noinput --verbosity 0
	@DEBUG=false $(PY) manage.py migrate --noinput
	DEBUG=false HOST=$(HOST) PORT=$(PORT) exec $(VENV)/bin/gunicorn -c gunicorn.conf.py

# In parallel (pytest-xdist, one worker per core); PYTEST_ARGS="-n 0" runs in one process.
# loadgroup: tests marked xdist_group (one server for a module) stay on one worker.
# Then, on their own, the tests marked `alone` (bursts of up to 50 database connections:
# beside the parallel run they could pass PostgreSQL's max_connections).
PYTEST_ARGS ?= -n auto --dist loadgroup
test: install
	$(PY) -m pytest $(PYTEST_ARGS) -m "not alone"
	$(PY) -m pytest -n 0 -m alone

# The suite on SQLite, the database `make run` uses by default (CI runs it after `make test`
# on PostgreSQL): what works on one must work on the other. The browser journeys run once,
# on PostgreSQL.
test-sqlite: install
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS) -m "not alone and not browser"

# The production settings `check --deploy` is run with: what docs/deployment.md tells you
# to set (values here are placeholders; nothing is contacted).
DEPLOY_CHECK_ENV := DEBUG=false SECRET_KEY=lint-only-$$(date +%s)-not-a-real-secret-key-0123456789abcdef \
	ALLOWED_HOSTS=news.example.com SITE_URL=https://news.example.com \
	SECURE_SSL_REDIRECT=true SECURE_HSTS_SECONDS=31536000 SECURE_HSTS_INCLUDE_SUBDOMAINS=true \
	SECURE_HSTS_PRELOAD=true EMAIL_URL=smtp+tls://user:pass@smtp.example.com:587 \
	AKISMET_API_KEY=lint-placeholder DATABASE_URL=sqlite:///:memory:

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports
	@# The rule import-linter cannot see: only articles/workflow.py writes Article.status and
	@# only comments/moderation.py writes Comment.status (a scan of the source, no database).
	$(PY) -m pytest tests/test_architecture.py -q -n 0 -p no:randomly -p no:cacheprovider
	$(DEPLOY_CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The task worker and the periodic-job scheduler (SIGTERM: finishes the task it runs, then stops).
worker: install
	TASKS_BACKEND=database exec $(PY) manage.py run_worker

bench: install
	$(PY) -m benchmarks.run

# Load mode: gunicorn + worker under wrk beside nginx serving the same page statically
# (benchmarks/load.py; needs BENCH_DATABASE_URL, wrk and nginx; see docs/performance.md).
bench-load: install
	$(PY) -m benchmarks.load

bench-wxr: install
	$(PY) -m benchmarks.wxr

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
