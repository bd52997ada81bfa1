from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops import backup


class Command(BaseCommand):
    help = "备份数据库与上传文件到一个归档文件（PostgreSQL 用 pg_dump，SQLite 用在线备份）"

    def add_arguments(self, parser):
        parser.add_argument("destination", nargs="?", default="var/backups", help="a .tar.gz file or a folder")

    def handle(self, *args, destination, **options):
        target = Path(destination)
        if not target.suffix:
            target.mkdir(parents=True, exist_ok=True)
        try:
            written = backup.create(target)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(written))
