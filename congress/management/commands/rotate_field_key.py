"""Re-encrypt every deputy's personal data under the newest FIELD_ENCRYPTION_KEY (see docs/security-audit.md)."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from congress import personal
from congress.models import Deputy

FIELDS = ("phone", "id_number", "address")


class Command(BaseCommand):
    help = "用最新的 FIELD_ENCRYPTION_KEY 重新加密代表的个人信息"

    def handle(self, *args, **options):
        table = Deputy._meta.db_table
        columns = ", ".join(connection.ops.quote_name(f) for f in FIELDS)
        count = 0
        with transaction.atomic(), connection.cursor() as cursor:
            # Raw rows: the field would decrypt on read; rotation works on the stored tokens.
            cursor.execute(f"SELECT id, {columns} FROM {table}")  # noqa: S608 -- names are constants
            rows = cursor.fetchall()
            sets = ", ".join(f"{connection.ops.quote_name(f)} = %s" for f in FIELDS)
            for pk, *values in rows:
                cursor.execute(
                    f"UPDATE {table} SET {sets} WHERE id = %s",  # noqa: S608
                    [personal.rotate(v or "") for v in values] + [pk],
                )
                count += 1
        self.stdout.write(f"已用最新密钥重新加密 {count} 位代表的个人信息。")
