"""Load the deterministic demo congress (see demo/loader.py)."""

from django.core.management.base import BaseCommand, CommandError

from demo import loader as demo


class Command(BaseCommand):
    help = "载入演示数据：河南省人大代表建议办理的完整模拟（确定性，可重复）"

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="已有建议数据时什么也不做")
        parser.add_argument("--seed", type=int, default=demo.SEED, help="随机种子（默认 %(default)s）")
        parser.add_argument("--scale", type=float, default=1.0, help="建议数量的比例（测试用，如 0.05）")

    def handle(self, *args, if_empty, seed, scale, **options):
        if demo.is_loaded():
            if if_empty:
                self.stdout.write("数据库中已有建议数据，跳过演示数据载入。")
                return
            raise CommandError("数据库中已有建议数据；演示数据只能载入空数据库（可加 --if-empty 跳过）。")
        if not 0 < scale <= 1:
            raise CommandError("--scale 须在 0 与 1 之间")
        self.stdout.write(f"正在载入演示数据（种子 {seed}，比例 {scale}）……")
        summary = demo.load(seed=seed, scale=scale, log=self.stdout.write)
        counts = "，".join(f"{label} {n}" for label, n in summary.by_status.items() if n)
        self.stdout.write(counts)
        self.stdout.write(
            self.style.SUCCESS(
                f"已载入 {summary.suggestions} 条建议（{summary.steps} 个办理步骤），用时 {summary.seconds:.1f} 秒。"
            )
        )
