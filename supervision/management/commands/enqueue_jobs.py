"""Put one tick of the periodic jobs on the RQ queue (run it from cron in production): the reminder
scan, lapsed ratings and the recommender's history."""

from django.conf import settings
from django.core.management.base import BaseCommand

from supervision.queue import queue


class Command(BaseCommand):
    help = "将定时任务（催办扫描、评价期满办结、交办历史汇总）加入 RQ 队列"

    def add_arguments(self, parser):
        parser.add_argument("--queue", default=None, help=f"queue name (default {settings.RQ_QUEUE})")

    def handle(self, *args, **options):
        job = queue(options.get("queue")).enqueue("supervision.jobs.run_periodic")
        self.stdout.write(f"enqueued {job.id}")
