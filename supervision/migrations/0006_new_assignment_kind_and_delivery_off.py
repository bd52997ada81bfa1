"""The 新交办 notification kind; delivery settings kept as the kinds turned off.

A saved row listed the kinds turned on, so a kind added later (交办调整 before, 新交办 now) was off
by SMS and email for everyone who had saved the page. Rows now list what was turned off: every kind
offered so far and not ticked. A new kind is on until the person turns it off.
"""

from django.db import migrations, models

# The kinds the settings page offered before this migration.
OFFERED = [
    "due_soon",
    "overdue",
    "manual",
    "extension",
    "instruction",
    "key",
    "commitment",
    "inspection",
    "review_opinion",
    "assignment",
]


def to_off(apps, schema_editor):
    DeliverySettings = apps.get_model("supervision", "DeliverySettings")
    for row in DeliverySettings.objects.all():
        row.sms_off = [k for k in OFFERED if k not in (row.sms_kinds or [])]
        row.email_off = [k for k in OFFERED if k not in (row.email_kinds or [])]
        row.save(update_fields=["sms_off", "email_off"])


def to_on(apps, schema_editor):
    DeliverySettings = apps.get_model("supervision", "DeliverySettings")
    kinds = [*OFFERED, "new_assignment"]
    for row in DeliverySettings.objects.all():
        row.sms_kinds = [k for k in kinds if k not in row.sms_off]
        row.email_kinds = [k for k in kinds if k not in row.email_off]
        row.save(update_fields=["sms_kinds", "email_kinds"])


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0005_merge_filing_answers_watermark_notification"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("due_soon", "临期提醒"),
                    ("overdue", "逾期催办"),
                    ("manual", "催办"),
                    ("extension", "延期申请"),
                    ("instruction", "督办批示"),
                    ("key", "重点督办"),
                    ("commitment", "B类承诺"),
                    ("inspection", "专题视察"),
                    ("review_opinion", "审议意见"),
                    ("assignment", "交办调整"),
                    ("new_assignment", "新交办"),
                ],
                max_length=20,
                verbose_name="类型",
            ),
        ),
        migrations.AddField(
            model_name="deliverysettings",
            name="sms_off",
            field=models.JSONField(blank=True, default=list, verbose_name="不发短信的类型"),
        ),
        migrations.AddField(
            model_name="deliverysettings",
            name="email_off",
            field=models.JSONField(blank=True, default=list, verbose_name="不发邮件的类型"),
        ),
        migrations.RunPython(to_off, to_on),
        migrations.RemoveField(model_name="deliverysettings", name="sms_kinds"),
        migrations.RemoveField(model_name="deliverysettings", name="email_kinds"),
    ]
