"""The audit administrator searches the log and exports it; nobody else reads it."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from audit import log
from audit.models import AuditRecord, Kind, Outcome


@pytest.fixture
def logged(world):
    log.record(Kind.LOGIN_FAILED, "login", username='=HYPERLINK("http://evil.example")', outcome=Outcome.FAILURE)
    log.record(Kind.LOGIN, "login", actor=world.office)
    log.record(Kind.EXPORT, "download", actor=world.handler, target="/stats/exports/1/")


def test_the_audit_admin_searches_by_who_what_outcome_and_date(client, admins, logged):
    client.force_login(admins[Role.AUDIT_ADMIN])
    page = client.get("/audit/", {"who": "handler", "kind": "export"})
    assert page.status_code == 200
    assert [r.target for r in page.context["page"].object_list] == ["/stats/exports/1/"]
    assert client.get("/audit/", {"outcome": "failure"}).context["page"].paginator.count == 1
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.get("/audit/", {"since": tomorrow}).context["page"].paginator.count == 0
    bad = client.get("/audit/", {"since": tomorrow, "until": "2020-01-01"})
    assert "起始日期不能晚于截止日期" in bad.content.decode()


def test_the_export_is_formula_safe_and_itself_audited(client, admins, logged):
    client.force_login(admins[Role.AUDIT_ADMIN])
    response = client.get("/audit/export.csv", {"kind": "login_failed"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][2] == '\'=HYPERLINK("http://evil.example")'
    exported = AuditRecord.objects.filter(kind=Kind.EXPORT, action="audit_export").get()
    assert exported.actor == admins[Role.AUDIT_ADMIN] and exported.detail["rows"] == 1


@pytest.mark.parametrize("who", ["office", "supervisor", "deputy"])
def test_other_roles_cannot_read_the_log(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403
