"""`manage.py recommend_eval FILE.tsv`: per-row results to a file, `top1= top3= n=` last."""

from io import StringIO

from django.core.management import call_command

from congress.models import Unit
from demo.content import UNITS


def test_eval_counts_unknown_units_as_misses(db, tmp_path):
    Unit.objects.bulk_create(Unit(name=n, short_name=s, kind=k, duties=d) for n, s, k, d in UNITS)
    f = tmp_path / "set.tsv"
    f.write_text(
        "id\ttitle\tlead_unit\tnote\n"
        "1\t关于加快农村公路建设的建议\t河南省交通运输厅\tx\n"
        "2\t关于提高城乡居民医保报销比例的建议\t河南省医疗保障局\t\n"
        "3\t关于加强养老机构监管的建议\t河南省不存在厅\t\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("recommend_eval", str(f), stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "top1=0.667 top3=0.667 n=3"
    rows = (tmp_path / "set.results.tsv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 4 and rows[3].split("\t")[2] == "no"


def test_shipped_dev_set_reaches_the_target(db):
    Unit.objects.bulk_create(Unit(name=n, short_name=s, kind=k, duties=d) for n, s, k, d in UNITS)
    out = StringIO()
    call_command("recommend_eval", "assist/eval/holdout.tsv", "--out", "/dev/null", stdout=out)
    last = dict(kv.split("=") for kv in out.getvalue().strip().splitlines()[-1].split())
    assert float(last["top1"]) >= 0.65 and float(last["top3"]) >= 0.85
