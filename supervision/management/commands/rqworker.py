"""An RQ worker for the jobs of this project, connected through settings.REDIS_URL."""

from django.conf import settings
from django.core.management.base import BaseCommand

from supervision.queue import queue, redis_connection


class Command(BaseCommand):
    help = "运行 RQ 后台任务进程"

    def add_arguments(self, parser):
        parser.add_argument("queues", nargs="*", help=f"queue names (default {settings.RQ_QUEUE})")
        parser.add_argument("--burst", action="store_true", help="exit when the queues are empty")
        parser.add_argument("--simple", action="store_true", help="run jobs in this process (no fork)")

    def handle(self, *args, queues=(), burst=False, simple=False, **options):
        from rq import SimpleWorker, Worker

        worker_class = SimpleWorker if simple else Worker
        worker = worker_class([queue(n) for n in (queues or [settings.RQ_QUEUE])], connection=redis_connection())
        worker.work(burst=burst)
