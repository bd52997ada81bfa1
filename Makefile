# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# A fifth of the demo province loads in about 17 s on 2 cores (all of it, DEMO_SCALE=1: about 75 s).
DEMO_SCALE ?= 0.2
# Local development defaults; production sets DEBUG=false and a real SECRET_KEY.
export DEBUG ?= true
export SECRET_KEY ?= dev-only-not-a-secret

.PHONY: install run serve test test-sqlite test-postgres browser lint bench loadtest clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

# `make run` is what a new user tries: DEBUG off, so errors show our Chinese pages and tracebacks go
# to the log only; WhiteNoise serves the collected static files.
run: export DEBUG = false
# ... but a demo on this machine: its published password and no second factor (DEMO), plain HTTP on
# 127.0.0.1 (no HTTPS redirect, no secure-only cookies), and a fixed key for the demo's personal data.
run: export DEMO = true
run: export SECURE_SSL_REDIRECT = false
run: export SECURE_COOKIES = false
run: export SECURE_HSTS_SECONDS = 0
run: export FIELD_ENCRYPTION_KEY ?= ZGV2LW9ubHktZmllbGQta2V5LW5vdC1hLXNlY3JldCE=
# The demo users have (fake) addresses: their email goes to files under var/mail/, SMS to var/sms.log.
run: export EMAIL_BACKEND ?= django.core.mail.backends.filebased.EmailBackend
run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py load_demo --if-empty --scale $(DEMO_SCALE)
	$(BIN)/python manage.py demo_logins --port $(PORT)
	$(BIN)/python manage.py run_scheduler & sched=$$!; trap 'kill $$sched 2>/dev/null' EXIT; \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Browser tests drive Debian's Chromium; install it from Debian's packages when missing.
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

test: install browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The 1,000,000-suggestion benchmark works in its own PostgreSQL database, built on the first run and kept.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/jianyi_bench
bench: install
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/run.py

# A busy day's load against gunicorn on PostgreSQL, 127.0.0.1 only (bench/loadtest.sh).
loadtest: install
	$(BIN)/pip install --quiet -r requirements-bench.txt
	bench/loadtest.sh

clean:
	rm -rf var/jianyi.sqlite3* var/media test-artifacts
