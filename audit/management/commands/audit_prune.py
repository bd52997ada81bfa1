"""Remove audit records older than the retention period (at least 180 days), keeping the chain checkable.

The removed records' last hash and the highest event they vouched for are kept on the chain head
and in a `prune` record appended to the chain, so `audit_verify` still checks what remains.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from audit import log
from audit.models import AuditRecord, ChainHead, Kind

MIN_RETENTION_DAYS = 180


def prune(days: int, *, now=None) -> int:
    retention = max(MIN_RETENTION_DAYS, settings.AUDIT_RETENTION_DAYS)
    if days < retention:
        raise CommandError(f"审计记录至少保存 {retention} 天，不能清理 {days} 天以内的记录")
    cutoff = (now or timezone.now()) - timedelta(days=days)
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().get(pk=1)
        # Only a prefix of the chain may go: up to the last record before the first young one.
        young = AuditRecord.objects.filter(at__gte=cutoff).order_by("seq").values_list("seq", flat=True).first()
        old = AuditRecord.objects.filter(seq__gt=head.pruned_seq, at__lt=cutoff)
        if young is not None:
            old = old.filter(seq__lt=young)
        last = old.order_by("-seq").first()
        if last is None:
            return 0
        event_max = old.aggregate(m=Max("event_id"))["m"] or 0
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jianyi.audit_prune = 'on'")
        count, _ = AuditRecord.objects.filter(seq__lte=last.seq).delete()
        ChainHead.objects.filter(pk=1).update(
            pruned_seq=last.seq, pruned_hash=last.hash, pruned_event_id=max(head.pruned_event_id, event_max)
        )
        log.record(
            Kind.PRUNE,
            "prune",
            detail={"pruned_seq": last.seq, "pruned_hash": last.hash, "count": count, "days": days},
        )
    return count


class Command(BaseCommand):
    help = "清理超过保存期限的审计记录（保存期限不少于180天）"

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, default=None, help="默认为 AUDIT_RETENTION_DAYS")

    def handle(self, *args, older_than_days, **options):
        days = older_than_days if older_than_days is not None else settings.AUDIT_RETENTION_DAYS
        count = prune(days)
        self.stdout.write(f"已清理 {count} 条超过 {days} 天的审计记录。")
