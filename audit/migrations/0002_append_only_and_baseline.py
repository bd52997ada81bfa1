"""The chain head, a baseline record for every event written before the audit log existed, and
PostgreSQL triggers that refuse UPDATE and DELETE on the audit log and on the timeline's events.

Deleting audit records is allowed only to `audit_prune`, which sets `jianyi.audit_prune` for its
transaction, and only for rows older than 180 days. SQLite gets no trigger: Django's test flush
empties tables with DELETE, which a trigger would refuse; there `audit_verify` still catches any
change.
"""

from django.db import migrations
from django.utils import timezone

from audit import chain

TRIGGERS = """
CREATE OR REPLACE FUNCTION jianyi_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_auditrecord'
       AND current_setting('jianyi.audit_prune', true) = 'on'
       AND OLD.at < now() - interval '180 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'jianyi: % on % is not allowed (append-only)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditrecord
    FOR EACH ROW EXECUTE FUNCTION jianyi_refuse_change();
CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON suggestions_event
    FOR EACH ROW EXECUTE FUNCTION jianyi_refuse_change();
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditrecord;
DROP TRIGGER IF EXISTS event_append_only ON suggestions_event;
DROP FUNCTION IF EXISTS jianyi_refuse_change();
"""


def baseline(apps, schema_editor):
    ChainHead = apps.get_model("audit", "ChainHead")
    AuditRecord = apps.get_model("audit", "AuditRecord")
    Event = apps.get_model("suggestions", "Event")
    head, _ = ChainHead.objects.get_or_create(pk=1, defaults={"hash": chain.GENESIS, "pruned_hash": chain.GENESIS})
    now = timezone.now()
    batch = []
    for e in Event.objects.order_by("id").iterator(chunk_size=2000):
        row = AuditRecord(
            seq=head.seq + 1,
            at=now,
            kind="baseline",
            action=f"step:{e.name}"[:100],
            target=f"suggestions.suggestion:{e.suggestion_id}",
            outcome="success",
            detail={},
            event_id=e.id,
            event_hash=chain.event_hash(e),
            prev_hash=head.hash,
        )
        row.hash = chain.record_hash(row)
        head.seq, head.hash = row.seq, row.hash
        batch.append(row)
        if len(batch) >= 2000:
            AuditRecord.objects.bulk_create(batch)
            batch = []
    AuditRecord.objects.bulk_create(batch)
    head.save()


def triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGERS, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGERS, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_audit_log"),
        ("suggestions", "0002_assignment_lead_first"),
    ]

    operations = [
        migrations.RunPython(baseline, migrations.RunPython.noop),
        migrations.RunPython(triggers, drop_triggers),
    ]
