"""Room for an updated row on each page of the suggestion table; one index fewer on the events.

A fifth of each page is left free (PostgreSQL only; it was a tenth, 0010). A suggestion's row is
about 1.3 kB, so a tenth of an 8 kB page seldom held one more version of it: three updates in four
were not HOT and wrote a new entry into each of the table's fifteen indexes. At 1,000,000
suggestions the reminder scan's version bump of 18,000 rows took 1.29 s on full pages and 0.30 s
with room (the setting applies to pages written from now on; `VACUUM FULL suggestions_suggestion`
applies it to a table that already holds rows).

The events (20M rows at 1M suggestions) are read by suggestion only, through the (suggestion, at)
index: the foreign keys' own indexes (suggestion, actor, unit) were three more entries to write per
event in the largest table.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def set_fillfactor(apps, schema_editor, value=80):
    if schema_editor.connection.vendor == "postgresql":
        table = schema_editor.quote_name(apps.get_model("suggestions", "Suggestion")._meta.db_table)
        schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {int(value)})")


def reset_fillfactor(apps, schema_editor):
    set_fillfactor(apps, schema_editor, value=90)


class Migration(migrations.Migration):
    dependencies = [
        ("congress", "0004_merge_calendar_and_encryption"),
        ("suggestions", "0013_open_deadlines_and_sent_replies_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(set_fillfactor, reset_fillfactor),
        migrations.AlterField(
            model_name="event",
            name="suggestion",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="suggestions.suggestion",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="congress.unit",
            ),
        ),
    ]
