"""The counters every figure over sessions is read from, and their overdue watermark.

`FigureCount` holds the sums of the facts columns per session and per (session, unit | field |
delegation); `add` moves them by deltas, in key order (no deadlocks). Overdue depends on the day:
`advance_overdue(today)` (a repeat-safe job with a watermark, `FiguresClock`) marks the facts whose
earliest open deadline has since passed and moves the counters with them; `overdue_current` tells a
reader whether the counters hold for the day asked about.

The write path (`facts`) and the readers (`figures`) both use these; this module uses neither, so
the three do not import each other in a circle.
"""

from collections import defaultdict
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from .models import FigureCount, FiguresClock, SuggestionFacts, measure_names

KEYS = ["session_key", "term_key", "unit_key", "field_key", "delegation_key"]
DIMS = [("all", None), ("unit", "unit_key"), ("field", "field_key"), ("delegation", "delegation_key")]
PARAMS = 10_000  # parameters per upsert of `add`


def columns() -> list[str]:
    """The facts table's columns, in the order `facts.fact_rows` gives them."""
    return ["suggestion_id", *KEYS, *measure_names(), "next_due"]


def add(deltas: dict) -> None:
    """Add the deltas to the counters: one upsert per chunk, keys in order (no deadlocks). Only the
    columns some delta moves are parameters (a reminder scan moves one of the 43): a new row has 0
    in the others, and an existing row keeps them."""
    names = measure_names()
    rows = [(key, d) for key, d in sorted(deltas.items()) if any(d.values())]
    moved = [n for n in names if any(d.get(n) for _key, d in rows)]
    table = q(FigureCount._meta.db_table)
    value = "(%s, %s, %s, " + ", ".join("%s" if n in moved else "0" for n in names) + ")"
    sets = ", ".join(f"{q(n)} = {table}.{q(n)} + excluded.{q(n)}" for n in moved)
    cols = ", ".join(q(c) for c in ["session_key", "dim", "key", *names])
    per = PARAMS // (3 + len(moved))
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        params = []
        for (session_key, dim, key), d in chunk:
            params += [session_key, dim, key, *[d.get(n, 0) for n in moved]]
        sql = (
            f"INSERT INTO {table} ({cols}) VALUES {', '.join([value] * len(chunk))} "  # noqa: S608 - quoted names only
            f"ON CONFLICT ({q('session_key')}, {q('dim')}, {q('key')}) DO UPDATE SET {sets}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def q(name: str) -> str:
    return connection.ops.quote_name(name)


# --- Overdue: a job with a watermark ---------------------------------------------------------------


def advance_overdue(today: date | None = None) -> int:
    """Mark the facts whose earliest open deadline passed before `today` overdue. Repeat-safe."""
    today = today or timezone.localdate()
    with transaction.atomic():
        clock, _ = FiguresClock.objects.get_or_create(pk=1)
        clock = FiguresClock.objects.select_for_update().get(pk=1)
        if clock.overdue_as_of is not None and clock.overdue_as_of >= today:
            return 0
        late = SuggestionFacts.objects.select_for_update().filter(overdue_den=1, overdue_num=0, next_due__lt=today)
        rows = list(late.values(*columns()))
        deltas: dict = defaultdict(lambda: defaultdict(int))
        for row in rows:
            for dim, keycol in DIMS:
                deltas[(row["session_key"], dim, row[keycol] if keycol else 0)]["overdue_num"] += 1
        for start in range(0, len(rows), 5000):
            chunk = [r["suggestion_id"] for r in rows[start : start + 5000]]
            SuggestionFacts.objects.filter(suggestion_id__in=chunk).update(overdue_num=1)
        add(deltas)
        FiguresClock.objects.filter(pk=1).update(overdue_as_of=today)
    return len(rows)


def advance_if_behind() -> None:
    """The first write of a day runs the day's overdue job, so reads rarely have to."""
    real = timezone.localdate()
    as_of = FiguresClock.objects.filter(pk=1).values_list("overdue_as_of", flat=True).first()
    if as_of is None or as_of < real:
        advance_overdue(real)


def overdue_current(today: date | None) -> bool:
    """Whether the counters' overdue figure holds for `today` (advancing the watermark if behind)."""
    real = timezone.localdate()
    if today is not None and today != real:
        return False
    as_of = FiguresClock.objects.filter(pk=1).values_list("overdue_as_of", flat=True).first()
    if as_of == real:
        return True
    if as_of is not None and as_of > real:
        return False
    advance_overdue(real)
    return True
