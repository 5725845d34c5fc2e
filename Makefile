# Clinic Blog — the two commands: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
# The suite runs on PostgreSQL; this is where `make test` looks when DATABASE_URL is unset.
TEST_PG_URL ?= postgres://postgres@127.0.0.1:5432/clinic_blog
PYTEST_ARGS ?=

.PHONY: install run test lint bench bench-search bench-load bench-faults cluster clean

$(VENV)/.installed: requirements.txt requirements-dev.txt tests/browser/package-lock.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@# Test-only browser tools (axe-core, and vnu-jar: the Nu HTML checker, run with java); skipped with a note where npm is missing.
	@if command -v npm >/dev/null; then npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: browser accessibility tests will be skipped (CI installs it)"; fi
	@command -v java >/dev/null || echo "java not found: the Nu HTML checker will be skipped (apt-get install default-jre-headless; CI installs it)"
	touch $@

install: $(VENV)/.installed

run: install
	DEBUG=True $(PY) manage.py migrate --noinput
	DEBUG=True $(PY) manage.py load_demo
	@echo "Serving on http://127.0.0.1:8000/ with the background worker beside it (Ctrl-C stops both)"
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=True $(PY) manage.py worker & worker=$$!; \
	DEBUG=True $(PY) manage.py runserver 127.0.0.1:8000

test: install
	@if [ -n "$$DATABASE_URL" ]; then url="$$DATABASE_URL"; \
	elif $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2).close()" 2>/dev/null; then url="$(TEST_PG_URL)"; \
	else url="sqlite:///$(CURDIR)/.test-db.sqlite3"; \
	  echo "WARNING: no PostgreSQL answers at 127.0.0.1:5432 and DATABASE_URL is unset; falling back to SQLite."; fi; \
	echo "Test database: $$url"; \
	DATABASE_URL="$$url" $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Home and post pages: uncached, app-cached, nginx-cached and signed-in, against nginx's static ceiling
# (needs wrk, nginx and redis-server; about 12 minutes).
bench: install
	$(PY) bench/pages.py
	$(PY) bench/upload.py
	$(PY) bench/search.py
	$(PY) bench/load.py
	$(PY) bench/faults.py

# Search latency with 10,000 posts and 1,000 topics (a scratch PostgreSQL database).
bench-search: install
	$(PY) bench/search.py

# 60 s of 50 readers and 5 commenters against gunicorn on its own loopback PostgreSQL.
bench-load: install
	$(PY) bench/load.py

# The worker killed mid-send, then PostgreSQL (a loopback cluster, never the machine's) restarted under load.
bench-faults: install
	$(PY) bench/faults.py

# Two app servers behind nginx, PostgreSQL primary + streaming replica, Redis and an S3 stand-in,
# all on loopback: the checks of docs/scaling.md, a table of what held, then everything is stopped.
cluster: install
	@command -v nginx >/dev/null || (apt-get update -qq && apt-get install -y -qq nginx redis-server wrk)
	$(PY) -m tests.loopback.cluster

clean:
	rm -rf $(VENV) .pytest_cache .test-media staticfiles
