"""Measure the unit recommender on a labelled file: `manage.py recommend_eval FILE.tsv`.

FILE.tsv is UTF-8 with a header naming at least `title` and `lead_unit` (the unit's official full
name, as in the unit directory); `body` is optional and other columns are ignored. Per-row results go
to FILE.results.tsv (or --out); the last line printed is `top1=<f> top3=<f> n=<rows>`. A row whose
unit is not in the directory counts as a miss. The recommender sees only the title and body, the
units' duties and the past assignments in the database, never the labels.
"""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assist.recommend import rank_texts
from congress.models import Unit
from stats import cells


class Command(BaseCommand):
    help = "评估智能交办推荐：读取带标注的 TSV（title、lead_unit 列），输出 top1/top3 命中率"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--out", help="逐行结果文件（默认 FILE.results.tsv）")

    def handle(self, *args, file, out=None, **options):
        path = Path(file)
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh, delimiter="\t"))
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取 {file}：{exc}") from exc
        if rows and not {"title", "lead_unit"} <= set(rows[0]):
            raise CommandError("表头须包含 title 和 lead_unit 两列")
        if not Unit.objects.filter(is_active=True).exists():
            raise CommandError("单位名录为空：请先加载承办单位（如 manage.py load_demo）")
        known = set(Unit.objects.filter(is_active=True).values_list("name", flat=True))
        items = [(i, (r.get("title") or "").strip(), (r.get("body") or "").strip()) for i, r in enumerate(rows)]
        ranked = rank_texts(items, n=3)
        top1 = top3 = 0
        out_path = Path(out) if out else path.with_suffix(".results.tsv")
        with out_path.open("w", encoding="utf-8", newline="") as fh:
            writer = cells.writer(fh, delimiter="\t")  # titles may start with = + - @
            writer.writerow(["title", "lead_unit", "known", "rank", "top1", "top2", "top3"])
            for i, row in enumerate(rows):
                want = (row.get("lead_unit") or "").strip()
                names = [r.unit.name for r in ranked[i].units[:3]]
                rank = names.index(want) + 1 if want in known and want in names else 0
                top1 += rank == 1
                top3 += rank >= 1
                writer.writerow([row.get("title", ""), want, "yes" if want in known else "no", rank, *names])
        n = len(rows)
        self.stdout.write(f"逐行结果：{out_path}")
        self.stdout.write(f"top1={top1 / n if n else 0:.3f} top3={top3 / n if n else 0:.3f} n={n}")
