"""The aggregates every figure is read from, kept current by the write path.

Two tables (stats/models.py):

- `SuggestionFacts`: one row per non-draft suggestion holding, as 0/1 columns, each condition of
  `figures._aggregates` (the numerator and denominator of every rate, its stage, its reminders)
  and the keys it is grouped by (session, term, lead unit, field, delegation), plus its earliest
  open deadline. `figures.per_suggestion` builds the row from the same conditions the recount
  uses, so a figure has one definition.
- `FigureCount`: the sums of those columns per session and per (session, unit | field |
  delegation). A dashboard over a session, a term or everything sums a few hundred rows.

`update_for` runs inside every step's transaction (`suggestions.derived.update_for`): it
recomputes the suggestion's facts, writes them, and adds the difference to the four counters
it belongs to (old keys minus, new keys plus), in key order so concurrent steps cannot deadlock.

Overdue depends on the day: a fact is written overdue as of the day of the step, and
`counters.advance_overdue(today)` (a repeat-safe job with a watermark, run by the first write of a
day and before a read when the watermark is behind) marks those whose earliest deadline has since
passed. Time only ever makes a suggestion overdue; leaving overdue takes a step, which recomputes it.

`check` compares every figure with a full recount; `rebuild` rewrites both tables from scratch
(`manage.py figures_check [--repair]`).
"""

from collections import Counter, defaultdict
from datetime import date

from django.db import connection, transaction
from django.db.models import F, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from jianyi import bulk
from suggestions.models import Assignment, Status, Suggestion

from . import counters, figures
from .counters import DIMS, columns
from .models import FigureCount, FiguresClock, SuggestionFacts, measure_names


def fact_rows(qs: QuerySet, today: date | None = None) -> QuerySet:
    """The facts of the suggestions in `qs`, as values() in the column order of the facts table."""
    lead = Assignment.objects.filter(suggestion=OuterRef("pk"), role=Assignment.Role.LEAD, is_active=True)
    zero = Value(0)
    keys = {
        "fact_id": F("pk"),
        "session_key": F("session_id"),
        "term_key": Coalesce(F("session__term_id"), zero),
        "unit_key": Coalesce(Subquery(lead.values("unit_id")[:1], output_field=IntegerField()), zero),
        "field_key": Coalesce(F("field_id"), zero),
        "delegation_key": Coalesce(F("lead_deputy__delegation_id"), zero),
    }
    # Prefixed: some names (`reminders`) are relations of Suggestion.
    annotations = {
        f"x_{k}": v for k, v in {**keys, **figures.per_suggestion(qs, today or timezone.localdate())}.items()
    }
    return qs.exclude(status=Status.DRAFT).order_by().annotate(**annotations).values(*annotations)


# The keys a counter row is found by (the facts columns of DIMS).
DIM_KEYS = ["session_key", *(keycol for _, keycol in DIMS if keycol)]


def _add(deltas: dict, row: dict, sign: int) -> None:
    present = [(m, row[m]) for m in measure_names() if row[m]]
    for dim, keycol in DIMS:
        target = deltas[(row["session_key"], dim, row[keycol] if keycol else 0)]
        for m, value in present:
            target[m] += sign * value


def update_for(ids) -> None:
    """Recompute the facts of these suggestions and move the counters by the difference.

    Call inside the transaction of the write (the suggestions' rows are locked by it).
    """
    ids = list(ids)
    if not ids:
        return
    with transaction.atomic():
        counters.advance_if_behind()
        if len(ids) == 1:
            _update_one(ids[0])
        else:
            _update_many(ids)


def _update_one(pk: int) -> None:
    old = list(SuggestionFacts.objects.select_for_update().filter(suggestion_id=pk).values(*columns()))
    new = _facts_of_one(pk, timezone.localdate())
    deltas: dict = defaultdict(lambda: defaultdict(int))
    for row in old:
        _add(deltas, row, -1)
    for row in new:
        _add(deltas, row, +1)
    SuggestionFacts.objects.filter(suggestion_id=pk).delete()
    SuggestionFacts.objects.bulk_create([SuggestionFacts(suggestion_id=row.pop("fact_id"), **row) for row in new])
    counters.add(deltas)


def _update_many(ids: list[int]) -> None:
    """A bulk write's facts, set-based: the rows never pass through Python. They are rewritten by one
    INSERT ... SELECT, and the counters move by the group sums after minus the group sums before
    (one GROUP BY query each), so the queries are a fixed few however many suggestions."""
    bulk.no_jit()
    held = SuggestionFacts.objects.filter(bulk.any_of("suggestion", ids))
    # Lock them first: the overdue job changes facts rows without the suggestions' locks.
    list(held.select_for_update().values_list("pk", flat=True))
    deltas: dict = defaultdict(lambda: defaultdict(int))
    _add_sums(deltas, held, -1)
    held.delete()
    q = connection.ops.quote_name
    sql, params = _sql(fact_rows(Suggestion.objects.filter(bulk.any_of("pk", ids))))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q(SuggestionFacts._meta.db_table)} ({', '.join(q(c) for c in columns())}) {sql}",  # noqa: S608 - quoted names
            params,
        )
    _add_sums(deltas, held, +1)
    counters.add(deltas)


def _add_sums(deltas: dict, rows: QuerySet, sign: int) -> None:
    """Add the sums of `rows` to `deltas` (times `sign`): summed per key combination by the database
    (a batch holds a few hundred), then spread over the counters' keys as `_add` does for one row."""
    names = measure_names()
    for row in rows.order_by().values(*DIM_KEYS).annotate(**{f"s_{n}": Sum(n) for n in names}):
        _add(deltas, {**{k: row[k] for k in DIM_KEYS}, **{n: row[f"s_{n}"] for n in names}}, sign)


def count_events(events) -> None:
    """Add what these events count by being written (each `remind` event is one 催办 of its
    suggestion) to the facts and the counters, for a write that changed nothing else a figure reads
    (the reminder scan): a few queries per 5,000 suggestions, where recomputing their facts is a
    query of some 30 subqueries per row. Call inside the events' transaction."""
    per = Counter(e.suggestion_id for e in events if e.name == figures.REMIND_EVENT)
    if not per:
        return
    keys = [keycol for _dim, keycol in DIMS if keycol]
    by_count: dict[int, list[int]] = defaultdict(list)
    for pk, n in sorted(per.items()):
        by_count[n].append(pk)
    q = connection.ops.quote_name
    table, returned = q(SuggestionFacts._meta.db_table), ", ".join(q(c) for c in ("session_key", *keys))
    with transaction.atomic(), connection.cursor() as cursor:
        deltas: dict = defaultdict(lambda: defaultdict(int))
        # One UPDATE per chunk both locks and changes the rows, and returns the keys of their counters.
        for n, pks in sorted(by_count.items()):
            for start in range(0, len(pks), 5000):
                where, ids = bulk.any_of_sql(q("suggestion_id"), pks[start : start + 5000])
                cursor.execute(
                    f"UPDATE {table} SET reminders = reminders + %s WHERE {where} RETURNING {returned}",  # noqa: S608 - our own names
                    [n, *ids],
                )
                for session_key, *values in cursor.fetchall():
                    row = dict(zip(keys, values, strict=True))
                    for dim, keycol in DIMS:
                        deltas[(session_key, dim, row[keycol] if keycol else 0)]["reminders"] += n
        counters.add(deltas)


# Building and compiling the facts query (some 30 annotations) cost far more than running it: a
# step's facts reuse the SQL compiled once, with only the suggestion's id and the day changed.
_ONE = -7_919_000_001  # a stand-in id no row has, replaced by the real one in the parameters
_DAY = date(1901, 2, 3)  # a stand-in day, replaced by today (a date, or its text on SQLite)
_compiled: dict = {}


def _facts_of_one(pk: int, today: date) -> list[dict]:
    key = (connection.alias, connection.vendor)
    if key not in _compiled:
        sql, params = fact_rows(Suggestion.objects.filter(pk=_ONE), _DAY).query.sql_with_params()
        ids = [i for i, p in enumerate(params) if p == _ONE and not isinstance(p, bool)]
        days = [i for i, p in enumerate(params) if p == _DAY or p == _DAY.isoformat()]
        _compiled[key] = (sql, list(params), ids, days)
    sql, params, ids, days = _compiled[key]
    params = list(params)
    for i in ids:
        params[i] = pk
    for i in days:
        params[i] = today if isinstance(params[i], date) else today.isoformat()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [d[0][2:] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        if isinstance(row.get("next_due"), str):  # SQLite hands dates back as text
            row["next_due"] = date.fromisoformat(row["next_due"])
    return rows


# --- Full rebuild and check ------------------------------------------------------------------------


def _sql(qs: QuerySet) -> tuple[str, tuple]:
    sql, params = qs.query.sql_with_params()
    return sql, params


def rebuild(today: date | None = None) -> int:
    """Rewrite both tables from the suggestions' own rows (set-based: one INSERT ... SELECT each)."""
    today = today or timezone.localdate()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(SuggestionFacts._meta.db_table)}")  # noqa: S608
        write(Suggestion.objects.all(), today)
        count_all(today)
        return SuggestionFacts.objects.count()


def write(qs: QuerySet, today: date) -> None:
    """Insert the facts of the suggestions in `qs`, which have none yet, in one INSERT ... SELECT
    (the counters are left as they are: `count_all` sums them again)."""
    q = connection.ops.quote_name
    sql, params = _sql(fact_rows(qs, today))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q(SuggestionFacts._meta.db_table)} ({', '.join(q(c) for c in columns())}) {sql}",  # noqa: S608 - quoted names
            params,
        )


def count_all(today: date) -> None:
    """Rewrite the counters as the sums of every facts row, current for overdue as of `today`."""
    q = connection.ops.quote_name
    facts, counts = SuggestionFacts._meta.db_table, FigureCount._meta.db_table
    names = measure_names()
    sums = ", ".join(f"SUM({q(n)})" for n in names)
    cols = ", ".join(q(c) for c in ["session_key", "dim", "key", *names])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {q(counts)}")  # noqa: S608 - table names
        for dim, keycol in DIMS:
            key = q(keycol) if keycol else "0"
            group = f"{q('session_key')}, {q(keycol)}" if keycol else q("session_key")
            cursor.execute(
                f"INSERT INTO {q(counts)} ({cols}) SELECT {q('session_key')}, %s, {key}, {sums} "  # noqa: S608
                f"FROM {q(facts)} GROUP BY {group}",
                [dim],
            )
        FiguresClock.objects.update_or_create(pk=1, defaults={"overdue_as_of": today})


def _differences(label: str, kept: figures.Row, recount: figures.Row) -> list[str]:
    out = []
    if kept.total != recount.total:
        out.append(f"{label} 总数: {kept.total} ≠ {recount.total}")
    for key, fig in recount.figures.items():
        mine = kept.figures.get(key)
        if mine is None or (mine.numerator, mine.denominator) != (fig.numerator, fig.denominator):
            got = (mine.numerator, mine.denominator) if mine else None
            out.append(f"{label} {key}: {got} ≠ {(fig.numerator, fig.denominator)}")
    if kept.stages != recount.stages:
        out.append(f"{label} stages: {kept.stages} ≠ {recount.stages}")
    return out


def check(today: date | None = None, sessions=None, groups=("unit", "field", "delegation", "session")) -> list[str]:
    """Every figure from the aggregates against a full recount: the differences (empty: none)."""
    today = today or timezone.localdate()
    scopes = [{}] + [{"session": s} for s in (sessions or [])]
    problems = []
    for filters in scopes:
        where = f"session={filters['session']}" if filters else "全部"
        problems += _differences(
            f"[{where}]", figures.summary(today=today, **filters), figures.recount_summary(today=today, **filters)
        )
        for group in groups:
            kept = {r.key: r for r in figures.table(group, today=today, **filters)}
            recount = {r.key: r for r in figures.recount_table(group, today=today, **filters)}
            for key in sorted(set(kept) | set(recount), key=lambda k: (k is None, k or 0)):
                if key not in kept or key not in recount:
                    problems.append(f"[{where}] {group}={key}: 只在{'汇总' if key in kept else '重算'}中出现")
                    continue
                problems += _differences(f"[{where}] {group}={key}", kept[key], recount[key])
    return problems
