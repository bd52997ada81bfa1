from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops import backup


class Command(BaseCommand):
    help = "从备份归档恢复数据库与上传文件（会覆盖当前数据）"

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, archive, yes, **options):
        source = Path(archive)
        if not source.is_file():
            raise CommandError(f"找不到备份文件：{source}")
        if not yes and input("恢复将覆盖当前数据库和上传文件。输入 yes 继续：").strip() != "yes":
            raise CommandError("已取消")
        try:
            manifest = backup.restore(source)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored {source} (made {manifest['created_at']})")
