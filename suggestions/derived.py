"""What is derived from a suggestion's rows and kept beside it, in the same transaction as each step.

- The list columns on the suggestion itself (`lead_unit`, `next_due_on`), so lists sort and filter
  on one table with an index instead of a subquery per row; and on its assignments, whether it is
  in handling (`in_handling`), so a unit's inbox starts from its open rows.
- Its figures (`stats.facts`): the per-suggestion facts and the per-session counters.

`actions.step` calls `update_for` once, after the step's own writes; bulk writes
(`assign_many`, imports, the demo) call it with all their suggestions at once.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Min, OuterRef, Q, Subquery

from jianyi import bulk

from . import marks
from .models import IN_HANDLING, Assignment, Deadline, Suggestion

Kind = Deadline.Kind
# The deputies' rating window and the office's intersession assignment are not a unit's deadline.
NOT_UNIT_KINDS = [Kind.RATING, Kind.INTERSESSION_ASSIGN]


def list_columns(qs):
    """The values of the list columns, computed from the assignment and deadline rows."""
    lead = Assignment.objects.filter(suggestion=OuterRef("pk"), role=Assignment.Role.LEAD, is_active=True)
    due = (
        Deadline.objects.open()
        .filter(suggestion=OuterRef("pk"))
        .exclude(kind__in=NOT_UNIT_KINDS)
        .order_by()
        .values("suggestion")
        .annotate(d=Min("due_date"))
        .values("d")
    )
    return qs.annotate(new_lead=Subquery(lead.values("unit_id")[:1]), new_due=Subquery(due))


def unit_due(rows) -> date | None:
    """The earliest due date among these open Deadline rows that a unit has to meet (None: none).

    A bulk step that creates the rows fills the columns with it as it writes them (`assign_groups`),
    so that `update_for`, which still checks every column, finds nothing left to rewrite."""
    return min((d.due_date for d in rows if d.kind not in NOT_UNIT_KINDS), default=None)


def update_for(*suggestions) -> None:
    """Bring the derived columns and the figures of these suggestions up to date."""
    from stats import facts

    by_pk = {s.pk: s for s in suggestions}
    rows = list_columns(Suggestion.objects.filter(bulk.any_of("pk", by_pk))).values_list(
        "pk", "status", "lead_unit_id", "next_due_on", "new_lead", "new_due"
    )
    changed = defaultdict(list)
    handling: dict[bool, list[int]] = defaultdict(list)
    for pk, status, lead, due, new_lead, new_due in rows:
        if (lead, due) != (new_lead, new_due):
            changed[(new_lead, new_due)].append(pk)
        s = by_pk[pk]
        s.lead_unit_id, s.next_due_on = new_lead, new_due
        handling[status in IN_HANDLING].append(pk)
    for (lead, due), pks in changed.items():
        Suggestion.objects.filter(bulk.any_of("pk", pks)).update(lead_unit_id=lead, next_due_on=due)
    for value, pks in handling.items():
        Assignment.objects.filter(bulk.any_of("suggestion", pks)).exclude(in_handling=value).update(in_handling=value)
    moved, units = defaultdict(list), set()
    for pk, unit_id, due, new_due in assignment_due(
        Assignment.objects.filter(bulk.any_of("suggestion", by_pk))
    ).values_list("pk", "unit_id", "due_on", "new_due"):
        units.add(unit_id)
        if due != new_due:
            moved[new_due].append(pk)
    for due, pks in moved.items():
        Assignment.objects.filter(bulk.any_of("pk", pks)).update(due_on=due)
    marks.move(units)  # every unit that has (or had) a part in them: its inbox counts are read again
    facts.update_for(by_pk)


def events_added(events) -> None:
    """What is derived from events alone (the figures' 催办 count), for a write that changed nothing
    else: its suggestions' columns and figures stay as they are."""
    from stats import facts

    facts.count_events(events)


def assignment_due(qs):
    """Each assignment's `new_due`: the earliest open deadline of its unit's part."""
    due = (
        Deadline.objects.open()
        .filter(suggestion=OuterRef("suggestion_id"))
        .filter(Q(assignment=OuterRef("pk")) | Q(assignment__isnull=True))
        .exclude(kind__in=NOT_UNIT_KINDS)
        .order_by()
        .values("suggestion")
        .annotate(d=Min("due_date"))
        .values("d")
    )
    return qs.annotate(new_due=Subquery(due))


def rebuild() -> int:
    """Recompute the list columns of every suggestion in one UPDATE (after a bulk load)."""
    from congress.models import Session

    lead = Assignment.objects.filter(suggestion=OuterRef("pk"), role=Assignment.Role.LEAD, is_active=True)
    due = (
        Deadline.objects.open()
        .filter(suggestion=OuterRef("pk"))
        .exclude(kind__in=NOT_UNIT_KINDS)
        .order_by()
        .values("suggestion")
        .annotate(d=Min("due_date"))
        .values("d")
    )
    start = Session.objects.filter(pk=OuterRef("session_id")).values("start_date")[:1]
    open_work = Suggestion.objects.filter(status__in=IN_HANDLING).values("pk")
    Assignment.objects.filter(in_handling=True).exclude(suggestion__in=open_work).update(in_handling=False)
    Assignment.objects.filter(in_handling=False, suggestion__in=open_work).update(in_handling=True)
    each = assignment_due(Assignment.objects.filter(pk=OuterRef("pk"))).values("new_due")[:1]
    Assignment.objects.update(due_on=Subquery(each))
    return Suggestion.objects.update(
        session_start=Subquery(start), lead_unit=Subquery(lead.values("unit_id")[:1]), next_due_on=Subquery(due)
    )
