#!/usr/bin/env bash
# A national session's busiest day against gunicorn on this machine (127.0.0.1 only), with locust.
#   make loadtest                    # PostgreSQL database jianyi_load, demo data, 100 people, 5 minutes
#   LOAD_USERS=200 LOAD_SPAWN=2 make loadtest                  # twice the peak
#   LOAD_USERS=300 LOAD_THINK=1-4 make loadtest                # more people, clicking faster
# The default is the estimated peak of a national session: 100 people at once, reading a page 5-15 s
# (about 15 requests a second). They log in as they arrive, LOAD_SPAWN a second: 1 a second is 3,600
# logins an hour, as if every deputy (~3,000), unit handler and office clerk logged in within the same
# hour. Each login checks an Argon2 hash (Django's default cost, ~0.2 s of CPU).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
LOCUST=${LOCUST:-$BIN/locust}  # locust may live in its own virtualenv
export DATABASE_URL=${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/jianyi_load}
export DEBUG=false SECRET_KEY=${SECRET_KEY:-loadtest-only-not-a-secret} ALLOWED_HOSTS=127.0.0.1
export DEMO=true CONN_MAX_AGE=60 LOG_LEVEL=ERROR
# Notices by email go nowhere (the console backend would print every one).
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
# Every simulated person comes from 127.0.0.1: the per-address login and search limits (and axes'
# lockout by address) would refuse a crowd that is really thousands of addresses.
export RATELIMIT_ENABLED=false
# Plain HTTP on 127.0.0.1, like `make run`: no HTTPS redirect or secure-only cookies, the demo's key.
export SECURE_SSL_REDIRECT=false SECURE_COOKIES=false SECURE_HSTS_SECONDS=0
export FIELD_ENCRYPTION_KEY=${FIELD_ENCRYPTION_KEY:-ZGV2LW9ubHktZmllbGQta2V5LW5vdC1hLXNlY3JldCE=}
port=${LOAD_PORT:-8790}
db=${DATABASE_URL##*/}
psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
  || createdb -h 127.0.0.1 -U postgres "$db"
$BIN/python manage.py migrate --noinput >/dev/null
$BIN/python manage.py load_demo --if-empty
$BIN/python manage.py collectstatic --noinput >/dev/null
GUNICORN_BIND=127.0.0.1:$port GUNICORN_WORKERS=${GUNICORN_WORKERS:-5} \
  $BIN/gunicorn --config deploy/gunicorn.conf.py --access-logfile /dev/null & web=$!
trap 'kill $web 2>/dev/null' EXIT
for _ in $(seq 1 60); do curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 1; done
mkdir -p var
psql -h 127.0.0.1 -U postgres -d "$db" -Atc \
  "SELECT username FROM accounts_user WHERE is_active AND role = 'unit_handler' ORDER BY username" \
  > var/loadtest_unit_users.txt
$LOCUST -f bench/locustfile.py --headless --host "http://127.0.0.1:$port" \
  -u "${LOAD_USERS:-100}" -r "${LOAD_SPAWN:-1}" -t "${LOAD_TIME:-5m}" --csv var/loadtest --only-summary
$BIN/python - <<'PY'
import csv
rows = list(csv.DictReader(open("var/loadtest_stats.csv")))
total = next(r for r in rows if r["Name"] == "Aggregated")
print(f"\nrequests/s {float(total['Requests/s']):.1f}  p50 {total['50%']} ms  p95 {total['95%']} ms  "
      f"p99 {total['99%']} ms  requests {total['Request Count']}  errors {total['Failure Count']}")
PY
