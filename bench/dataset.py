# ruff: noqa: S608 - SQL built from our own table and column names only
"""The 1,000,000-suggestion dataset in PostgreSQL, built once by bulk loading and kept.

The demo is loaded through the write path into an empty database, then its non-draft
suggestions and their rows (deputies, assignments, deadlines, events, replies, evaluations,
handling records, search documents and title terms) are cloned with INSERT ... SELECT into 100
sessions of 10,000: copy c of a row gets id + c·stride, so foreign keys follow by the same
arithmetic. The tables' secondary indexes are dropped for the copy and created again after it
(one sort each instead of millions of row-by-row inserts).

Nothing is computed again per copy: what is derived from a suggestion's rows (the list columns,
the assignments' `in_handling` and `due_on`, the search index) is copied with them, from a demo
rebuilt from its own rows first; the figures' facts are computed by their definition for the
demo and the first copy (the copies have no filings, so they differ from the demo's) and copied
from the first copy to the others. A sample of copies is then checked against the definitions.
A marker row (the term named BENCH_TERM) says the dataset is complete, so the next run reuses it.
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


def _stride(cursor, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608 - our own table names
    return cursor.fetchone()[0]


def _shapes(indexes) -> list[tuple[str, str, bool]]:
    """Name, definition and whether partial: PostgreSQL prints a predicate it parsed again in
    other words (`ANY ((ARRAY['a'::varchar])::text[])` becomes `ANY (ARRAY[('a'::varchar)::text])`)."""
    return [(name, definition.split(" WHERE ")[0], " WHERE " in definition) for name, definition in indexes]


@contextmanager
def _indexes_rebuilt_after(cursor, tables):
    """Drop the tables' indexes, primary keys and unique constraints, and on the way out create
    the same ones again (their definitions read from the catalog, and checked against it at the end).

    An INSERT ... SELECT of millions of rows maintains every index of the table row by row (a
    primary key too: it more than doubled the copy of the events); a CREATE INDEX sorts the table
    once and is many times faster. A key another of these tables refers to stays (adding that
    foreign key again would check every row of it); one only other tables refer to goes with
    their foreign keys, added again after it (their rows are few, and checked).
    """
    tables = list(tables)
    listing = (
        "SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = current_schema() "
        "AND tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conindid = format('%%I.%%I', i.schemaname, i.indexname)::regclass AND c.contype IN ('p', 'u', 'x')) "
        "ORDER BY indexname"
    )
    keys = (
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "WHERE c.contype IN ('p', 'u') AND c.conrelid::regclass::text = ANY(%s) AND NOT EXISTS ("
        "SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid "
        "AND f.conrelid::regclass::text = ANY(%s)) ORDER BY 1, 2"
    )
    referring = (
        "SELECT f.conrelid::regclass::text, f.conname, pg_get_constraintdef(f.oid) FROM pg_constraint f "
        "JOIN pg_constraint c ON c.conindid = f.conindid AND c.contype IN ('p', 'u') "
        "WHERE f.contype = 'f' AND c.conrelid::regclass::text = ANY(%s) AND c.conname = ANY(%s) ORDER BY 1, 2"
    )
    cursor.execute(listing, [tables])
    indexes = cursor.fetchall()
    cursor.execute(keys, [tables, tables])
    constraints = cursor.fetchall()
    cursor.execute(referring, [tables, [name for _, name, _ in constraints]])
    foreign = cursor.fetchall()
    for table, name, _ in foreign + constraints:
        cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    t0 = time.monotonic()
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # CREATE INDEX refuses a table with foreign key checks pending
    # Memory for the sorts (the default 64 MB spills to disk at a million rows); this transaction only.
    cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
    for table, name, definition in constraints + foreign:
        cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    for _, definition in indexes:
        cursor.execute(definition)
    cursor.execute(listing, [tables])
    again = _shapes(cursor.fetchall()) != _shapes(indexes)
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conname = ANY(%s) ORDER BY 1, 2",
        [[name for _, name, _ in constraints + foreign]],
    )
    if again or cursor.fetchall() != sorted(constraints + foreign):
        raise RuntimeError("the indexes or constraints created again differ from those dropped")
    cursor.execute(
        "SELECT indexrelid::regclass::text FROM pg_index WHERE indcheckxmin AND indrelid::regclass::text = ANY(%s)",
        [tables],
    )
    if unusable := [name for (name,) in cursor.fetchall()]:
        log(f"  warning: not usable until older transactions end (indcheckxmin): {', '.join(unusable)}")
    made = f"{len(indexes)} indexes, {len(constraints)} keys and {len(foreign)} foreign keys to them"
    log(f"  {made} created in {time.monotonic() - t0:.0f} s")


def _columns(cursor, table: str) -> list[str]:
    """Every column of the table, from the catalog: also those no model names (the search
    document's `vector`, which its trigger would otherwise compute again from the copied text)."""
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped "
        "ORDER BY attnum",
        [table],
    )
    return [name for (name,) in cursor.fetchall()]


def _clone_map(cursor, sid: int) -> tuple[int, int]:
    """The temporary table `cl` (dropped at COMMIT): one row per clone, copy c (1..copies) of the
    demo's non-draft suggestion `src_id` (the demo's ids are those below `sid`), and its global
    index g, which decides its session and number. Returns how many sources and copies."""
    cursor.execute(
        "CREATE TEMP TABLE src ON COMMIT DROP AS SELECT id, (ROW_NUMBER() OVER (ORDER BY id)) - 1 AS rank "
        "FROM suggestions_suggestion WHERE status <> 'draft' AND id < %s",
        [sid],
    )
    cursor.execute("SELECT COUNT(*) FROM src")
    n = cursor.fetchone()[0]
    copies = -(-TOTAL // n)
    # In copy order: the clone's INSERTs read `cl` in this order, so each copy's rows are written
    # together, as a session's are (its ids in one range: the primary keys grow at their right edge).
    cursor.execute(
        "CREATE TEMP TABLE cl ON COMMIT DROP AS SELECT c, src.id AS src_id, (c - 1) * %s + rank AS g "
        "FROM generate_series(1, %s) AS c CROSS JOIN src WHERE (c - 1) * %s + rank < %s ORDER BY c, src.id",
        [n, copies, n, TOTAL],
    )
    cursor.execute("CREATE INDEX ON cl (src_id, c)")
    cursor.execute("ANALYZE cl")
    return n, copies


def build() -> None:
    from assist import history, search_index
    from assist.models import SearchDocument, SearchTerm
    from congress.models import Session, Term
    from stats.models import SuggestionFacts
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
    # The source of every copy, rebuilt from its own rows first (a few hundred suggestions): the
    # copies then carry what a rebuild gives, and nothing is computed again per copy.
    t0 = time.monotonic()
    derived.rebuild()
    search_index.rebuild()
    log(f"the demo's list columns and search index rebuilt in {time.monotonic() - t0:.0f} s")
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
    models = (Suggestion, SuggestionDeputy, Assignment, Deadline, Event, Reply, Evaluation, HandlingRecord)
    tables = {m: m._meta.db_table for m in models}
    search_tables = [SearchDocument._meta.db_table, SearchTerm._meta.db_table]
    with connection.cursor() as cursor:
        # The demo's dead row versions go first. A CREATE INDEX that meets an updated row's old
        # version still visible to a snapshot (any long transaction on the server) marks the index
        # unusable to older snapshots (pg_index.indcheckxmin), and the queries below then planned
        # without it: row-by-row scans of a million rows.
        cursor.execute(f"VACUUM {', '.join([*tables.values(), *search_tables, SuggestionFacts._meta.db_table])}")
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
        n, copies = _clone_map(cursor, stride[Suggestion])
        log(f"cloning {n} demo suggestions {copies} times into {SESSIONS} sessions of {PER_SESSION} ...")

        def clone(table: str, select: dict, join: str) -> None:
            cols = _columns(cursor, table)
            exprs = [select.get(c, f"t.{c}") for c in cols]
            t0 = time.monotonic()
            cursor.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} FROM {table} t {join}")
            log(f"  {table}: {cursor.rowcount} rows in {time.monotonic() - t0:.0f} s")

        sid = stride[Suggestion]
        session = f"{first_session} + cl.g / {PER_SESSION}"
        on_suggestion = "JOIN cl ON cl.src_id = t.suggestion_id"

        def of_suggestion(model) -> dict:
            return {"id": f"t.id + cl.c * {stride[model]}", "suggestion_id": f"t.suggestion_id + cl.c * {sid}"}

        with _indexes_rebuilt_after(cursor, [*tables.values(), *search_tables]):
            # Every column is copied as it is, the derived ones too (the list columns, `in_handling`
            # and `due_on`): they are computed from the copied rows, identical in every copy.
            clone(
                tables[Suggestion],
                {
                    "id": f"t.id + cl.c * {sid}",
                    "session_id": session,
                    "number": f"CASE WHEN t.number IS NULL THEN NULL ELSE cl.g % {PER_SESSION} + 1 END",
                    "session_start": f"make_date(1910 + (cl.g / {PER_SESSION})::int, 3, 1)",
                    "merged_into_id": f"CASE WHEN t.merged_into_id IS NULL OR m.g IS NULL THEN NULL "
                    f"ELSE t.merged_into_id + cl.c * {sid} END",
                },
                "JOIN cl ON cl.src_id = t.id LEFT JOIN cl m ON m.src_id = t.merged_into_id AND m.c = cl.c",
            )
            for model in (SuggestionDeputy, Assignment, Reply, HandlingRecord, Event):
                clone(tables[model], of_suggestion(model), on_suggestion)
            clone(
                tables[Deadline],
                {**of_suggestion(Deadline), "assignment_id": f"t.assignment_id + cl.c * {stride[Assignment]}"},
                on_suggestion,
            )
            clone(
                tables[Evaluation],
                {"id": f"t.id + cl.c * {stride[Evaluation]}", "reply_id": f"t.reply_id + cl.c * {stride[Reply]}"},
                f"JOIN {tables[Reply]} r ON r.id = t.reply_id JOIN cl ON cl.src_id = r.suggestion_id",
            )
            # The search index is made of a suggestion's title, body and sent replies, all copied:
            # each copy's rows are its source's (text, vector, title terms) in its own session.
            clone(
                search_tables[0],
                {"suggestion_id": f"t.suggestion_id + cl.c * {sid}", "session_id": session},
                on_suggestion,
            )
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {search_tables[1]}")
            term_stride = cursor.fetchone()[0]
            clone(
                search_tables[1],
                {
                    "id": f"t.id + cl.c * {term_stride}",
                    "suggestion_id": f"t.suggestion_id + cl.c * {sid}",
                    "session_id": session,
                },
                on_suggestion,
            )
        for table in [*tables.values(), search_tables[1]]:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    t0 = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {', '.join([*tables.values(), *search_tables])}")
    log(f"vacuum analyze in {time.monotonic() - t0:.0f} s; figures' aggregates ...")
    t0 = time.monotonic()
    _facts(sid, first_session)
    log(f"aggregates in {time.monotonic() - t0:.0f} s")
    t0 = time.monotonic()
    rows = history.refresh(force=True)  # the clone wrote no events: forced
    log(f"recommender's history: {rows} (term, unit) rows in {time.monotonic() - t0:.0f} s")
    t0 = time.monotonic()
    checked = check_copies(sid, copies)
    log(f"{checked} random copies checked against their definitions in {time.monotonic() - t0:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE congress_term, congress_session, stats_figurecount, assist_termunithistory")
    Term.objects.filter(pk=term.pk).update(end_date=date(2019, 12, 31))  # the marker: complete
    log(f"dataset built in {(time.monotonic() - started) / 60:.1f} minutes")


def _facts(sid: int, first_session: int) -> None:
    """The figures' facts: those of the demo and of the first copy computed by their definition
    (`facts.write`); every later copy of a suggestion has the first copy's rows shifted by whole
    strides, so its facts are the first copy's in its own session. Then the counters, summed."""
    from django.utils import timezone

    from stats import facts
    from stats.models import SuggestionFacts
    from suggestions.models import Suggestion

    today = timezone.localdate()
    table = SuggestionFacts._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(f"DELETE FROM {table}")
        _clone_map(cursor, sid)
        cols = _columns(cursor, table)
        with _indexes_rebuilt_after(cursor, [table]):
            facts.write(Suggestion.objects.filter(pk__lt=2 * sid), today)  # the demo's ids are below sid
            copied = {
                "suggestion_id": f"cl.src_id + cl.c * {sid}",
                "session_key": f"{first_session} + cl.g / {PER_SESSION}",
            }
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(copied.get(c, f'f.{c}') for c in cols)} "
                f"FROM cl JOIN {table} f ON f.suggestion_id = cl.src_id + {sid} WHERE cl.c >= 2"
            )
        facts.count_all(today)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}")


def check_copies(sid: int, copies: int, size: int = 400) -> int:
    """Check random copies' derived rows (list columns, assignments' `in_handling` and `due_on`,
    facts, search documents and title terms) against their definitions: they were copied, not
    computed, which holds only while every one of them is a function of the copied rows."""
    import secrets

    from assist import search_index
    from assist.models import SearchDocument, SearchTerm
    from stats import facts
    from stats.counters import columns
    from stats.models import SuggestionFacts
    from suggestions import derived
    from suggestions.models import IN_HANDLING, Assignment, Status, Suggestion

    sources = list(Suggestion.objects.filter(pk__lt=sid).exclude(status=Status.DRAFT).values_list("pk", flat=True))
    wanted = {secrets.choice(sources) + (1 + secrets.randbelow(copies)) * sid for _ in range(size)}
    ids = list(Suggestion.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    sample = Suggestion.objects.filter(pk__in=ids)
    problems = []
    for pk, lead, due, new_lead, new_due, start, session_start in derived.list_columns(sample).values_list(
        "pk", "lead_unit_id", "next_due_on", "new_lead", "new_due", "session_start", "session__start_date"
    ):
        if (lead, due, start) != (new_lead, new_due, session_start):
            problems.append(
                f"suggestion {pk}: list columns {(lead, due, start)} ≠ {(new_lead, new_due, session_start)}"
            )
    for pk, due, new_due, handling, status in derived.assignment_due(
        Assignment.objects.filter(suggestion__in=ids)
    ).values_list("pk", "due_on", "new_due", "in_handling", "suggestion__status"):
        if (due, handling) != (new_due, status in IN_HANDLING):
            problems.append(f"assignment {pk}: {(due, handling)} ≠ {(new_due, status in IN_HANDLING)}")
    kept = {r[0]: r for r in SuggestionFacts.objects.filter(suggestion_id__in=ids).values_list(*columns())}
    for row in facts.fact_rows(sample):
        row = tuple(row.values())
        if kept.pop(row[0], None) != row:
            problems.append(f"facts of suggestion {row[0]}")
    problems += [f"facts of suggestion {pk} (not a fact)" for pk in kept]
    docs, terms = search_index.documents(ids)
    kept_docs = {
        pk: (session, text)
        for pk, session, text in SearchDocument.objects.filter(pk__in=ids).values_list("pk", "session_id", "text")
    }
    for doc in docs:
        if kept_docs.pop(doc.suggestion_id, None) != (doc.session_id, doc.text):
            problems.append(f"search document of suggestion {doc.suggestion_id}")
    kept_terms = set(SearchTerm.objects.filter(suggestion__in=ids).values_list("suggestion_id", "session_id", "term"))
    if kept_terms != {(t.suggestion_id, t.session_id, t.term) for t in terms}:
        problems.append("title terms")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT suggestion_id FROM {SearchDocument._meta.db_table} WHERE suggestion_id = ANY(%s) "
            "AND vector IS DISTINCT FROM to_tsvector('simple', text)",
            [ids],
        )
        problems += [f"search vector of suggestion {pk}" for (pk,) in cursor.fetchall()]
    if problems:
        raise RuntimeError(f"copies differ from their definitions: {'; '.join(problems[:20])}")
    return len(ids)
