"""The assign page (待交办) reads the registered suggestions in its order through their own index:
at 1M it sorted all 3,637 of the clone's (a national session has ~9,000 before its batch)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0014_event_index_and_fillfactor")]

    operations = [
        migrations.AddIndex(
            model_name="suggestion",
            index=models.Index(
                models.F("number"),
                models.F("id"),
                condition=models.Q(("status", "registered")),
                name="suggestion_registered",
            ),
        ),
    ]
