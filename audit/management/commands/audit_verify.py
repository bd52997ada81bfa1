"""Check the audit chain and the events it vouches for; exit 1 naming the first broken record."""

from django.core.management.base import BaseCommand, CommandError

from audit import chain
from audit.models import AuditRecord, ChainHead
from suggestions.models import Event


class Command(BaseCommand):
    help = "校验审计日志的哈希链及办理环节事件是否被篡改"

    def handle(self, *args, **options):
        head = ChainHead.objects.filter(pk=1).first()
        records = AuditRecord.objects.order_by("seq").iterator(chunk_size=2000)
        events = Event.objects.order_by("id").iterator(chunk_size=2000)
        if head is None and AuditRecord.objects.exists():
            raise CommandError("审计链头缺失（链头记录被删除）")
        broken = chain.verify(records, head, events)
        if broken is not None:
            raise CommandError(f"审计日志校验失败：{broken}")
        count = AuditRecord.objects.count()
        self.stdout.write(f"审计日志完整：{count} 条记录，{Event.objects.count()} 个办理环节事件均与记录相符。")
