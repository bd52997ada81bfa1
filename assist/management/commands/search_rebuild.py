"""Rebuild the search index (documents and title terms) of every suggestion: after a restore or a
bulk load that bypassed `suggestions.actions`. Repeat-safe. `--clone` fills only the rows a bulk
clone added, from indexed suggestions of the same title (set-based, for the 1M bench dataset).
Either way the recommender's history (`assist.history`), built from the title terms, is rebuilt."""

from django.core.management.base import BaseCommand

from assist import history, search_index


class Command(BaseCommand):
    help = "重建建议全文检索索引"

    def add_arguments(self, parser):
        parser.add_argument("--clone", action="store_true", help="只补齐批量复制的建议（按相同标题复制索引）")

    def handle(self, *args, clone=False, **options):
        n = search_index.clone_by_title() if clone else search_index.rebuild()
        self.stdout.write(f"已索引 {n} 件建议")
        history.refresh(force=True)
        self.stdout.write("已更新交办历史汇总")
