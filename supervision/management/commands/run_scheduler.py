"""The embedded scheduler: every SCHEDULER_INTERVAL seconds, scan deadlines, close lapsed ratings and
refresh the recommender's history.

`make run` starts it next to runserver. Each tick is repeat-safe, so running it beside RQ workers
or twice by mistake sends nothing twice. In production use `enqueue_jobs` from cron and `rqworker`.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from supervision.jobs import run_periodic


class Command(BaseCommand):
    help = "定时扫描办理期限、发送催办、办结评价期满的建议并更新交办历史汇总"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=None, help="seconds between runs")
        parser.add_argument("--once", action="store_true", help="run one tick and exit")

    def handle(self, *args, interval=None, once=False, **options):
        interval = interval or settings.SCHEDULER_INTERVAL
        while True:
            try:
                result = run_periodic()
                self.stdout.write(f"scheduler: {result}")
            except Exception as exc:  # keep the loop alive; the next tick retries
                self.stderr.write(f"scheduler tick failed: {exc!r}")
            if once:
                return
            time.sleep(interval)
            close_old_connections()  # a long-running loop must not keep a dead connection
