# ruff: noqa: S608 - SQL built from our own table and column names only
"""Pages at 1,000,000 suggestions, each beside its floor measured in the same run.

The floor of a page is the raw SQL that reads the same rows (the counters a figure sums, the
50 rows a list shows, the 10,000 rows of a session's CSV ...); the ratio says how much the page
adds over the database's own cost. Times are server-side: the request through Django's test
client, in this process, with the response body consumed.
"""

import gc
import statistics
import tempfile
import time

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client

from . import dataset


def _pct(samples: list[float], p: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, round(p * (len(s) - 1)))]


def measure(fn, repeat: int) -> tuple[float, float]:
    fn()  # warm: the first call fills caches (and the day's overdue watermark)
    gc.collect()
    gc.freeze()  # as jianyi/wsgi.py does once the app is loaded
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples), _pct(samples, 0.95)


def sql(query: str, params=()):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            cursor.fetchall()

    return run


def get(client: Client, url: str):
    def run():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response) if response.streaming else response.content
        return len(body)

    return run


ROWS = []


def line(name: str, page, floor, repeat: int = 20) -> None:
    p50, p95 = measure(page, repeat)
    f50, _ = measure(floor, repeat)
    ROWS.append((name, p50, p95, f50))
    print(
        f"| {name} | {p50 * 1000:.0f} | {p95 * 1000:.0f} | {f50 * 1000:.1f} | {p50 / max(f50, 1e-6):.1f}x |", flush=True
    )


def _assist_lines(office_c, office, session, s_table: str, list_cols: str) -> None:
    """Search, similar suggestions and the unit recommender (assist/) beside their floors."""
    from assist import history, recommend, search_index
    from assist.models import SearchDocument
    from suggestions import access
    from suggestions.models import Suggestion

    cloned = SearchDocument.objects.count() < Suggestion.objects.count()
    if cloned:
        t0 = time.perf_counter()
        added = search_index.clone_by_title()
        print(f"search index: {added:,} cloned documents indexed by title in {time.perf_counter() - t0:.0f} s")
    if cloned or not history.ready():  # the clone wrote no events; a dataset built before the aggregate
        t0 = time.perf_counter()
        rows = history.refresh(force=True)
        print(f"recommender's history: {rows:,} (term, unit) rows in {time.perf_counter() - t0:.0f} s")
    vendor = connection.vendor
    for q in ("教育", "乡村 教育", "养老服务"):
        words = " & ".join(f"'{w}'" for w in q.split())
        floor = (
            sql(
                "SELECT suggestion_id FROM assist_searchdocument WHERE vector @@ to_tsquery('simple', %s) LIMIT 50",
                [words],
            )
            if vendor == "postgresql"
            else sql(f"SELECT {list_cols} FROM {s_table} WHERE title LIKE %s LIMIT 50", [f"%{q.split()[0]}%"])
        )
        line(f"/api/v1/suggestions/?q={q} (search, ranked)", get(office_c, f"/api/v1/suggestions/?q={q}"), floor)
        if q == "乡村 教育":
            line("/office/suggestions/?q=乡村 教育", get(office_c, "/office/suggestions/?q=乡村 教育"), floor)
    sample = Suggestion.objects.filter(session=session).order_by("pk").first()
    pool = access.visible_to(office)
    line(
        "similar suggestions of a draft (all terms)",
        lambda: search_index.similar(sample.title, sample.body, pool),
        sql("SELECT suggestion_id FROM assist_searchterm WHERE term = %s LIMIT 50", ["教育"]),
    )
    batch = list(Suggestion.objects.filter(session=session).order_by("pk")[:1000])
    ids = [s.pk for s in batch]
    line(
        f"recommendation for a batch of {len(batch):,}",
        lambda: recommend.recommend_many(batch),
        sql(f"SELECT id, title, body FROM {s_table} WHERE id = ANY(%s)", [ids])
        if vendor == "postgresql"
        else sql(f"SELECT id, title, body FROM {s_table} LIMIT 1000"),
        repeat=2,
    )
    line(
        "merge candidates of a session (duplicate groups)",
        lambda: search_index.duplicate_groups(session),
        sql("SELECT term, COUNT(*) FROM assist_searchterm WHERE session_id = %s GROUP BY term", [session.pk]),
        repeat=2,
    )


def _written_tables() -> list[str]:
    """The tables the timed jobs write to (and roll back)."""
    from audit.models import AuditRecord
    from stats.models import FigureCount, SuggestionFacts
    from suggestions.models import Assignment, Deadline, Event, Suggestion
    from supervision.models import Notification, Reminder

    models = (
        Suggestion,
        Event,
        Assignment,
        Deadline,
        AuditRecord,
        Reminder,
        Notification,
        SuggestionFacts,
        FigureCount,
    )
    return [m._meta.db_table for m in models]


def main() -> None:
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False  # as in production: no query log, no debug pages
    from accounts.models import Role, User
    from congress.models import Session, Unit
    from stats import excel
    from suggestions import actions
    from suggestions.models import Assignment, Status, Suggestion

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as deployed: whitenoise serves from it
    if dataset.is_built():
        print(f"dataset: reusing the {dataset.TOTAL:,}-suggestion dataset in {connection.settings_dict['NAME']}")
    else:
        print(f"dataset: BUILDING the {dataset.TOTAL:,}-suggestion dataset (first run only; kept) ...")
        dataset.build()
    if connection.vendor == "postgresql":
        # Each run's jobs are rolled back, leaving dead rows and index entries behind; runs minutes
        # apart do not wait for autovacuum, so each starts from a vacuumed dataset (~10 s at 1M).
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {', '.join(_written_tables())}")
        print(f"dataset: the tables the jobs write vacuumed in {time.perf_counter() - t0:.0f} s")
    n = Suggestion.objects.count()
    sessions = list(Session.objects.filter(term__name=dataset.BENCH_TERM).order_by("-start_date"))
    latest = sessions[0]
    office = User.objects.filter(role=Role.OFFICE).first()
    supervisor = User.objects.filter(role=Role.SUPERVISOR).first()
    # The unit with the most open work (its inbox is the heaviest).
    unit_id = (
        Assignment.objects.filter(is_active=True, in_handling=True)
        .values("unit")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("unit", flat=True)
        .first()
    )
    handler = User.objects.filter(unit_id=unit_id, role=Role.UNIT_HANDLER).first()
    print(f"suggestions: {n:,}; latest bench session {latest.pk} ({latest.name}); unit {Unit.objects.get(pk=unit_id)}")
    office_c, super_c, unit_c = Client(), Client(), Client()
    office_c.force_login(office)
    super_c.force_login(supervisor)
    unit_c.force_login(handler)
    s_table = Suggestion._meta.db_table
    list_cols = "id, title, status, number, session_id, field_id, lead_deputy_id, category_id"
    page_floor = sql(
        f"SELECT {list_cols} FROM {s_table} WHERE status <> 'draft' "
        "ORDER BY session_start DESC, period, number, created_at DESC LIMIT 50"
    )
    print("\n| page | p50 ms | p95 ms | floor p50 ms | ratio |\n|---|---|---|---|---|")
    line(
        "/stats/ dashboard (session of 10,000)",
        get(office_c, f"/stats/?session={latest.pk}"),
        sql("SELECT * FROM stats_figurecount WHERE session_key = %s", [latest.pk]),
    )
    line("/stats/?session= (every session)", get(office_c, "/stats/?session="), sql("SELECT * FROM stats_figurecount"))
    line(
        "/api/v1/stats/figures/ (all)",
        get(office_c, "/api/v1/stats/figures/"),
        sql("SELECT * FROM stats_figurecount WHERE dim = 'all'"),
    )
    line(
        "/api/v1/stats/figures/?group=unit (all)",
        get(office_c, "/api/v1/stats/figures/?group=unit"),
        sql("SELECT * FROM stats_figurecount WHERE dim = 'unit'"),
    )
    line("/office/suggestions/", get(office_c, "/office/suggestions/"), page_floor)
    line("/api/v1/suggestions/ (office)", get(office_c, "/api/v1/suggestions/"), page_floor)
    _assist_lines(office_c, office, latest, s_table, list_cols)
    line(
        "/supervisor/",
        get(super_c, "/supervisor/"),
        sql(
            f"SELECT {list_cols} FROM {s_table} WHERE status IN ('assigned','handling','rehandling') "
            "ORDER BY next_due_on NULLS LAST, number, id LIMIT 50"
        ),
    )
    line(
        "/unit/ inbox",
        get(unit_c, "/unit/"),
        sql(
            f"SELECT s.id FROM {s_table} s JOIN suggestions_assignment a ON a.suggestion_id = s.id "
            "WHERE a.unit_id = %s AND a.is_active AND s.status IN ('assigned','handling','rehandling') LIMIT 50",
            [unit_id],
        ),
    )
    line(
        "/office/assign/",
        get(office_c, "/office/assign/"),
        sql(f"SELECT {list_cols} FROM {s_table} WHERE status = 'registered' ORDER BY number, id LIMIT 100"),
    )
    line(
        "/public/sessions/<10,000>/catalogue.csv",
        get(Client(), f"/public/sessions/{latest.pk}/catalogue.csv"),
        sql(f"SELECT {list_cols}, body FROM {s_table} WHERE session_id = %s", [latest.pk]),
        repeat=3,
    )
    line(
        "/office/suggestions.csv?session=<10,000>",
        get(office_c, f"/office/suggestions.csv?session={latest.pk}"),
        sql(f"SELECT {list_cols} FROM {s_table} WHERE session_id = %s", [latest.pk]),
        repeat=3,
    )

    ten = [s.pk for s in sessions[:10]]
    export_qs = Suggestion.objects.filter(session_id__in=ten).order_by("session_start", "number")

    def export():
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
            excel.ledger(f.name, export_qs)

    line(
        "Excel ledger of 100,000 rows",
        export,
        sql(f"SELECT {list_cols} FROM {s_table} WHERE session_id = ANY(%s)", [ten]),
        repeat=1,
    )

    # Batch assignment of 9,000: fresh registered suggestions (cloned rows), assigned, rolled back.
    def batch():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {s_table} SET status = 'registered' WHERE id IN (SELECT id FROM {s_table} "
                    "WHERE session_id = %s AND status = 'closed' ORDER BY id LIMIT 9000)",
                    [sessions[1].pk],
                )
                # They start over: their earlier units are relieved (rows kept, inactive), as on reassignment.
                cursor.execute(
                    "UPDATE suggestions_assignment SET is_active = false WHERE suggestion_id IN "
                    f"(SELECT id FROM {s_table} WHERE session_id = %s AND status = 'registered')",
                    [sessions[1].pk],
                )
            chosen = list(Suggestion.objects.filter(session=sessions[1], status=Status.REGISTERED)[:9000])
            lead = Unit.objects.filter(is_active=True).first()
            t0 = time.perf_counter()
            actions.assign_many(chosen, actor=office, lead_unit=lead)
            elapsed = time.perf_counter() - t0
            transaction.set_rollback(True)
        return elapsed, len(chosen)

    def batch_floor():
        with transaction.atomic():
            with connection.cursor() as cursor:
                t0 = time.perf_counter()
                cursor.execute(
                    f"UPDATE {s_table} SET status = 'assigned', version = version + 1 WHERE id IN (SELECT id "
                    f"FROM {s_table} WHERE session_id = %s AND status = 'closed' ORDER BY id LIMIT 9000)",
                    [sessions[1].pk],
                )
                elapsed = time.perf_counter() - t0
            transaction.set_rollback(True)
        return elapsed

    took, k = batch()
    floor = batch_floor()
    print(
        f"| batch assignment of {k:,} (assign_many) | {took * 1000:.0f} | – | {floor * 1000:.1f} | {took / floor:.1f}x |"
    )

    reminder_scan(office)
    print(f"\n(server-side times; {connection.vendor}, {n:,} suggestions)")


def scan_days(soon_days: int, top: int):
    """The days the scan is timed on, with how many deadlines each reads (after yesterday's scan,
    whose watermark is `top`): the demo's own day (its clock, `demo.loader.AS_OF`), and the busiest
    day of the fortnight after it. Not the calendar's today: the dataset's deadlines are fixed, so
    the calendar would make a different scan each day, and none at all once they have all passed."""
    from datetime import timedelta

    from demo.loader import AS_OF
    from supervision.jobs import deadlines_to_scan

    def due(day):
        return sum(qs.count() for qs in deadlines_to_scan(day, (day - timedelta(days=1), top), soon_days))

    days = [(AS_OF.date() + timedelta(days=k)) for k in range(14)]
    counted = {day: due(day) for day in days}
    busiest = max(days, key=counted.get)
    return [("the demo's day", days[0], counted[days[0]]), ("the busiest day", busiest, counted[busiest])]


def reminder_scan(office) -> None:
    """A day's scan: the watermark at yesterday's run, the deadlines that fell due since and the
    due-soon window (the clone repeats the demo's open deadlines in every session, so that window
    holds 100 times the demo's), with delivery (email, SMS) run as on commit; all rolled back.
    On the days of `scan_days`."""
    from datetime import timedelta

    from django.conf import settings
    from django.db.models import Max
    from django.test import TestCase

    from congress.models import Policy
    from suggestions.models import Deadline
    from supervision.jobs import scan_deadlines
    from supervision.models import ReminderScan

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "supervision.sms.LocmemBackend"
    soon = Policy.current().due_soon_days
    top = Deadline.objects.aggregate(m=Max("id"))["m"]

    def run(today):
        with transaction.atomic():
            ReminderScan.objects.update_or_create(
                scope=ReminderScan.Scope.DEADLINES, defaults={"overdue_before": today - timedelta(days=1), "upto": top}
            )
            t0 = time.perf_counter()
            with TestCase.captureOnCommitCallbacks() as delivery:
                sent = scan_deadlines(today)
                # What the commit would check: the deferred foreign keys of every row written.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for deliver in delivery:  # the list is filled when the block ends
                deliver()
            busy = time.perf_counter() - t0
            t0 = time.perf_counter()
            again = scan_deadlines(today)
            quiet = time.perf_counter() - t0
            transaction.set_rollback(True)
        assert again == 0
        return busy, quiet, sent

    for which, today, due in scan_days(soon, top):
        floor = sql(
            "SELECT * FROM suggestions_deadline WHERE met_at IS NULL AND NOT cancelled "
            "AND due_date >= %s AND due_date <= %s",
            [today - timedelta(days=1), today + timedelta(days=soon)],
        )
        busy, quiet, sent = run(today)
        f50, _ = measure(floor, 5)
        print(
            f"| reminder scan of {which}, {today:%-d %b} ({due:,} deadlines: {sent:,} person-reminders, "
            f"one digest each) | {busy * 1000:.0f} | – | {f50 * 1000:.1f} | {busy / max(f50, 1e-6):.1f}x |"
        )
        print(
            f"| reminder scan again the same day (nothing to send) | {quiet * 1000:.0f} | – | {f50 * 1000:.1f} | "
            f"{quiet / max(f50, 1e-6):.1f}x |"
        )
