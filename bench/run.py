"""Benchmarks: figures and their ratio to a baseline measured in the same run.

These machines are shared and noisy, so every figure is printed next to a baseline taken
moments before on the same database, and the ratio is what to watch:

- write path: one lifecycle step through `actions.step` (lock, checks, conditional UPDATE,
  event row) against a bare `UPDATE ... SET status` of the same row.
- list scaling: one page of `/api/v1/suggestions/` with 2,000 suggestions against the same
  page with 100 (a flat ratio means the page costs the same however large the table grows).

`make bench` runs these on PostgreSQL, then the pages at 1,000,000 suggestions (bench/scale.py) in
the database `jianyi_bench` (BENCH_DATABASE_URL), built on the first run and kept. With a SQLite
BENCH_DATABASE_URL (or none and a SQLite DATABASE_URL) only the first two run.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jianyi.settings")
# On PostgreSQL the 1M-suggestion benchmark runs in its own database, kept between runs.
_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
AT_SCALE = _url.startswith(("postgres://", "postgresql://"))
if AT_SCALE:
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or _url.rsplit("/", 1)[0] + "/jianyi_bench"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def count_queries(fn) -> int:
    """Queries one call makes (counted by a wrapper: a request resets connection.queries)."""
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        fn()
    return len(seen)


def timed(fn, repeat: int) -> float:
    """Median seconds of `repeat` calls."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def bench_write_path(w) -> None:
    from suggestions import actions
    from suggestions.models import Status, Suggestion

    drafts = [w.new_draft(title=f"关于第{i}项工作的建议") for i in range(200)]
    for s in drafts:
        actions.submit(s, actor=w.deputy)
    pending = iter(drafts[:100])
    step = timed(lambda: actions.register(next(pending), actor=w.office), 100)
    plain_ids = iter(s.pk for s in drafts[100:])
    bare = timed(
        lambda: Suggestion.objects.filter(pk=next(plain_ids), status=Status.SUBMITTED).update(status=Status.REGISTERED),
        100,
    )
    print(f"write path   step={step * 1000:.2f} ms  bare UPDATE={bare * 1000:.2f} ms  ratio={step / bare:.1f}x")


def bench_list_scaling(w) -> None:
    from rest_framework.test import APIClient

    from suggestions import actions

    client = APIClient()
    client.force_authenticate(w.office)

    def grow_to(n: int) -> None:
        from suggestions.models import Suggestion

        while Suggestion.objects.count() < n:
            s = w.new_draft(title="关于加快推进县域医共体建设的建议")
            actions.submit(s, actor=w.deputy)

    def page():
        response = client.get("/api/v1/suggestions/?ordering=-id")
        assert response.status_code == 200

    grow_to(300)
    small_q, small = count_queries(page), timed(page, 20)
    grow_to(2000)
    large_q, large = count_queries(page), timed(page, 20)
    print(
        f"list page    300 rows={small * 1000:.1f} ms ({small_q} queries)  "
        f"2000 rows={large * 1000:.1f} ms ({large_q} queries)  ratio={large / small:.2f}x"
    )


def main() -> None:
    started = time.monotonic()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from tests.world import build

        w = build()
        print(f"database: {connection.vendor}")
        bench_write_path(w)
        bench_list_scaling(w)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if AT_SCALE:
        _ensure_database()
        from bench import scale

        scale.main()
    print(f"\nbench finished in {(time.monotonic() - started) / 60:.1f} minutes")


def _ensure_database() -> None:
    """Create the benchmark database when it does not exist yet."""
    import psycopg

    settings = connection.settings_dict
    name = settings["NAME"]
    conninfo = {"host": settings["HOST"] or None, "port": settings["PORT"] or None, "user": settings["USER"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, password=settings["PASSWORD"] or None, **conninfo) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            c.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
