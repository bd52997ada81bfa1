# ruff: noqa: S608 - SQL built from our own table and column names only
"""The 1,000,000-suggestion dataset in PostgreSQL, built once by bulk loading and kept.

The demo is loaded through the write path into an empty database, then its non-draft
suggestions and their rows (deputies, assignments, deadlines, events, replies, evaluations,
handling records) are cloned with INSERT ... SELECT into 100 sessions of 10,000: copy c of a
row gets id + c·stride, so foreign keys follow by the same arithmetic. The tables' secondary
indexes are dropped for the copy and created again after it (one sort each instead of millions of
row-by-row inserts), and so are the search index's while it is copied. The derived list columns,
the figures' aggregates, the search index (by title) and the recommender's history are then
rebuilt set-based. A marker row (the term named BENCH_TERM) says the dataset is complete, so the
next run reuses it.
"""

import os
import time
from contextlib import contextmanager
from datetime import date

from django.core.management import call_command
from django.db import connection, transaction

# BENCH_SESSIONS / BENCH_PER_SESSION make a small dataset to try the benchmark itself quickly.
SESSIONS = int(os.environ.get("BENCH_SESSIONS", "100"))
PER_SESSION = int(os.environ.get("BENCH_PER_SESSION", "10000"))
TOTAL = SESSIONS * PER_SESSION
# The clone's source: every kind of record is in a fifth of the demo, and it loads in minutes.
DEMO_SCALE = float(os.environ.get("BENCH_DEMO_SCALE", "0.2"))
BENCH_TERM = "基准测试届"


def log(msg: str) -> None:
    print(f"[dataset {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def is_built() -> bool:
    from congress.models import Term

    return Term.objects.filter(name=BENCH_TERM, end_date__isnull=False).exists()


def _cols(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


def _stride(cursor, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608 - our own table names
    return cursor.fetchone()[0]


def _shapes(indexes) -> list[tuple[str, str, bool]]:
    """Name, definition and whether partial: PostgreSQL prints a predicate it parsed again in
    other words (`ANY ((ARRAY['a'::varchar])::text[])` becomes `ANY (ARRAY[('a'::varchar)::text])`)."""
    return [(name, definition.split(" WHERE ")[0], " WHERE " in definition) for name, definition in indexes]


@contextmanager
def _indexes_rebuilt_after(cursor, tables):
    """Drop the tables' indexes that no constraint owns, and on the way out create the same ones
    again (their definitions read from the catalog, and checked against it at the end).

    An INSERT ... SELECT of millions of rows maintains every index of the table row by row; a
    CREATE INDEX sorts the table once and is many times faster. Primary keys and unique
    constraints stay: the clone appends to them in key order, which costs little.
    """
    listing = (
        "SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = current_schema() "
        "AND tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conindid = format('%%I.%%I', i.schemaname, i.indexname)::regclass AND c.contype IN ('p', 'u', 'x')) "
        "ORDER BY indexname"
    )
    cursor.execute(listing, [list(tables)])
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    t0 = time.monotonic()
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # CREATE INDEX refuses a table with foreign key checks pending
    # Memory for the sorts (the default 64 MB spills to disk at a million rows); this transaction only.
    cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
    for _, definition in indexes:
        cursor.execute(definition)
    cursor.execute(listing, [list(tables)])
    if _shapes(cursor.fetchall()) != _shapes(indexes):
        raise RuntimeError("the indexes created again differ from those dropped")
    cursor.execute(
        "SELECT indexrelid::regclass::text FROM pg_index WHERE indcheckxmin AND indrelid::regclass::text = ANY(%s)",
        [list(tables)],
    )
    if unusable := [name for (name,) in cursor.fetchall()]:
        log(f"  warning: not usable until older transactions end (indcheckxmin): {', '.join(unusable)}")
    log(f"  {len(indexes)} indexes created in {time.monotonic() - t0:.0f} s")


def build() -> None:
    from assist import history, search_index
    from assist.models import SearchDocument, SearchTerm
    from congress.models import Session, Term
    from stats import facts
    from suggestions import derived
    from suggestions.models import (
        Assignment,
        Deadline,
        Evaluation,
        Event,
        HandlingRecord,
        Reply,
        Suggestion,
        SuggestionDeputy,
    )

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    if not Suggestion.objects.exists():
        log(f"loading the demo at scale {DEMO_SCALE} through the write path (a few minutes) ...")
        call_command("load_demo", scale=DEMO_SCALE, verbosity=0)
    Term.objects.filter(name=BENCH_TERM).delete() if not Session.objects.filter(
        term__name=BENCH_TERM
    ).exists() else None
    if Session.objects.filter(term__name=BENCH_TERM).exists():
        raise SystemExit("a half-built dataset is in the way: drop the database jianyi_bench and run again")
    term = Term.objects.create(number=99, name=BENCH_TERM, start_date=date(1900, 1, 1))
    sessions = Session.objects.bulk_create(
        Session(
            term=term,
            number=k + 1,
            name=f"基准第{k + 1}次会议",
            start_date=date(1910 + k, 3, 1),
            end_date=date(1910 + k, 3, 10),
            catalogue_published=True,
        )
        for k in range(SESSIONS)
    )
    first_session = min(s.pk for s in sessions)
    tables = {m: m._meta.db_table for m in (Suggestion, SuggestionDeputy, Assignment, Deadline, Event, Reply)}
    tables.update({Evaluation: Evaluation._meta.db_table, HandlingRecord: HandlingRecord._meta.db_table})
    with connection.cursor() as cursor:
        # The demo's dead row versions go first. A CREATE INDEX that meets an updated row's old
        # version still visible to a snapshot (any long transaction on the server) marks the index
        # unusable to older snapshots (pg_index.indcheckxmin), and the rebuilds below then planned
        # without it: row-by-row scans of a million rows.
        cursor.execute(
            f"VACUUM {', '.join([*tables.values(), SearchDocument._meta.db_table, SearchTerm._meta.db_table])}"
        )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        # The clone's foreign keys hold by construction (same arithmetic on both sides); checking
        # millions of them at COMMIT (Django's constraints are deferred) took longer than the copy.
        # Needs a superuser, as the benchmark's `postgres` is; otherwise they are checked.
        try:
            with transaction.atomic():
                cursor.execute("SET LOCAL session_replication_role = replica")
        except Exception:  # noqa: BLE001 - not allowed: keep the checks
            log("foreign keys are checked at COMMIT (not a superuser)")
        stride = {m: _stride(cursor, t) for m, t in tables.items()}
        cursor.execute(
            "CREATE TEMP TABLE src ON COMMIT DROP AS SELECT id, (ROW_NUMBER() OVER (ORDER BY id)) - 1 AS rank "
            f"FROM {tables[Suggestion]} WHERE status <> 'draft'"
        )
        cursor.execute("SELECT COUNT(*) FROM src")
        n = cursor.fetchone()[0]
        copies = -(-TOTAL // n)
        # One row per clone: copy c (1..copies) of source suggestion `id`, its global index g.
        cursor.execute(
            "CREATE TEMP TABLE cl ON COMMIT DROP AS SELECT c, src.id AS src_id, (c - 1) * %s + rank AS g "
            "FROM src CROSS JOIN generate_series(1, %s) AS c WHERE (c - 1) * %s + rank < %s",
            [n, copies, n, TOTAL],
        )
        cursor.execute("CREATE INDEX ON cl (src_id, c)")
        cursor.execute("ANALYZE cl")
        log(f"cloning {n} demo suggestions {copies} times into {SESSIONS} sessions of {PER_SESSION} ...")

        def clone(model, select: dict, join: str) -> None:
            cols = _cols(model)
            exprs = [select.get(c, f"t.{c}") for c in cols]
            t0 = time.monotonic()
            cursor.execute(
                f"INSERT INTO {tables[model]} ({', '.join(cols)}) SELECT {', '.join(exprs)} "
                f"FROM {tables[model]} t {join}"
            )
            log(f"  {tables[model]}: {cursor.rowcount} rows in {time.monotonic() - t0:.0f} s")

        with _indexes_rebuilt_after(cursor, tables.values()):
            sid = stride[Suggestion]
            clone(
                Suggestion,
                {
                    "id": f"t.id + cl.c * {sid}",
                    "session_id": f"{first_session} + cl.g / {PER_SESSION}",
                    "number": f"CASE WHEN t.number IS NULL THEN NULL ELSE cl.g % {PER_SESSION} + 1 END",
                    "session_start": f"make_date(1910 + (cl.g / {PER_SESSION})::int, 3, 1)",
                    "merged_into_id": f"CASE WHEN t.merged_into_id IS NULL OR m.g IS NULL THEN NULL "
                    f"ELSE t.merged_into_id + cl.c * {sid} END",
                },
                "JOIN cl ON cl.src_id = t.id LEFT JOIN cl m ON m.src_id = t.merged_into_id AND m.c = cl.c",
            )
            on_suggestion = "JOIN cl ON cl.src_id = t.suggestion_id"
            clone(
                SuggestionDeputy,
                {"id": f"t.id + cl.c * {stride[SuggestionDeputy]}", "suggestion_id": f"t.suggestion_id + cl.c * {sid}"},
                on_suggestion,
            )
            clone(
                Assignment,
                {"id": f"t.id + cl.c * {stride[Assignment]}", "suggestion_id": f"t.suggestion_id + cl.c * {sid}"},
                on_suggestion,
            )
            clone(
                Deadline,
                {
                    "id": f"t.id + cl.c * {stride[Deadline]}",
                    "suggestion_id": f"t.suggestion_id + cl.c * {sid}",
                    "assignment_id": f"t.assignment_id + cl.c * {stride[Assignment]}",
                },
                on_suggestion,
            )
            clone(
                Reply,
                {"id": f"t.id + cl.c * {stride[Reply]}", "suggestion_id": f"t.suggestion_id + cl.c * {sid}"},
                on_suggestion,
            )
            clone(
                Evaluation,
                {"id": f"t.id + cl.c * {stride[Evaluation]}", "reply_id": f"t.reply_id + cl.c * {stride[Reply]}"},
                f"JOIN {tables[Reply]} r ON r.id = t.reply_id JOIN cl ON cl.src_id = r.suggestion_id",
            )
            clone(
                HandlingRecord,
                {"id": f"t.id + cl.c * {stride[HandlingRecord]}", "suggestion_id": f"t.suggestion_id + cl.c * {sid}"},
                on_suggestion,
            )
            clone(
                Event,
                {"id": f"t.id + cl.c * {stride[Event]}", "suggestion_id": f"t.suggestion_id + cl.c * {sid}"},
                on_suggestion,
            )
        for table in tables.values():
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    log("analyze ...")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    t0 = time.monotonic()
    derived.rebuild()
    log(f"list columns rebuilt in {time.monotonic() - t0:.0f} s; figures' aggregates ...")
    t0 = time.monotonic()
    facts.rebuild()
    log(f"aggregates rebuilt in {time.monotonic() - t0:.0f} s")
    # The clones' search index, copied from the demo's suggestions of the same title, and then the
    # recommender's history over all of it (the clone wrote no events: forced).
    t0 = time.monotonic()
    search_tables = [SearchDocument._meta.db_table, SearchTerm._meta.db_table]
    with transaction.atomic(), connection.cursor() as cursor, _indexes_rebuilt_after(cursor, search_tables):
        added = search_index.clone_by_title()
    log(f"search index: {added} cloned documents indexed by title in {time.monotonic() - t0:.0f} s")
    t0 = time.monotonic()
    rows = history.refresh(force=True)
    log(f"recommender's history: {rows} (term, unit) rows in {time.monotonic() - t0:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    Term.objects.filter(pk=term.pk).update(end_date=date(2019, 12, 31))  # the marker: complete
    log(f"dataset built in {(time.monotonic() - started) / 60:.1f} minutes")
