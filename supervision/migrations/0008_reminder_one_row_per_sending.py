"""A reminder is one row per sending with its recipients' ids, not one row per person.

The day's scan at 1M suggestions wrote some 190,000 rows (each deadline's ten or so unit people),
with a unique index and four foreign-key indexes each; now some 18,000. Each existing row becomes a
sending to its one recipient, numbered within its deadline and kind in the order they were written,
so every page shows who was reminded, when and of what as before. On PostgreSQL a GIN index on
`recipients` serves "the reminders sent to me" (`Reminder.objects.to(user)`).
"""

from django.conf import settings
from django.db import migrations, models

TABLE = "supervision_reminder"


def convert(apps, schema_editor):
    build = "jsonb_build_array" if schema_editor.connection.vendor == "postgresql" else "json_array"
    # UPDATE ... FROM: PostgreSQL, and SQLite from 3.33.
    schema_editor.execute(
        f"UPDATE {TABLE} SET recipients = {build}({TABLE}.recipient_id), sending = x.n "  # noqa: S608 - our names
        f"FROM (SELECT id, row_number() OVER (PARTITION BY deadline_id, kind ORDER BY created_at, id) - 1 AS n "
        f"FROM {TABLE}) AS x WHERE x.id = {TABLE}.id"
    )


def add_gin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX reminder_recipients ON {TABLE} USING gin (recipients jsonb_path_ops)")


def drop_gin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS reminder_recipients")


class Migration(migrations.Migration):
    dependencies = [
        ("suggestions", "0012_assignment_tab_indexes"),
        ("supervision", "0007_reminder_scan_per_scope"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="reminder",
            name="recipients",
            field=models.JSONField(default=list, verbose_name="催办对象"),
        ),
        migrations.AddField(
            model_name="reminder",
            name="sending",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(convert),  # one way: a sending to several people has no one recipient
        migrations.RemoveConstraint(
            model_name="reminder",
            name="reminder_once_per_step_and_recipient",
        ),
        migrations.RemoveField(
            model_name="reminder",
            name="recipient",
        ),
        migrations.AddConstraint(
            model_name="reminder",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind__in", ["due_soon", "overdue"])),
                fields=("deadline", "kind", "sending"),
                name="reminder_once_per_sending",
            ),
        ),
        migrations.RunPython(add_gin, drop_gin),
    ]
