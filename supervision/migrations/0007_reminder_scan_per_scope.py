"""One watermark row per scan: the unit tasks' reminder scan (inspections, review opinions) gets its own."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0006_new_assignment_kind_and_delivery_off"),
    ]

    operations = [
        migrations.RenameField(model_name="reminderscan", old_name="deadline_upto", new_name="upto"),
        # The existing row is the deadline scan's.
        migrations.AddField(
            model_name="reminderscan",
            name="scope",
            field=models.CharField(
                choices=[("deadlines", "办理期限"), ("inspection", "专题视察"), ("review_opinion", "审议意见")],
                default="deadlines",
                max_length=20,
                unique=True,
            ),
        ),
    ]
