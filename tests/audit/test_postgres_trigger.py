"""On PostgreSQL a trigger refuses UPDATE and DELETE on the audit log and the timeline (SQLite has
no such trigger: there `audit_verify` is the protection, tested in test_tampering.py)."""

import pytest
from django.db import DatabaseError, connection, transaction

from tests.audit.test_tampering import history, verify_error  # noqa: F401 - the fixture, used by name


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditrecord SET action = 'x'",
        "DELETE FROM audit_auditrecord",
        "UPDATE suggestions_event SET name = 'x'",
        "DELETE FROM suggestions_event",
    ],
)
def test_the_trigger_refuses_update_and_delete(history, sql):  # noqa: F811 - the imported fixture
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert verify_error() is None
