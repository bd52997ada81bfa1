# ruff: noqa: S608 - SQL built from our own table names only
"""The recommender's history as an aggregate (`TermUnitHistory`), rebuilt set-based by `refresh`.

`assist.recommend` weighs a unit by the past suggestions sharing a title term with the one to
assign. Aggregating every such suggestion on each call cost ~630 ms per page at 1,000,000
suggestions; the aggregate holds, per (term, unit), the suggestions it leads (`led`) and the
corrections against it (`against`: granted reassignments of its assignments, and its assignments
marked not accurate at signing), so a page reads a few hundred rows by term instead.

`refresh` runs with the periodic jobs (`supervision.jobs.run_periodic`), at the end of `load_demo`,
after `search_rebuild` and in the 1M benchmark's dataset build. It rebuilds everything in one
transaction (DELETE, then one INSERT ... SELECT ... GROUP BY), so readers see the old rows until it
commits. It is repeat-safe and cheap when nothing changed: the state row (`HistoryState`) keeps the
highest `Event` id the last rebuild covered, and a refresh with no event since then of a step that
can change a title's terms, a lead unit or a correction (`RELEVANT_STEPS`) does nothing, unless the
last rebuild is older than `MAX_AGE` (which also catches a step whose transaction committed after a
rebuild that had already read a higher event id, and writes made without an event, such as an edit
in the admin).

The history is therefore stale by up to one job period (5 minutes in production): acceptable for a
recommendation, which the office confirms or overrides anyway.
"""

from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from suggestions.models import Assignment, Event, ReassignmentRequest

from .models import HistoryState, SearchTerm, TermUnitHistory
from .search_index import TEXT_STEPS

# Steps that can change what the aggregate counts: a title's terms (the index's text steps), the
# lead unit (assign, decide_reassignment, swap_lead), a granted reassignment or a sign-time answer.
RELEVANT_STEPS = sorted(
    TEXT_STEPS | {"assign", "sign", "sign_as_co", "decide_reassignment", "add_co_unit", "swap_lead"}
)
MAX_AGE = timedelta(days=1)


def ready() -> bool:
    """Has the aggregate ever been built? Until then the recommender reads the live rows."""
    return HistoryState.objects.filter(pk=1, refreshed_at__isnull=False).exists()


def _fresh(state: HistoryState | None, now) -> bool:
    if state is None or state.refreshed_at is None or now - state.refreshed_at >= MAX_AGE:
        return False
    # In id order from the watermark (not .exists(): PostgreSQL may then scan from the table's start).
    since = Event.objects.filter(pk__gt=state.event_upto, name__in=RELEVANT_STEPS).order_by("pk")
    return not since.values_list("pk", flat=True)[:1]


def refresh(*, force: bool = False) -> int | None:
    """Rebuild `TermUnitHistory` from the live rows; returns its row count, or None when nothing
    changed since the last rebuild (`force`: rebuild anyway, after a bulk write without events)."""
    now = timezone.now()
    if not force and _fresh(HistoryState.objects.filter(pk=1).first(), now):
        return None  # the cheap check, without a lock
    with transaction.atomic():
        # One rebuild at a time: a second waits here, then finds the work done.
        state, _ = HistoryState.objects.select_for_update().get_or_create(pk=1)
        if not force and _fresh(state, now):
            return None
        # Taken before reading: a step committed while this runs is read by the next refresh.
        upto = Event.objects.aggregate(m=Max("id"))["m"] or 0
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TermUnitHistory._meta.db_table}")
            cursor.execute(_REBUILD, [Assignment.Role.LEAD, True, ReassignmentRequest.Decision.GRANTED, False])
            rows = cursor.rowcount
        state.refreshed_at, state.event_upto = timezone.now(), upto
        state.save(update_fields=["refreshed_at", "event_upto"])
    return rows


# The three GROUP BY queries `recommend._live_history` runs for a page's words, for every word at
# once: one row per title term of a suggestion with a lead unit (led), per granted reassignment
# request of an assignment (against), and per assignment marked not accurate (against). The lead
# unit is read from its source, the active lead assignment (`suggestions.derived` copies it into
# `Suggestion.lead_unit` in each step's transaction): the narrow assignment table instead of the
# wide suggestion table, 140 MB instead of 2.9 GB to scan at 1M suggestions.
_REBUILD = f"""
INSERT INTO {TermUnitHistory._meta.db_table} (term, unit_id, led, against)
SELECT x.term, x.unit_id, SUM(x.led), SUM(x.against) FROM (
    SELECT t.term AS term, a.unit_id AS unit_id, 1 AS led, 0 AS against
    FROM {Assignment._meta.db_table} a
    JOIN {SearchTerm._meta.db_table} t ON t.suggestion_id = a.suggestion_id
    WHERE a.role = %s AND a.is_active = %s
  UNION ALL
    SELECT t.term, a.unit_id, 0, 1
    FROM {ReassignmentRequest._meta.db_table} r
    JOIN {Assignment._meta.db_table} a ON a.id = r.assignment_id
    JOIN {SearchTerm._meta.db_table} t ON t.suggestion_id = a.suggestion_id
    WHERE r.decision = %s
  UNION ALL
    SELECT t.term, a.unit_id, 0, 1
    FROM {Assignment._meta.db_table} a
    JOIN {SearchTerm._meta.db_table} t ON t.suggestion_id = a.suggestion_id
    WHERE a.accurate = %s
) x
GROUP BY x.term, x.unit_id
"""
