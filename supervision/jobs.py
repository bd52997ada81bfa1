"""Background jobs: plain, repeat-safe functions run by `run_scheduler` (embedded) or RQ workers.

`scan_deadlines` may run any number of times, even twice at once: each automatic reminder reaches
a person once per deadline and kind (due soon / overdue) (see actions.remind_automatically).
The recommender's history (`assist.history.refresh`) is rebuilt at most once at a time, and only
when a step changed it since the last rebuild.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from assist import history as recommend_history
from congress.models import Policy
from jianyi import bulk
from suggestions import actions as suggestion_actions
from suggestions.models import DUE_SOON_SHARE, Deadline, due_soon_q

from . import people
from .actions import DueDeadline, remind_automatically, remind_task, sent_before
from .models import Inspection, Reminder, ReminderScan, ReviewOpinion, TaskAnswer, TaskReminder

Scope = ReminderScan.Scope


def scan_deadlines(today=None) -> int:
    """Send due-soon and overdue reminders for open deadlines. Returns how many were sent.

    It reads two index ranges, not every open deadline: the due-soon window (due today to
    `Policy.due_soon_days` ahead) and what became overdue since the last completed scan (the
    watermark `ReminderScan`: due on or after its day, or created since). The first scan, or one
    for a day before the watermark, reads every overdue deadline. Then the reminders already sent
    and the people responsible are read once each, and what is left is sent in one write
    (`actions.remind_automatically`): a fixed number of queries per chunk of deadlines, and one
    notification per person however many deadlines they are reminded of.
    """
    with bulk.gc_paused():  # a bulk write (see there), and the reading that picks what it writes
        sent = _scan(today or timezone.localdate())
    return sent + scan_unit_tasks(today)


def _scan(today) -> int:
    mark = _mark(Scope.DEADLINES)
    # Taken before reading: a deadline created while the scan runs is read by the next one.
    upto = Deadline.objects.aggregate(m=Max("id"))["m"] or 0
    # Read as plain values, not model instances (some 18,000 at 1M); the suggestion itself is read
    # only for a deadline that is reminded (under its row lock).
    fields = ("pk", "suggestion_id", "kind", "due_date", "assignment__unit_id")
    due = [
        DueDeadline(*row)
        for qs in deadlines_to_scan(today, mark, Policy.current().due_soon_days)
        for row in qs.order_by("due_date", "id").values_list(*fields)
    ]
    had = {}
    for start in range(0, len(due), 5000):
        had.update(sent_before([d.pk for d in due[start : start + 5000]]))
    recipients = _Recipients(due)
    todo = []
    for d in due:
        kind = Reminder.Kind.OVERDUE if d.due_date < today else Reminder.Kind.DUE_SOON
        to = recipients.of(d)
        reached = had.get((d.pk, kind), (0, ()))[1]
        if not all(u.pk in reached for u in to):  # the cheap check; checked again under the locks
            todo.append((d, kind, to))
    sent = remind_automatically(todo) if todo else 0
    _advance(Scope.DEADLINES, today, upto, exists=mark is not None)
    return sent


def task_due_soon(task, today, soon_days: int) -> bool:
    """The rule of `suggestions.models.due_soon_q` for a task: its start is the day it was sent."""
    left, length = (task.due_date - today).days, (task.due_date - timezone.localdate(task.created_at)).days
    return 0 <= left <= soon_days and left * DUE_SOON_SHARE <= length


def scan_unit_tasks(today=None) -> int:
    """Remind the units that have not answered an inspection or a review opinion due soon or overdue.

    Repeat-safe like the deadline scan: each kind once per task and person (`TaskReminder`), and cheap
    the same way: per kind of task it reads the due-soon window and what fell due or was sent since
    its last completed scan (its own `ReminderScan` row), then the answers, the reminders already
    sent and the units' people once each: a fixed number of queries however many tasks there are.
    """
    today = today or timezone.localdate()
    soon = Policy.current().due_soon_days
    sent = 0
    for model, scope in ((Inspection, Scope.INSPECTIONS), (ReviewOpinion, Scope.REVIEW_OPINIONS)):
        mark = _mark(scope)
        upto = model.objects.aggregate(m=Max("id"))["m"] or 0
        window = Q(due_date__gte=today, due_date__lte=today + timedelta(days=soon))
        tasks = list(model.objects.filter(_overdue_since(mark, today) | window).prefetch_related("units"))
        answered = set(TaskAnswer.objects.filter(**{f"{scope}__in": tasks}).values_list(scope, "unit_id"))
        had = set(TaskReminder.objects.filter(**{f"{scope}__in": tasks}).values_list(scope, "recipient_id", "kind"))
        staff: dict[int, list] = {}
        for user in people.unit_staff({u.pk for task in tasks for u in task.units.all()}):
            staff.setdefault(user.unit_id, []).append(user)
        for task in tasks:
            if task.due_date < today:
                kind = Reminder.Kind.OVERDUE
            elif task_due_soon(task, today, soon):
                kind = Reminder.Kind.DUE_SOON
            else:
                continue
            for unit in task.units.all():
                if (task.pk, unit.pk) in answered:
                    continue
                to = staff.get(unit.pk, [])
                if all((task.pk, u.pk, kind) in had for u in to):
                    continue  # the cheap check; remind_task checks again under the lock
                sent += remind_task(task, unit.pk, kind, to)
        _advance(scope, today, upto, exists=mark is not None)
    return sent


def _mark(scope: str):
    """(overdue_before, upto) of the last completed scan of `scope`, or None before the first."""
    return ReminderScan.objects.filter(scope=scope).values_list("overdue_before", "upto").first()


def deadlines_to_scan(today, mark, soon_days: int) -> tuple:
    """What a scan on `today` reads, after the scan `mark` (`_mark`): the open deadlines overdue
    since it, and those due soon (two querysets: each reads its own index range)."""
    return Deadline.objects.open().filter(_overdue_since(mark, today)), Deadline.objects.filter(
        due_soon_q(today, soon_days)
    )


def _overdue_since(mark, today) -> Q:
    """Overdue rows the last completed scan has not covered: fallen due since its day, or new since.
    The first scan, or one for a day before the watermark, takes every overdue row."""
    overdue = Q(due_date__lt=today)
    if mark and mark[0] is not None and mark[0] <= today:
        overdue &= Q(due_date__gte=mark[0]) | Q(pk__gt=mark[1])
    return overdue


class _Recipients:
    """Who is reminded of each deadline: the office of intersession assignment, the deputies of a
    rating, a unit's people of every other step (its assignment's unit, else the lead unit's). Each
    unit's staff, the office, the deputies and the lead units are read once per scan."""

    def __init__(self, due: list[DueDeadline]):
        rating = [d.suggestion_id for d in due if d.kind == Deadline.Kind.RATING]
        self.deputies = people.deputies_by_suggestion(rating)
        unassigned = [d.suggestion_id for d in due if d.unit_id is None and d.kind not in OWN_PEOPLE]
        self.lead = people.lead_units(unassigned)
        self.units: dict[int, list] = {}
        for user in people.unit_staff({d.unit_id for d in due if d.unit_id is not None} | set(self.lead.values())):
            self.units.setdefault(user.unit_id, []).append(user)
        need_office = any(d.kind == Deadline.Kind.INTERSESSION_ASSIGN for d in due)
        self.office = people.office_staff() if need_office else []

    def of(self, d: DueDeadline) -> list:
        if d.kind == Deadline.Kind.INTERSESSION_ASSIGN:
            return self.office
        if d.kind == Deadline.Kind.RATING:
            return self.deputies.get(d.suggestion_id, [])
        unit_id = d.unit_id if d.unit_id is not None else self.lead.get(d.suggestion_id)
        return self.units.get(unit_id, [])


# Deadlines whose people are not a unit's.
OWN_PEOPLE = {Deadline.Kind.INTERSESSION_ASSIGN, Deadline.Kind.RATING}


def _advance(scope: str, today, upto: int, *, exists: bool) -> None:
    """Move the watermark forward (never back: a scan for an earlier day read everything anyway)."""
    forward = Q(overdue_before__isnull=True) | Q(overdue_before__lt=today) | Q(overdue_before=today, upto__lt=upto)
    if exists:
        ReminderScan.objects.filter(forward, scope=scope).update(overdue_before=today, upto=upto)
        return
    try:
        with transaction.atomic():
            ReminderScan.objects.get_or_create(scope=scope, defaults={"overdue_before": today, "upto": upto})
    except IntegrityError:
        pass  # a concurrent scan created it


def run_periodic(today=None) -> dict[str, int | None]:
    """Everything the scheduler does on each tick. The recommender's history is rebuilt when a
    step changed it (`assist.history.refresh`: None when nothing did)."""
    return {
        "reminders": scan_deadlines(today),
        "ratings_closed": suggestion_actions.close_lapsed_ratings(today),
        "recommend_history": recommend_history.refresh(),
    }
