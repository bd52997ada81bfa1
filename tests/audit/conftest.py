import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from accounts.models import Role, User
from tests.world import PASSWORD


@pytest.fixture
def admins(db):
    """The three administrators (三权分立), as the demo makes them."""
    return {
        role: User.objects.create_user(role.value, password=PASSWORD, role=role, is_staff=role != Role.AUDIT_ADMIN)
        for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
    }


def verify_error() -> str | None:
    """audit_verify's complaint, or None when the chain is whole."""
    try:
        call_command("audit_verify", stdout=open("/dev/null", "w"))  # noqa: SIM115
    except CommandError as e:
        return str(e)
    return None


def tamper(sql: str, params=()) -> None:
    """Raw SQL as an attacker with database access would run it: past the append-only trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser's way round every trigger, for this transaction only (the test's).
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


# The append-only trigger is PostgreSQL's; `make test` runs it in its PostgreSQL pass (.ci/run runs both).
collect_ignore_glob = [] if "postgresql" in settings.DATABASES["default"]["ENGINE"] else ["test_postgres_*.py"]
