"""Compare every figure read from the kept aggregates with a full recount; --repair rebuilds them."""

from django.core.management.base import BaseCommand, CommandError

from congress.models import Session
from stats import counters, facts


class Command(BaseCommand):
    help = "核对统计汇总表与逐条重算的结果；--repair 重建汇总表"

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="rebuild the aggregates when they drift")
        parser.add_argument("--all-sessions", action="store_true", help="also compare each session on its own")

    def handle(self, *args, repair=False, all_sessions=False, **options):
        counters.advance_overdue()
        sessions = list(Session.objects.values_list("pk", flat=True)) if all_sessions else []
        problems = facts.check(sessions=sessions)
        for p in problems[:50]:
            self.stdout.write(p)
        if not problems:
            self.stdout.write("统计汇总与重算一致")
            return
        if not repair:
            raise CommandError(f"统计汇总与重算不一致：{len(problems)} 处（用 --repair 重建）")
        n = facts.rebuild()
        left = facts.check(sessions=sessions)
        if left:
            raise CommandError(f"重建后仍有 {len(left)} 处不一致")
        self.stdout.write(f"已重建统计汇总（{n} 件建议），与重算一致")
