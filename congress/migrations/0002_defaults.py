"""Default rules every congress starts from; each can be changed in the admin."""

from django.db import migrations

CATEGORIES = [
    ("A", "A类", "所提问题已经解决或者基本解决的", "solved"),
    ("B", "B类", "所提问题正在解决或者已列入规划逐步解决的", "planned"),
    ("C", "C类", "所提问题因条件限制或其他原因需要以后解决的，须说明原因", "deferred"),
    ("D", "D类", "所提建议留作参考的", "reference"),
]
FIELDS = ["财税金融", "科教文卫", "城乡建设", "农林水利", "资源环境", "乡村振兴", "交通运输", "工业经济",
          "社会保障", "政法民族宗教", "其他"]
RULES = [
    ("intersession_assign", 5, "working_days"),
    ("sign", 3, "working_days"),
    ("reassign_window", 5, "working_days"),
    ("co_opinion", 1, "months"),
    ("reply", 3, "months"),
    ("reply_complex", 6, "months"),
    ("re_reply", 2, "months"),
    ("rating", 1, "months"),
    ("second_reply", 12, "months"),
]


def install(apps, schema_editor):
    ReplyCategory = apps.get_model("congress", "ReplyCategory")
    Field = apps.get_model("congress", "Field")
    DeadlineRule = apps.get_model("congress", "DeadlineRule")
    Policy = apps.get_model("congress", "Policy")
    for order, (code, name, definition, outcome) in enumerate(CATEGORIES):
        ReplyCategory.objects.get_or_create(
            code=code, defaults={"name": name, "definition": definition, "outcome": outcome, "order": order}
        )
    for order, name in enumerate(FIELDS):
        Field.objects.get_or_create(name=name, defaults={"order": order})
    for kind, amount, unit in RULES:
        DeadlineRule.objects.get_or_create(kind=kind, defaults={"amount": amount, "unit": unit})
    Policy.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("congress", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
