"""A look-back recorded again keeps its history; old audit records go only after the retention period."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management.base import CommandError
from django.utils import timezone

from audit import log
from audit.management.commands.audit_prune import prune
from audit.models import AuditRecord, Kind
from supervision import actions as supervision
from supervision.models import LookBack

from .conftest import verify_error

CHECKS = {"ledger_kept": True, "promises_done": False, "follow_up_continuous": True, "second_reply_given": True}


def test_a_lookback_posted_again_by_another_clerk_keeps_the_first(client, world):
    from accounts.models import Role, User

    clerk2 = User.objects.create_user("office2", role=Role.OFFICE, last_name="孙", first_name="丽")
    supervision.record_lookback(actor=world.office, unit=world.lead_unit, year=2024, note="首次检查", **CHECKS)
    supervision.record_lookback(
        actor=clerk2, unit=world.lead_unit, year=2024, note="复查：承诺已落实", **{**CHECKS, "promises_done": True}
    )
    lookback = LookBack.objects.get(unit=world.lead_unit, year=2024)
    assert (lookback.recorded_by, lookback.promises_done) == (clerk2, True)
    versions = list(lookback.versions.order_by("id").values_list("recorded_by", "note", "promises_done"))
    assert versions == [(world.office.pk, "首次检查", False), (clerk2.pk, "复查：承诺已落实", True)]
    client.force_login(world.office)
    page = client.get("/supervision/ledger/").content.decode()
    assert "历次记录（2次）" in page and "首次检查" in page


def test_prune_refuses_anything_younger_than_180_days(db, settings):
    settings.AUDIT_RETENTION_DAYS = 180
    with pytest.raises(CommandError, match="至少保存 180 天"):
        prune(179)
    settings.AUDIT_RETENTION_DAYS = 365
    with pytest.raises(CommandError, match="至少保存 365 天"):
        prune(200)


def test_prune_removes_only_old_records_and_the_chain_still_verifies(db):
    with time_machine.travel(timezone.now() - timedelta(days=400), tick=False):
        old = [log.record(Kind.LOGIN, "login", username=f"old{i}") for i in range(3)]
    young = log.record(Kind.LOGIN, "login", username="young")
    assert prune(180) == 3
    assert not AuditRecord.objects.filter(pk__in=[r.pk for r in old]).exists()
    assert AuditRecord.objects.filter(pk=young.pk).exists()
    assert AuditRecord.objects.filter(kind=Kind.PRUNE).exists()
    assert verify_error() is None
