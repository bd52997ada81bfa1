from django.conf import settings

# These show what only a PostgreSQL deployment does (a backend killed mid-transaction, dropped
# server connections); `make test` runs them in its PostgreSQL pass (.ci/run runs both).
collect_ignore_glob = [] if "postgresql" in settings.DATABASES["default"]["ENGINE"] else ["test_postgres_*.py"]
